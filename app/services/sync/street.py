"""The street's server: PostgreSQL itself, prepared by ``main.py street-init`` (issue 21).

The street runs the desk's own schema (the same Alembic migrations) and, beside it:

- ``street_desk``: every desk of the street, its community and the PostgreSQL role it logs in as (one per desk, all
  members of ``street_desks``); a desk's code is unique in the street, as its case numbers need.
- ``street_log``: one line per row written (a trigger on every table that travels), with the transaction's id
  (``xid8``). A desk pulls the lines of its community whose transaction ended: between its cursor and
  ``pg_snapshot_xmin(pg_current_snapshot())``, the oldest transaction still running. A sequence number would not do:
  numbers are taken in one order and committed in another, and a cursor past a number still uncommitted would skip
  its row for ever.
- ``street_field_clock``: for each field a desk changed, the hybrid logical clock of the change the street kept.
- Row-level security on every table that travels: a desk reads its own community's rows (and the street's, stamped
  ``STREET``), inserts only rows stamped with its own desk code, changes only its community's rows and never a row's
  desk code. History is insert-only for desks; the audit trail's chain is checked as each entry arrives (its previous
  hash must be the hash the street holds), so the street's copy anchors every desk's chain.

The administrator who runs ``street-init`` owns the tables, so row-level security does not hold them back: the
street's view (the same app with ``--db`` on the server) sees every community.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Table, create_engine, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import NullPool

from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError
from app.services.sync.tables import COMMUNITY_UNIQUE, HISTORY, synced_tables

STREET_DESK = "STREET"
GROUP = "street_desks"
DESK_CODE = re.compile(r"^[A-Z0-9]{1,12}$")

_FUNCTIONS = f"""
CREATE TABLE IF NOT EXISTS street_desk (
    desk_code varchar(16) PRIMARY KEY,
    role_name name UNIQUE NOT NULL,
    community_name text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS street_log (
    seq bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    entity text NOT NULL,
    row_key text NOT NULL,
    op char(1) NOT NULL,
    community_name text
);
CREATE INDEX IF NOT EXISTS ix_street_log_xid ON street_log (xid);
CREATE TABLE IF NOT EXISTS street_field_clock (
    entity text NOT NULL,
    row_key text NOT NULL,
    field text NOT NULL,
    hlc bigint NOT NULL,
    desk_code varchar(16) NOT NULL,
    community_name text,
    PRIMARY KEY (entity, row_key, field)
);
ALTER TABLE street_field_clock ADD COLUMN IF NOT EXISTS community_name text;
CREATE OR REPLACE FUNCTION street_community_of(desk text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT community_name FROM street_desk WHERE desk_code = desk $$;
CREATE OR REPLACE FUNCTION street_my_desk() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT desk_code FROM street_desk WHERE role_name = session_user $$;
CREATE OR REPLACE FUNCTION street_my_community() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT community_name FROM street_desk WHERE role_name = session_user $$;
CREATE OR REPLACE FUNCTION street_note() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    j jsonb;
    k text := '';
    c text;
BEGIN
    IF TG_OP = 'DELETE' THEN j := to_jsonb(OLD); ELSE j := to_jsonb(NEW); END IF;
    FOREACH c IN ARRAY TG_ARGV LOOP
        k := k || CASE WHEN k = '' THEN '' ELSE '/' END || (j ->> c);
    END LOOP;
    INSERT INTO street_log (entity, row_key, op, community_name)
        VALUES (TG_TABLE_NAME, k, left(TG_OP, 1), street_community_of(j ->> 'desk_code'));
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION street_keep_desk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.desk_code IS DISTINCT FROM OLD.desk_code THEN
        RAISE EXCEPTION 'a row''s desk code cannot change (% to %)', OLD.desk_code, NEW.desk_code
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION street_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    prev text;
BEGIN
    IF NEW.seq = 1 THEN
        prev := '';
    ELSE
        SELECT hash INTO prev FROM audit_log WHERE desk_code = NEW.desk_code AND seq = NEW.seq - 1;
    END IF;
    IF prev IS NULL OR prev <> NEW.prev_hash THEN
        RAISE EXCEPTION 'audit chain of desk % does not continue the street''s copy at entry %',
            NEW.desk_code, NEW.seq USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION street_clock(t text, k text, f text, h bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    mine text := street_my_community();
    theirs text;
BEGIN
    IF mine IS NULL THEN
        RAISE EXCEPTION 'only a desk keeps field clocks' USING ERRCODE = '42501';
    END IF;
    EXECUTE format('SELECT street_community_of(desk_code) FROM %I WHERE id = CAST($1 AS uuid)', t) INTO theirs USING k;
    IF theirs IS DISTINCT FROM mine THEN
        RAISE EXCEPTION 'row % of % is not of this desk''s community', k, t USING ERRCODE = '42501';
    END IF;
    INSERT INTO street_field_clock (entity, row_key, field, hlc, desk_code, community_name)
        VALUES (t, k, f, h, street_my_desk(), mine)
        ON CONFLICT (entity, row_key, field) DO UPDATE SET hlc = excluded.hlc, desk_code = excluded.desk_code
        WHERE street_field_clock.hlc < excluded.hlc;
END $$;
CREATE OR REPLACE FUNCTION street_refs() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    mine text := street_my_community();
    i int := 0;
    val text;
    theirs text;
BEGIN
    IF mine IS NULL THEN
        RETURN NEW;  -- the street's owner
    END IF;
    WHILE i < TG_NARGS LOOP
        val := to_jsonb(NEW) ->> TG_ARGV[i];
        IF val IS NOT NULL THEN
            EXECUTE format('SELECT desk_code FROM %I WHERE id = CAST($1 AS uuid)', TG_ARGV[i + 1]) INTO theirs
                USING val;
            IF theirs IS NOT NULL AND theirs <> '{STREET_DESK}' AND street_community_of(theirs) IS DISTINCT FROM mine
            THEN
                RAISE EXCEPTION 'a row of % may not name another community''s % (%)', TG_TABLE_NAME,
                    TG_ARGV[i + 1], val USING ERRCODE = '42501';
            END IF;
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION street_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF street_my_desk() IS NOT NULL AND (to_jsonb(NEW) ->> TG_ARGV[0]) NOT LIKE NEW.desk_code || '-%' THEN
        RAISE EXCEPTION 'a % of desk % must start with its code', TG_ARGV[0], NEW.desk_code USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{GROUP}') THEN
        CREATE ROLE {GROUP} NOLOGIN;
    END IF;
END $$;
ALTER TABLE street_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS desk_read ON street_log;
CREATE POLICY desk_read ON street_log FOR SELECT TO {GROUP} USING (community_name = street_my_community());
GRANT SELECT ON street_log TO {GROUP};
ALTER TABLE street_field_clock ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS desk_read ON street_field_clock;
CREATE POLICY desk_read ON street_field_clock FOR SELECT TO {GROUP} USING (community_name = street_my_community());
REVOKE ALL ON street_field_clock FROM {GROUP};
GRANT SELECT ON street_field_clock TO {GROUP};
REVOKE ALL ON FUNCTION street_clock(text, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION street_clock(text, text, text, bigint) TO {GROUP};
"""

#: Numbers that start with their desk's code (a request's number, a volunteer's passbook): unique in the street, so a
#: desk may only make its own.
NUMBERED = {"case": "case_no", "volunteer": "number"}


def _table_sql(name: str, keys: list[str], history: bool, refs: list[tuple[str, str]]) -> str:
    same = f"(desk_code = '{STREET_DESK}' OR street_community_of(desk_code) = street_my_community())"
    ours = "(street_community_of(desk_code) = street_my_community())"
    q = f'"{name}"'
    parts = [
        f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY;",
        f"DROP POLICY IF EXISTS desk_read ON {q};",
        f"CREATE POLICY desk_read ON {q} FOR SELECT TO {GROUP} USING {same};",
        f"DROP POLICY IF EXISTS desk_insert ON {q};",
        f"CREATE POLICY desk_insert ON {q} FOR INSERT TO {GROUP} WITH CHECK (desk_code = street_my_desk());",
        f"DROP TRIGGER IF EXISTS street_note ON {q};",
        f"CREATE TRIGGER street_note AFTER INSERT OR UPDATE OR DELETE ON {q} FOR EACH ROW "
        f"EXECUTE FUNCTION street_note({', '.join(repr(k) for k in keys)});",
    ]
    if history:
        parts.append(f"GRANT SELECT, INSERT ON {q} TO {GROUP};")
    else:
        parts += [
            f"DROP POLICY IF EXISTS desk_update ON {q};",
            f"CREATE POLICY desk_update ON {q} FOR UPDATE TO {GROUP} USING {ours} WITH CHECK {ours};",
            f"DROP POLICY IF EXISTS desk_delete ON {q};",
            f"CREATE POLICY desk_delete ON {q} FOR DELETE TO {GROUP} USING {ours};",
            f"DROP TRIGGER IF EXISTS street_keep_desk ON {q};",
            f"CREATE TRIGGER street_keep_desk BEFORE UPDATE ON {q} FOR EACH ROW EXECUTE FUNCTION street_keep_desk();",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {q} TO {GROUP};",
        ]
    parts.append(f"DROP TRIGGER IF EXISTS street_refs ON {q};")
    if refs:  # foreign keys pass row-level security: a row may name only rows of its own community
        args = ", ".join(f"'{column}', '{target}'" for column, target in refs)
        parts.append(f"CREATE TRIGGER street_refs BEFORE INSERT OR UPDATE ON {q} FOR EACH ROW "
                     f"EXECUTE FUNCTION street_refs({args});")
    if name in NUMBERED:
        parts += [f"DROP TRIGGER IF EXISTS street_numbered ON {q};",
                  f"CREATE TRIGGER street_numbered BEFORE INSERT OR UPDATE ON {q} FOR EACH ROW "
                  f"EXECUTE FUNCTION street_numbered('{NUMBERED[name]}');"]
    if name == "audit_log":
        parts += ["DROP TRIGGER IF EXISTS street_chain ON audit_log;",
                  "CREATE TRIGGER street_chain BEFORE INSERT ON audit_log FOR EACH ROW "
                  "EXECUTE FUNCTION street_chain();"]
    return "\n".join(parts)


def _references(t: Table) -> list[tuple[str, str]]:
    """The foreign keys of ``t`` that name a stamped row (one with a desk code): (column, table)."""
    found = []
    for fk in t.foreign_keys:
        target = fk.column.table
        if "desk_code" in target.c and [c.name for c in target.primary_key.columns] == ["id"]:
            found.append((fk.parent.name, target.name))
    return sorted(set(found))


def _run(conn: Connection, script: str) -> None:
    """A script of several statements, sent as it is (psycopg parses no placeholders when given no parameters; the
    functions' RAISE messages hold % signs), in the connection's transaction."""
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute(script)


def _drop_community_uniques(conn: Connection) -> None:
    """The street holds many communities: a key unique in one community (a class's code, an account's name) is
    not unique there (tables.COMMUNITY_UNIQUE); each desk keeps it."""
    from sqlalchemy import inspect

    look = inspect(conn)
    for name, keys in COMMUNITY_UNIQUE.items():
        for constraint in look.get_unique_constraints(name):
            columns = tuple(constraint["column_names"])
            if columns in keys:
                conn.execute(text(f'ALTER TABLE "{name}" DROP CONSTRAINT "{constraint["name"]}"'))
                conn.execute(text(f'CREATE INDEX IF NOT EXISTS "ix_street_{name}_{"_".join(columns)}" ON "{name}" '
                                  f'({", ".join(columns)})'))
        for index in look.get_indexes(name):
            if index["unique"] and tuple(c for c in index["column_names"] if c) in keys:
                conn.execute(text(f'DROP INDEX "{index["name"]}"'))
                conn.execute(text(f'CREATE INDEX "{index["name"]}" ON "{name}" '
                                  f'({", ".join(c for c in index["column_names"] if c)})'))


@dataclass(frozen=True)
class NewDesk:
    desk_code: str
    community: str
    url: str  # what the desk joins with: the street's address, the desk's role and its password


BAD_CODE = QT_TRANSLATE_NOOP("errors", "A desk code is 1 to 12 capital letters or digits, like A01.")
TAKEN = QT_TRANSLATE_NOOP("errors", "The street already has a desk {desk} (community {community}).")
NO_COMMUNITY = QT_TRANSLATE_NOOP("errors", "Name the community the desk belongs to.")


class Street:
    """The street's server as its administrator (the owner of the tables) prepares it."""

    def __init__(self, url: str | URL) -> None:
        self.url = make_url(url)
        if self.url.get_backend_name() != "postgresql":
            raise DomainError(QT_TRANSLATE_NOOP("errors", "The street's server must be PostgreSQL (a postgresql:// "
                                                          "address)."))
        if self.url.drivername == "postgresql":
            self.url = self.url.set(drivername="postgresql+psycopg")

    def init(self) -> None:
        """Create or bring up to date the schema, the street's tables, the policies and the desks' group role.
        Safe to run again (after an upgrade, it puts the policies on new tables)."""
        from app.services.core.clock import SystemClock
        from app.services.core.db import Database

        db = Database(self.url, SystemClock())
        try:
            db.migrate()
        finally:
            db.dispose()
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                _run(conn, _FUNCTIONS)
                for t in synced_tables():
                    _run(conn, _table_sql(t.name, [c.name for c in t.primary_key.columns], t.name in HISTORY,
                                          _references(t)))
                _run(conn, f"GRANT USAGE ON SCHEMA public TO {GROUP}; GRANT SELECT ON alembic_version TO {GROUP};")
                _drop_community_uniques(conn)
        finally:
            engine.dispose()

    def add_desk(self, desk_code: str, community: str) -> NewDesk:
        """A desk of a community: its role (a password made here, said once) and its line in ``street_desk``."""
        from app.services.core.errors import FieldErrors

        code, community = desk_code.strip().upper(), community.strip()
        errors = FieldErrors()
        if not DESK_CODE.match(code):
            errors.add("desk_code", BAD_CODE)
        if not community:
            errors.add("community", NO_COMMUNITY)
        errors.raise_if_any()
        role = f"desk_{code.lower()}"
        password = secrets.token_urlsafe(18)
        engine = create_engine(self.url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                taken = conn.execute(text("SELECT community_name FROM street_desk WHERE desk_code = :c"),
                                     {"c": code}).scalar()
                if taken is not None:
                    errors.add("desk_code", TAKEN, desk=code, community=taken)
                    errors.raise_if_any()
                _run(conn, f"CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE {GROUP}")
                conn.execute(text("INSERT INTO street_desk (desk_code, role_name, community_name) "
                                  "VALUES (:c, :r, :n)"), {"c": code, "r": role, "n": community})
        finally:
            engine.dispose()
        url = self.url.set(username=role, password=password).render_as_string(hide_password=False)
        return NewDesk(code, community, url)
