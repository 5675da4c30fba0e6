"""Command line beside the GUI, for IT staff and scheduled tasks.

python main.py                         start the desk app
python main.py --version
python main.py demo      [--data-dir DIR]
python main.py verify    [--data-dir DIR | --db URL] [--anchor FILE ...]
                          FILE: an anchor sheet (.json/.txt), a text with fingerprints typed from a notice or a
                          passbook, or a backup; each published head must still be in the audit chain
python main.py anchor-sheet --out FILE.pdf   the audit chain's head now and the heads published before (PDF and
                          FILE.json beside it), to keep outside the desk's PC
python main.py export    --format json|csv|xlsx --out FILE [filters] [--figures]
                          filters: --from DAY --to DAY --status S --category C --grid G --department D
                          --urgency N --channel CH --text WORDS --overdue --in-pool (as the request list's)
python main.py resident-export ID_OR_QUERY --out FILE --as USER
python main.py resident-erase  ID_OR_QUERY --reason TEXT --as ADMIN [--yes]
python main.py import-residents FILE [--sheet NAME] [--mapping FILE.json] [--commit] --as USER
                          the register import's preview (counts, then each refused row and why); writes the good
                          rows only with --commit. --as names the account (IMPORT_REGISTER; the import is recorded
                          under it). Exit code 2 when any row is refused (with --commit the good rows are written)
python main.py screenshot --out DIR
python main.py escalate  [--at TIME]   one pass of the escalation ladder (for a scheduled task)
python main.py notice    --from DATE --to DATE [--large] [--landscape] --out FILE.pdf [--as USER]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app import __version__
from app.domain.enums import CaseStatus, Channel
from app.i18n import LANGUAGES, describe_os_error, install_translators
from app.logsetup import FILE_ONLY, configure_logging, reset_logging
from app.services.cases.listing import CaseQuery
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.container import Services, open_services
from app.services.core.errors import DomainError
from app.services.core.settings import LocalSettings, default_data_dir
from app.services.people.residents import ResidentSummary

log = logging.getLogger(__name__)

GUI_COMMANDS = {None, "screenshot", "check-qt"}
OFFSCREEN_COMMANDS = {"screenshot", "check-qt"}  # need widgets, never a screen


def _pre_parse(argv: Sequence[str]) -> argparse.Namespace:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=LANGUAGES)
    pre.add_argument("--data-dir", type=Path)
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
    sheet = sub.add_parser(
        "anchor-sheet", parents=[common], help=QCoreApplication.translate(
            "cli", "print the audit chain's fingerprint and the ones published before, to keep outside this PC"))
    sheet.add_argument("--out", type=Path, required=True, help=QCoreApplication.translate(
        "cli", "the PDF to write; the same as JSON is written beside it"))
    export = sub.add_parser(
        "export",
        parents=[common],
        help=QCoreApplication.translate("cli", "export all requests with their full history"),
    )
    export.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    export.add_argument("--out", type=Path, required=True)
    _add_filters(export)
    as_help = QCoreApplication.translate(
        "cli", "the account acting (its permissions apply and the audit trail names it); no password is asked")
    person_help = QCoreApplication.translate("cli", "the resident's id, or a search (name, phone, ID number, address) "
                                                    "that finds exactly one")
    person_export = sub.add_parser(
        "resident-export",
        parents=[common],
        help=QCoreApplication.translate("cli", "write everything stored about one resident to a JSON file"),
    )
    person_export.add_argument("resident", help=person_help)
    person_export.add_argument("--out", type=Path, required=True)
    person_export.add_argument("--as", dest="as_user", required=True, help=as_help)
    person_erase = sub.add_parser(
        "resident-erase",
        parents=[common],
        help=QCoreApplication.translate("cli", "erase one resident's personal data, keeping their requests anonymised"),
    )
    person_erase.add_argument("resident", help=person_help)
    person_erase.add_argument("--reason", required=True)
    person_erase.add_argument("--as", dest="as_user", required=True, help=as_help)
    person_erase.add_argument("--yes", action="store_true",
                              help=QCoreApplication.translate("cli", "really erase (without it, only say who it is)"))
    importing = sub.add_parser(
        "import-residents",
        parents=[common],
        help=QCoreApplication.translate("cli", "import residents and households from a spreadsheet (xlsx or csv): "
                                               "shows what it would do; writes only with --commit"),
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--sheet", help=QCoreApplication.translate("cli", "the sheet to read (default: the first)"))
    importing.add_argument("--mapping", type=Path, help=QCoreApplication.translate(
        "cli", "a JSON file {\"column header\": \"field\"} (fields: name, gender, birth_date, id_number, phone, "
        "address, building, unit, room, grid, tags, notes); default: the remembered or guessed columns"))
    importing.add_argument("--commit", action="store_true", help=QCoreApplication.translate(
        "cli", "import the good rows (without it nothing is written)"))
    importing.add_argument("--as", dest="as_user", required=True, help=as_help)
    receipt = sub.add_parser(
        "receipt",
        parents=[common],
        help=QCoreApplication.translate("cli", "print a case's receipt again to a PDF file"),
    )
    receipt.add_argument("case_no", help=QCoreApplication.translate("cli", "case number, e.g. A01-20261122-0007"))
    receipt.add_argument("--out", type=Path, required=True)
    backup = sub.add_parser(
        "backup", parents=[common], help=QCoreApplication.translate("cli", "back up the database now (online backup)")
    )
    backup.add_argument("--out", type=Path, help=QCoreApplication.translate("cli", "folder, e.g. a USB stick"))
    restore = sub.add_parser(
        "restore",
        parents=[common],
        help=QCoreApplication.translate("cli", "replace the database with a checked backup (the current one is kept)"),
    )
    restore.add_argument("file", type=Path)
    escalate = sub.add_parser(
        "escalate",
        parents=[common],
        help=QCoreApplication.translate("cli", "record the warnings and escalations that are due (a scheduled task)"),
    )
    escalate.add_argument(
        "--at", type=_local_time, default=None,
        help=QCoreApplication.translate("cli", "run the pass as of this time, e.g. 2026-11-20T10:00 (default: now)"))
    notice = sub.add_parser(
        "notice",
        parents=[common],
        help=QCoreApplication.translate("cli", "make the public notice board of a period as a PDF and record it as "
                                               "published"),
    )
    notice.add_argument("--from", dest="start", type=date.fromisoformat, required=True,
                        help=QCoreApplication.translate("cli", "first day, e.g. 2026-11-01"))
    notice.add_argument("--to", dest="end", type=date.fromisoformat, required=True,
                        help=QCoreApplication.translate("cli", "last day (included), e.g. 2026-11-30"))
    notice.add_argument("--large", action="store_true",
                        help=QCoreApplication.translate("cli", "large print for elderly readers"))
    notice.add_argument("--landscape", action="store_true", help=QCoreApplication.translate("cli", "A4 landscape"))
    notice.add_argument("--out", type=Path, required=True)
    notice.add_argument("--as", dest="as_user", default=None, help=QCoreApplication.translate(
        "cli", "the account publishing it (default: recorded as published by the command line)"))
    shot = sub.add_parser(
        "screenshot", parents=[common], help=QCoreApplication.translate("cli", "render each main screen to PNG files")
    )
    shot.add_argument("--out", type=Path, required=True)
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
    args = build_parser().parse_args(argv)
    args.data_dir = getattr(args, "data_dir", None) or data_dir
    args.db = getattr(args, "db", None)
    args.lang = language
    try:
        log.info("Command %s started (version %s)", args.command or "gui", __version__)
        return _run(args)
    except DomainError as exc:
        print(exc.render(QCoreApplication.translate), file=sys.stderr)
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
        for t in translators:
            qapp.removeTranslator(t)
        if not pre.version:
            reset_logging()  # the command's log file is closed with it (main() also runs inside tests)


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

        return run_gui(args.data_dir, args.db, args.lang)
    if args.command == "screenshot":
        return _screenshot(args.out)
    if args.command == "check-qt":
        return _check_qt(args.calls)
    services = open_services(args.data_dir, args.db)
    try:
        if args.command == "demo":
            return _demo(services, args.seed)
        if args.command == "verify":
            return _verify(services, args.anchor)
        if args.command == "anchor-sheet":
            from app.services.documents.anchor_sheet import write_sheet

            pdf_path, json_path = write_sheet(services.anchors.make_sheet(None), args.out)
            print(QCoreApplication.translate("cli", "Anchor sheet written to {pdf} and {json}.").format(
                pdf=pdf_path, json=json_path))
            return 0
        if args.command == "receipt":
            from app.services.documents.receipt import render_receipt

            render_receipt(services.intake.receipt(None, case_no=args.case_no), args.out)
            print(args.out)
            return 0
        if args.command == "backup":
            info = services.backups.backup_now(args.out)
            print(
                QCoreApplication.translate("cli", "Backed up to {path} ({size} KB).").format(
                    path=info.path, size=info.size // 1024
                )
            )
            return 0
        if args.command == "restore":
            safety = services.backups.restore(args.file)
            print(
                QCoreApplication.translate("cli", "Restored {file}. The database as it was is kept in {path}.").format(
                    file=args.file, path=safety.path
                )
            )
            return 0
        if args.command == "export" and args.figures:
            return _export_figures(services, args)
        if args.command == "export":
            result = services.export.export(None, args.format, args.out, _case_query(services, args))
            print(
                QCoreApplication.translate(
                    "cli", "Exported {cases} requests with {events} history entries to {path}."
                ).format(cases=result.cases, events=result.events, path=result.path)
            )
            return 0
        if args.command in ("resident-export", "resident-erase"):
            return _resident_data(services, args)
        if args.command == "import-residents":
            return _import_residents(services, args)
        if args.command == "escalate":
            return _escalate(services, args.at)
        if args.command == "notice":
            return _notice(services, args)
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


def _resident_data(services: Services, args: argparse.Namespace) -> int:
    """Export or erase one resident's data, acting as a named account (IT staff hold the database anyway;
    naming the account keeps the permission check and puts the right name in the audit trail)."""
    actor = services.auth.act_as(args.as_user)
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


def _import_residents(services: Services, args: argparse.Namespace) -> int:
    """The register import as the wizard's preview: counts, each refused row with its number and reasons, then (with
    --commit) the good rows written in one transaction. Exit code 2 when rows were refused."""
    from app.services.people.register_io import mapping_from_json

    actor = services.auth.act_as(args.as_user)
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


def _screenshot(out: Path) -> int:
    """Screens of a demo community in a throwaway folder: a real community's data is never touched."""
    import tempfile

    from app.views.screenshot import render_screens

    with tempfile.TemporaryDirectory(prefix="desk-screens-") as tmp:
        services = open_services(Path(tmp))
        try:
            for path in render_screens(services, out):
                print(path)
        finally:
            services.close()
    return 0


def _notice(services: Services, args: argparse.Namespace) -> int:
    """The board for a scheduled task: made, written, recorded as published; what it holds is printed in Chinese
    (the notice itself is Chinese whatever the interface language)."""
    from app.services.notices.board import NoticeOptions

    actor = services.auth.act_as(args.as_user) if args.as_user else None
    made = services.notices.make_board(actor, args.start, args.end,
                                       NoticeOptions(landscape=args.landscape, large_print=args.large))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(made.pdf)
    record = services.notices.record(actor, made)
    print(f"已生成{made.title}：{args.out}")
    print(f"共 {made.pages} 页，列出诉求 {len(made.case_nos)} 件；已记入公示记录（{record.published_by}，"
          f"SHA-256 {made.sha256}）。")
    return 0


def _add_filters(export: argparse.ArgumentParser) -> None:
    """The request list's filters (app.services.cases.listing.CaseQuery), for the ledger and the figures."""
    export.add_argument("--figures", action="store_true", help=QCoreApplication.translate(
        "cli", "export the figures (the three rates, breakdowns, department ranking, weekly trend) as csv or xlsx "
        "instead of the requests; the period is --from to --to (default: this month)"))
    export.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help=QCoreApplication.translate("cli", "requests logged on or after this day"))
    export.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD",
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
    look = services.export.lookup
    return CaseQuery(
        statuses=tuple(CaseStatus(s) for s in args.status),
        category_id=look("category", args.category) if args.category else None,
        grid_id=look("grid", args.grid) if args.grid else None,
        department_id=look("department", args.department) if args.department else None,
        urgency=args.urgency, channel=Channel(args.channel) if args.channel else None,
        date_from=args.date_from if dates else None, date_to=args.date_to if dates else None,
        overdue=args.overdue, in_pool=args.in_pool, text=args.text)


def _export_figures(services: Services, args: argparse.Namespace) -> int:
    today = local(services.clock.now()).date()
    first, last = args.date_from or today.replace(day=1), args.date_to or today
    query = _case_query(services, args, dates=False)  # the dates are the period
    result = services.export.export_figures(None, args.format, args.out, first, last, query)
    print(QCoreApplication.translate("cli", "Exported the figures of {first} to {last} ({n} requests) to {path}.")
          .format(first=first.isoformat(), last=last.isoformat(), n=result.received, path=result.path))
    return 0


def _local_time(text: str) -> datetime:
    """An ISO time; without a zone it is the desk's local time (Beijing)."""
    when = datetime.fromisoformat(text)
    return when.replace(tzinfo=LOCAL_TZ) if when.tzinfo is None else when


def _escalate(services: Services, at: datetime | None) -> int:
    """Each recorded warning or escalation as its Chinese timeline note, then the totals. Exit 0 also when
    nothing was due: a scheduled task must not report a quiet hour as a failure."""
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
