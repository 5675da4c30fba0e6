"""公示: make the public notice board of a period (or a council decision notice), preview it, print or save it;
what was published is recorded and listed, and any of it can be shown again exactly as it was. The second tab
records the council's meetings and items (app.views.council_page), whose notice is made and previewed here."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.councils import CouncilLevel
from app.domain.topics import Topic
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.core.files import Printout, save_printout
from app.services.notices.board import MadeNotice, MeetingInfo, NoticeOptions, PublicationInfo
from app.views.bus import ChangeBus
from app.views.council_page import CouncilPage
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.tables import Column, RowsModel, read_only_table
from app.views.tasks import Report, Task
from app.views.widgets import Banner, date_edit, day_of, icon, label_of, name_widget

BOARD = "board"
LEVEL = "level:"  # the kind of a level's notice: level:building


class NoticesPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notices_page")
        self._services = services
        self._actor = actor
        self.making: Task | None = None  # the notice being made
        self.made: MadeNotice | None = None
        self._recorded: set[str] = set()  # hashes of this page's documents already recorded as published
        self.preview: PdfPreviewDialog | None = None
        self._remake: Callable[[tuple[str, ...]], None] | None = None  # makes the last notice again, more hidden
        self._draft: Path | None = None  # the last notice's file in the printing folder (a remake writes over it)

        self.kind = name_widget(QComboBox(), "notice_kind", self.tr("Which notice"))
        today = local(services.clock.now()).date()
        self.start = date_edit(today.replace(day=1), "notice_from", self.tr("From"))
        self.end = date_edit(today, "notice_to", self.tr("To"))
        self.landscape = name_widget(QCheckBox(self.tr("A4 landscape")), "notice_landscape", self.tr("A4 landscape"))
        self.large = name_widget(QCheckBox(self.tr("Large print for elderly readers")), "notice_large",
                                 self.tr("Large print"))
        self.large.setToolTip(self.tr("16 pt text; landscape fits more of each request on a line."))
        self.make_button = name_widget(QPushButton(icon("fa5s.file-pdf"), self.tr("Make and preview")),
                                       "notice_make", self.tr("Make the notice and preview it"))
        self.progress = QProgressBar()
        self.progress.setObjectName("notice_progress")
        self.progress.setVisible(False)
        self.banner = Banner("notice_banner")
        self._ops = Operations(self, bus, self.banner)

        form = QFormLayout()
        form.addRow(self.tr("Notice"), self.kind)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end)
        period.addStretch(1)
        form.addRow(self.tr("Requests logged"), period)
        options = QHBoxLayout()
        options.addWidget(self.landscape)
        options.addWidget(self.large)
        options.addStretch(1)
        form.addRow(self.tr("Print"), options)
        make_box = QGroupBox(self.tr("Make a public notice"))
        make_layout = QVBoxLayout(make_box)
        make_layout.addLayout(form)
        actions = QHBoxLayout()
        actions.addWidget(self.make_button)
        actions.addWidget(self.progress, 1)
        make_layout.addLayout(actions)
        note = QLabel(self.tr("Residents appear masked (张*, 匿名); phone and ID numbers and rooms are removed from "
                              "the text, and only progress notes marked public are shown. A notice printed or saved "
                              "is recorded below."))
        note.setWordWrap(True)
        make_layout.addWidget(note)

        self.model: RowsModel[PublicationInfo] = RowsModel([
            Column(self.tr("Published"), lambda p: local(p.published_at).strftime("%Y-%m-%d %H:%M")),
            Column(self.tr("Notice"), lambda p: p.title),
            Column(self.tr("By"), lambda p: p.published_by),
            Column(self.tr("Requests"), lambda p: len(p.case_nos) if p.kind == BOARD else "", align_right=True),
            Column(self.tr("Pages"), lambda p: p.pages, align_right=True),
            Column(self.tr("Print"), self._options_text),
            Column(self.tr("Masked"), lambda p: "、".join(f"{k} {n}" for k, n in p.masked.get("kinds", {}).items())),
        ])
        self.table = read_only_table(self.model, "publications_table", self.tr("Published notices"),
                                     stretch_column=1)
        self.show_again_button = name_widget(QPushButton(icon("fa5s.history"), self.tr("Show again")),
                                             "publication_show", self.tr("Show the published notice again"))
        records = QHBoxLayout()
        records.addWidget(QLabel(self.tr("Published notices")))
        records.addStretch(1)
        records.addWidget(self.show_again_button)

        notices_tab = QWidget()
        notices_layout = QVBoxLayout(notices_tab)
        notices_layout.addWidget(make_box)
        notices_layout.addLayout(records)
        notices_layout.addWidget(self.table, 1)
        self.council = CouncilPage(services, actor, bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("notices_tabs")
        self.tabs.addTab(notices_tab, icon("fa5s.bullhorn"), self.tr("Public notices"))
        self.tabs.addTab(self.council, icon("fa5s.users"), self.tr("Council meetings (议事会)"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.make_button.clicked.connect(self.make)
        self.show_again_button.clicked.connect(self.show_again)
        self.table.doubleClicked.connect(self.show_again)
        self.council.notice_requested.connect(self.make_council)
        bus.subscribe({Topic.NOTICES}, self.refresh)  # a notice recorded, a meeting written on the 议事会 tab
        bus.subscribe({Topic.COMMUNITY}, self.read_defaults)  # the administrator changed the notice defaults
        self.refresh()
        self.read_defaults()

    # --- lists ---------------------------------------------------------------------------------------

    def read_defaults(self) -> None:
        """Large print and landscape start as the community chose them (系统设置); the clerk may still change them."""
        self._ops.read(functools.partial(self._services.notices.defaults, self._actor), self._apply_defaults,
                       key="defaults")

    def _apply_defaults(self, options: NoticeOptions) -> None:
        self.large.setChecked(options.large_print)
        self.landscape.setChecked(options.landscape)

    def refresh(self) -> None:
        notices, actor = self._services.notices, self._actor
        self._ops.read(lambda: (notices.meetings(actor), notices.publications(actor)),
                       lambda answer: self._show(*answer), key="lists")

    def _show(self, meetings: list[MeetingInfo], published: list[PublicationInfo]) -> None:
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("Requests and how they were handled (居民诉求办理情况公示)"), BOARD)
        for level in CouncilLevel:  # a level's meetings in the period (楼栋议事会议定事项公示)
            self.kind.addItem(self.tr("Council decisions of the period: {level}").format(level=label_of(level)),
                              LEVEL + level.value)
        for m in meetings:
            self.kind.addItem(self.tr("Council decisions: {title} ({day})").format(title=m.title, day=m.held_on),
                              str(m.id))
        index = self.kind.findData(current)
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        self._on_kind_changed()
        self.model.set_rows(published)
        self.table.resizeColumnsToContents()

    def _on_kind_changed(self, *_: object) -> None:
        kind = self.kind.currentData()
        board = kind in (None, BOARD) or str(kind).startswith(LEVEL)  # the board and a level's notice: a period
        self.start.setEnabled(board)
        self.end.setEnabled(board)

    def _options_text(self, p: PublicationInfo) -> str:
        parts = [self.tr("landscape") if p.options.get("landscape") else self.tr("portrait")]
        if p.options.get("large_print"):
            parts.append(self.tr("large print"))
        return ", ".join(parts)

    # --- making ----------------------------------------------------------------------------------------

    def make(self) -> None:
        """Makes the notice chosen above on the thread pool; the bar follows its pages; the preview opens when it
        is done."""
        options = NoticeOptions(landscape=self.landscape.isChecked(), large_print=self.large.isChecked())
        kind = self.kind.currentData()
        notices, actor = self._services.notices, self._actor
        start: date = day_of(self.start)
        end: date = day_of(self.end)
        if str(kind).startswith(LEVEL):
            level = CouncilLevel(str(kind)[len(LEVEL):])

            def remake(hide: tuple[str, ...]) -> None:
                self._start(lambda report: notices.make_level_notice(actor, level, start, end, options, report, hide))
        elif kind not in (None, BOARD):
            self.make_council(uuid.UUID(kind), options.large_print, options.landscape)
            return
        else:
            def remake(hide: tuple[str, ...]) -> None:
                self._start(lambda report: notices.make_board(actor, start, end, options, report, hide))

        self._remake = remake
        self._draft = None  # a new notice: a new file in the printing folder
        remake(())

    def make_council(self, meeting_id: uuid.UUID, large_print: bool = False, landscape: bool = False) -> None:
        """The council notice of one meeting (asked for from the 议事会 tab too), made and previewed the same way."""
        notices, actor = self._services.notices, self._actor
        options = NoticeOptions(landscape=landscape, large_print=large_print)

        def remake(hide: tuple[str, ...]) -> None:
            self._start(lambda report: notices.make_council(actor, meeting_id, options, report, hide))

        self._remake = remake
        self._draft = None  # a new notice: a new file in the printing folder
        remake(())

    def _start(self, work: Callable[[Report], MadeNotice]) -> None:
        if self.making is not None:
            return
        self.banner.say("ok", self.tr("Making the notice…"))
        self.make_button.setEnabled(False)
        self.council.set_busy(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        printouts, replacing = self._services.paths.printouts, self._draft
        day = local(self._services.clock.now()).date()

        def make(report: Report) -> tuple[MadeNotice, Path]:
            made = work(report)
            kind = Printout.COUNCIL_NOTICE if made.meeting_id is not None else Printout.NOTICE
            # made again with one more word hidden: the same file, written over
            return made, save_printout(printouts, kind, day, lambda out: out.write_bytes(made.pdf), replacing=replacing)

        self.making = self._ops.read_reporting(make, lambda answer: self._on_made(*answer), self._on_progress,
                                               key="notice", refused=self._on_refused)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("page %v of about %m"))

    def _finish_task(self) -> None:
        self.making = None
        self.make_button.setEnabled(True)
        self.council.set_busy(False)
        self.progress.setVisible(False)

    def _on_refused(self, exc: DomainError) -> None:
        self._finish_task()
        self._ops.show_refusal(exc)

    def _on_made(self, made: MadeNotice, path: Path) -> None:
        self._finish_task()
        self.made, self._draft = made, path
        self.banner.say_printed(self.tr("{title}: {pages} page(s). Print it or save it to publish it.").format(
            title=made.title, pages=made.pages), path)
        masked = [self.tr("{where}: {kind} → {shown}").format(where=m.where, kind=m.kind,
                                                              shown=m.replacement or self.tr("(left out)"))
                  for m in made.masked]
        self._open_preview(path, made.title, record=True, masked=masked)

    def _open_preview(self, path: Path, title: str, record: bool, masked: list[str] | None = None) -> None:
        if self.preview is not None:
            self.preview.close()
        self.preview = PdfPreviewDialog(path, title, self, masked=masked)
        if record:
            self.preview.delivered.connect(self._on_delivered)
            self.preview.hide_requested.connect(self.hide_word)
        self.preview.open()

    def hide_word(self, word: str) -> None:
        """The clerk hides one more word on the notice being previewed: it is made again with the word hidden."""
        made = self.made
        if made is None or self._remake is None:
            return
        self._remake((*made.hide, word))

    def _on_delivered(self, _how: str) -> None:
        """Printed or saved: the notice is published. Recorded once however often it is printed."""
        made = self.made
        if made is None or made.sha256 in self._recorded:
            return
        self._recorded.add(made.sha256)  # at once: a second print while this is on its way is not recorded again
        notices, actor = self._services.notices, self._actor
        self._ops.write(lambda: notices.record(actor, made),
                        lambda _: self.banner.say("ok", self.tr("Recorded as published: {title}.").format(
                            title=made.title)),
                        refused=lambda exc: self._on_record_refused(made, exc))

    def _on_record_refused(self, made: MadeNotice, exc: DomainError) -> None:
        self._recorded.discard(made.sha256)
        self._ops.show_refusal(exc)

    # --- showing again --------------------------------------------------------------------------------

    def show_again(self, *_: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Choose a published notice in the list first."))
            return
        publication = self.model.row_at(index.row())
        notices, actor = self._services.notices, self._actor
        folder, day = self._services.paths.printouts, local(self._services.clock.now()).date()
        title = self.tr("As published: {title}").format(title=publication.title)

        def write_copy() -> Path:
            pdf = notices.publication_pdf(actor, publication.id)
            return save_printout(folder, Printout.PUBLISHED_NOTICE, day, lambda out: out.write_bytes(pdf))

        def written(path: Path) -> None:
            self.banner.say_printed(title, path)
            self._open_preview(path, title, record=False)

        self._ops.read(write_copy, written, key="again")
