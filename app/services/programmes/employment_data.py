"""What employment help's service takes and gives (就业帮扶闭环): the typed inputs of each step and the rows read back.
No database here: ``employment.py`` writes, ``employment_read.py`` reads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from app.domain.employment import InterviewResult, JobOutcome, JobStage

TEXT_MAX = 200      # skills, certificates, wishes, family, notes, reasons
EMPLOYER_MAX = 60
POSITION_MAX = 40
FIT_MAX = 100
AGE_MIN, AGE_MAX = 16, 80
JOBS_MAX = 999      # jobs a business created: more is a mistyped number
MEASURES = ("jobs", "training", "startup")  # 推荐岗位 / 技能培训 / 创业指导与小额贷款担保


@dataclass(frozen=True)
class SeekerInput:
    """精准识别: the file of a resident chosen from the register."""

    resident_id: uuid.UUID | None
    age: int | None = None          # used only when the register has no birth date
    skills: str = ""
    certificates: str = ""
    wishes: str = ""                # 求职意向
    family: str = ""                # 家庭状况
    started_on: date | None = None  # None: today


@dataclass(frozen=True)
class PlanInput:
    """分类施策: one or more measures."""

    jobs: bool = False
    training: bool = False
    startup: bool = False
    note: str = ""
    planned_on: date | None = None


@dataclass(frozen=True)
class ReferralInput:
    """跟踪服务: a referral, or (``follows_id``) the word on an earlier one (its result; a blank employer keeps
    the earlier one's)."""

    employer: str
    position: str = ""
    referred_on: date | None = None
    result: InterviewResult = InterviewResult.PENDING
    result_on: date | None = None
    fit: str = ""                     # 工作适应度
    why: str = ""                     # 未录用: why
    next_step: str = ""               # 未录用: what changes next
    follows_id: uuid.UUID | None = None


@dataclass(frozen=True)
class VisitInput:
    """权益保障: a return visit."""

    visited_on: date | None = None
    agreement: bool = False
    wage_ok: bool = False
    insurance_ok: bool = False
    note: str = ""


@dataclass(frozen=True)
class OutcomeInput:
    outcome: JobOutcome
    decided_on: date | None = None
    employer: str = ""       # where re-employed; the business's name
    jobs_created: int = 0    # 自主创业: the jobs the business created
    reason: str = ""         # closed without a job: why


@dataclass(frozen=True)
class SeekerRow:
    id: uuid.UUID
    resident_id: uuid.UUID
    name: str
    address: str
    age: int | None
    skills: str
    certificates: str
    wishes: str
    family: str
    started_on: date
    stage: JobStage
    outcome: JobOutcome | None
    closed_on: date | None
    jobs_created: int
    measures: tuple[str, ...] = ()   # of MEASURES, the plan in force
    referrals: int = 0               # referrals made (not counting the later words on them)


@dataclass(frozen=True)
class PlanRow:
    id: uuid.UUID
    planned_on: date
    measures: tuple[str, ...]
    note: str
    by: str


@dataclass(frozen=True)
class ReferralRow:
    """A referral as it stands now (its newest word), with how many words it had."""

    id: uuid.UUID             # the newest row's id
    first_id: uuid.UUID       # the referral's first row: what a later word follows
    employer: str
    position: str
    referred_on: date
    result: InterviewResult
    result_on: date | None
    fit: str
    why: str
    next_step: str
    by: str
    words: int = 1


@dataclass(frozen=True)
class VisitRow:
    id: uuid.UUID
    visited_on: date
    agreement: bool
    wage_ok: bool
    insurance_ok: bool
    note: str
    by: str


@dataclass(frozen=True)
class OutcomeRow:
    outcome: JobOutcome
    decided_on: date
    employer: str
    jobs_created: int
    reason: str
    by: str


@dataclass(frozen=True)
class SeekerDetail:
    seeker: SeekerRow
    plans: list[PlanRow] = field(default_factory=list)          # newest first
    referrals: list[ReferralRow] = field(default_factory=list)  # in the order made
    visits: list[VisitRow] = field(default_factory=list)        # newest first
    outcome: OutcomeRow | None = None
    case_nos: tuple[str, ...] = ()                              # the requests that opened or joined the file


@dataclass(frozen=True)
class CaseJobLink:
    """What the request page needs: is the request of the 就业帮扶 class, and which file it opened or joined."""

    is_job: bool
    seeker_id: uuid.UUID | None = None


@dataclass(frozen=True)
class JobCounts:
    """The count seed 000 reports, for one year: people helped (files opened in the year or still open in it),
    re-employed, started a business, and the jobs those businesses created."""

    year: int
    helped: int
    reemployed: int
    business: int
    jobs_created: int
