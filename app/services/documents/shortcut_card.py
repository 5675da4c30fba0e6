"""The shortcut card (快捷键卡片): every key of the desk on one A4 page, to stand beside the screen.

Made from the one table of keys (``app.domain.shortcuts``), through the one PDF layer. Large print, read from
arm's length: the keys at 18 pt, what they do at 16 pt, in two columns; the walk-in, key by key, under the left
one. No personal data is on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Table, TableStyle

from app.domain.shortcuts import AREA_NAMES, TYPED, WALK_IN, Area, in_area, shown_key, shown_keys
from app.services.documents import pdf

__all__ = ["CARD_FILE_NAME", "KEY_SIZE", "TEXT_SIZE", "TITLE", "render_shortcut_card"]

TITLE = "快捷键卡片"
CARD_FILE_NAME = "快捷键卡片.pdf"
KEY_SIZE = 18.0   # points: a key's name, read from arm's length
TEXT_SIZE = 16.0  # what it does
# The areas of each column, balanced by their number of keys.
COLUMNS: tuple[tuple[Area, ...], tuple[Area, ...]] = (
    (Area.EVERYWHERE, Area.PREVIEW, Area.CASE_LIST, Area.RESIDENTS, Area.FOLLOW_UP),
    (Area.CASE, Area.INTAKE, Area.LOOKUP, Area.NEW_RESIDENT),
)
_ACCENT = colors.HexColor("#2B4C7E")
_KEY_FILL = colors.HexColor("#EEF2F8")


def _key_width(areas: tuple[Area, ...]) -> float:
    """The key column as wide as the widest key of these areas, so what the keys do has the rest of the line."""
    widest = max(pdf.text_width(shown_keys(s, chinese=True), KEY_SIZE) for area in areas for s in in_area(area))
    return widest + float(4 * mm)


def _area_block(area: Area, width: float, key_width: float, key_style: ParagraphStyle, text_style: ParagraphStyle,
                heading: ParagraphStyle) -> list[Flowable]:
    rows = [[pdf.para(shown_keys(s, chinese=True), key_style), pdf.para(s.chinese, text_style)]
            for s in in_area(area)]
    table = Table(rows, colWidths=[key_width, width - key_width], style=TableStyle([
        ("FONT", (0, 0), (-1, -1), pdf.FONT_NAME, TEXT_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), _KEY_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),  # a little less since issue 20's 回访 keys: still one page at 16 pt
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return [pdf.para(AREA_NAMES[area][1], heading), table]


def _walk_in(style: ParagraphStyle, heading: ParagraphStyle) -> list[Flowable]:
    steps = []
    for step in WALK_IN:
        if step in TYPED:
            steps.append(f"<font color='#555555'>〔{TYPED[step][1]}〕</font>")
        else:
            steps.append(f"<b><font color='#2B4C7E'>{shown_key(step, chinese=True)}</font></b>")
    return [pdf.para("来访登记一步一键（居民已登记）", heading),
            Paragraph(" ".join(steps), style)]  # markup of our own making, no user text


def _story(width: float) -> list[Flowable]:
    st = pdf.styles(size=TEXT_SIZE)
    key_style = ParagraphStyle("card_key", parent=st.body, fontSize=KEY_SIZE, leading=round(KEY_SIZE * 1.15, 1),
                               textColor=_ACCENT)
    text_style = ParagraphStyle("card_text", parent=st.body, leading=round(TEXT_SIZE * 1.3, 1))
    heading = ParagraphStyle("card_heading", parent=st.heading, fontSize=KEY_SIZE, leading=KEY_SIZE * 1.3,
                             textColor=_ACCENT, spaceBefore=1, spaceAfter=1)
    gap = 6 * mm
    col_width = (width - gap) / 2
    columns: list[list[Flowable]] = []
    for areas in COLUMNS:
        blocks: list[Flowable] = []
        key_width = _key_width(areas)
        for area in areas:
            blocks += _area_block(area, col_width, key_width, key_style, text_style, heading)
        columns.append(blocks)
    body: Any = Table([[columns[0], "", columns[1]]], colWidths=[col_width, gap, col_width], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    title = ParagraphStyle("card_title", parent=st.title, fontSize=26, leading=32, textColor=_ACCENT)
    # The walk-in across the page under both columns: its keys read as one line.
    return [pdf.para("社区服务台 " + TITLE, title), body, *_walk_in(key_style, heading)]


def render_shortcut_card(out: Path | BinaryIO, *, community_name: str) -> int:
    """Writes the card as one A4 portrait page to a file path or a binary stream; returns the page count (1)."""
    pagesize = pdf.page_size("A4")
    width = pdf.content_width(pagesize)
    return pdf.build_document(
        out,
        # One sheet always: a longer table of keys one day shrinks a little instead of running onto a second page.
        [KeepInFrame(0, 0, _story(width), mode="shrink")],
        title=TITLE,
        header=community_name,
        footer="社区服务台 · 帮助 > 打印快捷键卡片",
        pagesize=pagesize,
        large_print=True,
        subject="快捷键",
    )
