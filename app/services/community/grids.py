"""Grids (网格) and their grid workers: the map automatic dispatch follows.

A grid worker is a staff account with the grid-worker role; each grid has at most one. Reassigning a grid changes
where new requests go: a request already dispatched keeps its handler, and its timeline says who had it when. A grid
that history refers to (households, buildings, requests) is retired, never deleted.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import Role
from app.models import Building, Case, Grid, Household, Staff
from app.services.community.reference import existing, refuse_delete_in_use
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, ValidationError
from app.services.core.validation import check_length, fold_width
from app.services.people.residents import OPEN_STATUSES

GRID_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")

GONE = QT_TRANSLATE_NOOP("errors", "This grid no longer exists.")  # another desk deleted it meanwhile


@dataclass(frozen=True)
class GridInput:
    code: str
    name: str
    worker_id: uuid.UUID | None = None


@dataclass(frozen=True)
class GridInfo:
    id: uuid.UUID
    code: str
    name: str
    worker_id: uuid.UUID | None
    worker_name: str
    active: bool
    buildings: int
    households: int
    open_cases: int


@dataclass(frozen=True)
class WorkerOption:
    id: uuid.UUID
    name: str
    username: str
    grids: tuple[str, ...]  # the grids this worker already looks after


class GridService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self, actor: Actor, include_retired: bool = True) -> list[GridInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            stmt = select(Grid).order_by(Grid.active.desc(), Grid.code)
            if not include_retired:
                stmt = stmt.where(Grid.active.is_(True))
            grids = list(session.scalars(stmt))
            return _infos(session, grids)

    def workers(self, actor: Actor) -> list[WorkerOption]:
        """Active grid-worker accounts, with the grids each already has (a worker may look after several)."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            owned: dict[uuid.UUID, list[str]] = {}
            for worker_id, name in session.execute(
                    select(Grid.worker_id, Grid.name).where(Grid.active.is_(True)).order_by(Grid.code)):
                if worker_id is not None:
                    owned.setdefault(worker_id, []).append(name)
            staff = session.scalars(select(Staff).where(Staff.role == Role.GRID_WORKER, Staff.active.is_(True))
                                    .order_by(Staff.display_name, Staff.username))
            return [WorkerOption(s.id, s.display_name, s.username, tuple(owned.get(s.id, ()))) for s in staff]

    def create(self, actor: Actor, data: GridInput) -> GridInfo:
        code, name = self._check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            self._unique(session, code, name, None)
            _check_worker(session, data.worker_id)
            grid = Grid(code=code, name=name, worker_id=data.worker_id, active=True)
            session.add(grid)
            session.flush()
            return _info(session, grid)

    def update(self, actor: Actor, grid_id: uuid.UUID, data: GridInput) -> GridInfo:
        """Rename a grid or give it another grid worker; requests already dispatched keep their handler."""
        code, name = self._check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            grid = existing(session, Grid, grid_id, GONE)
            self._unique(session, code, name, grid.id)
            if data.worker_id != grid.worker_id:
                _check_worker(session, data.worker_id)
            grid.code, grid.name, grid.worker_id = code, name, data.worker_id
            session.flush()
            return _info(session, grid)

    def set_active(self, actor: Actor, grid_id: uuid.UUID, active: bool) -> GridInfo:
        """Retire a grid (or bring it back). A grid still covering buildings or households cannot be retired: they
        would have nowhere to send their requests."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            grid = existing(session, Grid, grid_id, GONE)
            if not active:
                info = _info(session, grid)
                if info.buildings or info.households:
                    raise ValidationError.single("grid", QT_TRANSLATE_NOOP(
                        "errors", "Grid {name} still covers {buildings} buildings and {households} households; move "
                                  "them to another grid first."), name=grid.name, buildings=info.buildings,
                        households=info.households)
            grid.active = active
            session.flush()
            return _info(session, grid)

    def delete(self, actor: Actor, grid_id: uuid.UUID) -> None:
        """Delete a grid made by mistake; one that history refers to is refused, saying where it is used."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            grid = existing(session, Grid, grid_id, GONE)
            cases = session.scalar(select(func.count()).select_from(Case).where(Case.grid_id == grid.id)) or 0
            info = _info(session, grid)
            refuse_delete_in_use(QT_TRANSLATE_NOOP(
                "errors", "Grid {name} is used by {cases} requests, {buildings} buildings and {households} households: "
                          "it cannot be deleted. Retire it instead."), name=grid.name, cases=cases,
                buildings=info.buildings, households=info.households)
            session.delete(grid)

    @staticmethod
    def _check(data: GridInput) -> tuple[str, str]:
        errors = FieldErrors()
        code = fold_width(data.code).upper()
        if not GRID_CODE_RE.match(code):
            errors.add("code", QT_TRANSLATE_NOOP(
                "errors", "A grid code is 1-16 letters, digits or '-', e.g. G01."))
        name = check_length(errors, "name", data.name, 40)
        errors.raise_if_any()
        return code, name

    @staticmethod
    def _unique(session: Session, code: str, name: str, own: uuid.UUID | None) -> None:
        errors = FieldErrors()
        for field_name, column, value in (("code", Grid.code, code), ("name", Grid.name, name)):
            other = session.scalar(select(Grid.id).where(column == value))
            if other is not None and other != own:
                errors.add(field_name, QT_TRANSLATE_NOOP("errors", "Another grid already has {value}."), value=value)
        errors.raise_if_any()


def _check_worker(session: Session, worker_id: uuid.UUID | None) -> None:
    if worker_id is None:
        return
    staff = session.get(Staff, worker_id)
    if staff is None or not staff.active or staff.role is not Role.GRID_WORKER:
        raise ValidationError.single("worker", QT_TRANSLATE_NOOP(
            "errors", "The grid worker must be an active account with the grid worker role."))


def _info(session: Session, grid: Grid) -> GridInfo:
    return _infos(session, [grid])[0]


def _infos(session: Session, grids: list[Grid]) -> list[GridInfo]:
    """The grids with what is in each: three grouped counts for the whole list, not three queries per grid."""
    ids = [g.id for g in grids]

    def counts(model: type[Building] | type[Household] | type[Case], *where: Any) -> dict[uuid.UUID | None, int]:
        rows = session.execute(select(model.grid_id, func.count()).where(model.grid_id.in_(ids), *where)
                               .group_by(model.grid_id))
        return {grid_id: n for grid_id, n in rows}

    buildings, households = counts(Building), counts(Household)
    open_cases = counts(Case, Case.status.in_(OPEN_STATUSES))
    workers = {w.id: w.display_name for w in session.scalars(
        select(Staff).where(Staff.id.in_([g.worker_id for g in grids if g.worker_id])))}
    return [GridInfo(g.id, g.code, g.name, g.worker_id, workers.get(g.worker_id, "") if g.worker_id else "",
                     g.active, buildings.get(g.id, 0), households.get(g.id, 0), open_cases.get(g.id, 0))
            for g in grids]
