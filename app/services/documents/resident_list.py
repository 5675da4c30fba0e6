"""A list of residents on A4 (名单): the 90-plus list for the free milk, the lonely elderly to visit this week.

Title = the list's name; under it the conditions in words, the day the data is of and how many; then the table in
address order, with a blank 签收/备注 column for the rounds. Page x of y and the desk in the footer, the community
and the title in the header, on every page.

What it shows (``disclosure.Document.RESIDENT_LIST``): names, ages and flats whole, phones masked (138****5678),
never an ID number: a printed list is carried door to door and left on counters. The rows arrive already disclosed
(services/people/lists.py reads them for this document).

Large print (大字版, for the grid worker's older volunteers): 16pt type and fewer columns (序号, 姓名, 年龄, 住址,
电话, 签收), so each column stays wide enough for its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.services.documents import pdf
from app.services.people.list_conditions import ListRow


@dataclass(frozen=True)
class ListSheet:
    title: str
    words: str                 # the conditions in words
    rows: tuple[ListRow, ...]
    day: date                  # the data's day (ages counted on it)
    printed_at: datetime
    printed_by: str
    community: str
    desk: str                  # the footer: 一号窗口  电话 0412-5581234
    large_print: bool = False


# (header, width in mm, the row's value): the normal columns fill 190 mm, the large print ones too.
NORMAL: tuple[tuple[str, float], ...] = (
    ("序号", 11), ("姓名", 20), ("性别", 11), ("年龄", 11), ("住址", 36), ("联系电话", 27), ("标签", 25),
    ("网格", 21), ("签收/备注", 28),
)
LARGE: tuple[tuple[str, float], ...] = (
    ("序号", 18), ("姓名", 28), ("年龄", 17), ("住址", 52), ("联系电话", 40), ("签收", 35),
)


def _cells(number: int, row: ListRow, large: bool) -> list[pdf.Cell]:
    age = str(row.age) if row.age is not None else ""
    address = row.address or "—"
    name = row.name + ("（已迁出）" if row.moved_away else "")
    if large:
        return [str(number), name, age, address, row.phone, ""]
    return [str(number), name, row.gender, age, address, row.phone, row.tags, row.grid, ""]


def render_list(sheet: ListSheet, out: Path | BinaryIO) -> int:
    """Writes the list as an A4 PDF; returns the number of pages."""
    pagesize = pdf.page_size("A4")
    st = pdf.styles(large_print=sheet.large_print)
    columns = LARGE if sheet.large_print else NORMAL
    width = pdf.content_width(pagesize)
    scale = width / sum(w * mm for _h, w in columns)
    widths = [w * mm * scale for _h, w in columns]
    story: list[Flowable] = [
        pdf.para(sheet.title, st.title),
        pdf.para(f"条件：{sheet.words}", st.body),
        pdf.para(f"数据日期：{sheet.day:%Y年%m月%d日}　　共 {len(sheet.rows)} 人", st.body),
        Spacer(1, 3 * mm),
    ]
    if sheet.rows:
        story.append(pdf.data_table([h for h, _w in columns],
                                    [_cells(i, r, sheet.large_print) for i, r in enumerate(sheet.rows, start=1)],
                                    style=st, col_widths=widths, prewrap=True))
    else:
        story.append(pdf.para("没有符合条件的居民。", st.body))
    story += [Spacer(1, 3 * mm), pdf.para(
        f"打印：{sheet.printed_at:%Y-%m-%d %H:%M}（{sheet.printed_by}）。电话号码已部分隐藏；名单含居民个人信息，"
        "用后请交回或销毁，不要张贴。", st.small)]
    return pdf.build_document(out, story, title=sheet.title, header=sheet.community, footer=sheet.desk,
                              pagesize=pagesize, large_print=sheet.large_print, subject=sheet.words)
