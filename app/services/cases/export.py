"""Export of the requests with their full history — the case ledger (台账): JSON (complete, machine-readable), CSV,
xlsx; with the request list's filters (``CaseQuery``) applied. And the figures (app.services.cases.rates: the three
rates, the breakdowns, the department ranking, the weekly trend) of a period to CSV or xlsx, in Chinese for the street
office."""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Case,
    CaseDepartment,
    CaseEvent,
    Category,
    Department,
    EventKind,
    Grid,
    HandlingLevel,
    Satisfaction,
)
from app.services.cases import rates, rollup
from app.services.cases.listing import CaseListService, CaseQuery
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.core.files import writing

FORMATS = ("json", "csv", "xlsx")
FIGURE_FORMATS = ("csv", "xlsx")
PERSONAL_DATA_NOTE = "本文件含居民个人信息（姓名、电话、住址），仅限社区工作使用，不得外传。"

CASE_COLUMNS = [
    ("case_no", "受理编号"), ("created_at", "受理时间"), ("channel", "受理方式"), ("category", "类别"),
    ("subcategory", "子类"), ("description", "诉求描述"), ("urgency", "紧急程度"), ("scope", "影响范围"),
    ("priority", "优先级"), ("status", "状态"), ("level", "办理层级"), ("responded_at", "首次响应时间"),
    ("resolved_at", "办结时间"), ("closed_at", "归档时间"), ("satisfaction", "回访满意度"), ("in_pool", "难点问题库"),
    ("resident", "反映人"), ("phone", "联系电话"), ("address", "住址"),
    ("grid", "网格"), ("departments", "涉及部门"), ("households_count", "涉及户数"), ("deadline_at", "办结时限"),
    ("reply_due_at", "答复时限"), ("anonymous", "公示匿名"), ("created_by", "受理人"), ("desk_code", "服务台"),
]
EVENT_COLUMNS = [("case_no", "受理编号"), ("at", "时间"), ("kind", "事项"), ("actor", "经办人"), ("note", "说明"),
                 ("data", "详细数据")]


# What the command line's --category, --grid and --department name when nothing is called that: a whole sentence
# for each, so a translation never has to fit a noun into someone else's sentence.
_NOT_FOUND = {
    "category": QT_TRANSLATE_NOOP("errors", "No category or sub-category is called {name} (give its name or code)."),
    "grid": QT_TRANSLATE_NOOP("errors", "No grid is called {name} (give its name or code)."),
    "department": QT_TRANSLATE_NOOP("errors", "No department is called {name}."),
}
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


def _latest_answer(events: Sequence[CaseEvent]) -> str:
    """The latest follow-up call's answer (a 不满意 stays after the request was reopened), in Chinese."""
    answers = [str(e.data["satisfaction"]) for e in events if e.kind is EventKind.FOLLOWED_UP and e.data]
    return labels.zh(Satisfaction(answers[-1])) if answers else ""


@dataclass(frozen=True)
class FiguresResult:
    path: Path
    received: int


class ExportService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._list = CaseListService(db)

    def export(self, actor: Actor | None, fmt: str, out: Path, query: CaseQuery | None = None) -> ExportResult:
        """Write the requests the list's filters ``query`` select (every request without it) and their history.
        ``actor`` None is the command line run by IT staff."""
        if fmt not in FORMATS:
            raise ValidationError.single("format", QT_TRANSLATE_NOOP(
                "errors", "Unknown format {fmt}; use json, csv or xlsx."), fmt=fmt)
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.EXPORT)
            where = self._list.where(session, query) if query is not None else []
            cases = list(self._cases(session, where))
            out.parent.mkdir(parents=True, exist_ok=True)
            writer = {"json": self._json, "csv": self._csv, "xlsx": self._xlsx}[fmt]
            with writing(out) as tmp:  # complete or not at all: a full disk leaves no partial file
                writer(cases, tmp)
            return ExportResult(out, len(cases), sum(len(c["events"]) for c in cases))

    def _cases(self, session: Session, where: Sequence[ColumnElement[bool]] = ()) -> Iterator[dict[str, Any]]:
        stmt = (
            select(Case).where(*where).order_by(Case.created_at, Case.id)
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
                "priority": case.priority, "status": labels.zh(case.status), "level": labels.zh(case.level),
                "responded_at": _iso(case.responded_at), "resolved_at": _iso(case.resolved_at),
                "closed_at": _iso(case.closed_at), "satisfaction": _latest_answer(case.events),
                "in_pool": case.in_pool,
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
        from openpyxl import Workbook
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

    def lookup(self, kind: str, text: str) -> uuid.UUID:
        """For the command line's filters: the category (its code or name; a class or a sub-category), the grid
        (code or name) or the department (name) that ``text`` names."""
        model: Any = {"category": Category, "grid": Grid, "department": Department}[kind]
        keys = [model.name] + ([model.code] if kind != "department" else [])
        with self._db.reading() as session:
            found = session.scalar(select(model.id).where(or_(*(k == text.strip() for k in keys))).limit(1))
        if found is None:
            raise ValidationError.single(kind, _NOT_FOUND[kind], name=text)
        return uuid.UUID(str(found))

    # --- the figures --------------------------------------------------------------------------------

    def export_figures(self, actor: Actor | None, fmt: str, out: Path, first: date, last: date,
                       query: CaseQuery | None = None) -> FiguresResult:
        """The rates and breakdowns of the requests received from local day ``first`` to ``last`` (inclusive),
        of those the list's filters select: CSV (one table after another) or xlsx (a sheet each)."""
        if fmt not in FIGURE_FORMATS:
            raise ValidationError.single("format", QT_TRANSLATE_NOOP(
                "errors", "Unknown format {fmt} for the figures; use csv or xlsx."), fmt=fmt)
        if last < first:
            raise ValidationError.single("dates", QT_TRANSLATE_NOOP(
                "errors", "The period ends before it starts."))
        since, until = rates.span(first, last)
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.EXPORT)
                require(session, actor, Permission.VIEW_STATISTICS)
            where = self._list.where(session, query) if query is not None else []
            part = rollup.slice_of(session, query, where)  # the whole days from the daily rollup, when it can
            summary = rates.summary(session, since, until, where, part)
            trend = rates.trend(session, since, until, where, min_weeks=1, part=part)
        tables = figure_tables(summary, trend, first, last, _iso(self._db.clock.now()) or "")
        out.parent.mkdir(parents=True, exist_ok=True)
        with writing(out) as tmp:
            self._figures_file(fmt, tables, tmp)
        return FiguresResult(out, summary.totals.received)

    @staticmethod
    def _figures_file(fmt: str, tables: list[tuple[str, list[list[Any]]]], out: Path) -> None:
        if fmt == "csv":
            with open(out, "w", newline="", encoding="utf-8-sig") as fh:
                w = csv.writer(fh)
                for i, (title, rows) in enumerate(tables):
                    if i:
                        w.writerow([])
                    w.writerow([f"【{title}】"])
                    w.writerows([[csv_safe(v) for v in r] for r in rows])
        else:
            from openpyxl import Workbook
            wb = Workbook()
            wb.remove(wb.worksheets[0])
            for title, rows in tables:
                ws = wb.create_sheet(title)
                for r in rows:
                    ws.append(xlsx_safe(list(r)))
                    _as_text(ws)
            wb.save(out)


FIGURE_HEADER = ["受理件数", "涉及户数", "已响应", "已办结", "回访次数", "满意（含基本满意）", "其中满意", "难点问题库",
                 "响应率(%)", "解决率(%)", "满意率(%)", "无法联系(件)", "平均响应用时(分钟)", "平均办结用时(小时)"]


def _pct(value: float | None) -> float | str:
    return "" if value is None else round(value * 100, 1)


def _span(value: timedelta | None, unit: float) -> float | str:
    return "" if value is None else round(value.total_seconds() / unit, 1)


def _figure_row(f: rates.Figures) -> list[Any]:
    return [f.received, f.households, f.responded, f.resolved, f.follow_ups, f.satisfied, f.fully_satisfied,
            f.in_pool, _pct(f.response_rate), _pct(f.resolution_rate), _pct(f.satisfaction_rate), f.unreachable,
            _span(f.response_time, 60), _span(f.resolve_time, 3600)]


def _group_name(g: rates.Group, what: str) -> str:
    if isinstance(g.key, HandlingLevel):
        return labels.zh(g.key)
    return g.name or f"（无{what}）"


def figure_tables(summary: rates.Summary, trend: rates.Trend, first: date, last: date,
                  made_at: str) -> list[tuple[str, list[list[Any]]]]:
    """The figures as titled tables (a header row, then rows), in Chinese, with each rate's definition."""
    overview: list[list[Any]] = [["统计期", f"{first.isoformat()} 至 {last.isoformat()}（按受理时间）"],
                                 ["导出时间", made_at], [], ["项目", *FIGURE_HEADER],
                                 ["合计", *_figure_row(summary.totals)], [], ["口径"]]
    overview += [[zh] for _en, zh in rates.DEFINITIONS.values()]
    tables: list[tuple[str, list[list[Any]]]] = [("总体", overview)]
    for title, what, groups in (("按类别", "类别", summary.by_category), ("按网格", "网格", summary.by_grid),
                                ("按办理层级", "层级", summary.by_level), ("按部门", "部门", summary.by_department)):
        tables.append((title, [[what, *FIGURE_HEADER]] + [[_group_name(g, what), *_figure_row(g.figures)]
                                                          for g in groups]))
    place = {d.department_id: i + 1 for i, d in enumerate(summary.judged)}
    ranking: list[list[Any]] = [["榜单", "名次", "部门", "吹哨次数", "已报到", "按时报到", "超时", "待报到",
                                 "按时报到率(%)", "平均报到用时(小时)"]]
    for board, members in (("红榜", summary.red_list), ("黑榜", summary.black_list),
                           ("", [d for d in summary.ranking if d not in summary.red_list + summary.black_list])):
        ranking += [[board, place.get(d.department_id, ""), d.name, d.called, d.reported, d.on_time, d.overdue,
                     d.unjudged, _pct(d.on_time_rate), _span(d.report_time, 3600)] for d in members]
    tables.append(("部门红黑榜", ranking))
    weekly: list[list[Any]] = [["周（周一）", *(name for _k, name in trend.categories), "合计", "其中已办结"]]
    weekly += [[w.start.isoformat(), *(w.received.get(k, 0) for k, _n in trend.categories), w.total, w.resolved]
               for w in trend.weeks]
    tables.append(("周趋势", weekly))
    return tables
