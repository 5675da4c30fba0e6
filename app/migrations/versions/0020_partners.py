"""The resource list (资源清单, issue 22): partner units, what they offer and what they gave; the points
merchants become partners of the one register.

Each existing merchant gets a partner (kind "merchant") holding its name, contact, phone, address and note, made at
the merchant's own moment and desk; ``points_merchant`` keeps its points terms and the ``partner_id`` (unique). The
downgrade puts the columns back from the partners and drops the partner tables.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect
from app.models.base import new_id

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("hospital", "school", "company", "property", "legal", "counselling", "volunteer_team", "social_org",
         "merchant", "other")
MOVED = ("name", "contact", "phone", "address", "note")  # from points_merchant to its partner


def _stamped() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("desk_code", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False)]


def _enum(name: str, values: tuple[str, ...], length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


_partner = sa.table("partner", sa.column("id", sa.Uuid()), sa.column("desk_code", sa.String()),
                    sa.column("created_at", sa.DateTime()), sa.column("name", sa.String()),
                    sa.column("kind", sa.String()), sa.column("contact", sa.String()), sa.column("phone", sa.String()),
                    sa.column("address", sa.String()), sa.column("note", sa.String()),
                    sa.column("active", sa.Boolean()))
_merchant = sa.table("points_merchant", sa.column("id", sa.Uuid()), sa.column("desk_code", sa.String()),
                     sa.column("created_at", sa.DateTime()), sa.column("partner_id", sa.Uuid()),
                     *(sa.column(c, sa.String()) for c in MOVED))


_MERCHANT_CATEGORIES = ("catering", "entertainment", "education", "medical", "other")
_terms = sa.table("points_merchant", sa.column("id", sa.Uuid()), sa.column("desk_code", sa.String()),
                  sa.column("created_at", sa.DateTime()), sa.column("category", sa.String()),
                  sa.column("rate_fen_per_100", sa.Integer()), sa.column("active", sa.Boolean()))


def _merchant_table(with_partner: bool) -> None:
    """points_merchant as 0020 leaves it (its points terms and ``partner_id``) or as 0005 made it."""
    own = [sa.Column("partner_id", sa.Uuid(), nullable=False)] if with_partner else [
        sa.Column("name", sa.String(length=60), nullable=False)]
    tail = [] if with_partner else [sa.Column("contact", sa.String(length=30), nullable=False),
                                    sa.Column("phone", sa.String(length=20), nullable=False),
                                    sa.Column("address", sa.String(length=80), nullable=False),
                                    sa.Column("note", sa.String(length=200), nullable=False)]
    keys: list[sa.Constraint] = [
        sa.UniqueConstraint("partner_id", name=op.f("uq_points_merchant_partner_id")),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_points_merchant_partner_id_partner")),
    ] if with_partner else [sa.UniqueConstraint("name", name=op.f("uq_points_merchant_name"))]
    op.create_table(
        "points_merchant", *own,
        sa.Column("category", _enum("merchantcategory", _MERCHANT_CATEGORIES, 16), nullable=False),
        sa.Column("rate_fen_per_100", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *tail, *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_merchant")), *keys,
    )


def _rebuild_merchants(with_partner: bool, rows: list[dict[str, object]]) -> None:
    """SQLite: points_merchant (a small table) dropped and made again with its rows. Its rewards and vouchers refer to
    it: with foreign keys deferred, dropping it counts them as orphans and inserting their merchants again counts
    them back, so the commit finds none (alembic's batch copy renames the new table instead, which SQLite never
    counts back). PostgreSQL alters the table in place."""
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.drop_table("points_merchant")
    _merchant_table(with_partner)
    if rows:
        columns = [sa.column(name, sa.Uuid() if name in ("id", "partner_id") else sa.DateTime()
                             if name == "created_at" else sa.Boolean() if name == "active" else
                             sa.Integer() if name == "rate_fen_per_100" else sa.String()) for name in rows[0]]
        op.get_bind().execute(sa.table("points_merchant", *columns).insert(), rows)


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", _enum("partnerkind", KINDS, 16), nullable=False),
        sa.Column("contact", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_name")),
    )
    op.create_table(
        "partner_offer",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("what", sa.String(length=60), nullable=False),
        sa.Column("days", sa.String(length=40), nullable=False),
        sa.Column("hours", sa.String(length=40), nullable=False),
        sa.Column("classes", sa.JSON(), nullable=False),
        sa.Column("words", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_partner_offer_partner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_offer")),
    )
    op.create_index(op.f("ix_partner_offer_partner_id"), "partner_offer", ["partner_id"])
    op.create_table(
        "partner_contribution",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("what", sa.String(length=100), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("value_note", sa.String(length=100), nullable=False),
        sa.Column("referral", sa.Boolean(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"],
                                name=op.f("fk_partner_contribution_partner_id_partner")),
        sa.ForeignKeyConstraint(["offer_id"], ["partner_offer.id"],
                                name=op.f("fk_partner_contribution_offer_id_partner_offer")),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_partner_contribution_case_id_case")),
        sa.ForeignKeyConstraint(["actor_id"], ["staff.id"], name=op.f("fk_partner_contribution_actor_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_contribution")),
    )
    op.create_index(op.f("ix_partner_contribution_case_id"), "partner_contribution", ["case_id"])
    op.create_index("ix_partner_contribution_partner_on", "partner_contribution", ["partner_id", "on"])
    protect("partner_contribution")

    # The merchants become partners: one partner each, made at the merchant's moment and desk.
    conn = op.get_bind()
    merchants = conn.execute(sa.select(_merchant.c.id, _merchant.c.desk_code, _merchant.c.created_at,
                                       *(_merchant.c[c] for c in MOVED))).all()
    partner_of = {}
    for m in merchants:
        partner_of[m.id] = new_id()
        conn.execute(_partner.insert().values(
            id=partner_of[m.id], desk_code=m.desk_code, created_at=m.created_at, name=m.name, kind="merchant",
            contact=m.contact, phone=m.phone, address=m.address, note=m.note, active=True))
    if conn.dialect.name == "sqlite":
        terms = [dict(r._mapping) | {"partner_id": partner_of[r.id]} for r in conn.execute(sa.select(_terms))]
        _rebuild_merchants(True, terms)
        return
    op.add_column("points_merchant", sa.Column("partner_id", sa.Uuid(), nullable=True))
    for merchant_id, partner_id in partner_of.items():
        conn.execute(_merchant.update().where(_merchant.c.id == merchant_id).values(partner_id=partner_id))
    op.alter_column("points_merchant", "partner_id", existing_type=sa.Uuid(), nullable=False)
    op.create_unique_constraint(op.f("uq_points_merchant_partner_id"), "points_merchant", ["partner_id"])
    op.create_foreign_key(op.f("fk_points_merchant_partner_id_partner"), "points_merchant", "partner",
                          ["partner_id"], ["id"])
    op.drop_constraint(op.f("uq_points_merchant_name"), "points_merchant", type_="unique")
    for column in MOVED:
        op.drop_column("points_merchant", column)


def downgrade() -> None:
    conn = op.get_bind()
    moved = conn.execute(sa.select(_merchant.c.id, *(_partner.c[c] for c in MOVED))
                         .join(_partner, _partner.c.id == _merchant.c.partner_id)).all()
    fields = {r.id: {c: getattr(r, c) for c in MOVED} for r in moved}
    if conn.dialect.name == "sqlite":
        rows = [dict(r._mapping) | fields[r.id] for r in conn.execute(sa.select(_terms))]
        _rebuild_merchants(False, rows)
    else:
        for column, length in (("name", 60), ("contact", 30), ("phone", 20), ("address", 80), ("note", 200)):
            op.add_column("points_merchant", sa.Column(column, sa.String(length=length), server_default="",
                                                       nullable=False))
        for merchant_id, values in fields.items():
            conn.execute(_merchant.update().where(_merchant.c.id == merchant_id).values(**values))
        op.create_unique_constraint(op.f("uq_points_merchant_name"), "points_merchant", ["name"])
        op.drop_constraint(op.f("fk_points_merchant_partner_id_partner"), "points_merchant", type_="foreignkey")
        op.drop_constraint(op.f("uq_points_merchant_partner_id"), "points_merchant", type_="unique")
        op.drop_column("points_merchant", "partner_id")
    unprotect("partner_contribution")
    op.drop_index("ix_partner_contribution_partner_on", table_name="partner_contribution")
    op.drop_index(op.f("ix_partner_contribution_case_id"), table_name="partner_contribution")
    op.drop_table("partner_contribution")
    op.drop_index(op.f("ix_partner_offer_partner_id"), table_name="partner_offer")
    op.drop_table("partner_offer")
    op.drop_table("partner")
