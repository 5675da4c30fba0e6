"""The audit trail in words a clerk understands: the Chinese name of every recorded thing and field, the row it
speaks of by its name (居民 张三, 诉求 A01-20261203-0004), and one sentence per entry.

The trail itself records table and column names and values as stored (``audit.record_flush``); nothing of that is
shown to anyone: the 操作记录 page, ``main.py verify`` and the anchor checks all name things through here. Values are
shown as a person reads them: domain values by their Chinese labels (``labels.zh``), times at the desk, a reference to
another row by that row's name, phone and ID numbers masked by the one masking module (``documents.masking``),
secrets never. Their Chinese names are in ``audit_names``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Table, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, Uuid

from app.models import AuditEntry, Base
from app.services.core import labels
from app.services.core.audit_names import FIELD_OF, FIELDS, HIDDEN, HIDDEN_FIELDS, HIDDEN_OF, THINGS, WORDS
from app.services.core.clock import local
from app.services.documents.masking import REMOVED, mask_id_number, mask_phone

SECRET_COLUMNS = {"password_hash", "key_hash"}
REDACTED = "***"
EMPTY = "（空）"
SYSTEM = "系统"
ACTION_WORDS = {"insert": "新建", "update": "修改", "delete": "删除"}

SHORT_TEXT, LONG_TEXT = 30, 200


def thing(table: str) -> str:
    """The Chinese name of what ``table`` holds (a table this module does not know: 记录)."""
    return THINGS.get(table, "记录")


def field_word(table: str, column: str) -> str:
    return FIELD_OF.get((table, column)) or FIELDS.get(column) or HIDDEN_FIELDS.get(column) or "其他内容"


def shown_columns(table: str) -> list[str]:
    """The columns of ``table`` that the audit page shows, in the table's order."""
    return [c.key for c in Base.metadata.tables[table].columns if not _hidden(table, c.key)]


def _hidden(table: str, column: str) -> bool:
    return column in HIDDEN or (table, column) in HIDDEN_OF


@dataclass(frozen=True)
class Change:
    """One line of an entry's details: 项目 / 原值 / 新值."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Words:
    """An audit entry as a person reads it."""

    actor: str
    action: str          # 新建 / 修改 / 删除
    thing: str           # 居民
    name: str            # 张三 (empty when the row has no name worth showing)
    sentence: str        # 刘晓燕 修改了 居民 张三：电话 由 138****5678 改为 139****1234
    changes: tuple[Change, ...]

    @property
    def short(self) -> str:
        """居民 张三的修改: the entry in a message of ``verify``."""
        return f"{self.thing} {self.name}的{self.action}" if self.name else f"{self.thing}的{self.action}"


def _uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _target(column: Column[Any]) -> str | None:
    for fk in column.foreign_keys:
        return str(fk.column.table.name)
    return None


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the name of a row ----------------------------------------------------------------------------------------

Values = dict[str, Any]
Label = Callable[[Values, "Namer"], str]


def _s(values: Values, key: str) -> str:
    value = values.get(key)
    return "" if value is None else str(value)


def _address(v: Values, _n: Namer) -> str:
    return "-".join(p for p in (_s(v, "building"), _s(v, "unit"), _s(v, "room")) if p)


def _of(column: str, table: str) -> Label:
    return lambda v, n: n.name(table, v.get(column))


def _join(*parts: Label) -> Label:
    return lambda v, n: " ".join(p for p in (part(v, n) for part in parts) if p)


def _col(column: str) -> Label:
    return lambda v, n: _cut(_s(v, column), SHORT_TEXT)


def _word(table: str, column: str) -> Label:
    return lambda v, n: n.value(table, column, v.get(column), short=True) if v.get(column) is not None else ""


TAG_COLUMNS = ("tag", "from_tag")  # a tag's code: named by the tag's name
COMMAND_WORDS = {"reveal_id_number": "显示身份证号", "resident-export": "导出居民个人信息", "export": "导出台账",
                 "resident-erase": "删除居民个人信息", "import-residents": "导入居民名册", "backup": "备份",
                 "restore": "恢复备份", "anchor-sheet": "打印审计校验单", "escalate": "超时升级",
                 "list-print": "打印名单", "list-export": "导出名单"}
WORDS[("command_run", "command")] = COMMAND_WORDS
LABELS: dict[str, Label] = {
    "case": _col("case_no"), "case_text": _of("case_id", "case"),
    "case_event": _join(_of("case_id", "case"), _word("case_event", "kind")),
    "case_reporter": _join(_of("case_id", "case"), _of("resident_id", "resident")),
    "case_department": _join(_of("case_id", "case"), _of("department_id", "department")),
    "case_counter": _join(_col("desk_code"), _col("day")),
    "escalation_rule": _join(_of("category_id", "category"), _word("escalation_rule", "urgency")),
    "category": _col("name"), "resident": _col("name"), "household": _address,
    "household_tag": _join(_of("household_id", "household"), _word("household_tag", "tag")),
    "tag": _col("name"), "person_tag": _join(_of("resident_id", "resident"), _word("person_tag", "tag")),
    "duty": _col("title"), "duty_record": _join(_of("duty_id", "duty"), _col("due_on")),
    "patrol_entry": _join(_col("place"), _col("at")), "saved_list": _col("name"),
    "register_import": _col("file_name"), "erased_name": lambda v, n: "",
    "staff": _col("display_name"), "login_attempt": _join(_col("username"), _word("login_attempt", "reason")),
    "task_key": _col("label"), "community": _col("name"),
    "command_run": _word("command_run", "command"),
    "desk": _join(_col("code"), _col("name")), "grid": _col("name"), "department": _col("name"),
    "building": lambda v, n: f"{_s(v, 'number')}号楼" if _s(v, "number") else "",
    "volunteer": _of("resident_id", "resident"), "service_activity": _col("title"),
    "service_record": _join(_of("volunteer_id", "volunteer"), _col("service_day")),
    "family_link": _join(_of("holder_id", "resident"), _of("relative_id", "resident")),
    "timebank_redemption": _join(_of("holder_id", "resident"), _col("service_day")),
    "points_merchant": _of("partner_id", "partner"), "points_reward": _col("name"),
    "partner": _col("name"), "partner_offer": _join(_of("partner_id", "partner"), _col("what")),
    "partner_contribution": _join(_of("partner_id", "partner"), _col("on")),
    "points_stock_move": _of("reward_id", "points_reward"),
    "points_earn_rule": _col("name"), "points_award": _join(_of("resident_id", "resident"), _col("event")),
    "points_voucher": _col("code"),
    "rule_set": _join(_word("rule_set", "scope"), lambda v, n: f"第 {_s(v, 'version')} 版"),
    "ledger_account": lambda v, n: _cut(_s(v, "name") or _s(v, "code"), SHORT_TEXT),
    "ledger_entry": _join(_word("ledger_entry", "kind"), _col("memo")),
    "ledger_posting": _of("account_id", "ledger_account"), "council_meeting": _col("title"),
    "council_item": _col("problem"), "notice_publication": _col("title"),
    "audit_log": lambda v, n: f"第 {_s(v, 'seq')} 条", "audit_head": _col("desk_code"),
    "audit_anchor": _join(_word("audit_anchor", "place"), _col("reference")),
}


class Namer:
    """Names rows and values for one read: rows are read in bulk (``prefetch``) and kept; a row that is gone is named
    from the trail's last record of it."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._rows: dict[tuple[str, str], Values | None] = {}
        self._staff: dict[str, str] = {}
        self._tags: dict[str, str] = {}

    # rows -----------------------------------------------------------------------------------------------------

    def _table(self, table: str) -> Table | None:
        found = Base.metadata.tables.get(table)
        return found if isinstance(found, Table) else None

    def prefetch(self, wanted: Iterable[tuple[str, Any]], depth: int = 3) -> None:
        """Read the rows ``(table, key)`` in one statement per table, then the rows they refer to."""
        todo: dict[str, set[str]] = {}
        for table, key in wanted:
            ident = _uuid(key)
            if ident is not None and (table, str(ident)) not in self._rows and self._table(table) is not None:
                todo.setdefault(table, set()).add(str(ident))
        found: list[tuple[str, Values]] = []
        for table, keys in todo.items():
            t = self._table(table)
            assert t is not None
            pk = list(t.primary_key.columns)
            if len(pk) != 1 or not isinstance(pk[0].type, Uuid):
                continue
            ordered = sorted(keys)
            for start in range(0, len(ordered), 500):
                chunk = ordered[start:start + 500]
                for row in self._session.execute(select(t).where(pk[0].in_([uuid.UUID(k) for k in chunk]))):
                    values = dict(row._mapping)
                    self._rows[(table, str(values[pk[0].key]))] = values
                    found.append((table, values))
            missing = [k for k in ordered if (table, k) not in self._rows]
            for key, values in self._recorded(table, missing).items():
                self._rows[(table, key)] = values
                found.append((table, values))
            for key in missing:
                self._rows.setdefault((table, key), None)
        if depth > 1 and found:
            self.prefetch(((_target(c) or "", v.get(c.key)) for table, v in found
                           for c in Base.metadata.tables[table].columns if _target(c)), depth - 1)

    def _recorded(self, table: str, keys: list[str]) -> dict[str, Values]:
        """The rows as the trail last recorded them (rows deleted since)."""
        out: dict[str, Values] = {}
        for start in range(0, len(keys), 500):
            rows = self._session.execute(
                select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.details)
                .where(AuditEntry.entity == table, AuditEntry.entity_id.in_(keys[start:start + 500]))
                .order_by(AuditEntry.created_at, AuditEntry.seq))
            for entity_id, action, details in rows:
                if action == "insert" and isinstance(details, dict):
                    out[entity_id] = dict(details)
                elif action == "update" and isinstance(details, dict) and entity_id in out:
                    out[entity_id].update({k: c[1] for k, c in details.items() if isinstance(c, list) and len(c) == 2})
        return out

    def row(self, table: str, key: Any) -> Values | None:
        ident = _uuid(key)
        if ident is None:
            return None
        if (table, str(ident)) not in self._rows:
            self.prefetch([(table, ident)], depth=1)
        return self._rows.get((table, str(ident)))

    def name(self, table: str, key: Any) -> str:
        """What identifies the row to a person (张三, A01-20261203-0004, 3-2-301); empty when unknown."""
        if key is None:
            return ""
        values = self.row(table, key)
        if values is None:
            return ""
        label = LABELS.get(table)
        return label(values, self) if label else ""

    def name_of(self, table: str, entity_id: str) -> str:
        """The row the trail's key names: a uuid, or the parts of a composite key (``A01/2026-12-03``)."""
        if _uuid(entity_id) is not None:
            return self.name(table, entity_id)
        label = LABELS.get(table)
        if label is None or not entity_id:
            return ""
        return label(dict(zip(_pk_columns(table), entity_id.split("/"), strict=False)), self)

    def actor(self, actor_id: Any, actor_name: str) -> str:
        """Who acted: the account's name (刘晓燕), else the recorded user name; the app itself is 系统."""
        if actor_id is not None:
            values = self.row("staff", actor_id)
            if values is not None and _s(values, "display_name"):
                return _s(values, "display_name")
        if not self._staff:  # a log-in is recorded before anyone is logged in: by the user name typed
            self._staff = {str(u): str(d) for u, d in self._session.execute(
                select(Base.metadata.tables["staff"].c.username, Base.metadata.tables["staff"].c.display_name))}
        return SYSTEM if actor_name in ("", "system") else self._staff.get(actor_name, actor_name)

    # values ---------------------------------------------------------------------------------------------------

    def value(self, table: str, column: str, value: Any, short: bool = False) -> str:
        """``value`` of ``table.column`` as a person reads it; never a uuid, a hash or a secret in full."""
        if column in SECRET_COLUMNS:
            return "（不显示）"
        if value is None or value == "":
            return EMPTY
        if value == REDACTED:
            return "（已删除的个人信息）"
        t = self._table(table)
        col = t.columns.get(column) if t is not None else None
        words = WORDS.get((table, column))
        if words is not None:
            return words.get(str(value), str(value))
        if column in TAG_COLUMNS or (table, column) == ("tag", "code"):
            return self._tag_name(str(value))
        if (table, column) == ("saved_list", "conditions"):
            return _cut(self._list_words(str(value)), SHORT_TEXT if short else LONG_TEXT)
        if column in ("phone", "caller_phone"):
            return mask_phone(str(value)) or EMPTY
        if column == "id_number":
            return mask_id_number(str(value)) or REMOVED
        if col is None:
            return _cut(str(value), SHORT_TEXT if short else LONG_TEXT)
        kind = col.type
        if isinstance(kind, Uuid):
            target = _target(col)
            named = self.name(target, value) if target else ""
            return named or (f"（{thing(target)}）" if target else EMPTY)
        if isinstance(kind, SAEnum) and kind.enum_class is not None:
            return _enum_word(kind.enum_class, value)
        if column == "urgency" and str(value).isdigit() and int(value) in labels.URGENCY:
            return labels.URGENCY[int(value)][1]
        python = _python_type(col)
        if python is bool:
            return "是" if value in (True, 1, "1", "true") else "否"
        if python is datetime:
            return _when(value)
        if python is date:
            return value.isoformat() if isinstance(value, date) else str(value)[:10]
        if python is bytes:
            return "（文件）"
        if isinstance(kind, JSON):
            return _json_words(value)
        return _cut(str(value), SHORT_TEXT if short else LONG_TEXT)

    def _list_words(self, text: str) -> str:
        """A saved list's conditions as the list page says them (年龄90岁及以上；标签：独居), not its JSON."""
        from app.services.people.list_conditions import ListConditions, Names, describe

        conditions, _problems = ListConditions.from_json(text)
        self._tag_name("")  # the tags' names, read once
        grid = Base.metadata.tables["grid"]
        grids = {str(i): str(n) for i, n in self._session.execute(select(grid.c.id, grid.c.name))}
        return describe(conditions, Names(grids=grids, tags=dict(self._tags)))

    def _tag_name(self, code: str) -> str:
        """A tag's name (its code is what household_tag, person_tag and duty carry)."""
        if not self._tags:
            tag = Base.metadata.tables["tag"]
            self._tags = {str(c): str(n) for c, n in self._session.execute(select(tag.c.code, tag.c.name))}
        return self._tags.get(code, code)

    # entries --------------------------------------------------------------------------------------------------

    def prefetch_entries(self, entries: Iterable[tuple[Any, str, str, Any]]) -> None:
        """``(actor_id, entity, entity_id, details)`` of the entries about to be named: their rows, their actors and
        every row their recorded values refer to, read in bulk."""
        wanted: list[tuple[str, Any]] = []
        for actor_id, entity, entity_id, details in entries:
            wanted += [("staff", actor_id), (entity, entity_id)]
            table = self._table(entity)
            if table is None or not isinstance(details, dict):
                continue
            for key, value in details.items():
                col = table.columns.get(key)
                target = _target(col) if col is not None else None
                if target:
                    for v in value if isinstance(value, list) else [value]:
                        wanted.append((target, v))
        self.prefetch(wanted)

    def words(self, actor_id: Any, actor_name: str, action: str, entity: str, entity_id: str,
              details: Any) -> Words:
        """The entry as a sentence and a table of 项目 / 原值 / 新值."""
        who = self.actor(actor_id, actor_name)
        verb = ACTION_WORDS.get(action, "改动")
        what, name = thing(entity), self.name_of(entity, entity_id)
        changes = tuple(self._changes(entity, action, entity_id, details if isinstance(details, dict) else {}))
        head = f"{who} {verb}了 {what}" + (f" {name}" if name else "")
        if action == "update" and isinstance(details, dict) and "erasure_reason" in details:
            sentence = f"{head}的个人信息（原因：{_cut(str(details['erasure_reason']), SHORT_TEXT)}）"
        elif action == "update" and changes:
            said = [f"{c.field} 由 {self._short(c.old)} 改为 {self._short(c.new)}" for c in changes[:3]]
            more = f" 等 {len(changes)} 项" if len(changes) > 3 else ""
            sentence = f"{head}：{'；'.join(said)}{more}"
        else:
            sentence = head
        return Words(who, verb, what, name, sentence, changes)

    @staticmethod
    def _short(text: str) -> str:
        return _cut(text, SHORT_TEXT)

    def _changes(self, entity: str, action: str, entity_id: str, details: dict[str, Any]) -> list[Change]:
        shown = [c for c in shown_columns(entity)] if self._table(entity) is not None else []
        if action == "insert":
            return [Change(field_word(entity, c), "", self.value(entity, c, details.get(c)))
                    for c in shown if details.get(c) not in (None, "", [], {})]
        if action == "delete":
            before = self.row(entity, entity_id) or {}
            return [Change(field_word(entity, c), self.value(entity, c, before.get(c)), "")
                    for c in shown if before.get(c) not in (None, "", [], {})]
        out = []
        for column, change in details.items():
            if _hidden(entity, column) or not isinstance(change, list) or len(change) != 2:
                continue
            out.append(Change(field_word(entity, column), self.value(entity, column, change[0]),
                              self.value(entity, column, change[1])))
        return out


def _pk_columns(table: str) -> list[str]:
    t = Base.metadata.tables.get(table)
    return [c.key for c in t.primary_key.columns] if t is not None else []


def _python_type(column: Column[Any]) -> type | None:
    """What the column holds in Python (a TypeDecorator such as the models' UTC time says its inner type's)."""
    kind = column.type
    inner = getattr(kind, "impl_instance", None) if isinstance(kind, TypeDecorator) else kind
    try:
        return inner.python_type if inner is not None else None
    except NotImplementedError:
        return None


def _enum_word(enum_class: type[Any], value: Any) -> str:
    try:
        member = enum_class(value if not isinstance(value, StrEnum) else value.value)
        return labels.zh(member)
    except (ValueError, KeyError):
        return str(value)


def _when(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return (local(value) if value.tzinfo is not None else value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _json_words(value: Any) -> str:
    """A recorded list or mapping in words: scalars listed (at most five), anything deeper only counted."""
    items = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else [value]
    plain = [str(v) for v in items if isinstance(v, str | int | float) and not isinstance(v, bool) and _uuid(v) is None]
    if plain and len(plain) == len(items):
        return "、".join(_cut(p, SHORT_TEXT) for p in plain[:5]) + (f" 等 {len(plain)} 项" if len(plain) > 5 else "")
    return f"（{len(items)} 项内容）" if items else EMPTY
