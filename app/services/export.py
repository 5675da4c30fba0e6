"""Export of all requests with their full history: JSON (complete, machine-readable), CSV, xlsx."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, CaseDepartment, CaseEvent
from app.services import labels
from app.services.auth import Actor, Permission, require
from app.services.clock import local
from app.services.db import Database
from app.services.errors import QT_TRANSLATE_NOOP, ValidationError

FORMATS = ("json", "csv", "xlsx")
PERSONAL_DATA_NOTE = "本文件含居民个人信息（姓名、电话、住址），仅限社区工作使用，不得外传。"

CASE_COLUMNS = [
    ("case_no", "受理编号"), ("created_at", "受理时间"), ("channel", "受理方式"), ("category", "类别"),
    ("subcategory", "子类"), ("description", "诉求描述"), ("urgency", "紧急程度"), ("scope", "影响范围"),
    ("priority", "优先级"), ("status", "状态"), ("resident", "反映人"), ("phone", "联系电话"), ("address", "住址"),
    ("grid", "网格"), ("departments", "涉及部门"), ("households_count", "涉及户数"), ("deadline_at", "期望解决时限"),
    ("reply_due_at", "承诺答复时间"), ("anonymous", "公示匿名"), ("created_by", "受理人"), ("desk_code", "服务台"),
]
EVENT_COLUMNS = [("case_no", "受理编号"), ("at", "时间"), ("kind", "事项"), ("actor", "经办人"), ("note", "说明"),
                 ("data", "详细数据")]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Residents' words must never run as a spreadsheet formula: a leading ' keeps them text in Excel."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _as_text(ws: Any) -> None:
    """openpyxl turns any string starting with '=' into a formula; the last row's cells are text again."""
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


# What XML 1.0 (and so a worksheet) cannot hold: control characters, lone surrogates, U+FFFE/U+FFFF.
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xlsx_safe(row: list[Any]) -> list[Any]:
    """Characters pasted into a description that a worksheet cannot hold are dropped there only."""
    return [NOT_IN_XML.sub("", v) if isinstance(v, str) else v for v in row]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    cases: int
    events: int


def _iso(dt: datetime | None) -> str | None:
    return local(dt).isoformat(timespec="seconds") if dt else None


class ExportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def export(self, actor: Actor | None, fmt: str, out: Path) -> ExportResult:
        """Write every request and its history. ``actor`` None is the command line run by IT staff."""
        if fmt not in FORMATS:
            raise ValidationError.single("format", QT_TRANSLATE_NOOP(
                "errors", "Unknown format {fmt}; use json, csv or xlsx."), fmt=fmt)
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.EXPORT)
            cases = list(self._cases(session))
            out.parent.mkdir(parents=True, exist_ok=True)
            writer = {"json": self._json, "csv": self._csv, "xlsx": self._xlsx}[fmt]
            writer(cases, out)
            return ExportResult(out, len(cases), sum(len(c["events"]) for c in cases))

    def _cases(self, session: Session) -> Iterator[dict[str, Any]]:
        stmt = (
            select(Case).order_by(Case.created_at, Case.id)
            .options(
                selectinload(Case.resident), selectinload(Case.household), selectinload(Case.grid),
                selectinload(Case.category), selectinload(Case.subcategory), selectinload(Case.created_by),
                selectinload(Case.departments).selectinload(CaseDepartment.department),
                selectinload(Case.events).selectinload(CaseEvent.actor), selectinload(Case.reporters),
            )
        )
        for case in session.scalars(stmt):
            yield {
                "id": str(case.id), "case_no": case.case_no, "desk_code": case.desk_code,
                "created_at": _iso(case.created_at), "channel": labels.zh(case.channel),
                "category": case.category.name, "subcategory": case.subcategory.name if case.subcategory else "",
                "description": case.description, "urgency": case.urgency, "scope": labels.zh(case.scope),
                "priority": case.priority, "status": labels.zh(case.status),
                "resident": case.resident.name, "phone": case.resident.phone,
                "caller_phone": case.caller_phone, "call_seconds": case.call_seconds,
                "address": case.household.address if case.household else "",
                "grid": case.grid.name if case.grid else "",
                "departments": [d.department.name for d in case.departments],
                "households_count": case.households_count, "deadline_at": _iso(case.deadline_at),
                "reply_due_at": _iso(case.reply_due_at), "anonymous": case.anonymous,
                "created_by": case.created_by.display_name,
                "reporters": [{"resident_id": str(r.resident_id), "channel": labels.zh(r.channel),
                               "at": _iso(r.created_at), "anonymous": r.anonymous} for r in case.reporters],
                "events": [{"id": str(e.id), "at": _iso(e.created_at), "kind": e.kind.value,
                            "kind_label": labels.zh(e.kind), "actor": e.actor.display_name if e.actor else "",
                            "note": e.note, "data": e.data, "desk_code": e.desk_code} for e in case.events],
            }

    def _json(self, cases: list[dict[str, Any]], out: Path) -> None:
        payload = {"format": "community-desk/cases", "version": 1, "personal_data": PERSONAL_DATA_NOTE,
                   "exported_at": _iso(self._db.clock.now()), "cases": cases}
        out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")

    @staticmethod
    def _flat(case: dict[str, Any], key: str) -> Any:
        value = case[key]
        if isinstance(value, list):
            return "、".join(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        return value

    def _csv(self, cases: list[dict[str, Any]], out: Path) -> None:
        # utf-8-sig: Excel on a Chinese Windows desk opens it with the right encoding.
        with open(out, "w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow([PERSONAL_DATA_NOTE])
            w.writerow([title for _, title in CASE_COLUMNS] + ["处理记录"])
            for case in cases:
                history = "；".join(f"{e['at']} {e['kind_label']} {e['actor']} {e['note']}".strip()
                                   for e in case["events"])
                w.writerow([csv_safe(self._flat(case, key)) for key, _ in CASE_COLUMNS] + [csv_safe(history)])

    def _xlsx(self, cases: list[dict[str, Any]], out: Path) -> None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "诉求台账"
        ws.append([PERSONAL_DATA_NOTE])
        ws.append([title for _, title in CASE_COLUMNS])
        for case in cases:
            ws.append(xlsx_safe([self._flat(case, key) for key, _ in CASE_COLUMNS]))
            _as_text(ws)
        ev = wb.create_sheet("处理记录")
        ev.append([title for _, title in EVENT_COLUMNS])
        for case in cases:
            for e in case["events"]:
                ev.append(xlsx_safe([case["case_no"], e["at"], e["kind_label"], e["actor"], e["note"],
                                     json.dumps(e["data"], ensure_ascii=False)]))
                _as_text(ev)
        wb.save(out)
