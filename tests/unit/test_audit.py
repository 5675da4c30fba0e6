"""Every write is audited with who, when and what; editing or deleting an audit row is detected."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import select

from app.domain.enums import Role
from app.models import AuditEntry
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.people.residents import NewResident


def entries(services: Services) -> list[AuditEntry]:
    with services.db.reading() as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.desk_code == "A01")
                                    .order_by(AuditEntry.seq)))
        session.expunge_all()  # keep them readable after the read-only session ends
        return rows


def test_each_write_names_who_what_and_which_desk(services: Services, clerk: Actor) -> None:
    before = len(entries(services))
    created = services.residents.create(clerk, NewResident(name="审计测试", phone="13904121111", building="5",
                                                           unit="1", room="101"))
    new = entries(services)[before:]
    inserts = [(e.action, e.entity) for e in new]
    assert ("insert", "resident") in inserts
    row = next(e for e in new if e.entity == "resident")
    assert row.entity_id == str(created.id) and row.actor_name == clerk.username and row.actor_id == clerk.user_id
    assert row.desk_code == "A01" and row.details["name"] == "审计测试" and row.details["phone"] == "13904121111"
    assert [e.seq for e in entries(services)] == list(range(1, len(entries(services)) + 1))
    with services.db.reading() as session:                     # the first start is on this desk's chain too
        assert set(session.scalars(select(AuditEntry.desk_code).distinct())) == {"A01"}


def test_changes_record_old_and_new_values_and_never_a_password(services: Services, admin: Actor,
                                                                clerk: Actor) -> None:
    services.auth.reset_password(admin, clerk.user_id, "Changed2026")
    services.auth.set_active(admin, clerk.user_id, False)
    updates = [e for e in entries(services) if e.action == "update" and e.entity == "staff"]
    assert updates[-1].details["active"] == [True, False] and updates[-1].actor_name == "admin"
    old, new = updates[-2].details["password_hash"]  # never the hash: "***" and the hash's own SHA-256 (replay.py)
    assert old == "***" and new.startswith("*** sha256:") and len(new) == len("*** sha256:") + 64
    assert all("$argon2" not in str(e.details) for e in entries(services))


def tamper(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute(sql)
        conn.commit()


def test_verify_names_an_edited_audit_row(services: Services, clerk: Actor) -> None:
    assert services.verify.run() == []
    target = entries(services)[3]
    services.close()
    tamper(services.paths.database, f"UPDATE audit_log SET actor_name = 'someone' WHERE seq = {target.seq}")
    problems = [p.render() for p in services.verify.run()]
    assert any(f"entry {target.seq} " in p and "altered" in p for p in problems), problems
    assert any("guard" in p and "操作记录" in p for p in problems)  # the missing trigger, in words


def test_verify_names_deleted_audit_rows(services: Services) -> None:
    services.close()
    tamper(services.paths.database, "DELETE FROM audit_log WHERE seq IN (5, 6)")
    problems = [p.render() for p in services.verify.run()]
    assert any("entries 5 to 6 are missing" in p for p in problems), problems


def test_a_staff_account_created_by_the_admin_is_audited_to_the_admin(services: Services, admin: Actor) -> None:
    info = services.auth.create_staff(admin, "clerk9", "新来的", Role.CLERK, "Welcome2026")
    row = next(e for e in reversed(entries(services)) if e.entity == "staff" and e.action == "insert")
    assert row.entity_id == str(info.id) and row.actor_name == "admin"
    assert row.details["password_hash"].startswith("*** sha256:")
