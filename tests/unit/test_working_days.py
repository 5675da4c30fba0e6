"""The one deadline function on China's official calendar: 国庆 and 春节 with their worked weekend days (调休), a
start on a holiday, the administrator's table over the package, a year neither knows (weekends only, provisional),
and properties: adding days or starting later never moves a deadline earlier."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.cases.working_days import DayEntry, Span, WorkCalendar, category_span, missing_year
from app.services.core.clock import LOCAL_TZ

CALENDAR = WorkCalendar()


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """Beijing wall time, as the desk reads it."""
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def due(start: datetime, days: int, calendar: WorkCalendar = CALENDAR) -> datetime:
    return calendar.deadline(start, Span.days(days)).astimezone(LOCAL_TZ)


def test_five_working_days_over_national_day_2026_land_on_tuesday_13_october() -> None:
    # Wed 30 Sep; 1-7 Oct off; Thu 8, Fri 9, Sat 10 (worked in place of the holiday), Mon 12, Tue 13.
    assert due(at(2026, 9, 30), 5) == at(2026, 10, 13)
    assert due(at(2026, 9, 30, 16, 45), 5) == at(2026, 10, 13, 16, 45)


def test_a_worked_saturday_counts_and_the_sunday_after_does_not() -> None:
    assert due(at(2026, 10, 9, 15), 1) == at(2026, 10, 10, 15)   # Fri -> the worked Sat 10 Oct
    assert due(at(2026, 10, 10, 15), 1) == at(2026, 10, 12, 15)  # the worked Sat -> Mon (Sun 11 is a rest day)


def test_spring_festival_2026_with_its_two_worked_saturdays() -> None:
    # Fri 13 Feb; Sat 14 Feb worked; 15-23 Feb off; Tue 24, Wed 25 ...; Sat 28 Feb worked.
    assert due(at(2026, 2, 13, 9), 1) == at(2026, 2, 14, 9)
    assert due(at(2026, 2, 13, 9), 2) == at(2026, 2, 24, 9)
    assert due(at(2026, 2, 13, 9), 5) == at(2026, 2, 27, 9)
    assert due(at(2026, 2, 13, 9), 6) == at(2026, 2, 28, 9)


def test_a_start_on_a_rest_day_runs_from_the_next_working_day_whole() -> None:
    # Sat 3 Oct (holiday): the clock starts with Thu 8 Oct; one working day ends when 8 Oct does.
    assert due(at(2026, 10, 3, 10), 1) == datetime(2026, 10, 9, 0, 0, tzinfo=LOCAL_TZ)
    # an ordinary Sunday: Monday whole
    assert due(at(2026, 11, 22, 20), 1) == datetime(2026, 11, 24, 0, 0, tzinfo=LOCAL_TZ)


def test_hours_are_wall_time_and_a_cap_shortens_working_days() -> None:
    start = at(2026, 9, 30, 10)
    assert CALENDAR.deadline(start, Span.hours(24)) == start + timedelta(hours=24)
    assert CALENDAR.deadline(start, Span.days(5, cap=timedelta(hours=4))) == start + timedelta(hours=4)
    assert category_span(24, 5, 5) == Span.days(5, timedelta(hours=4))   # emergency: 4 hours at most
    assert category_span(48, None, 4) == Span.hours(24)                   # urgent: 24 hours at most
    assert category_span(48, None, 3) == Span.hours(48)


def test_the_administrators_table_wins_over_the_package() -> None:
    # a fictional extra holiday on Mon 12 Oct 2026 and Sun 11 Oct worked
    table = WorkCalendar([DayEntry(date(2026, 10, 12), False, "测试假日"), DayEntry(date(2026, 10, 11), True, "调休")])
    assert not table.is_workday(date(2026, 10, 12)) and table.is_workday(date(2026, 10, 11))
    assert table.holiday_name(date(2026, 10, 12)) == "测试假日"
    assert CALENDAR.holiday_name(date(2026, 10, 1)) == "国庆节"
    assert due(at(2026, 10, 10, 15), 1, table) == at(2026, 10, 11, 15)
    assert due(at(2026, 10, 10, 15), 2, table) == at(2026, 10, 13, 15)


def test_a_year_neither_knows_counts_weekends_only_and_is_provisional() -> None:
    assert not CALENDAR.known(2027)
    # 2027-01-01 is a Friday: without the notice it is a working day (New Year's Day is not known yet)
    start = at(2026, 12, 31, 10)
    assert due(start, 1) == at(2027, 1, 1, 10)
    assert CALENDAR.provisional(start, due(start, 1))
    assert not CALENDAR.provisional(at(2026, 12, 1), at(2026, 12, 31))
    begun = WorkCalendar([DayEntry(date(2027, 1, 1), False, "元旦")])  # the notice entered up to 元旦 only
    assert not begun.known(2027) and begun.begun_years == {2027} and begun.provisional(start, due(start, 1, begun))
    assert due(start, 1, begun) == at(2027, 1, 4, 10)  # Fri 1 Jan off, then the weekend: Monday
    entered = WorkCalendar([DayEntry(date(2027, 1, 1), False, "元旦"), DayEntry(date(2027, 10, 1), False, "国庆节")])
    assert entered.known(2027) and not entered.provisional(start, due(start, 1, entered))


def test_the_missing_year_is_asked_for_from_december() -> None:
    assert missing_year(CALENDAR, datetime(2026, 11, 30, 12, tzinfo=UTC)) is None
    assert missing_year(CALENDAR, datetime(2026, 12, 1, 12, tzinfo=UTC)) == 2027
    assert missing_year(CALENDAR, datetime(2027, 3, 1, tzinfo=UTC)) == 2027
    assert missing_year(WorkCalendar([DayEntry(date(2027, 1, 1), False, "元旦")]),
                        datetime(2026, 12, 3, tzinfo=UTC)) == 2027  # begun, not to 国庆节 yet
    assert missing_year(WorkCalendar([DayEntry(date(2027, 10, 1), False, "国庆节")]),
                        datetime(2026, 12, 3, tzinfo=UTC)) is None


STARTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),
                      timezones=st.just(LOCAL_TZ))


@settings(max_examples=300, deadline=None)
@given(start=STARTS, days=st.integers(1, 40))
def test_a_day_more_is_never_earlier_and_always_later(start: datetime, days: int) -> None:
    assert CALENDAR.deadline(start, Span.days(days + 1)) > CALENDAR.deadline(start, Span.days(days))
    assert CALENDAR.deadline(start, Span.days(days)) >= start + timedelta(days=days)


@settings(max_examples=300, deadline=None)
@given(start=STARTS, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
       days=st.integers(1, 20))
def test_a_later_start_never_gives_an_earlier_deadline(start: datetime, later: timedelta, days: int) -> None:
    assert CALENDAR.deadline(start + later, Span.days(days)) >= CALENDAR.deadline(start, Span.days(days))


@settings(max_examples=200, deadline=None)
@given(start=STARTS, days=st.integers(1, 30))
def test_a_deadline_falls_in_a_working_day_or_at_the_midnight_ending_one(start: datetime, days: int) -> None:
    end = CALENDAR.deadline(start, Span.days(days)).astimezone(LOCAL_TZ)
    at_midnight = end.hour == end.minute == end.second == end.microsecond == 0
    assert CALENDAR.is_workday(end.date()) or (at_midnight and CALENDAR.is_workday(end.date() - timedelta(days=1)))
    # exactly ``days`` working days lie between the start's day and the deadline's (the start's own day aside,
    # unless the start is its very beginning)
    here = start.astimezone(LOCAL_TZ)
    first = here.date()
    whole = here.time() == datetime.min.time()
    last = end.date() - timedelta(days=1) if at_midnight else end.date()
    counted = sum(CALENDAR.is_workday(first + timedelta(days=i))
                  for i in range(0 if whole else 1, (last - first).days + 1))
    assert counted == days
