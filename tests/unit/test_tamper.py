"""Tampering with the database file is named by `verify` (issue 15, part 3).

Each test edits the REAL SQLite file with the sqlite3 module, as someone holding the file would: the append-only guard
triggers are dropped first. Two kinds of attacker:

- the plain one edits, deletes or slips in rows and leaves the audit trail alone: the replay of the trail
  (app/services/core/replay.py) names the row, without any anchor;
- the thorough one also rewrites the trail to match (the recorded values, whole entries deleted or forged), renumbers
  and recomputes the SHA-256 chain with the app's own ``entry_hash``, and removes the desk's own list of published
  heads. The file is then consistent in itself and a plain ``verify`` passes: that is the point of the anchors. A
  backup kept on a USB stick, an anchor sheet, or a fingerprint copied from a notice or a passbook (all made before
  the attack) then name what was rewritten: the backup names the first rewritten entry and the row it records.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.services.cases.escalation import RuleInput as EscalationRule
from app.services.core.anchors import AnchorFile, read_anchor_file
from app.services.core.audit import entry_hash
from app.services.core.audit_words import Namer, thing
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.documents.anchor_sheet import write_sheet
from app.services.people.register import ResidentChanges
from tests.conftest import DEMO_BUILT_AT
from tests.unit.conftest import DemoActors

REPO = Path(__file__).resolve().parents[2]
LATER = DEMO_BUILT_AT + timedelta(hours=2)


# --- the desk before the attack --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared(demo_template: Path, demo_actors: DemoActors, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community with what the attacks need that the demo lacks: an escalation rule and a notice."""
    folder = tmp_path_factory.mktemp("tamper") / "data"
    shutil.copytree(demo_template, folder)
    services = open_services(folder, clock=FakeClock(LATER))
    try:
        admin = demo_actors.admin
        services.escalation.set_rule(admin, EscalationRule(urgency=5, response_minutes=30, resolve_hours=4))
        made = services.notices.make_board(admin, (LATER - timedelta(days=30)).date(), LATER.date())
        services.notices.record(admin, made)
    finally:
        services.close()
    return folder


@dataclass
class Desk:
    services: Services
    admin: Actor
    clerk: Actor
    outside: Path  # a USB stick, a filing cabinet: where the anchors are kept

    @property
    def path(self) -> Path:
        path = self.services.db.sqlite_path
        assert path is not None
        return path

    def anchors(self) -> tuple[AnchorFile, AnchorFile]:
        """A backup on the USB stick and an anchor sheet (its JSON), made now: before the attack."""
        backup = self.services.backups.backup_now(self.outside)
        _pdf, sheet = write_sheet(self.services.anchors.make_sheet(self.admin), self.outside / "sheet.pdf")
        return read_anchor_file(backup.path), read_anchor_file(sheet)

    def verify(self, *anchors: AnchorFile) -> str:
        self.services.close()  # as a later run would: nothing cached
        return "\n".join(m.render() for m in self.services.verify.run(anchors))

    def one(self, sql: str, *params: Any) -> Any:
        return self.all(sql, *params)[0]

    def all(self, sql: str, *params: Any) -> list[Any]:
        with closing(sqlite3.connect(self.path)) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def desk(prepared: Path, demo_actors: DemoActors, tmp_path: Path) -> Iterator[Desk]:
    folder = tmp_path / "data"
    shutil.copytree(prepared, folder)
    (tmp_path / "usb").mkdir()
    services = open_services(folder, clock=FakeClock(LATER))
    try:
        yield Desk(services, demo_actors.admin, demo_actors.clerk, tmp_path / "usb")
    finally:
        services.close()


# --- the attacker -----------------------------------------------------------------------------------------------


class Attacker:
    """Holds the file: drops the guards, edits rows and the trail, recomputes the chain with the app's own hash."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        self.guards = self.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _sql in self.guards:
            self.conn.execute(f'DROP TRIGGER "{name}"')

    def sql(self, statement: str, *params: Any) -> None:
        self.conn.execute(statement, params)

    def one(self, statement: str, *params: Any) -> Any:
        return self.conn.execute(statement, params).fetchone()

    def entries(self, entity: str, row_id: str) -> list[tuple[int, str, dict[str, Any]]]:
        return [(seq, action, json.loads(details)) for seq, action, details in self.conn.execute(
            "SELECT seq, action, details FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY seq",
            (entity, str(uuid.UUID(row_id))))]

    def forge_row(self, entity: str, row_id: str, **values: Any) -> None:
        """Make the trail say the row always held ``values``: its insert and every later change of those columns."""
        for seq, action, details in self.entries(entity, row_id):
            for key, value in values.items():
                if action == "insert" and key in details:
                    details[key] = value
                elif action == "update" and key in details:
                    details[key] = [value, value]
            self.sql("UPDATE audit_log SET details = ? WHERE desk_code = 'A01' AND seq = ?",
                     json.dumps(details, ensure_ascii=False), seq)

    def erase_row_history(self, entity: str, row_id: str) -> None:
        self.sql("DELETE FROM audit_log WHERE entity = ? AND entity_id = ?", entity, str(uuid.UUID(row_id)))

    def make_room(self, after: int) -> None:
        """Entries after ``after`` one number up (in two steps: the numbers are unique at every row)."""
        self.sql("UPDATE audit_log SET seq = -(seq + 1) WHERE desk_code = 'A01' AND seq > ?", after)
        self.sql("UPDATE audit_log SET seq = -seq WHERE desk_code = 'A01' AND seq < 0")

    def rechain(self, remove_list: bool = True) -> None:
        """Remove the desk's own list of published heads, number the entries 1, 2, 3 ... again and recompute every
        hash and the chain's end: the file is consistent in itself afterwards."""
        if remove_list:
            self.sql("DELETE FROM audit_log WHERE entity = 'audit_anchor'")
            self.sql("DELETE FROM audit_anchor")
        rows = self.conn.execute("SELECT id, seq, created_at, actor_id, actor_name, action, entity, entity_id, "
                                 "details, hash, hlc FROM audit_log WHERE desk_code = 'A01' ORDER BY seq").fetchall()
        self.sql("UPDATE audit_log SET seq = -seq WHERE desk_code = 'A01'")
        prev, unchanged = "", 0
        for new_seq, (row_id, _old_seq, at, actor_id, actor_name, action, entity, entity_id, details,
                      old_hash, hlc) in enumerate(rows, start=1):
            when = datetime.fromisoformat(at).replace(tzinfo=UTC)
            actor = uuid.UUID(actor_id) if actor_id else None
            digest = entry_hash("A01", new_seq, when, actor, actor_name, action, entity, entity_id,
                                json.loads(details), prev, hlc)
            unchanged += digest == old_hash
            self.sql("UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?", new_seq, prev, digest,
                     row_id)
            prev = digest
        assert unchanged > 0  # the attacker's hash is the app's: the entries before the first change kept theirs
        self.sql("UPDATE audit_head SET seq = ?, hash = ? WHERE desk_code = 'A01'", len(rows), prev)

    def done(self) -> None:
        """The guards put back as they were (``verify`` names a missing one), and the file written."""
        for _name, sql in self.guards:
            self.conn.execute(sql)
        self.conn.commit()
        self.conn.close()


def attack(desk: Desk) -> Attacker:
    desk.services.close()
    return Attacker(desk.path)


def hex_id(value: Any) -> str:
    return uuid.UUID(str(value)).hex


def shown(value: Any) -> str:
    return str(uuid.UUID(str(value)))


def named(desk: Desk, table: str, row: Any) -> str:
    """The row as ``verify`` names it, by its thing and its name (居民 张三): never its table or its uuid."""
    with desk.services.db.reading() as session:
        return f"{thing(table)} {Namer(session).name_of(table, shown(row))}"


# --- the plain attacker: rows edited, the trail left alone -------------------------------------------------------


def test_the_prepared_desk_is_healthy_with_and_without_its_anchors(desk: Desk) -> None:
    backup, sheet = desk.anchors()
    assert desk.verify() == ""
    assert desk.verify(backup, sheet) == ""


def test_a_changed_ledger_entry_is_named(desk: Desk) -> None:
    entry = desk.one("SELECT id FROM ledger_entry WHERE kind = 'service_credit' LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE ledger_entry SET memo = '服务存入：100 小时' WHERE id = ?", entry)
    a.done()
    assert f"{named(desk, 'ledger_entry', entry)} was altered (摘要)" in desk.verify()


def test_a_deleted_credit_entry_is_named(desk: Desk) -> None:
    entry, record = desk.one("SELECT entry_id, id FROM service_record WHERE entry_id IS NOT NULL LIMIT 1")
    a = attack(desk)
    _delete_credit(a, entry, record)
    a.done()
    found = desk.verify()
    assert f"{named(desk, 'ledger_entry', entry)} was deleted outside the app" in found
    assert f"{named(desk, 'service_record', record)} was altered (核实状态、记账凭证)" in found
    assert shown(entry) not in found and "ledger_entry" not in found


def _delete_credit(a: Attacker, entry: str, record: str) -> None:
    """The credit gone as if never made: postings, entry, the balances they moved, the record back to verified."""
    for account, amount in a.conn.execute("SELECT account_id, amount FROM ledger_posting WHERE entry_id = ?",
                                          (entry,)).fetchall():
        a.sql("UPDATE ledger_account SET balance = balance - ? WHERE id = ?", amount, account)
    a.sql("UPDATE service_record SET status = 'verified', entry_id = NULL WHERE id = ?", record)
    a.sql("DELETE FROM ledger_posting WHERE entry_id = ?", entry)
    a.sql("DELETE FROM ledger_entry WHERE id = ?", entry)


def test_an_audit_entry_with_another_actor_is_named(desk: Desk) -> None:
    seq = desk.one("SELECT seq FROM audit_log WHERE entity = 'ledger_entry' ORDER BY seq LIMIT 1")[0]
    a = attack(desk)
    entry = a.one("SELECT entity_id FROM audit_log WHERE seq = ?", seq)[0]
    a.sql("UPDATE audit_log SET actor_name = 'director' WHERE desk_code = 'A01' AND seq = ?", seq)
    a.done()
    assert f"Audit trail of desk A01: entry {seq} ({named(desk, 'ledger_entry', entry)}的新建)" in desk.verify()


def test_the_newest_audit_entry_deleted_is_named(desk: Desk) -> None:
    resident = desk.one("SELECT id FROM resident WHERE phone LIKE '13%' LIMIT 1")[0]
    desk.services.register.update_resident(desk.clerk, uuid.UUID(resident), ResidentChanges(phone="13904129999"))
    a = attack(desk)
    newest = a.one("SELECT max(seq) FROM audit_log")[0]
    assert a.one("SELECT entity FROM audit_log WHERE seq = ?", newest)[0] == "resident"
    a.sql("DELETE FROM audit_log WHERE seq = ?", newest)
    a.sql("UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_log WHERE seq = ?)", newest - 1)
    a.done()
    assert f"{named(desk, 'resident', resident)} was altered (电话、电话后四位)" in desk.verify()


def test_back_dated_ledger_rows_are_named(desk: Desk) -> None:
    entry = desk.one("SELECT id FROM ledger_entry WHERE kind = 'service_credit' LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE ledger_entry SET created_at = '2025-01-05 02:00:00.000000' WHERE id = ?", entry)
    a.sql("UPDATE ledger_posting SET created_at = '2025-01-05 02:00:00.000000' WHERE entry_id = ?", entry)
    a.done()
    found = desk.verify()
    assert f"{named(desk, 'ledger_entry', entry)} was altered (创建时间)" in found
    assert "记账明细" in found and "altered (创建时间)" in found


def test_an_edited_case_note_is_named(desk: Desk) -> None:
    note = desk.one("SELECT id FROM case_event WHERE kind = 'note' LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE case_event SET note = '已电话联系居民，问题已解决' WHERE id = ?", note)
    a.done()
    assert f"{named(desk, 'case_event', note)} was altered (说明)" in desk.verify()


def test_a_deleted_case_note_is_named(desk: Desk) -> None:
    note = desk.one("SELECT id FROM case_event WHERE kind = 'note' LIMIT 1")[0]
    a = attack(desk)
    a.sql("DELETE FROM case_event WHERE id = ?", note)
    a.done()
    assert f"{named(desk, 'case_event', note)} was deleted outside the app" in desk.verify()


def test_a_changed_follow_up_answer_is_named(desk: Desk) -> None:
    event, case = desk.one("SELECT id, case_id FROM case_event WHERE kind = 'followed_up' "
                           "AND data LIKE '%basically%' LIMIT 1")
    a = attack(desk)
    a.sql("""UPDATE case_event SET data = '{"satisfaction": "satisfied"}' WHERE id = ?""", event)
    a.sql("""UPDATE "case" SET satisfaction = 'satisfied' WHERE id = ?""", case)
    a.done()
    found = desk.verify()
    assert f"{named(desk, 'case_event', event)} was altered (附加内容)" in found
    assert f"{named(desk, 'case', case)} was altered (满意度)" in found


def test_a_clerk_made_administrator_is_named(desk: Desk) -> None:
    clerk = hex_id(desk.clerk.user_id)
    a = attack(desk)
    a.sql("UPDATE staff SET role = 'admin' WHERE id = ?", clerk)
    a.done()
    assert f"{named(desk, 'staff', clerk)} was altered (角色)" in desk.verify()


def test_a_replaced_password_is_named(desk: Desk) -> None:
    clerk = hex_id(desk.clerk.user_id)
    admin_hash = desk.one("SELECT password_hash FROM staff WHERE username = 'admin'")[0]
    a = attack(desk)
    a.sql("UPDATE staff SET password_hash = ? WHERE id = ?", admin_hash, clerk)  # a password the attacker knows
    a.done()
    assert f"{named(desk, 'staff', clerk)} was altered (密码)" in desk.verify()


def test_a_changed_phone_is_named(desk: Desk) -> None:
    resident = desk.one("SELECT id FROM resident WHERE phone <> '' LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE resident SET phone = '13000000000' WHERE id = ?", resident)
    a.done()
    assert f"{named(desk, 'resident', resident)} was altered (电话)" in desk.verify()


def test_a_changed_escalation_rule_is_named(desk: Desk) -> None:
    rule = desk.one("SELECT id FROM escalation_rule LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE escalation_rule SET response_minutes = 10000, resolve_hours = 9999 WHERE id = ?", rule)
    a.done()
    assert f"{named(desk, 'escalation_rule', rule)} was altered (响应时限（分钟）、办结时限（小时）)" in desk.verify()


def test_a_changed_points_rule_and_rule_set_are_named(desk: Desk) -> None:
    rule = desk.one("SELECT id FROM points_earn_rule WHERE points = 20 LIMIT 1")[0]
    rule_set = desk.one("SELECT id FROM rule_set WHERE scope = 'timebank' LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE points_earn_rule SET points = 2000 WHERE id = ?", rule)
    a.sql("UPDATE rule_set SET \"values\" = json_set(\"values\", '$.cap_minutes', 999999) WHERE id = ?", rule_set)
    a.done()
    found = desk.verify()
    assert f"{named(desk, 'points_earn_rule', rule)} was altered (积分)" in found
    assert f"{named(desk, 'rule_set', rule_set)} was altered (规则内容)" in found


def test_a_deleted_notice_publication_is_named(desk: Desk) -> None:
    notice = desk.one("SELECT id FROM notice_publication LIMIT 1")[0]
    a = attack(desk)
    a.sql("DELETE FROM notice_publication WHERE id = ?", notice)
    a.done()
    assert f"{named(desk, 'notice_publication', notice)} was deleted outside the app" in desk.verify()


def test_a_row_written_outside_the_app_is_named(desk: Desk) -> None:
    entry, account = desk.one("SELECT entry_id, account_id FROM ledger_posting WHERE amount > 0 LIMIT 1")
    forged = uuid.uuid4().hex
    a = attack(desk)
    a.sql("INSERT INTO ledger_posting (id, desk_code, created_at, entry_id, account_id, amount) "
          "VALUES (?, 'A01', '2026-11-20 02:00:00.000000', ?, ?, 600)", forged, entry, account)
    a.done()
    assert f"{named(desk, 'ledger_posting', forged)} is not in the audit trail" in desk.verify()


def test_a_forged_audit_entry_slipped_in_is_named(desk: Desk) -> None:
    a = attack(desk)
    a.make_room(200)  # room for it at 201
    a.sql("INSERT INTO audit_log (id, desk_code, created_at, seq, actor_id, actor_name, action, entity, entity_id, "
          "details, prev_hash, hash) SELECT ?, 'A01', created_at, 201, actor_id, actor_name, 'update', 'staff', ?, "
          """'{"role": ["clerk", "admin"]}', hash, ? FROM audit_log WHERE seq = 200""",
          uuid.uuid4().hex, str(desk.clerk.user_id), "0" * 64)
    a.done()
    assert f"Audit trail of desk A01: entry 201 ({named(desk, 'staff', desk.clerk.user_id)}的修改)" in desk.verify()


# --- the thorough attacker: rows and trail rewritten, the chain recomputed ----------------------------------------


def test_a_ledger_entry_changed_and_the_chain_recomputed_is_named_by_the_anchors(desk: Desk) -> None:
    entry = desk.one("SELECT id FROM ledger_entry WHERE kind = 'service_credit' LIMIT 1")[0]
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("UPDATE ledger_entry SET memo = '服务存入：100 小时' WHERE id = ?", entry)
    a.forge_row("ledger_entry", entry, memo="服务存入：100 小时")
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, ("ledger_entry", entry))


def _named_by_anchors_only(desk: Desk, backup: AnchorFile, sheet: AnchorFile, row: tuple[str, Any] | None,
                           consistent: bool = True) -> None:
    """The file is consistent in itself (a plain verify passes); the backup names the first rewritten entry and its
    row (by its thing and name, never its table or uuid), the anchor sheet says the trail was rewritten before its
    head."""
    if consistent:
        assert desk.verify() == ""
    by_backup = desk.verify(backup)
    if row is not None:
        assert named(desk, *row) in by_backup, by_backup
        assert shown(row[1]) not in by_backup and f" {row[0]} " not in by_backup, by_backup
    assert "differs from the backup's copy" in by_backup or "is missing from the audit trail" in by_backup, by_backup
    by_sheet = desk.verify(sheet)
    assert "was rewritten at or before this entry" in by_sheet or "no longer has entry" in by_sheet, by_sheet


def test_a_credit_entry_deleted_and_the_chain_renumbered_is_named_by_the_anchors(desk: Desk) -> None:
    entry, record = desk.one("SELECT entry_id, id FROM service_record WHERE entry_id IS NOT NULL LIMIT 1")
    postings = [p for (p,) in desk.all("SELECT id FROM ledger_posting WHERE entry_id = ?", entry)]
    backup, sheet = desk.anchors()
    a = attack(desk)
    _delete_credit(a, entry, record)
    for posting in postings:
        a.erase_row_history("ledger_posting", posting)
    a.erase_row_history("ledger_entry", entry)
    for seq, action, details in a.entries("service_record", record):  # "credited" never happened
        if action == "update" and "entry_id" in details:
            a.sql("DELETE FROM audit_log WHERE seq = ?", seq)
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, None)


def test_an_audit_actor_changed_and_the_chain_recomputed_is_named_by_the_anchors(desk: Desk) -> None:
    seq, entity, row = desk.one("SELECT seq, entity, entity_id FROM audit_log WHERE entity = 'ledger_entry' "
                                "ORDER BY seq DESC LIMIT 1")
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("UPDATE audit_log SET actor_name = 'director', actor_id = (SELECT id FROM staff WHERE username = "
          "'director') WHERE seq = ?", seq)
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, (entity, row))


def test_the_newest_audit_entry_deleted_with_its_change_is_named_by_a_printed_fingerprint(desk: Desk) -> None:
    resident = desk.one("SELECT id FROM resident WHERE phone LIKE '13%' LIMIT 1")[0]
    old_phone = desk.one("SELECT phone, phone_last4 FROM resident WHERE id = ?", resident)
    desk.services.register.update_resident(desk.clerk, uuid.UUID(resident), ResidentChanges(phone="13904129999"))
    statement = desk.services.timebank.statements.statement(desk.admin, uuid.UUID(resident))  # a passbook printed
    typed = desk.outside / "typed.txt"
    typed.write_text(f"抄自存折：{statement.anchor}\n", encoding="utf-8")
    a = attack(desk)
    newest = a.one("SELECT max(seq) FROM audit_log")[0]
    a.sql("UPDATE resident SET phone = ?, phone_last4 = ? WHERE id = ?", *old_phone, resident)
    a.sql("DELETE FROM audit_log WHERE seq = ?", newest)
    a.rechain()
    a.done()
    assert desk.verify() == ""
    found = desk.verify(read_anchor_file(typed))
    assert f"Anchor {statement.anchor} (typed.txt): the audit trail of desk A01 no longer has entry {newest}" in found


def test_back_dated_ledger_rows_with_a_recomputed_chain_are_named_by_the_anchors(desk: Desk) -> None:
    entry = desk.one("SELECT id FROM ledger_entry WHERE kind = 'service_credit' LIMIT 1")[0]
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("UPDATE ledger_entry SET created_at = '2025-01-05 02:00:00.000000' WHERE id = ?", entry)
    a.forge_row("ledger_entry", entry, created_at="2025-01-05T02:00:00+00:00")
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, ("ledger_entry", entry))


@pytest.mark.parametrize("how", ["edited", "deleted"])
def test_a_case_note_edited_or_deleted_with_a_recomputed_chain_is_named_by_the_anchors(desk: Desk, how: str) -> None:
    note = desk.one("SELECT id FROM case_event WHERE kind = 'note' LIMIT 1")[0]
    backup, sheet = desk.anchors()
    a = attack(desk)
    if how == "edited":
        a.sql("UPDATE case_event SET note = '已电话联系居民，问题已解决' WHERE id = ?", note)
        a.forge_row("case_event", note, note="已电话联系居民，问题已解决")
    else:
        a.sql("DELETE FROM case_event WHERE id = ?", note)
        a.erase_row_history("case_event", note)
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, ("case_event", note) if how == "edited" else None)


def test_a_follow_up_answer_changed_with_a_recomputed_chain_is_named_by_the_anchors(desk: Desk) -> None:
    event, case = desk.one("SELECT id, case_id FROM case_event WHERE kind = 'followed_up' "
                           "AND data LIKE '%basically%' LIMIT 1")
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("""UPDATE case_event SET data = '{"satisfaction": "satisfied"}' WHERE id = ?""", event)
    a.sql("""UPDATE "case" SET satisfaction = 'satisfied' WHERE id = ?""", case)
    a.forge_row("case_event", event, data={"satisfaction": "satisfied"})
    a.forge_row("case", case, satisfaction="satisfied")
    a.rechain()
    a.done()
    # the daily figures count satisfied answers: a thorough attacker counts them again too, with the app's own command
    assert "differ from a recount" in desk.verify()
    desk.services.verify.rebuild_figures()
    _named_by_anchors_only(desk, backup, sheet, None)


def test_a_clerk_made_administrator_with_a_recomputed_chain_is_named_by_the_anchors(desk: Desk) -> None:
    clerk = hex_id(desk.clerk.user_id)
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("UPDATE staff SET role = 'admin' WHERE id = ?", clerk)
    a.forge_row("staff", clerk, role="admin")
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, ("staff", clerk))


def test_a_changed_phone_with_a_recomputed_chain_is_named_by_the_anchors(desk: Desk) -> None:
    resident = desk.one("SELECT id FROM resident WHERE phone <> '' LIMIT 1")[0]
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("UPDATE resident SET phone = '13000000000', phone_last4 = '0000' WHERE id = ?", resident)
    a.forge_row("resident", resident, phone="13000000000", phone_last4="0000")
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, ("resident", resident))


def test_a_forged_audit_entry_with_a_recomputed_chain_is_named_by_the_anchors(desk: Desk) -> None:
    clerk = hex_id(desk.clerk.user_id)
    backup, sheet = desk.anchors()
    a = attack(desk)
    a.sql("UPDATE staff SET role = 'admin' WHERE id = ?", clerk)
    a.make_room(200)
    a.sql("INSERT INTO audit_log (id, desk_code, created_at, seq, actor_id, actor_name, action, entity, entity_id, "
          "details, prev_hash, hash) SELECT ?, 'A01', created_at, 201, (SELECT id FROM staff WHERE username = "
          """'admin'), 'admin', 'update', 'staff', ?, '{"role": ["clerk", "admin"]}', '', '' FROM audit_log """
          "WHERE seq = 200", uuid.uuid4().hex, shown(clerk))
    a.rechain()
    a.done()
    _named_by_anchors_only(desk, backup, sheet, ("staff", clerk))


@pytest.mark.parametrize("table", ["escalation_rule", "points_earn_rule", "notice_publication"])
def test_rules_and_notices_rewritten_with_a_recomputed_chain_are_named_by_the_anchors(desk: Desk, table: str) -> None:
    row = desk.one(f"SELECT id FROM {table} LIMIT 1")[0]
    backup, sheet = desk.anchors()
    a = attack(desk)
    if table == "escalation_rule":
        a.sql("UPDATE escalation_rule SET response_minutes = 10000 WHERE id = ?", row)
        a.forge_row(table, row, response_minutes=10000)
    elif table == "points_earn_rule":
        a.sql("UPDATE points_earn_rule SET points = 2000 WHERE id = ?", row)
        a.forge_row(table, row, points=2000)
    else:
        a.sql("DELETE FROM notice_publication WHERE id = ?", row)
        a.erase_row_history(table, row)
    a.rechain()
    a.done()
    # A changed escalation rule also changes when open requests fall due: the fold of their timelines names those.
    _named_by_anchors_only(desk, backup, sheet, (table, row) if table != "notice_publication" else None,
                           consistent=table != "escalation_rule")


def test_a_rewritten_chain_is_named_by_the_desks_own_list_when_the_attacker_forgot_it(desk: Desk) -> None:
    desk.anchors()
    resident = desk.one("SELECT id FROM resident WHERE phone <> '' LIMIT 1")[0]
    a = attack(desk)
    a.sql("UPDATE resident SET phone = '13000000000', phone_last4 = '0000' WHERE id = ?", resident)
    a.forge_row("resident", resident, phone="13000000000", phone_last4="0000")
    a.rechain(remove_list=False)
    a.done()
    found = desk.verify()  # no anchor given: the desk's own list, left in place, names the rewrite
    assert "published on 校验单" in found and "is no longer in the audit trail" in found, found


# --- the anchors on paper and the command line --------------------------------------------------------------------


def test_documents_print_the_head_and_the_desk_keeps_the_list(desk: Desk) -> None:
    head = desk.services.setup.community_info().chain_head
    assert head.startswith("A01-")
    backup, _sheet = desk.anchors()
    made = desk.services.notices.make_board(desk.admin, (LATER - timedelta(days=30)).date(), LATER.date())
    assert made.anchor
    desk.services.notices.record(desk.admin, made)
    places = [p.place for p in desk.services.anchors.published(desk.admin)]
    assert places[:3] == ["notice", "sheet", "backup"]
    assert backup.anchors[0].head.fingerprint in {p.fingerprint for p in desk.services.anchors.published(desk.admin)}


def test_a_file_without_fingerprints_is_refused(desk: Desk) -> None:
    junk = desk.outside / "junk.txt"
    junk.write_text("没有校验码", encoding="utf-8")
    with pytest.raises(Exception, match="holds no fingerprint"):
        read_anchor_file(junk)


def test_cli_verify_with_an_anchor_names_a_rewritten_chain(desk: Desk) -> None:
    _backup, sheet = desk.anchors()
    clerk = hex_id(desk.clerk.user_id)
    a = attack(desk)
    a.sql("UPDATE staff SET role = 'admin' WHERE id = ?", clerk)
    a.forge_row("staff", clerk, role="admin")
    a.rechain()
    a.done()
    data_dir = desk.path.parent
    run = subprocess.run([sys.executable, "main.py", "--lang", "en", "verify", "--data-dir", str(data_dir),
                          "--anchor", str(sheet.path)], cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                         timeout=300)
    assert run.returncode == 1, run.stderr
    assert "was rewritten at or before this entry" in run.stderr
    junk = desk.outside / "junk.txt"
    junk.write_text("nothing", encoding="utf-8")
    refused = subprocess.run([sys.executable, "main.py", "--lang", "en", "verify", "--data-dir", str(data_dir),
                              "--anchor", str(junk)], cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                             timeout=300)
    assert refused.returncode == 2 and "holds no fingerprint" in refused.stderr
