"""One desk's sync with the street: ``join`` (``main.py join-street``), ``sync`` (``main.py sync``, the background
sync and 立即同步) and ``status`` (the status bar). The street's address (with this desk's role and password) is kept
in this PC's desk.json, beside the desk's code; the sync's own state in the database (``sync_state``)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, create_engine, event, func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.dml import UpdateBase

from app.models import AuditEntry, Community, Desk, SyncState
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, Message, ValidationError
from app.services.core.settings import LocalSettings
from app.services.sync import pull, push

log = logging.getLogger(__name__)
URL_KEY = "street_url"
UNREACHABLE = QT_TRANSLATE_NOOP("errors", "The street's server cannot be reached (the network, or the server is "
                                          "off). The desk works on offline; what waits goes up at the next sync.")
EMPTY_COMMUNITY = QT_TRANSLATE_NOOP(
    "errors", "The street holds nothing of {community} yet: set this desk up first (the first-start wizard), then "
              "join; the other desks of {community} join from an empty folder after it.")

NO_ADDRESS = QT_TRANSLATE_NOOP("errors", "Please enter the address the street's administrator gave for this desk.")
BAD_ADDRESS = QT_TRANSLATE_NOOP("errors", "This is not a street server's address: it looks like "
                                          "postgresql://desk_a02:password@server:5432/street.")
NOT_JOINED = QT_TRANSLATE_NOOP("errors", "This desk has not joined a street: main.py join-street --street ADDRESS.")
SCHEMA_DIFFERS = QT_TRANSLATE_NOOP(
    "errors", "This desk's database is at version {ours}, the street's at {theirs}: they must be the same to sync. "
              "The desk works on offline; upgrade the older one (README, \"Upgrading a street\").")
NOT_A_DESK = QT_TRANSLATE_NOOP("errors", "The street does not know this address's account as a desk: ask the "
                                         "street's administrator for the desk's address (street-init --add-desk).")
WRONG_DESK = QT_TRANSLATE_NOOP("errors", "This PC is desk {ours}, but the street gave this address to desk {theirs}.")
WRONG_COMMUNITY = QT_TRANSLATE_NOOP("errors", "This desk serves {ours}, but the street registered desk {desk} for "
                                              "{theirs}.")
OTHER_COPY = QT_TRANSLATE_NOOP(
    "errors", "The street already holds {community} from another desk, and this desk's database was set up on its "
              "own: join from an empty data folder instead, so the desk starts from the street's copy.")
REFUSED = QT_TRANSLATE_NOOP("errors", "The street's server refused this desk's change ({reason}). Nothing of this "
                                      "sync was kept on either side; call the street's administrator.")
CHAIN_REWRITTEN = QT_TRANSLATE_NOOP(
    "errors", "This desk's audit trail no longer matches the copy the street holds (entry {seq}): the database file "
              "was changed outside the program. Sync is stopped; call the administrator (main.py verify).")


@dataclass(frozen=True)
class Joined:
    desk_code: str
    community: str
    fresh: bool  # the desk started from the street's copy


@dataclass(frozen=True)
class SyncReport:
    up: int          # audit entries (and their changes) sent
    down: int        # rows received
    removed: int     # rows removed here because the street removed them
    conflicts: int   # fields two desks changed differently, listed for the administrator
    waiting: int     # entries still to go up (0 after a whole sync)
    tables: frozenset[str] = frozenset()  # the tables the pull wrote here (the pages showing them read again)


@dataclass(frozen=True)
class SyncStatus:
    joined: bool
    last_sync: datetime | None
    waiting: int               # entries of this desk's chain not yet on the street (as of the last sync)
    problem: Message | None    # the last sync's refusal, None when it went through


class SyncService:
    def __init__(self, db: Database, settings: LocalSettings, data_dir: Path) -> None:
        self._db = db
        self._settings = settings
        self._data_dir = data_dir

    # --- the street's address -----------------------------------------------------------------

    def _engine(self, url: str | None = None) -> Engine:
        address = url or self._settings.extra.get(URL_KEY, "")
        if not address:
            raise DomainError(NOT_JOINED)
        parsed = make_url(address)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, poolclass=NullPool, connect_args={"connect_timeout": 5},
                             isolation_level="REPEATABLE READ")

    def _check(self, conn: object) -> tuple[str, str]:
        """(the desk code, the community) the street knows this role as; refuses a schema that differs."""
        from sqlalchemy import Connection

        assert isinstance(conn, Connection)
        theirs = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        ours = self._db.current_revision()
        if theirs != ours:
            raise DomainError(SCHEMA_DIFFERS, ours=ours or "-", theirs=theirs or "-")
        row = conn.execute(text("SELECT street_my_desk(), street_my_community()")).first()
        if row is None or row[0] is None:
            raise DomainError(NOT_A_DESK)
        return str(row[0]), str(row[1])

    def join(self, url: str) -> Joined:
        url = _checked_address(url)
        engine = self._engine(url)
        try:
            with _reaching(), engine.connect() as conn:
                desk, community = self._check(conn)
                with self._db.reading() as session:
                    local = session.execute(select(Community.id, Community.name)).first()
                theirs = conn.execute(select(Community.id, Community.name)).first()
                if self._db.desk_code and self._db.desk_code != desk:
                    raise DomainError(WRONG_DESK, ours=self._db.desk_code, theirs=desk)
                if local is not None and local.name != community:
                    raise DomainError(WRONG_COMMUNITY, ours=local.name, desk=desk, theirs=community)
                if local is not None and theirs is not None and theirs.id != local.id:
                    raise DomainError(OTHER_COPY, community=community)
                if local is None and theirs is None:
                    raise DomainError(EMPTY_COMMUNITY, community=community)
        finally:
            engine.dispose()
        self._settings.desk_code = desk
        self._settings.extra[URL_KEY] = url
        self._settings.save(self._data_dir)
        self._db.desk_code = desk
        self._db.syncing = True
        fresh = local is None
        self.sync()
        if fresh:
            self._register_desk(desk)
        return Joined(desk, community, fresh)

    def _register_desk(self, code: str) -> None:
        """A desk that started from the street's copy adds its own line to the community's desks."""
        with self._db.transaction() as session:
            if session.scalar(select(Desk).where(Desk.code == code)) is None:
                session.add(Desk(code=code, name=code))

    # --- one sync -------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Send what waits, then take what came, each in transactions that a cut leaves whole. A problem is kept
        for the status bar and raised."""
        try:
            report = self._sync()
        except DomainError as exc:
            self._remember(problem=json.dumps({"template": exc.message.template, "params": exc.message.params},
                                              ensure_ascii=False, default=str))
            raise
        self._remember(problem="", at=self._db.clock.now())
        return report

    def _sync(self) -> SyncReport:
        desk = self._db.desk_code
        engine = self._engine()
        sent = push.Pushed()
        try:
            with _reaching():
                with engine.connect() as conn:
                    self._check(conn)
                    conn.rollback()
                    last, their_hash = push.street_head(conn, desk)
                    self._anchor(last, their_hash)
                    with self._db.reading() as session:  # a rolling check of what went up before
                        checked = push.check_pushed(session, conn, desk, self._state_int("checked"), last)
                    conn.rollback()
                while True:
                    with engine.begin() as conn, self._db.reading() as session:
                        above = push.street_head(conn, desk)[0]
                        sent_to = push.push_batch(session, conn, desk, above, sent)
                    if sent_to == above:
                        break
                with engine.begin() as conn, self._db.transaction() as session:
                    session.info["actor_name"] = "sync"
                    self._put(session, "checked", str(checked))
                    with _noting(session.connection()) as written:
                        got = pull.apply(conn, session, desk, self._cursor(session))
                        pull.derive(session, got)
                        session.flush()
                    self._put(session, "cursor", str(got.cursor))
                    seen = max(got.hlc_seen, int(session.scalar(
                        select(SyncState.value).where(SyncState.key == "hlc_seen")) or 0))
                    if seen:
                        self._put(session, "hlc_seen", str(seen))
                        self._db.hlc.see(seen)
                with engine.connect() as conn, self._db.reading() as session:
                    head = push.street_head(conn, desk)[0]
                    waiting = push.waiting(session, desk, head)
                with self._db.transaction() as session:
                    self._put(session, "pushed", str(head))
        finally:
            engine.dispose()
        return SyncReport(up=sent.entries, down=got.rows, removed=got.removed, conflicts=sent.conflicts,
                          waiting=waiting, tables=frozenset(written))

    def _anchor(self, seq: int, their_hash: str) -> None:
        """The street's copy of this desk's chain anchors it: the entry it holds last must read the same here."""
        if seq == 0:
            return
        with self._db.reading() as session:
            ours = session.scalar(select(AuditEntry.hash).where(AuditEntry.desk_code == self._db.desk_code,
                                                                AuditEntry.seq == seq))
        if ours != their_hash:
            raise DomainError(CHAIN_REWRITTEN, seq=seq)

    # --- state ----------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        joined = bool(self._settings.extra.get(URL_KEY))
        with self._db.reading() as session:
            state = {row.key: row.value for row in session.scalars(select(SyncState))}

            pushed = int(state.get("pushed", "0") or 0)
            newest = session.scalar(select(func.max(AuditEntry.seq)).where(
                AuditEntry.desk_code == self._db.desk_code)) or 0
        last = state.get("last_sync")
        raw = json.loads(state["problem"]) if state.get("problem") else None
        problem = Message(raw["template"], raw["params"]) if raw else None
        return SyncStatus(joined, datetime.fromisoformat(last) if last else None, max(int(newest) - pushed, 0),
                          problem)

    def _state_int(self, key: str) -> int:
        with self._db.reading() as session:
            return int(session.scalar(select(SyncState.value).where(SyncState.key == key)) or 0)

    def _cursor(self, session: object) -> int:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        value = session.scalar(select(SyncState.value).where(SyncState.key == "cursor"))
        return int(value or 0)

    @staticmethod
    def _put(session: object, key: str, value: str) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        row = session.get(SyncState, key)
        if row is None:
            session.add(SyncState(key=key, value=value))
        else:
            row.value = value

    def _remember(self, problem: str, at: datetime | None = None) -> None:
        with self._db.transaction() as session:
            self._put(session, "problem", problem)
            if at is not None:
                self._put(session, "last_sync", at.isoformat())


def _checked_address(url: str) -> str:
    """The address as typed (spaces around it dropped), or its field's refusal before anything is tried."""
    address = url.strip()
    if not address:
        raise ValidationError.single("street_url", NO_ADDRESS)
    try:
        parsed = make_url(address)
    except ArgumentError:
        raise ValidationError.single("street_url", BAD_ADDRESS) from None
    if parsed.get_backend_name() != "postgresql" or not parsed.host or not parsed.database:
        raise ValidationError.single("street_url", BAD_ADDRESS)
    return address


@contextmanager
def _noting(conn: Connection) -> Iterator[set[str]]:
    """The tables written on ``conn`` inside the block: the pull writes with plain statements, which the unit of
    work's noting of a commit does not see."""
    written: set[str] = set()

    def note(_conn: Connection, clause: object, *_args: object) -> None:
        if isinstance(clause, UpdateBase):
            name = getattr(getattr(clause, "table", None), "name", None)
            if isinstance(name, str):
                written.add(name)

    event.listen(conn, "before_execute", note)
    try:
        yield written
    finally:
        event.remove(conn, "before_execute", note)


class _reaching:
    """Turns a server that cannot be reached into the refusal said in Chinese (the desk works on offline)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, _tb: object) -> Literal[False]:
        if isinstance(exc, DBAPIError):
            lines = str(getattr(exc, "orig", exc)).strip().splitlines()
            reason = lines[0][:160] if lines else "?"
            log.warning("Sync with the street failed: %s", reason)  # the technical words: in the log, for IT staff
            if isinstance(exc, OperationalError):
                raise DomainError(UNREACHABLE) from exc
            raise DomainError(REFUSED, reason=reason) from exc
        return False
