"""The street's report (工作简报): a week's or a month's requests as the street office reads them.

What it holds, all counted where the dashboard counts it (``rates``: one definition of each figure):

- **Counts**: the requests received in the period (logged in it, duplicates merged into another left out, as every
  rate counts them), the households, by channel and by class.
- **The three rates** (响应率、解决率、满意率) and the average times, beside the previous period's (the week or the
  month before), with the trend in percentage points: 上升 / 下降 / 持平 (a change under 0.05 points), or 无可比数据
  when either rate has nothing to divide by.
- **Hot spots**: 3 or more requests of one sub-category in one building within two weeks (``hotspots``).
- **The difficult pool** (难点问题库) and **the overdue requests**, as they stand when the report is made (a report
  of an earlier period too: the pool is the street's work now): the requests in the pool and not resolved, and those
  past a running time limit (an open one, or a resolved one whose follow-up call is past its limit: the status says
  which), counted as the status bar counts them. Each list names at most ``LIST_MAX`` requests (the oldest first);
  its count covers all.
- **The departments' scores** (考评): for each department called in (吹哨) or involved in the period's requests, its
  on-time report rate (``rates``: its latest call on each request) and the resolution and satisfaction of the
  requests it was involved in. Seed 001 gives the community the right to assess the street's departments (考评权),
  whose result counts in their yearly review; the report gives the figures, it does not weigh them into one score.

Nothing identifies a resident: a request is its number, its class and its building at most (the rule table's
``Document.STREET_REPORT``). The period is the week (Monday to Sunday) or the month containing a day that has come;
the figures run to the moment the report is made when the period is not over.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from app.models import Case, CaseStatus, Category, Channel, Household
from app.services.cases import rates, rollup
from app.services.cases.briefing_data import (
    FORMATS,
    KINDS,
    LIST_MAX,
    CaseLine,
    Change,
    Count,
    DepartmentLine,
    HotSpotLine,
    Listed,
    Period,
    ReportFile,
    StreetReport,
    period_of,
)
from app.services.cases.counting import Figures
from app.services.cases.hotspots import find_hot_spots
from app.services.cases.timeline import OPEN
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, ValidationError
from app.services.core.setup import community_info
from app.services.documents.disclosure import Document, Field, disclose

__all__ = ["FORMATS", "KINDS", "LIST_MAX", "CaseLine", "Change", "Count", "DepartmentLine", "HotSpotLine", "Listed",
           "Period", "ReportFile", "StreetReport", "StreetReportService", "check_file", "check_period", "period_of"]


# --- the service -------------------------------------------------------------------------------------------


class StreetReportService:
    """The 工作简报 (VIEW_STATISTICS): its content, and the content written as a PDF or a .docx."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def report(self, actor: Actor, kind: str, day: date | None = None) -> StreetReport:
        """The report of the week or month containing ``day`` (default today). Refused for a day to come and for a
        period without a request."""
        now = self._db.clock.now()
        today = local(now).date()
        period = check_period(kind, day or today, today)
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            report = _report(session, self._db.desk_code, period, now)
        if not report.totals.received:
            raise DomainError(QT_TRANSLATE_NOOP(
                "errors", "No requests were received in {period} ({days}): there is nothing to report."),
                period=period.name, days=period.days)
        return report

    def write(self, actor: Actor, kind: str, day: date | None, out: Path) -> ReportFile:
        """The report written to ``out``: a PDF or a .docx by its suffix; nothing is written when refused."""
        suffix = check_file(out)
        report = self.report(actor, kind, day)
        if suffix == ".pdf":
            from app.services.documents.street_report import render_street_report  # the PDF layer, when asked

            return ReportFile(out, report.period, report.totals.received, render_street_report(report, out))
        from app.services.documents.street_report_docx import write_street_report

        write_street_report(report, out)
        return ReportFile(out, report.period, report.totals.received, None)


def check_file(out: Path) -> str:
    """The file's suffix, .pdf or .docx; any other is refused (under the file's field)."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError.single("out", QT_TRANSLATE_NOOP(
            "errors", "{name}: the report is written as a PDF (.pdf) or a Word document (.docx); give a file name "
                      "ending in one of them."), name=out.name)
    return suffix


def check_period(kind: str, day: date, today: date) -> Period:
    """The week or month containing ``day``; refused for a day to come (under the day's field)."""
    if kind not in KINDS:
        raise ValidationError.single("kind", QT_TRANSLATE_NOOP(
            "errors", "A report covers a week or a month, not {kind}."), kind=kind)
    if day > today:
        raise ValidationError.single("to", QT_TRANSLATE_NOOP(
            "errors", "{day} has not come yet (today is {today}): a report covers a week or a month up to a day that "
                      "has come."), day=day.isoformat(), today=today.isoformat())
    return period_of(kind, day)


# --- reading it --------------------------------------------------------------------------------------------


def _report(session: Session, desk_code: str, period: Period, now: datetime) -> StreetReport:
    info = community_info(session, desk_code)
    since, until = period.span()
    summary = rates.summary(session, since, until, part=rollup.EVERYTHING)
    previous, today = period.previous(), local(now).date()
    last = previous.last if today > period.last else min(previous.last,
                                                          previous.first + timedelta(days=(today - period.first).days))
    before = rates.totals(session, *rates.span(previous.first, last), part=rollup.EVERYTHING)
    book = _Names(session)
    return StreetReport(
        community=info.name, street=info.street, period=period, made_at=local(now), totals=summary.totals,
        before=before, by_channel=_channels(session, since, until), by_category=tuple(summary.by_category),
        pool=_listed(session, book, [Case.in_pool.is_(True), Case.status.in_(OPEN)], [Case.created_at, Case.id]),
        overdue=_listed(session, book, [Case.due_at <= now], [Case.due_at, Case.id]),
        departments=_departments(summary), hot_spots=_hot_spots(session, since, until),
    )


def _channels(session: Session, since: datetime, until: datetime) -> tuple[Count, ...]:
    """Requests received by channel, in the channels' order (those with none too: the street sees every channel)."""
    found = {c: int(n) for c, n in session.execute(
        select(Case.channel, func.count()).where(Case.created_at >= since, Case.created_at < until,
                                                 Case.status != CaseStatus.MERGED).group_by(Case.channel))}
    return tuple(Count(labels.zh(c), int(found.get(c, 0))) for c in Channel)


class _Names:
    """Categories' names, read once."""

    def __init__(self, session: Session) -> None:
        self.categories: dict[uuid.UUID, str] = {k: v for k, v in session.execute(select(Category.id, Category.name))}


def _listed(session: Session, book: _Names, where: Sequence[ColumnElement[bool]], order: Sequence[Any]) -> Listed:
    """How many requests meet ``where``, and the first LIST_MAX of them in ``order``, each by number, class and
    building. (Counted alone: at a million requests the count reads an index and no row.)"""
    total = int(session.scalar(select(func.count()).select_from(Case).where(*where)) or 0)
    home = aliased(Household)
    rows = session.execute(
        select(Case.case_no, Case.category_id, Case.subcategory_id, home.building, home.unit, home.room,
               Case.created_at, Case.status, Case.level, Case.due_at)
        .outerjoin(home, home.id == Case.household_id).where(*where).order_by(*order).limit(LIST_MAX)).all()
    lines = tuple(CaseLine(
        case_no=r.case_no, category=book.categories.get(r.subcategory_id or r.category_id, ""),
        building=_building(r.building, r.unit, r.room), received_on=local(r.created_at).date(),
        status=labels.zh(CaseStatus(r.status)), level=labels.zh(r.level),
        due_at=local(r.due_at) if r.due_at is not None else None) for r in rows)
    return Listed(total, lines)


def _building(building: str | None, unit: str | None = None, room: str | None = None) -> str:
    """The household's address as the report shows it (the rule table: the building only)."""
    if not building:
        return ""
    address = f"{building}号楼" + (f"{unit}单元{room}室" if unit and room else "")
    return disclose(Document.STREET_REPORT, Field.ADDRESS, address) or ""


def _hot_spots(session: Session, since: datetime, until: datetime) -> tuple[HotSpotLine, ...]:
    """The period's hot spots (``hotspots``: 3 or more requests of one problem from one building within 14 days),
    most requests first."""
    return tuple(HotSpotLine(_building(h.building), h.category_name, h.count, local(h.first_at).date(),
                             local(h.last_at).date(), h.case_nos) for h in find_hot_spots(session, since, until))


def _departments(summary: rates.Summary) -> tuple[DepartmentLine, ...]:
    """Every department called in or involved: the called ones in the ranking's order (on-time rate, then the
    quicker report), then the others by the requests they were involved in."""
    cases = {g.key: g for g in summary.by_department}
    lines = [DepartmentLine(s.name, s.called, s.on_time, s.overdue, s.called - s.unjudged,
                            cases[s.department_id].figures if s.department_id in cases else Figures())
             for s in summary.ranking]
    called = {s.department_id for s in summary.ranking}
    lines += [DepartmentLine(g.name, 0, 0, 0, 0, g.figures) for g in summary.by_department if g.key not in called]
    return tuple(lines)
