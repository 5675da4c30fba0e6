"""What the street's report (工作简报) holds: its period, its figures, the requests it names by number, class and
building, the departments' part, the hot spots. Plain data, made by ``briefing`` and laid out by
``app.services.documents.street_report`` (PDF) and ``street_report_docx`` (.docx), which import it from here and
not from the service that calls them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.services.cases import rates
from app.services.cases.counting import Figures, ratio
from app.services.cases.rates import Group

KINDS = ("week", "month")
FORMATS = (".pdf", ".docx")
LIST_MAX = 30  # requests named in the pool's and the overdue list; the counts cover all
STEADY = 0.05  # a rate that moved by less than this many percentage points is 持平
RATES = (("response_rate", "响应率"), ("resolution_rate", "解决率"), ("satisfaction_rate", "满意率"))

# --- what the report holds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last`` (inclusive): a Monday-to-Sunday week or a calendar month."""

    kind: str
    first: date
    last: date

    @property
    def name(self) -> str:
        """2026年第47周 (the ISO week: weeks start on Monday) / 2026年11月."""
        if self.kind == "week":
            year, week, _day = self.first.isocalendar()
            return f"{year}年第{week}周"
        return f"{self.first.year}年{self.first.month}月"

    @property
    def word(self) -> str:
        return "本周" if self.kind == "week" else "本月"

    @property
    def before_word(self) -> str:
        return "上周" if self.kind == "week" else "上月"

    @property
    def days(self) -> str:
        """2026年11月16日至22日 / 2026年11月1日至30日 (the year and month once when they do not change)."""
        start = f"{self.first.year}年{self.first.month}月{self.first.day}日"
        if self.last.year != self.first.year:
            return f"{start}至{self.last.year}年{self.last.month}月{self.last.day}日"
        if self.last.month != self.first.month:
            return f"{start}至{self.last.month}月{self.last.day}日"
        return f"{start}至{self.last.day}日"

    def span(self) -> tuple[datetime, datetime]:
        return rates.span(self.first, self.last)

    def previous(self) -> Period:
        return period_of(self.kind, self.first - timedelta(days=1))


def period_of(kind: str, day: date) -> Period:
    """The week (Monday to Sunday) or the month containing ``day``."""
    if kind == "week":
        monday = rates.monday(day)
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == "month":
        return Period(kind, day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))
    raise ValueError(kind)


@dataclass(frozen=True)
class Change:
    """One rate this period and the period before."""

    name: str
    now: float | None
    before: float | None
    counted: str  # what it divides: 22/23

    @property
    def points(self) -> float | None:
        """The change in percentage points (rounded to one decimal); None when either rate is "—"."""
        if self.now is None or self.before is None:
            return None
        return round((self.now - self.before) * 100, 1)

    @property
    def trend(self) -> str:
        """上升 / 下降 / 持平, or 无可比数据."""
        points = self.points
        if points is None:
            return "无可比数据"
        if abs(points) < STEADY:
            return "持平"
        return "上升" if points > 0 else "下降"

    @property
    def words(self) -> str:
        """上升3.2个百分点 / 下降0.5个百分点 / 持平 / 无可比数据."""
        points = self.points
        if points is None or abs(points) < STEADY:
            return self.trend
        return f"{self.trend}{abs(points):.1f}个百分点"


@dataclass(frozen=True)
class Count:
    name: str
    count: int


@dataclass(frozen=True)
class CaseLine:
    """A request as the report names it: its number, class and building, nothing of a person."""

    case_no: str
    category: str        # the sub-category, or the class when it has none
    building: str        # 3号楼; "" for a request without a household
    received_on: date
    status: str          # in Chinese
    level: str           # the handling level, in Chinese
    due_at: datetime | None  # local


@dataclass(frozen=True)
class Listed:
    total: int
    lines: tuple[CaseLine, ...]  # the first LIST_MAX of them


@dataclass(frozen=True)
class DepartmentLine:
    """A department's part in the period's requests: its calls (吹哨) and the requests it was involved in."""

    name: str
    called: int
    on_time: int
    overdue: int
    judged: int              # reported or overdue: what the on-time rate divides
    cases: Figures           # the requests it was involved in

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.on_time, self.judged)


@dataclass(frozen=True)
class HotSpotLine:
    building: str
    category: str
    count: int
    first_on: date
    last_on: date
    case_nos: tuple[str, ...]


@dataclass(frozen=True)
class StreetReport:
    community: str
    street: str
    period: Period
    made_at: datetime            # local
    totals: Figures
    before: Figures              # the previous period's
    by_channel: tuple[Count, ...]
    by_category: tuple[Group, ...]
    pool: Listed
    overdue: Listed
    departments: tuple[DepartmentLine, ...]
    hot_spots: tuple[HotSpotLine, ...]

    @property
    def previous(self) -> Period:
        return self.period.previous()

    @property
    def complete(self) -> bool:
        """The period is over: its figures are whole."""
        return self.made_at.date() > self.period.last

    @property
    def before_word(self) -> str:
        """What the figures are compared with: the whole previous period, or, while this one runs, the same days of
        it (上月同期: the 1st to the 5th of last month on the 5th), so a period half gone is not read as a fall."""
        return self.period.before_word + ("" if self.complete else "同期")

    @property
    def changes(self) -> tuple[Change, ...]:
        t, b = self.totals, self.before
        counted = {"response_rate": f"{t.responded}/{t.received}", "resolution_rate": f"{t.resolved}/{t.received}",
                   "satisfaction_rate": f"{t.satisfied}/{t.follow_ups}"}
        return tuple(Change(name, getattr(t, key), getattr(b, key), counted[key]) for key, name in RATES)

    @property
    def definitions(self) -> tuple[str, ...]:
        """How each figure is counted, in Chinese (``rates.DEFINITIONS``)."""
        keys = ("received", "response_rate", "resolution_rate", "satisfaction_rate", "response_time",
                "resolve_time", "on_time_rate")
        return tuple(rates.DEFINITIONS[k][1] for k in keys)

    @property
    def file_name(self) -> str:
        return f"工作简报-{self.period.name}"


@dataclass(frozen=True)
class ReportFile:
    path: Path
    period: Period
    received: int
    pages: int | None  # a PDF's; None for a .docx (Word lays it out)
