"""Where the desk keeps its files, and the few settings that belong to this PC, not the database."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP_DIR_NAME = "community-desk"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def atomic_write_text(path: Path, text: str) -> None:
    """Write, flush to disk, then rename: a power cut leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class LocalSettings:
    """Per-PC settings (desk.json in the data folder)."""

    desk_code: str = ""
    language: str = "zh_CN"
    idle_lock_minutes: int = 10  # a shared desk locks itself after this long without input; 0 = never
    backup_dir: str = ""         # e.g. a USB stick; empty = the data folder's backups/
    backup_keep: int = 14        # how many backups are kept (newest first)
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> LocalSettings:
        path = data_dir / "desk.json"
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            desk_code=str(raw.get("desk_code", "")),
            language=str(raw.get("language", "zh_CN")),
            idle_lock_minutes=int(raw.get("idle_lock_minutes", 10)),
            backup_dir=str(raw.get("backup_dir", "")),
            backup_keep=int(raw.get("backup_keep", 14)),
            extra={str(k): str(v) for k, v in dict(raw.get("extra", {})).items()},
        )

    def save(self, data_dir: Path) -> None:
        path = data_dir / "desk.json"
        atomic_write_text(path, json.dumps(asdict(self), ensure_ascii=False, indent=2))
        if self.extra.get("street_url"):  # it holds the desk's password for the street: for this PC's user alone
            path.chmod(0o600)


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "desk.sqlite3"

    @property
    def drafts(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def printouts(self) -> Path:
        return self.data_dir / "printouts"

    @property
    def logs(self) -> Path:
        """desk.log and its rotated copies (app/logsetup.py); created by the logging set-up, not by ``ensure``."""
        return self.data_dir / "logs"

    def ensure(self) -> None:
        for p in (self.data_dir, self.drafts, self.backups, self.printouts):
            p.mkdir(parents=True, exist_ok=True)
