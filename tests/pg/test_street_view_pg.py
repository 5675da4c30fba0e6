"""The street's view (街道总览, issue 21) on a real street: every community side by side, counted on the server.

Community one (幸福里社区) is two desks working through their own services and syncing with the real engine. A second
community cannot yet be set up on its own desk and pushed to the same street (its seeded catalogue collides with the
first community's: the engine refuses the push), so community two's requests are written on the street by its
owner, as a desk's sync would leave them: rows stamped with that community's desk code, its desk registered with
``street-init --add-desk``.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.models import Case, CaseDepartment, Department
from app.models.base import new_id
from app.services.cases import rates
from app.services.cases.listing import CaseQuery
from app.services.core.clock import FakeClock, local
from app.services.core.errors import DomainError
from app.services.sync.street import Street
from app.services.sync.street_view import (
    NOT_A_STREET,
    NOT_OWNER,
    NOT_POSTGRES,
    UNREACHABLE,
    StreetView,
    StreetViewService,
)
from tests.pg.test_postgres import NOW, SETUP, ZHANG_SAN, request_form
from tests.pg.test_sync_pg import Desk, code

ONE = SETUP.community_name  # 幸福里社区
TWO = "和平里社区"
TODAY = local(NOW).date()  # 2026-03-11, local


def _at(day: date, hour: int) -> datetime:
    """An instant of a local day (China time), as UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


def put_case(conn: Any, desk: str, at: datetime, template: dict[str, Any], **values: Any) -> uuid.UUID:
    """One request on the street, as the owner writes it (community two's desk synced it)."""
    row = {**template, "id": new_id(), "desk_code": desk, "created_at": at,
           "case_no": f"{desk}-{uuid.uuid4().hex[:10]}", "deadline_at": at + timedelta(days=3),
           "reply_due_at": at + timedelta(hours=24), "status": "new", "in_pool": False, "cycle": 0,
           "paused_seconds": 0, "responded_at": None, "resolved_at": None, "satisfaction": None, "due_at": None,
           **values}
    conn.execute(insert(Case), [row])
    return row["id"]


@pytest.fixture
def built(tmp_path: Path, pg_url: str) -> Iterator[tuple[Street, str, str, str, dict[str, Any]]]:
    street = Street(pg_url)
    street.init()
    a1, a2, b1 = code(), code(), code()
    new_a1 = street.add_desk(a1, ONE)
    new_a2 = street.add_desk(a2, ONE)
    street.add_desk(b1, TWO)
    clock = FakeClock(NOW)
    a = Desk(tmp_path / "a1", new_a1.url, clock)
    second = Desk(tmp_path / "a2", new_a2.url, clock)
    try:
        yield street, a1, a2, b1, _fill(street, a, second, a1, b1)
    finally:
        a.close()
        second.close()


def _fill(street: Street, a: Desk, second: Desk, a1: str, b1: str) -> dict[str, Any]:
    """Community one on its desks; community two on the street. What each holds is counted by hand in the tests."""
    admin = a.set_up(a1)
    services = a.services
    resident = services.residents.create(admin, ZHANG_SAN)
    ids = []
    for text in ("三号楼楼道灯不亮", "五号楼厨房水管漏水", "七号楼门口垃圾没人清运"):
        ids.append(services.intake.submit(admin, request_form(services, admin, resident.id, text)).case_id)
    first_dept = services.intake.options(admin).departments[0].id
    wf = services.workflow
    a.clock.advance(timedelta(minutes=30))
    # 1: responded, the department reported on time, resolved, answered 满意.
    wf.dispatch(admin, ids[0], assignee_id=admin.user_id)
    wf.respond(admin, ids[0], "马上去看")
    wf.call_departments(admin, ids[0], [first_dept])
    wf.department_report(admin, ids[0], first_dept, "已到现场")
    wf.resolve(admin, ids[0], "已更换灯泡")
    wf.follow_up(admin, ids[0], "satisfied")
    # 2: resolved without a response first (responded too), answered 不满意: reopened, not resolved any more.
    wf.dispatch(admin, ids[1], assignee_id=admin.user_id)
    wf.resolve(admin, ids[1], "已联系维修")
    wf.follow_up(admin, ids[1], "dissatisfied")
    # 3: the department called in, never reports; the request stays open.
    wf.call_departments(admin, ids[2], [first_dept])
    a.services.sync.join(a.url)
    second.services.sync.join(second.url)  # desk two of community one starts from the street's copy
    admin2 = second.login()
    resident2 = second.services.residents.create(admin2, dataclass_replace_name(ZHANG_SAN, "李明"))
    fourth = second.services.intake.submit(admin2, request_form(second.services, admin2, resident2.id,
                                                                "九号楼电梯故障停运"))
    second.services.sync.sync()
    # A week later the ladder has put the open requests past their limits: the pool, the departments overdue.
    # Each desk runs the ladder of the requests it logged (a breach is recorded once in the street).
    a.clock.advance(timedelta(days=7))
    a.services.sync.sync()
    a.services.escalation.run()
    a.services.sync.sync()
    second.services.escalation.run()
    second.services.sync.sync()
    a.services.sync.sync()

    engine = create_engine(street.url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            template = {k: v for k, v in conn.execute(select(Case).where(Case.id == ids[0])).mappings().one().items()
                        if k in ("channel", "resident_id", "household_id", "grid_id", "caller_phone", "category_id",
                                 "subcategory_id", "description", "urgency", "scope", "priority", "anonymous",
                                 "households_count", "created_by_id", "level")}
            dept2 = new_id()  # a department of community two's own
            conn.execute(insert(Department), [{"id": dept2, "desk_code": b1, "created_at": NOW, "name": "和平里物业",
                                              "level": "property", "report_hours": 24, "active": True,
                                              "sort_order": 0}])
            day = TODAY - timedelta(days=2)
            b = [put_case(conn, b1, _at(day, 9), template, status="closed", responded_at=_at(day, 10),
                          resolved_at=_at(day, 12), satisfaction="basically_satisfied"),
                 # Resolved after a time in the pool, its follow-up call late: neither in the pool nor overdue
                 # now (only open requests are).
                 put_case(conn, b1, _at(day, 10), template, status="resolved", responded_at=_at(day, 11),
                          resolved_at=_at(day, 15), in_pool=True, due_at=_at(day, 18)),
                 put_case(conn, b1, _at(day, 11), template, status="responded", responded_at=_at(day, 12),
                          in_pool=True, due_at=_at(day, 20)),
                 put_case(conn, b1, _at(day, 12), template, status="merged"),
                 # Before the period: not received in it, but open in the pool now and past its limit.
                 put_case(conn, b1, _at(day - timedelta(days=40), 9), template, status="dispatched", in_pool=True,
                          due_at=_at(day - timedelta(days=35), 9)),
                 # Open, its limit still to come.
                 put_case(conn, b1, _at(day, 13), template, status="new", due_at=NOW + timedelta(days=30))]
            conn.execute(insert(CaseDepartment), [
                {"id": new_id(), "desk_code": b1, "created_at": NOW, "case_id": b[0], "department_id": dept2,
                 "called_at": _at(day, 9), "report_due_at": _at(day, 15), "reported_at": _at(day, 10),
                 "overdue": False},
                {"id": new_id(), "desk_code": b1, "created_at": NOW, "case_id": b[1], "department_id": dept2,
                 "called_at": _at(day, 10), "report_due_at": _at(day, 16), "reported_at": None, "overdue": True},
                {"id": new_id(), "desk_code": b1, "created_at": NOW, "case_id": b[2], "department_id": dept2,
                 "called_at": _at(day, 11), "report_due_at": _at(day, 17), "reported_at": _at(day, 12),
                 "overdue": False}])
            # Four more departments of community two, one call each: 供水 on time in 1 hour, 派出所 on time in 2
            # hours, 城管 past its time, 燃气 called and not judged yet (within its time, no on-time rate).
            more = {}
            calls = (("和平里供水", b[1], 1, False), ("和平里派出所", b[2], 2, False), ("和平里城管", b[0], None, True),
                     ("和平里燃气", b[5], None, False))
            for name, case_id, reported, overdue in calls:
                more[name] = new_id()
                conn.execute(insert(Department), [{"id": more[name], "desk_code": b1, "created_at": NOW,
                                                  "name": name, "level": "street", "report_hours": 24,
                                                  "active": True, "sort_order": 0}])
                conn.execute(insert(CaseDepartment), [
                    {"id": new_id(), "desk_code": b1, "created_at": NOW, "case_id": case_id,
                     "department_id": more[name],
                     "called_at": _at(day, 13), "report_due_at": _at(day, 23),
                     "reported_at": None if reported is None else _at(day, 13 + reported), "overdue": overdue}])
    finally:
        engine.dispose()
    return {"one": ids, "fourth": fourth.case_id, "first_dept": first_dept, "dept2": dept2, "desk": a,
            "admin": admin}


def dataclass_replace_name(resident: Any, name: str) -> Any:
    return dataclasses.replace(resident, name=name, phone="13600003333", id_number="")


PERIOD = (TODAY - timedelta(days=7), TODAY + timedelta(days=8))


def read(street: Street, now: datetime, first: date = PERIOD[0], last: date = PERIOD[1]) -> StreetView:
    service = StreetViewService(street.url, FakeClock(now))
    try:
        return service.view(first, last)
    finally:
        service.close()


def test_every_community_side_by_side_counted_as_the_dashboard_counts(built: Any) -> None:
    street, a1, a2, b1, made = built
    desk = made["desk"]
    view = read(street, desk.clock.now())
    assert [(c.community, c.desks) for c in view.communities] == [(TWO, (b1,)), (ONE, tuple(sorted((a1, a2))))]
    two, one = view.communities
    # Community one: four requests on two desks (the fourth logged on desk two); 1 responded and resolved, 2
    # resolved at once (responded by the resolution) then answered 不满意 and reopened, 3 and 4 open. A week on, the
    # ladder put the three open ones into the pool, past their limits.
    f = one.figures
    assert (f.received, f.responded, f.resolved, f.follow_ups, f.satisfied) == (4, 2, 1, 2, 1)
    assert (f.response_rate, f.resolution_rate, f.satisfaction_rate) == (0.5, 0.25, 0.5)
    assert (one.pool, one.overdue) == (3, 3)
    # Community two: 4 received in the period (the merged one and the one 40 days before are not), 3 responded, 2
    # resolved, one answer 基本满意; now 2 in the pool (one of the period, the old one), 2 past their limit (the
    # third with a limit runs 30 days more).
    g = two.figures
    assert (g.received, g.responded, g.resolved, g.follow_ups, g.satisfied) == (4, 3, 2, 1, 1)
    assert (g.response_rate, g.resolution_rate, g.satisfaction_rate) == (0.75, 0.5, 1.0)
    assert (two.pool, two.overdue) == (2, 2)
    assert (view.totals.figures.received, view.totals.pool, view.totals.overdue) == (8, 5, 5)
    # The same definitions as the dashboard: community one's desk, holding its community's rows, counts the same.
    since, until = rates.span(*PERIOD)
    dashboard = desk.services.rates.summary(made["admin"], since, until)
    assert dashboard.totals == one.figures
    assert desk.services.case_list.count(made["admin"], CaseQuery(in_pool=True)).n == one.pool


def test_the_red_and_black_list_ranks_departments_across_communities(built: Any) -> None:
    street, _a1, _a2, _b1, made = built
    view = read(street, made["desk"].clock.now())
    ranked = [(s.community, s.name, s.called, s.on_time_rate) for s in view.ranking]
    # 供水 and 派出所 on time (100 %, the quicker report first), 物业 2 of 3, community one's 社区居委会 1 of 2 (its
    # second call went past its time), 城管 0 of 1; 燃气 not judged yet: last, on neither list.
    assert ranked == [(TWO, "和平里供水", 1, 1.0), (TWO, "和平里派出所", 1, 1.0), (TWO, "和平里物业", 3, 2 / 3),
                      (ONE, "社区居委会", 2, 0.5), (TWO, "和平里城管", 1, 0.0), (TWO, "和平里燃气", 1, None)]
    assert [s.name for s in view.red_list] == ["和平里供水", "和平里派出所", "和平里物业"]
    assert [(s.community, s.name) for s in view.black_list] == [(ONE, "社区居委会"), (TWO, "和平里城管")]


def test_a_period_counts_only_its_days_and_now_stays_now(built: Any) -> None:
    street, _a1, _a2, _b1, made = built
    now = made["desk"].clock.now()
    # Only the day before yesterday (local): community two's four requests of that day; community one none.
    day = TODAY - timedelta(days=2)
    view = read(street, now, day, day)
    two, one = view.communities
    assert (two.figures.received, one.figures.received) == (4, 0)
    assert (one.figures.response_rate, one.figures.satisfaction_rate) == (None, None)
    assert (two.pool, one.pool, two.overdue, one.overdue) == (2, 3, 2, 3)  # now, whatever the period
    assert [s.name for s in view.ranking][:1] == ["和平里供水"]
    service = StreetViewService(street.url, FakeClock(now))  # 本周 / 本月 / 本季度 are local days to today
    try:
        assert service.period("month") == (date(2026, 3, 1), date(2026, 3, 18))
        assert service.period("quarter") == (date(2026, 1, 1), date(2026, 3, 18))
        assert service.period("week") == (date(2026, 3, 16), date(2026, 3, 18))
        with pytest.raises(DomainError):
            service.view(day, day - timedelta(days=1))
    finally:
        service.close()


def test_refusals_are_said(pg_url: str, built: Any) -> None:
    street = built[0]
    port = street.url.port
    closed = street.url.set(port=1 if port != 1 else 2)  # nobody listens there
    desk_url = street.add_desk(code(), ONE).url  # a desk's account: row-level security, no street_desk
    for url, said in ((closed, UNREACHABLE), (desk_url, NOT_OWNER)):
        service = StreetViewService(url, FakeClock(NOW))
        try:
            with pytest.raises(DomainError) as caught:
                service.view(*PERIOD)
            assert caught.value.message.template == said
        finally:
            service.close()
    with pytest.raises(DomainError) as caught:
        StreetViewService("sqlite:///street.db", FakeClock(NOW))
    assert caught.value.message.template == NOT_POSTGRES


def test_a_database_that_is_no_street_is_said(pg_url: str) -> None:
    service = StreetViewService(pg_url, FakeClock(NOW))
    try:
        with pytest.raises(DomainError) as caught:
            service.view(*PERIOD)
        assert caught.value.message.template == NOT_A_STREET
    finally:
        service.close()


# --- the window (main.py street --db URL) ------------------------------------------------------------


def cells(model: Any) -> list[list[str]]:
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_window_shows_every_community_and_the_lists_and_exports_them(qtbot: Any, tmp_path: Path,
                                                                         built: Any) -> None:
    from openpyxl import load_workbook
    from PySide6.QtCore import QDate

    from app.views.street_window import StreetWindow

    street, a1, a2, b1, made = built
    service = StreetViewService(street.url, FakeClock(made["desk"].clock.now()))
    try:
        window = StreetWindow(service)
        qtbot.addWidget(window)
        window.resize(1280, 700)
        window.show()
        qtbot.waitUntil(lambda: window.view is not None, timeout=20_000)  # 本月 first
        assert window.view is not None and (window.view.first, window.view.last) == (date(2026, 3, 1),
                                                                                      date(2026, 3, 18))
        window.period.setCurrentIndex(window.period.findData("custom"))
        window.since.setDate(QDate(PERIOD[0].year, PERIOD[0].month, PERIOD[0].day))
        window.until.setDate(QDate(PERIOD[1].year, PERIOD[1].month, PERIOD[1].day))
        qtbot.waitUntil(lambda: window.view is not None and window.view.first == PERIOD[0]
                        and window.view.last == PERIOD[1], timeout=20_000)
        shown = cells(window.communities)
        # community, received, the three rates, pool, overdue, desks; the whole street first.
        assert [r[:7] for r in shown] == [[window.tr("Whole street"), "8", "62.5%", "37.5%", "66.7%", "5", "5"],
                                          [TWO, "4", "75.0%", "50.0%", "100.0%", "2", "2"],
                                          [ONE, "4", "50.0%", "25.0%", "50.0%", "3", "3"]]
        assert shown[2][7] == "、".join(sorted((a1, a2))) and shown[1][7] == b1
        assert shown[0][7] == window.tr("{n} desks").format(n=3)
        red, black = window.tr("Red"), window.tr("Black")
        assert [r[:4] + r[5:] for r in cells(window.ranking)] == [
            [red, "1", TWO, "和平里供水", "100.0%"], [red, "2", TWO, "和平里派出所", "100.0%"],
            [red, "3", TWO, "和平里物业", "66.7%"], [black, "4", ONE, "社区居委会", "50.0%"],
            [black, "5", TWO, "和平里城管", "0.0%"]]
        window.grab().save(str(tmp_path / "street.png"))

        out = tmp_path / "街道总览.xlsx"
        window.export_to(out)
        qtbot.waitUntil(lambda: out.exists() and "street" not in window.banner.text(), timeout=20_000)
        qtbot.waitUntil(lambda: not window._ops.busy, timeout=20_000)
        book = load_workbook(out)
        sheet = [[c for c in r] for r in book["各社区"].iter_rows(values_only=True)]
        assert sheet[1][:3] == ["社区", "窗口", "受理件数"]
        assert [r[0] for r in sheet[2:]] == [TWO, ONE, "全街道"]
        assert sheet[3][2:10] == [4, 2, 1, 2, 1, 50.0, 25.0, 50.0] and sheet[3][11:] == [3, 3]
        ranking = [r for r in book["红黑榜"].iter_rows(values_only=True)]
        assert [(r[0], r[1], r[2], r[3], r[8]) for r in ranking[2:7]] == [
            ("红榜", 1, TWO, "和平里供水", 100.0), ("红榜", 2, TWO, "和平里派出所", 100.0),
            ("红榜", 3, TWO, "和平里物业", 66.7), ("黑榜", 4, ONE, "社区居委会", 50.0),
            ("黑榜", 5, TWO, "和平里城管", 0.0)]
    finally:
        service.close()


def test_the_window_says_an_unreachable_server(qtbot: Any, pg_url: str) -> None:
    from app.views.street_window import StreetWindow
    from app.views.widgets import render_error

    closed = make_url(pg_url).set(port=1)
    service = StreetViewService(closed, FakeClock(NOW))
    try:
        window = StreetWindow(service)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=20_000)
        said = window.banner.text()
        # the words before the reason, in whichever language an earlier test left the translators in
        assert said.startswith(re.split("[(（]", render_error(DomainError(UNREACHABLE, reason="x")))[0])
        assert window.view is None and window.communities.rowCount() == 0
        assert not window.export_button.isEnabled()
    finally:
        service.close()


def test_the_command_refuses_an_address_that_is_no_postgresql(qtbot: Any, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    assert main(["street", "--data-dir", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "postgresql://" in capsys.readouterr().err  # said, and no window was opened
    assert main(["street", "--data-dir", str(tmp_path)]) == 2
    assert "--db" in capsys.readouterr().err
