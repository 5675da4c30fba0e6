"""The set-up services as one group (``Services.community``), like the points and time-bank groups."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.cases.categories import CategoryService
from app.services.community.buildings import BuildingService
from app.services.community.departments import DepartmentService
from app.services.community.grids import GridService
from app.services.community.readiness import ReadinessService
from app.services.core.db import Database


@dataclass(frozen=True)
class CommunitySetup:
    grids: GridService
    buildings: BuildingService
    departments: DepartmentService
    categories: CategoryService
    readiness: ReadinessService

    @classmethod
    def of(cls, db: Database) -> CommunitySetup:
        return cls(GridService(db), BuildingService(db), DepartmentService(db), CategoryService(db),
                   ReadinessService(db))
