"""Working days (工作日) and the one deadline function every time limit goes through.

China's official calendar moves working days every year: the State Council's holiday notice (国务院办公厅关于某年部分
节假日安排的通知) names the holidays and the weekend days worked in their place (调休上班). The chinese-calendar
package carries these notices up to the year it was released for; the administrator enters the later ones (or a
correction) in the holiday table (``calendar_day``), whose days win over the package's. A year that neither knows is
counted by weekends alone, and a deadline that runs into it is *provisional* (暂定): the request page and the receipt
say so, and the administrator's home page asks for the coming year's notice from December on.

A limit of N working days runs on working time: every instant of a working day (local time at the desk) counts, no
instant of a rest day does. From a working day at 10:00, 1 working day ends at 10:00 of the next working day; from a
Saturday, the clock starts with the next working day and 1 working day ends when that day does (midnight after it).
So a deadline never moves earlier when the start moves later or a day is added, which the property tests hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CalendarDay
from app.services.core.clock import LOCAL_TZ, local

ONE_DAY = timedelta(days=1)
URGENT_CAPS = {5: timedelta(hours=4), 4: timedelta(hours=24)}  # emergency (5) and urgent (4): resolved within
NOTICE_ENDS_MONTH = 10  # the State Council's notice ends with 国庆节 (October)
WARN_FROM_MONTH = 12  # from December on, the coming year's notice is asked for (the State Council issues it in Nov.)
MAX_WORKDAYS = 250  # about a year of working days: what a limit may say (more is a typing mistake)


@dataclass(frozen=True)
class Span:
    """One time limit: a length of wall time, or so many working days; never longer than ``cap`` when set (an
    urgent request's 24 hours, an emergency's 4, whatever unit its class counts in)."""

    length: timedelta | None = None
    workdays: int | None = None
    cap: timedelta | None = None

    @classmethod
    def hours(cls, hours: float) -> Span:
        return cls(length=timedelta(hours=hours))

    @classmethod
    def days(cls, workdays: int, cap: timedelta | None = None) -> Span:
        return cls(workdays=workdays, cap=cap)

    @property
    def in_workdays(self) -> bool:
        return self.workdays is not None

    def nominal(self) -> timedelta:
        """Its length taken as wall time (a working day as 24 hours): what the warning's lead is measured against."""
        length = self.length if self.length is not None else ONE_DAY * (self.workdays or 0)
        return min(length, self.cap) if self.cap is not None else length


def category_span(resolve_hours: int, resolve_workdays: int | None, urgency: int) -> Span:
    """A class's (or sub-category's) own resolution limit for a request of ``urgency``: its working days when it
    counts in them, else its hours; shortened for urgent (4: 24 h) and emergency (5: 4 h) requests."""
    cap = URGENT_CAPS.get(urgency)
    if resolve_workdays:
        return Span.days(resolve_workdays, cap)
    length = timedelta(hours=resolve_hours)
    return Span(length=min(length, cap) if cap is not None else length)


@dataclass(frozen=True)
class DayEntry:
    """One day of the holiday table: a holiday (``workday`` false) or a worked weekend day (true)."""

    day: date
    workday: bool
    name: str = ""


@cache
def _package() -> tuple[frozenset[int], Mapping[date, object], Mapping[date, object]]:
    """The chinese-calendar package's years, holidays and worked weekend days (imported on first use)."""
    from chinese_calendar import constants

    years = frozenset(d.year for d in constants.holidays)
    return years, constants.holidays, constants.workdays


class WorkCalendar:
    """Which days are worked: the holiday table over the package, weekends alone where neither knows the year."""

    def __init__(self, entries: Iterable[DayEntry] = ()) -> None:
        self._table = {e.day: e for e in entries}
        self._package_years, self._holidays, self._workdays = _package()
        # A notice runs from 元旦 to 国庆节: a year counts as entered once a day of October or later is in the table;
        # before that (元旦 and 春节 entered, the rest not yet) it is begun, and still counted by weekends elsewhere.
        self._table_years = frozenset(d.year for d in self._table if d.month >= NOTICE_ENDS_MONTH)
        self._begun_years = frozenset(d.year for d in self._table) - self._table_years

    @property
    def package_years(self) -> frozenset[int]:
        return self._package_years

    @property
    def table_years(self) -> frozenset[int]:
        """The years whose notice the table holds (to 国庆节)."""
        return self._table_years

    @property
    def begun_years(self) -> frozenset[int]:
        """The years the table holds some days of, not yet to 国庆节: still provisional."""
        return self._begun_years

    def known(self, year: int) -> bool:
        """The year's official calendar is known (from the package, or the administrator entered its notice to
        国庆节)."""
        return year in self._package_years or year in self._table_years

    def is_workday(self, day: date) -> bool:
        entry = self._table.get(day)
        if entry is not None:
            return entry.workday
        if day.year in self._package_years:
            if day in self._workdays:
                return True
            if day in self._holidays:
                return False
        return day.weekday() < 5

    def holiday_name(self, day: date) -> str:
        """The holiday's (or make-up day's) name in Chinese when the day is one, else ""."""
        entry = self._table.get(day)
        if entry is not None:
            return entry.name
        return _PACKAGE_NAMES.get(str(self._holidays.get(day) or self._workdays.get(day) or ""), "")

    def deadline(self, start: datetime, span: Span) -> datetime:
        """THE deadline function: when a limit of ``span`` that starts at ``start`` (aware) falls due (aware UTC)."""
        if span.workdays is None:
            assert span.length is not None
            return start + span.length
        due = self._add_workdays(start, span.workdays)
        if span.cap is not None:
            due = min(due, start + span.cap)
        return due

    def provisional(self, start: datetime, due: datetime) -> bool:
        """A deadline counted over a year the calendar does not know (weekends alone: 暂定)."""
        first, last = start.astimezone(LOCAL_TZ).year, due.astimezone(LOCAL_TZ).year
        return any(not self.known(year) for year in range(first, last + 1))

    def _add_workdays(self, start: datetime, n: int) -> datetime:
        here = start.astimezone(LOCAL_TZ)
        day = here.date()
        offset = here - datetime.combine(day, time(), LOCAL_TZ)  # time already gone on the starting day
        if not offset or not self.is_workday(day):
            # the clock starts with a working day's beginning (this one, at midnight, or the next) and runs whole days
            if not self.is_workday(day):
                day = self._next_workday(day)
            offset, n = ONE_DAY, n - 1
        for _ in range(n):
            day = self._next_workday(day)
        return (datetime.combine(day, time(), LOCAL_TZ) + offset).astimezone(start.tzinfo)

    def _next_workday(self, day: date) -> date:
        day += ONE_DAY
        while not self.is_workday(day):
            day += ONE_DAY
        return day


def load_calendar(session: Session) -> WorkCalendar:
    """The calendar deadlines are counted with: the administrator's table over the package's."""
    rows = session.execute(select(CalendarDay.day, CalendarDay.workday, CalendarDay.name))
    return WorkCalendar(DayEntry(day, workday, name) for day, workday, name in rows)


def missing_year(calendar: WorkCalendar, now: datetime) -> int | None:
    """This year when it is unknown; else the coming year, from December on, when it is unknown."""
    today = local(now).date()
    if not calendar.known(today.year):
        return today.year
    if today.month >= WARN_FROM_MONTH and not calendar.known(today.year + 1):
        return today.year + 1
    return None


# The package names its holidays in English; the desk says them in Chinese.
_PACKAGE_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
