"""工作简报: the dashboard's dialog for the street's report. The clerk picks the week or the month, a day in it (today
at the latest: the date box goes no further) and PDF or Word; the report is written into the printing folder off the
GUI thread (``ops.write_file``) as 工作简报-2026年第47周.pdf. A refusal (no request in that period) stays in the
dialog, the choices as they were; once written the dialog closes and the dashboard shows the PDF's preview, or opens
the Word document with the PC's own program (Word or WPS)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

from app.services.cases.briefing import ReportFile, period_of
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.pdf_preview import PdfPreviewDialog
from app.views.widgets import Banner, name_widget


class StreetReportDialog(FormDialog):
    """Week or month, a day in it, PDF or Word; ``answer`` is the ``ReportFile`` once written."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, parent: QWidget | None = None) -> None:
        super().__init__("street_report_dialog", self.tr("Work report for the street office"), bus, parent,
                         ok_text=self.tr("Make the report"))
        self._services, self._actor = services, actor
        self.say(self.tr("The week (Monday to Sunday) or the month containing the day: the requests received, the "
                         "three rates against the period before, hot spots, the difficult pool, the overdue requests "
                         "and the departments' scores, in the layout of an official document. No resident is "
                         "named."))
        self.kind = name_widget(QComboBox(), "street_report_kind", self.tr("Week or month"))
        self.kind.addItem(self.tr("Week"), "week")
        self.kind.addItem(self.tr("Month"), "month")
        today = local(services.clock.now()).date()
        self.day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "street_report_day",
                               self.tr("A day in the week or month"))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))  # a report covers days that have come
        self.format = name_widget(QComboBox(), "street_report_format", self.tr("File"))
        self.format.addItem(self.tr("PDF, to print"), ".pdf")
        self.format.addItem(self.tr("Word document (.docx), to edit in Word or WPS"), ".docx")
        self.add_field("kind", self.tr("Period"), self.kind)
        self.add_field("to", self.tr("Day in it"), self.day)
        self.add_field("out", self.tr("File"), self.format)

    def chosen_day(self) -> date:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        return day

    def path(self) -> Path:
        """Where the report goes: the printing folder, named after the period (made again: replaced)."""
        period = period_of(str(self.kind.currentData()), self.chosen_day())
        return self._services.paths.printouts / f"工作简报-{period.name}{self.format.currentData()}"

    def _on_accepted(self) -> None:
        if self.ops.busy:
            return  # OK pressed twice: the first call is on its way
        self.banner.hide()
        self.errors.clear()
        kind, day, path = str(self.kind.currentData()), self.chosen_day(), self.path()
        service, actor = self._services.street_report, self._actor
        self.ops.write_file(path, lambda: service.write(actor, kind, day, path), self._written,
                            busy=[self.ok_button])

    def _written(self, made: ReportFile) -> str:
        self.answer = made
        self.accept()
        return ""


def open_document(path: Path) -> bool:
    """Opens a written document with the PC's own program for its kind (Word or WPS for a .docx); False when the PC
    has none."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class StreetReportFlow:
    """The dashboard's 工作简报 button: the dialog, then the PDF's preview or the Word document opened, and where the
    file went said in the page's banner."""

    def __init__(self, parent: QWidget, services: Services, actor: Actor, banner: Banner) -> None:
        self._parent, self._banner = parent, banner
        self.dialog = StreetReportDialog(services, actor, None, parent)
        self.dialog.accepted.connect(self._on_accepted)
        self.preview: PdfPreviewDialog | None = None
        self.opened: bool | None = None  # the Word document handed to the PC's program

    def start(self) -> StreetReportFlow:
        self.dialog.open()
        return self

    def _on_accepted(self) -> None:
        made: ReportFile = self.dialog.answer
        said = QCoreApplication.translate("street_report", "The work report of {period} ({days}): {n} request(s) "
                                                           "received.").format(period=made.period.name,
                                                                               days=made.period.days, n=made.received)
        if made.path.suffix == ".pdf":
            self._banner.say_printed(said, made.path)
            self.preview = PdfPreviewDialog(made.path, made.path.stem, self._parent)
            self.preview.open()
            return
        self.opened = open_document(made.path)
        if not self.opened:
            said += "\n" + QCoreApplication.translate(
                "street_report", "No program on this PC opens Word documents: take the file to a PC with Word or WPS.")
        self._banner.say_printed(said, made.path)
