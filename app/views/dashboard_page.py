"""数据看板: the director's picture of the community — the three rates and the average times as big figures (their
definitions as tooltips), the category split and the weekly trend as charts, breakdowns by category, grid, handling
level and department, and the department ranking (红黑榜). Everything is counted by app.services.cases.rates, off the
GUI thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QPieSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QDate, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import HandlingLevel
from app.domain.topics import Topic
from app.services.cases import rates
from app.services.cases.counting import days_hours_minutes, percent
from app.services.cases.rates import DepartmentScore, Figures, Group, Summary, Trend
from app.services.cases.repeats import FrequentCaller
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.programmes.employment_data import JobCounts
from app.views.bus import ChangeBus
from app.views.charts import BarChart, make_savable
from app.views.frequent_callers import FrequentCallersPanel
from app.views.hot_spots import HotSpotsSection, SeasonsSection
from app.views.operations import Operations
from app.views.tables import Column, DeskTable, RowsModel, read_only_table
from app.views.tasks import Task
from app.views.type_scale import points, set_role
from app.views.widgets import (
    Banner,
    ask_save_path,
    hidden_unless,
    icon,
    label_of,
    name_widget,
    row,
)

if TYPE_CHECKING:
    from app.views.street_report_dialog import StreetReportFlow

# One colour per request class, in catalogue order (the charts keep a class's colour in both).
PALETTE = ("#2b4c7e", "#c0504d", "#9bbb59", "#f79646", "#8064a2", "#4bacc6", "#7f7f7f")


def definition(key: str) -> str:
    """A figure's definition (app.services.cases.rates.DEFINITIONS) in the UI language."""
    return QCoreApplication.translate("rates", rates.DEFINITIONS[key][0])


def duration(value: timedelta | None) -> str:
    if value is None:
        return "—"
    days, hours, minutes = days_hours_minutes(value)
    if days:
        return QCoreApplication.translate("dashboard", "{d} d {h} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("dashboard", "{h} h {m} min").format(h=hours, m=minutes)
    return QCoreApplication.translate("dashboard", "{m} min").format(m=minutes)


class Figure(QFrame):
    """One big readable number with its caption; the definition is the tooltip."""

    def __init__(self, object_name: str, caption: str, tooltip: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#{object_name}{{background:#f4f6f9; border:1px solid #d5dbe5; border-radius:6px;}}")
        self.setToolTip(tooltip)
        self.setAccessibleDescription(tooltip)
        self.value = QLabel("—")
        self.value.setObjectName(f"{object_name}_value")
        self.value.setStyleSheet("color:#2b4c7e; font-weight:700;")
        set_role(self.value, "big")
        self.caption = QLabel(caption)
        self.detail = QLabel("")
        self.detail.setStyleSheet("color:#555;")
        self.detail.setWordWrap(True)  # a long detail wraps: six figures fit a 1280-pixel screen
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.setSpacing(0)
        for w in (self.caption, self.value, self.detail):
            lay.addWidget(w)

    def show_value(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class DashboardPage(QWidget):
    resident_opened = Signal(object)  # a resident of 本月多次来电: their page
    case_opened = Signal(object)  # a request behind a hot spot (its id)

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_page")
        self._services = services
        self._actor = actor
        self._stale = True
        self.summary: Summary | None = None
        self.trend: Trend | None = None
        self.banner = Banner("dashboard_banner")
        self._ops = Operations(self, bus, self.banner)

        self.period = name_widget(QComboBox(), "dashboard_period", self.tr("Period"))
        for key, text in (("week", self.tr("This week")), ("month", self.tr("This month")),
                          ("quarter", self.tr("This quarter")), ("custom", self.tr("Custom"))):
            self.period.addItem(text, key)
        self.period.setCurrentIndex(1)
        self.since = self._date("dashboard_since", self.tr("From"))
        self.until = self._date("dashboard_until", self.tr("To"))
        self.refresh_button = name_widget(QPushButton(icon("fa5s.sync"), self.tr("Refresh")), "dashboard_refresh",
                                          self.tr("Count again"))
        self.export_button = name_widget(QPushButton(icon("fa5s.file-export"), self.tr("Export the figures…")),
                                         "dashboard_export", self.tr("Export this period's rates, breakdowns, "
                                                                     "ranking and trend to Excel or CSV"))
        hidden_unless(self.export_button, actor.can(Permission.EXPORT))
        self.report_button = name_widget(QPushButton(icon("fa5s.file-alt"), self.tr("Work report…")),
                                         "dashboard_report", self.tr("The street's work report (工作简报) of a week "
                                                                     "or a month, as PDF or Word"))
        self.report_flow: StreetReportFlow | None = None
        self.status = QLabel()
        self.status.setObjectName("dashboard_status")
        self.status.setWordWrap(True)  # wraps rather than widening the window past a 1280-pixel screen

        self.received = Figure("fig_received", self.tr("Requests received"), definition("received"))
        self.response_rate = Figure("fig_response_rate", self.tr("Response rate"), definition("response_rate"))
        self.resolution_rate = Figure("fig_resolution_rate", self.tr("Resolution rate"),
                                      definition("resolution_rate"))
        self.satisfaction_rate = Figure("fig_satisfaction_rate", self.tr("Satisfaction rate"),
                                        definition("satisfaction_rate"))
        self.response_time = Figure("fig_response_time", self.tr("Average time to respond"),
                                    definition("response_time"))
        self.resolve_time = Figure("fig_resolve_time", self.tr("Average time to resolve"), definition("resolve_time"))
        figures = QWidget()
        grid = QGridLayout(figures)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, fig in enumerate((self.received, self.response_rate, self.resolution_rate, self.satisfaction_rate,
                                 self.response_time, self.resolve_time)):
            grid.addWidget(fig, 0, i)
        self.repeats = QLabel()  # 重复诉求 N 件（占 x%）, under the figures
        self.repeats.setObjectName("dashboard_repeats")
        self.repeats.setToolTip(self.tr(
            "Requests logged in the period that were marked as a repeat of an earlier request of the same resident "
            "(or the same caller's number) within 90 days, counted on their own day of intake, and their share of "
            "the requests received. A call recorded on an earlier open request opens no request and is not counted."))
        set_role(self.repeats, "emphasis")
        grid.addWidget(self.repeats, 1, 0, 1, 6)
        self.employment = QLabel()  # 就业帮扶 this year: seed 000's count (issue 22), under the repeats
        self.employment.setObjectName("dashboard_employment")
        self.employment.setToolTip(self.tr(
            "Employment help this year: people helped (files opened this year or still open in it), re-employed and "
            "started a business (files closed so this year), and the jobs those businesses created."))
        set_role(self.employment, "emphasis")
        grid.addWidget(self.employment, 2, 0, 1, 6)

        self.split_chart = QChart()
        self.split_chart.setTitle(self.tr("Requests by category"))
        self.trend_chart = QChart()
        self.trend_chart.setTitle(self.tr("Requests per week, by category"))
        self.split_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.trend_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.split_view = self._chart_view(self.split_chart, "dashboard_split_chart", self.tr("Category split"))
        self.trend_view = self._chart_view(self.trend_chart, "dashboard_trend_chart", self.tr("Weekly trend"))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.by_category = self._group_table("dashboard_by_category", self.tr("Category"), self.tr("(no category)"))
        self.by_grid = self._group_table("dashboard_by_grid", self.tr("Grid"), self.tr("(no grid)"))
        self.by_level = self._group_table("dashboard_by_level", self.tr("Handling level"), self.tr("(no level)"))
        self.by_department = self._group_table("dashboard_by_department", self.tr("Department"),
                                               self.tr("(unnamed department)"))
        self.ranking: RowsModel[tuple[str, int, DepartmentScore]] = RowsModel([
            Column(self.tr("List"), lambda r: r[0]),
            Column(self.tr("Rank"), lambda r: r[1], align_right=True),
            Column(self.tr("Department"), lambda r: r[2].name),
            Column(self.tr("Called in"), lambda r: r[2].called, align_right=True),
            Column(self.tr("Reported"), lambda r: r[2].reported, align_right=True),
            Column(self.tr("On time"), lambda r: r[2].on_time, align_right=True),
            Column(self.tr("Overdue"), lambda r: r[2].overdue, align_right=True),
            Column(self.tr("On-time rate"), lambda r: percent(r[2].on_time_rate), align_right=True),
            Column(self.tr("Average time to report"), lambda r: duration(r[2].report_time), align_right=True),
        ])
        self.ranking_table = read_only_table(self.ranking, "dashboard_ranking", self.tr("Department ranking"),
                                             stretch_column=2)
        self.ranking_table.setToolTip(definition("on_time_rate"))
        self.tabs.addTab(self.ranking_table, self.tr("Red and black list"))
        self.frequent = FrequentCallersPanel(self)
        self.frequent.resident_opened.connect(self.resident_opened)
        # Each breakdown's received requests as bars beside its table, filled from the same read (charts.py);
        # then the hot spots and the heating seasons (hot_spots.py), read on their own.
        self.bar_charts: dict[str, BarChart] = {}
        for key, (_model, table), title, stem in (
                ("category", self.by_category, self.tr("By category"), "诉求按类别"),
                ("grid", self.by_grid, self.tr("By grid"), "诉求按网格"),
                ("level", self.by_level, self.tr("By handling level"), "诉求按办理层级"),
                ("department", self.by_department, self.tr("By department"), "诉求按部门")):
            chart = BarChart(f"dashboard_{key}_bars", self.tr("Requests received"), self._file_name(stem),
                             self.banner)
            self.bar_charts[key] = chart
            # beside a chart the table has less room: its columns fit their contents (names whole), then it scrolls
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            self.tabs.addTab(row((table, 3), (chart, 2)), title)
        self._frequent_tab = self.tabs.addTab(self.frequent.table, self.tr("Asked often this month"))
        self.hot_spots = HotSpotsSection(services, actor, self._ops)
        self.hot_spots.case_opened.connect(self.case_opened)
        self.seasons = SeasonsSection(services, actor, self._ops, self.banner)
        self.tabs.addTab(self.hot_spots, self.tr("Hot spots"))
        self.tabs.addTab(self.seasons, self.tr("Heating seasons"))
        self._tab_charts: dict[QWidget | None, BarChart] = {self.tabs.widget(i): chart for i, chart in zip(
            range(1, 5), self.bar_charts.values(), strict=True)} | {self.seasons: self.seasons.chart}
        self.save_chart_button = name_widget(QPushButton(icon("fa5s.image"), self.tr("Save chart as picture…")),
                                             "dashboard_save_chart", self.tr("Save this tab's chart as a PNG picture"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed()
        for view, object_name, stem in ((self.split_view, "dashboard_split_chart", "各类别诉求占比"),
                                        (self.trend_view, "dashboard_trend_chart", "每周诉求数")):
            make_savable(view, object_name, self._file_name(stem), self.banner)
            view.setToolTip(self.tr("Right-click to save the chart as a picture"))

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(row(QLabel(self.tr("Period")), self.period, QLabel(self.tr("From")), self.since,
                          QLabel(self.tr("To")), self.until, self.refresh_button, (self.status, 1),
                          self.export_button))
        lay.addWidget(figures)
        lay.addWidget(row((self.split_view, 2), (self.trend_view, 3)), 2)
        lay.addWidget(self.tabs, 3)

        self.period.currentIndexChanged.connect(self._on_period_current_index_changed)
        self.since.dateChanged.connect(self._on_date_changed)
        self.until.dateChanged.connect(self._on_date_changed)
        self.refresh_button.clicked.connect(self.reload)
        self.save_chart_button.clicked.connect(self._on_save_chart_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.report_button.clicked.connect(self._on_report_clicked)
        # the chart's picture and the street's report at the tabs' right (the period's row is full at 1280)
        self.tabs.setCornerWidget(row(self.save_chart_button, self.report_button), Qt.Corner.TopRightCorner)
        bus.subscribe({Topic.CASES, Topic.PROGRAMMES}, self._on_bus_cases_changed)
        self._on_period_current_index_changed()

    # --- the figures to a file ------------------------------------------------------------------------

    def current_chart(self) -> BarChart | None:
        """The bar chart of the tab on show (a breakdown's, the heating seasons'), if it has one."""
        return self._tab_charts.get(self.tabs.currentWidget())

    def _on_tab_changed(self) -> None:
        self.save_chart_button.setEnabled(self.current_chart() is not None)

    def _on_save_chart_clicked(self) -> None:
        chart = self.current_chart()
        if chart is not None:
            chart.save_action.trigger()

    def _on_report_clicked(self) -> None:
        from app.views.street_report_dialog import StreetReportFlow  # built when asked

        self.report_flow = StreetReportFlow(self, self._services, self._actor, self.banner).start()

    def _on_export_clicked(self) -> None:
        first, last = self.days()
        ask_save_path(self, "dashboard_export_dialog", self.tr("Export the figures"),
                      f"诉求办理数据-{first:%Y%m%d}-{last:%Y%m%d}.xlsx",
                      [self.tr("Excel workbooks (*.xlsx)"), self.tr("CSV files (*.csv)")], self.export_to)

    def export_to(self, path: Path) -> Task:
        """This period's figures (xlsx or csv by the file's suffix), written off the GUI thread."""
        (first, last), fmt = self.days(), path.suffix.lower().lstrip(".")
        export, actor = self._services.export, self._actor
        return self._ops.write_file(
            path, lambda: export.export_figures(actor, fmt, path, first, last),
            lambda result: self.tr("The figures of {first} to {last} ({n} request(s) received) were exported to "
                                   "{path}.").format(first=first, last=last, n=result.received, path=result.path),
            busy=[self.export_button])

    # --- building -------------------------------------------------------------------------------------

    def _file_name(self, stem: str) -> Callable[[], str]:
        """A chart's picture's file name: what it shows, in Chinese, and the period."""
        def name() -> str:
            first, last = self.days()
            return f"{stem}-{first:%Y%m%d}-{last:%Y%m%d}.png"
        return name

    def _date(self, object_name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit()
        name_widget(edit, object_name, accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _chart_view(self, chart: QChart, object_name: str, accessible: str) -> QChartView:
        chart.setMargins(QMargins(4, 4, 4, 4))
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(230)
        name_widget(view, object_name, accessible)
        return view

    def _group_table(self, object_name: str, title: str, unnamed: str) -> tuple[RowsModel[Group], DeskTable]:
        """A breakdown's table; ``unnamed`` stands for a group without a name in this dimension (requests of a
        building outside every grid, a category or department no longer in the catalogue)."""
        def rate(get: Callable[[Figures], float | None]) -> Callable[[Group], str]:
            return lambda g: percent(get(g.figures))

        model: RowsModel[Group] = RowsModel([
            Column(title, lambda g: self._group_name(g, unnamed)),
            Column(self.tr("Received"), lambda g: g.figures.received, align_right=True),
            Column(self.tr("Households"), lambda g: g.figures.households, align_right=True),
            Column(self.tr("Responded"), lambda g: g.figures.responded, align_right=True),
            Column(self.tr("Resolved"), lambda g: g.figures.resolved, align_right=True),
            Column(self.tr("Response rate"), rate(lambda f: f.response_rate), align_right=True),
            Column(self.tr("Resolution rate"), rate(lambda f: f.resolution_rate), align_right=True),
            Column(self.tr("Satisfaction rate"), rate(lambda f: f.satisfaction_rate), align_right=True),
            Column(self.tr("Average time to respond"), lambda g: duration(g.figures.response_time), align_right=True),
            Column(self.tr("Average time to resolve"), lambda g: duration(g.figures.resolve_time), align_right=True),
            Column(self.tr("In the difficult pool"), lambda g: g.figures.in_pool, align_right=True),
        ])
        table = read_only_table(model, object_name, title, stretch_column=0)
        return model, table

    @staticmethod
    def _group_name(g: Group, unnamed: str) -> str:
        if isinstance(g.key, HandlingLevel):
            return label_of(g.key)
        return g.name or unnamed

    # --- the period -----------------------------------------------------------------------------------

    def today(self) -> date:
        return local(self._services.clock.now()).date()

    def days(self) -> tuple[date, date]:
        """The period's first and last local day."""
        key = self.period.currentData()
        if key == "custom":
            first, last = self.since.date().toPython(), self.until.date().toPython()
            assert isinstance(first, date) and isinstance(last, date)
            return (first, last) if first <= last else (last, first)
        return rates.period(key, self.today())

    def _on_period_current_index_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.since.setEnabled(custom)
        self.until.setEnabled(custom)
        if not custom:
            first, last = self.days()
            for edit, day in ((self.since, first), (self.until, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self._reload_if_seen()

    def _on_date_changed(self) -> None:
        if self.period.currentData() == "custom":
            self._reload_if_seen()

    def _reload_if_seen(self) -> None:
        """Count now if the page is on screen, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self.reload()

    def _on_bus_cases_changed(self) -> None:
        self._reload_if_seen()

    # --- asking and showing ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Count the period again, off the GUI thread; an answer to an earlier question is dropped."""
        self._stale = False
        self.banner.hide()
        since, until = rates.span(*self.days())
        service, actor = self._services.rates, self._actor
        self.status.setText(self.tr("Counting…"))

        def work() -> tuple[Summary, Trend]:
            return service.summary(actor, since, until), service.trend(actor, since, until)

        self._ops.read(work, self._on_done, key="figures", refused=self._on_refused)
        repeats = self._services.repeats
        self._ops.read(lambda: repeats.frequent(actor), self._on_frequent, key="frequent")
        employment = self._services.employment
        self._ops.read(lambda: employment.year_counts(actor), self._on_job_counts, key="employment")

        self.hot_spots.load(*self.days())
        self.seasons.load()

    def _on_job_counts(self, c: JobCounts) -> None:
        self.employment.setText(self.tr(
            "Employment help in {year}: {helped} people helped, {reemployed} re-employed, {business} started a "
            "business, creating {jobs} jobs").format(year=c.year, helped=c.helped, reemployed=c.reemployed,
                                                     business=c.business, jobs=c.jobs_created))

    def _on_frequent(self, found: list[FrequentCaller]) -> None:
        self.frequent.show_rows(found)
        month = self.today().replace(day=1)
        n = next((f.flagged for f in found if f.month == month), 0)
        self.tabs.setTabText(self._frequent_tab, self.tr("Asked often this month ({n})").format(n=n))

    def _on_refused(self, exc: DomainError) -> None:
        self.status.setText("")
        self._ops.show_refusal(exc)

    def _on_done(self, result: tuple[Summary, Trend]) -> None:
        self.summary, self.trend = result
        first, last = self.days()
        self.status.setText(self.tr("{first} to {last}: requests received in this period").format(
            first=first.isoformat(), last=last.isoformat()))
        self._show_figures(self.summary.totals)
        for (model, table), groups in ((self.by_category, self.summary.by_category),
                                       (self.by_grid, self.summary.by_grid), (self.by_level, self.summary.by_level),
                                       (self.by_department, self.summary.by_department)):
            model.set_rows(groups)
            table.resizeColumnsToContents()
        for key, groups, unnamed in (
                ("category", self.summary.by_category, self.tr("(no category)")),
                ("grid", self.summary.by_grid, self.tr("(no grid)")),
                ("level", self.summary.by_level, self.tr("(no level)")),
                ("department", self.summary.by_department, self.tr("(unnamed department)"))):
            self.bar_charts[key].set_bars([self._group_name(g, unnamed) for g in groups],
                                          [(self.tr("Requests received"), [g.figures.received for g in groups])])
        place = {d.department_id: i + 1 for i, d in enumerate(self.summary.judged)}
        self.ranking.set_rows([(self.tr("Red"), place[d.department_id], d) for d in self.summary.red_list]
                              + [(self.tr("Black"), place[d.department_id], d) for d in self.summary.black_list])
        self._draw_split(self.summary)
        self._draw_trend(self.trend)

    def _show_figures(self, t: Figures) -> None:
        self.received.show_value(str(t.received), self.tr("{n} households").format(n=t.households))
        self.response_rate.show_value(percent(t.response_rate),
                                      self.tr("{a} of {b} responded").format(a=t.responded, b=t.received))
        self.resolution_rate.show_value(percent(t.resolution_rate),
                                        self.tr("{a} of {b} resolved").format(a=t.resolved, b=t.received))
        # 无法联系 is left out of the rate (its definition says so) and shown beside it
        self.satisfaction_rate.show_value(percent(t.satisfaction_rate), "\n".join((
            self.tr("{a} of {b} follow-up calls").format(a=t.satisfied, b=t.follow_ups),
            self.tr("{n} could not be reached").format(n=t.unreachable))))
        self.response_time.show_value(duration(t.response_time))
        self.resolve_time.show_value(duration(t.resolve_time))
        self.repeats.setText(self.tr("Repeat requests: {n} ({share} of those received)").format(
            n=t.repeats, share=percent(t.repeat_share)))

    def _colour(self, index: int) -> QColor:
        return QColor(PALETTE[index % len(PALETTE)])

    def _draw_split(self, summary: Summary) -> None:
        chart = self.split_chart
        chart.removeAllSeries()
        pie = QPieSeries()
        total = summary.totals.received
        order = {key: i for i, (key, _n) in enumerate(self.trend.categories)} if self.trend else {}
        for g in summary.by_category:
            if not g.figures.received:
                continue
            share = g.figures.received / total if total else 0.0
            piece = pie.append(f"{g.name} {share * 100:.0f}%", g.figures.received)
            piece.setColor(self._colour(order.get(g.key, len(order)) if isinstance(g.key, uuid.UUID) else len(order)))
        pie.setPieSize(0.9)
        chart.addSeries(pie)

    def _draw_trend(self, trend: Trend) -> None:
        chart = self.trend_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        weeks = QBarCategoryAxis()
        weeks.append([f"{w.start.month}/{w.start.day}" for w in trend.weeks])
        weeks.setTitleText(self.tr("Week starting"))
        weeks.setLabelsAngle(-60)
        small = QFont()
        small.setPointSize(points("small"))
        weeks.setLabelsFont(small)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        top = max((n for w in trend.weeks for n in w.received.values()), default=0)
        step = max(1, -(-(top + 1) // 4))  # four whole steps above the highest week
        counts.setRange(0, 4 * step)
        counts.setTickCount(5)
        chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        for i, (key, name) in enumerate(trend.categories):
            line = QLineSeries()
            line.setName(name)
            line.setPen(QPen(self._colour(i), 2.5))
            for x, w in enumerate(trend.weeks):
                line.append(x, w.received.get(key, 0))
            chart.addSeries(line)
            line.attachAxis(weeks)
            line.attachAxis(counts)
