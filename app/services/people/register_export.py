"""The register out to a spreadsheet in the template's columns, and the template itself.

An exported register imported again changes nothing (0 added, 0 updated, 0 refused): same headers, ID numbers and
phones as text (never numbers that lose digits), dates as dates, 男/女, the household types in Chinese. Only residents
living here are exported (moved away, deceased and merged records stay in the desk's history), and erased ones not
at all. An account that may not see ID numbers gets the column empty, and the notes sheet says so: such a file
cannot be imported back as it is (without ID numbers people are matched by name and phone only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import ResidentStatus
from app.models import Household, Resident, Staff
from app.services.core.auth import Permission, allowed
from app.services.core.files import write_with
from app.services.people.register_io import TEMPLATE_COLUMNS
from app.services.people.residents import is_erased
from app.services.people.tag_names import names_of, tag_text

HEADERS = [header for _field, header in TEMPLATE_COLUMNS]
WIDTHS = [10, 6, 12, 21, 15, 6, 6, 7, 12, 14, 30]
TEXT = "@"  # the cell format that keeps digits as typed
NOTES_SHEET = "填写说明"
EXPLAINED = (
    ("姓名", "必填。居民的姓名，不含数字。"),
    ("性别", "男或女（也可写 1 表示男、2 表示女）。有身份证号时须与身份证号一致。"),
    ("出生日期", "例如 1950-03-02、1950/3/2、19500302 或表格的日期格式。有身份证号时须与身份证号一致。"),
    ("身份证号", "18位公民身份号码。请把此列设为“文本”格式：存成数字会丢失最后几位，导入时会被拒绝。"),
    ("联系电话", "手机 11 位，或固定电话“区号-号码”，如 0412-5581234。"),
    ("楼号", "楼号的数字，如 3（即 3号楼）。已建楼栋表时须在楼栋表中。"),
    ("单元", "单元号的数字，如 2。"),
    ("室", "门牌号的数字，如 301。"),
    ("网格", "已有网格的名称或编号；不填时按楼栋所属网格。"),
    ("户类型", "空巢、独居、残疾、出租、常态，可填多个，用顿号分隔。只增加，不删除已有的户类型。"),
    ("备注", "其他说明。"),
)
RULES = (
    "导入时先预览：每一行显示为新增、更新（列出改动）、无变化或拒绝（写明行号和原因），确认后才写入。",
    "有身份证号的行按身份证号找到已登记的居民并更新；没有身份证号的按姓名和电话（无电话时按姓名和住址）查找。",
    "空白的单元格不会清除已登记的内容。已迁出、已故或已合并的居民不会被导入恢复。",
    "列的顺序不限，列名可不同：第一次导入时选择每列对应的内容，下次同样的表格会自动记住。",
)
EXAMPLES = (
    ["张三", "男", date(1955, 3, 15), "210302195503150010", "13812345678", "3", "2", "301", "第一网格", "空巢", ""],
    ["王芳", "女", date(1949, 12, 31), "11010519491231002X", "0412-5588765", "3", "2", "302", "第一网格", "独居",
     "腿脚不便，请上门服务"],
)

if TYPE_CHECKING:  # openpyxl is loaded when a workbook is written, not at start
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class RegisterExport:
    path: Path
    residents: int
    id_numbers: bool  # False: the ID numbers were left out (the account may not see them)


def _sheet(ws: Worksheet) -> None:
    from openpyxl.styles import Font

    ws.title = "居民花名册"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"


def _append(ws: Worksheet, values: list[Any]) -> None:
    """A row with every text cell kept as text: a note starting with '=' is no formula, digits stay digits."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.number_format = TEXT
        elif isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"


def _notes(book: Workbook, id_numbers: bool) -> None:
    from openpyxl.styles import Alignment, Font

    ws = book.create_sheet(NOTES_SHEET)
    if not id_numbers:
        ws.append(["注意：导出账号无权查看身份证号，身份证号一列为空；此文件不能原样导回。"])
        ws["A1"].font = Font(bold=True, color="C00000")
    ws.append(["列名", "填写要求"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for header, text in EXPLAINED:
        ws.append([header, text])
    ws.append([])
    for rule in RULES:
        ws.append(["", rule])
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 90
    for line in ws.iter_rows():
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_template(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    _sheet(ws)
    for example in EXAMPLES:
        _append(ws, list(example))
    _notes(book, True)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_with(path, book.save)
    return path


def _row(resident: Resident, show_ids: bool, tags: dict[str, str]) -> list[Any]:
    h = resident.household
    return [
        resident.name, {"M": "男", "F": "女"}.get(resident.gender.value if resident.gender else "", ""),
        resident.birth_date, resident.id_number if show_ids else "", resident.phone,
        h.building if h else "", h.unit if h else "", h.room if h else "",
        h.grid.name if h and h.grid else "",
        tag_text(tags, {x.tag for x in h.tags}) if h else "",
        resident.notes,
    ]


def _flat_order(building: str) -> tuple[int, str]:
    return (int(building), building) if building.isdigit() else (10**6, building)


def write_register(session: Session, staff: Staff, path: Path) -> RegisterExport:
    show_ids = allowed(staff, Permission.VIEW_ID_NUMBERS)
    tags = names_of(session)
    residents = [r for r in session.scalars(
        select(Resident).where(Resident.status == ResidentStatus.ACTIVE)
        .options(selectinload(Resident.household).selectinload(Household.grid))) if not is_erased(r)]

    def order(r: Resident) -> tuple[Any, ...]:
        h = r.household
        if h is None:
            return (1, (0, ""), (0, ""), (0, ""), r.name, str(r.id))
        return (0, _flat_order(h.building), _flat_order(h.unit), _flat_order(h.room), r.name, str(r.id))

    from openpyxl import Workbook

    book = Workbook(write_only=False)
    ws = book.active
    assert ws is not None
    _sheet(ws)
    for resident in sorted(residents, key=order):
        _append(ws, _row(resident, show_ids, tags))
    _notes(book, show_ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_with(path, book.save)
    return RegisterExport(path, len(residents), show_ids)
