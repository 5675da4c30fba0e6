"""A duty's dates: the n-th occurrence of its cycle counted from its anchor (the first due date as set).

Counting from the anchor rather than from the last due date keeps a monthly duty set on the 31st on the 31st: it
falls on the last day of a shorter month (Feb 28 or 29, Apr 30) and goes back to the 31st after. A yearly duty set on
Feb 29 is due on Feb 28 in other years and on Feb 29 again in a leap year. Plain dates, no database, no clock.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from app.domain.enums import DutyCycle


def _add_months(anchor: date, months: int) -> date:
    month0 = anchor.month - 1 + months
    year, month = anchor.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def occurrence(anchor: date, cycle: DutyCycle | str, every: int, n: int) -> date:
    """The n-th due date (n = 0 is the anchor itself)."""
    step = n * max(every, 1)
    cycle = DutyCycle(cycle)
    if cycle is DutyCycle.DAILY:
        return anchor + timedelta(days=step)
    if cycle is DutyCycle.WEEKLY:
        return anchor + timedelta(weeks=step)
    if cycle is DutyCycle.MONTHLY:
        return _add_months(anchor, step)
    return _add_months(anchor, 12 * step)


def _index_near(anchor: date, cycle: DutyCycle, every: int, day: date) -> int:
    """An occurrence index at or just before ``day`` (a guess within one step; the callers correct it)."""
    every = max(every, 1)
    days = (day - anchor).days
    if cycle is DutyCycle.DAILY:
        return days // every
    if cycle is DutyCycle.WEEKLY:
        return days // (7 * every)
    months = (day.year - anchor.year) * 12 + day.month - anchor.month
    return months // (every * (12 if cycle is DutyCycle.YEARLY else 1))


def first_on_or_after(anchor: date, cycle: DutyCycle | str, every: int, day: date) -> date:
    """The first due date on or after ``day`` (the anchor when ``day`` is before it)."""
    cycle = DutyCycle(cycle)
    if day <= anchor:
        return anchor
    n = max(_index_near(anchor, cycle, every, day) - 1, 0)
    while occurrence(anchor, cycle, every, n) < day:
        n += 1
    return occurrence(anchor, cycle, every, n)


def after(anchor: date, cycle: DutyCycle | str, every: int, due: date) -> date:
    """The due date that follows ``due``."""
    return first_on_or_after(anchor, cycle, every, due + timedelta(days=1))


def before(anchor: date, cycle: DutyCycle | str, every: int, due: date) -> date:
    """The due date before ``due`` (for the first one: one cycle back from it, as if counted on)."""
    cycle = DutyCycle(cycle)
    n = _index_near(anchor, cycle, every, due) + 1
    while occurrence(anchor, cycle, every, n) >= due:
        n -= 1
    return occurrence(anchor, cycle, every, n)


def between(anchor: date, cycle: DutyCycle | str, every: int, start: date, end: date) -> list[date]:
    """Every due date from ``start`` to ``end``, both included."""
    found: list[date] = []
    day = first_on_or_after(anchor, cycle, every, start)
    while day <= end:
        found.append(day)
        day = after(anchor, cycle, every, day)
    return found


def period_days(cycle: DutyCycle | str, every: int) -> int:
    """About how many days one cycle lasts (a visit duty is shown for its whole period)."""
    per = {DutyCycle.DAILY: 1, DutyCycle.WEEKLY: 7, DutyCycle.MONTHLY: 30, DutyCycle.YEARLY: 365}[DutyCycle(cycle)]
    return per * max(every, 1)
