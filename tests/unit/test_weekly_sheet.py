"""The grid worker's weekly sheet (网格员周走访表) read back with pdftotext: one row each time a duty falls due in the
week (a daily visit seven times), overdue ones first, a tick box each; a person's name masked (王*) as the rule table
says, the household's address whole."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from app.models import PersonTag, Tag
from app.services.care.duties import DutyInput
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.documents.disclosure import RULES, Document, Field, Shown
from app.services.documents.weekly_sheet import render_weekly_sheet
from app.services.people.residents import ResidentSummary
from tests.unit.test_visits import grid_with_worker

TODAY = date(2026, 11, 20)


def pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return done.stdout


def test_the_weekly_sheet(services: Services, admin: Actor, residents: dict[str, ResidentSummary],
                          tmp_path: Path) -> None:
    assert RULES[Document.WEEKLY_SHEET][Field.NAME] is Shown.MASKED
    assert RULES[Document.WEEKLY_SHEET][Field.PHONE] is Shown.LEFT_OUT
    _grid, worker = grid_with_worker(services, admin)
    with services.db.transaction() as session:
        session.add(Tag(code="frail", name="失能", colour="#555555", kind="person", service="上门照护",
                        visit_cycle="weekly", visit_every=1, sort_order=9, active=True))
        session.add(PersonTag(resident_id=residents["王芳"].id, tag="frail"))
    services.visits.sync_all(admin)  # 王芳: 日见面 (household, daily) and 上门照护 (her own, weekly); 张秀兰's 一帮一
    services.duties.add(admin, DutyInput("3号楼燃气检查", "gas", "monthly", 1, TODAY, 3, worker.user_id,
                                         address="3-2-301"))
    sheet = services.duties.weekly_sheet(admin, worker.user_id, date(2026, 11, 21))
    out = tmp_path / "sheet.pdf"
    pages = render_weekly_sheet(sheet, out)
    text = pdftotext(out)
    assert pages == 1 and "网格员周走访表" in text and "网格员小李" in text
    assert "2026-11-21（周六）至 2026-11-27（周五）" in text
    assert all(f"{d:%m-%d}" in text for d in sheet.week) and "周六" in text and "周五" in text  # the days across
    # 日见面 7 times and yesterday's, the gas check due yesterday, 上门照护 and 一帮一 once each
    assert "共 4 项、11 次，其中已逾期 2 项" in text
    rows = {r.title: r for r in sheet.rows}
    daily = rows["日见面（独居）"]
    assert daily.overdue_since == TODAY and len(daily.days) == 7  # one line, ticked every day, and yesterday's
    assert {r.title for r in sheet.rows[:2]} == {"日见面（独居）", "3号楼燃气检查"}  # the overdue ones first
    lines = [line for line in text.splitlines() if "□" in line]
    assert [line.count("□") for line in lines if "日见面（独居）" in line] == [8]
    assert sum(line.count("□") for line in lines) == 11
    flat = "".join(text.split())
    assert "王*（3号楼2单元302" in flat and "上门照护（失能）" in flat  # the place wraps in its column
    assert "王芳" not in text and "张秀兰" not in text
