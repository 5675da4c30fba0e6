"""The request list's full-text search on PostgreSQL: the GIN index over characters and pairs (see case_search.py)
finds 1-, 2- and 3+-character words in descriptions and notes, a note as soon as it is written, and again after a
rebuild; the plan uses the index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from app.services.cases.intake import IntakeForm
from app.services.cases.listing import CaseQuery, CaseSort
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.setup import InitialSetup
from app.services.people.residents import NewResident

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
PASSWORD = "admin1234"
DESCRIPTIONS = [
    "3号楼2单元厨房水管漏水，楼下天花板渗水。",
    "楼道灯不亮已经一周，老人晚上下楼不便。",
    "广场舞音响噪音太大，晚上九点以后还在跳。",
]


@pytest.fixture
def clock() -> FakeClock:  # the moment conftest's ``services`` fixture runs at
    return FakeClock(NOW)


def log_requests(services: Services) -> tuple[Actor, list[object]]:
    services.setup.initialize(InitialSetup(
        community_name="幸福里社区", street="站前街道", desk_code="A01", desk_name="一号窗口",
        desk_phone="0412-5581234", admin_username="admin", admin_display_name="王建国", admin_password=PASSWORD))
    services.remember_desk()
    admin = services.auth.login("admin", PASSWORD)
    resident = services.residents.create(admin, NewResident(name="张三", phone="13812345678", building="3",
                                                            unit="2", room="301"))
    options = services.intake.options(admin)
    parent = next(c for c in options.categories if c.parent_id is None and options.children(c.id))
    ids = []
    for description in DESCRIPTIONS:
        form = IntakeForm(channel="walk_in", resident_id=resident.id, category_id=parent.id,
                          subcategory_id=options.children(parent.id)[0].id, description=description, urgency=3,
                          scope="household")
        ids.append(services.intake.submit(admin, form).case_id)
        services.clock.advance(timedelta(minutes=10))  # type: ignore[attr-defined]
    return admin, ids


def found(services: Services, actor: Actor, words: str, **kwargs: object) -> list[int]:
    return [r.case_no for r in services.case_list.page(actor, CaseQuery(text=words, **kwargs)).rows]  # type: ignore


def test_search_on_postgres(services: Services) -> None:
    admin, ids = log_requests(services)
    nos = [r.case_no for r in reversed(services.case_list.page(admin, CaseQuery()).rows)]
    assert found(services, admin, "灯") == [nos[1]]                       # one character
    assert found(services, admin, "漏水") == [nos[0]]                     # two
    assert found(services, admin, "天花板") == [nos[0]]                   # three and more
    assert found(services, admin, "晚上") == [nos[2], nos[1]]
    assert found(services, admin, "晚上 广场舞") == [nos[2]]
    assert found(services, admin, "漏电") == [] and found(services, admin, "水管漏") == [nos[0]]
    assert found(services, admin, "水漏") == []  # both characters occur, not together
    assert found(services, admin, "3号楼") == [nos[0]]
    assert sorted(found(services, admin, "楼", sort=CaseSort.URGENCY)) == sorted([nos[0], nos[1]])
    assert services.case_list.count(admin, CaseQuery(text="晚上")).n == 2

    services.workflow.add_note(admin, ids[2], "已约舞蹈队队长周五协商")  # type: ignore[arg-type]
    assert found(services, admin, "舞蹈队") == [nos[2]] and found(services, admin, "约") == [nos[2]]

    with services.db.transaction() as session:
        session.execute(text("DELETE FROM case_text"))
    assert found(services, admin, "舞蹈队") == []
    assert services.case_list.rebuild_index(admin) == 3
    assert found(services, admin, "舞蹈队") == [nos[2]] and found(services, admin, "灯") == [nos[1]]


def test_the_plan_uses_the_gin_index(services: Services) -> None:
    log_requests(services)
    with services.db.transaction() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))  # three rows: make the planner show its index
        plan = "\n".join(r[0] for r in session.execute(text(
            "EXPLAIN SELECT id FROM case_text WHERE string_to_array(grams, ' ') @> ARRAY['漏水']")))
    assert "ix_case_text_grams" in plan
