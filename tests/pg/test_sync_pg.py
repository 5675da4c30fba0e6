"""Desks that sync through the street's PostgreSQL (issue 21): each desk on its own SQLite file, the street a real
server prepared by ``street-init`` (see conftest.py for the throwaway cluster)."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.models import AuditEntry, Case, CaseEvent, Resident, SyncConflict
from app.services.core.audit import entry_hash
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import DomainError
from app.services.people.register import ResidentChanges
from app.services.sync import push
from app.services.sync.service import CHAIN_REWRITTEN, SCHEMA_DIFFERS, UNREACHABLE, WRONG_COMMUNITY
from app.services.sync.street import Street
from tests.pg.test_postgres import NOW, PASSWORD, SETUP, ZHANG_SAN, request_form

COMMUNITY = SETUP.community_name


def code() -> str:
    """A desk code of this test alone: roles are the cluster's, shared by every test of the session."""
    return "T" + uuid.uuid4().hex[:7].upper()


@pytest.fixture
def street(pg_url: str) -> Street:
    s = Street(pg_url)
    s.init()
    return s


class Desk:
    """One desk: its folder, its services on its own SQLite file, its account on the street."""

    def __init__(self, folder: Path, url: str, clock: FakeClock) -> None:
        self.folder, self.url, self.clock = folder, url, clock
        self.services: Services = open_services(folder, clock=clock)

    def set_up(self, desk_code: str) -> Any:
        self.services.setup.initialize(dataclasses.replace(SETUP, desk_code=desk_code))
        self.services.remember_desk()
        return self.login()

    def login(self) -> Any:
        return self.services.auth.login("admin", PASSWORD)

    def rows(self, model: Any) -> int:
        with self.services.db.reading() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    def close(self) -> None:
        self.services.close()


@pytest.fixture
def desks(tmp_path: Path, street: Street) -> Iterator[tuple[Desk, Desk, str, str]]:
    one, two = code(), code()
    first = street.add_desk(one, COMMUNITY)
    second = street.add_desk(two, COMMUNITY)
    clock = FakeClock(NOW)
    a = Desk(tmp_path / "one", first.url, clock)
    b = Desk(tmp_path / "two", second.url, clock)
    try:
        yield a, b, one, two
    finally:
        a.close()
        b.close()


def test_a_request_logged_on_one_desk_reaches_the_other_and_both_fold_the_same_state(
        desks: tuple[Desk, Desk, str, str]) -> None:
    a, b, one, two = desks
    admin = a.set_up(one)
    resident = a.services.residents.create(admin, ZHANG_SAN)
    saved = a.services.intake.submit(admin, request_form(a.services, admin, resident.id, "三号楼楼道灯不亮"))
    joined = a.services.sync.join(a.url)
    assert (joined.desk_code, joined.community, joined.fresh) == (one, COMMUNITY, False)

    joined_b = b.services.sync.join(b.url)  # an empty folder starts from the street's copy
    assert (joined_b.desk_code, joined_b.fresh) == (two, True)
    with b.services.db.reading() as session:
        case = session.scalars(select(Case)).one()
        assert (case.case_no, case.description) == (saved.case_no, "三号楼楼道灯不亮")
    assert b.rows(Resident) == a.rows(Resident) == 1
    clerk_b = b.login()  # the accounts came down with the community
    b.services.workflow.add_note(clerk_b, saved.case_id, "已联系物业，明天更换灯泡")
    b.clock.advance(timedelta(minutes=5))
    report_b = b.services.sync.sync()
    assert report_b.up > 0 and report_b.waiting == 0
    report_a = a.services.sync.sync()
    assert report_a.down > 0
    with a.services.db.reading() as session:
        notes = list(session.scalars(select(CaseEvent.note).where(CaseEvent.case_id == saved.case_id)))
    assert "已联系物业，明天更换灯泡" in notes
    for desk in (a, b):  # both desks' checks pass: chains, folds, figures, the replay of the trail
        assert [m.render() for m in desk.services.verify.run()] == []


def joined_pair(desks: tuple[Desk, Desk, str, str]) -> tuple[Any, Any, Any]:
    """Desk one set up with a resident and a request, then both desks joined; (admin on one, on two, the saved
    request)."""
    a, b, one, _two = desks
    admin = a.set_up(one)
    resident = a.services.residents.create(admin, ZHANG_SAN)
    saved = a.services.intake.submit(admin, request_form(a.services, admin, resident.id, "三号楼楼道灯不亮"))
    a.services.sync.join(a.url)
    b.services.sync.join(b.url)
    return admin, b.login(), saved


def test_two_desks_acting_on_one_request_apart_end_in_the_same_state(desks: tuple[Desk, Desk, str, str]) -> None:
    a, b, _one, _two = desks
    admin_a, admin_b, saved = joined_pair(desks)
    a.clock.advance(timedelta(minutes=10))
    a.services.workflow.dispatch(admin_a, saved.case_id, assignee_id=admin_a.user_id)
    a.services.workflow.resolve(admin_a, saved.case_id, "已更换灯泡")  # desk one resolves ...
    b.services.workflow.add_note(admin_b, saved.case_id, "居民来电催办")  # ... while desk two, apart, adds a note
    for desk in (a, b, a):
        desk.services.sync.sync()
    states = []
    for desk in (a, b):
        with desk.services.db.reading() as session:
            case = session.get(Case, saved.case_id)
            assert case is not None
            events = [(e.seq, e.kind.value, e.note) for e in session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == saved.case_id)
                .order_by(CaseEvent.seq, CaseEvent.desk_code))]
            states.append((case.status, case.resolved_at, events))
        assert [m.render() for m in desk.services.verify.run()] == []
    assert states[0] == states[1]
    notes = [note for _seq, _kind, note in states[0][2]]
    assert "已更换灯泡" in notes and "居民来电催办" in notes  # the timeline shows both
    assert str(states[0][0].value) == "resolved"


def test_one_phone_changed_differently_on_two_desks_converges_and_is_listed(
        desks: tuple[Desk, Desk, str, str]) -> None:
    a, b, _one, _two = desks
    admin_a, admin_b, saved = joined_pair(desks)
    with a.services.db.reading() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    a.services.register.update_resident(admin_a, resident_id, ResidentChanges(phone="13911112222"))
    b.clock.advance(timedelta(minutes=3))  # desk two's change is the later one
    b.services.register.update_resident(admin_b, resident_id, ResidentChanges(phone="13933334444"))
    reports = [desk.services.sync.sync() for desk in (a, b, a)]
    assert reports[1].conflicts == 1
    for desk in (a, b):
        with desk.services.db.reading() as session:
            assert session.scalar(select(Resident.phone).where(Resident.id == resident_id)) == "13933334444"
            conflict = session.scalars(select(SyncConflict)).one()  # listed for the administrator, on every desk
            assert (conflict.field, conflict.kept, conflict.other) == ("phone", "13933334444", "13911112222")
    assert saved.case_no


def test_sync_again_sends_nothing_twice(desks: tuple[Desk, Desk, str, str]) -> None:
    a, _b, one, _two = desks
    joined_pair(desks)
    engine = create_engine(a.url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        with engine.begin() as conn, a.services.db.reading() as session:  # as if the street's answer was lost
            sent = push.Pushed()
            push.push_batch(session, conn, one, 0, sent)
        assert sent.entries == 0
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == before
    finally:
        engine.dispose()
    again = a.services.sync.sync()
    assert (again.up, again.waiting) == (0, 0)


def test_the_street_refuses_what_a_desk_may_not_write(street: Street, desks: tuple[Desk, Desk, str, str]) -> None:
    a, b, one, two = desks
    joined_pair(desks)
    other = street.add_desk(code(), "和平里社区")
    as_b = create_engine(b.url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool)
    as_other = create_engine(other.url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool)
    try:
        refused = [
            # a row stamped with another desk's code
            f"INSERT INTO calendar_day (id, desk_code, created_at, day, workday, name) "
            f"VALUES ('{uuid.uuid4()}', '{one}', now(), '2027-01-01', false, '元旦')",
            "UPDATE street_desk SET community_name = 'x'",          # the street's own table
            "UPDATE audit_log SET actor_name = 'x'",                # history is insert-only
            "DELETE FROM case_event",
            f"UPDATE resident SET desk_code = '{two}'",             # a row's desk code never changes
        ]
        for statement in refused:
            with pytest.raises(DBAPIError), as_b.begin() as conn:
                conn.execute(text(statement))
        with as_b.connect() as conn:  # its own community: readable
            assert conn.execute(text("SELECT count(*) FROM \"case\"")).scalar_one() == 1
            case_id, staff_id = conn.execute(text("SELECT id, created_by_id FROM \"case\"")).one()
        # Foreign keys pass row-level security: a desk of another community that learnt a request's id may still
        # not write a step on it ...
        with pytest.raises(DBAPIError, match="another community"), as_other.begin() as conn:
            conn.execute(text(f"INSERT INTO case_event (id, desk_code, created_at, case_id, seq, kind, note, data) "
                              f"VALUES ('{uuid.uuid4()}', '{other.desk_code}', now(), '{case_id}', 99, 'closed', '', "
                              f"'{{}}')"))
        # ... and a desk takes no number that starts with another desk's code (a passbook's, a request's)
        with pytest.raises(DBAPIError, match="must start with its code"), as_b.begin() as conn:
            conn.execute(text(f"INSERT INTO volunteer (id, desk_code, created_at, resident_id, number, skills, "
                              f"availability, status, registered_by_id) SELECT '{uuid.uuid4()}', '{two}', now(), "
                              f"id, '{one}-V99999', '[]', '', 'active', '{staff_id}' FROM resident LIMIT 1"))
        with as_other.connect() as conn:  # another community's desk reads none of it
            assert conn.execute(text("SELECT count(*) FROM \"case\"")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM resident")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM street_log")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM street_field_clock")).scalar_one() == 0
        with pytest.raises(DBAPIError), as_other.begin() as conn:  # the clocks are written by the street alone
            conn.execute(text("UPDATE street_field_clock SET hlc = 9223372036854775807"))
    finally:
        as_b.dispose()
        as_other.dispose()


def test_a_rewritten_chain_is_found_at_the_next_sync(desks: tuple[Desk, Desk, str, str]) -> None:
    a, _b, one, _two = desks
    joined_pair(desks)
    engine = a.services.db.engine
    with engine.begin() as conn:  # the attacker edits the file: the newest entry, its hash made again
        for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = 'audit_log'")):
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        e = conn.execute(select(AuditEntry).where(AuditEntry.desk_code == one)
                         .order_by(AuditEntry.seq.desc()).limit(1)).one()
        details = {**e.details, "note": "改过"}
        digest = entry_hash(one, e.seq, e.created_at, e.actor_id, e.actor_name, e.action, e.entity, e.entity_id,
                            details, e.prev_hash, e.hlc)
        conn.execute(AuditEntry.__table__.update().where(AuditEntry.id == e.id).values(details=details, hash=digest))
        conn.execute(text("UPDATE audit_head SET hash = :h WHERE desk_code = :d"), {"h": digest, "d": one})
    with pytest.raises(DomainError) as refused:
        a.services.sync.sync()
    assert refused.value.message.template == CHAIN_REWRITTEN
    problem = a.services.sync.status().problem
    assert problem is not None and problem.template == CHAIN_REWRITTEN


def test_another_schema_version_is_refused_and_the_desk_works_on(street: Street,
                                                                 desks: tuple[Desk, Desk, str, str]) -> None:
    a, _b, _one, _two = desks
    admin, _admin_b, _saved = joined_pair(desks)
    owner = create_engine(street.url, poolclass=NullPool)
    try:
        with owner.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0022'"))
    finally:
        owner.dispose()
    with pytest.raises(DomainError) as refused:
        a.services.sync.sync()
    assert refused.value.message.template == SCHEMA_DIFFERS
    assert refused.value.message.params == {"ours": "0023", "theirs": "0022"}
    with a.services.db.reading() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    # offline, as before
    a.services.intake.submit(admin, request_form(a.services, admin, resident_id, "居民再次来电反映楼道灯不亮"))
    assert a.rows(Case) == 2
    assert a.services.sync.status().waiting > 0


def test_an_unreachable_street_is_said_and_what_waits_goes_up_later(desks: tuple[Desk, Desk, str, str]) -> None:
    a, b, _one, _two = desks
    admin, _admin_b, _saved = joined_pair(desks)
    settings = a.services.settings
    good = settings.extra["street_url"]
    settings.extra["street_url"] = "postgresql://nobody@127.0.0.1:1/street"
    with a.services.db.reading() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    a.services.intake.submit(admin, request_form(a.services, admin, resident_id, "二号楼整栋停电了"))
    with pytest.raises(DomainError) as refused:
        a.services.sync.sync()
    assert refused.value.message.template == UNREACHABLE
    settings.extra["street_url"] = good
    assert a.services.sync.sync().waiting == 0
    b.services.sync.sync()
    assert b.rows(Case) == 2


def test_an_entry_changed_without_its_hash_is_found_before_it_goes_up_and_after(
        desks: tuple[Desk, Desk, str, str]) -> None:
    from app.services.sync.push import ALTERED

    a, _b, one, _two = desks
    admin, _admin_b, saved = joined_pair(desks)
    engine = a.services.db.engine

    def tamper(seq: int) -> None:  # an entry's words changed in the file, its hash left as it was
        with engine.begin() as conn:
            for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                             "AND tbl_name = 'audit_log'")):
                conn.execute(text(f'DROP TRIGGER "{name}"'))
            conn.execute(text("UPDATE audit_log SET actor_name = '篡改者' WHERE desk_code = :d AND seq = :s"),
                         {"d": one, "s": seq})

    tamper(3)  # long since on the street: the rolling check of what went up finds it
    with pytest.raises(DomainError) as found:
        a.services.sync.sync()
    assert (found.value.message.template, found.value.message.params["seq"]) == (ALTERED, 3)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor_name = 'system' WHERE desk_code = :d AND seq = 3"), {"d": one})
    a.services.workflow.add_note(admin, saved.case_id, "新的说明")
    with a.services.db.reading() as session:
        newest = session.scalar(select(func.max(AuditEntry.seq)).where(AuditEntry.desk_code == one))
    tamper(newest)  # not yet on the street: refused before it goes up
    with pytest.raises(DomainError) as refused:
        a.services.sync.sync()
    assert (refused.value.message.template, refused.value.message.params["seq"]) == (ALTERED, newest)


def test_a_community_the_street_has_nothing_of_is_not_joined_from_an_empty_folder(street: Street,
                                                                                 tmp_path: Path) -> None:
    from app.services.sync.service import EMPTY_COMMUNITY

    mine = code()
    new = street.add_desk(mine, "和平里社区")
    desk = Desk(tmp_path / "empty", new.url, FakeClock(NOW))
    try:
        with pytest.raises(DomainError) as refused:
            desk.services.sync.join(new.url)
        assert refused.value.message.template == EMPTY_COMMUNITY
        assert "street_url" not in desk.services.settings.extra
    finally:
        desk.close()


def test_a_desk_of_another_community_is_refused(street: Street, tmp_path: Path) -> None:
    mine = code()
    other = street.add_desk(mine, "和平里社区")
    desk = Desk(tmp_path / "x", other.url, FakeClock(NOW))
    try:
        desk.set_up(mine)
        with pytest.raises(DomainError) as refused:
            desk.services.sync.join(other.url)
        assert refused.value.message.template == WRONG_COMMUNITY
        assert "street_url" not in desk.services.settings.extra
    finally:
        desk.close()


def test_the_commands_prepare_the_street_join_a_desk_and_sync(pg_url: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    assert main(["street-init", "--db", pg_url]) == 0
    mine = code()
    assert main(["street-init", "--db", pg_url, "--add-desk", mine.lower(), "--community", COMMUNITY]) == 0
    out = capsys.readouterr().out
    url = next(line for line in out.splitlines() if line.startswith("postgresql"))
    assert f"desk_{mine.lower()}" in url
    assert main(["street-init", "--db", pg_url, "--add-desk", mine, "--community", COMMUNITY]) == 2
    assert mine in capsys.readouterr().err  # the street has that desk already: said, nothing made
    folder = tmp_path / "desk"
    desk = Desk(folder, url, FakeClock(NOW))
    try:
        desk.set_up(mine)
    finally:
        desk.close()
    assert main(["join-street", "--data-dir", str(folder), "--street", url]) == 0
    assert mine in capsys.readouterr().out
    assert main(["sync", "--data-dir", str(folder)]) == 0
    said = capsys.readouterr().out
    assert re.findall(r"\d+", said)[-1] == "0"  # nothing left waiting
    assert main(["sync", "--data-dir", str(tmp_path / "never-joined")]) == 2
    assert "join-street" in capsys.readouterr().err


def test_only_an_accounts_home_desk_takes_from_it_and_no_balance_goes_below_zero(
        desks: tuple[Desk, Desk, str, str]) -> None:
    from app.services.ledger.points.data import AwardInput
    from app.services.ledger.posting import HOME_DESK_ONLY
    from tests.unit.test_points import make_scheme

    a, b, one, _two = desks
    admin_a = a.set_up(one)
    scheme = make_scheme(a.services, admin_a)
    resident = a.services.residents.create(admin_a, ZHANG_SAN)
    a.services.points.rules.award(admin_a, AwardInput(scheme.meeting, (resident.id,), quantity=15))  # 300, at one
    a.services.sync.join(a.url)
    b.services.sync.join(b.url)
    admin_b = b.login()
    b.services.points.rules.award(admin_b, AwardInput(scheme.suggestion, (resident.id,)))  # desk two gives 50 ...
    with pytest.raises(DomainError) as refused:  # ... but takes nothing from an account kept at desk one
        b.services.points.vouchers.redeem(admin_b, resident.id, scheme.bowl)
    assert refused.value.message.template == HOME_DESK_ONLY
    assert refused.value.message.params["desk"] == one
    a.services.points.vouchers.redeem(admin_a, resident.id, scheme.bowl)  # at home, apart from desk two: 200 out
    for desk in (b, a, b):
        desk.services.sync.sync()
    for desk, admin in ((a, admin_a), (b, admin_b)):
        assert desk.services.points.vouchers.balance(admin, resident.id).balance == 300 + 50 - 200
        assert [m.render() for m in desk.services.verify.run()] == []
