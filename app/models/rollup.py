"""The rates' daily rollup (app.services.cases.rollup): what ``app.services.cases.rates`` counts of the requests
received on one local day, per (class, grid, handling level), and per (department, class, grid) for the departments
called in on them.

Derived data, like the search index: made again from ``case`` and ``case_department`` at any time (``main.py verify``
recounts it), kept in the transaction that writes the requests, never synchronised between desks, never audited. So
it carries neither UUID nor desk stamps: its key is the group it counts. A request outside every grid is counted under
``NO_GRID`` (a key column may not be NULL).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

NO_GRID = uuid.UUID(int=0)

#: The counters of ``app.services.cases.rates.Figures``, in its order.
FIGURE_COLUMNS = ("received", "households", "responded", "resolved", "follow_ups", "satisfied", "fully_satisfied",
                  "in_pool", "respond_seconds", "resolve_seconds", "repeats", "unreachable")
#: The counters of a department's ranking (``rates.DepartmentScore``), in its order.
SCORE_COLUMNS = ("called", "reported", "on_time", "overdue", "unjudged", "report_seconds")


class _Figures:
    received: Mapped[int] = mapped_column(Integer, default=0)
    households: Mapped[int] = mapped_column(Integer, default=0)
    responded: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    follow_ups: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    fully_satisfied: Mapped[int] = mapped_column(Integer, default=0)
    in_pool: Mapped[int] = mapped_column(Integer, default=0)
    respond_seconds: Mapped[float] = mapped_column(Float, default=0.0)  # whole seconds, summed
    resolve_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # issue 20: repeats of an earlier request (重复诉求), follow-ups that reached nobody (无法联系)
    repeats: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unreachable: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RatesDay(_Figures, Base):
    """The requests received on ``day`` (local) of one class, grid and current handling level."""

    __tablename__ = "rates_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    grid_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)


class RatesDayDepartment(_Figures, Base):
    """The requests received on ``day`` of one class and grid that ``department_id`` is involved in, and its latest
    call on each (the ranking's counters)."""

    __tablename__ = "rates_day_department"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    department_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    category_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    grid_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    called: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    overdue: Mapped[int] = mapped_column(Integer, default=0)
    unjudged: Mapped[int] = mapped_column(Integer, default=0)
    report_seconds: Mapped[float] = mapped_column(Float, default=0.0)
