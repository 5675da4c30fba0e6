"""The street's report (工作简报) as a PDF in the layout of an official document (GB/T 9704-2012), through the one
PDF layer (``pdf_official.build_official``): A4, the text block 156 x 225 mm (margins 37 mm top, 35 mm bottom,
28 mm left, 26 mm right), the body in 三号 (16 pt) on 22 lines a page, the title in 二号 (22 pt) drawn heavier than
the body (the shipped font has one weight: ``pdf.HeavyText`` fills and outlines it), the headings 一、二、… heavier
too, the tables and notes in 小四 (12 pt), the page numbers "— 1 —" under the text block. The masthead 工作简报 and
the rule under it are red, as a 简报's 版头; the distribution lines (版记) close it.

The words are ``street_report_text.compose``'s, the same as the .docx's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Spacer, TableStyle

from app.services.cases.briefing_data import StreetReport
from app.services.documents import pdf
from app.services.documents import pdf_official as official
from app.services.documents.street_report_text import WIDTH_MM, Heading, Table, Text, compose

RED = colors.HexColor("#D40000")  # the red of an official document's masthead
MASTHEAD_SIZE = 36.0
TABLE_SIZE = 12.0  # 小四


def render_street_report(report: StreetReport, out: Path | BinaryIO,
                         on_page: Callable[[int], None] | None = None) -> int:
    """Writes the report as a PDF (complete or not at all); returns the number of pages."""
    sheet = compose(report)
    st = official.official_styles()
    small = pdf.styles(size=TABLE_SIZE)
    width = WIDTH_MM * mm
    body_size = st.body.fontSize
    line = st.body.leading
    centred = ParagraphStyle("centred", parent=st.body, alignment=TA_CENTER, firstLineIndent=0)
    caption = ParagraphStyle("caption", parent=small.body, alignment=TA_CENTER, spaceBefore=TABLE_SIZE * 0.5,
                             spaceAfter=TABLE_SIZE * 0.3)
    note = ParagraphStyle("note", parent=small.body, firstLineIndent=0, leftIndent=2 * TABLE_SIZE,
                          leading=round(TABLE_SIZE * 1.6, 1))
    story: list[Flowable] = [
        pdf.HeavyText(sheet.masthead, MASTHEAD_SIZE, colour=RED, weight=0.05),
        pdf.para(sheet.issue, centred),
        official.spread(sheet.issuer, sheet.issued_on, style=st.body, width=width),
        HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=4 * mm, spaceAfter=line),
        pdf.HeavyText(sheet.title, official.OFFICIAL_TITLE_SIZE, leading=round(official.OFFICIAL_TITLE_SIZE * 1.4, 1)),
        pdf.para(sheet.subtitle, centred),
        Spacer(1, line / 2),
    ]
    for block in sheet.blocks:
        if isinstance(block, Heading):
            heading = pdf.HeavyText(block.text, body_size, align="left", leading=line, weight=0.035,
                                    indent=2 * body_size)
            heading.keepWithNext = True
            story.append(heading)
        elif isinstance(block, Text):
            story.append(pdf.para(block.text, note if block.small else st.body))
        elif isinstance(block, Table):
            story += _table(block, small, caption)
    story += _distribution(sheet.sent_to, sheet.printed, st.body, line)
    return official.build_official(out, story, title=f"{sheet.masthead} {sheet.title}", subject=sheet.subtitle,
                              author=sheet.issuer, on_page=on_page)


def _table(block: Table, style: pdf.Styles, caption: ParagraphStyle) -> list[Flowable]:
    """The caption, then the table; a new page first when the caption and three rows would not fit (the caption never
    sits alone at a page's foot, and a long table still runs on from where it starts)."""
    title = pdf.para(block.caption, caption)
    near = CondPageBreak(caption.leading + caption.spaceBefore + 4 * TABLE_SIZE * 2)
    widths = [w * mm for w in block.widths]
    table = pdf.data_table(block.header, [list(r) for r in block.rows], style=style, col_widths=widths,
                           striped=False, prewrap=True)
    table.setStyle(TableStyle([("ALIGN", (column, 1), (column, -1), "CENTER") for column in block.centred]))
    return [near, title, table, Spacer(1, TABLE_SIZE * 0.6)]


def _distribution(sent_to: str, printed: tuple[str, str], body: ParagraphStyle, line: float) -> list[Flowable]:
    """The 版记: the office it goes to and who printed it when, between rules (GB/T 9704 §8), one character in from
    either edge."""
    plain = ParagraphStyle("distribution", parent=body, firstLineIndent=0, leftIndent=body.fontSize,
                           rightIndent=body.fontSize)
    by = official.spread(*printed, style=plain, width=WIDTH_MM * mm - 2 * body.fontSize)
    by.hAlign = "CENTER"
    return [Spacer(1, line),
            HRFlowable(width="100%", thickness=1.0, color=colors.black, spaceAfter=2 * mm),
            pdf.para(sent_to, plain),
            HRFlowable(width="100%", thickness=0.7, color=colors.black, spaceBefore=2 * mm, spaceAfter=2 * mm),
            by,
            HRFlowable(width="100%", thickness=1.0, color=colors.black, spaceBefore=2 * mm)]
