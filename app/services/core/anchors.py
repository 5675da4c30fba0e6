"""Anchors of the audit chain: its head, published where the database cannot reach, and proved still there.

A hash chain inside the file proves nothing against someone who holds the file: they can edit a row, edit its audit
entry to match and recompute every hash after it (``audit.entry_hash`` is no secret). What they cannot change is what
left the file before: the chain's head printed on every notice and passbook (``A01-CLJS-DSGR-CHVJ-VPSH``: the desk,
then the entry's number and the first 12 hex digits of its hash spelt in letters, short enough to read aloud), the
whole chain carried by every
backup, and the anchor sheet an administrator prints or exports. ``main.py verify --anchor FILE`` proves the chain
still holds each: the entry with that number has that hash (and ``check_chains`` proves the chain links from it to the
end). A backup is a stronger anchor still: every entry it holds must be in the database unchanged, so the first entry
rewritten is named, with the row it records.

The desk keeps its own list of what it published (``audit_anchor``, append-only) for the anchor sheet and as a quick
check inside ``verify``; the list is a convenience, the paper and the files outside are the proof.

Once desks sync to a central server, the server is the natural anchor: each desk sends its head with every sync and
the server keeps them; ``check_anchors`` takes the server's list as it takes a file's (``Anchor`` rows).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.models import AuditAnchor, AuditEntry, AuditHead, Community
from app.services.core.audit_words import Namer
from app.services.core.auth import Actor, Permission, require, require_account
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, Message, NotFound, ValidationError

log = logging.getLogger(__name__)

NOTICE, PASSBOOK, BACKUP, SHEET = "notice", "passbook", "backup", "sheet"
PLACE_WORDS = {NOTICE: "公示", PASSBOOK: "存折/对账单", BACKUP: "备份", SHEET: "校验单"}  # printed, always Chinese
SHORT = 12  # hex digits of the hash in a printed fingerprint
# A printed fingerprint spells the entry's number and the hash in letters, one for each hex digit: a run of digits on a
# public notice reads as a phone or an ID number (and is what the leak checks look for); letters are as easy to read
# aloud and to copy. No vowels, so no word is spelt by chance.
LETTERS = "BCDFGHJKLMNPRSTV"
_L = f"[{LETTERS}]"
FINGERPRINT_RE = re.compile(rf"(?<![A-Za-z0-9])([A-Z][A-Z0-9]{{1,7}})-({_L}{{1,12}})-({_L}{{4}})-({_L}{{4}})"
                            rf"-({_L}{{4}})(?![A-Za-z0-9])")
COMMAND_LINE = "命令行"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Head:
    """An entry of a desk's chain: its number and hash."""

    desk: str
    seq: int
    hash: str

    @property
    def fingerprint(self) -> str:
        """``A01-DTRF-GKCS-BVNM-PLDH``: the desk, then the entry's number and the first 12 hex digits of its hash,
        each hex digit as a letter (``LETTERS``)."""
        prefix = _spell(self.hash[:SHORT])
        return f"{self.desk}-{_spell(format(self.seq, 'x'))}-{prefix[:4]}-{prefix[4:8]}-{prefix[8:]}"


def _spell(hex_digits: str) -> str:
    return "".join(LETTERS[int(c, 16)] for c in hex_digits)


def _unspell(letters: str) -> str:
    return "".join(f"{LETTERS.index(c):x}" for c in letters)


def find_fingerprints(text: str) -> list[Head]:
    """Every fingerprint in ``text`` (typed in lower case too), as the head it names (its hash: the printed prefix)."""
    return [Head(m[1], int(_unspell(m[2]), 16), _unspell(m[3] + m[4] + m[5]))
            for m in FINGERPRINT_RE.finditer(text.upper())]


def parse_fingerprint(text: str) -> Head | None:
    found = find_fingerprints(text.strip())
    return found[0] if len(found) == 1 and found[0].fingerprint == text.strip().upper() else None


@dataclass(frozen=True)
class Anchor:
    """A head read back from outside the database (``hash`` may be the printed prefix only)."""

    head: Head
    source: str  # where it was read: a file's name, and the place it was published when known


@dataclass(frozen=True)
class AnchorFile:
    path: Path
    anchors: tuple[Anchor, ...]
    is_backup: bool = False  # a desk database: its whole chain is compared, not only its heads


@dataclass(frozen=True)
class Published:
    """One line of the desk's list of published heads."""

    at: datetime
    place: str
    reference: str
    head: Head
    published_by: str

    @property
    def fingerprint(self) -> str:
        return self.head.fingerprint


@dataclass(frozen=True)
class AnchorSheet:
    community: str
    made_at: datetime
    made_by: str
    head: Head
    published: tuple[Published, ...] = field(default_factory=tuple)


def fingerprint_of(desk: str, seq: int, digest: str) -> str:
    return Head(desk, seq, digest).fingerprint


def current_head(session: Session, desk: str) -> Head | None:
    """The newest entry of ``desk``'s chain; None before its first entry."""
    row = session.get(AuditHead, desk)
    return Head(desk, int(row.seq), row.hash) if row is not None and row.seq else None


def publish(session: Session, desk: str, place: str, reference: str, by: str, head: Head | None = None) -> Head | None:
    """Note in the desk's list that ``head`` (default: the current one) was published at ``place``, in the caller's
    transaction. A fingerprint that was printed is resolved to its entry's full hash."""
    head = head or current_head(session, desk)
    if head is None:
        return None
    if len(head.hash) < 64:
        full = session.scalar(select(AuditEntry.hash).where(AuditEntry.desk_code == head.desk,
                                                            AuditEntry.seq == head.seq))
        if full is None or not full.startswith(head.hash):
            return None
        head = Head(head.desk, head.seq, full)
    session.add(AuditAnchor(place=place, reference=reference[:120], chain_desk=head.desk, seq=head.seq,
                            hash=head.hash, published_by=by[:64]))
    return head


def note_backup(db: Database, backup: Path) -> None:
    """Add a backup just made to the desk's list of published heads: the head it carries, read from the file itself.
    The backup is made whatever happens here; a list that cannot be written only loses a convenience (logged)."""
    try:
        heads = list(_backup_heads(backup, required=False))  # a desk not set up yet has no chain to anchor
        with db.transaction() as session:
            for anchor in heads:
                publish(session, anchor.head.desk, BACKUP, backup.name, COMMAND_LINE, anchor.head)
    except (DomainError, SQLAlchemyError, OSError):
        log.warning("The backup %s was not added to the list of published fingerprints", backup, exc_info=True)


def printed_head(session: Session, desk: str) -> str:
    """The fingerprint a document prints (empty before the chain's first entry)."""
    head = current_head(session, desk)
    return head.fingerprint if head else ""


def _published(session: Session, limit: int) -> list[Published]:
    rows = session.scalars(select(AuditAnchor).order_by(AuditAnchor.created_at.desc(), AuditAnchor.seq.desc())
                           .limit(limit))
    return [Published(r.created_at, r.place, r.reference, Head(r.chain_desk, int(r.seq), r.hash), r.published_by)
            for r in rows]


class AnchorService:
    """The anchor sheet and the list of published heads, for administrators (VIEW_AUDIT)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def published(self, actor: Actor, limit: int = 500) -> list[Published]:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_AUDIT)
            return _published(session, limit)

    def note_printed(self, actor: Actor, place: str, reference: str, fingerprint: str) -> None:
        """A document printing ``fingerprint`` was made (a passbook, a points statement): it joins the desk's list
        of published heads. Any account that could make the document may note it."""
        head = parse_fingerprint(fingerprint)
        with self._db.transaction() as session:
            staff = require_account(session, actor)
            if head is not None and place in PLACE_WORDS:
                publish(session, head.desk, place, reference, staff.display_name, head)

    def make_sheet(self, actor: Actor | None, limit: int = 500) -> AnchorSheet:
        """The chain's head now, noted as published on an anchor sheet, with the heads published before (newest
        first). ``actor`` None is the command line run by IT staff on the desk's PC."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.VIEW_AUDIT) if actor is not None else None
            by = staff.display_name if staff is not None else COMMAND_LINE
            now = self._db.clock.now()
            head = publish(session, self._db.desk_code, SHEET, f"{local(now):%Y-%m-%d %H:%M}", by)
            if head is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "The audit trail is still empty: there is nothing to "
                                                           "anchor yet."))
            session.flush()
            community = session.scalar(select(Community.name).limit(1)) or ""
            return AnchorSheet(community, now, by, head, tuple(_published(session, limit)))


# --- reading anchors back --------------------------------------------------------------------------------------


def read_anchor_file(path: Path) -> AnchorFile:
    """The heads a file holds: an anchor sheet (its JSON or its text), any text with fingerprints in it (typed from a
    notice or a passbook), or a backup of the desk's database. Bad input is refused before anything is checked."""
    if not path.is_file():
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No anchor file at {path}."), path=str(path))
    with open(path, "rb") as fh:
        magic = fh.read(len(SQLITE_MAGIC))
    if magic == SQLITE_MAGIC:
        return AnchorFile(path, tuple(_backup_heads(path)), is_backup=True)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    anchors: list[Anchor] = []
    if text.lstrip().startswith("{"):
        try:
            anchors = list(_json_heads(json.loads(text), path.name))
        except (ValueError, TypeError, KeyError, AttributeError):
            anchors = []
    if not anchors:
        anchors = [Anchor(head, path.name) for head in find_fingerprints(text)]
    if not anchors:
        raise ValidationError.single("anchor", QT_TRANSLATE_NOOP(
            "errors", "{path} holds no fingerprint of the audit trail (one reads like A01-CLJS-DSGR-CHVJ-VPSH)."),
            path=str(path))
    return AnchorFile(path, tuple(dict.fromkeys(anchors)))


def _json_heads(data: dict[str, Any], name: str) -> Iterator[Anchor]:
    for item in [data["head"], *data.get("published", [])]:
        desk, seq, digest = str(item["desk"]), int(item["seq"]), str(item["hash"]).lower()
        if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", desk) and seq > 0 and re.fullmatch(r"[0-9a-f]{12,64}", digest):
            where = f"{name}: {PLACE_WORDS.get(item.get('place', ''), '')} {item.get('at', '')}".rstrip(": ")
            yield Anchor(Head(desk, seq, digest), where)


def _backup_heads(path: Path, required: bool = True) -> Iterator[Anchor]:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as conn:
            rows = conn.execute("SELECT desk_code, seq, hash FROM audit_head WHERE seq > 0").fetchall()
    except sqlite3.DatabaseError as exc:
        raise ValidationError.single("anchor", QT_TRANSLATE_NOOP(
            "errors", "{path} is not a readable desk database: {error}"), path=str(path), error=str(exc)) from None
    if not rows and required:
        raise ValidationError.single("anchor", QT_TRANSLATE_NOOP(
            "errors", "{path} holds no fingerprint of the audit trail (one reads like A01-CLJS-DSGR-CHVJ-VPSH)."),
            path=str(path))
    for desk, seq, digest in rows:
        yield Anchor(Head(str(desk), int(seq), str(digest)), path.name)


# --- checking them ---------------------------------------------------------------------------------------------


def check_anchors(session: Session, files: Sequence[AnchorFile], limit: int = 20) -> list[Message]:
    """Each anchored head must still be in the chain with its hash; a backup's whole chain must be in it unchanged."""
    problems: list[Message] = []
    for anchor_file in files:
        if anchor_file.is_backup:
            problems += _check_backup_chain(session, anchor_file.path, limit)
        for anchor in anchor_file.anchors:
            problems += _check_head(session, anchor)
    return problems[:limit]


def _check_head(session: Session, anchor: Anchor) -> list[Message]:
    head = anchor.head
    digest = session.scalar(select(AuditEntry.hash).where(AuditEntry.desk_code == head.desk,
                                                          AuditEntry.seq == head.seq))
    params = {"fingerprint": head.fingerprint, "source": anchor.source, "desk": head.desk, "seq": head.seq}
    if digest is None:
        return [Message(QT_TRANSLATE_NOOP(
            "errors", "Anchor {fingerprint} ({source}): the audit trail of desk {desk} no longer has entry {seq}: "
                      "entries were deleted or the trail was cut back after it was published."), params)]
    if not digest.startswith(head.hash):
        return [Message(QT_TRANSLATE_NOOP(
            "errors", "Anchor {fingerprint} ({source}): entry {seq} of desk {desk} now reads {now}: the audit trail "
                      "was rewritten at or before this entry after it was published."),
            {**params, "now": digest[:SHORT]})]
    return []


def _check_backup_chain(session: Session, path: Path, limit: int) -> list[Message]:
    """Every entry of the backup must be in the database with the same hash: the first that is not (per desk) is
    named with the row it records, so a rewritten chain still points at what was changed."""
    problems: list[Message] = []
    namer = Namer(session)
    with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as conn:
        desks = [str(r[0]) for r in conn.execute("SELECT desk_code FROM audit_head WHERE seq > 0 ORDER BY 1")]
        for desk in desks:
            saved = conn.execute("SELECT seq, hash, action, entity, entity_id, actor_name FROM audit_log "
                                 "WHERE desk_code = ? ORDER BY seq", (desk,))
            live = iter(session.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.desk_code == desk)
                                        .order_by(AuditEntry.seq).execution_options(yield_per=10_000)))
            here = next(live, None)
            for seq, digest, action, entity, entity_id, actor_name in saved:
                what = namer.words(None, actor_name, action, entity, entity_id, None).short
                while here is not None and here[0] < seq:
                    here = next(live, None)
                if here is None or here[0] != seq:
                    problems.append(Message(QT_TRANSLATE_NOOP(
                        "errors", "Backup {file}: entry {seq} of desk {desk} ({what}) is missing from the audit "
                                  "trail: it was deleted after the backup."),
                        {"file": path.name, "seq": seq, "desk": desk, "what": what}))
                    break
                if here[1] != digest:
                    now = session.execute(select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
                                                 AuditEntry.actor_name).where(
                        AuditEntry.desk_code == desk, AuditEntry.seq == seq)).one()
                    problems.append(Message(QT_TRANSLATE_NOOP(
                        "errors", "Backup {file}: entry {seq} of desk {desk} differs from the backup's copy (there: "
                                  "{what}; now: {now}): the audit trail was rewritten from there on after the backup."),
                        {"file": path.name, "seq": seq, "desk": desk, "what": what,
                         "now": namer.words(None, now[3], now[0], now[1], now[2], None).short}))
                    break  # from a rewritten entry on, every later hash differs too: the first one is the news
            if len(problems) >= limit:
                break
    return problems


def check_published(session: Session, limit: int = 20) -> list[Message]:
    """The desk's own list of published heads against its chain: a quick check inside every ``verify``."""
    rows = session.execute(
        select(AuditAnchor.chain_desk, AuditAnchor.seq, AuditAnchor.hash, AuditAnchor.place, AuditAnchor.reference,
               AuditEntry.hash)
        .outerjoin(AuditEntry, (AuditEntry.desk_code == AuditAnchor.chain_desk) & (AuditEntry.seq == AuditAnchor.seq))
        .where((AuditEntry.hash.is_(None)) | (AuditEntry.hash != AuditAnchor.hash)).limit(limit))
    return [Message(QT_TRANSLATE_NOOP(
        "errors", "The fingerprint {fingerprint} published on {place} {reference} is no longer in the audit trail: "
                  "the trail was rewritten after it was published."),
        {"fingerprint": fingerprint_of(desk, seq, digest), "place": PLACE_WORDS.get(place, place),
         "reference": reference}) for desk, seq, digest, place, reference, _now in rows]


def sheet_json(sheet: AnchorSheet) -> str:
    """The anchor sheet as plain JSON, for ``verify --anchor`` and for safekeeping (no personal data in it)."""
    def item(desk: str, seq: int, digest: str, place: str, at: datetime, reference: str) -> dict[str, Any]:
        return {"desk": desk, "seq": seq, "hash": digest, "fingerprint": fingerprint_of(desk, seq, digest),
                "place": place, "reference": reference, "at": at.isoformat()}

    head = sheet.head
    return json.dumps({
        "kind": "community-desk audit anchors", "community": sheet.community, "made_by": sheet.made_by,
        "head": item(head.desk, head.seq, head.hash, SHEET, sheet.made_at, ""),
        "published": [item(p.head.desk, p.head.seq, p.head.hash, p.place, p.at, p.reference)
                      for p in sheet.published],
    }, ensure_ascii=False, indent=1)
