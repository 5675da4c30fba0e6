"""Builds the services for one data folder and database: the composition root shared by GUI and CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.auth import AuthService
from app.services.backup import BackupService
from app.services.clock import Clock, SystemClock
from app.services.db import Database, sqlite_url
from app.services.drafts import DraftStore
from app.services.export import ExportService
from app.services.intake import IntakeService
from app.services.residents import ResidentService
from app.services.settings import LocalSettings, Paths
from app.services.setup import SetupService
from app.services.verify import VerifyService


@dataclass
class Services:
    paths: Paths
    settings: LocalSettings
    db: Database
    auth: AuthService
    setup: SetupService
    residents: ResidentService
    intake: IntakeService
    drafts: DraftStore
    export: ExportService
    verify: VerifyService
    backups: BackupService

    @property
    def clock(self) -> Clock:
        return self.db.clock

    def remember_desk(self) -> None:
        """Store this PC's desk code after the first-start set-up chose it."""
        self.settings.desk_code = self.db.desk_code
        self.settings.save(self.paths.data_dir)

    def close(self) -> None:
        self.db.dispose()


def open_services(data_dir: Path, db_url: str | None = None, clock: Clock | None = None,
                  migrate: bool = True) -> Services:
    """Open (and, unless told not to, migrate) the database of ``data_dir`` or ``db_url``."""
    paths = Paths(data_dir)
    paths.ensure()
    settings = LocalSettings.load(data_dir)
    clock = clock or SystemClock()
    db = Database(db_url or sqlite_url(paths.database), clock, settings.desk_code)
    if migrate:
        db.migrate(backup_dir=paths.backups)
    auth = AuthService(db)
    return Services(
        paths=paths, settings=settings, db=db, auth=auth, setup=SetupService(db, auth),
        residents=ResidentService(db), intake=IntakeService(db), drafts=DraftStore(paths.drafts, clock),
        export=ExportService(db), verify=VerifyService(db),
        backups=BackupService(db, Path(settings.backup_dir) if settings.backup_dir else paths.backups,
                              max(settings.backup_keep, 1)),
    )
