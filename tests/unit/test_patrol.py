"""The patrol log (民情日记, issue 19): an entry at a household, a building or a place in words; a promised visit
recorded done by its entry; a problem found made a request in one step (channel 民情专员, linked to the entry); bad
input refused by field with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import Case, PatrolEntry, Role
from app.services.care.patrol import PatrolInput, RequestFromEntry
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import Conflict, ValidationError
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import NOW
from tests.unit.test_visits import grid_with_worker


def sizes(services: Services) -> tuple[int, int]:
    with services.db.reading() as s:
        return (s.scalar(select(func.count()).select_from(PatrolEntry)) or 0,
                s.scalar(select(func.count()).select_from(Case)) or 0)


def water(services: Services, actor: Actor) -> tuple[object, object]:
    sub = next(c for c in services.intake.options(actor).categories if c.code == "LIFE-WATER")
    return sub.parent_id, sub.id


def test_an_entry_a_visit_recorded_and_a_request_in_one_step(services: Services, admin: Actor,
                                                             residents: dict[str, ResidentSummary]) -> None:
    grid, worker = grid_with_worker(services, admin)
    services.visits.sync_all(admin)
    daily = next(r for r in services.duties.due(admin) if r.from_tag == "alone")
    entry = services.patrol.write(worker, PatrolInput("", "老人精神好，厨房水龙头漏水", seen="王芳",
                                                      at=NOW - timedelta(hours=1), visit_duty_id=daily.id))
    assert entry.place == "3号楼2单元302室" and entry.grid == "第一网格" and entry.visit == "日见面（独居）"
    assert services.duties.get(admin, daily.id).next_due == daily.next_due + timedelta(days=1)
    [record] = services.duties.records(admin, daily.id)
    assert record.outcome == "done" and record.by == "网格员小李"

    walk = services.patrol.write(worker, PatrolInput("3号楼", "二单元楼道灯不亮"))
    words = services.patrol.write(worker, PatrolInput("东门小广场", "健身器材松动"))
    assert (walk.place, words.place, words.grid) == ("3号楼", "东门小广场", "第一网格")  # the worker's own grid
    assert [e.id for e in services.patrol.entries(worker, NOW.date(), NOW.date())] == [words.id, walk.id, entry.id]

    assert [p.name for p in services.patrol.people(worker, entry.id)] == ["王芳"]
    category, sub = water(services, worker)
    saved = services.patrol.to_request(worker, entry.id, RequestFromEntry(
        residents["王芳"].id, category, sub))  # type: ignore[arg-type]
    with services.db.reading() as session:
        case = session.get(Case, saved.case_id)
        assert case is not None
        assert case.channel == "collector" and "厨房水龙头漏水" in case.description and case.grid_id == grid.id
    [logged] = services.patrol.entries(worker, NOW.date(), NOW.date(), by_id=worker.user_id)[2:]
    assert (logged.case_id, logged.case_no) == (saved.case_id, saved.case_no)
    with pytest.raises(Conflict):  # once only
        services.patrol.to_request(worker, entry.id, RequestFromEntry(
            residents["王芳"].id, category, sub))  # type: ignore[arg-type]


@pytest.mark.parametrize(("data", "field"), [
    (PatrolInput("3-2-301", "  "), "found"),
    (PatrolInput("", "楼道堆物"), "place"),
    (PatrolInput("9-9-999", "楼道堆物"), "place"),
    (PatrolInput("3-2-301", "楼道堆物", at=NOW + timedelta(hours=2)), "at"),
    (PatrolInput("3-2-301", "楼道堆物", seen="人" * 101), "seen"),
])
def test_bad_entries_are_refused_by_field(services: Services, admin: Actor, data: PatrolInput, field: str) -> None:
    grid_with_worker(services, admin)
    before = sizes(services)
    with pytest.raises(ValidationError) as refused:
        services.patrol.write(admin, data)
    assert field in refused.value.errors
    assert sizes(services) == before


def test_a_request_refused_by_the_intake_writes_nothing(services: Services, admin: Actor,
                                                        residents: dict[str, ResidentSummary]) -> None:
    _grid, worker = grid_with_worker(services, admin)
    entry = services.patrol.write(worker, PatrolInput("3-2-302", "下水道堵了"))
    before = sizes(services)
    with pytest.raises(ValidationError) as refused:  # no resident, no category: the intake's own messages
        services.patrol.to_request(worker, entry.id, RequestFromEntry(None, None, None))
    assert {"resident", "category"} <= set(refused.value.errors)
    assert sizes(services) == before
    assert services.patrol.entries(worker, NOW.date(), NOW.date())[0].case_id is None


def test_a_time_bank_officer_keeps_no_patrol_log(services: Services, timebank: Actor) -> None:
    from app.services.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.patrol.write(timebank, PatrolInput("3-2-301", "看望"))
    assert Role.TIMEBANK_OFFICER == timebank.role and datetime.now(UTC)
