"""What a grid worker's printable weekly sheet lists: their visits and checks for the coming week, one line per duty
with the days of the week it falls due on (a daily 日见面 is one line ticked seven times, not seven lines), those
overdue first. Residents appear masked (张*): the sheet travels on the walk (app.services.documents.weekly_sheet
prints it)."""

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
    place: str                   # masked when it names a person
    title: str
    kind: str                    # 走访, 年检 ... (Chinese: a printout)
    overdue_since: date | None   # due before the week and not recorded: since when
    days: tuple[date, ...]       # the days of the week it falls due on

    @property
    def times(self) -> int:
        """How many times it is to be done this week (an overdue one counts once more)."""
        return len(self.days) + (self.overdue_since is not None)


@dataclass(frozen=True)
class WeeklySheet:
    community: str
    worker: str
    start: date
    end: date
    rows: list[SheetRow]
    printed_at: datetime

    @property
    def week(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range(WEEK))


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
        days = tuple(cycles.between(anchor, duty.cycle, duty.every, max(duty.next_due, start), end))
        rows.append(SheetRow(duty.place, duty.title, kind, duty.next_due if duty.next_due < start else None, days))
    rows.sort(key=lambda r: (r.overdue_since is None, r.overdue_since or (r.days[0] if r.days else end), r.place,
                             r.title))
    worker = session.get(Staff, worker_id)
    return WeeklySheet(community_info(session, desk_code).name, worker.display_name if worker else "", start, end,
                       rows, now)
