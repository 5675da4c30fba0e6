"""One row of a register file, read and checked on its own: what each cell says, or why it cannot be taken.

Nothing here reads the database: whether the person is already registered, the building known and the grid real
is decided in ``register_import`` against the register as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.enums import TagKind
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, Message
from app.services.core.validation import (
    EARLIEST_BIRTH_YEAR,
    InvalidValue,
    check_length,
    fold_width,
    normalize_phone,
    normalize_text,
    parse_id_number,
)
from app.services.people.addresses import ROOM_PART_RE, address_match
from app.services.people.register_io import Cell, ColumnFields, RegisterField, cell_text
from app.services.people.residents import ERASED_NAME
from app.services.people.tag_catalogue import DEFAULT_TAGS

F = RegisterField
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its day 60 is the 29 February 1900 that never was)
SERIAL_RANGE = (1, 80000)         # serial numbers of 1900..2119
NOTES_MAX = 500
GENDERS = {"男": "M", "女": "F", "1": "M", "2": "F", "M": "M", "F": "F", "男性": "M", "女性": "F"}
ZH_GENDER = {"M": "男", "F": "女"}
#: The household tags a new community has (the import reads the catalogue's own: ``tag_words``).
DEFAULT_TAG_WORDS = {t.name: t.code for t in DEFAULT_TAGS if t.kind == TagKind.HOUSEHOLD}
TAG_SPLIT = re.compile(r"[、,，;；/\s]+")
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", re.ASCII)
MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$", re.ASCII)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$", re.ASCII)
SCIENTIFIC_RE = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$", re.ASCII)
PART_RE = re.compile(r"^(\d{1,5})\s*(?:号楼|号|栋|幢|楼|单元|室)?$", re.ASCII)

INCOMPLETE_ID = QT_TRANSLATE_NOOP("errors", "The ID number is incomplete (the spreadsheet probably stored it as a "
                                            "number).")


@dataclass(frozen=True)
class Problem:
    """Why a row is refused: the field (a RegisterField value, or "" for the whole row) and the message."""

    field: str
    message: Message


@dataclass(frozen=True)
class Clean:
    """A row as the import takes it. Empty values were not given: they leave a registered resident's as they are."""

    name: str
    gender: str = ""                    # "M", "F" or ""
    birth_date: date | None = None
    birth_month: tuple[int, int] | None = None  # 出生年月 given as year and month only
    id_number: str = ""
    phone: str = ""
    address: tuple[str, str, str] | None = None  # building, unit, room
    grid: str = ""                      # as written: a grid's name or code
    tags: tuple[str, ...] = ()  # the codes of household tags
    notes: str = ""


def problem(field: F | str, template: str, **params: object) -> Problem:
    return Problem(str(field), Message(template, dict(params)))


def excel_day(serial: float) -> date | None:
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _parse_date(value: Cell) -> date | tuple[int, int] | None:
    """A date cell, an Excel serial number, 1950-03-02, 1950/3/2, 1950年3月2日, 19500302; or (year, month) for
    1950.03 / 1950年3月. Raises ValueError for what is no date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value) >= 1e7:  # 19500302 typed as a number
            value = str(int(value))
        else:
            day = excel_day(float(value))
            if day is None:
                raise ValueError(value)
            return day
    text = fold_width(str(value))
    if m := DATE_RE.match(text) or COMPACT_DATE_RE.match(text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := MONTH_RE.match(text):
        if not 1 <= int(m[2]) <= 12:
            raise ValueError(text)
        return int(m[1]), int(m[2])
    if text.isascii() and text.isdigit() and len(text) <= 5:
        day = excel_day(int(text))
        if day is not None:
            return day
    raise ValueError(text)


def _id_number(value: Cell, today: date, problems: list[Problem]) -> tuple[str, date | None, str]:
    """(number, its birth date, its gender) or ("", None, "") when absent or refused.

    A spreadsheet number holds 15 digits: an ID number stored as one has lost its last digits or its X, whatever
    is left. So does one written as 2.10302E+17, or as 17 digits (the X dropped when the column became text)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        problems.append(problem(F.ID_NUMBER, INCOMPLETE_ID))
        return "", None, ""
    text = fold_width(cell_text(value)).replace(" ", "")
    if not text:
        return "", None, ""
    if SCIENTIFIC_RE.match(text) or (text.isascii() and text.isdigit() and len(text) == 17):
        problems.append(problem(F.ID_NUMBER, INCOMPLETE_ID))
        return "", None, ""
    try:
        info = parse_id_number(text, today)
    except InvalidValue as exc:
        problems.append(Problem(F.ID_NUMBER.value, exc.message))
        return "", None, ""
    return info.number, info.birth_date, info.gender


def _address(cells: dict[F, Cell], problems: list[Problem]) -> tuple[str, str, str] | None:
    if F.ADDRESS in cells:
        text = fold_width(cell_text(cells[F.ADDRESS]))
        if not text:
            return None
        m = address_match(text)
        if m is None:
            problems.append(problem(F.ADDRESS, QT_TRANSLATE_NOOP(
                "errors", "The address {address} is not understood: write it as 3-2-301 or 3号楼2单元301室."),
                address=text))
            return None
        return m["b"], m["u"] or "", m["r"] or ""
    parts: list[str] = []
    for key in (F.BUILDING, F.UNIT, F.ROOM):
        text = fold_width(cell_text(cells.get(key)))
        m = PART_RE.match(text)
        if text and (m is None or not ROOM_PART_RE.match(m[1])):
            problems.append(problem(key, QT_TRANSLATE_NOOP("errors", "Digits only, please (e.g. 3, 2, 301).")))
            return None
        parts.append(m[1] if m else "")
    if not any(parts):
        return None
    if not parts[0]:
        problems.append(problem(F.BUILDING, QT_TRANSLATE_NOOP(
            "errors", "A unit or room is given without its building.")))
        return None
    return parts[0], parts[1], parts[2]


def _birth(cell: Cell, id_birth: date | None, today: date, problems: list[Problem]) -> tuple[
        date | None, tuple[int, int] | None]:
    if cell_text(cell) == "":
        return id_birth, None
    shown = cell_text(cell)
    try:
        parsed = _parse_date(cell)
    except ValueError:
        parsed = None
    when = parsed if isinstance(parsed, date) else date(parsed[0], parsed[1], 1) if parsed else None
    if when is None or when > today or when.year < EARLIEST_BIRTH_YEAR:
        problems.append(problem(F.BIRTH_DATE, QT_TRANSLATE_NOOP(
            "errors", "The birth date {value} is not a possible date."), value=shown))
        return None, None
    month = parsed if isinstance(parsed, tuple) else None
    if id_birth is not None:
        agrees = (id_birth.year, id_birth.month) == month if month else id_birth == parsed
        if not agrees:
            problems.append(problem(F.BIRTH_DATE, QT_TRANSLATE_NOOP(
                "errors", "The birth date {value} does not match the ID number's ({id_date})."),
                value=shown, id_date=id_birth.isoformat()))
        return id_birth, None
    return (None, month) if month else (when, None)


def read_row(cells: dict[F, Cell], today: date, tag_words: dict[str, str] | None = None) -> tuple[
        Clean | None, list[Problem]]:
    """The row's values as the import takes them, or the problems that refuse it (every one of them)."""
    problems: list[Problem] = []
    errors = FieldErrors()
    name = check_length(errors, F.NAME.value, cell_text(cells.get(F.NAME)), 30)
    if not name:
        problems.append(problem(F.NAME, QT_TRANSLATE_NOOP("errors", "The name is missing.")))
    elif F.NAME.value in errors.errors:
        problems.append(Problem(F.NAME.value, errors.errors[F.NAME.value]))
    elif any(ch.isdigit() for ch in name):
        problems.append(problem(F.NAME, QT_TRANSLATE_NOOP("errors", "A name cannot contain digits.")))
    elif name == ERASED_NAME:
        problems.append(problem(F.NAME, QT_TRANSLATE_NOOP("errors", "This name marks residents whose data was "
                                                                    "erased.")))
    number, id_birth, id_gender = _id_number(cells.get(F.ID_NUMBER), today, problems)
    gender = ""
    written = fold_width(cell_text(cells.get(F.GENDER))).upper()
    if written:
        gender = GENDERS.get(written, "")
        if not gender:
            problems.append(problem(F.GENDER, QT_TRANSLATE_NOOP(
                "errors", "The gender {value} is not understood: write 男 or 女 (or 1 and 2)."), value=written))
        elif id_gender and gender != id_gender:
            problems.append(problem(F.GENDER, QT_TRANSLATE_NOOP("errors", "The gender does not match the ID number.")))
    birth, month = _birth(cells.get(F.BIRTH_DATE), id_birth, today, problems)
    phone = ""
    phone_cell = cells.get(F.PHONE)
    phone_text = str(int(phone_cell)) if isinstance(phone_cell, float) else cell_text(phone_cell)
    if fold_width(phone_text):
        try:
            phone, _kind = normalize_phone(phone_text)
        except InvalidValue as exc:
            problems.append(Problem(F.PHONE.value, exc.message))
    address = _address(cells, problems)
    words = DEFAULT_TAG_WORDS if tag_words is None else tag_words
    tags: list[str] = []
    for word in TAG_SPLIT.split(cell_text(cells.get(F.TAGS))):
        if word and word in words:
            if words[word] not in tags:
                tags.append(words[word])
        elif word:
            problems.append(problem(F.TAGS, QT_TRANSLATE_NOOP(
                "errors", "Unknown household type {tag}: use {names}."), tag=word, names="、".join(words)))
    notes = normalize_text(cell_text(cells.get(F.NOTES)))
    if len(notes) > NOTES_MAX:
        problems.append(problem(F.NOTES, QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTES_MAX))
    if problems:
        return None, problems
    return Clean(name=name, gender=gender or id_gender, birth_date=birth, birth_month=month, id_number=number,
                 phone=phone, address=address, grid=normalize_text(cell_text(cells.get(F.GRID))), tags=tuple(tags),
                 notes=notes), []


def cells_of(fields: ColumnFields, cells: tuple[Cell, ...]) -> dict[F, Cell]:
    return {f: cells[i] for i, f in enumerate(fields) if f is not F.IGNORE and i < len(cells)}
