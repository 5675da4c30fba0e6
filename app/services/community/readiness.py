"""What is still missing before a new desk can dispatch: the checklist on the administrator's home page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.enums import Role
from app.models import Building, Department, Grid, Household, Staff
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Message


@dataclass(frozen=True)
class ReadinessItem:
    """One thing to do; ``area`` is the set-up screen that does it: grids, buildings, departments, accounts."""

    message: Message
    area: str


class ReadinessService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def checklist(self, actor: Actor) -> list[ReadinessItem]:
        """Empty when the desk can take and dispatch requests on its own."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            items: list[ReadinessItem] = []

            def need(area: str, template: str, **params: object) -> None:
                items.append(ReadinessItem(Message(template, dict(params)), area))

            grids = list(session.scalars(select(Grid).where(Grid.active.is_(True)).order_by(Grid.code)))
            if not grids:
                need("grids", QT_TRANSLATE_NOOP("errors", "No grids yet: requests cannot be dispatched to a grid "
                                                          "worker. Add the community's grids."))
            workers = set(session.scalars(select(Staff.id).where(Staff.role == Role.GRID_WORKER,
                                                                 Staff.active.is_(True))))
            orphaned = [g.name for g in grids if g.worker_id not in workers]
            if orphaned:
                need("grids", QT_TRANSLATE_NOOP("errors", "Grids without a grid worker: {names}."),
                     names="、".join(orphaned))
            if not session.scalar(select(func.count()).select_from(Building)):
                need("buildings", QT_TRANSLATE_NOOP("errors", "No buildings yet: add them with their units and "
                                                              "floors, or list those residents already live in."))
            no_grid = session.scalar(select(func.count()).select_from(Building).where(
                Building.active.is_(True), Building.grid_id.is_(None))) or 0
            if no_grid:
                need("buildings", QT_TRANSLATE_NOOP("errors", "{n} buildings belong to no grid."), n=no_grid)
            homeless = session.scalar(select(func.count()).select_from(Household).where(
                Household.grid_id.is_(None))) or 0
            if homeless:
                need("buildings", QT_TRANSLATE_NOOP(
                    "errors", "{n} households belong to no grid: their requests need a handler chosen by hand."),
                    n=homeless)
            if not session.scalar(select(func.count()).select_from(Department).where(Department.active.is_(True))):
                need("departments", QT_TRANSLATE_NOOP("errors", "No departments in use: none can be called in."))
            if not session.scalar(select(func.count()).select_from(Staff).where(
                    Staff.role == Role.CLERK, Staff.active.is_(True))):
                need("accounts", QT_TRANSLATE_NOOP("errors", "No reception clerk account yet."))
            return items
