"""Job seekers in the demo (就业帮扶闭环, issue 22), drawn from seed 000's 案例二: older workers with one skill sent to
保洁 and 保安 posts, skilled workers to local firms' technical posts, would-be founders given start-up training and a
小额贷款担保. Each file goes as far as its story: some are re-employed after a failed interview and a change of plan,
some started a business that took others on, some are still being followed, one was closed without a job.

Hand-countable (the tests count them): 21 files, 2 opened last year. This year: 20 people helped (19 files opened this
year and 1 opened last year and closed this year; the 21st closed last year), 11 re-employed, 3 businesses that
created 8 jobs, 1 closed without a job, 5 still open. Every date is kept inside this year (or last year's December
for the two old files), whatever day the demo is built, so the counts hold.

No random stream: the residents are the first (by pinyin) of the right age, so the rest of the demo is as before.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.domain.employment import InterviewResult, JobOutcome
from app.domain.enums import ResidentStatus
from app.models import Resident
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.people.residents import age_on
from app.services.programmes.employment_data import OutcomeInput, PlanInput, ReferralInput, SeekerInput, VisitInput

OLDER, SKILLED, FOUNDER = (50, 59), (32, 49), (26, 45)
HIRED, FAILED, PENDING = "hired", "failed", "pending"


@dataclass(frozen=True)
class Story:
    ages: tuple[int, int]
    skills: str
    certificates: str
    wishes: str
    family: str
    plan: tuple[bool, bool, bool]   # 推荐岗位, 技能培训, 创业指导与小额贷款担保 (none: only identified yet)
    referrals: tuple[tuple[str, str, str], ...] = ()  # (employer, position, hired / failed / pending)
    visit: bool = False
    outcome: JobOutcome | None = None
    business: str = ""
    jobs: int = 0
    reason: str = ""
    weeks_ago: int = 30             # the file opened this many weeks ago (inside this year)


ESTATE, GUARDS, SANITATION = "幸福里物业服务中心", "鞍山安达保安服务公司", "立山区环卫所"
STEEL, HEAVY, CNC = "鞍钢配套件公司", "鞍山重型机械厂", "立山数控机床厂"
WHY = ("体检时血压偏高，保安岗位要求夜班", "改推白班保洁岗位")
WHY_WELD = ("没有氩弧焊经验", "报名氩弧焊培训，结业后再推荐")

STORIES: tuple[Story, ...] = (
    # 年龄偏大、技能单一: 保洁、保安
    Story(OLDER, "原纺织厂挡车工", "", "保洁或保安，离家近", "爱人退休，孩子在外地", (True, False, False),
          ((GUARDS, "保安", FAILED), (ESTATE, "保洁员", HIRED)), True, JobOutcome.REEMPLOYED, weeks_ago=40),
    Story(OLDER, "原机床厂搬运工", "", "保安", "独自照顾母亲", (True, False, False),
          ((GUARDS, "门岗保安", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=38),
    Story(OLDER, "原百货商店营业员", "", "保洁", "丈夫患病在家", (True, False, False),
          ((SANITATION, "道路保洁", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=35),
    Story(OLDER, "原食品厂包装工", "", "保洁", "低保边缘户", (True, True, False),
          ((ESTATE, "楼道保洁", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=33),
    Story(OLDER, "原运输公司装卸工", "", "保安、停车管理", "孩子上大学", (True, False, False),
          ((ESTATE, "停车场管理员", HIRED),), False, JobOutcome.REEMPLOYED, weeks_ago=28),
    Story(OLDER, "原钢厂辅助工", "", "保安", "爱人无业", (True, False, False),
          ((GUARDS, "巡逻保安", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=24),
    Story(OLDER, "原纺织厂细纱工", "", "保洁", "独居", (True, False, False),
          ((SANITATION, "公厕保洁", PENDING),), weeks_ago=6),
    Story(OLDER, "原商场库管", "", "仓库管理或保安", "照顾孙子", (True, False, False), weeks_ago=2),
    # 有技术专长: 本地企业技术岗
    Story(SKILLED, "电焊", "焊工证（中级）", "本地企业技术岗", "妻子无业，孩子上初中", (True, True, False),
          ((HEAVY, "焊工", FAILED), (STEEL, "电焊工", HIRED)), True, JobOutcome.REEMPLOYED, weeks_ago=42),
    Story(SKILLED, "维修电工", "电工证", "设备维修", "双职工，一方下岗", (True, False, False),
          ((STEEL, "设备维修电工", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=36),
    Story(SKILLED, "数控车床操作", "数控车工证（高级）", "数控技术岗", "父母年迈", (True, False, False),
          ((CNC, "数控车工", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=30),
    Story(SKILLED, "钳工", "钳工证（中级）", "机修钳工", "孩子上高中", (True, False, False),
          ((HEAVY, "机修钳工", HIRED),), True, JobOutcome.REEMPLOYED, weeks_ago=26),
    Story(SKILLED, "汽车维修", "汽车维修工证", "汽修技术岗", "爱人打零工", (True, False, False),
          ((STEEL, "车队维修工", HIRED),), True, weeks_ago=8),   # hired, rights being checked: still open
    Story(SKILLED, "会计", "初级会计师", "财务岗位", "单亲，孩子上小学", (False, False, False),
          weeks_ago=1),  # only identified yet
    # 有创业意愿: 创业培训和小额贷款担保
    Story(FOUNDER, "面点", "中式面点师证", "开早餐铺", "夫妻二人均下岗", (False, True, True),
          outcome=JobOutcome.BUSINESS, business="幸福里早餐铺", jobs=2, weeks_ago=40),
    Story(FOUNDER, "家政服务", "家政服务员证", "开家政服务社", "孩子上大学", (False, True, True),
          outcome=JobOutcome.BUSINESS, business="邻里家政服务社", jobs=5, weeks_ago=38),
    Story(FOUNDER, "零售", "", "开社区便利店", "与父母同住", (False, True, True),
          outcome=JobOutcome.BUSINESS, business="幸福里便民超市", jobs=1, weeks_ago=30),
    Story(FOUNDER, "电商直播", "", "网上卖本地特产", "刚毕业在家", (False, True, True), weeks_ago=10),
    Story(FOUNDER, "美甲", "", "开美甲店", "家中老人需要照顾", (False, True, True),
          outcome=JobOutcome.NONE, reason="家中老人需要照顾，暂缓创业", weeks_ago=20),
)

# Files opened last year: one closed last year (not counted this year), one re-employed this year (counted).
LAST_YEAR: tuple[tuple[str, bool], ...] = (("原水泥厂工人", False), ("原印刷厂工人", True))


def _people(services: Services, today: date) -> list[Resident]:
    with services.db.reading() as session:
        people = list(session.scalars(select(Resident).where(Resident.status == ResidentStatus.ACTIVE,
                                                             Resident.birth_date.is_not(None))
                                      .order_by(Resident.pinyin_full, Resident.id)))
        for person in people:
            session.expunge(person)
    return people


def _choose(people: list[Resident], used: set[uuid.UUID], ages: tuple[int, int], today: date) -> Resident:
    for person in people:
        age = age_on(person.birth_date, today)
        if person.id not in used and age is not None and ages[0] <= age <= ages[1]:
            used.add(person.id)
            return person
    person = next(p for p in people if p.id not in used)  # a small register: anyone left
    used.add(person.id)
    return person


def build(services: Services) -> None:
    today = local(services.db.clock.now()).date()
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    job = services.employment
    people = _people(services, today)
    used: set[uuid.UUID] = set()
    start_of_year = date(today.year, 1, 1)

    def day(weeks_ago: int, plus_days: int = 0) -> date:
        """A day ``weeks_ago`` weeks before today moved on by ``plus_days``, kept inside this year and not after
        today (clamping keeps the order of a story's days)."""
        return min(today, max(start_of_year, today - timedelta(weeks=weeks_ago)) + timedelta(days=plus_days))

    for story in STORIES:
        person = _choose(people, used, story.ages, today)
        w = story.weeks_ago
        seeker = job.open_file(clerk, SeekerInput(person.id, None, story.skills, story.certificates, story.wishes,
                                                  story.family, day(w)))
        jobs, training, startup = story.plan
        if any(story.plan):
            job.plan(clerk, seeker, PlanInput(jobs, training, startup, _plan_note(story), day(w, 3)))
        last = day(w, 3)
        for n, (employer, position, result) in enumerate(story.referrals):
            referred, heard = day(w, 7 + 21 * n), day(w, 12 + 21 * n)
            first = job.refer(clerk, seeker, ReferralInput(employer, position, referred))
            if result == FAILED:
                why, change = WHY_WELD if position == "焊工" else WHY
                job.refer(clerk, seeker, ReferralInput("", result=InterviewResult.NOT_HIRED, result_on=heard,
                                                       why=why, next_step=change, follows_id=first))
            elif result == HIRED:
                job.refer(clerk, seeker, ReferralInput("", result=InterviewResult.HIRED, result_on=heard,
                                                       fit="适应良好" if n == 0 else "经过调整后适应良好",
                                                       follows_id=first))
            last = heard
        if story.visit:
            last = min(today, last + timedelta(days=30))
            job.visit(clerk, seeker, VisitInput(last, agreement=True, wage_ok=True, insurance_ok=True,
                                                note="三方协议已签，工资按月发放，社保已缴"))
        if story.outcome is not None:
            where = story.business or next((e for e, _, r in story.referrals if r == HIRED), "")
            closed = min(today, (day(w, 60) if story.outcome != JobOutcome.REEMPLOYED else last) + timedelta(days=1))
            job.close(clerk, seeker, OutcomeInput(story.outcome, closed, where, story.jobs, story.reason))
    for skills, closes_this_year in LAST_YEAR:
        person = _choose(people, used, OLDER, today)
        opened = date(today.year - 1, 12, 1) if closes_this_year else date(today.year - 1, 10, 8)
        seeker = job.open_file(clerk, SeekerInput(person.id, None, skills, "", "保洁或保安", "", opened))
        job.plan(clerk, seeker, PlanInput(jobs=True, planned_on=opened + timedelta(days=2)))
        first = job.refer(clerk, seeker, ReferralInput(ESTATE, "保洁员", opened + timedelta(days=5)))
        heard = start_of_year if closes_this_year else opened + timedelta(days=10)
        job.refer(clerk, seeker, ReferralInput("", result=InterviewResult.HIRED, result_on=heard, fit="适应良好",
                                               follows_id=first))
        closed = min(today, heard + timedelta(days=1 if closes_this_year else 30))
        job.close(clerk, seeker, OutcomeInput(JobOutcome.REEMPLOYED, closed, ESTATE))


def _plan_note(story: Story) -> str:
    if story.plan[2]:
        return "参加创业培训，申请小额贷款担保"
    if story.plan[1]:
        return "推荐岗位，同时参加技能培训"
    return "推荐合适岗位"
