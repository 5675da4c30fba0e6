"""SQLAlchemy ORM models. No Qt here."""

from app.models.audit import AuditEntry, AuditHead
from app.models.base import Base, new_id
from app.models.cases import (
    APPEND_ONLY_TABLES,
    Case,
    CaseCounter,
    CaseDepartment,
    CaseEvent,
    CaseReporter,
    Category,
)
from app.models.community import Community, Department, Desk, Grid, LoginAttempt, Staff
from app.models.enums import CaseStatus, Channel, EventKind, Gender, HouseholdTag, Role, Scope
from app.models.residents import Household, HouseholdTagRow, Resident

__all__ = [
    "APPEND_ONLY_TABLES", "AuditEntry", "AuditHead", "Base", "Case", "CaseCounter", "CaseDepartment", "CaseEvent",
    "CaseReporter",
    "CaseStatus", "Category", "Channel", "Community", "Department", "Desk", "EventKind", "Gender", "Grid",
    "Household", "HouseholdTag", "HouseholdTagRow", "LoginAttempt", "Resident", "Role", "Scope", "Staff", "new_id",
]
