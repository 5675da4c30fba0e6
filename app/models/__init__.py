"""SQLAlchemy ORM models. No Qt here."""

from app.domain.enums import (
    AccountKind,
    Breach,
    CaseStatus,
    Channel,
    DepartmentKind,
    DutyCycle,
    DutyKind,
    DutyOutcome,
    EarnKind,
    EntryKind,
    EventKind,
    Gender,
    HandlingLevel,
    HouseholdRole,
    HouseholdTag,
    LinkStatus,
    MerchantCategory,
    MessageChannel,
    MessageKind,
    PartnerKind,
    RecordStatus,
    Relation,
    ResidentStatus,
    Role,
    Satisfaction,
    Scope,
    ServiceType,
    StockMoveKind,
    TagKind,
    Unit,
    VolunteerStatus,
    VoucherStatus,
)
from app.models import employment, partners, teams  # noqa: F401  (issue 22: their tables register here)
from app.models.access import ACCESS_APPEND_ONLY, CommandRun, TaskKey
from app.models.audit import AUDIT_APPEND_ONLY, AuditAnchor, AuditEntry, AuditHead
from app.models.base import Base, new_id
from app.models.care import CARE_APPEND_ONLY, Duty, DutyRecord, PatrolEntry, PersonTag, SavedList, Tag
from app.models.cases import (
    CASE_APPEND_ONLY,
    Case,
    CaseCounter,
    CaseDepartment,
    CaseEvent,
    CaseReporter,
    Category,
    EscalationRule,
)
from app.models.casework import CalendarDay, CannedReply, MessageTemplate
from app.models.community import Building, Community, Department, Desk, Grid, LoginAttempt, Staff
from app.models.employment import EMPLOYMENT_APPEND_ONLY
from app.models.ledger import LEDGER_APPEND_ONLY, LedgerAccount, LedgerEntry, LedgerPosting, RuleSet
from app.models.notices import (
    NOTICES_APPEND_ONLY,
    CouncilAttendee,
    CouncilItem,
    CouncilMeeting,
    CouncilTopic,
    NoticePublication,
)
from app.models.partners import PARTNERS_APPEND_ONLY, Partner, PartnerContribution, PartnerOffer
from app.models.points import (
    POINTS_APPEND_ONLY,
    EarnRule,
    Merchant,
    PointsAward,
    Reward,
    RewardStockMove,
    Voucher,
)
from app.models.residents import (
    RESIDENTS_APPEND_ONLY,
    ErasedName,
    Household,
    HouseholdTagRow,
    RegisterImport,
    Resident,
)
from app.models.rollup import RatesDay, RatesDayDepartment
from app.models.search import CaseText
from app.models.sync import SyncConflict, SyncState
from app.models.teams import TEAMS_APPEND_ONLY, TeamCase, TeamMembership, VolunteerTeam
from app.models.timebank import FamilyLink, Redemption, ServiceActivity, ServiceRecord, Volunteer

# Tables whose rows are never updated or deleted (database triggers refuse it; see app/migrations/append_only.py).
APPEND_ONLY_TABLES = (CASE_APPEND_ONLY + LEDGER_APPEND_ONLY + POINTS_APPEND_ONLY + NOTICES_APPEND_ONLY
                      + RESIDENTS_APPEND_ONLY + ACCESS_APPEND_ONLY + AUDIT_APPEND_ONLY + CARE_APPEND_ONLY
                      + PARTNERS_APPEND_ONLY + TEAMS_APPEND_ONLY + EMPLOYMENT_APPEND_ONLY)

__all__ = [
    "APPEND_ONLY_TABLES", "AccountKind", "AuditEntry", "AuditHead", "Base", "Case", "CaseCounter", "CaseDepartment",
    "CaseEvent", "CaseReporter", "CaseStatus", "Category", "Channel", "Community", "Department", "Desk", "EntryKind",
    "EventKind", "FamilyLink", "Gender", "Grid", "Household", "HouseholdTag", "HouseholdTagRow", "LedgerAccount",
    "LedgerEntry", "LedgerPosting", "LinkStatus", "LoginAttempt", "RecordStatus", "Redemption", "Relation", "Resident",
    "Role", "RuleSet", "Scope", "ServiceActivity", "ServiceRecord", "ServiceType", "Staff", "Unit", "Volunteer",
    "VolunteerStatus", "new_id",
    # case workflow (issue 3)
    "Breach", "CaseText", "EscalationRule", "HandlingLevel", "Satisfaction",
    # points (issue 5)
    "EarnKind", "EarnRule", "Merchant", "MerchantCategory", "PointsAward", "Reward", "RewardStockMove", "StockMoveKind",
    "Voucher", "VoucherStatus",
    # public notices (issue 6)
    "CouncilAttendee", "CouncilItem", "CouncilMeeting", "CouncilTopic", "NoticePublication",
    # a real community's set-up and register (issue 17)
    "Building", "DepartmentKind", "ErasedName", "RegisterImport", "ResidentStatus",
    # command-line access (issue 15)
    "CommandRun", "TaskKey",
    # anchors of the audit chain (issue 15)
    "AuditAnchor",
    # the rates' daily rollup (issue 18)
    "RatesDay", "RatesDayDepartment",
    # knowing the community (issue 19)
    "Duty", "DutyCycle", "DutyKind", "DutyOutcome", "DutyRecord", "HouseholdRole", "PatrolEntry", "PersonTag",
    "SavedList", "Tag", "TagKind",
    # case work that knows the calendar, the caller and the building (issue 20)
    "CalendarDay", "CannedReply", "MessageChannel", "MessageKind", "MessageTemplate",
    # sync between desks (issue 21)
    "SyncConflict", "SyncState",
    # the resource list (issue 22)
    "Partner", "PartnerContribution", "PartnerKind", "PartnerOffer",
    # volunteer teams (issue 22)
    "TeamCase", "TeamMembership", "VolunteerTeam",
]
