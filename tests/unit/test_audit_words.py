"""The audit trail in words (issue 16): every recorded thing and field has a Chinese name, every entry reads as a
sentence with its 项目 / 原值 / 新值, and ``verify`` names a tampered row by its thing and name, never by a table name
or a uuid."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

from sqlalchemy import Enum as SAEnum

from app.models import Base
from app.services.community.departments import DepartmentInput
from app.services.core.audit import AuditFilter, AuditRow
from app.services.core.audit_names import FIELD_OF, FIELDS, HIDDEN_FIELDS, THINGS, WORDS
from app.services.core.audit_words import Namer, field_word, thing
from app.services.core.auth import Actor
from app.services.core.changes import TOPIC_OF_TABLE
from app.services.core.container import Services
from app.services.people.register import ResidentChanges
from app.services.people.residents import NewResident

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
UUID_TEXT = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
ENGLISH_KEY = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")  # password_hash, phone_last4, ledger_posting
TABLES = sorted(set(TOPIC_OF_TABLE) | set(Base.metadata.tables))


def _is_chinese(text: str) -> bool:
    return bool(CJK.search(text)) and not re.search(r"[A-Za-z]{2}", text.replace("PDF", ""))


def test_every_table_has_a_chinese_name() -> None:
    """A table added (to the models or to TOPIC_OF_TABLE) without its Chinese name fails here."""
    missing = [t for t in TABLES if t not in THINGS]
    assert missing == [], f"give these tables a Chinese name in audit_names.THINGS: {missing}"
    assert all(_is_chinese(thing(t)) for t in TABLES), {t: thing(t) for t in TABLES if not _is_chinese(thing(t))}
    assert len(set(THINGS.values())) == len(THINGS)  # the 对象 filter tells each apart


def test_every_column_has_a_chinese_name() -> None:
    unnamed = [f"{t}.{c.key}" for t in Base.metadata.tables for c in Base.metadata.tables[t].columns
               if (t, c.key) not in FIELD_OF and c.key not in FIELDS and c.key not in HIDDEN_FIELDS]
    assert unnamed == [], f"give these columns a Chinese name in audit_names.FIELDS: {unnamed}"
    words = {*FIELDS.values(), *FIELD_OF.values(), *HIDDEN_FIELDS.values()}
    assert all(_is_chinese(w) for w in words), [w for w in words if not _is_chinese(w)]


def test_every_recorded_domain_value_reads_in_chinese(services: Services) -> None:
    """Enum columns by their labels (labels.zh), the few other vocabularies by WORDS: no code such as "walk_in"."""
    with services.db.reading() as session:
        namer = Namer(session)
        for table in Base.metadata.tables.values():
            for column in table.columns:
                if isinstance(column.type, SAEnum) and column.type.enum_class is not None:
                    for member in column.type.enum_class:
                        shown = namer.value(table.name, column.key, member.value)
                        assert _is_chinese(shown), (table.name, column.key, member.value, shown)
        for (table_name, column_name), words in WORDS.items():
            for code in words:
                assert _is_chinese(namer.value(table_name, column_name, code)), (table_name, column_name, code)


def _display_name(services: Services, actor: Actor) -> str:
    with closing(sqlite3.connect(services.db.sqlite_path or "")) as conn:
        return str(conn.execute("SELECT display_name FROM staff WHERE id = ?", (actor.user_id.hex,)).fetchone()[0])


def _assert_words_only(rows: list[AuditRow]) -> None:
    """What the page shows of each entry: Chinese words, no table name, uuid, JSON or English key."""
    for r in rows:
        texts = [r.actor, r.action_word, r.thing, r.name, r.sentence,
                 *[part for c in r.changes for part in (c.field, c.old, c.new)]]
        for text in texts:
            assert not UUID_TEXT.search(text), (r.entity, text)
            assert not ENGLISH_KEY.search(text), (r.entity, text)
            assert '{"' not in text and '":' not in text, (r.entity, text)
            assert not any(re.search(rf"\b{t}\b", text) for t in TABLES if t not in ("case", "desk")), (r.entity, text)
        assert r.action_word in ("新建", "修改", "删除") and _is_chinese(r.thing)


def test_a_real_edit_reads_as_a_chinese_sentence(services: Services, clerk: Actor, admin: Actor) -> None:
    made = services.residents.create(clerk, NewResident(name="邢佩华", phone="13904125566", building="3", unit="2",
                                                        room="301", tags=("empty_nest",)))
    services.register.update_resident(clerk, made.id, ResidentChanges(phone="13812341234"))
    department = services.community.departments.create(admin, DepartmentInput("社区物业办", phone="0412-5551234"))
    services.community.departments.delete(admin, department.id)
    who, director = _display_name(services, clerk), _display_name(services, admin)

    rows = services.audit.entries(admin, AuditFilter())
    _assert_words_only(rows)
    residents = services.audit.entries(admin, AuditFilter(entity="resident"))
    assert {r.thing for r in residents} == {"居民"}
    edit = next(r for r in residents if r.action == "update")
    assert edit.sentence == f"{who} 修改了 居民 邢佩华：电话 由 139****5566 改为 138****1234", edit.sentence
    assert [(c.field, c.old, c.new) for c in edit.changes] == [("电话", "139****5566", "138****1234")]
    insert = next(r for r in residents if r.action == "insert")
    assert insert.sentence == f"{who} 新建了 居民 邢佩华"
    assert ("姓名", "", "邢佩华") in [(c.field, c.old, c.new) for c in insert.changes]
    assert ("住户", "", "3-2-301") in [(c.field, c.old, c.new) for c in insert.changes]  # the flat, not its uuid
    assert ("情况", "", "空巢") in [(c.field, c.old, c.new) for r in rows if r.entity == "household_tag"
                                    for c in r.changes]
    removed = next(r for r in rows if r.entity == "department" and r.action == "delete")
    assert removed.sentence == f"{director} 删除了 部门 社区物业办", removed.sentence  # named from the trail: gone
    assert ("名称", "社区物业办", "") in [(c.field, c.old, c.new) for c in removed.changes]
    assert ("电话", "0412-***1234", "") in [(c.field, c.old, c.new) for c in removed.changes]
    assert ("部门类别", "街道科室", "") in [(c.field, c.old, c.new) for c in removed.changes]
    things = services.audit.entities(admin)
    assert ("resident", "居民") in things and ("department", "部门") in things


def _tampered_desk(services: Services, clerk: Actor) -> tuple[Path, str, int]:
    """A resident edited through the app, then the file edited by hand: the phone changed, and the trail's entry of
    the edit given another actor (its guard triggers dropped first, as an attacker holding the file would)."""
    made = services.residents.create(clerk, NewResident(name="邢佩华", phone="13904125566", building="3", unit="2",
                                                        room="301"))
    services.register.update_resident(clerk, made.id, ResidentChanges(phone="13812341234"))
    path = services.db.sqlite_path
    assert path is not None
    services.close()
    with closing(sqlite3.connect(path)) as conn:
        seq = conn.execute("SELECT seq FROM audit_log WHERE entity = 'resident' AND action = 'update' AND "
                           "entity_id = ?", (str(made.id),)).fetchone()[0]
        guards = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                              "tbl_name = 'audit_log'").fetchall()
        for name, _sql in guards:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE audit_log SET actor_name = 'director' WHERE seq = ?", (seq,))
        for _name, sql in guards:
            conn.execute(sql)
        conn.execute("UPDATE resident SET phone = '13000000000' WHERE id = ?", (made.id.hex,))
        conn.commit()
    return path.parent, str(made.id), seq


def test_verify_names_a_tampered_row_and_entry_by_thing_and_name(services: Services, clerk: Actor) -> None:
    folder, resident_id, seq = _tampered_desk(services, clerk)
    found = "\n".join(m.render() for m in services.verify.run())
    assert f"entry {seq} (居民 邢佩华的修改) does not match the chain" in found, found
    assert "居民 邢佩华 was altered (电话)" in found, found
    assert "resident" not in found and resident_id not in found and uuid.UUID(resident_id).hex not in found


def test_cli_verify_on_a_tampered_file_names_things_in_chinese(services: Services, clerk: Actor) -> None:
    """The real command on the real file, in the desk's language: the thing and the field in Chinese, no table."""
    folder, resident_id, seq = _tampered_desk(services, clerk)
    run = subprocess.run([sys.executable, "main.py", "--lang", "zh_CN", "verify", "--data-dir", str(folder)],
                         cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=180)
    assert run.returncode == 1, run.stderr
    assert "居民 邢佩华的修改" in run.stderr and "居民 邢佩华" in run.stderr and "电话" in run.stderr, run.stderr
    assert not ENGLISH_KEY.search(run.stderr) and "resident" not in run.stderr, run.stderr
    assert not UUID_TEXT.search(run.stderr), run.stderr
    assert field_word("resident", "phone") == "电话"


def test_revealing_an_id_number_reads_as_what_was_done(services: Services, clerk: Actor, admin: Actor) -> None:
    made = services.residents.create(clerk, NewResident(name="邢佩华", phone="13904125566", building="3", unit="2",
                                                        room="301", id_number="210302196402138359"))
    services.residents.reveal_id_number(clerk, made.id)
    shown = [r for r in services.audit.entries(admin, AuditFilter(entity="command_run"))]
    assert [r.sentence for r in shown] == [f"{_display_name(services, clerk)} 新建了 记录在案的操作 显示身份证号"]
    _assert_words_only(shown)
