"""The service layer on PostgreSQL: the same code as on SQLite, against a real server (see conftest.py)."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.demo import hotspots as demo_hotspots
from app.demo.build import build_demo
from app.models import APPEND_ONLY_TABLES, Base, Case, CaseCounter, CaseEvent, EventKind, Resident
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock, local
from app.services.core.container import Services, open_services
from app.services.core.db import MIGRATIONS
from app.services.core.errors import PermissionDenied
from app.services.core.setup import InitialSetup
from app.services.core.validation import id_check_digit
from app.services.people.residents import NewResident

# 01:30:05.123456 on 11 March in Shanghai, still 10 March in UTC: case numbers carry the local date.
NOW = datetime(2026, 3, 10, 17, 30, 5, 123456, tzinfo=UTC)
LOCAL_DAY = "20260311"
PASSWORD = "admin1234"
SETUP = InitialSetup(
    community_name="幸福里社区", street="站前街道", desk_code="A01", desk_name="一号窗口",
    desk_phone="0412-5581234", admin_username="admin", admin_display_name="王建国", admin_password=PASSWORD,
)


def id_number(birth: date, seq: str) -> str:
    first17 = f"210302{birth:%Y%m%d}{seq}"
    return first17 + id_check_digit(first17)


ZHANG_SAN = NewResident(name="张三", phone="138-1234-5678", id_number=id_number(date(1950, 5, 17), "123"),
                        building="3", unit="2", room="301", tags=("alone",))
ZHANG_SHAN = NewResident(name="张山", phone="13900001111", building="5", unit="1", room="101")
LI_SI = NewResident(name="李四", phone="13700002222", id_number=id_number(date(1962, 11, 2), "042"),
                    building="3", unit="2", room="302")


@pytest.fixture
def clock() -> FakeClock:  # the moment conftest's ``services`` fixture runs at
    return FakeClock(NOW)


def set_up(services: Services) -> Actor:
    services.setup.initialize(SETUP)
    services.remember_desk()
    return services.auth.login("admin", PASSWORD)


def request_form(services: Services, actor: Actor, resident_id: object, description: str) -> IntakeForm:
    options = services.intake.options(actor)
    parent = next(c for c in options.categories if c.parent_id is None and options.children(c.id))
    sub = options.children(parent.id)[0]
    return IntakeForm(channel="walk_in", resident_id=resident_id, category_id=parent.id,  # type: ignore[arg-type]
                      subcategory_id=sub.id, description=description, urgency=3, scope="household",
                      department_ids=(options.departments[0].id,))


# --- schema -------------------------------------------------------------------------------------------


def test_migrations_create_the_schema_and_the_append_only_trigger(services: Services) -> None:
    db = services.db
    assert db.engine.dialect.name == "postgresql"
    assert db.current_revision() == db.head_revision()
    assert not db.needs_migration()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with db.engine.connect() as conn:
        triggers = set(conn.scalars(text(
            "SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal")))
        column_types = dict(conn.execute(text(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'case_event'")).all())
    assert {f"{t}.{t}_append_only" for t in APPEND_ONLY_TABLES} <= triggers
    assert column_types["id"] == "uuid"
    assert column_types["data"] == "json"
    assert column_types["created_at"] == "timestamp without time zone"
    assert services.verify.run() == []


def test_case_events_refuse_update_and_delete(services: Services) -> None:
    admin = set_up(services)
    resident = services.residents.create(admin, ZHANG_SAN)
    services.intake.submit(admin, request_form(services, admin, resident.id, "楼道灯坏了，晚上看不见台阶"))
    with services.db.engine.connect() as conn:
        before = conn.execute(text("SELECT id, note, kind FROM case_event")).all()
    assert len(before) == 1
    for statement in ("UPDATE case_event SET note = 'changed'", "DELETE FROM case_event"):
        with pytest.raises(DBAPIError, match="case_event is append-only"):
            with services.db.engine.begin() as conn:
                conn.execute(text(statement))
    with services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT id, note, kind FROM case_event")).all() == before


@pytest.mark.parametrize("sabotage", ["ALTER TABLE case_event DISABLE TRIGGER case_event_append_only",
                                      "DROP TRIGGER case_event_append_only ON case_event"])
def test_verify_notices_a_missing_or_disabled_trigger(services: Services, sabotage: str) -> None:
    with services.db.engine.begin() as conn:
        conn.execute(text(sabotage))
    problems = services.verify.run()
    # the guard of case_event (诉求进展), named as a person reads it: append-only, so against 修改和删除
    assert [p.params for p in problems] == [{"thing": "诉求进展", "against": "修改和删除"}]


def test_downgrade_and_upgrade_again(services: Services) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with services.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(services.db.engine).get_table_names()) <= {"alembic_version"}
    with services.db.engine.connect() as conn:
        functions = conn.scalars(text(
            "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace")).all()
    assert functions == []  # the append-only trigger function went with the last trigger
    assert services.db.needs_migration()
    services.db.migrate()
    assert set(Base.metadata.tables) <= set(inspect(services.db.engine).get_table_names())
    assert services.verify.run() == []


# --- first start, residents -----------------------------------------------------------------------------


def test_first_start_and_login(services: Services, tmp_path: Path, pg_url: str, clock: FakeClock) -> None:
    assert not services.setup.state().initialized
    admin = set_up(services)
    assert admin.username == "admin" and admin.desk_code == "A01"
    state = services.setup.state()
    assert state.initialized and state.desk_registered and state.community_name == "幸福里社区"
    with pytest.raises(PermissionDenied):
        services.auth.login("admin", "wrong-password1")
    assert services.auth.list_staff(admin)[0].username == "admin"
    # Another start of the app on this PC: the desk code comes from desk.json, the rest from the server.
    again = open_services(tmp_path, db_url=pg_url, clock=clock)
    try:
        assert again.db.desk_code == "A01"
        assert again.setup.state().desk_registered
        assert again.auth.login(" Admin ", PASSWORD).user_id == admin.user_id
        assert again.setup.community_info().desk_phone == "0412-5581234"
    finally:
        again.close()


def test_residents_are_found_by_pinyin_initials_phone_and_address(services: Services) -> None:
    admin = set_up(services)
    zhang = services.residents.create(admin, ZHANG_SAN)
    services.residents.create(admin, ZHANG_SHAN)
    services.residents.create(admin, LI_SI)
    assert zhang.gender == "M" and zhang.age == 75 and zhang.phone == "13812345678"
    assert zhang.address == "3号楼2单元301室" and zhang.tags == ("alone",)

    def names(query: str) -> set[str]:
        return {r.name for r in services.residents.search(admin, query)}

    assert names("zhangsan") == {"张三"}
    assert names("ZhangS") == {"张三", "张山"}
    assert names("zs") == {"张三", "张山"}
    assert names("ls") == {"李四"}
    assert names("5678") == {"张三"}
    assert names("１１１１") == {"张山"}  # full-width digits
    assert names("1381234") == {"张三"}
    assert names(ZHANG_SAN.id_number) == {"张三"}
    assert names("3号楼2单元") == {"张三", "李四"}
    assert names("3号楼2单元302室") == {"李四"}
    assert names("5号楼") == {"张山"}
    assert names("张") == {"张三", "张山"}
    assert names("李四") == {"李四"}
    assert names("王") == set()
    assert names("50%") == set()  # LIKE wildcards are escaped
    found = services.residents.get(admin, zhang.id)
    assert found == zhang


# --- intake ---------------------------------------------------------------------------------------------


def test_requests_are_numbered_attached_and_stored_exactly(services: Services, clock: FakeClock,
                                                           tmp_path: Path) -> None:
    admin = set_up(services)
    zhang = services.residents.create(admin, ZHANG_SAN)
    li = services.residents.create(admin, LI_SI)
    form = request_form(services, admin, zhang.id, "楼道灯坏了，晚上看不见台阶")
    first = services.intake.submit(admin, form)
    clock.advance(timedelta(minutes=7, microseconds=1))
    second = services.intake.submit(admin, request_form(services, admin, li.id, "暖气不热，屋里只有十五度"))
    assert (first.case_no, second.case_no) == (f"A01-{LOCAL_DAY}-0001", f"A01-{LOCAL_DAY}-0002")
    assert first.receipt.created_at == NOW

    clock.advance(timedelta(minutes=1))
    attached = services.intake.attach(admin, first.case_id, request_form(services, admin, li.id, "我家门口也不亮"))
    assert attached.attached and attached.case_no == first.case_no
    assert attached.receipt.households_count == 2

    with services.db.reading() as session:
        case = session.get(Case, first.case_id)
        assert case is not None
        assert case.created_at == NOW and case.created_at.tzinfo is UTC
        assert case.reply_due_at == NOW + timedelta(hours=24)
        assert case.deadline_at > NOW and case.deadline_at.tzinfo is UTC
        assert case.households_count == 2
        events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                 .order_by(CaseEvent.created_at)).all()
        assert [e.kind for e in events] == [EventKind.CREATED, EventKind.JOINED]
        assert events[0].created_at == NOW
        assert events[1].created_at == NOW + timedelta(minutes=8, microseconds=1)
        assert events[0].data == {"channel": "walk_in", "resident_id": str(zhang.id),
                                  "departments": [str(form.department_ids[0])], "call_seconds": None}
        assert events[1].data["households_count"] == 2
        later = session.get(Case, second.case_id)
        assert later is not None and later.created_at == NOW + timedelta(minutes=7, microseconds=1)
        counter = session.get(CaseCounter, ("A01", date(2026, 3, 11)))
        assert counter is not None and counter.last == 2
    # Stored as naive UTC whatever the server's time zone (the test cluster runs on Asia/Shanghai).
    with services.db.engine.connect() as conn:
        stored = conn.scalar(text('SELECT created_at FROM "case" WHERE case_no = :no'), {"no": first.case_no})
    assert stored == NOW.replace(tzinfo=None)

    rows = services.intake.recent(admin)
    assert [r.case_no for r in rows] == [second.case_no, first.case_no]
    assert services.intake.count_today(admin) == 2
    assert services.residents.get(admin, li.id).open_cases == 1
    similar = services.intake.find_similar(admin, li.id, form.category_id, "楼道灯坏了", form.subcategory_id)
    assert first.case_id in {s.case_id for s in similar}

    result = services.export.export(admin, "json", tmp_path / "export" / "cases.json")
    assert (result.cases, result.events) == (2, 3)
    payload = json.loads(result.path.read_text(encoding="utf-8"))
    by_no = {c["case_no"]: c for c in payload["cases"]}
    exported = by_no[first.case_no]
    assert exported["created_at"] == "2026-03-11T01:30:05+08:00"
    assert exported["households_count"] == 2 and len(exported["reporters"]) == 2
    assert [e["kind"] for e in exported["events"]] == ["created", "joined"]
    assert exported["events"][0]["data"]["resident_id"] == str(zhang.id)
    for fmt in ("csv", "xlsx"):
        assert services.export.export(admin, fmt, tmp_path / "export" / f"cases.{fmt}").cases == 2

    assert services.verify.run() == []


# --- concurrency ----------------------------------------------------------------------------------------


def run_threads(*targets: object, timeout: float = 120) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(target: object) -> None:
        try:
            target()  # type: ignore[operator]
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        assert not t.is_alive(), "a worker thread hung"
    return errors


def test_two_desks_submitting_at_once_get_gapless_distinct_numbers(services: Services, tmp_path: Path,
                                                                   pg_url: str, clock: FakeClock) -> None:
    admin = set_up(services)
    resident = services.residents.create(admin, ZHANG_SAN)
    form = request_form(services, admin, resident.id, "楼道灯坏了，晚上看不见台阶")
    other = open_services(tmp_path, db_url=pg_url, clock=FakeClock(clock.now()))
    try:
        assert other.db.desk_code == services.db.desk_code == "A01"
        barrier = threading.Barrier(2)
        numbers: list[list[str]] = [[], []]

        def worker(index: int, desk: Services) -> None:
            barrier.wait(timeout=30)
            for _ in range(20):
                numbers[index].append(desk.intake.submit(admin, form).case_no)

        errors = run_threads(lambda: worker(0, services), lambda: worker(1, other))
        assert errors == []
    finally:
        other.close()
    every = numbers[0] + numbers[1]
    assert len(every) == 40
    assert sorted(every) == [f"A01-{LOCAL_DAY}-{n:04d}" for n in range(1, 41)]
    for own in numbers:  # each desk's numbers grow
        assert own == sorted(own)
    with services.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 40
        assert session.scalar(select(CaseCounter.last)) == 40
    assert services.verify.run() == []


def test_the_first_number_of_the_day_when_two_sessions_race_for_it(services: Services, tmp_path: Path,
                                                                    pg_url: str, clock: FakeClock) -> None:
    """The second session inserts the day's counter row while the first one's insert is not yet committed:
    it waits on the primary key, fails, and must then take number 2 rather than fail or repeat 1."""
    set_up(services)
    other = open_services(tmp_path, db_url=pg_url, clock=clock)
    watcher = create_engine(pg_url, poolclass=NullPool)
    second: list[str] = []

    def take_second() -> None:
        with other.db.transaction() as session:
            second.append(other.intake._next_case_no(session, clock.now()))

    try:
        with services.db.transaction() as session:
            first = services.intake._next_case_no(session, clock.now())
            worker = threading.Thread(target=take_second)
            worker.start()
            blocked = False
            deadline = time.monotonic() + 30
            with watcher.connect() as conn:
                while not blocked and time.monotonic() < deadline:
                    blocked = bool(conn.scalar(text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'")))
                    conn.rollback()
                    time.sleep(0.02)
            assert blocked, "the second session never waited for the first one's counter row"
        worker.join(30)
        assert not worker.is_alive()
    finally:
        watcher.dispose()
        other.close()
    assert first == f"A01-{LOCAL_DAY}-0001"
    assert second == [f"A01-{LOCAL_DAY}-0002"]


# --- the demo community ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_community_on_postgres(tmp_path: Path, pg_url: str) -> None:
    services = open_services(tmp_path, db_url=pg_url, clock=FakeClock(datetime(2026, 11, 22, 8, 0, tzinfo=UTC)))
    try:
        summary = build_demo(services)
        assert services.verify.run() == []
        with services.db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == summary.cases > 100
            assert session.scalar(select(func.count()).select_from(Resident)) == summary.residents
            numbers = session.scalars(select(Case.case_no)).all()
            counters = {(c.desk_code, f"{c.day:%Y%m%d}"): c.last for c in session.scalars(select(CaseCounter))}
            # the demo's requests span its last ten weeks, but for last heating season's two (app/demo/hotspots.py)
            recent = session.scalars(select(Case.created_at).order_by(Case.created_at)
                                     .offset(len(demo_hotspots.LAST_SEASON))).first()
            first_local = local(recent)  # type: ignore[arg-type]
        by_day: dict[tuple[str, str], list[int]] = {}
        for no in numbers:
            desk, day, seq = no.split("-")
            by_day.setdefault((desk, day), []).append(int(seq))
        for key, seqs in by_day.items():
            assert sorted(seqs) == list(range(1, len(seqs) + 1)), key
            assert counters[key] == len(seqs)
        assert first_local.date() >= date(2026, 11, 22) - timedelta(weeks=10)
        admin = services.auth.login("admin", summary.password)
        assert services.residents.search(admin, "1号楼")
    finally:
        services.close()
