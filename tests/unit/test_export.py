"""Export of every request with its full history: JSON, CSV (for Excel) and xlsx."""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.models import Channel, Scope
from app.services.cases.export import PERSONAL_DATA_NOTE
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied, ValidationError
from app.services.people.residents import ResidentSummary

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def db_counts(services: Services) -> dict[str, int]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in ("case", "case_event", "case_reporter")}


@pytest.fixture
def two_cases(services: Services, clerk: Actor, residents: dict[str, ResidentSummary],
              clock: FakeClock) -> list[str]:
    """Two requests, the first joined by a second household: 2 cases, 3 events, 3 reporters."""
    options = services.intake.options(clerk)
    water = next(c for c in options.categories if c.code == "LIFE-WATER")
    noise = next(c for c in options.categories if c.code == "ENV-NOISE")
    dept = options.departments[0]
    first = services.intake.submit(clerk, IntakeForm(
        channel=Channel.WALK_IN, resident_id=residents["张三"].id, category_id=water.parent_id,
        subcategory_id=water.id, description="厨房水管漏水，楼下渗水。", urgency=4, scope=Scope.BUILDING,
        department_ids=(dept.id,)))
    clock.advance(timedelta(minutes=30))
    services.intake.attach(clerk, first.case_id, IntakeForm(
        channel=Channel.PHONE, resident_id=residents["王芳"].id, category_id=None, subcategory_id=None,
        description="楼上漏水到我家", urgency=4, scope=Scope.BUILDING, caller_phone="0412-5588765"))
    clock.advance(timedelta(minutes=30))
    second = services.intake.submit(clerk, IntakeForm(
        channel=Channel.PHONE, resident_id=residents["李建国"].id, category_id=noise.parent_id,
        subcategory_id=noise.id, description="=HYPERLINK(\"http://x\") 广场舞太吵", urgency=2,
        scope=Scope.COMMUNITY, caller_phone="13998765432", anonymous=True))
    return [first.case_no, second.case_no]


def test_json_export_is_complete(services: Services, admin: Actor, two_cases: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out" / "cases.json"
    result = services.export.export(admin, "json", out)
    assert (result.path, result.cases, result.events) == (out, 2, 3)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["personal_data"]) == ("community-desk/cases", 1, PERSONAL_DATA_NOTE)
    assert data["exported_at"] == "2026-11-20T11:00:00+08:00"
    cases: list[dict[str, Any]] = data["cases"]
    assert [c["case_no"] for c in cases] == two_cases
    first, second = cases
    assert (first["created_at"], first["channel"], first["category"], first["subcategory"]) == (
        "2026-11-20T10:00:00+08:00", "来访", "生活服务", "水电维修")
    assert (first["urgency"], first["scope"], first["priority"], first["status"]) == (4, "一栋楼", 8, "待派单")
    assert (first["resident"], first["phone"], first["address"], first["grid"]) == (
        "张三", "13812345678", "3号楼2单元301室", "")
    assert (first["departments"], first["households_count"], first["created_by"], first["desk_code"]) == (
        ["社区居委会"], 2, "刘晓燕", "A01")
    assert (first["deadline_at"], first["reply_due_at"]) == ("2026-11-21T10:00:00+08:00", "2026-11-21T10:00:00+08:00")
    assert [e["kind"] for e in first["events"]] == ["created", "joined"]
    assert [e["kind_label"] for e in first["events"]] == ["登记受理", "并单"]
    assert first["events"][1]["note"] == "楼上漏水到我家"
    assert first["events"][1]["data"]["households_count"] == 2
    assert [(r["channel"], r["at"]) for r in first["reporters"]] == [
        ("来访", "2026-11-20T10:00:00+08:00"), ("来电", "2026-11-20T10:30:00+08:00")]
    assert (second["anonymous"], second["caller_phone"], second["scope"], len(second["events"])) == (
        True, "13998765432", "全社区", 1)


def test_json_export_of_the_demo_matches_the_database(demo_services: Services, demo_admin: Actor,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    result = demo_services.export.export(demo_admin, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    counts = db_counts(demo_services)
    assert len(data["cases"]) == result.cases == counts["case"]
    assert sum(len(c["events"]) for c in data["cases"]) == result.events == counts["case_event"]
    assert sum(len(c["reporters"]) for c in data["cases"]) == counts["case_reporter"]
    assert len({c["case_no"] for c in data["cases"]}) == counts["case"]
    assert all(1 <= c["households_count"] <= len(c["reporters"]) for c in data["cases"])
    assert all(c["events"][0]["kind"] == "created" for c in data["cases"])
    assert [c["created_at"] for c in data["cases"]] == sorted(c["created_at"] for c in data["cases"])


def test_csv_export(services: Services, admin: Actor, two_cases: list[str], tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    result = services.export.export(admin, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig, so Excel on a Chinese Windows opens it right
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [PERSONAL_DATA_NOTE]
    header = rows[1]
    assert header[:4] == ["受理编号", "受理时间", "受理方式", "类别"] and header[-1] == "处理记录"
    assert len(rows) == 2 + result.cases == 4
    body = [dict(zip(header, row, strict=True)) for row in rows[2:]]
    assert [r["受理编号"] for r in body] == two_cases
    assert (body[0]["涉及部门"], body[0]["涉及户数"], body[0]["公示匿名"], body[0]["住址"]) == (
        "社区居委会", "2", "否", "3号楼2单元301室")
    assert body[1]["公示匿名"] == "是"
    assert "登记受理" in body[0]["处理记录"] and "并单" in body[0]["处理记录"]


def test_xlsx_export(services: Services, admin: Actor, two_cases: list[str], tmp_path: Path) -> None:
    out = tmp_path / "cases.xlsx"
    services.export.export(admin, "xlsx", out)
    wb = load_workbook(out)
    try:
        assert wb.sheetnames == ["诉求台账", "处理记录"]
        ledger = list(wb["诉求台账"].iter_rows(values_only=True))
        events = list(wb["处理记录"].iter_rows(values_only=True))
    finally:
        wb.close()
    assert ledger[0][0] == PERSONAL_DATA_NOTE
    assert ledger[1][:2] == ("受理编号", "受理时间")
    assert [row[0] for row in ledger[2:]] == two_cases
    assert events[0] == ("受理编号", "时间", "事项", "经办人", "说明", "详细数据")
    assert [(row[0], row[2]) for row in events[1:]] == [
        (two_cases[0], "登记受理"), (two_cases[0], "并单"), (two_cases[1], "登记受理")]


def test_xlsx_export_of_the_demo_has_a_row_per_case_and_event(demo_services: Services, tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    result = demo_services.export.export(None, "xlsx", out)
    wb = load_workbook(out, read_only=True)
    try:
        ledger_rows = wb["诉求台账"].max_row
        event_rows = wb["处理记录"].max_row
    finally:
        wb.close()
    counts = db_counts(demo_services)
    assert ledger_rows == 2 + counts["case"] == 2 + result.cases
    assert event_rows == 1 + counts["case_event"] == 1 + result.events


def test_text_starting_with_equals_is_not_a_formula(services: Services, admin: Actor, two_cases: list[str],
                                                    tmp_path: Path) -> None:
    # A resident's words must reach the spreadsheet as text, never as a formula Excel would run.
    out = tmp_path / "cases.xlsx"
    services.export.export(admin, "xlsx", out)
    wb = load_workbook(out)
    try:
        ws = wb["诉求台账"]
        description_col = [c.value for c in ws[2]].index("诉求描述") + 1
        cell = ws.cell(row=4, column=description_col)
        assert cell.data_type == "s"
        assert cell.value == "=HYPERLINK(\"http://x\") 广场舞太吵"
    finally:
        wb.close()


def test_csv_keeps_a_leading_equals_as_text(services: Services, admin: Actor, two_cases: list[str],
                                           tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    services.export.export(admin, "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text


def test_unknown_format_is_refused(services: Services, admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        services.export.export(admin, "pdf", tmp_path / "x.pdf")
    assert list(info.value.errors) == ["format"]
    assert not (tmp_path / "x.pdf").exists()


def test_clerk_may_not_export(services: Services, clerk: Actor, two_cases: list[str], tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.export.export(clerk, "json", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_empty_export(services: Services, admin: Actor, tmp_path: Path) -> None:
    result = services.export.export(admin, "json", tmp_path / "empty.json")
    assert (result.cases, result.events) == (0, 0)
    assert json.loads((tmp_path / "empty.json").read_text(encoding="utf-8"))["cases"] == []


def test_a_filter_naming_nothing_says_what_kind_of_thing_was_not_found(services: Services) -> None:
    """The command line's --category, --grid and --department: each refusal is its own sentence (no code such as
    'department' put into a translated message)."""
    for kind, words in (("category", "No category or sub-category is called 无此名称"),
                        ("grid", "No grid is called 无此名称"), ("department", "No department is called 无此名称.")):
        with pytest.raises(ValidationError) as info:
            services.export.lookup(kind, "无此名称")
        assert list(info.value.errors) == [kind]
        assert words in info.value.render()
