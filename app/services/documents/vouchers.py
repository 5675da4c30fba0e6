"""Printed documents of the points scheme: the voucher (积分兑换券) and a merchant's settlement (积分兑换结算单).

The resident's points statement is the passbook's renderer (app.services.documents.passbook) with unit points.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer

from app.models import VoucherStatus
from app.services.core import labels
from app.services.core.clock import local
from app.services.documents import pdf
from app.services.ledger.points.data import Settlement, VoucherPrint, yuan

VOUCHER_TITLE = "积分兑换券"
SETTLEMENT_TITLE = "积分兑换结算单"


def render_voucher(data: VoucherPrint, out: Path | BinaryIO) -> int:
    """The voucher the resident takes to the merchant: the code large and as a QR code, on one A5 sheet."""
    pagesize = pdf.page_size("A5")
    width = pdf.content_width(pagesize)
    st = pdf.styles(size=14.0)
    big = ParagraphStyle("voucher_code", parent=pdf.styles(size=28.0).title, spaceAfter=0)
    qr = pdf.qr_code(data.code, 30 * mm)
    qr.hAlign = "CENTER"
    fields: list[tuple[str, pdf.Cell]] = [
        ("兑换项目", data.reward_name),
        ("所用积分", f"{data.points} 积分"),
        ("兑换商户", data.merchant_name),
        ("商户地址", data.merchant_address or "—"),
        ("商户电话", data.merchant_phone or "—"),
        ("持券居民", data.resident),
        ("兑换期限", f"{data.valid_to:%Y-%m-%d} 前" if data.valid_to else "不限"),
        ("出券时间", f"{local(data.issued_at):%Y-%m-%d %H:%M}（经办人：{data.issued_by}）"),
    ]
    story: list[Flowable] = [pdf.para(VOUCHER_TITLE, pdf.styles(large_print=True).title),
                             pdf.para(f"兑换码 {data.code}", big), Spacer(1, 2 * mm), qr, Spacer(1, 2 * mm)]
    if data.status is not VoucherStatus.ISSUED:  # a reprint of a used voucher must not pass for a valid one
        story.append(pdf.para(f"本券{labels.zh(data.status)}，仅供存档，不能再兑换。", st.heading))
    story += [pdf.fields_table(fields, style=st, width=width), Spacer(1, 2 * mm),
              pdf.para("商户凭兑换码核对后兑换，并告知社区服务台核销；每张券只能兑换一次。", st.small),
              pdf.para(f"查询或撤销请到服务台或致电 {data.desk_phone}。", st.small)]
    return pdf.build_document(out, [KeepInFrame(0, 0, story, mode="shrink")], title=VOUCHER_TITLE,
                              header=data.community_name, footer=f"{data.desk_name}  电话 {data.desk_phone}",
                              pagesize=pagesize, large_print=True, subject=f"兑换码 {data.code}")


def render_settlement(data: Settlement, out: Path | BinaryIO) -> int:
    """A merchant's settlement for a period: every voucher it honoured, the points and the amount owed."""
    pagesize = pdf.page_size("A4")
    width = pdf.content_width(pagesize)
    st = pdf.styles()
    fields: list[tuple[str, pdf.Cell]] = [
        ("商户", f"{data.merchant_name}（{labels.zh(data.category)}）"),
        ("联系人", " ".join(x for x in (data.contact, data.phone) if x) or "—"),
        ("结算期间", f"{data.since:%Y-%m-%d} 至 {data.until:%Y-%m-%d}"),
        ("核销笔数", f"{len(data.lines)} 笔"),
        ("积分合计", f"{data.total_points} 积分"),
        ("应付金额", f"¥{yuan(data.total_fen)}"),
        ("账务核对", "与积分账一致" if data.reconciled else f"不一致：积分账记 {data.ledger_points} 积分，请核查"),
        ("制表", f"{local(data.printed_at):%Y-%m-%d %H:%M}（{data.printed_by}）"),
    ]
    story: list[Flowable] = [pdf.para(SETTLEMENT_TITLE, st.title),
                             pdf.fields_table(fields, style=st, width=width), Spacer(1, 4 * mm)]
    if data.lines:
        rows: list[list[pdf.Cell]] = [
            [x.code, f"{local(x.honoured_at):%Y-%m-%d %H:%M}", x.reward_name, x.resident, str(x.points),
             yuan(x.rate_fen_per_100), yuan(x.amount_fen)] for x in data.lines]
        rows.append(["合计", "", "", "", str(data.total_points), "", yuan(data.total_fen)])
        story.append(pdf.data_table(["兑换码", "核销时间", "兑换项目", "居民", "积分", "元/百积分", "金额（元）"], rows,
                                    style=st, col_widths=[30 * mm, 36 * mm, width - 150 * mm, 18 * mm, 18 * mm,
                                                          22 * mm, 26 * mm]))
    else:
        story.append(pdf.para("本期没有核销的兑换券。", st.body))
    blank = "_" * 14
    story += [Spacer(1, 8 * mm), pdf.para(f"商户签章：{blank}  社区签章：{blank}  日期：{blank}", st.body)]
    return pdf.build_document(out, story, title=SETTLEMENT_TITLE, header=data.community_name,
                              footer=f"{data.desk_name}  电话 {data.desk_phone}", pagesize=pagesize,
                              subject=f"{data.merchant_name} {data.since:%Y-%m-%d}—{data.until:%Y-%m-%d}")
