"""Command line beside the GUI, for IT staff and scheduled tasks.

python main.py                         start the desk app
python main.py --version
python main.py demo      [--data-dir DIR]
python main.py verify    [--data-dir DIR | --db URL] [--anchor FILE ...] [--rebuild-figures]
                          FILE: an anchor sheet (.json/.txt), a text with fingerprints typed from a notice or a
                          passbook, or a backup; each published head must still be in the audit chain
python main.py anchor-sheet --out FILE.pdf WHO   the audit chain's head now and the heads published before (PDF and
                          FILE.json beside it), to keep outside the desk's PC
python main.py export    --format json|csv|xlsx --out FILE [filters] [--figures] WHO
                          filters: --from DAY --to DAY --status S --category C --grid G --department D
                          --urgency N --channel CH --text WORDS --overdue --in-pool (as the request list's)
python main.py resident-export ID_OR_QUERY --out FILE WHO
python main.py resident-erase  ID_OR_QUERY --reason TEXT [--yes] WHO
python main.py import-residents FILE [--sheet NAME] [--mapping FILE.json] [--commit] WHO
                          the register import's preview (counts, then each refused row and why); writes the good
                          rows only with --commit (IMPORT_REGISTER; the import is recorded under the account).
                          Exit code 2 when any row is refused (with --commit the good rows are written)
python main.py screenshot --out DIR
python main.py escalate  [--at TIME]   one pass of the escalation ladder (for a scheduled task)
python main.py due       [--days N] WHO   the duties overdue and due within N days (default 7; a scheduled task)
python main.py notice    --from DATE --to DATE [--large] [--landscape] --out FILE.pdf WHO
python main.py receipt   CASE_NO --out FILE.pdf WHO
python main.py report    --week|--month [--to DAY] --out FILE.pdf|FILE.docx WHO   the street's 工作简报 of the week
                          (Monday to Sunday) or the month containing DAY (default today), as a PDF or a Word document
python main.py backup    [--out DIR] WHO;   restore FILE [WHO]   (restore: the administrator)
python main.py street    --db URL   the street's view (街道总览): every community side by side, on the street's server
python main.py task-key  create --for USER --label TEXT | list | revoke --key ID   WHO (the administrator)

WHO: --as USER (the password is asked at the terminal), --as USER --password-stdin (the first line of standard
input), or --key-file FILE (a task key). Every command that reads or writes personal data runs as an account and is
recorded (app/services/core/access.py). Bad values are refused by argparse with exit code 2 (app/cli_checks.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app import __version__
from app.cli_checks import (
    EscapingStream,
    control_characters,
    day,
    days_ahead,
    input_file,
    local_time,
    output_file,
    output_folder,
    screen_size,
)
from app.domain.enums import CaseStatus, Channel, FontSize
from app.i18n import LANGUAGES, describe_os_error, install_translators
from app.logsetup import FILE_ONLY, configure_logging, reset_logging
from app.services.core.errors import DomainError
from app.services.core.settings import LocalSettings, default_data_dir

if TYPE_CHECKING:  # the database's modules are imported by the commands that open it: the desk app opens it later
    from app.services.cases.listing import CaseQuery
    from app.services.core.auth import Actor
    from app.services.core.container import Services
    from app.services.people.residents import ResidentSummary

log = logging.getLogger(__name__)

GUI_COMMANDS = {None, "screenshot", "check-qt", "street"}
OFFSCREEN_COMMANDS = {"screenshot", "check-qt"}  # need widgets, never a screen


def _pre_parse(argv: Sequence[str]) -> argparse.Namespace:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=LANGUAGES)
    pre.add_argument("--data-dir", type=Path)
    pre.add_argument("--db")  # takes a value: a PostgreSQL URL is not the command (the desk on a shared server)
    pre.add_argument("--version", action="store_true")
    pre.add_argument("command", nargs="?")
    ns, _ = pre.parse_known_args(argv)
    return ns


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help=QCoreApplication.translate("cli", "folder for the database, drafts, backups and printouts"),
    )
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help=QCoreApplication.translate("cli", "SQLAlchemy database URL, e.g. postgresql+psycopg://user@server/desk"),
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=QCoreApplication.translate("cli", "interface language"),
    )
    common.add_argument("--exit-when-shown", action="store_true", default=argparse.SUPPRESS,
                        help=QCoreApplication.translate(
                            "cli", "start the desk app as usual and exit with 0 once its first window is painted "
                            "(to time a start)"))

    acting = argparse.ArgumentParser(add_help=False)
    acting.add_argument("--as", dest="as_user", default=None, help=QCoreApplication.translate(
        "cli", "the account acting (its permissions apply and the audit trail names it); its password is asked"))
    acting.add_argument("--password-stdin", action="store_true", help=QCoreApplication.translate(
        "cli", "read the password from the first line of standard input (for a script that takes it from a "
        "password store; never put a password on the command line)"))
    acting.add_argument("--key-file", type=input_file, default=None, help=QCoreApplication.translate(
        "cli", "a file holding a task key the administrator made for a scheduled task (main.py task-key create)"))
    parser = argparse.ArgumentParser(
        prog="main.py",
        parents=[common],
        description=QCoreApplication.translate(
            "cli",
            "Community Desk: front-desk software for community service "
            "centres. Without a command it starts the desk app.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"community-desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo", parents=[common], help=QCoreApplication.translate("cli", "build a demo community to look around in")
    )
    demo.add_argument(
        "--seed", type=int, default=20261122, help=QCoreApplication.translate("cli", "random seed of the demo data")
    )
    verify = sub.add_parser(
        "verify",
        parents=[common],
        help=QCoreApplication.translate("cli", "check the database and the app's invariants; exit code 0 when healthy"),
    )
    verify.add_argument("--anchor", type=Path, action="append", default=[], help=QCoreApplication.translate(
        "cli", "an anchor sheet, a text with fingerprints or a backup: prove the audit chain still holds them"))
    verify.add_argument("--rebuild-figures", action="store_true", help=QCoreApplication.translate(
        "cli", "count the dashboard's daily figures again from the requests first"))
    sheet = sub.add_parser(
        "anchor-sheet", parents=[common, acting], help=QCoreApplication.translate(
            "cli", "print the audit chain's fingerprint and the ones published before, to keep outside this PC"))
    sheet.add_argument("--out", type=output_file, required=True, help=QCoreApplication.translate(
        "cli", "the PDF to write; the same as JSON is written beside it"))
    export = sub.add_parser(
        "export",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "export all requests with their full history"),
    )
    export.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    export.add_argument("--out", type=output_file, required=True)
    _add_filters(export)
    person_help = QCoreApplication.translate("cli", "the resident's id, or a search (name, phone, ID number, address) "
                                                    "that finds exactly one")
    person_export = sub.add_parser(
        "resident-export",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "write everything stored about one resident to a JSON file"),
    )
    person_export.add_argument("resident", help=person_help)
    person_export.add_argument("--out", type=output_file, required=True)
    person_erase = sub.add_parser(
        "resident-erase",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "erase one resident's personal data, keeping their requests anonymised"),
    )
    person_erase.add_argument("resident", help=person_help)
    person_erase.add_argument("--reason", required=True)
    person_erase.add_argument("--yes", action="store_true",
                              help=QCoreApplication.translate("cli", "really erase (without it, only say who it is)"))
    importing = sub.add_parser(
        "import-residents",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "import residents and households from a spreadsheet (xlsx or csv): "
                                               "shows what it would do; writes only with --commit"),
    )
    importing.add_argument("file", type=input_file)
    importing.add_argument("--sheet", help=QCoreApplication.translate("cli", "the sheet to read (default: the first)"))
    importing.add_argument("--mapping", type=input_file, help=QCoreApplication.translate(
        "cli", "a JSON file {\"column header\": \"field\"} (fields: name, gender, birth_date, id_number, phone, "
        "address, building, unit, room, grid, tags, notes); default: the remembered or guessed columns"))
    importing.add_argument("--commit", action="store_true", help=QCoreApplication.translate(
        "cli", "import the good rows (without it nothing is written)"))
    receipt = sub.add_parser(
        "receipt",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "print a case's receipt again to a PDF file"),
    )
    receipt.add_argument("case_no", help=QCoreApplication.translate("cli", "case number, e.g. A01-20261122-0007"))
    receipt.add_argument("--out", type=output_file, required=True)
    backup = sub.add_parser(
        "backup", parents=[common, acting],
        help=QCoreApplication.translate("cli", "back up the database now (online backup)")
    )
    backup.add_argument("--out", type=output_folder, help=QCoreApplication.translate("cli", "folder, e.g. a USB stick"))
    restore = sub.add_parser(
        "restore",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "replace the database with a checked backup (the current one is kept)"),
    )
    restore.add_argument("file", type=Path)
    escalate = sub.add_parser(
        "escalate",
        parents=[common],
        help=QCoreApplication.translate("cli", "record the warnings and escalations that are due (a scheduled task)"),
    )
    escalate.add_argument(
        "--at", type=local_time, default=None,
        help=QCoreApplication.translate("cli", "run the pass as of this time, e.g. 2026-11-20T10:00 (default: now)"))
    notice = sub.add_parser(
        "notice",
        parents=[common, acting],
        help=QCoreApplication.translate("cli", "make the public notice board of a period as a PDF and record it as "
                                               "published"),
    )
    notice.add_argument("--from", dest="start", type=day, required=True,
                        help=QCoreApplication.translate("cli", "first day, e.g. 2026-11-01"))
    notice.add_argument("--to", dest="end", type=day, required=True,
                        help=QCoreApplication.translate("cli", "last day (included), e.g. 2026-11-30"))
    notice.add_argument("--large", action="store_true",
                        help=QCoreApplication.translate("cli", "large print for elderly readers"))
    notice.add_argument("--landscape", action="store_true", help=QCoreApplication.translate("cli", "A4 landscape"))
    notice.add_argument("--out", type=output_file, required=True)
    report = sub.add_parser("report", parents=[common, acting], help=QCoreApplication.translate(
        "cli", "write the street's work report (工作简报) of a week or a month as a PDF or a Word document"))
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--week", dest="period", action="store_const", const="week", help=QCoreApplication.translate(
        "cli", "the week (Monday to Sunday) containing the day"))
    which.add_argument("--month", dest="period", action="store_const", const="month",
                       help=QCoreApplication.translate("cli", "the month containing the day"))
    report.add_argument("--to", type=day, default=None, help=QCoreApplication.translate(
        "cli", "a day of the week or month, e.g. 2026-11-20 (default: today)"))
    report.add_argument("--out", type=output_file, required=True, help=QCoreApplication.translate(
        "cli", "the file to write: .pdf or .docx"))
    due = sub.add_parser("due", parents=[common, acting], help=QCoreApplication.translate(
        "cli", "print the duties overdue and those due within the coming days (inspections, checks, visits)"))
    due.add_argument("--days", type=days_ahead, default=7, help=QCoreApplication.translate(
        "cli", "how many days ahead, 0 to 366 (default 7: the coming week)"))
    keys = sub.add_parser("task-key", parents=[common, acting], help=QCoreApplication.translate(
        "cli", "make, list or revoke the keys scheduled tasks use instead of a password (administrator)"))
    keys.add_argument("action", choices=("create", "list", "revoke"))
    keys.add_argument("--for", dest="for_user", help=QCoreApplication.translate("cli", "create: the account the "
                                                                                      "key acts as"))
    keys.add_argument("--label", default="", help=QCoreApplication.translate("cli", "create: what the key is for"))
    keys.add_argument("--key", dest="key_id", help=QCoreApplication.translate("cli", "revoke: the key's id"))
    street = sub.add_parser("street-init", parents=[common], help=QCoreApplication.translate(
        "cli", "prepare the street's PostgreSQL server (--db): its schema, the desks' role and the row-level "
               "policies; with --add-desk, give a desk its account and print the address it joins with"))
    street.add_argument("--add-desk", metavar="CODE", help=QCoreApplication.translate(
        "cli", "a desk's code, e.g. A01 (unique in the street)"))
    street.add_argument("--community", help=QCoreApplication.translate(
        "cli", "with --add-desk: the community the desk serves, as its desk calls it"))
    join = sub.add_parser("join-street", parents=[common], help=QCoreApplication.translate(
        "cli", "connect this desk to the street's server and sync once (an empty data folder starts from the "
               "street's copy of its community)"))
    join.add_argument("--street", required=True, help=QCoreApplication.translate(
        "cli", "the address street-init --add-desk printed for this desk"))
    sub.add_parser("sync", parents=[common], help=QCoreApplication.translate(
        "cli", "sync with the street's server once and say what went up and came down (a scheduled task)"))
    sub.add_parser("street", parents=[common], help=QCoreApplication.translate(
        "cli", "open the street's view (街道总览) on the street's server (--db, the street administrator's account): "
               "every community side by side"))
    shot = sub.add_parser(
        "screenshot", parents=[common], help=QCoreApplication.translate("cli", "render each main screen to PNG files")
    )
    shot.add_argument("--out", type=output_folder, required=True)
    shot.add_argument("--size", type=screen_size, default="1366x728", help=QCoreApplication.translate(
        "cli", "the main window's size in pixels, WIDTHxHEIGHT (default 1366x728: maximised on a 1366x768 screen)"))
    shot.add_argument("--font-size", choices=[s.value for s in FontSize], default=FontSize.STANDARD.value,
                      help=QCoreApplication.translate("cli", "the text size: standard, large or extra-large"))
    probe = sub.add_parser(
        "check-qt", help=QCoreApplication.translate(
            "cli", "check that this build of the Qt bindings keeps its references (run before a Qt upgrade)"))
    probe.add_argument("--calls", type=int, default=3000, help=QCoreApplication.translate(
        "cli", "calls of each kind"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Every command ends in a message and an exit code, never a traceback: 0 done, 1 refused or an unexpected
    error (its traceback is in logs/desk.log), 2 a refusal of the services (DomainError), 3 a file that could not
    be read or written, 130 interrupted (Ctrl+C)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    pre = _pre_parse(argv)
    data_dir = pre.data_dir or default_data_dir()
    log_file = None if pre.version else configure_logging(data_dir)  # --version writes nothing anywhere
    language = pre.lang or _saved_language(data_dir)
    if pre.command in GUI_COMMANDS and not pre.version:  # --version must work over SSH, without a display
        if pre.command in OFFSCREEN_COMMANDS:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        qapp: QCoreApplication = QApplication.instance() or QApplication(sys.argv[:1])
    else:
        qapp = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    translators = install_translators(qapp, language)
    refusal = control_characters(argv)
    try:
        if refusal is not None:
            raise SystemExit(refusal)
        args = build_parser().parse_args(argv)  # a bad value: one line naming it, exit code 2 (cli_checks)
    except SystemExit as exc:  # --help and --version end here too, with code 0
        for t in translators:
            qapp.removeTranslator(t)
        if not pre.version:
            reset_logging()
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        return exc.code if isinstance(exc.code, int) else 2
    args.data_dir = getattr(args, "data_dir", None) or data_dir
    args.db = getattr(args, "db", None)
    args.lang = language
    hook, sys.unraisablehook = sys.unraisablehook, _unraisable  # a file closed late on a full disk: logged only
    streams = sys.stdout, sys.stderr
    if args.command is not None:  # text from files (a register's names) may hold terminal escapes: shown escaped
        sys.stdout, sys.stderr = EscapingStream.around(sys.stdout), EscapingStream.around(sys.stderr)
    try:
        log.info("Command %s started (version %s)", args.command or "gui", __version__)
        return _run(args)
    except DomainError as exc:
        print(exc.render(QCoreApplication.translate), file=sys.stderr)
        return 2
    except _Refused as exc:
        print(exc, file=sys.stderr)
        return 2
    except OSError as exc:
        log.error("Command %s: file error", args.command or "gui", exc_info=True, extra=FILE_ONLY)
        print(describe_os_error(exc), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        log.warning("Command %s interrupted", args.command or "gui", extra=FILE_ONLY)
        print(QCoreApplication.translate("cli", "Interrupted."), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: said in one line, kept in the log
        _unexpected(exc, args.command, log_file)
        return 1
    finally:
        gc.collect()  # what a failed write left for the collector is closed now, under the hook above
        sys.unraisablehook = hook
        sys.stdout, sys.stderr = streams
        for t in translators:
            qapp.removeTranslator(t)
        if not pre.version:
            reset_logging()  # the command's log file is closed with it (main() also runs inside tests)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error Python cannot raise (a library's file closed by the garbage collector after a failed write, as
    openpyxl's zip file on a full disk): into the log file, never a traceback on the console.

    Ctrl+C that Python delivered while a finalizer ran (a connection or a file closed by the garbage collector)
    would be lost there and the command would go on: it is delivered again, to the command itself."""
    log.warning("Ignored in %r: %s", unraisable.object, unraisable.exc_value, extra=FILE_ONLY)
    if isinstance(unraisable.exc_value, KeyboardInterrupt):  # a moment later: not inside this hook again
        import _thread
        import threading

        again = threading.Timer(0.05, _thread.interrupt_main)
        again.daemon = True
        again.start()


def _saved_language(data_dir: Path) -> str:
    """The language chosen on this PC; a desk.json that cannot be read is reported later, in that language."""
    try:
        return LocalSettings.load(data_dir).language
    except (OSError, ValueError) as exc:
        log.warning("Cannot read the settings in %s: %s", data_dir, exc, extra=FILE_ONLY)
        return LocalSettings().language


def _unexpected(exc: Exception, command: str | None, log_file: Path | None) -> None:
    """A bug or a state nobody foresaw: the traceback goes to the log file, the user gets one line saying where."""
    log.error("Unexpected error in command %s", command or "gui", exc_info=exc, extra=FILE_ONLY)
    what = f"{type(exc).__name__}: {exc}"
    if log_file is not None:
        message = QCoreApplication.translate(
            "cli", "Unexpected error: {error}. The details are written to the log {path}").format(
            error=what, path=log_file)
        print(message, file=sys.stderr)
    else:  # no log file could be opened: the traceback is the only record, so it is printed after all
        import traceback

        message = QCoreApplication.translate(
            "cli", "Unexpected error: {error}. No log file could be written; the details follow.").format(error=what)
        print(message, file=sys.stderr)
        traceback.print_exception(exc, file=sys.stderr)
    if command is None:  # the desk app: a windowed program has no console, so it is said in a window too
        from PySide6.QtWidgets import QApplication, QMessageBox

        if isinstance(QApplication.instance(), QApplication):
            QMessageBox.critical(None, QCoreApplication.translate("app", "Community Desk"), message)


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        from app.views.application import run_gui

        return run_gui(args.data_dir, args.db, args.lang, getattr(args, "exit_when_shown", False))
    if args.command == "screenshot":
        return _screenshot(args.out, args.size, FontSize(args.font_size))
    if args.command == "check-qt":
        return _check_qt(args.calls)
    if args.command == "street-init":
        return _street_init(args)
    if args.command == "street":
        if not args.db:
            raise _Refused(QCoreApplication.translate("cli", "Name the street's server: --db postgresql://..."))
        from app.views.street_window import run_street

        return run_street(args.db)
    from app.services.core.container import open_services

    services = open_services(args.data_dir, args.db, for_restore=args.command == "restore")
    try:
        if args.command == "demo":
            return _demo(services, args.seed)
        if args.command == "verify":
            if args.rebuild_figures:
                services.verify.rebuild_figures()
            return _verify(services, args.anchor)
        if args.command == "escalate":
            return _escalate(services, args.at)
        if args.command in ("join-street", "sync"):
            return _sync(services, getattr(args, "street", None))
        if args.command == "restore":
            return _restore(services, args)
        if args.command == "task-key":
            return _task_key(services, args)
        if args.command == "report":
            _check_report(services, args)  # a wrong file or a day to come: said before the password is asked
        actor = _authenticate(services, args)
        if args.command == "anchor-sheet":
            from app.services.documents.anchor_sheet import write_sheet

            pdf_path, json_path = write_sheet(services.anchors.make_sheet(actor), args.out)
            print(QCoreApplication.translate("cli", "Anchor sheet written to {pdf} and {json}.").format(
                pdf=pdf_path, json=json_path))
            return 0
        if args.command == "receipt":
            from app.services.documents.receipt import render_receipt

            render_receipt(services.intake.receipt(actor, case_no=args.case_no), args.out)
            print(args.out)
            return 0
        if args.command == "backup":
            services.backups.back_up(actor)  # any active account: the permission is re-read
            info = services.backups.backup_now(args.out)
            print(
                QCoreApplication.translate("cli", "Backed up to {path} ({size} KB).").format(
                    path=info.path, size=info.size // 1024
                )
            )
            return 0
        if args.command == "export" and args.figures:
            return _export_figures(services, actor, args)
        if args.command == "export":
            result = services.export.export(actor, args.format, args.out, _case_query(services, args))
            print(
                QCoreApplication.translate(
                    "cli", "Exported {cases} requests with {events} history entries to {path}."
                ).format(cases=result.cases, events=result.events, path=result.path)
            )
            return 0
        if args.command in ("resident-export", "resident-erase"):
            return _resident_data(services, actor, args)
        if args.command == "import-residents":
            return _import_residents(services, actor, args)
        if args.command == "notice":
            return _notice(services, actor, args)
        if args.command == "due":
            return _due(services, actor, args.days)
        if args.command == "report":
            return _report(services, actor, args)
        raise AssertionError(args.command)
    finally:
        services.close()


def _demo(services: Services, seed: int) -> int:
    from app.demo.build import build_demo

    if services.setup.state().initialized:
        print(
            QCoreApplication.translate(
                "cli",
                "This data folder already holds a community ({name}); the demo needs an empty one. "
                "Use --data-dir with a new folder.",
            ).format(name=services.setup.state().community_name),
            file=sys.stderr,
        )
        return 1
    summary = build_demo(services, seed=seed)
    print(
        QCoreApplication.translate("cli", "Demo community {name} is ready in {path}:").format(
            name=summary.community_name, path=services.paths.data_dir
        )
    )
    print(
        QCoreApplication.translate(
            "cli", "  {residents} residents in {households} households, {grids} grids, {cases} requests."
        ).format(residents=summary.residents, households=summary.households, grids=summary.grids, cases=summary.cases)
    )
    print(
        QCoreApplication.translate("cli", "Demo accounts (password for all: {password}):").format(
            password=summary.password
        )
    )
    for username, name, role in summary.accounts:
        print(f"  {username:<10} {name:<6} {role}")
    return 0


def _resident_data(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    """Export or erase one resident's data as the authenticated account (its permission applies)."""
    resident = _one_resident(services, actor, args.resident)
    if resident is None:
        return 1
    if args.command == "resident-export":
        result = services.personal_data.export_resident(actor, resident.id, args.out)
        print(QCoreApplication.translate(
            "cli", "Exported {name}'s data ({cases} requests) to {path}. It contains: {kinds}.").format(
            name=resident.name, cases=result.cases, path=result.path, kinds="、".join(result.personal_data)))
        return 0
    if not args.yes:
        print(QCoreApplication.translate(
            "cli", "This would erase the personal data of {name} ({address}, id {id}). Add --yes to do it.").format(
            name=resident.name, address=resident.address, id=resident.id), file=sys.stderr)
        return 1
    erased = services.personal_data.erase_resident(actor, resident.id, args.reason)
    print(QCoreApplication.translate(
        "cli", "Erased the personal data of {name}; {n} requests are kept anonymised.").format(
        name=resident.name, n=erased.cases_kept))
    if erased.history_mentions:
        print(QCoreApplication.translate(
            "cli", "The append-only history of these cases still mentions them: {cases}").format(
            cases=", ".join(erased.history_mentions)))
    return 0


def _import_residents(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    """The register import as the wizard's preview: counts, each refused row with its number and reasons, then (with
    --commit) the good rows written in one transaction. Exit code 2 when rows were refused."""
    from app.services.people.register_io import mapping_from_json

    opened = services.register_import.open_file(actor, args.file, args.sheet)
    fields = opened.fields
    if args.mapping is not None:
        try:
            wanted = json.loads(args.mapping.read_text(encoding="utf-8"))
        except ValueError:
            wanted = None
        if not isinstance(wanted, dict):
            print(QCoreApplication.translate("cli", "{path} is not a mapping: write it as {{\"column header\": "
                                                    "\"field\", ...}} in UTF-8.").format(path=args.mapping),
                  file=sys.stderr)
            return 2
        fields = mapping_from_json([c.header for c in opened.columns], wanted)
    preview = services.register_import.preview(actor, args.file, opened.sheet, fields)
    translate = QCoreApplication.translate  # for the reasons' messages (context "errors")
    print(QCoreApplication.translate(
        "cli", "{file} (sheet {sheet}): {added} to add, {updated} to update, {unchanged} unchanged, {refused} "
               "refused.").format(file=preview.file_name, sheet=preview.sheet, added=preview.added,
                                       updated=preview.updated, unchanged=preview.unchanged, refused=preview.refused))
    for row in preview.refused_rows:
        print(QCoreApplication.translate("cli", "Row {row} ({name}): {reasons}").format(
            row=row.row, name=row.name or "-", reasons="；".join(preview.reason(p, translate) for p in row.problems)))
    if not args.commit:
        print(QCoreApplication.translate(
            "cli", "Nothing was written. Add --commit to import the rows that are not refused."))
        return 2 if preview.refused else 0
    record = services.register_import.commit(actor, preview)
    print(QCoreApplication.translate(
        "cli", "Imported: {added} added, {updated} updated; the {refused} refused rows were not imported. "
               "Recorded as done by {name} (SHA-256 {sha}).").format(
        added=record.added, updated=record.updated, refused=record.refused, name=record.created_by,
        sha=record.file_sha256))
    return 2 if record.refused else 0


def _one_resident(services: Services, actor: Actor, text: str) -> ResidentSummary | None:
    try:
        return services.residents.get(actor, uuid.UUID(text.strip()))
    except ValueError:
        pass
    found = services.residents.search(actor, text, limit=10)
    if len(found) == 1:
        return found[0]
    if not found:
        print(QCoreApplication.translate("cli", "No resident matches {query}.").format(query=text), file=sys.stderr)
    else:
        print(QCoreApplication.translate("cli", "{query} matches several residents; give the id of one:").format(
            query=text), file=sys.stderr)
        for r in found:
            print(f"  {r.id}  {r.name}  {r.address}", file=sys.stderr)
    return None


def _check_qt(calls: int) -> int:
    from PySide6 import __version__ as qt_version

    from app.views.qt_probe import none_drift

    drifts = none_drift(max(calls, 1))
    print(QCoreApplication.translate("cli", "Qt bindings {version}, Python {python}: references to None over {calls} "
                                     "calls of each kind").format(
        version=qt_version, python=sys.version.split()[0], calls=max(calls, 1)))
    for drift in drifts:
        print(f"  {drift.what:<16} {drift.change:+d}")
    if all(d.sound for d in drifts):
        print(QCoreApplication.translate("cli", "Sound: the count of None holds."))
        return 0
    print(QCoreApplication.translate(
        "cli", "Faulty: these bindings lose a reference to None on every call and the desk would abort after a "
        "day's work. Keep the pinned version in pyproject.toml."), file=sys.stderr)
    return 1


def _screenshot(out: Path, size: tuple[int, int], font_size: FontSize) -> int:
    """Screens of a demo community in a throwaway folder: a real community's data is never touched."""
    import tempfile

    from app.services.core.container import open_services
    from app.views.screenshot import render_screens

    with tempfile.TemporaryDirectory(prefix="desk-screens-") as tmp:
        services = open_services(Path(tmp))
        try:
            for path in render_screens(services, out, size, font_size):
                print(path)
        finally:
            services.close()
    return 0


def _notice(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    """The board for a scheduled task: made, written, recorded as published; what it holds is printed in Chinese
    (the notice itself is Chinese whatever the interface language)."""
    from app.services.core.files import write_bytes
    from app.services.notices.board import NoticeOptions

    made = services.notices.make_board(actor, args.start, args.end,
                                       NoticeOptions(landscape=args.landscape, large_print=args.large))
    write_bytes(args.out, made.pdf)  # complete or not at all
    record = services.notices.record(actor, made)
    print(f"已生成{made.title}：{args.out}")
    print(f"共 {made.pages} 页，列出诉求 {len(made.case_nos)} 件；已记入公示记录（{record.published_by}，"
          f"SHA-256 {made.sha256}）。")
    return 0


def _check_report(services: Services, args: argparse.Namespace) -> None:
    from app.services.cases.briefing import check_file, check_period
    from app.services.core.clock import local

    today = local(services.clock.now()).date()
    check_file(args.out)
    check_period(args.period, args.to or today, today)


def _report(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    """The 工作简报 written to --out; what it holds is said in Chinese (the report itself is Chinese whatever the
    interface language). Nothing is written when it is refused (no request in the period: exit code 2)."""
    made = services.street_report.write(actor, args.period, args.to, args.out)
    pages = f"，共 {made.pages} 页" if made.pages is not None else ""
    print(f"已生成工作简报（{made.period.name}，{made.period.days}）：{made.path}")
    print(f"统计期内受理诉求 {made.received} 件{pages}。")
    return 0


def _add_filters(export: argparse.ArgumentParser) -> None:
    """The request list's filters (app.services.cases.listing.CaseQuery), for the ledger and the figures."""
    export.add_argument("--figures", action="store_true", help=QCoreApplication.translate(
        "cli", "export the figures (the three rates, breakdowns, department ranking, weekly trend) as csv or xlsx "
        "instead of the requests; the period is --from to --to (default: this month)"))
    export.add_argument("--from", dest="date_from", type=day, metavar="YYYY-MM-DD",
                        help=QCoreApplication.translate("cli", "requests logged on or after this day"))
    export.add_argument("--to", dest="date_to", type=day, metavar="YYYY-MM-DD",
                        help=QCoreApplication.translate("cli", "requests logged on or before this day"))
    export.add_argument("--status", action="append", choices=[s.value for s in CaseStatus], default=[],
                        help=QCoreApplication.translate("cli", "only requests in this status (repeat for several)"))
    export.add_argument("--category", help=QCoreApplication.translate(
        "cli", "a class or sub-category: its code (LIFE-WATER) or name"))
    export.add_argument("--grid", help=QCoreApplication.translate("cli", "a grid: its code or name"))
    export.add_argument("--department",
                        help=QCoreApplication.translate("cli", "requests this department was called in on (its name)"))
    export.add_argument("--urgency", type=int, choices=range(1, 6))
    export.add_argument("--channel", choices=[c.value for c in Channel])
    export.add_argument("--text", default="",
                        help=QCoreApplication.translate("cli", "words in the description or the notes"))
    export.add_argument("--overdue", action="store_true",
                        help=QCoreApplication.translate("cli", "only requests past a time limit now"))
    export.add_argument("--in-pool", action="store_true",
                        help=QCoreApplication.translate("cli", "only requests in the difficult problems pool"))


def _case_query(services: Services, args: argparse.Namespace, dates: bool = True) -> CaseQuery:
    from app.services.cases.listing import CaseQuery

    look = services.export.lookup
    return CaseQuery(
        statuses=tuple(CaseStatus(s) for s in args.status),
        category_id=look("category", args.category) if args.category else None,
        grid_id=look("grid", args.grid) if args.grid else None,
        department_id=look("department", args.department) if args.department else None,
        urgency=args.urgency, channel=Channel(args.channel) if args.channel else None,
        date_from=args.date_from if dates else None, date_to=args.date_to if dates else None,
        overdue=args.overdue, in_pool=args.in_pool, text=args.text)


def _export_figures(services: Services, actor: Actor, args: argparse.Namespace) -> int:
    from app.services.core.clock import local

    today = local(services.clock.now()).date()
    first, last = args.date_from or today.replace(day=1), args.date_to or today
    query = _case_query(services, args, dates=False)  # the dates are the period
    result = services.export.export_figures(actor, args.format, args.out, first, last, query)
    print(QCoreApplication.translate("cli", "Exported the figures of {first} to {last} ({n} requests) to {path}.")
          .format(first=first.isoformat(), last=last.isoformat(), n=result.received, path=result.path))
    return 0


def _street_init(args: argparse.Namespace) -> int:
    from app.services.sync.street import Street

    if not args.db:
        raise _Refused(QCoreApplication.translate("cli", "Name the street's server: --db postgresql://..."))
    street = Street(args.db)
    if args.add_desk is None:
        street.init()
        print(QCoreApplication.translate("cli", "The street's server is ready. Add each desk with --add-desk CODE "
                                                "--community NAME."))
        return 0
    desk = street.add_desk(args.add_desk, args.community or "")
    print(QCoreApplication.translate("cli", "Desk {desk} of {community} may join with (keep it secret, it holds the "
                                            "desk's password):").format(desk=desk.desk_code, community=desk.community))
    print(desk.url)
    return 0


def _sync(services: Services, street: str | None) -> int:
    """``join-street`` (with the address) or ``sync``: one sync, and what it moved, in words."""
    if street is not None:
        joined = services.sync.join(street)
        print(QCoreApplication.translate("cli", "Desk {desk} joined the street for {community}.").format(
            desk=joined.desk_code, community=joined.community))
        return 0
    report = services.sync.sync()
    print(QCoreApplication.translate(
        "cli", "Synced: {up} changes went up, {down} rows came down, {removed} removed, {conflicts} conflicts "
               "listed; {waiting} still waiting.").format(up=report.up, down=report.down, removed=report.removed,
                                                          conflicts=report.conflicts, waiting=report.waiting))
    return 0


def _escalate(services: Services, at: datetime | None) -> int:
    """Each recorded warning or escalation as its Chinese timeline note, then the totals. Exit 0 also when
    nothing was due: a scheduled task must not report a quiet hour as a failure."""
    from app.services.core.clock import local

    report = services.escalation.run(at)
    for item in report.items:
        print(f"{item.case_no}  {item.note}")
    when = local(report.now).strftime("%Y-%m-%d %H:%M")
    if report.items:
        print(QCoreApplication.translate(
            "cli", "Escalation pass at {time}: {warnings} warnings, {escalations} escalations ({pooled} into the "
            "difficult problems pool).").format(time=when, warnings=len(report.warnings),
                                                escalations=len(report.escalations), pooled=report.pooled))
    else:
        print(QCoreApplication.translate("cli", "Escalation pass at {time}: nothing was due.").format(time=when))
    print(QCoreApplication.translate("cli", "Open requests overdue: {overdue}; about to be: {soon}.").format(
        overdue=report.counts.overdue, soon=report.counts.soon))
    return 0


def _due(services: Services, actor: Actor, days: int) -> int:
    """The duties overdue, then those due within ``days`` (or inside their reminder), one a line; a person masked
    (王*). Exit 0 also when nothing is due: a scheduled task must not report a quiet week as a failure."""
    from datetime import timedelta

    from app.services.core.clock import local

    today = local(services.clock.now()).date()
    rows = services.duties.due(actor, days)
    horizon = today + timedelta(days=days)
    overdue = [r for r in rows if r.next_due < today]
    coming = [r for r in rows if today <= r.next_due <= horizon]
    reminded = [r for r in rows if r.next_due > horizon]  # later, but inside their reminder (a lift's inspection)
    print(QCoreApplication.translate(
        "cli", "Duties on {day}: {overdue} overdue, {due} due within {days} days, {reminded} later but inside their "
        "reminder.").format(day=today.isoformat(), overdue=len(overdue), due=len(coming), days=days,
                            reminded=len(reminded)))
    for title, group in ((QCoreApplication.translate("cli", "Overdue:"), overdue),
                         (QCoreApplication.translate("cli", "Due:"), coming),
                         (QCoreApplication.translate("cli", "Coming up (reminder):"), reminded)):
        if group:
            print(title)
        for r in group:
            late = (QCoreApplication.translate("cli", "{n} days late").format(n=r.overdue_days(today))
                    if r.next_due < today else "")
            print("  " + "  ".join(x for x in (r.next_due.isoformat(), late, r.place, r.title, r.responsible) if x))
    return 0


def _verify(services: Services, anchor_paths: Sequence[Path] = ()) -> int:
    from app.services.core.anchors import read_anchor_file

    anchors = [read_anchor_file(path) for path in anchor_paths]  # a file that holds no anchor: refused, exit 2
    problems = services.verify.run(anchors)
    if not problems:
        print(QCoreApplication.translate("cli", "Healthy: the database and the app's invariants check out."))
        return 0
    for problem in problems:
        print(problem.render(QCoreApplication.translate), file=sys.stderr)
    print(QCoreApplication.translate("cli", "{n} problem(s) found.").format(n=len(problems)), file=sys.stderr)
    return 1


# --- who runs a command (issue 15): a password, or a task key; every such command is recorded ----------------------

# What each command records about what it was asked for (never a password or a key).
RECORDED = {
    "export": ("format", "out", "figures", "date_from", "date_to", "status", "category", "grid", "department",
               "text"),
    "resident-export": ("resident", "out"), "resident-erase": ("resident", "reason", "yes"),
    "import-residents": ("file", "sheet", "commit"), "receipt": ("case_no", "out"), "backup": ("out",),
    "notice": ("start", "end", "out"), "restore": ("file",), "task-key": ("action", "for_user", "label", "key_id"),
    "due": ("days",), "report": ("period", "to", "out"),
}


def _tty() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _username(args: argparse.Namespace) -> str:
    if args.as_user:
        return str(args.as_user)
    if not _tty():
        raise _Refused(QCoreApplication.translate(
            "cli", "Say which account runs this command: --as USER (its password is asked), or --key-file FILE with "
            "a task key made by the administrator."))
    return input(QCoreApplication.translate("cli", "Account: ")).strip()


def _password(args: argparse.Namespace, username: str) -> str:
    """The password: asked at the terminal without echo; with --password-stdin the first line of standard input
    (a script feeding it from a password store). Never an argument or an environment variable: other users of the
    computer can read those in the process list."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not _tty():
        raise _Refused(QCoreApplication.translate(
            "cli", "There is no terminal to ask the password of {user}: run the command in a terminal, pipe the "
            "password with --password-stdin, or use --key-file.").format(user=username))
    import getpass

    return getpass.getpass(QCoreApplication.translate("cli", "Password of {user}: ").format(user=username))


class _Refused(Exception):
    """A refusal of the command line itself (no account given): said in one line, exit code 2."""


def _authenticate(services: Services, args: argparse.Namespace) -> Actor:
    """The account running this command (a task key, or the account's password with the desk's lock-out), recorded
    with what the command was asked for before anything is read."""
    key_id = None
    if args.key_file is not None:
        keyed = services.access.with_key(args.key_file.read_text(encoding="utf-8"))
        if args.as_user and args.as_user.strip().lower() != keyed.actor.username:
            raise _Refused(QCoreApplication.translate("cli", "The task key is for the account {user}, not {other}."
                                                      ).format(user=keyed.actor.username, other=args.as_user))
        actor, key_id = keyed.actor, keyed.key_id
    else:
        username = _username(args)
        actor = services.auth.login(username, _password(args, username))
    services.access.record(actor, args.command, _asked(args), key_id)
    return actor


def _asked(args: argparse.Namespace) -> dict[str, object]:
    return {name: getattr(args, name, None) for name in RECORDED.get(args.command, ())}


def _restore(services: Services, args: argparse.Namespace) -> int:
    """Restore as an administrator. When the database is too damaged to read its accounts, the administrator's
    password is checked against the backup being restored (its accounts are the ones that will be in force)."""
    from app.services.core.access import administrator_in

    damaged = services.db.check_integrity()
    if damaged:
        username = _username(args)
        actor = administrator_in(args.file, username, _password(args, username), services.db.desk_code)
        safety = services.backups.restore(args.file)
    else:
        actor = _authenticate(services, args)
        safety = services.backups.restore_backup(actor, args.file)
    services.close()
    try:  # the restored database records who restored it (the safety copy has the record of the attempt)
        from app.services.core.container import open_services

        restored = open_services(args.data_dir, args.db)
        try:
            restored.access.record(actor, "restore", {"file": args.file, "kept": safety.path, "damaged": bool(damaged)})
        finally:
            restored.close()
    except DomainError as exc:
        log.warning("The restore is not recorded in the restored database: %s", exc.render())
    print(QCoreApplication.translate("cli", "Restored {file}. The database as it was is kept in {path}.").format(
        file=args.file, path=safety.path))
    return 0


def _task_key(services: Services, args: argparse.Namespace) -> int:
    actor = _authenticate(services, args)
    if args.action == "create":
        made = services.access.create_key(actor, args.for_user or "", args.label)
        print(QCoreApplication.translate(
            "cli", "Task key for {user} ({label}), id {id}. It is shown only now: put it in a file only the task's "
            "account can read, and give that file with --key-file.").format(
            user=made.username, label=made.label, id=made.id))
        print(made.secret)
        return 0
    if args.action == "revoke":
        try:
            key_id = uuid.UUID(str(args.key_id))
        except ValueError:
            raise _Refused(QCoreApplication.translate("cli", "Give the id of the key to revoke with --key (see "
                                                             "main.py task-key list).")) from None
        services.access.revoke_key(actor, key_id)
        print(QCoreApplication.translate("cli", "Revoked the task key {id}.").format(id=key_id))
        return 0
    for key in services.access.keys(actor):
        state = key.revoked_at.isoformat(timespec="minutes") if key.revoked_at else "-"
        print(f"{key.id}  {key.username:<12} {key.label:<20} {key.created_at.isoformat(timespec='minutes')}  {state}")
    return 0
