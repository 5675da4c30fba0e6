"""Intake of a request (诉求受理): checks, case numbers, deadlines, 并单, similar requests, the append-only timeline."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.models import CaseStatus, Channel, Scope
from app.services.cases.intake import CategoryOption, IntakeForm, IntakeOptions
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock, local
from app.services.core.container import Services, open_services
from app.services.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import ADMIN_PASSWORD, ADMIN_USER

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the conftest clock: 10:00 in Beijing
WATER_TEXT = "3号楼2单元厨房水管漏水，楼下天花板渗水，请尽快派人维修。"


@dataclasses.dataclass(frozen=True)
class Ctx:
    services: Services
    clerk: Actor
    options: IntakeOptions
    residents: dict[str, ResidentSummary]

    def cat(self, code: str) -> CategoryOption:
        return next(c for c in self.options.categories if c.code == code)

    def form(self, resident: str = "张三", sub: str = "LIFE-WATER", **changes: Any) -> IntakeForm:
        subcategory = self.cat(sub)
        base = IntakeForm(
            channel=Channel.WALK_IN.value, resident_id=self.residents[resident].id,
            category_id=subcategory.parent_id, subcategory_id=subcategory.id, description=WATER_TEXT,
            urgency=3, scope=Scope.HOUSEHOLD.value,
        )
        return dataclasses.replace(base, **changes)


@pytest.fixture
def ctx(services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> Ctx:
    return Ctx(services, clerk, services.intake.options(clerk), residents)


def counts(services: Services) -> tuple[int, int, int, int]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("case", "case_event", "case_reporter", "case_department")
        )


def case_row(services: Services, case_no: str) -> dict[str, Any]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute('SELECT * FROM "case" WHERE case_no = ?', (case_no,)).fetchone()
    assert row is not None, case_no
    return dict(row)


# ---- case numbers -----------------------------------------------------------------------------------


def test_case_numbers_carry_desk_local_date_and_sequence(ctx: Ctx) -> None:
    first = ctx.services.intake.submit(ctx.clerk, ctx.form())
    second = ctx.services.intake.submit(ctx.clerk, ctx.form(resident="王芳"))
    assert (first.case_no, second.case_no) == ("A01-20261120-0001", "A01-20261120-0002")
    assert first.attached is False
    assert first.case_id != second.case_id


def test_case_number_uses_the_beijing_date_not_the_utc_date(ctx: Ctx, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 20, 15, 59, tzinfo=UTC))  # 23:59 on the 20th in Beijing
    assert ctx.services.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261120-0001"
    clock.set(datetime(2026, 11, 20, 17, 0, tzinfo=UTC))   # still the 20th in UTC, already 01:00 on the 21st
    assert ctx.services.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261121-0001"
    assert ctx.services.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261121-0002"


def test_count_today_counts_from_local_midnight(ctx: Ctx, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 20, 15, 30, tzinfo=UTC))  # 23:30 on the 20th
    ctx.services.intake.submit(ctx.clerk, ctx.form())
    assert ctx.services.intake.count_today(ctx.clerk) == 1
    clock.set(datetime(2026, 11, 20, 16, 30, tzinfo=UTC))  # 00:30 on the 21st
    assert ctx.services.intake.count_today(ctx.clerk) == 0
    ctx.services.intake.submit(ctx.clerk, ctx.form())
    assert ctx.services.intake.count_today(ctx.clerk) == 1


# ---- what is stored ---------------------------------------------------------------------------------


def test_submit_stores_the_case(ctx: Ctx, services: Services) -> None:
    dept_ids = tuple(d.id for d in ctx.options.departments[:2])
    saved = services.intake.submit(ctx.clerk, ctx.form(
        resident="王芳", channel=Channel.PHONE.value, caller_phone="0412 558 8765", call_seconds=95,
        urgency=3, scope=Scope.BUILDING.value, department_ids=dept_ids + dept_ids[:1], anonymous=True))
    row = case_row(services, saved.case_no)
    assert row["description"] == WATER_TEXT  # full-width punctuation kept
    assert (row["channel"], row["caller_phone"], row["call_seconds"]) == ("phone", "0412-5588765", 95)
    assert (row["urgency"], row["scope"], row["priority"]) == (3, "building", 6)
    assert (row["status"], row["households_count"], row["anonymous"], row["desk_code"]) == ("new", 1, 1, "A01")
    assert row["resident_id"] == ctx.residents["王芳"].id.hex
    assert row["household_id"] == ctx.residents["王芳"].household_id.hex  # type: ignore[union-attr]
    assert row["created_by_id"] == ctx.clerk.user_id.hex
    assert counts(services) == (1, 1, 1, 2)  # duplicate department given twice is stored once


@pytest.mark.parametrize(("urgency", "scope", "priority"), [
    (1, Scope.HOUSEHOLD, 1), (3, Scope.HOUSEHOLD, 3), (2, Scope.BUILDING, 4), (5, Scope.BUILDING, 10),
    (4, Scope.COMMUNITY, 12), (5, Scope.COMMUNITY, 15),
])
def test_priority_is_urgency_times_scope_weight(ctx: Ctx, urgency: int, scope: Scope, priority: int) -> None:
    saved = ctx.services.intake.submit(ctx.clerk, ctx.form(urgency=urgency, scope=scope.value))
    assert case_row(ctx.services, saved.case_no)["priority"] == priority


@pytest.mark.parametrize(("sub", "urgency", "hours"), [
    ("LIFE-HOUSE", 1, 72), ("LIFE-HOUSE", 3, 72), ("LIFE-HOUSE", 4, 24), ("LIFE-HOUSE", 5, 4),
    ("LIFE-WATER", 3, 24), ("LIFE-WATER", 4, 24), ("LIFE-WATER", 5, 4),
    ("JOB-TRAINING", 2, 720), ("JOB-TRAINING", 4, 24),
    ("HEALTH-EMERGENCY", 1, 4), ("HEALTH-EMERGENCY", 4, 4),
])
def test_deadline_follows_the_sub_category_rule_capped_when_urgent(ctx: Ctx, sub: str, urgency: int,
                                                                   hours: int) -> None:
    saved = ctx.services.intake.submit(ctx.clerk, ctx.form(sub=sub, urgency=urgency))
    assert saved.receipt.deadline_at == NOW + timedelta(hours=hours)
    assert ctx.services.intake.recent(ctx.clerk)[0].deadline_at == NOW + timedelta(hours=hours)


def test_manual_deadline_is_honoured(ctx: Ctx) -> None:
    wanted = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    saved = ctx.services.intake.submit(ctx.clerk, ctx.form(urgency=5, deadline_at=wanted))
    assert saved.receipt.deadline_at == wanted
    assert datetime.fromisoformat(case_row(ctx.services, saved.case_no)["deadline_at"]) == wanted.replace(tzinfo=None)


def test_reply_is_due_within_24_hours(ctx: Ctx) -> None:
    saved = ctx.services.intake.submit(ctx.clerk, ctx.form(sub="JOB-TRAINING"))
    assert saved.receipt.reply_due_at == NOW + timedelta(hours=24)


# ---- refusals ---------------------------------------------------------------------------------------

Change = Callable[[Ctx], dict[str, Any]]

INVALID: list[tuple[str, Change, str]] = [
    ("no resident", lambda c: {"resident_id": None}, "resident"),
    ("unknown resident", lambda c: {"resident_id": uuid.uuid4()}, "resident"),
    ("no category", lambda c: {"category_id": None, "subcategory_id": None}, "category"),
    ("sub-category as category", lambda c: {"category_id": c.cat("LIFE-WATER").id}, "category"),
    ("no sub-category", lambda c: {"subcategory_id": None}, "subcategory"),
    ("sub-category of another category", lambda c: {"subcategory_id": c.cat("ENV-NOISE").id}, "subcategory"),
    ("description of 4 characters", lambda c: {"description": "水管漏水"}, "description"),
    ("description of spaces", lambda c: {"description": "\u3000  漏水 \u3000"}, "description"),
    ("description of 2001 characters", lambda c: {"description": "漏" * 2001}, "description"),
    ("urgency 0", lambda c: {"urgency": 0}, "urgency"),
    ("urgency 6", lambda c: {"urgency": 6}, "urgency"),
    ("bad scope", lambda c: {"scope": "street"}, "scope"),
    ("bad channel", lambda c: {"channel": "fax"}, "channel"),
    ("phone call without caller phone", lambda c: {"channel": "phone", "caller_phone": ""}, "caller_phone"),
    ("bad caller phone", lambda c: {"caller_phone": "12812345678"}, "caller_phone"),
    ("negative call time", lambda c: {"channel": "phone", "caller_phone": "13812345678", "call_seconds": -1},
     "call_seconds"),
    ("deadline in the past", lambda c: {"deadline_at": NOW - timedelta(minutes=1)}, "deadline"),
    ("deadline now", lambda c: {"deadline_at": NOW}, "deadline"),
    ("deadline beyond a year", lambda c: {"deadline_at": NOW + timedelta(days=367)}, "deadline"),
    ("unknown department", lambda c: {"department_ids": (uuid.uuid4(),)}, "departments"),
]


@pytest.mark.parametrize(("change", "field"), [(c, f) for _, c, f in INVALID], ids=[n for n, _, _ in INVALID])
def test_invalid_request_is_refused_on_its_field_and_nothing_written(ctx: Ctx, change: Change, field: str) -> None:
    before = counts(ctx.services)
    with pytest.raises(ValidationError) as info:
        ctx.services.intake.submit(ctx.clerk, ctx.form(**change(ctx)))
    assert list(info.value.errors) == [field]
    assert counts(ctx.services) == before
    # the number was not used up either
    assert ctx.services.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261120-0001"


def test_every_mistake_is_reported_at_once(ctx: Ctx) -> None:
    with pytest.raises(ValidationError) as info:
        ctx.services.intake.submit(ctx.clerk, ctx.form(resident_id=None, description="漏水", urgency=9, scope="x"))
    assert set(info.value.errors) == {"resident", "description", "urgency", "scope"}


def test_description_limits_are_inclusive(ctx: Ctx) -> None:
    short = ctx.services.intake.submit(ctx.clerk, ctx.form(description="水管漏水了"))
    long = ctx.services.intake.submit(ctx.clerk, ctx.form(description="漏" * 2000))
    assert case_row(ctx.services, short.case_no)["description"] == "水管漏水了"
    assert len(case_row(ctx.services, long.case_no)["description"]) == 2000


def test_timebank_officer_may_not_log_requests(ctx: Ctx, timebank: Actor) -> None:
    before = counts(ctx.services)
    with pytest.raises(PermissionDenied):
        ctx.services.intake.submit(timebank, ctx.form())
    assert counts(ctx.services) == before


# ---- the receipt ------------------------------------------------------------------------------------


def test_receipt_content(ctx: Ctx) -> None:
    saved = ctx.services.intake.submit(ctx.clerk, ctx.form(resident="王芳"))
    r = saved.receipt
    assert (r.case_no, r.resident_display, r.category_label, r.households_count) == (
        "A01-20261120-0001", "王*", "生活服务 / 水电维修", 1)
    assert (r.community_name, r.desk_name, r.desk_phone, r.clerk_name, r.channel_label) == (
        "幸福里社区", "一号窗口", "0412-5581234", "刘晓燕", "来访")
    assert (r.created_at, r.reply_due_at, r.deadline_at) == (
        NOW, NOW + timedelta(hours=24), NOW + timedelta(hours=24))
    assert r.summary == WATER_TEXT


def test_receipt_reprint_shows_the_original_time(ctx: Ctx, clock: FakeClock) -> None:
    saved = ctx.services.intake.submit(ctx.clerk, ctx.form(resident="李建国", channel="phone",
                                                           caller_phone="13998765432"))
    clock.advance(timedelta(hours=3))
    again = ctx.services.intake.receipt(ctx.clerk, saved.case_id)
    assert again == saved.receipt
    assert (again.created_at, again.resident_display, again.channel_label) == (NOW, "李**", "来电")


def test_receipt_of_unknown_case(ctx: Ctx) -> None:
    with pytest.raises(NotFound):
        ctx.services.intake.receipt(ctx.clerk, uuid.uuid4())


# ---- 并单: attaching another household's report -----------------------------------------------------


def test_attach_reporter_from_another_household(ctx: Ctx, clock: FakeClock) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    clock.advance(timedelta(minutes=20))
    joined = ctx.services.intake.attach(ctx.clerk, case.case_id, ctx.form(resident="王芳", description="我家也漏水"))
    assert (joined.case_id, joined.case_no, joined.attached) == (case.case_id, case.case_no, True)
    assert (joined.receipt.households_count, joined.receipt.resident_display) == (2, "王*")
    assert case_row(ctx.services, case.case_no)["households_count"] == 2
    assert counts(ctx.services) == (1, 2, 2, 0)
    with closing(sqlite3.connect(ctx.services.paths.database)) as conn:
        kinds = [r[0] for r in conn.execute("SELECT kind FROM case_event ORDER BY created_at")]
        note = conn.execute("SELECT note FROM case_event WHERE kind = 'joined'").fetchone()[0]
    assert kinds == ["created", "joined"]
    assert note == "我家也漏水"
    assert ctx.services.intake.recent(ctx.clerk)[0].households_count == 2


def test_attach_from_the_same_household_does_not_raise_the_count(ctx: Ctx) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    joined = ctx.services.intake.attach(ctx.clerk, case.case_id, ctx.form(resident="张秀兰"))
    assert joined.receipt.households_count == 1
    assert case_row(ctx.services, case.case_no)["households_count"] == 1


def test_same_resident_cannot_attach_twice(ctx: Ctx) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    ctx.services.intake.attach(ctx.clerk, case.case_id, ctx.form(resident="王芳"))
    before = counts(ctx.services)
    for name in ("王芳", "张三"):
        with pytest.raises(Conflict):
            ctx.services.intake.attach(ctx.clerk, case.case_id, ctx.form(resident=name))
    assert counts(ctx.services) == before
    assert case_row(ctx.services, case.case_no)["households_count"] == 2


def test_attach_checks_resident_channel_and_case(ctx: Ctx, timebank: Actor) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    with pytest.raises(ValidationError) as info:
        ctx.services.intake.attach(ctx.clerk, case.case_id, ctx.form(resident_id=None, channel="phone"))
    assert set(info.value.errors) == {"resident", "caller_phone"}
    with pytest.raises(NotFound):
        ctx.services.intake.attach(ctx.clerk, uuid.uuid4(), ctx.form(resident="王芳"))
    with pytest.raises(PermissionDenied):
        ctx.services.intake.attach(timebank, case.case_id, ctx.form(resident="王芳"))
    assert counts(ctx.services) == (1, 1, 1, 0)


# ---- similar requests -------------------------------------------------------------------------------


def test_same_building_and_sub_category_is_similar(ctx: Ctx) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())  # 张三, building 3
    water = ctx.cat("LIFE-WATER")
    found = ctx.services.intake.find_similar(ctx.clerk, ctx.residents["王芳"].id, water.parent_id, "卫生间灯不亮",
                                             water.id)
    assert [(s.case_no, s.same_building, s.building, s.households_count, s.status, s.category) for s in found] == [
        (case.case_no, True, "3", 1, CaseStatus.NEW, "生活服务")]


def test_same_building_other_sub_category_is_not_similar(ctx: Ctx) -> None:
    ctx.services.intake.submit(ctx.clerk, ctx.form())
    noise = ctx.cat("ENV-NOISE")
    assert ctx.services.intake.find_similar(ctx.clerk, ctx.residents["王芳"].id, noise.parent_id,
                                            "广场舞音乐太吵了", noise.id) == []


def test_category_is_compared_before_a_sub_category_is_chosen(ctx: Ctx) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    life = ctx.cat("LIFE-WATER").parent_id
    found = ctx.services.intake.find_similar(ctx.clerk, ctx.residents["王芳"].id, life, "")
    assert [s.case_no for s in found] == [case.case_no]


def test_similar_text_in_another_building_is_found(ctx: Ctx) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    noise = ctx.cat("ENV-NOISE")
    found = ctx.services.intake.find_similar(ctx.clerk, ctx.residents["李建国"].id, noise.parent_id, WATER_TEXT,
                                             noise.id)
    assert [(s.case_no, s.same_building) for s in found] == [(case.case_no, False)]
    assert found[0].text_score >= 72


def test_unrelated_text_in_another_building_is_not_found(ctx: Ctx) -> None:
    ctx.services.intake.submit(ctx.clerk, ctx.form())
    water = ctx.cat("LIFE-WATER")
    assert ctx.services.intake.find_similar(ctx.clerk, ctx.residents["李建国"].id, water.parent_id,
                                            "小区门口流浪狗很多，晚上叫个不停", water.id) == []


def test_requests_older_than_30_days_are_not_similar(ctx: Ctx, clock: FakeClock) -> None:
    case = ctx.services.intake.submit(ctx.clerk, ctx.form())
    water = ctx.cat("LIFE-WATER")

    def similar() -> list[str]:
        return [s.case_no for s in ctx.services.intake.find_similar(
            ctx.clerk, ctx.residents["王芳"].id, water.parent_id, WATER_TEXT, water.id)]

    clock.advance(timedelta(days=29))
    assert similar() == [case.case_no]
    clock.advance(timedelta(days=2))
    assert similar() == []


def test_same_building_comes_before_text_matches(ctx: Ctx, clock: FakeClock) -> None:
    text_match = ctx.services.intake.submit(ctx.clerk, ctx.form(resident="李建国", sub="ENV-NOISE"))
    clock.advance(timedelta(minutes=5))
    building_match = ctx.services.intake.submit(ctx.clerk, ctx.form(description="楼道里的水管冻裂了"))
    water = ctx.cat("LIFE-WATER")
    found = ctx.services.intake.find_similar(ctx.clerk, ctx.residents["王芳"].id, water.parent_id, WATER_TEXT,
                                             water.id)
    assert [s.case_no for s in found] == [building_match.case_no, text_match.case_no]


# ---- lists ------------------------------------------------------------------------------------------


def test_recent_lists_newest_first(ctx: Ctx, clock: FakeClock) -> None:
    numbers = []
    for name in ("张三", "王芳", "李建国"):
        numbers.append(ctx.services.intake.submit(ctx.clerk, ctx.form(resident=name)).case_no)
        clock.advance(timedelta(minutes=7))
    rows = ctx.services.intake.recent(ctx.clerk)
    assert [r.case_no for r in rows] == numbers[::-1]
    assert [r.resident_name for r in rows] == ["李建国", "王芳", "张三"]
    assert rows[0].address == "5号楼1单元101室"
    assert rows[0].created_at == NOW + timedelta(minutes=14)
    assert (rows[0].category, rows[0].channel, rows[0].status, rows[0].urgency) == (
        "生活服务", Channel.WALK_IN, CaseStatus.NEW, 3)
    assert [r.case_no for r in ctx.services.intake.recent(ctx.clerk, limit=2)] == numbers[:0:-1]


def test_recent_summary_is_shortened(ctx: Ctx) -> None:
    ctx.services.intake.submit(ctx.clerk, ctx.form(description="漏" * 100))
    assert ctx.services.intake.recent(ctx.clerk)[0].summary == "漏" * 39 + "…"


# ---- the timeline is append-only in the database itself ---------------------------------------------


@pytest.mark.parametrize("sql", ["UPDATE case_event SET note = 'changed'", "DELETE FROM case_event"])
def test_case_events_cannot_be_changed_or_deleted(ctx: Ctx, sql: str) -> None:
    ctx.services.intake.submit(ctx.clerk, ctx.form())
    with pytest.raises(IntegrityError, match="case_event is append-only"):
        with ctx.services.db.engine.begin() as conn:
            conn.execute(text(sql))
    with ctx.services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), max(note) FROM case_event")).one() == (1, "")


def test_demo_case_goes_to_the_grid_of_the_household(demo_services: Services, demo_clerk: Actor,
                                                     demo_clock: FakeClock) -> None:
    [resident] = [r for r in demo_services.residents.search(demo_clerk, "7号楼1单元") if r.grid_id][:1]
    options = demo_services.intake.options(demo_clerk)
    noise = next(c for c in options.categories if c.code == "ENV-NOISE")
    saved = demo_services.intake.submit(demo_clerk, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=noise.parent_id, subcategory_id=noise.id,
        description="楼上每天夜里装修，吵得睡不着。", urgency=2, scope="building"))
    day = local(demo_clock.now()).date()
    with closing(sqlite3.connect(demo_services.paths.database)) as conn:
        last = conn.execute("SELECT last FROM case_counter WHERE desk_code = 'A01' AND day = ?",
                            (day.isoformat(),)).fetchone()
    assert last is not None
    assert saved.case_no == f"A01-{day:%Y%m%d}-{last[0]:04d}"
    assert case_row(demo_services, saved.case_no)["grid_id"] == resident.grid_id.hex  # type: ignore[union-attr]
    assert resident.grid_name == "第三网格"


def test_case_counter_lives_in_the_database_and_each_desk_numbers_its_own(ctx: Ctx, clock: FakeClock) -> None:
    assert ctx.services.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261120-0001"
    second_pc = open_services(ctx.services.paths.data_dir, clock=clock)
    try:
        assert second_pc.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261120-0002"
        second_pc.setup.join(ADMIN_USER, ADMIN_PASSWORD, "B02", "二号窗口", "0412-5581235")
        assert second_pc.intake.submit(ctx.clerk, ctx.form()).case_no == "B02-20261120-0001"
    finally:
        second_pc.close()
    assert ctx.services.intake.submit(ctx.clerk, ctx.form()).case_no == "A01-20261120-0003"
    assert ctx.services.verify.run() == []
