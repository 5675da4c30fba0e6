"""Volunteer time bank (时间银行): volunteers, verified service, and the hours they earn and spend.

Hours are kept in minutes in the shared ledger (app.services.ledger.posting); nothing here writes a balance. One
service per job, held together by ``TimeBank`` (``services.timebank.records.credit(...)``):

- ``volunteers``: the bank's rules, registering and finding volunteers (volunteers.py)
- ``records``: service records, pending -> verified -> credited (or rejected), and reversing an entry (records.py)
- ``family``: family links and who may receive a holder's hours (family.py)
- ``spending``: redeeming, transferring, donating and granting hours (spending.py)
- ``statements``: balances, passbooks and the Excel export (statements.py)
- ``teams``: volunteer teams, their members and their activities' hours (teams.py, issue 22)
- ``team_cases``: requests given to a team (交给志愿服务队) and a team's requests (team_cases.py)

The data they take and give is in data.py; what they share (the rules in force, common field checks) in common.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.core.db import Database
from app.services.ledger.timebank.data import (
    Beneficiary,
    GroupInput,
    LinkInfo,
    NewVolunteer,
    RecordFilter,
    RecordInfo,
    RedemptionInput,
    Rules,
    RulesInfo,
    ServiceInput,
    VolunteerInfo,
    round_to_step,
)
from app.services.ledger.timebank.family import FamilyLinkService
from app.services.ledger.timebank.records import ServiceRecordService
from app.services.ledger.timebank.spending import SpendingService
from app.services.ledger.timebank.statements import StatementService
from app.services.ledger.timebank.team_cases import TeamCaseService
from app.services.ledger.timebank.teams import TeamService
from app.services.ledger.timebank.volunteers import VolunteerService

__all__ = [
    "Beneficiary", "FamilyLinkService", "GroupInput", "LinkInfo", "NewVolunteer", "RecordFilter", "RecordInfo",
    "RedemptionInput", "Rules", "RulesInfo", "ServiceInput", "ServiceRecordService", "SpendingService",
    "StatementService", "TeamCaseService", "TeamService", "TimeBank", "VolunteerInfo", "VolunteerService",
    "round_to_step",
]


@dataclass(frozen=True)
class TimeBank:
    """The time bank's services, one per job."""

    volunteers: VolunteerService
    records: ServiceRecordService
    family: FamilyLinkService
    spending: SpendingService
    statements: StatementService
    teams: TeamService
    team_cases: TeamCaseService

    @classmethod
    def open(cls, db: Database) -> TimeBank:
        return cls(VolunteerService(db), ServiceRecordService(db), FamilyLinkService(db), SpendingService(db),
                   StatementService(db), TeamService(db), TeamCaseService(db))
