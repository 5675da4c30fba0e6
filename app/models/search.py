"""The full-text index of requests: one row per case with its description and notes (see app.services.cases.search).

Derived data: rebuilt from ``case`` and ``case_event`` at any time, never synchronised between desks, never
audited. So it carries neither UUID nor desk stamps: its integer key is what the full-text tables (SQLite FTS5)
use as their rowid, and it grows in the order cases were indexed, which on one desk is the order of intake.
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.cases import Case

# SQLite makes a column a rowid alias (stable under VACUUM, assigned max+1) only when it is exactly INTEGER.
SEARCH_KEY = BigInteger().with_variant(Integer(), "sqlite")


class CaseText(Base):
    __tablename__ = "case_text"

    id: Mapped[int] = mapped_column(SEARCH_KEY, primary_key=True, autoincrement=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")   # the description, then each note on a line of its own
    grams: Mapped[str] = mapped_column(Text, default="")  # its characters and pairs: "漏 水 漏水" (short queries)


# The request list sorts by these columns, newest first within each value: an index for each keeps the first page
# of a million requests a walk down one index, not a sort of them all (case_no, created_at, category and due_at
# have theirs already).
LIST_INDEXES = (
    Index("ix_case_status_created", Case.status, Case.created_at),
    Index("ix_case_urgency_created", Case.urgency, Case.created_at),
    Index("ix_case_channel_created", Case.channel, Case.created_at),
    Index("ix_case_grid_created", Case.grid_id, Case.created_at),
)
