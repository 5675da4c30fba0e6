"""Knowing the community (issue 19): tags in colours with the service they promise, dated duties that come due,
the grid worker's patrol log (民情日记) and the lists the desk saves (智慧报表)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import DutyCycle, DutyOutcome, TagKind
from app.models.base import Base, Stamped, str_enum


class Tag(Stamped, Base):
    """A mark on a household (空巢, 独居, 残疾, 出租, 常态: the five colours of seed 001) or on a person (失能, 低保,
    退役军人). ``code`` is what household_tag / person_tag rows carry; a tag may promise a service (一帮一, 日见面)
    and how often a visit is due (``visit_cycle`` x ``visit_every``), which makes the visit duties of everyone
    carrying it. Retired, never deleted."""

    __tablename__ = "tag"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    colour: Mapped[str] = mapped_column(String(7))  # "#RRGGBB"
    kind: Mapped[TagKind] = mapped_column(str_enum(TagKind, 16))
    service: Mapped[str] = mapped_column(String(40), default="", server_default="")  # 一帮一, 日见面 ...
    visit_cycle: Mapped[DutyCycle | None] = mapped_column(str_enum(DutyCycle, 8))
    visit_every: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class PersonTag(Stamped, Base):
    __tablename__ = "person_tag"
    __table_args__ = (UniqueConstraint("resident_id", "tag"),)

    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"), index=True)
    tag: Mapped[str] = mapped_column(String(16), index=True)


class Duty(Stamped, Base):
    """A dated duty for a building, a household or a person (exactly one of the three): a lift's yearly inspection,
    a gas check, a home visit. ``next_due`` moves on by the cycle when it is recorded done or skipped;
    ``remind_days`` is how far ahead it shows as coming. A duty made by a tag's promise carries the tag's code in
    ``from_tag`` (and ends when the tag is taken off)."""

    __tablename__ = "duty"
    __table_args__ = (Index("ix_duty_active_next_due", "active", "next_due"),)

    title: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(16))  # a DutyKind value
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("building.id"), index=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    resident_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("resident.id"), index=True)
    cycle: Mapped[DutyCycle] = mapped_column(str_enum(DutyCycle, 8))
    every: Mapped[int] = mapped_column(Integer, default=1)
    next_due: Mapped[date]
    anchor_on: Mapped[date | None]  # the first due date as set: the cycle counts from it (migration 0017)
    remind_days: Mapped[int] = mapped_column(Integer, default=0)
    responsible_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"), index=True)
    from_tag: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class DutyRecord(Stamped, Base):
    """One occurrence of a duty dealt with (append-only): done on a day with a note, or skipped with a reason."""

    __tablename__ = "duty_record"

    duty_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty.id"), index=True)
    due_on: Mapped[date]
    done_on: Mapped[date]
    outcome: Mapped[DutyOutcome] = mapped_column(str_enum(DutyOutcome, 8))
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    patrol_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("patrol_entry.id"))


class PatrolEntry(Stamped, Base):
    """One visit or walk in the grid worker's patrol log (民情日记): when, where, who was seen, what was found.
    A problem found becomes a request in one step (``case_id``)."""

    __tablename__ = "patrol_entry"
    __table_args__ = (Index("ix_patrol_entry_grid_at", "grid_id", "at"),)

    at: Mapped[datetime]
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grid.id"))
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    place: Mapped[str] = mapped_column(String(60))
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("building.id"))
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    seen: Mapped[str] = mapped_column(String(100), default="")
    found: Mapped[str] = mapped_column(Text, default="")
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case.id"))


class SavedList(Stamped, Base):
    """A list built by ticking conditions (智慧报表), kept by name to run again with the day's data. ``conditions``
    is JSON (services/people/lists.py reads and checks it)."""

    __tablename__ = "saved_list"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    conditions: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    ready_made: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


CARE_APPEND_ONLY = ("duty_record",)
