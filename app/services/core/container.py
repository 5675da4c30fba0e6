"""Builds the services for one data folder and database: the composition root shared by GUI and CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services.care.duties import DutyService
from app.services.care.patrol import PatrolService
from app.services.care.visits import VisitService
from app.services.cases import rollup
from app.services.cases.briefing import StreetReportService
from app.services.cases.canned_replies import CannedReplyService
from app.services.cases.escalation import EscalationService
from app.services.cases.export import ExportService
from app.services.cases.followup import FollowUpService
from app.services.cases.holidays import HolidayService
from app.services.cases.hotspots import HotSpotService
from app.services.cases.intake import IntakeService
from app.services.cases.listing import CaseListService
from app.services.cases.message_service import MessageService
from app.services.cases.rates import RatesService
from app.services.cases.repeats import RepeatService
from app.services.cases.search import index_flush
from app.services.cases.workflow import WorkflowService
from app.services.community.desk import DeskSettingsService
from app.services.community.group import CommunitySetup
from app.services.core.access import AccessService
from app.services.core.anchors import AnchorService
from app.services.core.audit import AuditService, record_flush
from app.services.core.auth import AuthService
from app.services.core.backup import BackupService
from app.services.core.clock import Clock, SystemClock
from app.services.core.db import Database, sqlite_url
from app.services.core.dblock import DatabaseLock
from app.services.core.drafts import DraftStore
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError
from app.services.core.integrity import (
    IntegrityCheck,
    Reason,
    State,
    read_marker,
    reason_to_check,
    remove_marker,
    write_marker,
)
from app.services.core.settings import LocalSettings, Paths, default_data_dir
from app.services.core.setup import SetupService
from app.services.core.storage import DAMAGE, check_writable, refusal, sqlite_code
from app.services.core.verify import VerifyService
from app.services.ledger.points.services import Points
from app.services.ledger.timebank import TimeBank
from app.services.notices.board import NoticeService
from app.services.people.households import HouseholdService
from app.services.people.lists import ListService
from app.services.people.personal_data import PersonalDataService
from app.services.people.register import RegisterService
from app.services.people.register_import import RegisterImportService
from app.services.people.residents import ResidentService
from app.services.people.tags import TagService
from app.services.programmes.employment import EmploymentService
from app.services.programmes.partners import PartnerService
from app.services.sync.conflicts import SyncConflictService
from app.services.sync.service import SyncService


class DatabaseDamaged(DomainError):
    """The database file failed its integrity check; the app must not write to it."""


@dataclass
class Services:
    paths: Paths
    settings: LocalSettings
    db: Database
    auth: AuthService
    setup: SetupService
    residents: ResidentService
    register: RegisterService                # corrections: edit, move, status, merge
    register_import: RegisterImportService   # the register from and to spreadsheets
    tags: TagService                         # the tags of households and people, what they promise
    households: HouseholdService             # the register read by building and household, a resident's page
    intake: IntakeService
    drafts: DraftStore
    export: ExportService
    personal_data: PersonalDataService
    verify: VerifyService
    backups: BackupService
    audit: AuditService
    anchors: AnchorService     # the audit chain's heads published outside the database, the anchor sheet
    timebank: TimeBank
    workflow: WorkflowService
    escalation: EscalationService
    holidays: HolidayService                 # the official holidays over chinese-calendar: working-day limits
    notices: NoticeService
    rates: RatesService
    hot_spots: HotSpotService                # where problems cluster (热点), the heating seasons compared
    case_list: CaseListService
    points: Points
    community: CommunitySetup  # grids, buildings, departments, request classes, the set-up checklist
    desk_settings: DeskSettingsService
    access: AccessService                    # task keys, the record of commands run (command line)
    duties: DutyService                      # dated duties: what is due, recorded done or not (issue 19)
    visits: VisitService                     # the visits tags promise; which were missed, by grid
    patrol: PatrolService                    # the grid worker's patrol log (民情日记); a problem found -> a request
    lists: ListService                       # lists built by ticking conditions (智慧报表), saved by name
    messages: MessageService                 # words to send a resident: templates, a case's messages, sent (issue 20)
    replies: CannedReplyService              # canned progress notes (常用回复) by sub-category, class or any
    repeats: RepeatService                   # repeat callers: the intake form's 90 days, 本月多次来电 (issue 20)
    followups: FollowUpService               # the 回访 list: resolved requests waiting for the call (issue 20)
    sync: SyncService                        # this desk's sync with the street's server (issue 21)
    sync_conflicts: SyncConflictService      # 同步冲突: fields two desks changed apart, for the administrator
    street_report: StreetReportService       # the street's 工作简报 of a week or a month, as PDF or .docx
    partners: PartnerService                 # the resource list (资源清单): partners, offers, contributions (issue 22)
    employment: EmploymentService            # job seekers' files: plan, referrals, rights (就业帮扶闭环, issue 22)
    lock: DatabaseLock | None = None  # held while these services have the SQLite file open (dblock.py)
    integrity: IntegrityCheck | None = None  # this run's check of the SQLite file and its clean-close marker

    @property
    def clock(self) -> Clock:
        return self.db.clock

    def remember_desk(self) -> None:
        """Store this PC's desk code after the first-start set-up chose it."""
        self.settings.desk_code = self.db.desk_code
        self.settings.save(self.paths.data_dir)

    def close(self) -> None:
        """Close the database; the last process to close it, if it had it alone from the start, leaves the marker
        that spares the next start its check (``integrity.py``)."""
        if self.integrity is not None:
            self.integrity.stop()
        self.db.dispose()
        path = self.db.sqlite_path
        if self.integrity is not None and path is not None and self.lock is not None and self.lock.alone():
            marker = self.integrity.marker_at_close(path, self.clock.now())
            if marker is not None:
                write_marker(path, marker)
        if self.lock is not None:
            self.lock.release()


def _damage_refusal(paths: Paths, backups: BackupService) -> Callable[[list[str]], DomainError]:
    def refuse(problems: list[str]) -> DomainError:
        newest = backups.list()
        backup = str(newest[0].path) if newest else "<backup file>"
        if paths.data_dir.absolute() != default_data_dir().absolute():  # the advice is a command that works
            backup += f" --data-dir {paths.data_dir}"
        lines = [line for line in "\n".join(problems).splitlines() if line and not line.startswith("***")]
        return DatabaseDamaged(QT_TRANSLATE_NOOP(
            "errors", "The database {path} is damaged ({detail}). Nothing was changed. Restore the newest backup "
            "with: main.py restore {backup}"), path=str(paths.database), detail="; ".join(lines[:2]),
            backup=backup)
    return refuse


def _integrity(db: Database, paths: Paths, lock: DatabaseLock | None, backups: BackupService,
               background: bool) -> IntegrityCheck | None:
    """The check the clean-close marker calls for, its gate on every write, and the marker taken away."""
    path = db.sqlite_path
    if path is None or lock is None:
        return None
    alone = lock.alone()  # with the file open elsewhere (the desk app, while a command runs), that run answers for it
    marker = read_marker(path) if alone else None
    reason = reason_to_check(path, marker, db.clock.now()) if alone else None
    if reason == Reason.WEEKLY and not background:
        reason = None  # the week's check is the desk app's, in the background; a command does not wait for it
    check = IntegrityCheck(path, reason, marker, _damage_refusal(paths, backups), vouches=alone)
    remove_marker(path)
    db.write_gate = check.before_write
    if background:
        check.start()
        return check
    check.run()  # a command: the verdict before anything else, as before
    if check.error is not None:
        fault = refusal(check.error, paths.data_dir)
        raise fault if fault is not None else check.error
    if check.state == State.DAMAGED:
        raise check.refusal()
    return check


def open_database(url: str, clock: Clock, desk_code: str = "") -> Database:
    """The database with what every write does wired in: the audit trail records each flushed row, the full-text
    index takes in descriptions and notes, and the rates' daily rollup counts the requests written again, all in the
    transaction that writes them."""
    return Database(url, clock, desk_code, before_flush=[record_flush], after_flush=[index_flush, rollup.note_flush],
                    before_commit=[rollup.settle], after_rollback=[rollup.forget])


def open_services(data_dir: Path, db_url: str | None = None, clock: Clock | None = None,
                  migrate: bool = True, for_restore: bool = False, check_in_background: bool = False) -> Services:
    """Open (and, unless told not to, migrate) the database of ``data_dir`` or ``db_url``. ``for_restore``: open
    it as it is, damaged or from a newer program, only to replace it (``main.py restore``).

    The SQLite file's integrity check, when one is due (``integrity.py``), runs before this returns, or with
    ``check_in_background`` (the desk app) in the background while writes wait for its verdict."""
    paths = Paths(data_dir)
    paths.ensure()
    settings = LocalSettings.load(data_dir)
    clock = clock or SystemClock()
    db = open_database(db_url or sqlite_url(paths.database), clock, settings.desk_code)
    db.syncing = bool(settings.extra.get("street_url"))  # this desk syncs with a street (sync/service.py)
    lock = None
    if db.sqlite_path is not None:
        check_writable(paths.data_dir)  # a read-only folder is said as such, not as a damaged database
        lock = DatabaseLock(db.sqlite_path)
        lock.hold()
    backups = BackupService(db, Path(settings.backup_dir) if settings.backup_dir else paths.backups,
                            max(settings.backup_keep, 1), default_folder=paths.backups, lock=lock)
    integrity = None
    try:
        if not for_restore:
            integrity = _integrity(db, paths, lock, backups, check_in_background)
        if migrate and not for_restore:
            db.migrate(backup_dir=paths.backups)
    except BaseException as exc:
        if integrity is not None:
            integrity.stop()
        db.dispose()
        if lock is not None:
            lock.release()
        if sqlite_code(exc) in DAMAGE:  # damage met on the way in (the schema, the version): said as damage
            raise _damage_refusal(paths, backups)([str(getattr(exc, "orig", exc))]) from exc
        raise
    auth = AuthService(db)
    intake = IntakeService(db)
    return Services(
        paths=paths, settings=settings, db=db, auth=auth, setup=SetupService(db, auth),
        residents=ResidentService(db), register=RegisterService(db), tags=TagService(db),
        households=HouseholdService(db),
        register_import=RegisterImportService(db, paths.data_dir), intake=intake,
        drafts=DraftStore(paths.drafts, clock),
        workflow=WorkflowService(db), escalation=EscalationService(db), holidays=HolidayService(db),
        case_list=CaseListService(db),
        export=ExportService(db), personal_data=PersonalDataService(db), verify=VerifyService(db),
        rates=RatesService(db), hot_spots=HotSpotService(db), notices=NoticeService(db),
        street_report=StreetReportService(db),
        backups=backups, audit=AuditService(db), anchors=AnchorService(db), timebank=TimeBank.open(db),
        points=Points.of(db),
        community=CommunitySetup.of(db),
        desk_settings=DeskSettingsService(db, settings, paths, backups), access=AccessService(db), lock=lock,
        duties=DutyService(db), visits=VisitService(db), patrol=PatrolService(db, intake), lists=ListService(db),
        messages=MessageService(db), replies=CannedReplyService(db),
        integrity=integrity, repeats=RepeatService(db),
        followups=FollowUpService(db), partners=PartnerService(db), employment=EmploymentService(db),
        sync=SyncService(db, settings, paths.data_dir), sync_conflicts=SyncConflictService(db),
    )
