"""The audit trail in words a clerk understands: the Chinese name of every recorded thing and field, the row it
speaks of by its name (居民 张三, 诉求 A01-20261203-0004), and one sentence per entry.

The trail itself records table and column names and values as stored (``audit.record_flush``); nothing of that is
shown to anyone: the 操作记录 page, ``main.py verify`` and the anchor checks all name things through here. Values are
shown as a person reads them: domain values by their Chinese labels (``labels.zh``), times at the desk, a reference to
another row by that row's name, phone and ID numbers masked by the one masking module (``documents.masking``),
secrets never. A test fails when a table or column is added without a Chinese name here.
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

from app.models import AuditEntry, Base, DepartmentKind
from app.services.core import labels
from app.services.core.clock import local
from app.services.documents.masking import REMOVED, mask_id_number, mask_phone

SECRET_COLUMNS = {"password_hash", "key_hash"}
REDACTED = "***"
EMPTY = "（空）"
SYSTEM = "系统"
ACTION_WORDS = {"insert": "新建", "update": "修改", "delete": "删除"}

#: Every table's thing, as the desk calls it.
THINGS: dict[str, str] = {
    "case": "诉求", "case_event": "诉求进展", "case_reporter": "诉求反映人", "case_department": "诉求报到部门",
    "case_counter": "诉求编号计数", "case_text": "诉求检索索引", "rates_day": "诉求每日统计",
    "rates_day_department": "诉求每日部门统计",
    "escalation_rule": "超时升级规则", "category": "诉求分类",
    "resident": "居民", "household": "住户", "household_tag": "住户情况", "register_import": "花名册导入",
    "erased_name": "已删除居民的姓名记号",
    "staff": "工作人员账号", "login_attempt": "登录尝试", "task_key": "任务密钥", "command_run": "记录在案的操作",
    "community": "社区信息", "desk": "服务台", "grid": "网格", "department": "部门", "building": "楼栋",
    "volunteer": "志愿者", "service_activity": "集体活动", "service_record": "服务记录", "family_link": "家庭关联",
    "timebank_redemption": "时间兑换",
    "points_merchant": "积分商家", "points_reward": "兑换项目", "points_stock_move": "库存变动",
    "points_earn_rule": "积分规则", "points_award": "积分奖励", "points_voucher": "兑换券",
    "rule_set": "记账规则", "ledger_account": "记账账户", "ledger_entry": "记账凭证", "ledger_posting": "记账明细",
    "council_meeting": "议事会", "council_item": "议事事项", "notice_publication": "公示",
    "audit_log": "操作记录", "audit_head": "操作记录链尾", "audit_anchor": "已发布的校验码",
}

#: Columns nobody needs to read: keys, bookkeeping, search aids.

#: Names of the columns the page never shows, for ``verify`` (which names whatever was tampered with).
HIDDEN_FIELDS: dict[str, str] = {
    "id": "内部编号", "desk_code": "服务台", "pinyin_full": "姓名拼音", "pinyin_initials": "姓名拼音首字母",
    "phone_last4": "电话后四位", "grams": "检索词", "prev_hash": "前一条的校验值", "hash": "校验值", "salt": "随机盐",
    "digest": "姓名记号", "dedup_key": "防重复标记", "file_sha256": "文件校验值", "sha256": "文件校验值",
    "pdf": "PDF 文件",
}
HIDDEN = frozenset(HIDDEN_FIELDS)
HIDDEN_OF = frozenset({("ledger_account", "code")})  # "minutes:personal:<resident id>": its kind and name say it
#: Field names by column; ``FIELD_OF`` overrides one table's column where the same word means something else.
FIELDS: dict[str, str] = {
    "name": "名称", "phone": "电话", "note": "备注", "notes": "备注", "active": "启用", "created_at": "创建时间",
    "code": "编号", "number": "编号", "title": "标题", "place": "地点", "status": "状态", "kind": "类别",
    "reason": "原因", "seq": "序号", "sort_order": "排序", "level": "级别", "contact": "联系人", "address": "地址",
    "category": "类别", "category_id": "分类", "subcategory_id": "小类", "parent_id": "上级分类",
    "response_minutes": "响应时限（分钟）", "resolve_hours": "办结时限（小时）", "followup_hours": "回访时限（小时）",
    "warn_minutes": "提前预警（分钟）", "urgency": "紧急程度", "street": "街道",
    "reply_promise_hours": "答复时限（小时）",
    "notice_large_print": "公示大字版", "notice_landscape": "公示横向版", "report_hours": "报到时限（小时）",
    "username": "账号", "display_name": "姓名", "role": "角色", "password_hash": "密码",
    "password_changed_at": "改密码时间", "failed_logins": "连续登录失败次数", "locked_until": "锁定至",
    "staff_id": "工作人员", "success": "成功", "label": "用途", "key_hash": "密钥", "created_by_id": "登记人",
    "revoked_at": "作废时间", "task_key_id": "任务密钥", "command": "命令", "details": "内容",
    "worker_id": "网格员", "grid_id": "网格", "units": "单元数", "floors": "层数", "rooms_per_floor": "每层户数",
    "held_on": "开会日期", "summary": "纪要", "meeting_id": "议事会", "problem": "问题", "department_id": "部门",
    "responsible": "责任人", "deadline": "完成期限", "progress": "进展", "progress_at": "进展时间", "done": "已完成",
    "building": "楼号", "unit": "单元", "room": "室", "tag": "情况", "household_id": "住户",
    "gender": "性别", "birth_date": "出生日期", "id_number": "身份证号", "status_on": "状态日期",
    "merged_into_id": "并入", "resident_id": "居民", "file_name": "文件名", "sheet": "工作表", "added": "新增",
    "updated": "更新", "refused": "未导入", "length": "长度",
    "case_no": "诉求编号", "channel": "来源", "caller_phone": "来电号码", "call_seconds": "通话时长（秒）",
    "description": "诉求内容", "scope": "影响范围", "priority": "优先级", "deadline_at": "响应时限",
    "reply_due_at": "答复时限", "anonymous": "匿名", "households_count": "涉及户数", "assignee_id": "承办人",
    "in_pool": "疑难问题池", "escalated": "已升级", "responded_at": "响应时间", "resolved_at": "办结时间",
    "closed_at": "归档时间", "satisfaction": "满意度", "cycle": "办理轮次", "paused_seconds": "挂起时长（秒）",
    "due_at": "当前时限", "warn_at": "预警时间", "next_check_at": "下次检查时间", "case_id": "诉求",
    "called_at": "报到通知时间", "report_due_at": "报到时限", "reported_at": "报到时间", "overdue": "已超时",
    "actor_id": "操作人", "data": "附加内容", "body": "检索文字", "day": "日期", "last": "最后编号",
    "holder_id": "账户人", "relative_id": "家人", "relation": "关系", "proof": "证明", "requested_by_id": "申请人",
    "decided_by_id": "审批人", "decided_at": "审批时间", "beneficiary_id": "受益人", "service_type": "服务类别",
    "service_day": "服务日期", "minutes": "时长（分钟）", "provider": "服务提供方", "entry_id": "记账凭证",
    "skills": "特长", "availability": "可服务时间", "registered_by_id": "登记人", "start_at": "开始时间",
    "end_at": "结束时间", "recorded_by_id": "登记人", "volunteer_id": "志愿者", "recipient_id": "服务对象",
    "activity_id": "集体活动", "credit_minutes": "计入时长（分钟）", "verified_by_id": "核实人",
    "verified_at": "核实时间", "reject_reason": "驳回原因", "rate_fen_per_100": "结算价（分/百积分）",
    "merchant_id": "商家", "price": "所需积分", "stock": "库存", "valid_from": "兑换开始日期",
    "valid_to": "兑换截止日期", "per_resident_limit": "每人限兑", "reward_id": "兑换项目", "delta": "数量变化",
    "voucher_id": "兑换券", "points": "积分", "daily_cap": "每日上限", "monthly_cap": "每月上限",
    "valid_days": "有效天数", "rule_id": "积分规则", "earned_on": "获得日期", "expires_on": "到期日期",
    "event": "事由", "reference": "依据", "issued_by_id": "出券人", "honoured_at": "核销时间",
    "honoured_by_id": "核销人", "cancelled_at": "撤销时间", "cancelled_by_id": "撤销人", "cancel_reason": "撤销原因",
    "cancel_entry_id": "撤销凭证", "version": "版本", "values": "规则内容", "balance": "余额",
    "memo": "摘要", "approved_by_id": "复核人", "rule_set_id": "记账规则", "reverses_id": "冲正的凭证",
    "account_id": "账户", "amount": "数量", "period_from": "公示起始", "period_to": "公示截止",
    "published_by_id": "发布人", "published_by": "发布人", "case_nos": "诉求编号", "options": "版式",
    "pages": "页数", "size": "文件大小", "masked": "已隐去的内容", "chain_desk": "服务台", "actor_name": "操作人",
    "action": "操作", "entity": "对象", "entity_id": "对象编号",
    # the rates' daily rollup (derived, never in the trail; named for verify and the checks)
    "received": "受理件数", "households": "涉及户数", "responded": "已响应件数", "resolved": "已办结件数",
    "follow_ups": "回访次数", "satisfied": "满意次数（含基本满意）", "fully_satisfied": "满意次数",
    "respond_seconds": "响应用时合计（秒）", "resolve_seconds": "办结用时合计（秒）",
    "called": "吹哨次数", "reported": "已报到次数", "on_time": "按时报到次数", "unjudged": "待报到次数",
    "report_seconds": "报到用时合计（秒）",
}
FIELD_OF: dict[tuple[str, str], str] = {
    ("resident", "name"): "姓名", ("resident", "created_by_id"): "登记人", ("resident", "status"): "居住状态",
    ("case", "status"): "办理状态", ("case", "level"): "办理层级", ("case", "created_by_id"): "受理人",
    ("case_event", "kind"): "进展类别", ("case_event", "note"): "说明", ("case_event", "seq"): "第几步",
    ("department", "level"): "部门类别",
    ("ledger_account", "kind"): "账户类别", ("ledger_account", "unit"): "计量单位",
    ("ledger_entry", "unit"): "计量单位",
    ("ledger_entry", "kind"): "业务类别", ("ledger_entry", "reason"): "事由", ("rule_set", "scope"): "适用范围",
    ("login_attempt", "reason"): "结果", ("staff", "phone"): "电话", ("council_item", "seq"): "序号",
    ("audit_anchor", "place"): "发布于", ("audit_anchor", "reference"): "发布依据", ("audit_anchor", "seq"): "记录序号",
    ("audit_head", "seq"): "最新序号", ("building", "number"): "楼号", ("volunteer", "number"): "志愿者编号",
    ("erased_name", "length"): "姓名字数", ("notice_publication", "kind"): "公示类型",
    ("points_merchant", "category"): "商家类别", ("points_earn_rule", "kind"): "获得方式",
    ("points_stock_move", "kind"): "变动类别", ("service_record", "status"): "核实状态",
    ("household", "notes"): "住户备注", ("ledger_posting", "amount"): "数量（分钟或积分）",
}
#: Small vocabularies that have no label of their own (labels.py covers the domain's closed vocabularies).
WORDS: dict[tuple[str, str], dict[str, str]] = {
    ("resident", "gender"): {"M": "男", "F": "女"},
    ("ledger_account", "unit"): {"minutes": "时间（分钟）", "points": "积分"},
    ("ledger_entry", "unit"): {"minutes": "时间（分钟）", "points": "积分"},
    ("rule_set", "scope"): {"timebank": "时间银行", "points": "积分"},
    ("login_attempt", "reason"): {"ok": "登录成功", "wrong_password": "密码错误", "unknown_user": "无此账号",
                                  "locked": "账号已锁定", "disabled": "账号已停用", "unlock": "解锁",
                                  "bad_key": "任务密钥无效"},
    ("audit_anchor", "place"): {"notice": "公示", "passbook": "存折/对账单", "backup": "备份", "sheet": "校验单"},
    ("notice_publication", "kind"): {"board": "公示栏", "council": "议事会决议公示"},
    ("department", "level"): {kind.value: labels.zh(kind) for kind in DepartmentKind},
}
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


COMMAND_WORDS = {"reveal_id_number": "显示身份证号", "resident-export": "导出居民个人信息", "export": "导出台账",
                 "resident-erase": "删除居民个人信息", "import-residents": "导入居民名册", "backup": "备份",
                 "restore": "恢复备份", "anchor-sheet": "打印审计校验单", "escalate": "超时升级"}
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
    "points_merchant": _col("name"), "points_reward": _col("name"),
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
