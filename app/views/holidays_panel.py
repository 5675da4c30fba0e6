"""节假日安排: the official holidays and worked weekend days the administrator enters from the State Council's yearly
notice, on the time limits page (a tab of its own). The years the calendar knows are said at the top, and a year
that is wanted (this one, or the coming one from December) in red; entering a holiday of several days is one range;
a small csv or xlsx of the notice can be imported; a day entered by mistake is removed. Each refusal is said under
its field (or, for a file, with the row), nothing written."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.cases.holidays import CalendarOverview, TableDay
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, read_only_table, selected_rows
from app.views.widgets import Banner, ask_open_path, confirm, hidden_unless, icon, name_widget, row

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def years_text(years: tuple[int, ...]) -> str:
    """2004–2026 for a run of years, 2027、2029 for single ones."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class HolidaysPanel(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holidays_panel")
        self._services = services
        self._actor = actor
        self._bus = bus
        self.overview: CalendarOverview | None = None
        self.dialog: FormDialog | None = None
        self.banner = Banner("holidays_banner")
        self._ops = Operations(self, bus, self.banner)
        self.intro = QLabel(self.tr(
            "Time limits in working days (工作日) skip the official holidays and count the weekend days worked in "
            "their place (调休上班). The calendar shipped with the program knows the years listed below; for a later "
            "year, enter the State Council's holiday notice (published each November) here: each holiday as a "
            "range of days, each worked Saturday or Sunday as a day. Until a year is entered, its working days "
            "are counted by weekends alone and its deadlines are marked provisional."))
        self.intro.setObjectName("holidays_intro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color:#333; background:#f4f6f9; padding:8px; border-radius:4px;")
        self.known = QLabel()
        self.known.setObjectName("holidays_known")
        self.known.setWordWrap(True)
        self.missing = QLabel()
        self.missing.setObjectName("holidays_missing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color:#a40000; font-weight:600;")
        self.missing.hide()
        self.model: RowsModel[TableDay] = RowsModel([
            Column(self.tr("Date"), lambda d: f"{d.day:%Y-%m-%d}（{WEEKDAYS[d.day.weekday()]}）"),
            Column(self.tr("Arrangement"), lambda d: self.tr("Worked (调休上班)") if d.workday
                   else self.tr("Holiday (放假)")),
            Column(self.tr("Holiday"), lambda d: d.name),
        ])
        self.table = read_only_table(self.model, "holidays_table", self.tr("Holidays entered"), stretch_column=2)
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        self.add_button = name_widget(QPushButton(icon("fa5s.plus"), self.tr("Enter days…")), "holidays_add",
                                      self.tr("Enter a holiday or a worked weekend day"))
        self.import_button = name_widget(QPushButton(icon("fa5s.file-import"), self.tr("Import a file…")),
                                         "holidays_import", self.tr("Import the notice from a csv or xlsx file"))
        self.remove_button = name_widget(QPushButton(icon("fa5s.trash-alt"), self.tr("Remove")), "holidays_remove",
                                         self.tr("Remove the chosen days"))
        can = actor.can(Permission.MANAGE_SETTINGS)
        for button in (self.add_button, self.import_button, self.remove_button):
            hidden_unless(button, can)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.intro)
        lay.addWidget(self.known)
        lay.addWidget(self.missing)
        lay.addWidget(self.table, 1)
        lay.addWidget(row(-1, self.add_button, self.import_button, self.remove_button))
        self.add_button.clicked.connect(self.open_editor)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        bus.subscribe({Topic.RULES}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        holidays, actor = self._services.holidays, self._actor
        self._ops.read(lambda: holidays.overview(actor), self._show, key="holidays")

    def _show(self, overview: CalendarOverview) -> None:
        self.overview = overview
        text = self.tr("Known years: {package} (shipped with the program)").format(
            package=years_text(overview.package_years))
        entered = tuple(y for y in overview.table_years if y not in overview.package_years)
        if entered:
            text += self.tr("; {years} (entered here)").format(years=years_text(entered))
        if overview.begun_years:
            text += self.tr("; {years} begun (provisional until its 国庆节 is entered)").format(
                years=years_text(overview.begun_years))
        self.known.setText(text + "。")
        if overview.missing is not None:
            self.missing.setText(self.tr(
                "The holidays of {year} are not entered yet: deadlines in working days that run into {year} are "
                "provisional.").format(year=overview.missing))
        self.missing.setVisible(overview.missing is not None)
        self.model.set_rows(overview.days)
        self.table.resizeColumnsToContents()

    def open_editor(self) -> FormDialog:
        dialog = FormDialog("holiday_dialog", self.tr("Enter holidays"), self._bus, self, save=True)
        dialog.say(self.tr("A holiday of several days is one range (e.g. 国庆节 10-01 to 10-07, 放假); a worked "
                           "weekend day is a range of one day (上班)."))
        first, last = QDateEdit(), QDateEdit()
        for edit, object_name, accessible in ((first, "holiday_first", self.tr("First day")),
                                              (last, "holiday_last", self.tr("Last day"))):
            name_widget(edit, object_name, accessible)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        today = local(self._services.clock.now()).date()  # the desk's day, whatever the PC's time zone
        start = QDate(today.year, today.month, today.day)
        wanted = self.overview.missing if self.overview is not None else None
        if wanted is not None and wanted > start.year():
            start = QDate(wanted, 1, 1)
        first.setDate(start)
        last.setDate(start)
        first.dateChanged.connect(lambda d: last.setDate(d) if last.date() < d else None)
        kind = QComboBox()
        name_widget(kind, "holiday_kind", self.tr("Arrangement"))
        kind.addItem(self.tr("Holiday (放假)"), False)
        kind.addItem(self.tr("Worked weekend day (调休上班)"), True)
        name = QLineEdit()
        name_widget(name, "holiday_name", self.tr("Holiday"))
        name.setPlaceholderText(self.tr("e.g. 春节"))
        dialog.add_field("first", self.tr("First day"), first)
        dialog.add_field("last", self.tr("Last day"), last)
        dialog.add_field("workday", self.tr("Arrangement"), kind)
        dialog.add_field("name", self.tr("Holiday"), name)
        holidays, actor = self._services.holidays, self._actor
        dialog.submit = lambda: partial(holidays.add, actor, _day(first), _day(last), bool(kind.currentData()),
                                        name.text())
        dialog.accepted.connect(lambda: self._said_saved(dialog.answer))
        self.dialog = dialog
        dialog.open()
        first.setFocus()
        return dialog

    def _said_saved(self, count: object) -> None:
        self.dialog = None
        self.banner.say("ok", self.tr("{n} days entered. The deadlines of open requests in working days were "
                                      "worked out again.").format(n=count))

    def _on_import_clicked(self) -> None:
        ask_open_path(self, "holidays_file_dialog", self.tr("Choose the holiday notice file"),
                      [self.tr("Spreadsheets (*.csv *.xlsx)")], self.import_path)

    def import_path(self, path: Path) -> None:
        holidays, actor = self._services.holidays, self._actor
        self._ops.write(lambda: holidays.import_file(actor, path), lambda n: self.banner.say("ok", self.tr(
            "{n} days imported from {file}. The deadlines of open requests in working days were worked out "
            "again.").format(n=n, file=path.name)), busy=[self.import_button])

    def _on_remove_clicked(self) -> None:
        days = selected_rows(self.table, self.model)
        if not days:
            self.banner.say("warn", self.tr("Choose the days to remove in the list first."))
            return
        if not confirm(self, self.tr("Remove these days?"), self.tr(
                "{n} days will be taken out of the table; they count as the calendar shipped with the program has "
                "them, or as ordinary weekdays and weekends in a year it does not know.").format(n=len(days))):
            return
        holidays, actor, ids = self._services.holidays, self._actor, [d.id for d in days]
        self._ops.write(lambda: holidays.remove(actor, ids), lambda n: self.banner.say("ok", self.tr(
            "{n} days removed.").format(n=n)), busy=[self.remove_button])
