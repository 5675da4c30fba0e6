"""The holiday table the administrator keeps from the State Council's yearly notice (节假日安排), over the
chinese-calendar package's own (app.services.cases.working_days): entered by hand, a range at a time, or imported
from a small csv or xlsx (日期, 安排, 名称). Every change moves the deadlines of the open requests whose limits count
working days, in the same transaction, so the ladder, the warnings and the request page agree at once."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import CalendarDay, Case, Category, EscalationRule
from app.services.cases.escalation import RuleBook, limited_cases, project
from app.services.cases.working_days import DayEntry, WorkCalendar, category_span, load_calendar, missing_year
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, ValidationError

MAX_RANGE_DAYS = 31       # a holiday of the notice is at most 8 days; a month is a typing mistake
MAX_NAME = 20
FIRST_YEAR, LAST_YEAR = 2000, 2100
HOLIDAY_WORDS = ("放假", "休", "休息", "假", "节假日", "holiday")
WORKDAY_WORDS = ("上班", "班", "调休上班", "补班", "工作日", "workday")


@dataclass(frozen=True)
class TableDay:
    id: uuid.UUID
    day: date
    workday: bool
    name: str


@dataclass(frozen=True)
class CalendarOverview:
    days: list[TableDay]                 # the administrator's table, by day
    package_years: tuple[int, ...]       # the years the chinese-calendar package knows
    table_years: tuple[int, ...]         # the years whose notice the table holds (to 国庆节)
    begun_years: tuple[int, ...]         # the years the table holds some days of, not yet to 国庆节
    missing: int | None                  # the year whose notice is wanted now (this year, or the next from December)

    def known(self, year: int) -> bool:
        return year in self.package_years or year in self.table_years


class HolidayService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def overview(self, actor: Actor) -> CalendarOverview:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            calendar = load_calendar(session)
            rows = session.scalars(select(CalendarDay).order_by(CalendarDay.day))
            days = [TableDay(r.id, r.day, r.workday, r.name) for r in rows]
            return CalendarOverview(days, tuple(sorted(calendar.package_years)), tuple(sorted(calendar.table_years)),
                                    tuple(sorted(calendar.begun_years)), missing_year(calendar, self._db.clock.now()))

    def add(self, actor: Actor, first: date, last: date | None, workday: bool, name: str) -> int:
        """Days ``first`` to ``last`` (or ``first`` alone) as holidays or as worked weekend days; returns how many.
        Refused, nothing written, when a day is already in the table, the range is backwards or too long, a worked
        day is not a Saturday or Sunday, or the name is missing or too long."""
        last = last or first
        errors = FieldErrors()
        name = " ".join(name.split())
        _check_range(errors, "first", first, last)
        if not name:
            errors.add("name", QT_TRANSLATE_NOOP("errors", "Write which holiday it is (e.g. 春节, 国庆节)."))
        elif len(name) > MAX_NAME:
            errors.add("name", QT_TRANSLATE_NOOP("errors", "The name is at most {max} characters."), max=MAX_NAME)
        entries = [] if "first" in errors.errors else [
            DayEntry(first + timedelta(days=i), workday, name) for i in range((last - first).days + 1)]
        return self._enter(actor, errors, entries, "workday", "first")

    def remove(self, actor: Actor, day_ids: list[uuid.UUID]) -> int:
        """Take these days out of the table (the package's own day, if any, applies again)."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            before = load_calendar(session)
            rows = list(session.scalars(select(CalendarDay).where(CalendarDay.id.in_(day_ids))))
            for row in rows:
                session.delete(row)  # one by one: the audit trail records each day taken out
            gone = len(rows)
            if gone:
                session.flush()
                refresh_working_day_cases(session, before, min(r.day for r in rows))
            return int(gone)

    def import_file(self, actor: Actor, path: Path) -> int:
        """A csv or xlsx of the notice: a date (or a range 2027-10-01~2027-10-07) per row, 放假 or 上班, the
        holiday's name. Every row is checked first; one bad row refuses the whole file (its row named)."""
        from app.services.people.register_io import Cell, cell_text, read_table

        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)  # before the file is read
        table = read_table(path.read_bytes(), path.name)
        columns = _columns(table.headers)
        entries: list[DayEntry] = []
        errors = FieldErrors()
        seen: dict[date, int] = {}
        for number, cells in table.rows:
            def cell(key: str, cells: tuple[Cell, ...] = cells) -> str:
                return cell_text(cells[columns[key]]) if columns[key] < len(cells) else ""
            for entry in _row(errors, number, cell("day"), cell("kind"), cell("name")):
                if entry.day in seen:
                    errors.add("file", QT_TRANSLATE_NOOP(
                        "errors", "Row {row}: {day} is already on row {other}; a day is either a holiday or a "
                                  "working day, once."), row=number, day=_md(entry.day), other=seen[entry.day])
                    break
                seen[entry.day] = number
                entries.append(entry)
            if errors:
                break
        if not entries and not errors:
            errors.add("file", QT_TRANSLATE_NOOP("errors", "{file} lists no days."), file=path.name)
        errors.raise_if_any()
        return self._enter(actor, errors, entries, "file", "file")

    def _enter(self, actor: Actor, errors: FieldErrors, entries: list[DayEntry], weekday_field: str,
               taken_field: str) -> int:
        """Write checked days: refused (nothing written) when a worked day is a weekday or a day is in the table."""
        _check_worked_weekends(errors, weekday_field, entries)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            _check_free(session, errors, taken_field, entries)
            errors.raise_if_any()
            before = load_calendar(session)
            session.add_all(CalendarDay(day=e.day, workday=e.workday, name=e.name) for e in entries)
            session.flush()
            refresh_working_day_cases(session, before, min(e.day for e in entries))
            return len(entries)


def refresh_working_day_cases(session: Session, before: WorkCalendar, first_day: date) -> None:
    """After the calendar changed from ``before`` on ``first_day`` and after: the open requests whose limits may count
    working days and may run past that day get their deadlines again (a limit that ends before the first changed day
    cannot move). A first round's deadline set by its class's working days (not by hand) is counted again on the new
    calendar; then every such request is folded again, so its limits, warnings and checks follow."""
    by_days: dict[uuid.UUID, int] = {cid: days for cid, days in session.execute(
        select(Category.id, Category.resolve_workdays).where(Category.resolve_workdays.is_not(None)))
        if days is not None}
    rules = list(session.scalars(select(EscalationRule).where(or_(EscalationRule.resolve_workdays.is_not(None),
                                                                   EscalationRule.followup_workdays.is_not(None)))))
    if not by_days and not rules:
        return
    since = datetime.combine(first_day, time(), LOCAL_TZ).astimezone(UTC)
    query = limited_cases().where(or_(Case.due_at >= since, Case.deadline_at >= since))
    if not any(r.category_id is None for r in rules):
        cats = list(by_days) + [r.category_id for r in rules if r.category_id is not None]
        query = query.where(or_(Case.category_id.in_(cats), Case.subcategory_id.in_(cats)))
    cases = list(session.scalars(query))
    book = RuleBook.load(session)
    for case in cases:
        days = by_days.get(case.subcategory_id or case.category_id)
        if days is None or case.cycle:
            continue
        span = category_span(0, days, case.urgency)
        if case.deadline_at == before.deadline(case.created_at, span):
            case.deadline_at = book.calendar.deadline(case.created_at, span)
    project(session, cases, book)


def _md(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _check_range(errors: FieldErrors, field: str, first: date, last: date) -> None:
    if not FIRST_YEAR <= first.year <= LAST_YEAR or not FIRST_YEAR <= last.year <= LAST_YEAR:
        errors.add(field, QT_TRANSLATE_NOOP("errors", "Dates are between {first} and {last}."),
                   first=FIRST_YEAR, last=LAST_YEAR)
    elif last < first:
        errors.add(field, QT_TRANSLATE_NOOP("errors", "The last day ({last}) is before the first ({first})."),
                   first=_md(first), last=_md(last))
    elif (last - first).days + 1 > MAX_RANGE_DAYS:
        errors.add(field, QT_TRANSLATE_NOOP("errors", "At most {max} days at a time: a holiday of the notice is "
                                                      "never longer."), max=MAX_RANGE_DAYS)


def _check_worked_weekends(errors: FieldErrors, field: str, entries: list[DayEntry]) -> None:
    for e in entries:
        if e.workday and e.day.weekday() < 5:
            errors.add(field, QT_TRANSLATE_NOOP(
                "errors", "{day} is a weekday, a working day anyway: only a Saturday or Sunday is worked in place "
                          "of a holiday (调休上班)."), day=_md(e.day))
            return


def _check_free(session: Session, errors: FieldErrors, field: str, entries: list[DayEntry]) -> None:
    days = [e.day for e in entries]
    taken = session.execute(select(CalendarDay.day, CalendarDay.workday, CalendarDay.name)
                            .where(CalendarDay.day.in_(days)).order_by(CalendarDay.day)).first()
    if taken is not None:
        day, workday, name = taken
        errors.add(field, QT_TRANSLATE_NOOP(
            "errors", "{day} is already in the table ({name} {kind}): remove it first to enter it again."),
            day=_md(day), name=name, kind="上班" if workday else "放假")


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_RANGE = re.compile(r"\s*(?:~|～|至|到|—|–)\s*")
_COLUMN_WORDS = {"day": ("日期", "日子", "date"), "kind": ("安排", "类型", "放假/上班", "kind"),
                 "name": ("名称", "节日", "节假日", "name")}


def _columns(headers: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, words in _COLUMN_WORDS.items():
        for i, header in enumerate(headers):
            if any(w in header.lower() for w in words) and i not in found.values():
                found[key] = i
                break
    missing = [words[0] for key, words in _COLUMN_WORDS.items() if key not in found]
    if missing:
        raise ValidationError.single("file", QT_TRANSLATE_NOOP(
            "errors", "The file needs the columns 日期, 安排 and 名称; missing: {missing}."),
            missing="、".join(missing))
    return found


def _date(errors: FieldErrors, row: int, text: str) -> date | None:
    match = _DATE.match(text)
    if match is None:
        if text:
            errors.add("file", QT_TRANSLATE_NOOP("errors", "Row {row}: “{text}” is not a date (write 2027-10-01)."),
                       row=row, text=text.strip())
        else:
            errors.add("file", QT_TRANSLATE_NOOP("errors", "Row {row}: the date is missing."), row=row)
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        errors.add("file", QT_TRANSLATE_NOOP("errors", "Row {row}: there is no such day as “{text}”."),
                   row=row, text=text.strip())
        return None


def _row(errors: FieldErrors, row: int, day_text: str, kind_text: str, name: str) -> list[DayEntry]:
    """The days of one row of the file; none, with the problem added to ``errors``, when it is wrong."""
    parts = _RANGE.split(day_text.strip(), maxsplit=1)
    first = _date(errors, row, parts[0])
    last = _date(errors, row, parts[1]) if len(parts) > 1 else first
    if first is None or last is None:
        return []
    kind = kind_text.strip().lower()
    workday = kind in WORKDAY_WORDS
    if not workday and kind not in HOLIDAY_WORDS:
        errors.add("file", QT_TRANSLATE_NOOP("errors", "Row {row}: write 放假 or 上班 as the arrangement, not "
                                                       "“{text}”."), row=row, text=kind_text.strip())
        return []
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        errors.add("file", QT_TRANSLATE_NOOP("errors", "Row {row}: the holiday's name is missing or longer than "
                                                       "{max} characters."), row=row, max=MAX_NAME)
        return []
    if not FIRST_YEAR <= first.year <= LAST_YEAR or not FIRST_YEAR <= last.year <= LAST_YEAR or last < first \
            or (last - first).days + 1 > MAX_RANGE_DAYS:
        errors.add("file", QT_TRANSLATE_NOOP("errors", "Row {row}: from {first} to {last} is not a holiday of the "
                                                       "notice (backwards, or longer than {max} days)."),
                   row=row, first=_md(first), last=_md(last), max=MAX_RANGE_DAYS)
        return []
    return [DayEntry(first + timedelta(days=i), workday, name) for i in range((last - first).days + 1)]
