"""The conditions of a list built by ticking (智慧报表): what they are, how they are checked, how they read as JSON
(saved_list.conditions) and in words, and the SQL each one compiles to.

Conditions of different kinds all hold (age AND tag AND grid); the values ticked within one kind are alternatives
(the tags 空巢 or 独居, grid one or grid two, building 3 or 5), as any filter panel reads. Every condition is a
condition on the resident row: a column compared (age is a range of ``birth_date``), the resident's id or flat IN a
subquery of an indexed table (household_tag, person_tag, case, volunteer: the database may start from the few rows
the subquery finds and reach the residents by their primary key, where an EXISTS probe per resident read all
100,000 of them: 205 -> 83 ms for "has open requests"), or an EXISTS probe of the resident's ledger account; nothing
is filtered in Python, so a count stays one statement (benchmarks/lists_bench.py: 40 ms for three conditions at
100,000 residents, against 7 s loading them all; no index was added for it).

Age is counted from the birth date against the clock's day, so a list saved in spring and run in autumn holds
whoever is 90 by then. Residents without a birth date are in no list with an age condition.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from app.domain.enums import AccountKind, ResidentStatus, Unit, VolunteerStatus
from app.models import Case, Household, HouseholdTagRow, LedgerAccount, PersonTag, Resident, SavedList, Volunteer
from app.services.core.clock import LOCAL_TZ
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors
from app.services.core.validation import fold_width
from app.services.people.statuses import ERASED_NAME, OPEN_STATUSES


@dataclass(frozen=True)
class ListRow:
    """One person on a list as the page, the printout and the exports show them."""

    id: uuid.UUID
    name: str
    gender: str        # 男 / 女 / ""
    age: int | None
    address: str       # 3号楼2单元301室, "" without a flat
    phone: str         # as the document asks: masked on the page and the printout, whole in an export
    tags: str          # 空巢、独居 (the household's and the person's)
    grid: str
    open_requests: int
    moved_away: bool


MAX_AGE = 130
MAX_DAYS = 3660          # ten years: "a request in the last 20,000 days" is a slip of the finger
MAX_HOURS = 100_000      # of service time: more than anyone banks
MAX_POINTS = 10_000_000
NAME_MAX = 40            # saved_list.name


class Departed:
    """Whether residents who moved away are in the list (the deceased and merged records never are)."""

    HERE = "here"        # living here (the default)
    WITH = "with"        # living here and moved away
    ONLY = "only"        # only those who moved away

    ALL = (HERE, WITH, ONLY)


@dataclass(frozen=True)
class ListConditions:
    """What a list asks for; the empty default is every resident living here."""

    age_from: int | None = None                 # 岁, inclusive
    age_to: int | None = None                   # 岁, inclusive
    tags: tuple[str, ...] = ()                  # tag codes (household or person), any of them
    grids: tuple[str, ...] = ()                 # grid ids as text, any of them
    buildings: tuple[str, ...] = ()             # building numbers ("3"), any of them
    open_requests: bool = False                 # has a request not yet closed
    requested_within_days: int | None = None    # had a request logged in the last N days (today included)
    volunteer: bool = False                     # a time-bank volunteer (active or paused)
    timebank_hours_at_least: float | None = None
    points_at_least: int | None = None
    gender: str = ""                            # "", "M", "F"
    departed: str = Departed.HERE

    @property
    def empty(self) -> bool:
        return self == ListConditions()

    def to_json(self) -> str:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()
                if v != getattr(EMPTY, k)}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> tuple[ListConditions, list[str]]:
        """The conditions stored as ``text``, and what of it could not be read (in words, for the page to say):
        an unknown key or a value of the wrong type is left out rather than refusing the whole list."""
        problems: list[str] = []
        try:
            raw = json.loads(text)
        except (TypeError, ValueError):
            return EMPTY, ["保存的条件无法读取，已按“全部在册居民”打开。"]
        if not isinstance(raw, dict):
            return EMPTY, ["保存的条件无法读取，已按“全部在册居民”打开。"]
        values: dict[str, Any] = {}
        for key, value in raw.items():
            kind = _KINDS.get(key)
            if kind is None:
                problems.append(f"保存的条件中有本程序不认识的一项（{key}），已忽略。")
                continue
            checked = _read_value(kind, value)
            if checked is _BAD:
                problems.append(f"保存的条件“{_CAPTIONS.get(key, key)}”无法读取，已忽略。")
                continue
            values[key] = checked
        return replace(EMPTY, **values), problems


EMPTY = ListConditions()
_BAD = object()
_KINDS: dict[str, str] = {
    "age_from": "int", "age_to": "int", "tags": "strs", "grids": "strs", "buildings": "strs",
    "open_requests": "bool", "requested_within_days": "int", "volunteer": "bool",
    "timebank_hours_at_least": "num", "points_at_least": "int", "gender": "str", "departed": "str",
}
_CAPTIONS = {
    "age_from": "年龄下限", "age_to": "年龄上限", "tags": "标签", "grids": "网格", "buildings": "楼栋",
    "open_requests": "有未办结诉求", "requested_within_days": "近期有诉求", "volunteer": "志愿者",
    "timebank_hours_at_least": "时间银行余额", "points_at_least": "积分余额", "gender": "性别", "departed": "迁出",
}


def _read_value(kind: str, value: Any) -> Any:
    if value is None and kind in ("int", "num"):
        return None
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) else _BAD
    if kind == "num":
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else _BAD
    if kind == "bool":
        return value if isinstance(value, bool) else _BAD
    if kind == "str":
        return value if isinstance(value, str) else _BAD
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return _BAD


# --- checks ------------------------------------------------------------------------------------------------------


def check_conditions(errors: FieldErrors, c: ListConditions) -> None:
    """Each mistake under its field (the page shows it next to the control): ages out of range or the wrong way
    round, negative amounts, a number of days of zero or beyond ten years, an unknown gender or departed choice."""
    for key in ("age_from", "age_to"):
        value = getattr(c, key)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors.add(key, QT_TRANSLATE_NOOP("errors", "An age is between 0 and {most}."), most=MAX_AGE)
    if c.age_from is not None and c.age_to is not None and c.age_from > c.age_to and "age_from" not in errors.errors:
        errors.add("age_to", QT_TRANSLATE_NOOP(
            "errors", "Age up to {to} is below age from {frm}: nobody can be both; please change one of them."),
            to=c.age_to, frm=c.age_from)
    days = c.requested_within_days
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors.add("requested_within_days", QT_TRANSLATE_NOOP(
            "errors", "The number of days is from 1 to {most}."), most=MAX_DAYS)
    if c.timebank_hours_at_least is not None and not 0 <= c.timebank_hours_at_least <= MAX_HOURS:
        errors.add("timebank_hours_at_least", QT_TRANSLATE_NOOP(
            "errors", "A balance cannot be negative (and at most {most})."), most=MAX_HOURS)
    if c.points_at_least is not None and not 0 <= c.points_at_least <= MAX_POINTS:
        errors.add("points_at_least", QT_TRANSLATE_NOOP(
            "errors", "A balance cannot be negative (and at most {most})."), most=MAX_POINTS)
    if c.gender not in ("", "M", "F"):
        errors.add("gender", QT_TRANSLATE_NOOP("errors", "Please choose male or female."))
    if c.departed not in Departed.ALL:
        errors.add("departed", QT_TRANSLATE_NOOP("errors", "Please choose who of those who moved away to include."))
    wrong = [b for b in c.buildings if not building_number(b).isdigit()]
    if wrong:
        errors.add("buildings", QT_TRANSLATE_NOOP(
            "errors", "A building is written by its number, such as 3 or 3号楼: {wrong} is not."),
            wrong="、".join(wrong))


def building_number(text: str) -> str:
    """"3", "３", "3号楼", "３栋" -> "3" (full-width digits from a Chinese input method fold to ASCII)."""
    number = fold_width(text).strip()
    for suffix in ("号楼", "栋", "幢", "号"):
        number = number.removesuffix(suffix)
    return number.strip()


# --- SQL ---------------------------------------------------------------------------------------------------------


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def born_range(today: date, age_from: int | None, age_to: int | None) -> ColumnElement[bool] | None:
    """Aged ``age_from`` to ``age_to`` (inclusive) on ``today``, as a range of the birth date (its index serves it).
    Someone is ``n`` or older when born on or before today ``n`` years ago; ``n`` or younger when born after
    today ``n + 1`` years ago. Born on 29 February: a year's birthday is 1 March in a year without one, as
    ``residents.age_on`` counts."""
    parts = []
    if age_from is not None:
        parts.append(Resident.birth_date <= _years_before(today, age_from))
    if age_to is not None:
        parts.append(Resident.birth_date > _years_before(today, age_to + 1))
    if not parts:
        return None
    return and_(Resident.birth_date.is_not(None), *parts)


def compile_conditions(c: ListConditions, today: date, now: datetime) -> ColumnElement[bool]:
    """The SQL condition on ``Resident`` (with ``Household`` outer-joined) that holds for exactly the residents the
    list asks for. ``today`` is the local day the ages are counted on, ``now`` the moment "the last N days" ends."""
    parts: list[ColumnElement[bool]] = [Resident.name != ERASED_NAME]
    if c.departed == Departed.ONLY:
        parts.append(Resident.status == ResidentStatus.MOVED_AWAY)
    elif c.departed == Departed.WITH:
        parts.append(Resident.status.in_((ResidentStatus.ACTIVE, ResidentStatus.MOVED_AWAY)))
    else:
        parts.append(Resident.status == ResidentStatus.ACTIVE)
    ages = born_range(today, c.age_from, c.age_to)
    if ages is not None:
        parts.append(ages)
    if c.gender:
        parts.append(Resident.gender == c.gender)
    if c.tags:
        codes = list(c.tags)
        parts.append(or_(
            Resident.household_id.in_(select(HouseholdTagRow.household_id).where(HouseholdTagRow.tag.in_(codes))),
            Resident.id.in_(select(PersonTag.resident_id).where(PersonTag.tag.in_(codes))),
        ))
    if c.grids:
        ids = [_uuid(g) for g in c.grids]
        parts.append(Household.grid_id.in_([i for i in ids if i is not None]))
    if c.buildings:
        parts.append(Household.building.in_([building_number(b) for b in c.buildings]))
    if c.open_requests:
        parts.append(Resident.id.in_(select(Case.resident_id).where(Case.status.in_(OPEN_STATUSES))))
    if c.requested_within_days is not None:
        first_day = today - timedelta(days=c.requested_within_days - 1)
        since = datetime.combine(first_day, time(0, 0), LOCAL_TZ)
        parts.append(Resident.id.in_(select(Case.resident_id).where(Case.created_at >= since,
                                                                     Case.created_at <= now)))
    if c.volunteer:
        parts.append(Resident.id.in_(select(Volunteer.resident_id).where(Volunteer.status != VolunteerStatus.LEFT)))
    if c.timebank_hours_at_least is not None:
        parts.append(_balance_at_least(Unit.MINUTES, round(c.timebank_hours_at_least * 60)))
    if c.points_at_least is not None:
        parts.append(_balance_at_least(Unit.POINTS, c.points_at_least))
    return and_(*parts)


def _balance_at_least(unit: Unit, amount: int) -> ColumnElement[bool]:
    """The resident's own account's cached balance (ledger_account.balance, one row per resident and unit, found by
    ix_ledger_account_owner) at least ``amount``. At least 0 includes whoever never held an account."""
    held = exists().where(LedgerAccount.resident_id == Resident.id, LedgerAccount.unit == unit,
                          LedgerAccount.kind == AccountKind.PERSONAL, LedgerAccount.balance >= amount)
    if amount <= 0:
        return or_(held, ~exists().where(LedgerAccount.resident_id == Resident.id, LedgerAccount.unit == unit,
                                         LedgerAccount.kind == AccountKind.PERSONAL))
    return held


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def base_query() -> Any:
    """Residents with their flat (outer-joined: a resident without one is still listed, last)."""
    return select(Resident).outerjoin(Household, Resident.household_id == Household.id)


# --- words -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """What the words need to name ids and codes: grid id -> name, tag code -> name."""

    grids: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)


def _hours(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def describe(c: ListConditions, names: Names) -> str:
    """The conditions as a clerk says them: 年龄90岁及以上；标签：独居；网格：第一网格. Printed under a list's title."""
    words: list[str] = []
    if c.age_from is not None and c.age_to is not None:
        words.append(f"年龄{c.age_from}至{c.age_to}岁")
    elif c.age_from is not None:
        words.append(f"年龄{c.age_from}岁及以上")
    elif c.age_to is not None:
        words.append(f"年龄{c.age_to}岁及以下")
    if c.gender:
        words.append("男性" if c.gender == "M" else "女性")
    if c.tags:
        words.append("标签：" + "或".join(names.tags.get(t, t) for t in c.tags))
    if c.grids:
        words.append("网格：" + "或".join(names.grids.get(g, "（已不存在的网格）") for g in c.grids))
    if c.buildings:
        words.append("楼栋：" + "、".join(f"{building_number(b)}号楼" for b in c.buildings))
    if c.open_requests:
        words.append("有未办结的诉求")
    if c.requested_within_days is not None:
        words.append(f"近{c.requested_within_days}天内有诉求")
    if c.volunteer:
        words.append("志愿者")
    if c.timebank_hours_at_least is not None:
        words.append(f"时间银行余额不少于{_hours(c.timebank_hours_at_least)}小时")
    if c.points_at_least is not None:
        words.append(f"积分余额不少于{c.points_at_least}分")
    if c.departed == Departed.WITH:
        words.append("含已迁出居民")
    elif c.departed == Departed.ONLY:
        words.append("仅已迁出居民")
    return "；".join(words) if words else "全部在册居民"


# --- the lists a desk starts with ---------------------------------------------------------------------------------

READY_MADE: tuple[tuple[str, ListConditions], ...] = (
    ("90岁及以上老人", ListConditions(age_from=90)),             # seed 002: free milk for the over-90s
    ("70岁以上独居老人", ListConditions(age_from=70, tags=("alone",))),
    ("空巢家庭", ListConditions(tags=("empty_nest",))),
    ("残疾人家庭", ListConditions(tags=("disabled",))),
    ("有未办结诉求的居民", ListConditions(open_requests=True)),
    ("近30天来电来访的居民", ListConditions(requested_within_days=30)),
    ("志愿者", ListConditions(volunteer=True)),
)


def seed_ready_made(session: Session, desk_code: str) -> int:
    """The ready-made lists, once: at set-up, and for a database set up before lists existed when its lists are first
    read. A ready-made list renamed or deleted stays so (deleting one retires it), so they are never seeded twice."""
    if session.scalar(select(SavedList.id).where(SavedList.ready_made.is_(True)).limit(1)) is not None:
        return 0
    taken = set(session.scalars(select(SavedList.name)))
    added = 0
    for name, conditions in READY_MADE:
        if name not in taken:
            session.add(SavedList(name=name, conditions=conditions.to_json(), ready_made=True, desk_code=desk_code))
            added += 1
    return added
