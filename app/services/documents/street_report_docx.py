"""The street's report (工作简报) as a Word document (.docx, python-docx) that Word and WPS open: the same blocks as
the PDF (``street_report_text.compose``), the same page (A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm
right, GB/T 9704), the body in 仿宋 三号 (16 pt) at a fixed 28.95 pt a line (22 lines a page), the title in bold 宋体
二号 (22 pt), the headings in 黑体, the figures in tables (小四, 12 pt) whose header row repeats on a new page, and the
page numbers "— 1 —" in the footer as a PAGE field: on the right of odd pages and the left of even ones, one
character in, as an official document printed on both sides.

The fonts are named, not embedded: 仿宋, 黑体 and 宋体 come with every Chinese Windows and with WPS; a PC without one
shows its own substitute. Digits and Latin letters are in Times New Roman, as official documents set them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from app.services.cases.briefing_data import StreetReport
from app.services.core.files import writing
from app.services.documents.street_report_text import WIDTH_MM, Heading, Sheet, Table, Text, compose

BODY_FONT, HEADING_FONT, TITLE_FONT, LATIN_FONT = "仿宋", "黑体", "宋体", "Times New Roman"
BODY, TITLE, MASTHEAD, TABLE, PAGE_NUMBER = 16.0, 22.0, 36.0, 12.0, 14.0
LINE = 28.95  # 22 lines on the 225 mm text block
RED = RGBColor(0xD4, 0x00, 0x00)
#: What follows the borders (w:pBdr) among a paragraph's properties (ECMA-376 CT_PPr's sequence).
AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                 "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                 "w:rPr", "w:sectPr", "w:pPrChange")
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}


def write_street_report(report: StreetReport, out: Path) -> None:
    """Writes the report as a .docx, complete or not at all."""
    document = build(compose(report))
    with writing(out) as tmp:
        document.save(str(tmp))


def build(sheet: Sheet) -> Any:
    document = Document()
    document.core_properties.title = f"{sheet.masthead} {sheet.title}"
    document.core_properties.subject = sheet.subtitle
    document.core_properties.author = sheet.issuer
    _page(document)
    _normal(document)
    _masthead(document, sheet)
    title = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_before=LINE / 2)
    _run(title, sheet.title, TITLE, font=TITLE_FONT, bold=True)
    title.paragraph_format.line_spacing = Pt(TITLE * 1.4)
    _run(_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=LINE / 2), sheet.subtitle, BODY)
    for block in sheet.blocks:
        if isinstance(block, Heading):
            heading = _paragraph(document)
            heading.paragraph_format.keep_with_next = True
            _run(heading, block.text, BODY, font=HEADING_FONT)
        elif isinstance(block, Text):
            if block.small:
                note = _paragraph(document, indent=False, line=TABLE * 1.6)
                note.paragraph_format.left_indent = Pt(2 * TABLE)
                _run(note, block.text, TABLE)
            else:
                _run(_paragraph(document), block.text, BODY)
        elif isinstance(block, Table):
            _table(document, block)
    _distribution(document, sheet)
    return document


WIDTH_PT = WIDTH_MM / 25.4 * 72


# --- the page --------------------------------------------------------------------------------------------


def _page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS_MM.items():
        setattr(section, name, Mm(value))
    section.footer_distance = Mm(21)  # the number's line 7 mm under the text block
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Paragraph, side: Any) -> None:
    """— PAGE — one character in from the side's edge."""
    paragraph.alignment = side
    fmt = paragraph.paragraph_format
    fmt.right_indent = Pt(PAGE_NUMBER) if side == WD_ALIGN_PARAGRAPH.RIGHT else None
    fmt.left_indent = Pt(PAGE_NUMBER) if side == WD_ALIGN_PARAGRAPH.LEFT else None
    _run(paragraph, "— ", PAGE_NUMBER, font=TITLE_FONT)
    _field(paragraph, "PAGE", "1")
    _run(paragraph, " —", PAGE_NUMBER, font=TITLE_FONT)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field (Word and WPS work it out when they lay the page out; ``shown`` until then)."""
    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    for part in (char("begin"), code, char("separate")):
        _run(paragraph, "", PAGE_NUMBER, font=TITLE_FONT)._r.append(part)
    _run(paragraph, shown, PAGE_NUMBER, font=TITLE_FONT)
    _run(paragraph, "", PAGE_NUMBER, font=TITLE_FONT)._r.append(char("end"))


def _normal(document: Any) -> None:
    """The Normal style: 仿宋 三号, no space between paragraphs (the fixed line height spaces them)."""
    style = document.styles["Normal"]
    _font(style.font, style.element.get_or_add_rPr(), BODY_FONT, BODY)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)


def _font(font: Any, rpr: Any, east_asian: str, size: float) -> None:
    font.name = LATIN_FONT
    font.size = Pt(size)
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


# --- blocks ----------------------------------------------------------------------------------------------


def _paragraph(document: Any, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, *, indent: bool = True,
               line: float = LINE, space_before: float = 0.0, space_after: float = 0.0) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.first_line_indent = Pt(2 * BODY) if indent else None
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    return paragraph


def _run(paragraph: Paragraph, text: str, size: float, *, font: str = BODY_FONT, bold: bool = False,
         colour: RGBColor | None = None) -> Any:
    run = paragraph.add_run(text)
    _font(run.font, run._r.get_or_add_rPr(), font, size)
    run.font.bold = bold or None
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _border(paragraph: Paragraph, side: str, eighths: int, colour: str = "000000") -> None:
    """A rule along the paragraph's ``side`` (top or bottom), ``eighths`` of a point thick."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:  # in its place among the paragraph's properties: Word refuses them out of order
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *AFTER_BORDERS)
    rule = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", "4"), ("color", colour)):
        rule.set(qn(f"w:{key}"), value)
    borders.append(rule)


def _spread(paragraph: Paragraph, left: str, right: str, size: float, width: float) -> None:
    """``left`` at the left end of the line, ``right`` at its right end (a right tab stop)."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(width), WD_TAB_ALIGNMENT.RIGHT)
    _run(paragraph, f"{left}\t{right}", size)


def _masthead(document: Any, sheet: Sheet) -> None:
    """工作简报 in red, the issue, who issues it and when, the red rule."""
    top = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=MASTHEAD * 1.3)
    _run(top, sheet.masthead, MASTHEAD, font=TITLE_FONT, bold=True, colour=RED)
    _run(_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False), sheet.issue, BODY)
    issuer = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_after=LINE / 2)
    _spread(issuer, sheet.issuer, sheet.issued_on, BODY, WIDTH_PT)
    _border(issuer, "bottom", 12, "D40000")


def _table(document: Any, block: Table) -> None:
    caption = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=TABLE * 1.6,
                         space_before=TABLE * 0.5)
    caption.paragraph_format.keep_with_next = True
    _run(caption, block.caption, TABLE)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _repeat_header(table.rows[0])
    for c, width in enumerate(block.widths):
        table.columns[c].width = Mm(width)  # the grid (LibreOffice reads it), and each cell below (Word reads those)
    cells = table._cells  # every cell, row by row, worked out once (table.cell() works them all out at each call)
    columns = len(block.header)
    for r, values in enumerate((block.header, *block.rows)):
        for c, value in enumerate(values):
            cell = cells[r * columns + c]
            cell.width = Mm(block.widths[c])
            paragraph = cell.paragraphs[0]
            centred = r == 0 or c in block.centred
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.line_spacing = 1.0
            _run(paragraph, value, TABLE)
    _paragraph(document, indent=False, line=TABLE)  # a little air under the table


def _repeat_header(row: Any) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _distribution(document: Any, sheet: Sheet) -> None:
    """The 版记 between rules: to whom it goes, who printed it and when."""
    _paragraph(document, indent=False)
    sent = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    sent.paragraph_format.left_indent = sent.paragraph_format.right_indent = Pt(BODY)
    _run(sent, sheet.sent_to, BODY)
    _border(sent, "top", 8)
    _border(sent, "bottom", 6)
    printed = _paragraph(document, WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(BODY)
    _spread(printed, *sheet.printed, BODY, WIDTH_PT - BODY)
    _border(printed, "bottom", 8)
