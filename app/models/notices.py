"""Public notices (公示): council decisions (议事会) with their items, and the record of every notice published.

Three-level councils (issue 22): a meeting has its level (楼栋/网格/社区议事会) and, for the first two, its building or
grid; its attendees are references to residents, staff accounts or departments (never a name typed alone); the
topics raised name the requests behind them; an item can become a dated duty (``duty_id``) on the duties list."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.councils import AttendeeKind, CouncilLevel
from app.models.base import Base, Stamped, str_enum
from app.models.community import Department, Staff


class CouncilMeeting(Stamped, Base):
    """A residents' council meeting (居民议事会) and what it decided."""

    __tablename__ = "council_meeting"

    title: Mapped[str] = mapped_column(String(80))      # 议题
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(Text, default="")  # 议定事项, as it may be posted
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    level: Mapped[CouncilLevel] = mapped_column(str_enum(CouncilLevel, 10), default=CouncilLevel.COMMUNITY,
                                                server_default=CouncilLevel.COMMUNITY.value)
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("building.id"), index=True)  # 楼栋议事会
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grid.id"), index=True)  # 网格议事会

    items: Mapped[list[CouncilItem]] = relationship(back_populates="meeting", order_by="CouncilItem.seq")


class CouncilAttendee(Stamped, Base):
    """Who attended a meeting: exactly one of a resident, a staff account or a department (whose representative's
    name is ``name``); ``name`` keeps the name as it was. A resident may attend as a representative (居民代表)."""

    __tablename__ = "council_attendee"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    kind: Mapped[AttendeeKind] = mapped_column(str_enum(AttendeeKind, 10))
    resident_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("resident.id"), index=True)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("department.id"))
    name: Mapped[str] = mapped_column(String(40))
    representative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CouncilTopic(Stamped, Base):
    """A topic raised at a meeting: the request behind it."""

    __tablename__ = "council_topic"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"), index=True)


class CouncilItem(Stamped, Base):
    """One decided matter: a line of the problem list, the responsibility list and the deadline list at once
    (问题清单-责任清单-时限清单), with its latest progress. Earlier progress stays in the audit trail."""

    __tablename__ = "council_item"
    __table_args__ = (UniqueConstraint("meeting_id", "seq"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... within the meeting
    problem: Mapped[str] = mapped_column(Text)
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("department.id"))
    responsible: Mapped[str] = mapped_column(String(60), default="")  # the person or unit answering for it
    deadline: Mapped[date]
    progress: Mapped[str] = mapped_column(Text, default="")
    progress_at: Mapped[datetime | None]
    done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    duty_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("duty.id"), index=True)  # 转为待办 (issue 22)

    meeting: Mapped[CouncilMeeting] = relationship(back_populates="items")
    department: Mapped[Department | None] = relationship(lazy="joined")


class NoticePublication(Stamped, Base):
    """A notice as it was shown to the public: who published it, what it covered, and the PDF itself (its bytes
    and their SHA-256), so the very same document can be shown again. Append-only."""

    __tablename__ = "notice_publication"

    kind: Mapped[str] = mapped_column(String(16))  # "board" or "council"
    title: Mapped[str] = mapped_column(String(120))
    period_from: Mapped[date | None]
    period_to: Mapped[date | None]
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("council_meeting.id"))
    published_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    published_by: Mapped[str] = mapped_column(String(40))  # the name as it was, or the command line
    case_nos: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pages: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    # What the scrubber masked, never the data itself: {"kinds": {"电话": 3, "姓名": 5}, "hand": ["***"]}
    masked: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    publisher: Mapped[Staff | None] = relationship()


NOTICES_APPEND_ONLY = ("notice_publication",)
