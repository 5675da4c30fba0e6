"""The time-bank passbook (存折) a volunteer takes home: every deposit, withdrawal and the running balance.

Large print throughout (many holders are elderly), hours rather than minutes, and the balance said twice:
at the top and on the last line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.services import pdf
from app.services.clock import local
from app.services.ledger import hours
from app.services.timebank import Statement

TITLE = "时间银行存折"


def _date(at: datetime) -> str:
    return f"{local(at):%Y-%m-%d}"


def render_passbook(data: Statement, out: Path | BinaryIO) -> int:
    """Writes the passbook as an A4 PDF; returns the number of pages."""
    pagesize = pdf.page_size("A4")
    width = pdf.content_width(pagesize)
    st = pdf.styles(large_print=True)
    printed = local(data.printed_at) if data.printed_at else None
    fields: list[tuple[str, pdf.Cell]] = [
        ("户名", data.holder_name),
        ("存折号", data.number or "（非志愿者账户）"),
        ("住址", data.address or "—"),
        ("当前结余", f"{hours(data.balance)} 小时"),
        ("打印时间", f"{printed:%Y-%m-%d %H:%M}（经办人：{data.printed_by}）" if printed else "—"),
    ]
    rows: list[list[pdf.Cell]] = [
        [_date(line.at), line.memo + ("（已冲正）" if line.reversed_by else ""),
         hours(line.amount_in) if line.amount_in else "", hours(line.amount_out) if line.amount_out else "",
         hours(line.balance)]
        for line in data.lines
    ]
    story: list[Flowable] = [
        pdf.para(TITLE, st.title),
        pdf.fields_table(fields, style=st, width=width),
        Spacer(1, 4 * mm),
    ]
    if rows:
        date_w, num_w = 33 * mm, 24 * mm
        story.append(pdf.data_table(["日期", "摘要", "存入", "取出", "结余"], rows, style=st,
                                    col_widths=[date_w, width - date_w - 3 * num_w, num_w, num_w, num_w]))
    else:
        story.append(pdf.para("暂无存取记录。", st.body))
    note = "单位：小时。服务时间经核实后存入；更正以冲正记录列示，原记录保留。"
    story += [Spacer(1, 3 * mm), pdf.para(note, st.small)]
    return pdf.build_document(out, story, title=TITLE, header=data.community_name,
                              footer=f"{data.desk_name}  电话 {data.desk_phone}", pagesize=pagesize,
                              large_print=True, subject=f"{data.holder_name} {data.number}")
