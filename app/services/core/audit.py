"""Every write lands in the audit trail, in the same transaction, chained by SHA-256 per desk.

The unit of work calls ``record_flush`` before each flush, so no service can forget to audit: new, changed
and deleted rows become entries naming who (the actor of the use case, set by ``auth.require``), when, from
which desk, and what changed. ``check_chains`` recomputes every chain for ``main.py verify``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from enum import Enum
from typing import Any

from sqlalchemy import String, cast, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import MANYTOONE, ONETOMANY, Session

from app.models import AuditEntry, AuditHead, Base, SyncState
from app.models.base import new_id
from app.services.core.audit_names import THINGS
from app.services.core.audit_words import REDACTED, SECRET_COLUMNS, Change, Namer
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Message

NOT_AUDITED = (AuditEntry, AuditHead, SyncState)  # the trail itself; the sync's own bookkeeping (its cursor)


def secret_fingerprint(value: Any) -> str:
    """What the trail records of a secret: "***" and the SHA-256 of the stored (already salted) hash, so that
    verify finds a replaced password hash while the trail holds nothing a password could be guessed from."""
    if value is None:
        return REDACTED
    return f"{REDACTED} sha256:{hashlib.sha256(str(value).encode('utf-8')).hexdigest()}"


def plain(value: Any) -> Any:
    """A value as the trail spells it (JSON): uuids as text, times as ISO text in UTC, enums by value."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):  # one zone, so that the replay compares text with text (replay.py)
        return (value.astimezone(UTC) if value.tzinfo is not None else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):  # a document (a published notice's PDF): the trail holds its fingerprint only
        return f"sha256:{hashlib.sha256(value).hexdigest()} ({len(value)} bytes)"
    return value


def _columns(obj: Base) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: (secret_fingerprint(getattr(obj, c.key)) if c.key in SECRET_COLUMNS else plain(getattr(obj, c.key)))
            for c in mapper.column_attrs}


def _changes(obj: Base, erased: bool = False) -> dict[str, Any]:
    state = inspect(obj)
    changed = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if attr.key in SECRET_COLUMNS:
                changed[attr.key] = [REDACTED, secret_fingerprint(new)]
            elif erased:
                changed[attr.key] = [REDACTED, plain(new)]  # the erased value must not live on in the trail
            else:
                changed[attr.key] = [plain(old), plain(new)]
    return changed


def mark_erasure(session: Session, obj: Base, reason: str) -> None:
    """This transaction's changes to ``obj`` erase personal data: its audit entry names the columns blanked
    and their new values, records ``***`` for the old ones and adds the reason.

    Copying the erased values into the trail would keep exactly what was erased. Entries written before
    (the row's insert, earlier edits) stay as they are: the chain proves the trail unaltered, so they
    cannot be rewritten; see personal_data.py.
    """
    session.info.setdefault("erasures", {})[id(obj)] = reason


def entry_hash(desk: str, seq: int, at: datetime, actor_id: uuid.UUID | None, actor_name: str, action: str,
               entity: str, entity_id: str, details: dict[str, Any], prev_hash: str, hlc: int | None = None) -> str:
    payload: list[Any] = [desk, seq, at.isoformat(), str(actor_id) if actor_id else None, actor_name, action, entity,
                          entity_id, details, prev_hash]
    if hlc is not None:  # entries from before issue 21 have none, and keep their hashes
        payload.append(hlc)
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _reserve(session: Session, desk: str, count: int) -> tuple[int, str]:
    """Take the next ``count`` numbers of this desk's chain in one statement: (the first of them, the hash of the
    entry before it). The head row stays locked until the transaction ends, so no other desk can interleave."""
    row = session.execute(update(AuditHead).where(AuditHead.desk_code == desk)
                          .values(seq=AuditHead.seq + count).returning(AuditHead.seq, AuditHead.hash)
                          .execution_options(synchronize_session=False)).first()
    if row is None:
        try:
            with session.begin_nested():
                session.execute(insert(AuditHead).values(desk_code=desk, seq=count, hash=""))
            return 1, ""
        except IntegrityError:
            return _reserve(session, desk, count)
    return int(row[0]) - count + 1, str(row[1])


def _settle(session: Session) -> None:
    """Give the flushed rows now the values the flush itself would give them, so the trail records what is written.

    Before a flush a new row's unset columns are still empty (their defaults come at INSERT), and a foreign key given
    as an object (``Category(parent=...)``, ``case.assignee = staff``) is copied to its column only during the flush:
    the trail recorded None for both, and the replay of the trail (``replay.py``) could not tell them from tampering.
    """
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, NOT_AUDITED):
            state = inspect(obj)
            for attr in state.mapper.column_attrs:
                default = attr.columns[0].default
                if attr.key in state.dict or default is None:
                    continue
                if default.is_scalar:
                    setattr(obj, attr.key, default.arg)
                elif default.is_callable:
                    setattr(obj, attr.key, default.arg(None))
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Base) or isinstance(obj, NOT_AUDITED):
            continue
        state = inspect(obj)
        for rel in state.mapper.relationships:
            if rel.viewonly or rel.key not in state.dict:
                continue
            if rel.direction is MANYTOONE and (obj in session.new or state.attrs[rel.key].history.has_changes()):
                _copy_key(state.dict[rel.key], rel.local_remote_pairs, obj, remote_to_local=True)
            elif rel.direction is ONETOMANY:
                for child in state.dict[rel.key] or ():
                    if child in session.new:
                        _copy_key(obj, rel.local_remote_pairs, child, remote_to_local=False)


def _copy_key(source: Any, pairs: Any, target: Any, remote_to_local: bool) -> None:
    """Copy the key columns of ``source`` to the foreign-key columns of ``target`` (as the flush would)."""
    target_mapper = inspect(target).mapper
    for local, remote in pairs:
        src_col, dst_col = (remote, local) if remote_to_local else (local, remote)
        value = None if source is None else getattr(
            source, inspect(source).mapper.get_property_by_column(src_col).key)
        key = target_mapper.get_property_by_column(dst_col).key
        if getattr(target, key) != value:
            setattr(target, key, value)


def record_flush(session: Session, desk: str, now: datetime) -> None:
    """Turn what this flush writes into chained audit entries (called from the unit of work)."""
    _settle(session)
    changes: list[tuple[str, Base, dict[str, Any]]] = []
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, NOT_AUDITED):
            changes.append(("insert", obj, _columns(obj)))
    erasures: dict[int, str] = session.info.get("erasures", {})
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, NOT_AUDITED) and session.is_modified(obj):
            if id(obj) in erasures:
                changes.append(("update", obj, {**_changes(obj, erased=True), "erasure_reason": erasures[id(obj)]}))
            else:
                changes.append(("update", obj, _changes(obj)))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, NOT_AUDITED):
            changes.append(("delete", obj, {}))
    if not changes:
        return
    actor = session.info.get("actor")
    actor_id = getattr(actor, "user_id", None)
    actor_name = getattr(actor, "username", None) or str(session.info.get("actor_name", "system"))
    # One statement reserves the flush's numbers and one writes the chain's new end, however many rows changed:
    # a statement per row made a catch-up escalation pass spend two thirds of its time here.
    seq, prev = _reserve(session, desk, len(changes))  # the chain's head is locked from here to the commit
    clock = session.info.get("hlc")
    hlc = clock.tick(now, last_hlc(session, desk, seq - 1)) if clock is not None else None
    entries: list[dict[str, Any]] = []
    for action, obj, details in changes:
        entity = inspect(obj).mapper.persist_selectable.name  # type: ignore[attr-defined]
        key = inspect(obj).mapper.primary_key_from_instance(obj)
        entity_id = "/".join(str(plain(k)) for k in key)
        digest = entry_hash(desk, seq, now, actor_id, actor_name, action, entity, entity_id, details, prev, hlc)
        entries.append(dict(id=new_id(), desk_code=desk, created_at=now, seq=seq, actor_id=actor_id,
                            actor_name=actor_name, action=action, entity=entity, entity_id=entity_id, details=details,
                            prev_hash=prev, hash=digest, hlc=hlc))
        seq, prev = seq + 1, digest
    # One INSERT of many rows, not an ORM object per entry: an import of 10,000 residents wrote as many entries
    # through the unit of work, half of its time.
    session.execute(insert(AuditEntry), entries)
    session.execute(update(AuditHead).where(AuditHead.desk_code == desk).values(hash=prev)
                    .execution_options(synchronize_session=False))


def last_hlc(session: Session, desk: str, seq: int) -> int:
    """What a desk's next clock value must pass: its entry ``seq`` (the newest before the ones being written) and
    what it saw from the street (``sync_state.hlc_seen``, written by the pull)."""
    own = session.scalar(select(AuditEntry.hlc).where(AuditEntry.desk_code == desk, AuditEntry.seq == seq))
    seen = session.scalar(select(SyncState.value).where(SyncState.key == "hlc_seen"))
    return max(int(own or 0), int(seen or 0))


def check_chains(session: Session, limit: int = 20) -> list[Message]:
    """Recompute every desk's chain: an edited row breaks its hash, a deleted one leaves a gap."""
    problems: list[Message] = []
    namer = Namer(session)
    heads = {h.desk_code: h for h in session.scalars(select(AuditHead))}
    desks = set(heads) | set(session.scalars(select(AuditEntry.desk_code).distinct()))
    for desk in sorted(desks):
        expected_seq, prev = 1, ""
        rows = session.execute(select(AuditEntry).where(AuditEntry.desk_code == desk)
                               .order_by(AuditEntry.seq).execution_options(yield_per=2000)).scalars()
        for e in rows:
            if e.seq != expected_seq:
                problems.append(Message(QT_TRANSLATE_NOOP(
                    "errors", "Audit trail of desk {desk}: entries {first} to {last} are missing (deleted)."),
                    {"desk": desk, "first": expected_seq, "last": e.seq - 1}))
            recomputed = entry_hash(desk, e.seq, e.created_at, e.actor_id, e.actor_name, e.action, e.entity,
                                    e.entity_id, e.details, e.prev_hash, e.hlc)
            if e.prev_hash != prev or e.hash != recomputed:
                what = namer.words(e.actor_id, e.actor_name, e.action, e.entity, e.entity_id, e.details).short
                problems.append(Message(QT_TRANSLATE_NOOP(
                    "errors", "Audit trail of desk {desk}: entry {seq} ({what}) does not match the chain: it was "
                              "altered."), {"desk": desk, "seq": e.seq, "what": what}))
            expected_seq, prev = e.seq + 1, e.hash
            if len(problems) >= limit:
                return problems
        head = heads.get(desk)
        if head is None or head.seq != expected_seq - 1 or head.hash != prev:
            problems.append(Message(QT_TRANSLATE_NOOP(
                "errors", "Audit trail of desk {desk}: its newest entries are missing or the chain end was moved."),
                {"desk": desk}))
    return problems


@dataclass(frozen=True)
class AuditRow:
    """One entry: as recorded (``entity``, ``details``: for filtering and tests, never shown) and in words."""

    seq: int
    at: datetime
    desk_code: str
    actor_name: str
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]
    actor: str = ""                  # 刘晓燕 (the account's name), 系统
    action_word: str = ""            # 新建 / 修改 / 删除
    thing: str = ""                  # 居民
    name: str = ""                   # 张三
    sentence: str = ""               # 刘晓燕 修改了 居民 张三：电话 由 138****5678 改为 139****1234
    changes: tuple[Change, ...] = ()  # 项目 / 原值 / 新值


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    entity: str = ""
    since: date | None = None
    until: date | None = None   # inclusive
    text: str = ""              # found in the recorded values


class AuditService:
    """Browsing the trail: for administrators only, newest first, never a way to change it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def entries(self, actor: Actor, filters: AuditFilter, limit: int = 500) -> list[AuditRow]:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_AUDIT)
            stmt = select(AuditEntry)
            if filters.user.strip():
                stmt = stmt.where(AuditEntry.actor_name.icontains(filters.user.strip(), autoescape=True))
            if filters.entity:
                stmt = stmt.where(AuditEntry.entity == filters.entity)
            if filters.since:
                stmt = stmt.where(AuditEntry.created_at >= datetime.combine(filters.since, dtime(), LOCAL_TZ))
            if filters.until:
                end = datetime.combine(filters.until + timedelta(days=1), dtime(), LOCAL_TZ)
                stmt = stmt.where(AuditEntry.created_at < end)
            if filters.text.strip():
                stmt = stmt.where(cast(AuditEntry.details, String).icontains(filters.text.strip(), autoescape=True))
            rows = list(session.scalars(stmt.order_by(AuditEntry.created_at.desc(), AuditEntry.seq.desc())
                                        .limit(limit)))
            namer = Namer(session)
            namer.prefetch_entries((e.actor_id, e.entity, e.entity_id, e.details) for e in rows)
            out = []
            for e in rows:
                w = namer.words(e.actor_id, e.actor_name, e.action, e.entity, e.entity_id, e.details)
                out.append(AuditRow(e.seq, e.created_at, e.desk_code, e.actor_name, e.action, e.entity, e.entity_id,
                                    e.details, w.actor, w.action, w.thing, w.name, w.sentence, w.changes))
            return out

    def entities(self, actor: Actor) -> list[tuple[str, str]]:
        """The kinds of thing the trail speaks of: (what to filter by, its Chinese name), in the desk's order."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_AUDIT)
            present = set(session.scalars(select(AuditEntry.entity).distinct()))
            return [(table, name) for table, name in THINGS.items() if table in present]
