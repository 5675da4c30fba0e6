"""The official document's page (公文, GB/T 9704-2012), a part of the one PDF layer (``pdf``): the text block, the
type sizes and the page numbers of an official document, laid out by ``pdf.build_pages`` (the same engine, font and
deferred page count as every other document) with ``pdf.HeavyText`` for a title drawn heavier than the shipped font's
one weight. Kept beside ``pdf`` by job: the layer's module stays within the house's size."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from app.services.documents import pdf
from app.services.documents.pdf import AUTHOR, FONT_NAME, LEADING, Margins, PageSize, Styles, styles

__all__ = ["OFFICIAL_BODY_SIZE", "OFFICIAL_LINES", "OFFICIAL_MARGINS", "OFFICIAL_PAGE_NUMBER_SIZE",
           "OFFICIAL_TITLE_SIZE", "build_official", "official_page_label", "official_styles", "spread"]

#: GB/T 9704-2012 §5.2.1: on A4 the text block is 156 x 225 mm, 37 mm from the top and 28 mm from the left edge.
OFFICIAL_MARGINS = Margins(top=37 * mm, bottom=35 * mm, left=28 * mm, right=26 * mm)
OFFICIAL_BODY_SIZE = 16.0         # 三号: the body text
OFFICIAL_TITLE_SIZE = 22.0        # 二号: the title
OFFICIAL_PAGE_NUMBER_SIZE = 14.0  # 四号: the page numbers
OFFICIAL_LINES = 22               # lines a page, 28 characters each (§5.2.2)


def spread(left: str, right: str, *, style: ParagraphStyle, width: float) -> Table:
    """One line with ``left`` at its left end and ``right`` at its right end (who issues a document, and when)."""
    plain = {"firstLineIndent": 0, "leftIndent": 0, "rightIndent": 0}
    left_style = ParagraphStyle(f"{style.name}_left", parent=style, alignment=TA_LEFT, **plain)
    right_style = ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT, **plain)
    commands: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), FONT_NAME, style.fontSize),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                       ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                       ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    right_width = min(pdf.text_width(right, style.fontSize) + style.fontSize, width / 2)  # the date whole
    return Table([[pdf.para(left, left_style), pdf.para(right, right_style)]],
                 colWidths=[width - right_width, right_width], style=TableStyle(commands))


def official_page_label(page: int) -> str:
    """The page number of an official document: 一字线, the number, 一字线 (GB/T 9704 §7.5)."""
    return f"— {page} —"


def official_styles() -> Styles:
    """Styles of the official document's body: 三号 (16 pt) on 22 lines a page, each paragraph's first line indented
    by two characters. Tables take ``styles(size=...)`` of their own (小四, 12 pt, fits a figures table's columns)."""
    base = styles(size=OFFICIAL_BODY_SIZE)
    height = A4[1] - OFFICIAL_MARGINS.top - OFFICIAL_MARGINS.bottom
    leading = round(height / OFFICIAL_LINES, 2)
    body = ParagraphStyle("official_body", parent=base.body, leading=leading, firstLineIndent=2 * OFFICIAL_BODY_SIZE)
    return dataclasses.replace(
        base, body=body,
        title=ParagraphStyle("official_title", parent=base.title, fontSize=OFFICIAL_TITLE_SIZE,
                             leading=round(OFFICIAL_TITLE_SIZE * LEADING, 1)),
        subtitle=ParagraphStyle("official_subtitle", parent=base.subtitle, leading=leading, spaceAfter=0),
        heading=ParagraphStyle("official_heading", parent=base.heading, fontSize=OFFICIAL_BODY_SIZE, leading=leading,
                               spaceBefore=0, spaceAfter=0),
    )


class _OfficialFurniture:
    """No header or footer lines; the page number under the text block, 7 mm below it, 4号: on the right of odd
    pages and the left of even ones, one character in from the edge (GB/T 9704 §7.5, printed on both sides)."""

    def __init__(self, pagesize: PageSize, margins: Margins) -> None:
        self.pagesize, self.margins = pagesize, margins
        self.page_count = 0

    def on_page(self, _canvas: Canvas, _doc: Any) -> None:
        pass

    def draw_page_label(self, canvas: Canvas, page: int, total: int) -> None:
        self.page_count = total
        size = OFFICIAL_PAGE_NUMBER_SIZE
        y = self.margins.bottom - 7 * mm - 0.88 * size
        canvas.saveState()
        canvas.setFont(FONT_NAME, size)
        canvas.setFillColor(colors.black)
        if page % 2:
            canvas.drawRightString(self.pagesize[0] - self.margins.right - size, y, official_page_label(page))
        else:
            canvas.drawString(self.margins.left + size, y, official_page_label(page))
        canvas.restoreState()


def build_official(
    out: Path | BinaryIO,
    story: Sequence[Flowable],
    *,
    title: str,
    author: str = AUTHOR,
    subject: str = "",
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Lays out ``story`` as an official document (GB/T 9704): A4, its margins (``OFFICIAL_MARGINS``), no header or
    footer, the page numbers "— 1 —"; writes the PDF (complete or not at all), returns the page count."""
    furniture = _OfficialFurniture(A4, OFFICIAL_MARGINS)
    return pdf.build_pages(out, story, A4, OFFICIAL_MARGINS, furniture.on_page, furniture.draw_page_label,
                  lambda: furniture.page_count, title=title, author=author, subject=subject, on_page=on_page)
