"""Engine, unit of work and schema migrations. The only place that knows which database we are on."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from app.models.base import Stamped, new_id
from app.models.natural import NATURAL_KEYS, natural_id
from app.services.core.clock import Clock
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError
from app.services.core.files import writing
from app.services.core.hlc import HybridClock
from app.services.core.integrity import quick_check
from app.services.core.storage import DAMAGE, refusal, sqlite_code, storage_errors

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
#: The newest schema revision in app/migrations/versions. A start whose database holds it compares one row with this
#: and never loads alembic (a quarter of a second and 10 MB); tests/unit/test_startup.py holds it to alembic's head.
HEAD_REVISION = "0023"
UPGRADE_COPIES_KEPT = 3  # the copies made before a schema upgrade: a start that fails again and again makes no more


class SchemaTooNew(DomainError):
    """The database was written by a newer version of the program: this one must not open or migrate it."""


TOO_NEW = QT_TRANSLATE_NOOP(
    "errors", "The database {path} was written by a newer version of Community Desk (schema {revision}; this "
    "version knows schemas up to {head}). Nothing was changed. Install the newer version, or restore a backup made "
    "by this version with: main.py restore FILE")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # WAL lets the GUI read while a worker writes; FULL sync because the ledgers live here.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN (IMMEDIATE) so two desks or threads never deadlock
    # upgrading a read lock; readers begin DEFERRED and, under WAL, never wait for a writer.
    mode = "DEFERRED" if conn.get_execution_options().get("read_only") else "IMMEDIATE"
    conn.exec_driver_sql(f"BEGIN {mode}")


def _json(value: Any) -> str:
    # Readable UTF-8, not \\uXXXX escapes: searching the audit trail for a Chinese name must find it.
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str | URL) -> Engine:
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False}, json_serializer=_json)
        event.listen(engine, "connect", _on_sqlite_connect)
        # pysqlite's own transaction handling is switched off so that BEGIN IMMEDIATE is ours.
        event.listen(engine, "connect", lambda c, r: setattr(c, "isolation_level", None))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json)


#: Called before every flush, after new rows are stamped: (session, desk code, the transaction's time).
BeforeFlush = Callable[[Session, str, datetime], None]
#: Called after every flush, as SQLAlchemy's after_flush event: (session, flush context).
AfterFlush = Callable[[Session, Any], None]
#: Called before a unit of work commits, and after one rolled back (SQLAlchemy's before_commit, after_rollback).
SessionHook = Callable[[Session], None]


class Database:
    """Owns the engine and hands out units of work that stamp new rows with desk and time.

    What else every flush does is passed in by the composition root (``open_database``): the audit trail records the
    flushed rows (``before_flush``), the full-text index takes in descriptions and notes (``after_flush``) and the
    rates' daily rollup counts the requests written again (``after_flush`` notes them, ``before_commit`` counts), in
    the transaction that writes them. This module imports neither, so the engine sits below the services that use it.
    """

    def __init__(self, url: str | URL, clock: Clock, desk_code: str = "", *,
                 before_flush: Sequence[BeforeFlush] = (), after_flush: Sequence[AfterFlush] = (),
                 before_commit: Sequence[SessionHook] = (), after_rollback: Sequence[SessionHook] = ()) -> None:
        self.url = make_url(url)
        self.engine = make_engine(self.url)
        self.clock = clock
        self.desk_code = desk_code
        self._before_flush = tuple(before_flush)
        self.write_gate: Callable[[], None] | None = None  # set by the composition root (integrity.py)
        # The desk's hybrid logical clock: each flush's audit entries carry its next value (sync, issue 21).
        self.hlc = HybridClock()
        self._community: Any = None  # this database's community's key, for natural keys (app.models.natural)
        # This desk syncs with a street (issue 21): what only one desk may do (take from an account, run a request's
        # ladder) is done by the row's home desk, named by its desk code.
        self.syncing = False
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._read_factory = sessionmaker(self.engine.execution_options(read_only=True))
        event.listen(self._factory, "before_flush", self._stamp)
        for hook in after_flush:
            event.listen(self._factory, "after_flush", hook)
        for commit_hook in before_commit:
            event.listen(self._factory, "before_commit", commit_hook)
        for rollback_hook in after_rollback:
            event.listen(self._factory, "after_rollback", rollback_hook)
        event.listen(self._factory, "after_flush", _note_flushed)
        event.listen(self._factory, "do_orm_execute", _note_statement)
        event.listen(self._factory, "after_commit", _note_committed)
        event.listen(self._factory, "after_rollback", _forget_written)

    @property
    def home_desk(self) -> str | None:
        """This desk's code when it syncs with a street (rows stamped with another desk's code are another desk's
        to debit or escalate), else None (one database: every row is everybody's)."""
        return (self.desk_code or "-") if self.syncing else None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            return Path(self.url.database)
        return None

    @property
    def folder(self) -> Path | None:
        """The folder of the SQLite file (what a full or read-only disk message names); None on a server."""
        return self.sqlite_path.parent if self.sqlite_path is not None else None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One use case = one transaction: committed on success, rolled back on any exception. A full or read-only
        disk is a ``StorageFault`` refusal (``app.services.core.storage``), not a traceback."""
        if self.write_gate is not None:  # an integrity check still running after an unclean stop: its verdict first
            self.write_gate()
        with storage_errors(self.folder), self._factory.begin() as session:
            session.info["now"] = self.clock.now()
            session.info["hlc"] = self.hlc
            session.info["home_desk"] = self.home_desk
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session; nothing is committed."""
        with storage_errors(self.folder), self._read_factory() as session:
            yield session
            session.rollback()

    def _stamp(self, session: Session, _ctx: Any, _instances: Any) -> None:
        now: datetime = session.info.get("now") or self.clock.now()
        natural = []
        for obj in session.new:
            if isinstance(obj, Stamped):
                if getattr(obj, "id", None) is None:
                    if inspect(obj).mapper.persist_selectable.name in NATURAL_KEYS:
                        natural.append(obj)
                    else:
                        obj.id = new_id()  # now, not at INSERT: the audit entry names the row it records
                if not getattr(obj, "desk_code", None):
                    obj.desk_code = self.desk_code or "-"
                if getattr(obj, "created_at", None) is None:
                    obj.created_at = now
        if natural:
            self._natural_ids(session, natural)
        for hook in self._before_flush:
            hook(session, self.desk_code or "-", now)

    def _natural_ids(self, session: Session, rows: list[Any]) -> None:
        """Keys made from the rows' natural keys (app.models.natural), parents first: a flat's tag is keyed by its
        flat's key, which may be made in the same flush."""
        from app.models.community import Community

        community = next((o.id for o in session.new if isinstance(o, Community) and o.id), None)
        if community is None:
            community = self._community or session.scalar(select(Community.id).limit(1))
            self._community = community
        # A row taken away and made again in one flush (a tag removed and put back) keeps a time-ordered key: the
        # flush would insert the new row before it deletes the old one.
        leaving = {(type(o), getattr(o, "id", None)) for o in session.deleted}
        owners = _owners(session)
        pending = list(rows)
        for _round in range(4):
            waiting = []
            for obj in pending:
                values = _natural_values(obj, NATURAL_KEYS[inspect(obj).mapper.persist_selectable.name], owners)
                if values is None:
                    waiting.append(obj)
                else:
                    key = natural_id(community, inspect(obj).mapper.persist_selectable.name, values)
                    obj.id = new_id() if (type(obj), key) in leaving else key
            if not waiting or len(waiting) == len(pending):
                pending = waiting
                break
            pending = waiting
        for obj in pending:  # a key part that never came (a parent not in this flush): a time-ordered key
            obj.id = new_id()

    def dispose(self) -> None:
        self.engine.dispose()

    # --- schema -------------------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        return cfg

    def current_revision(self) -> str | None:
        """The revision in alembic's version table, read as a plain row (alembic is loaded only to migrate)."""
        with self.engine.execution_options(read_only=True).connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            rows = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        if len(rows) > 1:  # branches: alembic says what it makes of them
            from alembic.runtime.migration import MigrationContext

            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        return str(rows[0]) if rows else None

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def needs_migration(self) -> bool:
        current = self.current_revision()
        if current == HEAD_REVISION:  # the usual start: no alembic
            return False
        return current != self.head_revision()

    def known_revisions(self) -> frozenset[str]:
        """Every schema revision this program can migrate from (a newer program's revision is not among them)."""
        from alembic.script import ScriptDirectory

        return frozenset(s.revision for s in ScriptDirectory.from_config(self._alembic_config()).walk_revisions())

    def check_integrity(self) -> list[str]:
        """SQLite's quick_check, now (a restore; ``integrity.py`` decides when the desk needs one): an empty list
        when the file is sound, else what is wrong. Only SQLite's own verdict of damage counts; a folder that cannot
        be read or written is said as such."""
        if self.sqlite_path is None or not self.sqlite_path.exists():
            return []
        try:
            return quick_check(self.sqlite_path)
        except sqlite3.DatabaseError as exc:
            fault = refusal(exc, self.sqlite_path.parent) if sqlite_code(exc) not in DAMAGE else None
            if fault is not None:
                raise fault from exc
            return [str(exc)]

    def migrate(self, backup_dir: Path | None = None) -> Path | None:
        """Bring the schema to the newest revision, backing up an existing SQLite database first.

        Returns the backup file made, if any.
        """
        with storage_errors(self.folder):
            if not self.needs_migration():
                return None
            if self.write_gate is not None:  # an upgrade writes: never into a file not yet known to be sound
                self.write_gate()
            backup = None
            current = self.current_revision()
            if current is not None and current not in self.known_revisions():
                raise SchemaTooNew(TOO_NEW, path=str(self.sqlite_path or self.url.render_as_string()),
                                   revision=current, head=self.head_revision())
            if current is not None and backup_dir is not None and self.sqlite_path is not None:
                stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
                backup = backup_dir / f"before-upgrade-{current}-{stamp}.sqlite3"
                backup_dir.mkdir(parents=True, exist_ok=True)
                with writing(backup) as tmp:
                    sqlite_backup(self.sqlite_path, tmp)
                keep_newest(backup_dir, "before-upgrade-*.sqlite3", UPGRADE_COPIES_KEPT)
                log.info("backed up %s to %s before migrating", self.sqlite_path, backup)
            from alembic import command

            cfg = self._alembic_config()
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            return backup


_WRITTEN = "written_tables"
_collecting = threading.local()  # per thread: the sets ``written_tables()`` blocks are filling


def _natural_values(obj: Any, keys: tuple[str, ...], owners: dict[int, dict[str, Any]]) -> tuple[object, ...] | None:
    """The natural key's values of a new row; a foreign key given as an object (``Resident(person_tags=[...])``,
    ``HouseholdTagRow(household=flat)``) is read from that object, since the flush copies it only later. None while
    a foreign key is still unknown (its parent has no key yet)."""
    state = inspect(obj)
    parents = {}
    for rel in state.mapper.relationships:
        if rel.direction.name == "MANYTOONE" and state.dict.get(rel.key) is not None:
            for local_col, remote_col in rel.local_remote_pairs or ():
                parents[local_col.key] = (state.dict[rel.key], remote_col.key)
    parents.update(owners.get(id(obj), {}))
    foreign = {c.key for c in state.mapper.persist_selectable.columns if c.foreign_keys}
    values = []
    for key in keys:
        value = getattr(obj, key, None)
        if value is None and key in parents:
            parent, remote = parents[key]
            value = getattr(parent, remote, None)
        if value is None and key in foreign:
            return None
        values.append(value)
    return tuple(values)


def _owners(session: Session) -> dict[int, dict[str, Any]]:
    """For each new row held in a parent's collection, the parent behind each of its foreign keys."""
    found: dict[int, dict[str, Any]] = {}
    for parent in list(session.new) + list(session.dirty):
        state = inspect(parent)
        for rel in state.mapper.relationships:
            if rel.direction.name != "ONETOMANY" or rel.key not in state.dict:
                continue
            for child in state.dict[rel.key] or ():
                if child in session.new:
                    for local_col, remote_col in rel.local_remote_pairs or ():
                        found.setdefault(id(child), {})[remote_col.key] = (parent, local_col.key)
    return found


@contextmanager
def written_tables() -> Iterator[set[str]]:
    """Collect the names of the tables written by the transactions this thread commits inside the block (rolled back
    ones add nothing), on any database: what a use case changed, for the pages showing those tables to read them
    again (``app.services.core.changes.topics_of``)."""
    stack: list[set[str]] = _collecting.__dict__.setdefault("stack", [])
    written: set[str] = set()
    stack.append(written)
    try:
        yield written
    finally:
        stack.remove(written)


def _note_committed(session: Session) -> None:
    tables = session.info.pop(_WRITTEN, None)
    if tables:
        for collector in _collecting.__dict__.get("stack", ()):
            collector.update(tables)


def _collecting_here() -> bool:
    """Whether a ``written_tables`` block is open on this thread (otherwise nobody asks, and nothing is noted)."""
    return bool(_collecting.__dict__.get("stack"))


def _note_flushed(session: Session, _ctx: Any) -> None:
    if not _collecting_here():
        return
    written: set[str] = session.info.setdefault(_WRITTEN, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table:
            written.add(table)


def _note_statement(state: ORMExecuteState) -> None:
    """Bulk ``update()``/``insert()``/``delete()`` statements bypass the flush; their table is noted here."""
    if not _collecting_here():
        return
    if state.is_update or state.is_insert or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if isinstance(name, str):
            state.session.info.setdefault(_WRITTEN, set()).add(name)


def _forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def keep_newest(folder: Path, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` newest files of ``pattern`` (by their time-stamped names, then by age)."""
    found = sorted(folder.glob(pattern), key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
    for old in found[keep:]:
        old.unlink(missing_ok=True)


def sqlite_backup(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the database is in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
