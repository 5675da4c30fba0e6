"""Import residents and households from the community's spreadsheets: open, map the columns, preview, commit.

1. ``open_file`` reads the file and proposes which column holds what (remembered from last time for the same
   headers, else guessed from their names).
2. ``preview`` checks every row against the register and says what it would do: added, updated (what changes),
   unchanged, or refused with its row number and every reason. Nothing is written; the mapping is remembered.
3. ``commit`` imports the good rows in one transaction, so nothing is ever half-imported, and records the import
   (who, when, file name and SHA-256, counts). It refuses if the file or the register changed since the preview:
   the user imports exactly what they saw.

The register goes back out in the same columns with ``register_export``; the template comes from there too.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditHead, Household, HouseholdTagRow, RegisterImport, Resident
from app.models.base import new_id
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, Translate, ValidationError
from app.services.core.validation import digits_only
from app.services.people.register_export import RegisterExport, write_register, write_template
from app.services.people.register_io import (
    ZH_FIELD,
    ColumnFields,
    MappingMemory,
    Progress,
    RegisterField,
    Table,
    check_mapping,
    guess_mapping,
    read_table,
    sha256_of,
)
from app.services.people.register_plan import Action, Change, Flat, Known, Outcome, Planner, RowResult, gender_of
from app.services.people.register_rows import Problem, cells_of, read_row
from app.services.people.residents import pinyin_keys
from app.services.people.tags import sync_visits

MAPPINGS_FILE = "import-mappings.json"
FLUSH_EVERY = 1000  # rows written between flushes (and moves of the progress bar)
CHUNK = 500         # ids per IN (...) when loading the records to update

T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    header: str
    samples: tuple[str, ...]
    field: RegisterField


@dataclass(frozen=True)
class ImportFile:
    """A file opened for import: its sheets, the chosen sheet's columns and what each is taken to hold."""

    path: Path
    file_name: str
    sha256: str
    sheets: tuple[str, ...]
    sheet: str
    header_row: int
    columns: tuple[Column, ...]
    rows: int
    remembered: bool  # the mapping is the one chosen last time for these headers

    @property
    def fields(self) -> ColumnFields:
        return tuple(c.field for c in self.columns)


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    file_name: str
    sha256: str
    sheet: str
    headers: tuple[str, ...]
    fields: ColumnFields
    rows: tuple[RowResult, ...]
    # The plan behind the rows and the audit chains' heads it was made at: if no desk has written anything since
    # (every write extends a chain), the commit carries it out as planned instead of planning all rows again.
    plan: _Plan | None = field(default=None, repr=False, compare=False)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def added(self) -> int:
        return self.count(Outcome.ADDED)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def refused(self) -> int:
        return self.count(Outcome.REFUSED)

    @property
    def refused_rows(self) -> tuple[RowResult, ...]:
        return tuple(r for r in self.rows if r.outcome is Outcome.REFUSED)

    def column(self, field_name: str) -> str:
        """The file's own header of a field's column (身份证号码, 联系方式...), as the user knows it."""
        for header, f in zip(self.headers, self.fields, strict=True):
            if f.value == field_name and f is not RegisterField.IGNORE:
                return header
        try:
            return ZH_FIELD[RegisterField(field_name)] if field_name else ""
        except ValueError:
            return ""

    def reason(self, problem: Problem, translate: Translate) -> str:
        """One reason a row is refused, headed by its column: "身份证号码：身份证号不完整（...）"."""
        column = self.column(problem.field)
        text = problem.message.render(translate)
        return f"{column}：{text}" if column else text

    def change(self, change: Change) -> str:
        return f"{self.column(change.field)}：{change.old or '（空）'} → {change.new or '（空）'}"


@dataclass(frozen=True)
class ImportRecord:
    id: uuid.UUID
    file_name: str
    file_sha256: str
    sheet: str
    added: int
    updated: int
    refused: int
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class _Plan:
    heads: tuple[tuple[str, int], ...]
    actions: tuple[Action | None, ...]
    planner: Planner


def _heads(session: Session) -> tuple[tuple[str, int], ...]:
    return tuple((desk, seq) for desk, seq in session.execute(
        select(AuditHead.desk_code, AuditHead.seq).order_by(AuditHead.desk_code)))


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class RegisterImportService:
    def __init__(self, db: Database, data_dir: Path) -> None:
        self._db = db
        self.memory = MappingMemory(data_dir / MAPPINGS_FILE)
        # The last sheet read: a preview after opening, and the commit after the preview, read the file's bytes
        # again and compare their hash, but parse them only if they changed (10,000 rows of xlsx take 2 s).
        self._last: Table | None = None
        self._lock = threading.Lock()

    def open_file(self, actor: Actor, path: Path, sheet: str | None = None) -> ImportFile:
        with self._db.reading() as session:
            require(session, actor, Permission.IMPORT_REGISTER)
        table = self._table(path, sheet, None)
        remembered = self.memory.recall(table.headers)
        fields = remembered or guess_mapping(table.headers)
        columns = tuple(Column(h, table.samples(i), fields[i]) for i, h in enumerate(table.headers))
        return ImportFile(path, path.name, table.sha256, table.sheets, table.sheet, table.header_row, columns,
                          len(table.rows), remembered is not None)

    def preview(self, actor: Actor, path: Path, sheet: str, fields: ColumnFields,
                progress: Progress | None = None) -> ImportPreview:
        """What importing the file would do, row by row; writes nothing (but remembers the mapping)."""
        check_mapping(fields)
        with self._db.reading() as session:
            require(session, actor, Permission.IMPORT_REGISTER)
            table = self._read(path, sheet, fields, progress)
            heads = _heads(session)
            results, actions, planner = self._plan(session, table, fields, progress)
        self.memory.remember(table.headers, fields)
        return ImportPreview(path, table.file_name, table.sha256, table.sheet, table.headers, fields, tuple(results),
                             _Plan(heads, tuple(actions), planner))

    def commit(self, actor: Actor, preview: ImportPreview, progress: Progress | None = None) -> ImportRecord:
        """Import the good rows of ``preview`` in one transaction and record the import."""
        check_mapping(preview.fields)
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.IMPORT_REGISTER)
            table = self._read(preview.path, preview.sheet, preview.fields, None)
            if table.sha256 != preview.sha256:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "{file} was changed after the preview: nothing was imported. Please check it again."),
                    file=preview.file_name)
            if preview.plan is not None and preview.plan.heads == _heads(session):
                results, actions, planner = list(preview.rows), list(preview.plan.actions), preview.plan.planner
            else:
                results, actions, planner = self._plan(session, table, preview.fields, None)
            if [(r.row, r.outcome) for r in results] != [(r.row, r.outcome) for r in preview.rows]:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "The register changed after the preview: nothing was imported. Please check the file "
                    "again."))
            writing = [a for a, r in zip(actions, results, strict=True)
                       if a is not None and r.outcome in (Outcome.ADDED, Outcome.UPDATED)]
            if not writing and not planner.flat_grids and not planner.flat_tags:
                raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                    "errors", "Nothing to import: every row is refused or already in the register as it is."))
            _Writer(session, actor, planner, progress).write(writing)
            sync_visits(session, None)  # the tags the file put on flats, and who it says moved away
            record = RegisterImport(
                file_name=preview.file_name[:200], file_sha256=preview.sha256, sheet=preview.sheet[:60],
                added=preview.added, updated=preview.updated, refused=preview.refused, created_by_id=staff.id)
            session.add(record)
            session.flush()
            return ImportRecord(record.id, record.file_name, record.file_sha256, record.sheet, record.added,
                                record.updated, record.refused, local(record.created_at), staff.display_name)

    def export_xlsx(self, actor: Actor, path: Path) -> RegisterExport:
        """The register (residents living here) in the template's columns; see ``register_export``."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.EXPORT)
            return write_register(session, staff, path)

    @staticmethod
    def write_template(path: Path) -> Path:
        """The blank register to fill in: the columns, two example rows and a sheet explaining each column."""
        return write_template(path)

    def _read(self, path: Path, sheet: str, fields: ColumnFields, progress: Progress | None) -> Table:
        def reading(done: int, total: int) -> None:
            if progress is not None:
                progress(done, 2 * total)

        table = self._table(path, sheet, reading)
        if len(table.headers) != len(fields):
            raise Conflict(QT_TRANSLATE_NOOP(
                "errors", "{file} has other columns than when it was opened: please open it again."), file=path.name)
        return table

    def _table(self, path: Path, sheet: str | None, progress: Progress | None) -> Table:
        data = path.read_bytes()
        with self._lock:
            last = self._last
        if (last is not None and last.file_name == path.name and last.sha256 == sha256_of(data)
                and sheet in (None, last.sheet) and (sheet is not None or last.sheet == last.sheets[0])):
            return last
        table = read_table(data, path.name, sheet, progress)
        with self._lock:
            self._last = table
        return table

    def _plan(self, session: Session, table: Table, fields: ColumnFields, progress: Progress | None) -> tuple[
            list[RowResult], list[Action | None], Planner]:
        today = local(self._db.clock.now()).date()
        address = RegisterField.ADDRESS if RegisterField.ADDRESS in fields else RegisterField.BUILDING
        planner = Planner(Known.load(session), address)
        results: list[RowResult] = []
        actions: list[Action | None] = []
        total = len(table.rows)
        for done, (number, cells) in enumerate(table.rows, start=1):
            clean, problems = read_row(cells_of(fields, cells), today, planner.known.tag_words)
            if clean is None:
                result, action = planner.refuse(number, str(cells_of(fields, cells).get(RegisterField.NAME) or ""),
                                                problems)
            else:
                result, action = planner.plan(number, clean)
            results.append(result)
            actions.append(action)
            if progress is not None and (done % 500 == 0 or done == total):
                progress(total + done, 2 * total)
        return results, actions, planner


class _Writer:
    """Writes the planned rows: new flats, then new and updated residents, flushing every FLUSH_EVERY rows."""

    def __init__(self, session: Session, actor: Actor, planner: Planner, progress: Progress | None) -> None:
        self.session, self.actor, self.planner, self.progress = session, actor, planner, progress
        self.flats: dict[Flat, uuid.UUID] = {f: i.id for f, i in planner.known.flats.items() if i.id is not None}
        self.pinyin: dict[str, tuple[str, str]] = {}  # a register repeats names (王伟, 张秀英): each is spelt once

    def write(self, actions: list[Action]) -> None:
        self._households()
        updates = {a.resident_id: a for a in actions if a.resident_id is not None}
        records: dict[uuid.UUID, Resident] = {}
        for ids in chunks(list(updates)):
            records.update((r.id, r) for r in self.session.scalars(select(Resident).where(Resident.id.in_(ids))))
        total = len(actions)
        for done, action in enumerate(actions, start=1):
            if action.resident_id is None:
                self.session.add(self._new(action))
            else:
                self._update(records[action.resident_id], action)
            if done % FLUSH_EVERY == 0 or done == total:
                self.session.flush()
                if self.progress is not None:
                    self.progress(done, total)

    def _households(self) -> None:
        planner = self.planner
        for flat, info in planner.new_flats.items():
            household = Household(id=new_id(), building=flat[0], unit=flat[1], room=flat[2], grid_id=info.grid_id,
                                  tags=[HouseholdTagRow(tag=t) for t in sorted(info.tags)])
            self.session.add(household)
            self.flats[flat] = household.id
        changed = {self.flats[f] for f in (*planner.flat_grids, *planner.flat_tags)}
        for ids in chunks(list(changed)):
            for household in self.session.scalars(select(Household).where(Household.id.in_(ids))):
                flat = (household.building, household.unit, household.room)
                if flat in planner.flat_grids:
                    household.grid_id = planner.flat_grids[flat]
                for tag in sorted(planner.flat_tags.get(flat, ())):
                    household.tags.append(HouseholdTagRow(tag=tag))
        self.session.flush()

    def _new(self, action: Action) -> Resident:
        c = action.clean
        if c.name not in self.pinyin:
            self.pinyin[c.name] = pinyin_keys(c.name)
        full, initials = self.pinyin[c.name]
        return Resident(
            name=c.name, phone=c.phone, phone_last4=digits_only(c.phone)[-4:] if c.phone else "",
            id_number=c.id_number, birth_date=c.birth_date, gender=gender_of(c.gender),
            household_id=self.flats[action.flat] if action.flat else None, notes=c.notes,
            pinyin_full=full, pinyin_initials=initials, created_by_id=self.actor.user_id)

    def _update(self, resident: Resident, action: Action) -> None:
        for attribute, value in action.resident_fields.items():
            if attribute == "household":
                resident.household_id = self.flats[value]
            elif attribute == "gender":
                resident.gender = gender_of(value)
            elif attribute == "phone":
                resident.phone, resident.phone_last4 = value, digits_only(value)[-4:]
            else:
                setattr(resident, attribute, value)

