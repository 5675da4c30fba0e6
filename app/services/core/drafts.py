"""Unsaved form contents, kept on disk while the clerk types, so a crash or power cut loses nothing.

Drafts belong to this PC and this user, not to the shared database: a half-typed request is not yet
anyone else's business. Each save replaces the file atomically (write, fsync, rename).

The desk writes them off the GUI thread (an fsync can take a while): the form takes a ``ticket`` as it changes, in
order, and a save or discard whose ticket is older than the last one done for the same file is skipped, so an
earlier save finishing late never writes over a later one, nor brings back a discarded draft.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services.core.clock import Clock
from app.services.core.settings import atomic_write_text

_SAFE = re.compile(r"[^a-z0-9_.-]")


class DraftStore:
    def __init__(self, folder: Path, clock: Clock) -> None:
        self._folder = folder
        self._clock = clock
        self._tickets = itertools.count(1)
        self._lock = threading.Lock()   # one write at a time, in ticket order
        self._done: dict[Path, int] = {}  # the latest ticket saved or discarded, by file

    def ticket(self) -> int:
        """Take a place in line, on the thread where the form changes, before handing the save to another."""
        return next(self._tickets)

    def _in_turn(self, path: Path, ticket: int | None) -> bool:
        if ticket is None:
            return True
        if ticket < self._done.get(path, 0):
            return False
        self._done[path] = ticket
        return True

    def _path(self, username: str, form: str) -> Path:
        return self._folder / f"{_SAFE.sub('_', username.lower())}.{_SAFE.sub('_', form)}.json"

    def save(self, username: str, form: str, fields: dict[str, Any], ticket: int | None = None) -> bool:
        """Write the draft; False if a later ticket was already done for it (see the module's text)."""
        payload = {"form": form, "user": username, "saved_at": self._clock.now().isoformat(), "fields": fields}
        path = self._path(username, form)
        with self._lock:
            if not self._in_turn(path, ticket):
                return False
            atomic_write_text(path, json.dumps(payload, ensure_ascii=False))
        return True

    def load(self, username: str, form: str) -> tuple[datetime, dict[str, Any]] | None:
        """The saved fields and when they were saved, or None. A damaged file counts as no draft."""
        path = self._path(username, form)
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            return datetime.fromisoformat(payload["saved_at"]), dict(payload["fields"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            path.rename(path.with_suffix(".damaged"))
            return None

    def discard(self, username: str, form: str, ticket: int | None = None) -> None:
        path = self._path(username, form)
        with self._lock:
            if self._in_turn(path, ticket):
                path.unlink(missing_ok=True)
