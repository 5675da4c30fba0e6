"""The statement a resident takes home: the time-bank passbook (存折) and the points statement (积分对账单).

One renderer for both units: every deposit, withdrawal and the running balance, in large print throughout
(many holders are elderly), hours rather than minutes for the time bank, and the balance said twice: at the
top and on the last line. A points statement also says which points lapse when.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.models import Unit
from app.services.core.clock import local
from app.services.documents import pdf
from app.services.documents.disclosure import Document, Field, disclose
from app.services.ledger import posting as ledger
from app.services.ledger.points.lots import Expiry
from app.services.ledger.posting import hours


@dataclass(frozen=True)
class Statement:
    """A passbook: the holder, every movement and the balance, for the screen and for print.

    ``unit`` says what is counted (minutes of service, or points); ``expiring`` lists the points still held
    that lapse, soonest first, and ``expired_due`` those already past their validity that the next expiry
    pass takes out (points only).
    """

    community_name: str
    desk_name: str
    desk_phone: str
    holder_id: uuid.UUID
    holder_name: str
    number: str
    address: str
    lines: list[ledger.Line] = field(default_factory=list)
    balance: int = 0
    printed_at: datetime | None = None
    printed_by: str = ""
    unit: Unit = Unit.MINUTES
    expiring: tuple[Expiry, ...] = ()
    expired_due: int = 0
    anchor: str = ""  # the audit chain's head printed on it (app/services/core/anchors.py)


@dataclass(frozen=True)
class _Words:
    title: str
    number_label: str
    no_number: str
    unit: str
    note: str


WORDS = {
    Unit.MINUTES: _Words("时间银行存折", "存折号", "（非志愿者账户）", "小时",
                         "单位：小时。服务时间经核实后存入；更正以冲正记录列示，原记录保留。"),
    Unit.POINTS: _Words("社区积分对账单", "志愿者编号", "—", "积分",
                        "单位：积分。兑换时先用最早获得的积分；撤销的兑换以冲正记录列示，原记录保留。"),
}


def _date(at: datetime) -> str:
    return f"{local(at):%Y-%m-%d}"


def _amount(unit: Unit, amount: int) -> str:
    return hours(amount) if unit is Unit.MINUTES else str(amount)


def render_passbook(data: Statement, out: Path | BinaryIO) -> int:
    """Writes the passbook or points statement as an A4 PDF; returns the number of pages."""
    words = WORDS[data.unit]
    pagesize = pdf.page_size("A4")
    width = pdf.content_width(pagesize)
    st = pdf.styles(large_print=True)
    printed = local(data.printed_at) if data.printed_at else None
    # The holder's own paper: what it shows of them is the rule table's (app.services.documents.disclosure).
    fields: list[tuple[str, pdf.Cell]] = [
        ("户名", disclose(Document.PASSBOOK, Field.NAME, data.holder_name) or "—"),
        (words.number_label, data.number or words.no_number),
        ("住址", disclose(Document.PASSBOOK, Field.ADDRESS, data.address) or "—"),
        ("当前结余", f"{_amount(data.unit, data.balance)} {words.unit}"),
    ]
    if data.unit is Unit.POINTS:
        soon = "；".join(f"{e.last_day:%Y-%m-%d} 到期 {e.points} 积分" for e in data.expiring[:4])
        if data.expired_due:
            soon = f"已过期待注销 {data.expired_due} 积分" + (f"；{soon}" if soon else "")
        fields.append(("积分到期", soon or "暂无到期积分"))
    fields.append(("打印时间", f"{printed:%Y-%m-%d %H:%M}（经办人：{data.printed_by}）" if printed else "—"))
    if data.anchor:
        fields.append(("审计校验码", data.anchor))
    rows: list[list[pdf.Cell]] = [
        [_date(line.at), (disclose(Document.PASSBOOK, Field.DESCRIPTION, line.memo) or "")
         + ("（已冲正）" if line.reversed_by else ""),
         _amount(data.unit, line.amount_in) if line.amount_in else "",
         _amount(data.unit, line.amount_out) if line.amount_out else "", _amount(data.unit, line.balance)]
        for line in data.lines
    ]
    story: list[Flowable] = [
        pdf.para(words.title, st.title),
        pdf.fields_table(fields, style=st, width=width),
        Spacer(1, 4 * mm),
    ]
    if rows:
        date_w, num_w = 37 * mm, 24 * mm  # a date in large print needs 33 mm with its padding
        story.append(pdf.data_table(["日期", "摘要", "存入", "取出", "结余"], rows, style=st,
                                    col_widths=[date_w, width - date_w - 3 * num_w, num_w, num_w, num_w]))
    else:
        story.append(pdf.para("暂无存取记录。", st.body))
    if len(data.expiring) > 4:
        story += [Spacer(1, 3 * mm), pdf.data_table(["到期日", "到期积分"], [
            [f"{e.last_day:%Y-%m-%d}", str(e.points)] for e in data.expiring], style=st)]
    story += [Spacer(1, 3 * mm), pdf.para(words.note, st.small)]
    return pdf.build_document(out, story, title=words.title, header=data.community_name,
                              footer=f"{data.desk_name}  电话 {data.desk_phone}", pagesize=pagesize,
                              large_print=True, subject=f"{data.holder_name} {data.number}")
