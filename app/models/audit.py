"""The audit trail: every write, who, when, from which desk; hash-chained per desk so that an edited or
deleted row is detected by `main.py verify`."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Stamped


class AuditEntry(Stamped, Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        UniqueConstraint("desk_code", "seq"),
        Index("ix_audit_log_created_at", "created_at"),
        Index("ix_audit_log_entity", "entity", "entity_id"),  # one row's history; ledger check walks it in order
    )

    seq: Mapped[int] = mapped_column(BigInteger)             # 1, 2, 3 ... per desk: a gap is a deleted row
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))          # insert / update / delete
    entity: Mapped[str] = mapped_column(String(40))          # table name
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The hybrid logical clock of the change (app.services.sync.hlc), hashed with the entry; None before issue 21.
    hlc: Mapped[int | None] = mapped_column(BigInteger)


class AuditHead(Base):
    """The newest entry of each desk's chain; its row is locked while an entry is appended."""

    __tablename__ = "audit_head"

    desk_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")


class AuditAnchor(Stamped, Base):
    """A head of a desk's audit chain as it was published outside the database: printed on a notice or a passbook,
    carried by a backup, or on an anchor sheet. The paper and the files are the anchors; this is the desk's own list
    of them (append-only), so that an administrator can print them all and ``main.py verify --anchor`` prove the
    chain still contains each."""

    __tablename__ = "audit_anchor"
    __table_args__ = (Index("ix_audit_anchor_chain", "chain_desk", "seq"),)

    place: Mapped[str] = mapped_column(String(16))           # notice / passbook / backup / sheet (an AnchorPlace)
    reference: Mapped[str] = mapped_column(String(120))      # which one: a notice's title, a backup's file name ...
    chain_desk: Mapped[str] = mapped_column(String(16))      # whose chain (the desk that published it, on SQLite)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[str] = mapped_column(String(64))


AUDIT_APPEND_ONLY = ("audit_anchor",)
