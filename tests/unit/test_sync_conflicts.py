"""同步冲突: the administrator's list of fields two desks changed apart, in words, confirmed as kept or switched to
the other value through the unit of work (audited, so it syncs)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Resident, SyncConflict
from app.services.core.auth import Actor, PermissionDenied
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import DomainError, NotFound
from app.services.people.residents import ResidentSummary
from app.services.sync.conflicts import DONE, GONE, ROW_GONE
from tests.unit.conftest import NOW
from tests.unit.sync_conflicts import list_conflict


def audit_count(services: Services) -> int:
    with services.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_the_list_says_each_conflict_in_words_with_phones_masked(
        services: Services, admin: Actor, residents: dict[str, ResidentSummary], clock: FakeClock) -> None:
    wang, zhang = residents["王芳"].id, residents["张三"].id
    list_conflict(services, wang, "13911112222", "13933334444", at=NOW + timedelta(minutes=5))
    list_conflict(services, zhang, "三号楼", "五号楼", field="name", at=NOW)
    rows = services.sync_conflicts.pending(admin)
    assert [(r.what, r.field, r.kept, r.kept_desk, r.other, r.other_desk) for r in rows] == [
        ("居民 张三", "姓名", "三号楼", "B02", "五号楼", "B03"),  # the older one first
        ("居民 王芳", "电话", "139****2222", "B02", "139****4444", "B03"),
    ]
    assert rows[0].at == NOW
    assert services.sync_conflicts.count(admin) == 2


def test_confirming_keeps_the_value_and_leaves_the_list(
        services: Services, admin: Actor, residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"].id
    conflict = list_conflict(services, wang, "13911112222", "13933334444")
    services.sync_conflicts.confirm(admin, conflict)
    assert services.sync_conflicts.pending(admin) == []
    assert services.sync_conflicts.count(admin) == 0
    with services.db.reading() as session:
        row = session.get(SyncConflict, conflict)
        assert row is not None and row.confirmed_by_id == admin.user_id and row.confirmed_at == NOW
        assert session.scalar(select(Resident.phone).where(Resident.id == wang)) == "0412-5588765"  # untouched
    with pytest.raises(DomainError) as again:
        services.sync_conflicts.confirm(admin, conflict)
    assert again.value.message.template == DONE and again.value.message.params == {"name": "于海波"}


def test_using_the_other_value_writes_it_through_the_unit_of_work(
        services: Services, admin: Actor, residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"].id
    conflict = list_conflict(services, wang, "0412-5588765", "13933334444")
    before = audit_count(services)
    services.sync_conflicts.use_other(admin, conflict)
    new = audit_count(services) - before
    with services.db.reading() as session:
        resident = session.get(Resident, wang)
        assert resident is not None and (resident.phone, resident.phone_last4) == ("13933334444", "4444")
        entries = [(e.entity, e.action, e.details) for e in session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(new))]
    assert new == 2 and {(entity, action) for entity, action, _d in entries} == {
        ("resident", "update"), ("sync_conflict", "update")}  # audited: both travel at the next sync
    phone = next(details for entity, _a, details in entries if entity == "resident")
    assert phone["phone"] == ["0412-5588765", "13933334444"]
    assert services.sync_conflicts.count(admin) == 0
    assert services.residents.search(admin, "4444")  # the look-up finds the new phone's last digits


def test_a_name_switched_back_gets_its_pinyin(services: Services, admin: Actor,
                                              residents: dict[str, ResidentSummary]) -> None:
    zhang = residents["张三"].id
    conflict = list_conflict(services, zhang, "张三", "张山", field="name")
    services.sync_conflicts.use_other(admin, conflict)
    with services.db.reading() as session:
        resident = session.get(Resident, zhang)
        assert resident is not None and (resident.name, resident.pinyin_initials) == ("张山", "zs")
        assert resident.pinyin_full == "zhangshan"


def test_refusals_write_nothing(services: Services, admin: Actor, clerk: Actor,
                                residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"].id
    conflict = list_conflict(services, wang, "0412-5588765", "13933334444")
    gone = list_conflict(services, uuid.uuid4(), "1", "2")
    before = audit_count(services)
    with pytest.raises(PermissionDenied):
        services.sync_conflicts.use_other(clerk, conflict)
    with pytest.raises(PermissionDenied):
        services.sync_conflicts.pending(clerk)
    with pytest.raises(NotFound) as missing:
        services.sync_conflicts.confirm(admin, uuid.uuid4())
    assert missing.value.message.template == GONE
    with pytest.raises(DomainError) as row_gone:
        services.sync_conflicts.use_other(admin, gone)
    assert row_gone.value.message.template == ROW_GONE
    assert audit_count(services) == before
    assert services.sync_conflicts.count(admin) == 2
