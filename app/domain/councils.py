"""The three levels of the residents' council (三级议事会, seed 000) and the place of a meeting in its level's cycle.

楼栋议事会 meets weekly (each building elects 1-2 residents' representatives), 网格议事会 monthly (cadres, grid workers
and residents' representatives), 社区议事会 quarterly (every resident may attend). A meeting's cycle is derived from
its date and level: 2026年第49周 (the ISO week), 2026年12月, 2026年第4季度."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class CouncilLevel(StrEnum):
    BUILDING = "building"    # 楼栋议事会, weekly
    GRID = "grid"            # 网格议事会, monthly
    COMMUNITY = "community"  # 社区议事会, quarterly


class AttendeeKind(StrEnum):
    """Who an attendee is: a resident of the register, a staff account (cadres, grid workers), or a department's
    representative (the department chosen, the person's name typed)."""

    RESIDENT = "resident"      # 居民
    STAFF = "staff"            # 社区干部/网格员
    DEPARTMENT = "department"  # 部门代表


REPRESENTATIVES_MAX = 2  # a building elects 1-2 residents' representatives (seed 000)


def cycle_key(level: CouncilLevel, day: date) -> str:
    """The cycle ``day`` falls in at ``level``, as a sortable key: 2026-W49, 2026-12, 2026-Q4."""
    if level is CouncilLevel.BUILDING:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if level is CouncilLevel.GRID:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def cycle_text(level: CouncilLevel, day: date) -> str:
    """The cycle in Chinese, as the desk and the notice say it: 2026年第49周, 2026年12月, 2026年第4季度."""
    if level is CouncilLevel.BUILDING:
        year, week, _ = day.isocalendar()
        return f"{year}年第{week}周"
    if level is CouncilLevel.GRID:
        return f"{day.year}年{day.month}月"
    return f"{day.year}年第{(day.month - 1) // 3 + 1}季度"
