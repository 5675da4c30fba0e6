"""Unsaved form contents, kept on disk while the clerk types, so a crash or power cut loses nothing.

Drafts belong to this PC and this user, not to the shared database: a half-typed request is not yet
anyone else's business. Each save replaces the file atomically (write, fsync, rename).
"""

from __future__ import annotations

import json
import re
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

    def _path(self, username: str, form: str) -> Path:
        return self._folder / f"{_SAFE.sub('_', username.lower())}.{_SAFE.sub('_', form)}.json"

    def save(self, username: str, form: str, fields: dict[str, Any]) -> None:
        payload = {"form": form, "user": username, "saved_at": self._clock.now().isoformat(), "fields": fields}
        atomic_write_text(self._path(username, form), json.dumps(payload, ensure_ascii=False))

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

    def discard(self, username: str, form: str) -> None:
        self._path(username, form).unlink(missing_ok=True)
