"""The receipt (回执) handed to a resident when the desk logs a request.

It is the resident's proof that the request was taken and when an answer is due; the 受理编号 on it (also as a
QR code) is what they quote when asking about progress. Printed large: many residents at the desk are elderly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle

from app.services.core.clock import local
from app.services.documents import pdf

__all__ = ["SUMMARY_LIMIT", "TITLE", "ReceiptData", "format_local_time", "render_receipt", "shorten"]

TITLE = "居民诉求受理回执"
SUMMARY_LIMIT = 80  # characters of the description the receipt shows; the full text stays in the case file
ELLIPSIS = "…"
BODY_SIZE = 14.0  # points


@dataclass(frozen=True)
class ReceiptData:
    """What the receipt prints, as the rule table (app.services.documents.disclosure) has it: ``resident_display``
    masked and ``summary`` scrubbed by the caller."""

    community_name: str
    desk_name: str
    desk_phone: str
    case_no: str
    created_at: datetime
    channel_label: str
    category_label: str
    summary: str
    reply_due_at: datetime
    deadline_at: datetime
    resident_display: str
    households_count: int
    clerk_name: str
    deadline_provisional: bool = False  # counted in working days over a year whose holidays are not known yet

    def __post_init__(self) -> None:
        for name in ("created_at", "reply_due_at", "deadline_at"):
            value: datetime = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime")
        if self.households_count < 1:
            raise ValueError("households_count must be at least 1")


def format_local_time(when: datetime) -> str:
    """Desk-local wall-clock time the Chinese way: 2026年11月22日 14:05."""
    t = local(when)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Whitespace collapsed, and at most ``limit`` characters with "…" as the last one when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _story(data: ReceiptData, width: float) -> list[Flowable]:
    # 14pt (四号) throughout the body, the usual large-print minimum; 16pt would not fit ten rows on A5.
    st = pdf.styles(size=BODY_SIZE)
    heading = pdf.styles(large_print=True)
    title = ParagraphStyle("receipt_title", parent=heading.title, spaceAfter=0)
    resident = data.resident_display
    if data.households_count > 1:  # merged case (并单): say so where the resident looks for their own name
        resident += f" 等 {data.households_count} 户（已并单）"
    fields: list[tuple[str, pdf.Cell]] = [
        ("受理编号", data.case_no),
        ("受理时间", format_local_time(data.created_at)),
        ("受理方式", data.channel_label),
        ("诉求类别", data.category_label),
        ("诉求摘要", shorten(data.summary)),
        ("反映人", resident),
        ("答复时限", format_local_time(data.reply_due_at)),
        ("办结时限", format_local_time(data.deadline_at) + ("（暂定）" if data.deadline_provisional else "")),
        ("受理人", data.clerk_name),
        ("服务台电话", data.desk_phone),
    ]
    # The community's full name across the page (long names must not wrap mid-word beside the QR code),
    # then the title centred with the QR code in the top right corner, as on an invoice.
    qr_size = 22 * mm
    title_block = Table(
        [
            [
                "",
                pdf.para(TITLE, title),
                pdf.qr_code(data.case_no, qr_size),
            ]
        ],
        colWidths=[qr_size, width - 2 * qr_size, qr_size],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), pdf.FONT_NAME, st.font_size),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    story: list[Flowable] = [
        pdf.para(data.community_name, heading.subtitle),
        title_block,
        Spacer(1, 3 * mm),
        pdf.fields_table(fields, style=st, width=width),
    ]
    # Two paragraphs, so the CJK line breaker (which breaks anywhere) cannot split the phone number.
    story += [
        Spacer(1, 2 * mm),
        pdf.para("请妥善保管本回执。查询办理进度时，请报受理编号，", st.body),
        pdf.para(f"到服务台或致电 {data.desk_phone}。", st.body),
    ]
    return story


def render_receipt(data: ReceiptData, out: Path | BinaryIO) -> None:
    """Writes the receipt as an A5 portrait PDF to a file path or a binary stream."""
    pagesize = pdf.page_size("A5")
    pdf.build_document(
        out,
        # A receipt is one sheet: an extreme case (long names and labels) shrinks a little instead of spilling over.
        [KeepInFrame(0, 0, _story(data, pdf.content_width(pagesize)), mode="shrink")],
        title=TITLE,
        header=data.community_name,  # the desk's name and phone are in the footer
        footer=f"{data.desk_name}  电话 {data.desk_phone}",
        pagesize=pagesize,
        large_print=True,
        subject=f"受理编号 {data.case_no}",
    )
