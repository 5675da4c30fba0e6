"""Lists in a minute (智慧报表): tick conditions, see the count, read the first page, print or export the list, save it
by name and run it again next quarter with that day's data.

The conditions and their SQL are in ``list_conditions``; this service counts, pages, saves and writes the files.

What a list shows of a person (``disclosure.Document.RESIDENT_LIST`` and ``LIST_EXPORT``): the name, age and flat
whole (a list is for finding people: the milk of the over-90s has to reach their door), never an ID number. The
phone is masked (138****5678) on the lists page and on the printout: a list of forty names with their numbers is
carried on the rounds, left on a counter, photographed; a clerk who must ring one opens the resident's card, which
shows it whole. The xlsx and csv exports carry phones whole: only EXPORT (the director, the administrator) makes
them, for the office's own calling lists, and each one is recorded in the audit trail (a ``command_run`` row:
who, which list, how many rows, which file), as each printout is.

Permissions: REGISTER counts, pages, prints and saves lists; EXPORT writes the spreadsheets.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Case, CommandRun, Grid, Household, HouseholdTagRow, PersonTag, Resident, SavedList, Tag
from app.services.core.auth import Actor, Permission, allowed, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound, PermissionDenied, ValidationError
from app.services.core.files import Printout, save_printout, writing
from app.services.core.setup import community_info
from app.services.core.validation import normalize_text
from app.services.documents.disclosure import Document, Field, disclose
from app.services.people.list_conditions import (
    NAME_MAX,
    READY_MADE,
    ListConditions,
    ListRow,
    Names,
    check_conditions,
    compile_conditions,
    describe,
    seed_ready_made,
)
from app.services.people.residents import OPEN_STATUSES, age_on
from app.services.people.tag_names import tag_text

PAGE_SIZE = 50
PRINT_COMMAND, EXPORT_COMMAND = "list-print", "list-export"
GENDER_WORDS = {"M": "男", "F": "女"}
IN_CHUNK = 500  # ids per IN (...) when the tags and open requests of a whole list are read


@dataclass(frozen=True)
class ListPage:
    rows: tuple[ListRow, ...]
    has_more: bool


@dataclass(frozen=True)
class SavedListInfo:
    id: uuid.UUID
    name: str
    ready_made: bool
    conditions: ListConditions
    problems: tuple[str, ...] = ()  # what of its stored conditions could not be read


@dataclass(frozen=True)
class OpenedList:
    """A saved list opened with today's data: its conditions, what they say, and what changed since (a retired grid
    or tag it names, a part that could not be read)."""

    info: SavedListInfo
    words: str
    notes: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class ListChoices:
    """What the conditions offer: grids and tags in use (id/code, name), building numbers of the register."""

    grids: tuple[tuple[str, str], ...]
    tags: tuple[tuple[str, str], ...]
    buildings: tuple[str, ...]


@dataclass(frozen=True)
class ListFile:
    path: Path
    rows: int
    pages: int = 0


def check(conditions: ListConditions) -> None:
    errors = FieldErrors()
    check_conditions(errors, conditions)
    errors.raise_if_any()


class ListService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- counting and reading --------------------------------------------------------------------------------

    def _today(self) -> tuple[date, datetime]:
        now = self._db.clock.now()
        return local(now).date(), now

    def _where(self, conditions: ListConditions) -> Any:
        check(conditions)
        today, now = self._today()
        return compile_conditions(conditions, today, now)

    def count(self, actor: Actor, conditions: ListConditions) -> int:
        """How many residents the list holds today; ValidationError (per field, nothing read) for contradictions."""
        where = self._where(conditions)
        stmt = select(func.count()).select_from(Resident)
        if conditions.grids or conditions.buildings:
            stmt = stmt.join(Household, Resident.household_id == Household.id)
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            return int(session.scalar(stmt.where(where)) or 0)

    def page(self, actor: Actor, conditions: ListConditions, offset: int = 0, limit: int = PAGE_SIZE) -> ListPage:
        """One page of the list in address order (building, unit, room as numbers, then name); phones masked."""
        where = self._where(conditions)
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            rows = self._rows(session, self._ordered(where).offset(max(offset, 0)).limit(limit + 1),
                              Document.RESIDENT_LIST)
            return ListPage(tuple(rows[:limit]), len(rows) > limit)

    @staticmethod
    def _ordered(where: Any) -> Any:
        return (select(Resident.id, Resident.name, Resident.gender, Resident.birth_date, Resident.phone,
                       Resident.status, Resident.household_id, Household.building, Household.unit, Household.room,
                       Grid.name)
                .outerjoin(Household, Resident.household_id == Household.id)
                .outerjoin(Grid, Household.grid_id == Grid.id)
                .where(where)
                .order_by(Household.id.is_(None), func.length(Household.building), Household.building,
                          func.length(Household.unit), Household.unit, func.length(Household.room), Household.room,
                          Resident.name, Resident.id))

    def _rows(self, session: Session, stmt: Any, document: Document) -> list[ListRow]:
        found = session.execute(stmt).all()
        today, _now = self._today()
        ids = [r[0] for r in found]
        flats = list({r[6] for r in found if r[6] is not None})
        names = {t.code: t.name for t in session.scalars(select(Tag).order_by(Tag.sort_order, Tag.name))}
        flat_tags: dict[uuid.UUID, set[str]] = {}
        person_tags: dict[uuid.UUID, set[str]] = {}
        open_counts: dict[uuid.UUID, int] = {}
        for chunk in _chunks(flats):
            for hid, tag in session.execute(select(HouseholdTagRow.household_id, HouseholdTagRow.tag)
                                            .where(HouseholdTagRow.household_id.in_(chunk))):
                flat_tags.setdefault(hid, set()).add(tag)
        for chunk in _chunks(ids):
            for rid, tag in session.execute(select(PersonTag.resident_id, PersonTag.tag)
                                            .where(PersonTag.resident_id.in_(chunk))):
                person_tags.setdefault(rid, set()).add(tag)
            open_counts.update(session.execute(
                select(Case.resident_id, func.count()).where(Case.resident_id.in_(chunk),
                                                             Case.status.in_(OPEN_STATUSES))
                .group_by(Case.resident_id)).all())
        rows = []
        for rid, name, gender, birth, phone, status, hid, building, unit, room, grid in found:
            codes = flat_tags.get(hid, set()) | person_tags.get(rid, set())
            rows.append(ListRow(
                id=rid, name=name, gender=GENDER_WORDS.get(gender.value if gender else "", ""),
                age=age_on(birth, today),
                address=f"{building}号楼{unit}单元{room}室" if building else "",
                phone=disclose(document, Field.PHONE, phone or "") or "",
                tags=tag_text(names, codes), grid=grid or "", open_requests=open_counts.get(rid, 0),
                moved_away=str(status) == "moved_away"))
        return rows

    def describe(self, actor: Actor, conditions: ListConditions) -> str:
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            return describe(conditions, self._names(session))

    @staticmethod
    def _names(session: Session) -> Names:
        return Names(grids={str(g.id): g.name for g in session.scalars(select(Grid))},
                     tags={t.code: t.name for t in session.scalars(select(Tag))})

    def choices(self, actor: Actor) -> ListChoices:
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            grids = tuple((str(g.id), g.name) for g in session.scalars(
                select(Grid).where(Grid.active.is_(True)).order_by(Grid.code)))
            tags = tuple((t.code, t.name) for t in session.scalars(
                select(Tag).where(Tag.active.is_(True)).order_by(Tag.sort_order, Tag.name)))
            buildings = sorted(set(session.scalars(select(Household.building).distinct())),
                               key=lambda b: (len(b), b))
            return ListChoices(grids, tags, tuple(buildings))

    # --- saved lists -----------------------------------------------------------------------------------------

    def saved(self, actor: Actor) -> list[SavedListInfo]:
        """The saved lists, ready-made first (in their order), then the desk's own by name. A database set up
        before lists existed gets the ready-made ones here, the first time."""
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            seeded = session.scalar(select(SavedList.id).where(SavedList.ready_made.is_(True)).limit(1)) is not None
        if not seeded:
            with self._db.transaction() as session:
                require(session, actor, Permission.REGISTER)
                seed_ready_made(session, self._db.desk_code or "-")
        with self._db.reading() as session:
            rows = list(session.scalars(select(SavedList).where(SavedList.active.is_(True))))
            order = {name: i for i, (name, _c) in enumerate(READY_MADE)}
            ready = sorted((r for r in rows if r.ready_made), key=lambda r: (order.get(r.name, len(order)), r.name))
            own = sorted((r for r in rows if not r.ready_made), key=lambda r: r.name)
            return [_info(r) for r in ready + own]

    def save(self, actor: Actor, name: str, conditions: ListConditions) -> SavedListInfo:
        """Keep the conditions under ``name``; an empty, too long or taken name, or contradictory conditions, are
        refused per field and nothing is written."""
        errors = FieldErrors()
        name = self._check_name(errors, name)
        check_conditions(errors, conditions)
        errors.raise_if_any()
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.REGISTER)
            self._name_free(session, name)
            retired = session.scalar(select(SavedList).where(SavedList.name == name, SavedList.active.is_(False)))
            if retired is not None:  # a deleted ready-made list's name: the new list takes its row
                retired.active, retired.ready_made = True, False
                retired.conditions, retired.created_by_id = conditions.to_json(), staff.id
                row = retired
            else:
                row = SavedList(name=name, conditions=conditions.to_json(), created_by_id=staff.id)
                session.add(row)
            self._flush(session)
            return _info(row)

    def update(self, actor: Actor, list_id: uuid.UUID, conditions: ListConditions) -> SavedListInfo:
        """Keep new conditions for a saved list (its name stays)."""
        check(conditions)
        with self._db.transaction() as session:
            require(session, actor, Permission.REGISTER)
            row = self._get(session, list_id)
            row.conditions = conditions.to_json()
            return _info(row)

    def rename(self, actor: Actor, list_id: uuid.UUID, name: str) -> SavedListInfo:
        errors = FieldErrors()
        name = self._check_name(errors, name)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.REGISTER)
            row = self._get(session, list_id)
            if row.name != name:
                self._name_free(session, name)
                row.name = name
                self._flush(session)
            return _info(row)

    def delete(self, actor: Actor, list_id: uuid.UUID) -> None:
        """A list of the desk's own is deleted (anyone who builds lists: they are the desk's, and the trail says who);
        a ready-made one is retired, so it is not made again, and only by the administrator (set-up): it is every
        desk's."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.REGISTER)
            row = self._get(session, list_id)
            if row.ready_made:
                if not allowed(staff, Permission.MANAGE_SETTINGS):
                    raise PermissionDenied(QT_TRANSLATE_NOOP(
                        "errors", "A ready-made list is kept for every desk; only the administrator can retire it."))
                row.active = False
            else:
                session.delete(row)

    def open(self, actor: Actor, list_id: uuid.UUID) -> OpenedList:
        """A saved list with today's data: ages counted on today, requests up to now. A grid or tag it names that
        was retired or removed is said (the list still opens: a retired grid's list is empty, a retired tag's
        still finds who carries it); so is a part of its conditions that could not be read."""
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            info = _info(self._get(session, list_id))
            notes = list(info.problems)
            c = info.conditions
            if c.grids:
                grids = {str(g.id): g for g in session.scalars(select(Grid))}
                for gid in c.grids:
                    grid = grids.get(gid)
                    if grid is None:
                        notes.append("名单中的一个网格已不存在，按该网格筛选不到任何人。")
                    elif not grid.active:
                        notes.append(f"网格“{grid.name}”已撤销，名单仍按它筛选。")
            if c.tags:
                tags = {t.code: t for t in session.scalars(select(Tag))}
                for code in c.tags:
                    tag = tags.get(code)
                    if tag is None:
                        notes.append(f"标签“{code}”已不存在，按它筛选不到任何人。")
                    elif not tag.active:
                        notes.append(f"标签“{tag.name}”已停用，名单仍按它筛选。")
            words = describe(c, self._names(session))
        try:
            count = self.count(actor, c)
        except ValidationError:
            notes.append("保存的条件互相矛盾，请修改后再查询。")
            count = 0
        return OpenedList(info, words, tuple(notes), count)

    @staticmethod
    def _check_name(errors: FieldErrors, name: str) -> str:
        name = normalize_text(name)
        if not name:
            errors.add("name", QT_TRANSLATE_NOOP("errors", "Please give the list a name."))
        elif len(name) > NAME_MAX:
            errors.add("name", QT_TRANSLATE_NOOP("errors", "At most {most} characters, please."), most=NAME_MAX)
        return name

    @staticmethod
    def _name_free(session: Session, name: str) -> None:
        if session.scalar(select(SavedList.id).where(SavedList.name == name, SavedList.active.is_(True))) is not None:
            raise ValidationError.single("name", QT_TRANSLATE_NOOP(
                "errors", "A list named {name} is already saved: please choose another name."), name=name)

    @staticmethod
    def _flush(session: Session) -> None:
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError as exc:  # another desk saved the same name a moment ago
            raise ValidationError.single("name", QT_TRANSLATE_NOOP(
                "errors", "A list of this name was saved a moment ago: please choose another name.")) from exc

    @staticmethod
    def _get(session: Session, list_id: uuid.UUID) -> SavedList:
        row = session.get(SavedList, list_id)
        if row is None or not row.active:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "This list is no longer saved."))
        return row

    # --- paper and files -------------------------------------------------------------------------------------

    def _document_rows(self, actor: Actor, conditions: ListConditions, permission: Permission,
                       document: Document) -> tuple[list[ListRow], str, Any, str]:
        where = self._where(conditions)
        with self._db.reading() as session:
            staff = require(session, actor, permission)
            rows = self._rows(session, self._ordered(where), document)
            words = describe(conditions, self._names(session))
            info = community_info(session, self._db.desk_code)
            return rows, words, info, staff.display_name

    def _record(self, actor: Actor, command: str, title: str, kind: str, rows: int, path: Path) -> None:
        with self._db.transaction() as session:
            require(session, actor, Permission.REGISTER if command == PRINT_COMMAND else Permission.EXPORT)
            session.add(CommandRun(staff_id=actor.user_id, command=command,
                                   details={"list": title, "format": kind, "rows": str(rows), "file": path.name}))

    def print_pdf(self, actor: Actor, title: str, conditions: ListConditions, folder: Path, *,
                  large_print: bool = False) -> ListFile:
        """The list on A4 (``resident_list``), phones masked, into the printing folder ``folder``
        (名单-20261120-0001.pdf); recorded in the audit trail."""
        from app.services.documents.resident_list import ListSheet, render_list

        rows, words, info, staff = self._document_rows(actor, conditions, Permission.REGISTER,
                                                       Document.RESIDENT_LIST)
        today, now = self._today()
        sheet = ListSheet(title=title or "名单", words=words, rows=tuple(rows), day=today, printed_at=local(now),
                          printed_by=staff, community=info.name, desk=f"{info.desk_name}  电话 {info.desk_phone}",
                          large_print=large_print)
        pages: list[int] = []
        out = save_printout(folder, Printout.RESIDENT_LIST, today, lambda p: pages.append(render_list(sheet, p)))
        self._record(actor, PRINT_COMMAND, title, "pdf", len(rows), out)
        return ListFile(out, len(rows), pages[0] if pages else 0)

    def export_xlsx(self, actor: Actor, title: str, conditions: ListConditions, out: Path) -> ListFile:
        rows, words, info, staff = self._document_rows(actor, conditions, Permission.EXPORT, Document.LIST_EXPORT)
        today, _now = self._today()
        write_xlsx(out, title or "名单", words, rows, today, staff, info.name)
        self._record(actor, EXPORT_COMMAND, title, "xlsx", len(rows), out)
        return ListFile(out, len(rows))

    def export_csv(self, actor: Actor, title: str, conditions: ListConditions, out: Path) -> ListFile:
        rows, _words, _info, _staff = self._document_rows(actor, conditions, Permission.EXPORT,
                                                          Document.LIST_EXPORT)
        write_csv(out, rows)
        self._record(actor, EXPORT_COMMAND, title, "csv", len(rows), out)
        return ListFile(out, len(rows))


def _info(row: SavedList) -> SavedListInfo:
    conditions, problems = ListConditions.from_json(row.conditions)
    return SavedListInfo(row.id, row.name, bool(row.ready_made), conditions, tuple(problems))


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i:i + IN_CHUNK]


# --- the spreadsheets ------------------------------------------------------------------------------------------

HEADERS = ("序号", "姓名", "性别", "年龄", "住址", "联系电话", "标签", "网格", "未办结诉求", "备注")
WIDTHS = (6, 10, 6, 6, 20, 15, 16, 12, 10, 10)
FORMULA_START = ("=", "+", "-", "@")


def _cells(number: int, row: ListRow) -> list[Any]:
    return [number, row.name, row.gender, row.age if row.age is not None else "", row.address, row.phone,
            row.tags, row.grid, row.open_requests, "已迁出" if row.moved_away else ""]


def _safe(value: Any) -> Any:
    """A text a spreadsheet would read as a formula gets a leading apostrophe (a name typed as =HYPERLINK(...))."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not value.lstrip("-").isdigit():
        return "'" + value
    return value


def write_csv(path: Path, rows: Sequence[ListRow]) -> None:
    """UTF-8 with a byte-order mark, so Excel and WPS open it in Chinese, not in mojibake."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with writing(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADERS)
        for number, row in enumerate(rows, start=1):
            out.writerow([_safe(v) for v in _cells(number, row)])


def sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "名单"
    return cleaned[:31]


def write_xlsx(path: Path, title: str, words: str, rows: Sequence[ListRow], day: date, by: str,
               community: str) -> None:
    """One sheet of the list (phones and numbers kept as text), one saying what it is: the conditions, the day,
    how many, who exported it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from app.services.core.files import write_with

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet_title(title)
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    for number, row in enumerate(rows, start=1):
        ws.append([_safe(v) for v in _cells(number, row)])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.number_format = "@"
    about = book.create_sheet("说明")
    for label, value in (("名单", title), ("社区", community), ("条件", words), ("数据日期", f"{day:%Y-%m-%d}"),
                         ("人数", len(rows)), ("导出人", by)):
        about.append([label, value])
    about.column_dimensions["A"].width = 10
    about.column_dimensions["B"].width = 80
    for line in about.iter_rows():
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_with(path, book.save)
