"""The visits a tag promises (日见面, 一帮一, 亲情上门, 隐患周查): one active visit duty for every household (or person)
carrying a tag whose ``visit_cycle`` is set, its grid worker responsible; and which promised visits were missed, by
grid (the director's review).

``sync_visit_duties`` runs inside the caller's transaction: the register's tag-editing paths call it for the one
household they changed, so a tag added makes its visit at once and a tag taken off ends it (``active`` False; the
records stay). A new visit is first due at the end of its first cycle (a weekly one in six days: it is shown from
today, its reminder lasting the cycle).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.domain.enums import DutyCycle, DutyKind, DutyOutcome, ResidentStatus
from app.models import Duty, DutyRecord, Grid, Household, HouseholdTagRow, PersonTag, Resident, Staff, Tag
from app.services.care import cycles
from app.services.care.duties import today_of
from app.services.care.places import DUTY_GRID, MAX_REMIND_DAYS, duty_rows_query
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, ValidationError

Key = tuple[uuid.UUID, str]  # (household or resident, tag code)
_OWN, _HOME = aliased(Household), aliased(Household)
_GRID = func.coalesce(_OWN.grid_id, _HOME.grid_id)  # a visit's grid: its household's, or its person's home's


@dataclass(frozen=True)
class SyncReport:
    added: int
    changed: int
    ended: int


@dataclass(frozen=True)
class GridVisits:
    grid_id: uuid.UUID | None
    grid: str          # 第一网格; "" for duties of no grid
    worker: str
    due: int           # promised visits that fell due in the period (up to yesterday)
    done: int
    not_done: int      # recorded as not done, or missed (overdue, nobody recorded them)

    @property
    def percent_done(self) -> float | None:
        return 100.0 * self.done / self.due if self.due else None


def visit_title(tag: Tag) -> str:
    return f"{tag.service or '走访'}（{tag.name}）"[:60]


def _first_due(today: date, cycle: DutyCycle, every: int) -> date:
    return cycles.after(today, cycle, every, today) - timedelta(days=1) if cycle is not DutyCycle.DAILY else today


def sync_visit_duties(session: Session, household_id: uuid.UUID | None = None) -> SyncReport:
    """Make the visit duties match the tags: of one household (and its members' person tags) or of everyone."""
    today = today_of(session)
    tags = {t.code: t for t in session.scalars(select(Tag).where(Tag.active.is_(True), Tag.visit_cycle.is_not(None)))}
    codes = list(tags)
    # What should exist: (place, tag) -> its grid worker.
    lived = select(Resident.household_id).where(Resident.status == ResidentStatus.ACTIVE)
    if household_id is not None:
        lived = lived.where(Resident.household_id == household_id)
    h_query = (select(HouseholdTagRow.household_id, HouseholdTagRow.tag, Grid.worker_id)
               .join(Household, Household.id == HouseholdTagRow.household_id)
               .outerjoin(Grid, Grid.id == Household.grid_id).where(HouseholdTagRow.tag.in_(codes))
               # somebody still lives there: one IN over the residents, not an EXISTS per household (SQLite took the
               # status index for that and read every resident for each: 20 s at 40,000 households)
               .where(Household.id.in_(lived)))
    p_query = (select(PersonTag.resident_id, PersonTag.tag, Grid.worker_id)
               .join(Resident, Resident.id == PersonTag.resident_id)
               .outerjoin(Household, Household.id == Resident.household_id)
               .outerjoin(Grid, Grid.id == Household.grid_id)
               .where(PersonTag.tag.in_(codes), Resident.status == ResidentStatus.ACTIVE))
    d_query = select(Duty).where(Duty.active.is_(True), Duty.from_tag.is_not(None))
    if household_id is not None:
        members = select(Resident.id).where(Resident.household_id == household_id)
        h_query = h_query.where(HouseholdTagRow.household_id == household_id)
        p_query = p_query.where(Resident.household_id == household_id)
        d_query = d_query.where((Duty.household_id == household_id) | Duty.resident_id.in_(members))
    wanted_h: dict[Key, uuid.UUID | None] = {(h, t): w for h, t, w in session.execute(h_query)}
    wanted_p: dict[Key, uuid.UUID | None] = {(r, t): w for r, t, w in session.execute(p_query)}
    added = changed = ended = 0
    seen: set[tuple[str, uuid.UUID, str]] = set()
    for duty in session.scalars(d_query):
        is_household = duty.household_id is not None
        place = duty.household_id if is_household else duty.resident_id
        assert place is not None and duty.from_tag is not None
        key: Key = (place, duty.from_tag)
        wanted = wanted_h if is_household else wanted_p
        marker = ("h" if is_household else "p", place, duty.from_tag)
        if key not in wanted or marker in seen:  # the tag is off, promises no visit now, or a twin of this duty
            duty.active = False
            ended += 1
            continue
        seen.add(marker)
        tag, worker = tags[duty.from_tag], wanted[key]
        assert tag.visit_cycle is not None
        moved = False
        if (duty.cycle, duty.every) != (tag.visit_cycle, tag.visit_every):  # the tag's promise changed
            duty.anchor_on, duty.cycle, duty.every = duty.next_due, tag.visit_cycle, tag.visit_every
            duty.remind_days = _remind(tag.visit_cycle, tag.visit_every)
            moved = True
        if worker is not None and duty.responsible_id != worker:  # the grid has another worker now
            duty.responsible_id = worker
            moved = True
        changed += moved
    rows = []
    for kind, wanted in (("h", wanted_h), ("p", wanted_p)):
        for (place, code), worker in wanted.items():
            if (kind, place, code) in seen:
                continue
            tag = tags[code]
            assert tag.visit_cycle is not None
            first = _first_due(today, tag.visit_cycle, tag.visit_every)
            rows.append(Duty(title=visit_title(tag), kind=DutyKind.VISIT.value, cycle=tag.visit_cycle,
                             every=tag.visit_every, next_due=first, anchor_on=first,
                             remind_days=_remind(tag.visit_cycle, tag.visit_every), responsible_id=worker,
                             from_tag=code, note="", active=True,
                             household_id=place if kind == "h" else None, resident_id=place if kind == "p" else None))
    session.add_all(rows)
    added = len(rows)
    session.flush()
    return SyncReport(added, changed, ended)


def _remind(cycle: DutyCycle, every: int) -> int:
    return min(cycles.period_days(cycle, every) - 1, MAX_REMIND_DAYS)


class VisitService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def sync_all(self, actor: Actor) -> SyncReport:
        """Make every household's and person's visit duties match their tags (the administrator, after changing
        what a tag promises)."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            return sync_visit_duties(session)

    def missed_by_grid(self, actor: Actor, start: date, end: date) -> list[GridVisits]:
        """Per grid, the promised visits (duties a tag made) that fell due from ``start`` to ``end`` (up to
        yesterday: today's may still be done): done, not done (recorded so, or overdue with nobody recording them)."""
        if end < start:
            raise ValidationError.single("end", QT_TRANSLATE_NOOP("errors", "The period ends before it begins."))
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            today = local(self._db.clock.now()).date()
            last = min(end, today - timedelta(days=1))
            done: dict[uuid.UUID | None, int] = {}
            not_done: dict[uuid.UUID | None, int] = {}
            counted = (select(_GRID, DutyRecord.outcome, func.count())
                       .select_from(DutyRecord).join(Duty, Duty.id == DutyRecord.duty_id)
                       .outerjoin(_OWN, _OWN.id == Duty.household_id)
                       .outerjoin(Resident, Resident.id == Duty.resident_id)
                       .outerjoin(_HOME, _HOME.id == Resident.household_id)
                       .where(Duty.from_tag.is_not(None), DutyRecord.due_on >= start, DutyRecord.due_on <= last)
                       .group_by(_GRID, DutyRecord.outcome))
            for grid_id, outcome, n in session.execute(counted):
                target = done if outcome == DutyOutcome.DONE else not_done
                target[grid_id] = target.get(grid_id, 0) + n
            overdue = duty_rows_query(Duty.from_tag.is_not(None), Duty.next_due <= last).with_only_columns(
                DUTY_GRID, Duty.next_due, Duty.anchor_on, Duty.cycle, Duty.every)
            for grid_id, due, anchor, cycle, every in session.execute(overdue):
                n = len(cycles.between(anchor or due, cycle, every, max(due, start), last))
                if n:
                    not_done[grid_id] = not_done.get(grid_id, 0) + n
            grids = {g.id: g for g in session.scalars(select(Grid))}
            workers = dict(session.execute(select(Staff.id, Staff.display_name)).all())
            answer = []
            keys: set[uuid.UUID | None] = set(done) | set(not_done) | {g for g, x in grids.items() if x.active}
            for grid_key in sorted(keys, key=lambda g: grids[g].code if g is not None and g in grids else "~"):
                grid = grids.get(grid_key) if grid_key is not None else None
                d, nd = done.get(grid_key, 0), not_done.get(grid_key, 0)
                answer.append(GridVisits(grid_key, grid.name if grid else "", workers.get(grid.worker_id, "")
                                         if grid and grid.worker_id else "", d + nd, d, nd))
            return answer
