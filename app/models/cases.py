"""Requests (诉求) and their append-only timeline."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import CaseStatus, Channel, EventKind, HandlingLevel, Satisfaction, Scope
from app.models.base import Base, Stamped, str_enum
from app.models.community import Department, Grid, Staff
from app.models.residents import Household, Resident


class Category(Stamped, Base):
    """困难类型: five classes, each with sub-categories, each with its time limits."""

    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    response_minutes: Mapped[int] = mapped_column(Integer, default=60)  # 1 hour to respond
    resolve_hours: Mapped[int] = mapped_column(Integer, default=24)     # 24 hours to resolve
    resolve_workdays: Mapped[int | None] = mapped_column(Integer)      # or N working days (工作日), when set
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Category | None] = relationship(remote_side="Category.id")


class CaseCounter(Base):
    """Next case sequence for one desk on one day; the row is locked while a number is taken."""

    __tablename__ = "case_counter"

    desk_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Case(Stamped, Base):
    __tablename__ = "case"
    __table_args__ = (
        Index("ix_case_created_at", "created_at"),
        Index("ix_case_status", "status"),
        Index("ix_case_category_created", "category_id", "created_at"),
        Index("ix_case_due_at", "due_at"),
        Index("ix_case_warn_at", "warn_at"),
        Index("ix_case_caller_phone_created", "caller_phone", "created_at"),  # repeat callers by number (issue 20)
        Index("ix_case_next_check_at", "next_check_at"),
        # app.services.cases.rates reads a period's requests from this index alone (migration 0010)
        Index("ix_case_rates", "created_at", "status", "category_id", "grid_id", "level", "cycle", "paused_seconds",
              "satisfaction", "responded_at", "resolved_at", "households_count", "in_pool", "id"),
    )

    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 16))
    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"), index=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grid.id"), index=True)
    caller_phone: Mapped[str] = mapped_column(String(20), default="")
    call_seconds: Mapped[int | None] = mapped_column(Integer)
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("category.id"))
    subcategory_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id"))
    description: Mapped[str] = mapped_column(Text)
    urgency: Mapped[int] = mapped_column(Integer)
    scope: Mapped[Scope] = mapped_column(str_enum(Scope, 16))
    priority: Mapped[int] = mapped_column(Integer)  # urgency x scope weight
    deadline_at: Mapped[datetime]                   # 期望解决时限
    reply_due_at: Mapped[datetime]                  # promised first reply to the resident
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # 重复诉求: the earlier request of the same resident about the same problem this one repeats (issue 20)
    repeat_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case.id"), index=True)
    # Projections of the timeline, kept in the same transaction as the events that change them.
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus, 16))
    households_count: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    # The rest is a cache of the timeline, recomputed by app.services.cases.timeline.fold after every event
    # (`verify` folds every case again and compares).
    level: Mapped[HandlingLevel] = mapped_column(str_enum(HandlingLevel, 16), default=HandlingLevel.COMMUNITY,
                                                 server_default=HandlingLevel.COMMUNITY.value)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"), index=True)
    in_pool: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())    # 难点问题库
    escalated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # to the director
    responded_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    satisfaction: Mapped[Satisfaction | None] = mapped_column(str_enum(Satisfaction, 24))
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case.id"))
    cycle: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # times reopened
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # suspended so far
    due_at: Mapped[datetime | None]         # the nearest running limit; NULL when no clock runs
    warn_at: Mapped[datetime | None]        # when the nearest limit's warning is due
    next_check_at: Mapped[datetime | None]  # the earliest warning or escalation not yet recorded

    resident: Mapped[Resident] = relationship(foreign_keys=[resident_id])
    household: Mapped[Household | None] = relationship()
    grid: Mapped[Grid | None] = relationship()
    category: Mapped[Category] = relationship(foreign_keys=[category_id])
    subcategory: Mapped[Category | None] = relationship(foreign_keys=[subcategory_id])
    created_by: Mapped[Staff] = relationship(foreign_keys=[created_by_id])
    assignee: Mapped[Staff | None] = relationship(foreign_keys=[assignee_id])
    departments: Mapped[list[CaseDepartment]] = relationship(
        back_populates="case", lazy="selectin", order_by="CaseDepartment.created_at"
    )
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.seq")
    reporters: Mapped[list[CaseReporter]] = relationship(order_by="CaseReporter.created_at", viewonly=True)


class CaseDepartment(Stamped, Base):
    """A department involved in a case (涉及部门); its responses are tracked as events."""

    __tablename__ = "case_department"
    __table_args__ = (UniqueConstraint("case_id", "department_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"), index=True)
    department_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("department.id"))
    # The latest call (吹哨) and report (报到) of this department, a cache of the timeline like the case's.
    called_at: Mapped[datetime | None]
    report_due_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]
    overdue: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    case: Mapped[Case] = relationship(back_populates="departments")
    department: Mapped[Department] = relationship(lazy="joined")


class CaseReporter(Stamped, Base):
    """Every resident who reported the problem: the first at intake, others when attached (并单)."""

    __tablename__ = "case_reporter"
    __table_args__ = (UniqueConstraint("case_id", "resident_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"), index=True)
    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"))
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 16))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseEvent(Stamped, Base):
    """One step of a case's life. Append-only: database triggers refuse UPDATE and DELETE."""

    __tablename__ = "case_event"
    __table_args__ = (
        Index("ix_case_event_case_created", "case_id", "created_at"),
        # seq is a Lamport clock per case (one above the highest seen): two desks apart may both write the next
        # number; the fold reads (seq, desk_code), one order on every desk (sync, issue 21).
        Index("ix_case_event_case_seq", "case_id", "seq", "desk_code", unique=True),
        Index("ix_case_event_case_key", "case_id", "dedup_key", unique=True),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... per case: the order the fold reads them in
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, 24))
    # Escalations and warnings name their breach here ("response#0"): one breach, one event, whoever runs the pass.
    dedup_key: Mapped[str | None] = mapped_column(String(80))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[Staff | None] = relationship()


class EscalationRule(Stamped, Base):
    """Time limits of the escalation ladder for a category and/or an urgency (NULL: any). Each limit left NULL
    is taken from the next less specific rule, then from the category itself (see app.services.cases.escalation)."""

    __tablename__ = "escalation_rule"

    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id"))
    urgency: Mapped[int | None] = mapped_column(Integer)
    response_minutes: Mapped[int | None] = mapped_column(Integer)
    resolve_hours: Mapped[int | None] = mapped_column(Integer)
    followup_hours: Mapped[int | None] = mapped_column(Integer)
    # The same limits in working days (工作日, issue 20); a rule states each one in hours or in working days.
    resolve_workdays: Mapped[int | None] = mapped_column(Integer)
    followup_workdays: Mapped[int | None] = mapped_column(Integer)
    warn_minutes: Mapped[int | None] = mapped_column(Integer)


CASE_APPEND_ONLY = ("case_event", "login_attempt", "audit_log")
