"""Where a duty or a patrol entry is, in words: 3号楼, 3号楼2单元301室, or a resident (masked: 张*) and their home;
and the one query the due list, the home page's counts, the weekly sheet and the command line read duties through."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain.enums import DutyCycle, Role
from app.models import Building, CouncilItem, CouncilMeeting, Duty, Grid, Household, Resident, Staff
from app.services.core.errors import QT_TRANSLATE_NOOP, PermissionDenied
from app.services.documents.masking import mask_name
from app.services.people.addresses import flat_address

MAX_REMIND_DAYS = 366

_home = aliased(Household)   # a resident's household (a person's duty)
_of_duty = aliased(Household)  # the duty's own household

# The grid a duty belongs to: its building's, its household's or its resident's household's.
DUTY_GRID = func.coalesce(Building.grid_id, _of_duty.grid_id, _home.grid_id)


def parse_address(text: str) -> tuple[str, str, str] | None:
    """3-2-301 or 3号楼2单元301室 (full-width digits too) as (building, unit, room); None for anything else."""
    return flat_address(text)


def find_household(session: Session, address: tuple[str, str, str]) -> Household | None:
    b, u, r = address
    return session.scalar(select(Household).where(Household.building == b, Household.unit == u, Household.room == r))


def building_words(number: str) -> str:
    return f"{number}号楼"


def household_words(building: str, unit: str, room: str) -> str:
    return f"{building}号楼{unit}单元{room}室"


def resident_words(name: str, home: str, mask: Callable[[str], str] = mask_name) -> str:
    """A person as the due list shows them: the masked name (张*; a printout asks its rule), then their home."""
    shown = mask(name) if name else "（姓名已删除）"
    return f"{shown}（{home}）" if home else shown


@dataclass(frozen=True)
class DutyRow:
    id: uuid.UUID
    title: str
    kind: str                    # a DutyKind value
    cycle: DutyCycle
    every: int
    next_due: date
    remind_days: int
    place: str
    grid_id: uuid.UUID | None
    grid_name: str
    responsible_id: uuid.UUID | None
    responsible: str
    from_tag: str | None
    note: str
    household_id: uuid.UUID | None
    resident_id: uuid.UUID | None
    building_id: uuid.UUID | None
    council_item_id: uuid.UUID | None = None  # a council item made a duty (转为待办, app.services.notices.council)

    @property
    def shows_from(self) -> date:
        return self.next_due - timedelta(days=self.remind_days)

    def overdue_days(self, today: date) -> int:
        return max((today - self.next_due).days, 0)


def duty_rows_query(*where: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """Active duties with their place, grid and responsible person, narrowed by ``where``."""
    query: Select[*tuple[Any, ...]] = (
        select(Duty.id, Duty.title, Duty.kind, Duty.cycle, Duty.every, Duty.next_due, Duty.remind_days,
               Building.number, _of_duty.building, _of_duty.unit, _of_duty.room, Resident.name,
               _home.building, _home.unit, _home.room, DUTY_GRID, Grid.name, Duty.responsible_id,
               Staff.display_name, Duty.from_tag, Duty.note, Duty.household_id, Duty.resident_id, Duty.building_id,
               CouncilItem.id, CouncilItem.seq, CouncilMeeting.title)
        .outerjoin(Building, Building.id == Duty.building_id)
        .outerjoin(_of_duty, _of_duty.id == Duty.household_id)
        .outerjoin(Resident, Resident.id == Duty.resident_id)
        .outerjoin(_home, _home.id == Resident.household_id)
        .outerjoin(Grid, Grid.id == DUTY_GRID)
        .outerjoin(Staff, Staff.id == Duty.responsible_id)
        .outerjoin(CouncilItem, CouncilItem.duty_id == Duty.id)
        .outerjoin(CouncilMeeting, CouncilMeeting.id == CouncilItem.meeting_id)
        .where(Duty.active.is_(True), *where)
    )
    return query


def to_rows(session: Session, query: Select[*tuple[Any, ...]],
            mask: Callable[[str], str] = mask_name) -> list[DutyRow]:
    rows = []
    for (did, title, kind, cycle, every, due, remind, b_number, h_b, h_u, h_r, r_name, rh_b, rh_u, rh_r, grid_id,
         grid_name, resp_id, resp_name, from_tag, note, household_id, resident_id,
         building_id, item_id, item_seq, meeting_title) in session.execute(query):
        if item_id is not None:
            place = f"议事会“{meeting_title}”第{item_seq}项"
        elif b_number is not None:
            place = building_words(b_number)
        elif h_b is not None:
            place = household_words(h_b, h_u, h_r)
        else:
            home = household_words(rh_b, rh_u, rh_r) if rh_b is not None else ""
            place = resident_words(r_name or "", home, mask)
        rows.append(DutyRow(did, title, kind, DutyCycle(cycle), every, due, remind, place, grid_id, grid_name or "",
                            resp_id, resp_name or "", from_tag, note or "", household_id, resident_id, building_id,
                            item_id))
    return rows


def due_filter(today: date, days: int) -> ColumnElement[bool]:
    """What the due list narrows to in SQL (on ix_duty_active_next_due): due within ``days``, or far enough
    ahead that only a long reminder could show it; ``showing`` then keeps those whose reminder has begun."""
    return or_(Duty.next_due <= today + timedelta(days=days),
               and_(Duty.remind_days > days, Duty.next_due <= today + timedelta(days=MAX_REMIND_DAYS)))


def showing(row: DutyRow, today: date, days: int) -> bool:
    return row.next_due <= today + timedelta(days=days) or row.shows_from <= today


def scope_filter(responsible_id: uuid.UUID | None, grid_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if responsible_id is not None:
        where.append(Duty.responsible_id == responsible_id)
    if grid_id is not None:
        where.append(DUTY_GRID == grid_id)
    return where


def check_reach(session: Session, staff: Staff, duty: Duty) -> None:
    """A grid worker records the duties of their own grid and those they are responsible for, as they handle the
    requests of their own grid (cases/reach.py); the desk, the director and the administrator record every duty."""
    if staff.role is not Role.GRID_WORKER or duty.responsible_id == staff.id:
        return
    [row] = to_rows(session, duty_rows_query(Duty.id == duty.id))
    grid = session.get(Grid, row.grid_id) if row.grid_id is not None else None
    if grid is not None and grid.worker_id == staff.id:
        return
    raise PermissionDenied(QT_TRANSLATE_NOOP(
        "errors", "{title} at {place} belongs to {grid} and is {responsible}'s: a grid worker records the duties of "
        "their own grid and those they are responsible for."), title=row.title, place=row.place,
        grid=row.grid_name or "—", responsible=row.responsible or "—")
