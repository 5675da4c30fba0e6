"""Reading the community's register from a spreadsheet (xlsx or csv) into rows, and which column holds what.

Real files are messy: a title row merged across the columns and a date line above the headers, blank lines,
columns in any order under many names (姓名/名字, 身份证号/公民身份号码, 电话/手机/联系方式...), csv written by
WPS or old Excel in GBK. ``read_table`` finds the header row and skips blank lines; ``guess_mapping`` maps the
columns it recognises; ``MappingMemory`` remembers what the user chose for a set of headers, so the next file
of the same shape maps itself.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.services.core.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.core.validation import fold_width

Cell = str | int | float | date | datetime | None
Progress = Callable[[int, int], None]

HEADER_SCAN_ROWS = 15   # the header row is found among the first rows (titles, dates and notes above it)
SAMPLES = 3             # values shown under each column in the mapping step


class RegisterField(StrEnum):
    """What a column of the register holds; IGNORE for columns the import leaves alone (序号, 民族...)."""

    IGNORE = ""
    NAME = "name"
    GENDER = "gender"
    BIRTH_DATE = "birth_date"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    ADDRESS = "address"      # one column: 3-2-301 or 3号楼2单元301室
    BUILDING = "building"
    UNIT = "unit"
    ROOM = "room"
    GRID = "grid"
    TAGS = "tags"
    NOTES = "notes"


# The columns the template and the export use, in this order: a file exported and imported again maps itself.
TEMPLATE_COLUMNS: tuple[tuple[RegisterField, str], ...] = (
    (RegisterField.NAME, "姓名"), (RegisterField.GENDER, "性别"), (RegisterField.BIRTH_DATE, "出生日期"),
    (RegisterField.ID_NUMBER, "身份证号"), (RegisterField.PHONE, "联系电话"), (RegisterField.BUILDING, "楼号"),
    (RegisterField.UNIT, "单元"), (RegisterField.ROOM, "室"), (RegisterField.GRID, "网格"),
    (RegisterField.TAGS, "户类型"), (RegisterField.NOTES, "备注"),
)
ZH_FIELD = {f: header for f, header in TEMPLATE_COLUMNS} | {RegisterField.ADDRESS: "住址", RegisterField.IGNORE: ""}

SYNONYMS: dict[RegisterField, tuple[str, ...]] = {
    RegisterField.NAME: ("姓名", "名字", "居民姓名", "成员姓名", "人员姓名"),
    RegisterField.GENDER: ("性别",),
    RegisterField.BIRTH_DATE: ("出生日期", "出生年月", "出生年月日", "生日", "出生"),
    RegisterField.ID_NUMBER: ("身份证号", "身份证", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码",
                              "身份证件号码"),
    RegisterField.PHONE: ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "联系手机"),
    RegisterField.ADDRESS: ("住址", "地址", "家庭住址", "现住址", "居住地址", "门牌号", "房屋地址"),
    RegisterField.BUILDING: ("楼号", "楼栋", "楼栋号", "楼", "栋", "幢"),
    RegisterField.UNIT: ("单元", "单元号"),
    RegisterField.ROOM: ("室", "房间", "房间号", "户号", "房号", "室号"),
    RegisterField.GRID: ("网格", "所属网格", "网格名称", "网格编号"),
    RegisterField.TAGS: ("户类型", "标签", "户标签", "人员类别", "类别"),
    RegisterField.NOTES: ("备注", "说明"),
}
_KNOWN = {header: f for f, names in SYNONYMS.items() for header in names}
_MARKS = re.compile(r"[\s*＊:：]|[(（][^)）]*[)）]")  # spaces, required-marks, "（必填）" and the like


def header_key(text: object) -> str:
    """A header as compared: 'ID号码 （必填）*' and 'ID号码' are the same column."""
    return _MARKS.sub("", fold_width(str(text))) if text is not None else ""


@dataclass(frozen=True)
class Table:
    """One sheet of a register file: its header row and its non-blank rows, each with its row number in the file."""

    file_name: str
    sha256: str
    sheets: tuple[str, ...]     # every sheet of the workbook (one, named after the file, for a csv)
    sheet: str
    header_row: int             # 1-based, as the spreadsheet numbers it
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]

    def samples(self, column: int) -> tuple[str, ...]:
        found: list[str] = []
        for _row, cells in self.rows:
            text = cell_text(cells[column]) if column < len(cells) else ""
            if text:
                found.append(text)
                if len(found) == SAMPLES:
                    break
        return tuple(found)


def cell_text(value: Cell) -> str:
    """A cell as text: a whole number without '.0', a date as 2026-11-20, text trimmed (full-width space too)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip().strip("\u3000").strip()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unreadable(file_name: str) -> ValidationError:
    return ValidationError.single("file", QT_TRANSLATE_NOOP(
        "errors", "{file} cannot be read as a spreadsheet: please save it as .xlsx or .csv and try again."),
        file=file_name)


def read_table(data: bytes, file_name: str, sheet: str | None = None, progress: Progress | None = None) -> Table:
    """The rows of ``sheet`` (default: the first sheet) of an xlsx, or of a csv (UTF-8 or GBK)."""
    digest = sha256_of(data)
    sheets: tuple[str, ...]
    if file_name.lower().endswith((".csv", ".txt")):
        sheets, name, raw = (Path(file_name).stem,), Path(file_name).stem, _csv_rows(data, file_name)
    else:
        sheets, name, raw = _xlsx_rows(data, file_name, sheet)
    return _table(file_name, digest, sheets, name, raw, progress)


def _csv_rows(data: bytes, file_name: str) -> list[tuple[int, list[Cell]]]:
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 reads GBK and GB2312, as WPS and old Excel write them
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise _unreadable(file_name)
    if "\x00" in text:
        raise _unreadable(file_name)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[Cell]]] = []
    line = 1
    for cells in reader:
        rows.append((line, list(cells)))
        line = reader.line_num + 1
    return rows


def _xlsx_rows(data: bytes, file_name: str, sheet: str | None) -> tuple[tuple[str, ...], str, list[Any]]:
    try:
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile, XML and openpyxl each have their own errors for a bad file
        raise _unreadable(file_name) from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise ValidationError.single("sheet", QT_TRANSLATE_NOOP(
                "errors", "The file has no sheet called {sheet}; its sheets are: {sheets}."),
                sheet=sheet, sheets="、".join(names))
        chosen = sheet if sheet is not None else names[0]
        rows = [(n, list(cells)) for n, cells in enumerate(book[chosen].iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return names, chosen, rows


def _blank(cells: Sequence[Cell]) -> bool:
    return all(cell_text(c) == "" for c in cells)


def _header_index(raw: list[tuple[int, list[Cell]]]) -> int:
    """Where the headers are: the first of the top rows naming two known columns, else the first row with
    two filled cells (a merged title row has only one)."""
    top = raw[:HEADER_SCAN_ROWS]
    for i, (_n, cells) in enumerate(top):
        if sum(1 for c in cells if header_key(c) in _KNOWN) >= 2:
            return i
    for i, (_n, cells) in enumerate(top):
        if sum(1 for c in cells if cell_text(c)) >= 2:
            return i
    return 0


def _table(file_name: str, digest: str, sheets: tuple[str, ...], sheet: str, raw: list[tuple[int, list[Cell]]],
           progress: Progress | None) -> Table:
    if not raw or all(_blank(cells) for _n, cells in raw):
        raise ValidationError.single("file", QT_TRANSLATE_NOOP("errors", "{file} holds no rows."), file=file_name)
    at = _header_index(raw)
    header_cells = raw[at][1]
    width = max((i + 1 for i, c in enumerate(header_cells) if cell_text(c)), default=0)
    headers = tuple(cell_text(c) for c in header_cells[:width])
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    total = len(raw) - at - 1
    for done, (number, cells) in enumerate(raw[at + 1:], start=1):
        cut = tuple(cells[:width]) + (None,) * max(0, width - len(cells))
        if not _blank(cut):
            rows.append((number, cut))
        if progress is not None and done % 1000 == 0:
            progress(done, total)
    return Table(file_name, digest, sheets, sheet, raw[at][0], headers, tuple(rows))


# --- which column holds what ---------------------------------------------------------------------------------

ColumnFields = tuple[RegisterField, ...]  # one field per column, IGNORE for the rest


def guess_mapping(headers: Sequence[str]) -> ColumnFields:
    """Each column whose header is a known name gets its field; a field goes to its first column only."""
    taken: set[RegisterField] = set()
    fields: list[RegisterField] = []
    for header in headers:
        found = _KNOWN.get(header_key(header), RegisterField.IGNORE)
        if found in taken:
            found = RegisterField.IGNORE
        taken.add(found)
        fields.append(found)
    return tuple(fields)


def check_mapping(fields: Sequence[RegisterField]) -> None:
    """A usable mapping: the name is mapped, no field twice, and an address either as one column or as parts."""
    chosen = [f for f in fields if f is not RegisterField.IGNORE]
    twice = sorted({ZH_FIELD[f] for f in chosen if chosen.count(f) > 1})
    if twice:
        raise ValidationError.single("mapping", QT_TRANSLATE_NOOP(
            "errors", "Each field can come from one column only; chosen twice: {fields}."), fields="、".join(twice))
    if RegisterField.NAME not in chosen:
        raise ValidationError.single("mapping", QT_TRANSLATE_NOOP(
            "errors", "Please choose the column that holds the name (姓名)."))
    parts = {RegisterField.BUILDING, RegisterField.UNIT, RegisterField.ROOM} & set(chosen)
    if parts and RegisterField.ADDRESS in chosen:
        raise ValidationError.single("mapping", QT_TRANSLATE_NOOP(
            "errors", "Choose either one address column or the building, unit and room columns, not both."))


def mapping_from_json(headers: Sequence[str], data: Mapping[str, Any]) -> ColumnFields:
    """The command line's --mapping file: {"column header": "field"}; headers not named there are ignored."""
    wanted = {header_key(h): str(v) for h, v in data.items()}
    fields: list[RegisterField] = []
    for header in headers:
        value = wanted.pop(header_key(header), "")
        try:
            fields.append(RegisterField(value))
        except ValueError:
            raise ValidationError.single("mapping", QT_TRANSLATE_NOOP(
                "errors", "Unknown field {field} for column {column}; the fields are: {known}."),
                field=value, column=header, known=", ".join(f.value for f in RegisterField if f.value)) from None
    if wanted:
        raise ValidationError.single("mapping", QT_TRANSLATE_NOOP(
            "errors", "The mapping names columns the sheet does not have: {columns}."), columns="、".join(wanted))
    return tuple(fields)


class MappingMemory:
    """The mappings users chose, per set of headers, in a JSON file of the data folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def signature(headers: Sequence[str]) -> str:
        return "|".join(header_key(h) for h in headers)

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: the columns are guessed again
        return data if isinstance(data, dict) else {}

    def recall(self, headers: Sequence[str]) -> ColumnFields | None:
        stored = self._load().get(self.signature(headers))
        if not isinstance(stored, dict):
            return None
        try:
            return tuple(RegisterField(stored.get(str(i), "")) for i in range(len(headers)))
        except ValueError:
            return None

    def remember(self, headers: Sequence[str], fields: Sequence[RegisterField]) -> None:
        data = self._load()
        data[self.signature(headers)] = {str(i): f.value for i, f in enumerate(fields) if f.value}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)
