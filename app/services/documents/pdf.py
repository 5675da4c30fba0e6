"""The one PDF document layer behind every printed document (receipt, notice board, passbook, voucher, statement).

Every document gets the same page furniture (header line, footer, "第 x 页 / 共 y 页") and the same embedded CJK
TrueType font, so a printout looks the same on any PC and in any viewer: no viewer-dependent CID fonts.
Documents supply only their flowables; this module holds nothing document-specific.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeAlias
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
    paragraph,
)

from app import RESOURCES
from app.services.core.files import writing

__all__ = [
    "BASE_FONT_SIZE",
    "Cell",
    "FONT_NAME",
    "FONT_PATH",
    "LARGE_PRINT_SCALE",
    "MARGIN",
    "HeavyText",
    "Margins",
    "PageSize",
    "Styles",
    "build_document",
    "build_pages",
    "content_width",
    "data_table",
    "fields_table",
    "page_label",
    "page_size",
    "para",
    "qr_code",
    "register_font",
    "styles",
    "text_width",
    "wrap_lines",
]

FONT_NAME = "WQYMicroHei"
FONT_PATH = RESOURCES / "fonts" / "wqy-microhei.ttc"

BASE_FONT_SIZE = 11.0
LARGE_PRINT_SCALE = 16.0 / 11.0  # large print for elderly readers: 11pt body becomes 16pt
LEADING = 1.35  # line height relative to font size; CJK needs a little more air than Latin

MARGIN: float = 10 * mm  # left, right and outer top/bottom margin
_BAND: float = 6 * mm  # height reserved for the header line and for the footer line inside the margins

AUTHOR = "社区服务台"

PageSize: TypeAlias = tuple[float, float]
Cell: TypeAlias = str | Flowable
"""A table cell: plain text (escaped and wrapped for you) or any ready flowable."""

_font_lock = threading.Lock()

# Full-width punctuation that must not begin a line (标点禁则). reportlab's list knows the Japanese set but not
# "，" "；" "：" "！" "？" and closing quotes, so without these a Chinese line could start with a comma.
_NO_LINE_START = "，；：！？）》」』】〉”’…"


def _teach_chinese_line_breaks() -> None:
    """Adds Chinese punctuation to the CJK line breakers' can't-start-a-line set; it then hangs at the line end.
    reportlab has two breakers, each with its own copy of the set: a paragraph of one plain run of text (most
    cells) goes through ``textsplit.wordSplit``, one with markup through ``paragraph.cjkFragSplit``."""
    for module in (paragraph, textsplit):
        missing = "".join(c for c in _NO_LINE_START if c not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing


def text_width(text: str, font_size: float) -> float:
    """Printed width of ``text`` in points in the document font."""
    return float(pdfmetrics.stringWidth(text, register_font(), font_size))


def register_font() -> str:
    """Registers the shipped CJK font once (idempotent, thread-safe) and returns its reportlab name.

    The font is embedded as a subset in every PDF, so nothing depends on the fonts of the reading PC.
    There is no bold face: bold and italic map to the same font so ``<b>`` never falls back to Helvetica.
    """
    with _font_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            _teach_chinese_line_breaks()
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
            pdfmetrics.registerFontFamily(
                FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
            )
    return FONT_NAME


def page_size(paper: Literal["A4", "A5"] = "A4", *, landscape: bool = False) -> PageSize:
    """Paper size in points, portrait unless ``landscape``."""
    width, height = A4 if paper == "A4" else A5
    size = (float(width), float(height))
    return (size[1], size[0]) if landscape else size


def content_width(pagesize: PageSize) -> float:
    """Width of the text frame, for sizing table columns."""
    return pagesize[0] - 2 * MARGIN


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one print size. CJK word wrap: Chinese text breaks between any two characters."""

    scale: float
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    label: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle

    @property
    def font_size(self) -> float:
        return float(self.body.fontSize)


def styles(large_print: bool = False, *, size: float | None = None) -> Styles:
    """Fresh styles at normal (11pt) or large print (16pt) body size, or at an explicit body ``size``.

    Every other style (title, table cells, small print) follows the body size.
    """
    font = register_font()
    if size is None:
        size = round(BASE_FONT_SIZE * (LARGE_PRINT_SCALE if large_print else 1.0), 1)
    scale = size / BASE_FONT_SIZE

    def style(name: str, font_size: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=font_size,
            leading=round(font_size * LEADING, 1),
            wordWrap="CJK",
            alignment=kw.pop("alignment", TA_LEFT),
            textColor=kw.pop("textColor", colors.black),
            **kw,
        )

    return Styles(
        scale=scale,
        body=style("body", size),
        small=style("small", round(size * 0.8, 1), textColor=colors.HexColor("#333333")),
        title=style("title", round(size * 1.5, 1), alignment=TA_CENTER, spaceAfter=size * 0.4),
        subtitle=style("subtitle", size, alignment=TA_CENTER, spaceAfter=size * 0.6),
        heading=style("heading", round(size * 1.2, 1), spaceBefore=size * 0.6, spaceAfter=size * 0.3),
        label=style("label", size, textColor=colors.HexColor("#222222")),
        table_header=style("table_header", size, alignment=TA_CENTER),
        table_cell=style("table_cell", size),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters are escaped and line breaks kept, so user input prints as is."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _cell(value: Cell, style: ParagraphStyle) -> Flowable:
    return para(value, style) if isinstance(value, str) else value


_GRID = colors.HexColor("#666666")
_HEADER_FILL = colors.HexColor("#E6E6E6")
_STRIPE_FILL = colors.HexColor("#F5F5F5")


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    style: Styles,
    col_widths: Sequence[float] | None = None,
    striped: bool = True,
    prewrap: bool = False,
) -> Table:
    """A grid table whose header row repeats at the top of every page it runs over.

    ``prewrap`` (needs ``col_widths``) breaks the body's text cells into lines here (``wrap_lines``) and hands them to
    the table as plain text, not as paragraphs: the same look, some ten times faster for tables of hundreds of rows,
    which reportlab would otherwise wrap paragraph by paragraph several times over.
    """
    pad = 3 * style.scale
    data: list[list[Any]] = [[_cell(h, style.table_header) for h in header]]
    if prewrap and col_widths:
        inner = [w - 3 * pad for w in col_widths]
        data += [[_lines(v, inner[i], style.font_size) if isinstance(v, str) else v for i, v in enumerate(row)]
                 for row in rows]
    else:
        data += [[_cell(v, style.table_cell) for v in row] for row in rows]
    commands: list[tuple[Any, ...]] = [
        # The Table default would be Helvetica; the leading is the paragraphs' (for prewrapped text).
        ("FONT", (0, 0), (-1, -1), FONT_NAME, style.font_size, style.table_cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.5),
    ]
    if striped and len(data) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _STRIPE_FILL]))
    return LongTable(data, colWidths=list(col_widths) if col_widths else None, repeatRows=1, style=TableStyle(commands))


@functools.lru_cache(maxsize=16384)
def _char_width(char: str, font_size: float) -> float:
    return text_width(char, font_size)


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/@*#%")


def wrap_lines(text: str, width: float, font_size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points, the way the CJK paragraphs break: between any two
    Chinese characters, never before punctuation that must not begin a line, and a run of Latin letters and digits
    (a case number, a masked phone number) moves whole to the next line if it fits. Unlike the paragraphs,
    punctuation does not hang (a table cell has no margin to hang it in): the character before it goes down too."""
    register_font()  # which also teaches the line breaker the Chinese punctuation
    lines: list[str] = []
    for part in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for char in part:
            w = _char_width(char, font_size)
            if line and used + w > width:
                cut = len(line)
                if char in paragraph.ALL_CANNOT_START:
                    cut = max(len(line) - 1, 1)  # the last character goes down with it: nothing hangs past the edge
                elif char in _WORD_CHARS:
                    while cut > 0 and line[cut - 1] in _WORD_CHARS:
                        cut -= 1
                    if cut == 0:  # a run wider than the line: after its last dash, else where it must
                        cut = max(i + 1 for i, c in enumerate(line) if c == "-") if "-" in line[:-1] else len(line)
                lines.append("".join(line[:cut]).rstrip())
                line = line[cut:]
                used = sum(_char_width(c, font_size) for c in line)
            if line or not char.isspace():
                line.append(char)
                used += w
        lines.append("".join(line).rstrip())
    return lines


def _lines(text: str, width: float, font_size: float) -> str:
    return "\n".join(wrap_lines(text, width, font_size))


def fields_table(
    fields: Sequence[tuple[str, Cell]],
    *,
    style: Styles,
    width: float,
    label_width: float | None = None,
) -> Table:
    """A two-column label/value table (a form already filled in), e.g. 受理编号 | SQ-2026-000123."""
    pad = 3 * style.scale
    if label_width is None:
        longest = max((text_width(label, style.label.fontSize) for label, _ in fields), default=0.0)
        label_width = longest + 3 * pad
    data = [[para(label, style.label), _cell(value, style.body)] for label, value in fields]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_NAME, style.font_size),  # the Table default would be Helvetica
        ("BOX", (0, 0), (-1, -1), 0.8, _GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, _GRID),
        ("BACKGROUND", (0, 0), (0, -1), _STRIPE_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.5),
    ]
    return Table(data, colWidths=[label_width, width - label_width], style=TableStyle(commands))


def qr_code(value: str, size: float, *, level: Literal["L", "M", "Q", "H"] = "M") -> Drawing:
    """A square QR code ``size`` points wide (quiet zone included), as a flowable vector drawing."""
    widget = QrCodeWidget(value, barWidth=size, barHeight=size, barLevel=level)
    drawing = Drawing(size, size, initialFontName=register_font())  # else the renderer selects Helvetica
    drawing.add(widget)
    return drawing


class HeavyText(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Text drawn heavier than the shipped font's one weight, each glyph filled and outlined (render mode 2), as an
    official document's title (小标宋) and headings (黑体); still text for pdftotext. Lines as ``wrap_lines`` breaks
    them; ``align``: center, or left after ``indent`` points."""

    def __init__(self, text: str, size: float, *, align: Literal["center", "left"] = "center",
                 colour: colors.Color = colors.black, leading: float | None = None, weight: float = 0.045,
                 indent: float = 0.0, space_before: float = 0.0, space_after: float = 0.0) -> None:
        super().__init__()
        self.text, self.size, self.align, self.colour, self.indent = text, size, align, colour, indent
        self.leading = leading if leading is not None else size * LEADING
        self.weight = weight  # the outline's width as a share of the size
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._lines = wrap_lines(self.text, avail_width - self.indent - self.size * self.weight, self.size)
        self.width = avail_width
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(self.size * self.weight)
        canvas.setLineJoin(1)  # round joins: no spikes at the strokes' corners
        for number, line in enumerate(self._lines, start=1):
            # the baseline: the line's box centred on the glyphs (about 0.88 of the size above it, 0.12 below)
            y = self.height - number * self.leading + (self.leading - self.size) / 2 + 0.12 * self.size
            x = (self.width - text_width(line, self.size)) / 2 if self.align == "center" else self.indent
            text = canvas.beginText(x, y)
            text.setFont(FONT_NAME, self.size)
            text.setTextRenderMode(2)  # fill, then stroke
            text.textOut(line)
            canvas.drawText(text)
        canvas.restoreState()


class _PageFurniture:
    """Draws the header and footer; the page label is drawn last, once the page count is known."""

    def __init__(self, pagesize: PageSize, header: str, title: str, footer: str | None, large_print: bool) -> None:
        self.pagesize = pagesize
        self.header = header
        self.title = title
        self.footer = footer or ""
        self.font_size = 10.0 if large_print else 9.0
        self.page_count = 0

    def _fit(self, text: str, width: float) -> str:
        """Cuts ``text`` with an ellipsis so it never runs into the other end of the line."""
        if text_width(text, self.font_size) <= width:
            return text
        while text and text_width(text + "…", self.font_size) > width:
            text = text[:-1]
        return text + "…"

    def on_page(self, canvas: Canvas, _doc: Any) -> None:
        width, height = self.pagesize
        left, right = MARGIN, width - MARGIN
        canvas.saveState()
        canvas.setFont(FONT_NAME, self.font_size)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.5)
        base = height - MARGIN - self.font_size
        title_width = text_width(self.title, self.font_size)
        canvas.drawString(left, base, self._fit(self.header, right - left - title_width - 4 * mm))
        canvas.drawRightString(right, base, self.title)
        canvas.line(left, base - 2 * mm, right, base - 2 * mm)
        canvas.line(left, MARGIN + self.font_size + 2 * mm, right, MARGIN + self.font_size + 2 * mm)
        if self.footer:
            room = right - left - self._label_width() - 4 * mm
            canvas.drawString(left, MARGIN, self._fit(self.footer, room))
        canvas.restoreState()

    def _label_width(self) -> float:
        return text_width(page_label(999, 999), self.font_size)

    def draw_page_label(self, canvas: Canvas, page: int, total: int) -> None:
        self.page_count = total
        canvas.saveState()
        canvas.setFont(FONT_NAME, self.font_size)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawRightString(self.pagesize[0] - MARGIN, MARGIN, page_label(page, total))
        canvas.restoreState()


def page_label(page: int, total: int) -> str:
    return f"第 {page} 页 / 共 {total} 页"


class _DeferredCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type information
    """Holds every finished page until save(), so each page can print the total page count.

    showPage() only snapshots the page state; save() replays the pages, stamps "第 x 页 / 共 y 页" on each,
    then really emits them. One layout pass, two output passes.
    """

    def __init__(self, *args: Any, stamp: Callable[[Canvas, int, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._stamp = stamp

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        held = self._held
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)
            self._stamp(self, number, len(held))
            super().showPage()
        super().save()


@dataclass(frozen=True)
class Margins:
    """The distances from the paper's edges to the text (版心), in points."""

    top: float
    bottom: float
    left: float
    right: float


def build_document(
    out: Path | BinaryIO,
    story: Sequence[Flowable],
    *,
    title: str,
    header: str,
    footer: str | None = None,
    pagesize: PageSize = A4,
    large_print: bool = False,
    author: str = AUTHOR,
    subject: str = "",
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Lays out ``story`` on pages with header, footer and page x of y, writes the PDF, returns the page count.

    ``out`` is a file path or a binary stream (a BytesIO keeps previews off the disk).
    ``title``/``author``/``subject`` go into the PDF metadata; the title is also printed in the header.
    ``on_page`` is called with each page's number as its layout begins (for a progress bar; any thread).
    A file is written complete or not at all (``app.services.core.files``): a full disk leaves no partial PDF.
    """
    furniture = _PageFurniture(pagesize, header, title, footer, large_print)
    band = MARGIN + furniture.font_size + _BAND
    return build_pages(out, story, pagesize, Margins(top=band, bottom=band, left=MARGIN, right=MARGIN),
                       furniture.on_page, furniture.draw_page_label, lambda: furniture.page_count,
                       title=title, author=author, subject=subject, on_page=on_page)


def build_pages(out: Path | BinaryIO, story: Sequence[Flowable], pagesize: PageSize, margins: Margins,
                furnish: Callable[[Canvas, Any], None], stamp: Callable[[Canvas, int, int], None],
                pages: Callable[[], int], *, title: str, author: str = AUTHOR, subject: str = "",
                on_page: Callable[[int], None] | None = None) -> int:
    """Every document's layout (``build_document``'s, ``pdf_official``'s): one frame inside ``margins``, ``furnish``
    drawing each page's furniture, ``stamp`` the page numbers once counted; ``pages()`` answers the count."""
    if isinstance(out, Path):
        with writing(out) as tmp, open(tmp, "wb") as fh:
            return build_pages(fh, story, pagesize, margins, furnish, stamp, pages, title=title, author=author,
                               subject=subject, on_page=on_page)
    font = register_font()
    # Frame paddings are zero so text, tables and the header/footer rules share the same left and right edges.
    frame = Frame(
        margins.left,
        margins.bottom,
        pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        pageTemplates=[PageTemplate("page", frames=[frame], onPage=furnish, pagesize=pagesize)],
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=author,
        subject=subject,
        creator=AUTHOR,
        lang="zh-CN",
        initialFontName=font,  # else every page's preamble references a non-embedded Helvetica
    )
    if on_page is not None:
        doc.setProgressCallBack(lambda kind, value: on_page(int(value)) if kind == "PAGE" else None)
    doc.build(list(story), canvasmaker=functools.partial(_DeferredCanvas, stamp=stamp))
    return pages()
