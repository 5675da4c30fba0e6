"""Every service method that takes an Actor, called as every role and as a disabled account.

A call is allowed exactly when ROLE_PERMISSIONS gives the role the permission the table names; otherwise it
raises PermissionDenied and writes nothing (the audit trail, which records every write, does not grow).
The methods are found by introspection of ``Services``: a new method taking an Actor fails
``test_every_method_taking_an_actor_is_in_the_table`` until it has its row in ``CALLS``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from app.domain.councils import CouncilLevel
from app.domain.employment import InterviewResult, JobOutcome
from app.models import Channel, Role, Scope
from app.services.care.duties import DutyInput
from app.services.care.patrol import PatrolInput, RequestFromEntry
from app.services.cases.canned_replies import ReplyInput
from app.services.cases.categories import CategoryInput
from app.services.cases.escalation import RuleInput as EscalationRule
from app.services.cases.intake import IntakeForm
from app.services.cases.listing import CaseQuery
from app.services.community.buildings import BuildingInput
from app.services.community.departments import DepartmentInput
from app.services.community.grids import GridInput
from app.services.core.audit import AuditFilter
from app.services.core.auth import ROLE_PERMISSIONS, Actor, Permission
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import PermissionDenied
from app.services.ledger.points.data import AwardInput, MerchantInput, RewardInput
from app.services.ledger.points.data import RuleInput as PointsRule
from app.services.ledger.timebank import GroupInput, NewVolunteer, RecordFilter, RedemptionInput, Rules, ServiceInput
from app.services.ledger.timebank.teams import TeamInput
from app.services.notices.board import MeetingInfo, NewItem, NewMeeting
from app.services.people.list_conditions import ListConditions
from app.services.people.register import ResidentChanges
from app.services.people.register_io import TEMPLATE_COLUMNS
from app.services.people.residents import NewResident, ResidentSummary
from app.services.people.tags import TagInput
from app.services.programmes.employment_data import OutcomeInput, PlanInput, ReferralInput, SeekerInput, VisitInput
from app.services.programmes.partner_data import ContributionInput, OfferInput, PartnerInput
from tests.unit.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, NOW, TIMEBANK_PASSWORD, Community
from tests.unit.sync_conflicts import list_conflict

PASSWORD = "passw0rd123"
DISABLED = "disabled"
ANY_ACCOUNT = None  # a method any active account may use (on its own account)
TODAY, YESTERDAY = date(2026, 11, 20), date(2026, 11, 19)  # NOW is 10:00 on the 20th in Beijing

# Services whose methods are not in CALLS yet. Each needs its rows before it is removed from here.
SKIPPED_SERVICES: set[str] = set()


@dataclasses.dataclass(frozen=True)
class Bank:
    """The time bank of the prepared community (see ``prepare_bank``): 张三 a volunteer with 4 hours, 张秀兰
    his approved family member, 王芳 granted 1 hour from the pool, which keeps 1 hour."""

    volunteer_id: uuid.UUID        # 张三's
    pending_record_id: uuid.UUID   # 1 hour yesterday, small enough for its recorder to verify
    verified_record_id: uuid.UUID  # 1 hour yesterday, to credit
    credit_entry_id: uuid.UUID     # 3 hours credited, to reverse
    grant_entry_id: uuid.UUID      # 1 hour granted to 王芳, to reverse
    pending_link_id: uuid.UUID     # 张三 - 李建国, requested by a time-bank officer who is none of the callers


@dataclasses.dataclass(frozen=True)
class Scheme:
    """The points of the prepared community (see ``prepare_points``): 张三 earned 200 points at council meetings,
    spent 100 of them on a voucher not yet honoured, then earned 50 more (an award nothing has been spent from)."""

    rule_id: uuid.UUID      # 居民议事会, 20 points a meeting
    merchant_id: uuid.UUID  # 幸福里积分超市
    reward_id: uuid.UUID    # 东北大米 5斤, 100 points, 4 left
    award_id: uuid.UUID     # the 50 points, to revoke
    voucher_id: uuid.UUID   # the voucher, to honour, cancel or print
    voucher_code: str


@dataclasses.dataclass
class Ctx:
    """What the argument builders need: ids from the prepared community, a folder, the caller's password."""

    services: Services
    residents: dict[str, ResidentSummary]
    open_case_id: uuid.UUID
    spare_staff_id: uuid.UUID
    tmp: Path
    bank: Bank
    scheme: Scheme
    password: str = ""
    any_actor: Actor | None = None  # someone allowed to read the intake options (to build forms)

    def form(self, resident: str, description: str = "楼道灯坏了一个星期，晚上看不见") -> IntakeForm:
        assert self.any_actor is not None
        options = self.services.intake.options(self.any_actor)
        sub = next(c for c in options.categories if c.code == "LIFE-WATER")
        return IntakeForm(channel=Channel.WALK_IN.value, resident_id=self.residents[resident].id,
                          category_id=sub.parent_id, subcategory_id=sub.id, description=description,
                          urgency=3, scope=Scope.HOUSEHOLD.value)


Args = tuple[tuple[Any, ...], dict[str, Any]]


def _holiday_file(folder: Path) -> Path:
    path = folder / "holidays.csv"
    path.write_text("日期,安排,名称\n2027-10-01~2027-10-07,放假,国庆节\n", encoding="utf-8")
    return path


def a(*args: Any, **kwargs: Any) -> Args:
    return args, kwargs


# Set-up items made by the administrator for a call to change (each call gets its own copy of the database).
def grid(c: Ctx) -> uuid.UUID:
    return c.services.community.grids.create(c.any_actor, GridInput("G9", "第九网格")).id


def building(c: Ctx) -> uuid.UUID:
    return c.services.community.buildings.create(c.any_actor, BuildingInput("9", None, 1, 2, 2)).id


def new_department(c: Ctx) -> uuid.UUID:
    return c.services.community.departments.create(c.any_actor, DepartmentInput("临时部门")).id


def category(c: Ctx) -> uuid.UUID:
    return c.services.community.categories.create(c.any_actor, CategoryInput("临时分类")).id


def reply(c: Ctx) -> uuid.UUID:
    """The first canned reply for any request (a first start writes the ready-made ones)."""
    return c.services.replies.all(c.any_actor)[0].id


def duty_input(c: Ctx) -> DutyInput:
    assert c.any_actor is not None
    return DutyInput("燃气检查", "gas", "monthly", 1, TODAY, 3, c.any_actor.user_id,
                     household_id=household_of(c, "王芳"))


def duty(c: Ctx) -> uuid.UUID:
    """A gas check at 王芳's, due today, added by the administrator before the call under test."""
    return c.services.duties.add(c.any_actor, duty_input(c)).id


def workers_duty(c: Ctx) -> uuid.UUID:
    """The gas check, its grid worker responsible: a grid worker records their own duties (care/places.check_reach)."""
    assert c.any_actor is not None
    worker = c.services.workflow.handlers(c.any_actor)[0]
    assert worker.role is Role.GRID_WORKER
    return c.services.duties.add(c.any_actor, dataclasses.replace(duty_input(c), responsible_id=worker.id)).id


def patrol_entry(c: Ctx) -> uuid.UUID:
    return c.services.patrol.write(c.any_actor, PatrolInput("3-2-302", "厨房水管漏水")).id


def job_seeker(c: Ctx, hired: bool = False) -> uuid.UUID:
    """李建国's job seeker's file, opened by the administrator; ``hired``: sent to an employer who took him on."""
    seeker = c.services.employment.open_file(c.any_actor, SeekerInput(c.residents["李建国"].id,
                                                                  started_on=YESTERDAY))  # type: ignore[arg-type]
    if hired:
        c.services.employment.refer(c.any_actor, seeker, ReferralInput(  # type: ignore[arg-type]
            "鞍山安达物业", "保安", YESTERDAY, InterviewResult.HIRED, TODAY))
    return seeker


def job_case(c: Ctx) -> uuid.UUID:
    """A request of 王芳's in the 就业帮扶 class (岗位推荐)."""
    assert c.any_actor is not None
    form = c.form("王芳", "想找一份保洁工作，请社区帮忙推荐")
    sub = next(x for x in c.services.intake.options(c.any_actor).categories if x.code == "JOB-REFERRAL")
    form = dataclasses.replace(form, category_id=sub.parent_id, subcategory_id=sub.id)
    return c.services.intake.submit(c.any_actor, form).case_id


def from_entry(c: Ctx) -> RequestFromEntry:
    form = c.form("王芳")
    return RequestFromEntry(form.resident_id, form.category_id, form.subcategory_id)


def team(c: Ctx) -> uuid.UUID:
    """银发互助队, 张三 its leader, made by the administrator before the call under test."""
    return c.services.timebank.teams.create(c.any_actor, TeamInput(
        "银发互助队", ("visit",), member_ids=(c.bank.volunteer_id,), leader_id=c.bank.volunteer_id)).id


def desk_list(c: Ctx) -> uuid.UUID:
    """A list the desk saved (not a ready-made one): anyone who builds lists may change or delete it."""
    return c.services.lists.save(c.any_actor, "六十岁以上", ListConditions(age_from=60)).id


def partner(c: Ctx) -> uuid.UUID:
    """A partner of the resource list with one offer for water repairs, added by the administrator before the call."""
    assert c.any_actor is not None
    name = f"站前维修队{uuid.uuid4().hex[:6]}"
    found = c.services.partners.create_partner(c.any_actor, PartnerInput(name, "company", "王师傅", "13998765432"))
    c.services.partners.save_offer(c.any_actor, found.id, None, OfferInput("免费修水管", classes=("LIFE-WATER",)))
    return found.id


def offer_of(c: Ctx, partner_id: uuid.UUID) -> uuid.UUID:
    assert c.any_actor is not None
    return c.services.partners.partner(c.any_actor, partner_id).offers[0].id


# One line per method: "service.method" (or "group.service.method"): (permission it needs, arguments after the actor).
CALLS: dict[str, tuple[Permission | None, Callable[[Ctx], Args]]] = {
    "auth.create_staff": (Permission.MANAGE_ACCOUNTS, lambda c: a("newbie", "新同事", Role.CLERK, PASSWORD)),
    "auth.list_staff": (Permission.MANAGE_ACCOUNTS, lambda c: a()),
    "auth.set_active": (Permission.MANAGE_ACCOUNTS, lambda c: a(c.spare_staff_id, False)),
    "auth.reset_password": (Permission.MANAGE_ACCOUNTS, lambda c: a(c.spare_staff_id, "newpass2026")),
    "auth.change_own_password": (ANY_ACCOUNT, lambda c: a(c.password, "newpass2026")),
    "residents.search": (Permission.VIEW_CASES, lambda c: a("张三")),
    "residents.browse": (Permission.VIEW_CASES, lambda c: a()),
    "residents.get": (Permission.VIEW_CASES, lambda c: a(c.residents["张三"].id)),
    "residents.reveal_id_number": (Permission.VIEW_ID_NUMBERS, lambda c: a(c.residents["张三"].id)),
    "residents.create": (Permission.MANAGE_RESIDENTS, lambda c: a(NewResident(
        name="钱多多", phone="13700001111", building="4", unit="1", room="202"))),
    "intake.options": (Permission.VIEW_CASES, lambda c: a()),
    "register.update_resident": (Permission.MANAGE_RESIDENTS, lambda c: a(c.residents["李建国"].id, ResidentChanges(
        phone="13998765433", notes="常去女儿家住"))),
    "register.set_status": (Permission.MANAGE_RESIDENTS, lambda c: a(c.residents["李建国"].id, "moved_away",
                                                                     YESTERDAY, "搬去沈阳")),
    "register.household": (Permission.VIEW_CASES, lambda c: a(household_of(c, "王芳"))),
    "register.update_household": (Permission.MANAGE_RESIDENTS, lambda c: a(household_of(c, "王芳"), None,
                                                                           ("alone", "disabled"), "腿脚不便")),
    "register.merge_preview": (Permission.MERGE_RESIDENTS, lambda c: a(duplicate(c), c.residents["张三"].id)),
    "register.merge": (Permission.MERGE_RESIDENTS, lambda c: a(duplicate(c), c.residents["张三"].id, "重复登记")),
    # tags and the register by place (issue 19)
    "lists.choices": (Permission.REGISTER, lambda c: a()),
    "lists.count": (Permission.REGISTER, lambda c: a(ListConditions(age_from=70, tags=("alone",)))),
    "lists.page": (Permission.REGISTER, lambda c: a(ListConditions(age_from=60), 0, 50)),
    "lists.describe": (Permission.REGISTER, lambda c: a(ListConditions(age_from=90))),
    "lists.saved": (Permission.REGISTER, lambda c: a()),
    "lists.save": (Permission.REGISTER, lambda c: a("三号楼老人", ListConditions(age_from=60, buildings=("3",)))),
    "lists.update": (Permission.REGISTER, lambda c: a(desk_list(c), ListConditions(age_from=65))),
    "lists.rename": (Permission.REGISTER, lambda c: a(desk_list(c), "六十五岁以上")),
    "lists.delete": (Permission.REGISTER, lambda c: a(desk_list(c))),
    "lists.open": (Permission.REGISTER, lambda c: a(desk_list(c))),
    "lists.print_pdf": (Permission.REGISTER, lambda c: a("名单", ListConditions(age_from=60), c.tmp / "printouts")),
    "lists.export_xlsx": (Permission.EXPORT, lambda c: a("名单", ListConditions(), c.tmp / "list.xlsx")),
    "lists.export_csv": (Permission.EXPORT, lambda c: a("名单", ListConditions(), c.tmp / "list.csv")),
    "tags.catalogue": (Permission.REGISTER, lambda c: a()),
    "tags.create": (Permission.MANAGE_SETTINGS, lambda c: a(TagInput("低保", "#C0392B", "person"))),
    "tags.update": (Permission.MANAGE_SETTINGS, lambda c: a("alone", TagInput("独居", "#C0392B", "household", "日见面",
                                                                              "daily", 2))),
    "tags.set_active": (Permission.MANAGE_SETTINGS, lambda c: a("rented", False)),
    "tags.set_person_tags": (Permission.MANAGE_RESIDENTS, lambda c: a(c.residents["张三"].id, ())),
    "households.buildings": (Permission.REGISTER, lambda c: a()),
    "households.building": (Permission.REGISTER, lambda c: a("3")),
    "households.household": (Permission.REGISTER, lambda c: a(household_of(c, "王芳"))),
    "households.profile": (Permission.REGISTER, lambda c: a(c.residents["王芳"].id)),
    "intake.find_similar": (Permission.VIEW_CASES, lambda c: a(c.residents["王芳"].id, None, "楼道灯坏了")),
    "intake.submit": (Permission.INTAKE, lambda c: a(c.form("李建国"))),
    "intake.attach": (Permission.INTAKE, lambda c: a(c.open_case_id, c.form("王芳"))),
    "intake.receipt": (Permission.VIEW_CASES, lambda c: a(case_id=c.open_case_id)),
    "intake.recent": (Permission.VIEW_CASES, lambda c: a()),
    "intake.count_today": (Permission.VIEW_CASES, lambda c: a()),
    "intake.attach_repeat": (Permission.INTAKE, lambda c: a(c.open_case_id, c.form("张三", "又来问楼道灯，还没修好"))),
    "repeats.history": (Permission.VIEW_CASES, lambda c: a(c.residents["张三"].id, "13812345678")),
    "repeats.frequent": (Permission.VIEW_STATISTICS, lambda c: a()),
    "case_list.page": (Permission.VIEW_CASES, lambda c: a(CaseQuery(text="楼道灯"))),
    "case_list.count": (Permission.VIEW_CASES, lambda c: a(CaseQuery(text="灯"))),
    "case_list.choices": (Permission.VIEW_CASES, lambda c: a()),
    "case_list.rebuild_index": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "export.export": (Permission.EXPORT, lambda c: a("json", c.tmp / "all.json")),
    "export.export_figures": (Permission.EXPORT, lambda c: a("csv", c.tmp / "figures.csv", YESTERDAY, TODAY)),
    "rates.summary": (Permission.VIEW_STATISTICS, lambda c: a(NOW - timedelta(days=7), NOW)),
    "rates.trend": (Permission.VIEW_STATISTICS, lambda c: a(NOW - timedelta(days=7), NOW, CaseQuery(text="灯"))),
    "street_report.report": (Permission.VIEW_STATISTICS, lambda c: a("week", TODAY)),
    "street_report.write": (Permission.VIEW_STATISTICS, lambda c: a("month", TODAY, c.tmp / "工作简报.docx")),
    "hot_spots.hot_spots": (Permission.VIEW_CASES, lambda c: a(NOW - timedelta(days=30), NOW)),
    "hot_spots.seasons": (Permission.VIEW_CASES, lambda c: a(TODAY)),
    "hot_spots.requests": (Permission.VIEW_CASES, lambda c: a((c.open_case_id,))),
    "notices.board": (Permission.NOTICES, lambda c: a(YESTERDAY, TODAY)),
    "notices.make_board": (Permission.NOTICES, lambda c: a(YESTERDAY, TODAY)),
    "notices.record": (Permission.NOTICES, lambda c: a(c.services.notices.make_board(None, YESTERDAY, TODAY))),
    "notices.publications": (Permission.NOTICES, lambda c: a()),
    "notices.publication_pdf": (Permission.NOTICES, lambda c: a(c.services.notices.record(
        None, c.services.notices.make_board(None, TODAY, TODAY)).id)),
    "notices.create_meeting": (Permission.NOTICES,
                               lambda c: a(NewMeeting("楼道堆物", TODAY), [NewItem("堆物", TODAY, responsible="物")])),
    "notices.add_item": (Permission.NOTICES,
                         lambda c: a(meeting(c).id, NewItem("加装路灯", TODAY, responsible="社区"))),
    "notices.record_progress": (Permission.NOTICES, lambda c: a(meeting(c).items[0].id, "已清理一半")),
    "notices.update_meeting": (Permission.NOTICES, lambda c: a(meeting(c).id, NewMeeting("东门路灯维修", TODAY))),
    "notices.update_item": (Permission.NOTICES,
                            lambda c: a(meeting(c).items[0].id, NewItem("东门两盏路灯", TODAY, responsible="城管"))),
    "notices.meetings": (Permission.NOTICES, lambda c: a()),
    "notices.council": (Permission.NOTICES, lambda c: a(meeting(c).id)),
    "notices.make_council": (Permission.NOTICES, lambda c: a(meeting(c).id)),
    "notices.council_options": (Permission.NOTICES, lambda c: a()),
    "notices.due_councils": (Permission.NOTICES, lambda c: a()),
    "notices.make_duty": (Permission.NOTICES, lambda c: a(meeting(c).items[0].id, c.spare_staff_id)),
    "notices.level_notice": (Permission.NOTICES,
                             lambda c: (meeting(c), a(CouncilLevel.COMMUNITY, TODAY, TODAY))[1]),
    "notices.make_level_notice": (Permission.NOTICES,
                                  lambda c: (meeting(c), a(CouncilLevel.COMMUNITY, TODAY, TODAY))[1]),
    "notices.defaults": (Permission.NOTICES, lambda c: a()),
    "access.create_key": (Permission.MANAGE_ACCOUNTS, lambda c: a("m_spare", "夜间导出")),
    "access.revoke_key": (Permission.MANAGE_ACCOUNTS,
                          lambda c: a(c.services.access.create_key(c.any_actor, "m_spare", "夜间导出").id)),
    "access.keys": (Permission.MANAGE_ACCOUNTS, lambda c: a()),
    "access.record": (ANY_ACCOUNT, lambda c: a("export", {"out": "x.json"})),
    "backups.overview": (ANY_ACCOUNT, lambda c: a()),
    "backups.back_up": (ANY_ACCOUNT, lambda c: a()),
    "backups.restore_backup": (Permission.MANAGE_BACKUPS,
                               lambda c: a(c.services.backups.backup_now(c.tmp.parent / "made").path)),
    "desk_settings.get": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "desk_settings.save": (Permission.MANAGE_SETTINGS, lambda c: a(dataclasses.replace(
        c.services.desk_settings.get(c.any_actor).values, desk_phone="0412-5581299", idle_lock_minutes=5))),
    "desk_settings.set_backup_folder": (Permission.MANAGE_BACKUPS, lambda c: a(str(c.tmp.parent))),
    "audit.entries": (Permission.VIEW_AUDIT, lambda c: a(AuditFilter())),
    "audit.entities": (Permission.VIEW_AUDIT, lambda c: a()),
    "anchors.published": (Permission.VIEW_AUDIT, lambda c: a()),
    "anchors.make_sheet": (Permission.VIEW_AUDIT, lambda c: a()),
    "verify.check": (Permission.VIEW_AUDIT, lambda c: a()),
    "anchors.note_printed": (ANY_ACCOUNT, lambda c: a("passbook", "存折 V001", "A01-1-000000000000")),
    "register_import.open_file": (Permission.IMPORT_REGISTER, lambda c: a(register_file(c))),
    "register_import.preview": (Permission.IMPORT_REGISTER, lambda c: a(register_file(c), "register", TEMPLATE_FIELDS)),
    "register_import.commit": (Permission.IMPORT_REGISTER, lambda c: a(c.services.register_import.preview(
        c.any_actor, register_file(c), "register", TEMPLATE_FIELDS))),
    "register_import.export_xlsx": (Permission.EXPORT, lambda c: a(c.tmp / "register.xlsx")),
    "personal_data.export_resident": (Permission.EXPORT, lambda c: a(c.residents["张三"].id, c.tmp / "p.json")),
    "personal_data.erase_resident": (Permission.ERASE_PERSONAL_DATA,
                                     lambda c: a(c.residents["李建国"].id, "本人书面申请")),
    "timebank.volunteers.rules": (Permission.TIMEBANK, lambda c: a()),
    "timebank.volunteers.set_rules": (Permission.TIMEBANK_RULES, lambda c: a(Rules(step_minutes=30))),
    "timebank.volunteers.register": (Permission.TIMEBANK, lambda c: a(NewVolunteer(c.residents["李建国"].id,
                                                                                   ("repair",)))),
    "timebank.volunteers.update_volunteer": (Permission.TIMEBANK,
                                  lambda c: a(c.bank.volunteer_id, ["cleaning", "meal"], "工作日晚上", "active")),
    "timebank.volunteers.volunteers": (Permission.TIMEBANK, lambda c: a("张三")),
    "timebank.volunteers.volunteer": (Permission.TIMEBANK, lambda c: a(c.bank.volunteer_id)),
    "timebank.records.record": (Permission.TIMEBANK, lambda c: a(ServiceInput(
        c.bank.volunteer_id, "cleaning", YESTERDAY, time(16, 0), time(17, 0), recipient_id=c.residents["王芳"].id))),
    "timebank.records.record_group": (Permission.TIMEBANK, lambda c: a(GroupInput(
        "楼道清扫", "activity", TODAY, time(8, 0), time(9, 0), (c.bank.volunteer_id,)))),
    "timebank.records.records": (Permission.TIMEBANK, lambda c: a(RecordFilter(volunteer_id=c.bank.volunteer_id))),
    "timebank.records.verify": (Permission.TIMEBANK, lambda c: a([c.bank.pending_record_id])),
    "timebank.records.credit": (Permission.TIMEBANK, lambda c: a([c.bank.verified_record_id])),
    "timebank.records.reject": (Permission.TIMEBANK, lambda c: a([c.bank.pending_record_id], "重复登记")),
    "timebank.records.reverse": (Permission.TIMEBANK, lambda c: a(c.bank.credit_entry_id, "时长登记错误")),
    "timebank.family.request_link": (Permission.TIMEBANK,
                              lambda c: a(c.residents["王芳"].id, c.residents["李建国"].id, "child", "户口簿")),
    "timebank.family.decide_link": (Permission.TIMEBANK, lambda c: a(c.bank.pending_link_id, True)),
    "timebank.family.links": (Permission.TIMEBANK, lambda c: a(c.residents["张三"].id)),
    "timebank.family.beneficiaries": (Permission.TIMEBANK, lambda c: a(c.residents["张三"].id)),
    "timebank.spending.redeem": (Permission.TIMEBANK, lambda c: a(RedemptionInput(
        c.residents["张三"].id, c.residents["张秀兰"].id, "meal", YESTERDAY, 60, provider="老年食堂"))),
    "timebank.spending.transfer": (Permission.TIMEBANK,
                          lambda c: a(c.residents["张三"].id, c.residents["张秀兰"].id, 60, "给老伴")),
    "timebank.spending.donate": (Permission.TIMEBANK, lambda c: a(c.residents["张三"].id, 60)),
    "timebank.spending.grant": (Permission.TIMEBANK_GRANT, lambda c: a(c.residents["王芳"].id, 60,
                                                                       "高龄独居，无法参加服务")),
    "timebank.statements.balance": (Permission.TIMEBANK, lambda c: a(c.residents["张三"].id)),
    "timebank.statements.pool_balance": (Permission.TIMEBANK, lambda c: a()),
    "timebank.statements.statement": (Permission.TIMEBANK, lambda c: a(c.residents["张三"].id)),
    "timebank.statements.export_xlsx": (Permission.TIMEBANK, lambda c: a(c.tmp / "bank.xlsx")),
    "timebank.teams.create": (Permission.TEAMS, lambda c: a(TeamInput("青年突击队", ("repair",),
                                                                   member_ids=(c.bank.volunteer_id,)))),
    "timebank.teams.update": (Permission.TEAMS, lambda c: a(team(c), TeamInput("银发互助队", weekdays=(3,),
                                                                              starts=time(9), ends=time(11)))),
    "timebank.teams.teams": (Permission.TEAMS, lambda c: a()),
    "timebank.teams.detail": (Permission.TEAMS, lambda c: a(team(c))),
    "timebank.team_cases.choices": (Permission.DISPATCH, lambda c: a()),
    "timebank.team_cases.give": (Permission.DISPATCH, lambda c: a(c.open_case_id, team(c), "请服务队上门")),
    "timebank.team_cases.requests": (Permission.TEAMS, lambda c: a(team(c))),
    "workflow.detail": (Permission.VIEW_CASES, lambda c: a(c.open_case_id)),
    "workflow.find": (Permission.VIEW_CASES, lambda c: a(case_no(c))),
    "workflow.handlers": (Permission.DISPATCH, lambda c: a()),
    "workflow.dispatch": (Permission.DISPATCH, lambda c: a(c.open_case_id, handler(c))),
    "workflow.respond": (Permission.HANDLE_CASES, lambda c: a(case_in(c, "dispatch"), "已电话联系居民")),
    # A grid worker handles the requests of their grid or dispatched to them (reach.py): these are dispatched to them.
    "workflow.add_note": (Permission.HANDLE_CASES,
                          lambda c: a(case_in(c, "dispatch"), "物业明天上门查看", public=True)),
    "workflow.review_note": (Permission.REVIEW_NOTES, lambda c: a(*pending_note(c), True)),
    "workflow.call_departments": (Permission.DISPATCH, lambda c: a(c.open_case_id, [department(c)])),
    "workflow.department_report": (Permission.HANDLE_CASES,
                                   lambda c: a(case_in(c, "dispatch", "call"), department(c), "已派人到现场查看")),
    "workflow.raise_level": (Permission.SUPERVISE_CASES, lambda c: a(c.open_case_id, "社区协调不了，报街道")),
    "workflow.suspend": (Permission.SUPERVISE_CASES, lambda c: a(c.open_case_id, "等待维修配件到货")),
    "workflow.resume": (Permission.SUPERVISE_CASES, lambda c: a(case_in(c, "suspend"), "配件已到")),
    "workflow.resolve": (Permission.HANDLE_CASES, lambda c: a(case_in(c, "dispatch"), "已更换水管")),
    "workflow.follow_up": (Permission.FOLLOW_UP, lambda c: a(case_in(c, "dispatch", "resolve"), "satisfied")),
    "workflow.call_tried": (Permission.FOLLOW_UP, lambda c: a(case_in(c, "dispatch", "resolve"))),
    "followups.queue": (Permission.FOLLOW_UP, lambda c: a()),
    "workflow.close": (Permission.SUPERVISE_CASES, lambda c: a(case_in(c, "dispatch", "resolve"))),
    "workflow.reopen": (Permission.SUPERVISE_CASES, lambda c: a(case_in(c, "dispatch", "resolve"), "居民说还在漏")),
    "workflow.merge": (Permission.MERGE_CASES, lambda c: a(case_in(c), c.open_case_id, "同一处漏水")),
    # Words to the resident (issue 20): those who handle a request send them (with a grid worker's reach: these are
    # dispatched to them); the templates and canned replies are set-up.
    "messages.templates": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "messages.set_template": (Permission.MANAGE_SETTINGS, lambda c: a("received", "sms", "【居民称呼】您好，已受理。")),
    "messages.reset_template": (Permission.MANAGE_SETTINGS, lambda c: a("received", "sms")),
    "messages.render": (Permission.HANDLE_CASES, lambda c: a(case_in(c, "dispatch"))),
    "messages.record_sent": (Permission.HANDLE_CASES, lambda c: a(case_in(c, "dispatch"), "dispatched", "sms",
                                                                  "copied", "王女士您好，您的诉求已派人办理。")),
    "replies.for_case": (Permission.HANDLE_CASES, lambda c: a(case_in(c, "dispatch"))),
    "replies.all": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "replies.create": (Permission.MANAGE_SETTINGS, lambda c: a(ReplyInput("已上门查看，正在联系维修"))),
    "replies.update": (Permission.MANAGE_SETTINGS, lambda c: a(reply(c), ReplyInput("已上门查看情况"))),
    "replies.move": (Permission.MANAGE_SETTINGS, lambda c: a(reply(c), 1)),
    "replies.set_active": (Permission.MANAGE_SETTINGS, lambda c: a(reply(c), False)),
    "replies.delete": (Permission.MANAGE_SETTINGS, lambda c: a(reply(c))),
    "replies.add_defaults": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "escalation.counts": (Permission.VIEW_CASES, lambda c: a()),
    "escalation.rules": (Permission.VIEW_CASES, lambda c: a()),
    "escalation.category_limits": (Permission.VIEW_CASES, lambda c: a()),
    "escalation.set_rule": (Permission.MANAGE_SETTINGS,
                            lambda c: a(EscalationRule(urgency=5, response_minutes=30, resolve_hours=4))),
    "escalation.delete_rule": (Permission.MANAGE_SETTINGS, lambda c: a(c.services.escalation.set_rule(
        c.any_actor, EscalationRule(urgency=4, response_minutes=45)).id)),
    "holidays.overview": (Permission.VIEW_CASES, lambda c: a()),
    "holidays.add": (Permission.MANAGE_SETTINGS, lambda c: a(date(2027, 10, 1), date(2027, 10, 7), False, "国庆节")),
    "holidays.remove": (Permission.MANAGE_SETTINGS, lambda c: a([uuid.uuid4()])),
    "holidays.import_file": (Permission.MANAGE_SETTINGS, lambda c: a(_holiday_file(c.tmp.parent))),
    "community.grids.all": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.grids.workers": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.grids.create": (Permission.MANAGE_SETTINGS, lambda c: a(GridInput("G7", "第七网格"))),
    "community.grids.update": (Permission.MANAGE_SETTINGS, lambda c: a(grid(c), GridInput("G8", "第八网格"))),
    "community.grids.set_active": (Permission.MANAGE_SETTINGS, lambda c: a(grid(c), False)),
    "community.grids.delete": (Permission.MANAGE_SETTINGS, lambda c: a(grid(c))),
    "community.buildings.all": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.buildings.unlisted": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.buildings.register_unlisted": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.buildings.create": (Permission.MANAGE_SETTINGS, lambda c: a(BuildingInput("8", None, 2, 6, 2))),
    "community.buildings.update": (Permission.MANAGE_SETTINGS, lambda c: a(building(c), BuildingInput("9", None, 2))),
    "community.buildings.set_active": (Permission.MANAGE_SETTINGS, lambda c: a(building(c), False)),
    "community.buildings.delete": (Permission.MANAGE_SETTINGS, lambda c: a(building(c))),
    "community.departments.all": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.departments.create": (Permission.MANAGE_SETTINGS, lambda c: a(DepartmentInput("燃气公司", "utility"))),
    "community.departments.update": (Permission.MANAGE_SETTINGS,
                                     lambda c: a(new_department(c), DepartmentInput("水务局"))),
    "community.departments.set_active": (Permission.MANAGE_SETTINGS, lambda c: a(new_department(c), False)),
    "community.departments.move": (Permission.MANAGE_SETTINGS, lambda c: a(new_department(c), -1)),
    "community.departments.delete": (Permission.MANAGE_SETTINGS, lambda c: a(new_department(c))),
    "community.categories.tree": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "community.categories.create": (Permission.MANAGE_SETTINGS, lambda c: a(CategoryInput("文体活动"))),
    "community.categories.update": (Permission.MANAGE_SETTINGS, lambda c: a(category(c), CategoryInput("文化活动"))),
    "community.categories.set_active": (Permission.MANAGE_SETTINGS, lambda c: a(category(c), False)),
    "community.categories.move": (Permission.MANAGE_SETTINGS, lambda c: a(category(c), -1)),
    "community.categories.delete": (Permission.MANAGE_SETTINGS, lambda c: a(category(c))),
    "community.readiness.checklist": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "duties.options": (Permission.DUTIES, lambda c: a()),
    "duties.due": (Permission.DUTIES, lambda c: a()),
    "duties.counts": (Permission.DUTIES, lambda c: a()),
    "duties.get": (Permission.DUTIES, lambda c: a(duty(c))),
    "duties.records": (Permission.DUTIES, lambda c: a(duty(c))),
    "duties.weekly_sheet": (Permission.DUTIES, lambda c: a(c.spare_staff_id, TODAY)),
    "duties.add": (Permission.MANAGE_DUTIES, lambda c: a(duty_input(c))),
    "duties.change": (Permission.MANAGE_DUTIES, lambda c: a(duty(c), duty_input(c))),
    "duties.end": (Permission.MANAGE_DUTIES, lambda c: a(duty(c))),
    "duties.record_done": (Permission.DUTIES, lambda c: a(workers_duty(c), TODAY, TODAY, "已检查")),
    "duties.record_not_done": (Permission.DUTIES, lambda c: a(workers_duty(c), TODAY, "家中无人")),
    "visits.sync_all": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "visits.missed_by_grid": (Permission.VIEW_STATISTICS, lambda c: a(YESTERDAY, TODAY)),
    "employment.open_file": (Permission.EMPLOYMENT, lambda c: a(SeekerInput(c.residents["张秀兰"].id, skills="缝纫"))),
    "employment.from_request": (Permission.EMPLOYMENT, lambda c: a(job_case(c))),
    "employment.request_link": (Permission.EMPLOYMENT, lambda c: a(c.open_case_id)),
    "employment.plan": (Permission.EMPLOYMENT, lambda c: a(job_seeker(c), PlanInput(jobs=True))),
    "employment.refer": (Permission.EMPLOYMENT, lambda c: a(job_seeker(c), ReferralInput("鞍山安达物业", "保洁"))),
    "employment.visit": (Permission.EMPLOYMENT, lambda c: a(job_seeker(c, hired=True), VisitInput(TODAY, True))),
    "employment.close": (Permission.EMPLOYMENT, lambda c: a(job_seeker(c), OutcomeInput(JobOutcome.NONE,
                                                                                         reason="已办理退休"))),
    "employment.files": (Permission.EMPLOYMENT, lambda c: a("all")),
    "employment.detail": (Permission.EMPLOYMENT, lambda c: a(job_seeker(c))),
    "employment.year_counts": (Permission.VIEW_STATISTICS, lambda c: a(2026)),
    "patrol.write": (Permission.DUTIES, lambda c: a(PatrolInput("3-2-301", "楼道堆放杂物"))),
    "patrol.entries": (Permission.DUTIES, lambda c: a(YESTERDAY, TODAY)),
    "patrol.people": (Permission.DUTIES, lambda c: a(patrol_entry(c))),
    "patrol.to_request": (Permission.DUTIES, lambda c: a(patrol_entry(c), from_entry(c))),
    "partners.partners": (Permission.PARTNERS, lambda c: a()),
    "partners.partner": (Permission.PARTNERS, lambda c: a(partner(c))),
    "partners.request_classes": (Permission.PARTNERS, lambda c: a()),
    "partners.create_partner": (Permission.PARTNERS, lambda c: a(PartnerInput("站前医院", "hospital", "周大夫"))),
    "partners.update_partner": (Permission.PARTNERS, lambda c: a(partner(c), PartnerInput("站前医院", "hospital",
                                                                                           "周大夫"))),
    "partners.save_offer": (Permission.PARTNERS, lambda c: a(partner(c), None, OfferInput("义诊"))),
    "partners.record_contribution": (Permission.PARTNERS, lambda c: a(partner(c), ContributionInput("义诊", TODAY,
                                                                                                   30))),
    "partners.contributions": (Permission.PARTNERS, lambda c: a(partner(c))),
    "partners.suggestions": (Permission.PARTNERS, lambda c: a(c.open_case_id)),
    "partners.refer": (Permission.PARTNERS, lambda c: (lambda p: a(c.open_case_id, p, offer_of(c, p)))(partner(c))),
    "points.rules.rules": (Permission.POINTS, lambda c: a()),
    "points.rules.create_rule": (Permission.POINTS_RULES, lambda c: a(
        PointsRule("suggestion", "建言献策", 50, monthly_cap=100, valid_days=365))),
    "points.rules.update_rule": (Permission.POINTS_RULES,
                                 lambda c: a(c.scheme.rule_id, PointsRule("meeting", "议事会", 30))),
    "points.rules.award": (Permission.POINTS, lambda c: a(AwardInput(c.scheme.rule_id, (c.residents["王芳"].id,)))),
    "points.rules.awards": (Permission.POINTS, lambda c: a(c.residents["张三"].id)),
    "points.rules.revoke_award": (Permission.POINTS_RULES, lambda c: a(c.scheme.award_id, "没有参加这次议事会")),
    "points.catalogue.merchants": (Permission.POINTS, lambda c: a()),
    "points.catalogue.create_merchant": (Permission.MERCHANTS,
                                         lambda c: a(MerchantInput("老街面馆", "catering", 80, phone="0412-5581234"))),
    "points.catalogue.update_merchant": (Permission.MERCHANTS, lambda c: a(
        c.scheme.merchant_id, MerchantInput("幸福里积分超市", "other", 90, phone="0412-5581234"))),
    "points.catalogue.rewards": (Permission.POINTS, lambda c: a()),
    "points.catalogue.create_reward": (Permission.MERCHANTS,
                                       lambda c: a(RewardInput(c.scheme.merchant_id, "春联", 100), stock=5)),
    "points.catalogue.update_reward": (Permission.MERCHANTS, lambda c: a(
        c.scheme.reward_id, RewardInput(c.scheme.merchant_id, "东北大米 5斤", 120))),
    "points.catalogue.restock": (Permission.MERCHANTS, lambda c: a(c.scheme.reward_id, 3, "新到一批")),
    "points.catalogue.stock_moves": (Permission.POINTS, lambda c: a(c.scheme.reward_id)),
    "points.vouchers.balance": (Permission.POINTS, lambda c: a(c.residents["张三"].id)),
    "points.vouchers.balances": (Permission.POINTS, lambda c: a([c.residents["张三"].id, c.residents["王芳"].id])),
    "points.vouchers.choice": (Permission.POINTS, lambda c: a(c.residents["张三"].id)),
    "points.vouchers.redeem": (Permission.POINTS, lambda c: a(c.residents["张三"].id, c.scheme.reward_id)),
    "points.vouchers.voucher": (Permission.POINTS, lambda c: a(c.scheme.voucher_code)),
    "points.vouchers.vouchers": (Permission.POINTS, lambda c: a(c.residents["张三"].id)),
    "points.vouchers.honour": (Permission.POINTS, lambda c: a(c.scheme.voucher_code)),
    "points.vouchers.cancel": (Permission.POINTS, lambda c: a(c.scheme.voucher_id, "居民改换别的奖品")),
    "points.vouchers.voucher_print": (Permission.POINTS, lambda c: a(c.scheme.voucher_id)),
    "points.settlement.expire": (Permission.POINTS_RULES, lambda c: a()),
    "points.settlement.expiry_preview": (Permission.POINTS_RULES, lambda c: a()),
    "points.settlement.statement": (Permission.POINTS, lambda c: a(c.residents["张三"].id)),
    "points.settlement.settlement": (Permission.MERCHANTS, lambda c: a(c.scheme.merchant_id, YESTERDAY, TODAY)),
    "points.settlement.export_settlement_xlsx": (Permission.MERCHANTS, lambda c: a(
        c.scheme.merchant_id, YESTERDAY, TODAY, c.tmp / "settle.xlsx")),
    "sync_conflicts.pending": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "sync_conflicts.count": (Permission.MANAGE_SETTINGS, lambda c: a()),
    "sync_conflicts.confirm": (Permission.MANAGE_SETTINGS, lambda c: a(sync_conflict(c))),
    "sync_conflicts.use_other": (Permission.MANAGE_SETTINGS, lambda c: a(sync_conflict(c))),
}

CALLERS = [*Role, DISABLED]


def meeting(c: Ctx) -> MeetingInfo:
    """A council meeting with one item, recorded by the administrator before the call under test."""
    assert c.any_actor is not None
    return c.services.notices.create_meeting(c.any_actor, NewMeeting("路灯维修", TODAY),
                                             [NewItem("东门路灯不亮", TODAY, responsible="街道城管科")])


def household_of(c: Ctx, resident: str) -> uuid.UUID:
    household_id = c.residents[resident].household_id
    assert household_id is not None
    return household_id


def sync_conflict(c: Ctx) -> uuid.UUID:
    """王芳's phone changed on two desks apart, as the street lists it (written before the call under test)."""
    return list_conflict(c.services, c.residents["王芳"].id, "13911112222", "13933334444")


def duplicate(c: Ctx) -> uuid.UUID:
    """张三 registered a second time (no ID number), by the administrator before the call under test."""
    assert c.any_actor is not None
    return c.services.residents.create(c.any_actor, NewResident(
        name="张三", phone="13812345678", building="3", unit="2", room="301")).id


TEMPLATE_FIELDS = tuple(f for f, _header in TEMPLATE_COLUMNS)


def register_file(c: Ctx) -> Path:
    """A register of one new resident, in the template's columns, as csv."""
    path = c.tmp.parent / "register.csv"  # beside the output folder: the input is no file the call wrote
    path.write_text(",".join(h for _f, h in TEMPLATE_COLUMNS) + "\n钱多多,男,,,13700001111,4,1,202,,,\n",
                    encoding="utf-8")
    return path


def handler(c: Ctx) -> uuid.UUID:
    """A grid worker to dispatch to (the first in the dispatcher's list)."""
    assert c.any_actor is not None
    return c.services.workflow.handlers(c.any_actor)[0].id


def pending_note(c: Ctx) -> tuple[uuid.UUID, int]:
    """A request dispatched to the grid worker, with a public note of theirs waiting for review: (case, note's seq)."""
    assert c.any_actor is not None
    case_id = case_in(c, "dispatch")
    worker = c.services.workflow.handlers(c.any_actor)[0]
    assert worker.role is Role.GRID_WORKER
    as_worker = Actor(worker.id, "m_grid_worker", worker.name, worker.role, c.any_actor.desk_code)
    info = c.services.workflow.add_note(as_worker, case_id, "楼道灯已报修，周五前修好", public=True)
    return case_id, info.events


def department(c: Ctx) -> uuid.UUID:
    assert c.any_actor is not None
    return c.services.intake.options(c.any_actor).departments[0].id


def case_no(c: Ctx) -> str:
    assert c.any_actor is not None
    return c.services.workflow.detail(c.any_actor, c.open_case_id).info.case_no


def case_in(c: Ctx, *steps: str) -> uuid.UUID:
    """A new request of 王芳's, taken by the administrator through ``steps`` so the call under test is legal."""
    assert c.any_actor is not None
    flow, actor = c.services.workflow, c.any_actor
    case_id = c.services.intake.submit(actor, c.form("王芳", "三号楼二单元水管漏水，楼下天花板湿了")).case_id
    for step in steps:
        if step == "dispatch":
            flow.dispatch(actor, case_id, handler(c))
        elif step == "resolve":
            flow.resolve(actor, case_id, "已更换水管，居民确认不漏了")
        elif step == "suspend":
            flow.suspend(actor, case_id, "等待维修配件到货")
        elif step == "call":
            flow.call_departments(actor, case_id, [department(c)])
        else:
            raise AssertionError(step)
    return case_id


def takes_actor(function: Callable[..., Any]) -> bool:
    return any("Actor" in str(p.annotation) for p in inspect.signature(function).parameters.values())


def discovered() -> set[str]:
    """Every public method of every service in Services with a parameter annotated Actor (or Actor | None), and of
    every service in a group of them (``Services.points``: ``points.rules.award``)."""
    found: set[str] = set()
    for name, kind in get_type_hints(Services).items():
        if name in SKIPPED_SERVICES or not inspect.isclass(kind):
            continue
        found |= methods_taking_an_actor(name, kind)
    return found


def methods_taking_an_actor(name: str, kind: type) -> set[str]:
    """``name.method`` for each; a group of services (a dataclass such as ``TimeBank``) as ``name.service.method``."""
    if dataclasses.is_dataclass(kind):
        return {found for part, sub in get_type_hints(kind).items() if inspect.isclass(sub)
                for found in methods_taking_an_actor(f"{name}.{part}", sub)}
    return {f"{name}.{method}" for method, function in inspect.getmembers(kind, inspect.isfunction)
            if not method.startswith("_") and takes_actor(function)}


def test_every_method_taking_an_actor_is_in_the_table() -> None:
    found = discovered()
    missing = sorted(found - set(CALLS))
    assert not missing, f"add a line to CALLS in {__file__} for: {', '.join(missing)}"
    assert sorted(set(CALLS) - found) == [], "CALLS names methods that no longer take an Actor"


def test_the_discovery_sees_the_services() -> None:
    found = discovered()
    assert {"residents.search", "intake.submit", "auth.create_staff", "personal_data.erase_resident",
            "timebank.records.credit", "points.rules.award", "points.vouchers.redeem"} <= found
    assert "auth.login" not in found and "verify.run" not in found  # no Actor: nothing to check here


# ---- the matrix ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Prepared:
    folder: Path
    actors: dict[str, Actor]
    passwords: dict[str, str]
    residents: dict[str, ResidentSummary]
    open_case_id: uuid.UUID
    spare_staff_id: uuid.UUID
    bank: Bank
    scheme: Scheme


def actor_of(info: Any, desk: str) -> Actor:
    return Actor(info.id, info.username, info.display_name, info.role, desk)


def prepare_bank(services: Services, officer: Actor, director: Actor, requester: Actor,
                 residents: dict[str, ResidentSummary]) -> Bank:
    """张三 earns 6 hours (two credited records of 3), gives 2 to the pool, which grants 1 to 王芳; his link to
    张秀兰 is approved, the one to 李建国 is pending; two records of 1 hour yesterday, one pending, one verified.

    Every call of the matrix then succeeds for each role allowed to make it: the records are small (no four-eyes),
    the links were requested by ``requester`` (no caller decides their own request) and the balances cover a
    reversal of 3 hours and a spend of 1 from 张三, and a grant of 1 from the pool."""
    tb = services.timebank
    zhang, xiulan = residents["张三"].id, residents["张秀兰"].id
    volunteer = tb.volunteers.register(officer, NewVolunteer(zhang, ("cleaning", "repair"), "周末上午"))
    credited = []
    for day in (date(2026, 11, 17), date(2026, 11, 18)):
        rec = tb.records.record(officer, ServiceInput(volunteer.id, "cleaning", day, time(9, 0), time(12, 0)))
        tb.records.verify(officer, [rec.id])
        [done] = tb.records.credit(officer, [rec.id])
        assert done.entry_id is not None
        credited.append(done.entry_id)
    link = tb.family.request_link(requester, zhang, xiulan, "spouse", "结婚证")
    tb.family.decide_link(officer, link.id, True)
    pending_link = tb.family.request_link(requester, zhang, residents["李建国"].id, "child", "户口簿")
    tb.spending.donate(officer, zhang, 120)
    grant = tb.spending.grant(director, residents["王芳"].id, 60, "高龄独居")
    pending = tb.records.record(officer, ServiceInput(volunteer.id, "visit", YESTERDAY, time(9, 0), time(10, 0)))
    verified = tb.records.record(officer, ServiceInput(volunteer.id, "repair", YESTERDAY, time(14, 0), time(15, 0)))
    tb.records.verify(officer, [verified.id])
    assert (tb.statements.balance(officer, zhang), tb.statements.pool_balance(officer)) == (240, 60)
    return Bank(volunteer.id, pending.id, verified.id, credited[0], grant, pending_link.id)


def prepare_points(services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> Scheme:
    p, zhang = services.points, residents["张三"].id
    rule = p.rules.create_rule(admin, PointsRule("meeting", "居民议事会", 20)).id
    market = p.catalogue.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, "刘晓燕",
                                                              "0412-5581234")).id
    rice = p.catalogue.create_reward(admin, RewardInput(market, "东北大米 5斤", 100), stock=5).id
    p.rules.award(clerk, AwardInput(rule, (zhang,), YESTERDAY, quantity=10, event="十一月居民议事会"))
    voucher = p.vouchers.redeem(clerk, zhang, rice)
    [later] = p.rules.award(clerk, AwardInput(rule, (zhang,), TODAY, quantity=1, event="楼道堆物议事会"))
    later_too = p.rules.award(clerk, AwardInput(rule, (zhang,), TODAY, quantity=2, event="加装电梯议事会"))
    assert p.vouchers.balance(clerk, zhang).balance == 160 and later_too
    return Scheme(rule, market, rice, later.id, voucher.id, voucher.code)


@pytest.fixture(scope="session")
def prepared(community_template: Community, tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """The test community plus an account of every role, a disabled administrator, a spare account to
    disable or reset, and an open request (张三's) to attach to. Built once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("permissions") / "data"
    shutil.copytree(community_template.folder, folder)
    services = open_services(folder, clock=FakeClock(NOW))
    try:
        admin, desk = community_template.admin, services.db.desk_code
        actors: dict[str, Actor] = {Role.ADMIN: admin, Role.CLERK: community_template.clerk,
                                    Role.TIMEBANK_OFFICER: community_template.timebank}
        passwords = {Role.ADMIN: ADMIN_PASSWORD, Role.CLERK: CLERK_PASSWORD, Role.TIMEBANK_OFFICER: TIMEBANK_PASSWORD}
        for role in Role:
            if role not in actors:
                actors[role] = actor_of(services.auth.create_staff(admin, f"m_{role.value}", "测试", role, PASSWORD),
                                        desk)
                passwords[role] = PASSWORD
        disabled = services.auth.create_staff(admin, "m_disabled", "停用管理员", Role.ADMIN, PASSWORD)
        services.auth.set_active(admin, disabled.id, False)
        actors[DISABLED], passwords[DISABLED] = actor_of(disabled, desk), PASSWORD
        spare = services.auth.create_staff(admin, "m_spare", "备用账号", Role.CLERK, PASSWORD)
        requester = actor_of(services.auth.create_staff(admin, "m_requester", "另一位专员", Role.TIMEBANK_OFFICER,
                                                        PASSWORD), desk)
        residents = community_template.residents
        bank = prepare_bank(services, actors[Role.TIMEBANK_OFFICER], actors[Role.DIRECTOR], requester, residents)
        scheme = prepare_points(services, admin, community_template.clerk, residents)
        ctx = Ctx(services, residents, uuid.uuid4(), spare.id, folder, bank, scheme, any_actor=admin)
        case = services.intake.submit(community_template.clerk, ctx.form("张三"))
    finally:
        services.close()
    return Prepared(folder, actors, passwords, residents, case.case_id, spare.id, bank, scheme)


@pytest.fixture
def matrix_services(prepared: Prepared, tmp_path: Path) -> Iterator[Services]:
    folder = tmp_path / "data"
    shutil.copytree(prepared.folder, folder)
    svc = open_services(folder, clock=FakeClock(NOW))
    try:
        yield svc
    finally:
        svc.close()


def audit_size(services: Services) -> int:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def files_in(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def may(caller: str, permission: Permission | None) -> bool:
    if caller == DISABLED:
        return False
    return permission is ANY_ACCOUNT or permission in ROLE_PERMISSIONS[Role(caller)]


@pytest.mark.parametrize("caller", CALLERS, ids=str)
@pytest.mark.parametrize("call", sorted(CALLS))
def test_allowed_exactly_when_the_role_has_the_permission(call: str, caller: str, prepared: Prepared,
                                                          matrix_services: Services, tmp_path: Path) -> None:
    permission, build = CALLS[call]
    actor = prepared.actors[caller]
    out = tmp_path / "out"
    out.mkdir()
    ctx = Ctx(matrix_services, prepared.residents, prepared.open_case_id, prepared.spare_staff_id, out,
              prepared.bank, prepared.scheme, prepared.passwords[caller], any_actor=prepared.actors[Role.ADMIN])
    args, kwargs = build(ctx)
    method = functools.reduce(getattr, call.split("."), matrix_services)
    before = audit_size(matrix_services)
    if may(caller, permission):
        method(actor, *args, **kwargs)  # allowed: the call goes through (any refusal fails the test)
    else:
        with pytest.raises(PermissionDenied):
            method(actor, *args, **kwargs)
        assert audit_size(matrix_services) == before, "a refused call wrote something"
        assert files_in(out) == set(), "a refused call wrote a file"


@pytest.mark.parametrize("caller", CALLERS, ids=str)
def test_reversing_a_grant_also_needs_the_grant_permission(caller: str, prepared: Prepared,
                                                          matrix_services: Services) -> None:
    """``timebank.records.reverse`` needs TIMEBANK (its row above), and TIMEBANK_GRANT as well when the entry is a
    grant: an officer who may not grant pool hours may not take them back either."""
    actor = prepared.actors[caller]
    before = audit_size(matrix_services)
    if may(caller, Permission.TIMEBANK) and may(caller, Permission.TIMEBANK_GRANT):
        matrix_services.timebank.records.reverse(actor, prepared.bank.grant_entry_id, "发放对象有误")
        assert matrix_services.timebank.statements.balance(actor, prepared.residents["王芳"].id) == 0
    else:
        with pytest.raises(PermissionDenied):
            matrix_services.timebank.records.reverse(actor, prepared.bank.grant_entry_id, "发放对象有误")
        assert audit_size(matrix_services) == before, "a refused call wrote something"
