"""The grid worker's weekly sheet (网格员周走访表), A4 across: their visits and checks of the coming week, one line
per duty with a box to tick under each day it falls due (a daily 日见面 ticked seven times on one line), those overdue
first, room for a note; signed at the bottom. Residents appear as the rule table says for this document (masked:
王*); the household's address stays, it is the door to knock on."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.services.care.sheet import WeeklySheet
from app.services.core.clock import local
from app.services.documents import pdf

TITLE = "网格员周走访表"
WEEKDAYS = "一二三四五六日"
TICK = "□"


def render_weekly_sheet(sheet: WeeklySheet, out: Path | BinaryIO) -> int:
    pagesize = pdf.page_size("A4", landscape=True)
    width = pdf.content_width(pagesize)
    st = pdf.styles()
    overdue = sum(r.overdue_since is not None for r in sheet.rows)
    times = sum(r.times for r in sheet.rows)
    fields: list[tuple[str, pdf.Cell]] = [
        ("网格员", sheet.worker or "—"),
        ("本周", f"{sheet.start:%Y-%m-%d}（周{WEEKDAYS[sheet.start.weekday()]}）至 "
                 f"{sheet.end:%Y-%m-%d}（周{WEEKDAYS[sheet.end.weekday()]}）"),
        ("事项", f"共 {len(sheet.rows)} 项、{times} 次"
                 + (f"，其中已逾期 {overdue} 项（排在最前）" if overdue else "")),
        ("打印时间", f"{local(sheet.printed_at):%Y-%m-%d %H:%M}"),
    ]
    story: list[Flowable] = [pdf.para(TITLE, st.title), pdf.fields_table(fields, style=st, width=width),
                             Spacer(1, 4 * mm)]
    if sheet.rows:
        week = sheet.week
        rows: list[list[pdf.Cell]] = [
            [r.place, r.title, r.kind, f"{r.overdue_since:%m-%d} {TICK}" if r.overdue_since else "",
             *(TICK if day in r.days else "" for day in week), ""] for r in sheet.rows]
        widths = [50 * mm, 40 * mm, 22 * mm, 19 * mm, *(13 * mm for _ in week)]
        widths.append(width - sum(widths))
        days = (f"周{WEEKDAYS[d.weekday()]} {d:%m-%d}" for d in week)
        heads = ["地点", "事项", "类别", "逾期未办", *days, "情况记录"]
        story.append(pdf.data_table(heads, rows, style=st, col_widths=widths, striped=False, prewrap=True))
    else:
        story.append(pdf.para("本周没有到期的走访和检查。", st.body))
    blank = "_" * 16
    story += [Spacer(1, 6 * mm),
              pdf.para("每个方框是当天要做的一次：完成的打勾，未完成的在“情况记录”写明原因；“逾期未办”是本周以前"
                       "到期还没登记的那一次。发现的问题请记入民情日记，需要办理的转为诉求。", st.small),
              Spacer(1, 6 * mm), pdf.para(f"网格员签字：{blank}  社区复核：{blank}  日期：{blank}", st.body)]
    return pdf.build_document(out, story, title=TITLE, header=sheet.community, footer=f"{sheet.worker} 周走访表",
                              pagesize=pagesize, subject=f"{sheet.worker} {sheet.start:%Y-%m-%d}")
