"""What a grid worker's printable weekly sheet lists: their visits and checks for the coming week, one row per time
each falls due (a daily 日见面 has seven), the overdue ones first. Residents appear masked (张*): the sheet travels
on the walk (app.services.documents.weekly_sheet prints it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import DutyKind
from app.models import Duty, Staff
from app.services.care import cycles
from app.services.care.places import duty_rows_query, to_rows
from app.services.core import labels
from app.services.core.setup import community_info
from app.services.documents.disclosure import Document, Field, disclose

WEEK = 7
KINDS = {k.value for k in DutyKind}


@dataclass(frozen=True)
class SheetRow:
    due_on: date
    overdue: bool
    place: str       # masked when it names a person
    title: str
    kind: str        # 走访, 年检 ... (Chinese: a printout)


@dataclass(frozen=True)
class WeeklySheet:
    community: str
    worker: str
    start: date
    end: date
    rows: list[SheetRow]
    printed_at: datetime


def weekly_sheet(session: Session, worker_id: uuid.UUID, start: date, desk_code: str,
                 now: datetime) -> WeeklySheet:
    end = start + timedelta(days=WEEK - 1)
    anchors: dict[uuid.UUID, date | None] = {i: a for i, a in session.execute(select(Duty.id, Duty.anchor_on).where(
        Duty.responsible_id == worker_id, Duty.active.is_(True)))}
    rows: list[SheetRow] = []
    def masked(name: str) -> str:  # what the sheet shows of a person: the rule table's
        return disclose(Document.WEEKLY_SHEET, Field.NAME, name) or ""

    for duty in to_rows(session, duty_rows_query(Duty.responsible_id == worker_id, Duty.next_due <= end), masked):
        anchor = anchors.get(duty.id) or duty.next_due
        kind = labels.zh(DutyKind(duty.kind) if duty.kind in KINDS else DutyKind.OTHER)
        if duty.next_due < start:
            rows.append(SheetRow(duty.next_due, True, duty.place, duty.title, kind))
        for day in cycles.between(anchor, duty.cycle, duty.every, max(duty.next_due, start), end):
            rows.append(SheetRow(day, False, duty.place, duty.title, kind))
    rows.sort(key=lambda r: (not r.overdue, r.due_on, r.place, r.title))
    worker = session.get(Staff, worker_id)
    return WeeklySheet(community_info(session, desk_code).name, worker.display_name if worker else "", start, end,
                       rows, now)
