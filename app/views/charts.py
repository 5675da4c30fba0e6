"""Charts that can be kept: horizontal bar charts with Chinese labels beside the dashboard's tables, and 另存为图片 for
any chart (the right-click menu of every chart, and a button of its page), saved as PNG where the user chooses, under
a Chinese file name with the period."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFileDialog, QFrame, QScrollArea, QVBoxLayout, QWidget

from app.views.type_scale import points
from app.views.widgets import Banner, ask_save_path, icon, name_widget

SET_COLOURS = ("#2b4c7e", "#9fbbe0", "#c0504d")  # the first set (this period), then the one compared with it
LABEL_LINES = 1.6      # a category's height in lines of its label, so a label never overlaps the next (Qt drops one)
CHART_CHROME = 70      # the title and the value axis
MIN_HEIGHT = 180


def font(role: str, bold: bool = False) -> QFont:
    """A chart's font at a size of the type scale (a chart does not follow the style sheet)."""
    f = QFont()
    f.setPointSize(points(role))
    f.setBold(bold)
    return f


def nice_axis(value: float, most: int = 6) -> tuple[int, int]:
    """The value axis' end above ``value`` and its tick count: at most ``most`` steps of 1, 2 or 5 times a power of
    ten (41 -> 0 to 50 by 10; 7 -> 0 to 8 by 2)."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            steps = max(1, math.ceil(value / step))
            if steps <= most:
                return steps * step, steps + 1
        scale *= 10


def save_chart(view: QChartView, path: Path, banner: Banner) -> bool:
    """The chart as drawn (its widget, whole) written to ``path`` as PNG; the banner says where, or that it failed."""
    saved = view.grab().save(str(path), "PNG")
    if saved:
        banner.say("ok", QCoreApplication.translate("charts", "The chart was saved as a picture: {path}").format(
            path=path))
    else:
        banner.say("error", QCoreApplication.translate(
            "charts", "The picture could not be saved to {path}. Choose another folder.").format(path=path))
    return saved


def make_savable(view: QChartView, object_name: str, file_name: Callable[[], str], banner: Banner) -> QAction:
    """Give a chart 另存为图片… in its right-click menu; returns the action (a button may trigger it too)."""
    action = QAction(icon("fa5s.image"), QCoreApplication.translate("charts", "Save as picture…"), view)
    action.setObjectName(f"{object_name}_save")
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    action.triggered.connect(lambda: ask_to_save(view, object_name, file_name(), banner))
    return action


def ask_to_save(view: QChartView, object_name: str, file_name: str, banner: Banner) -> QFileDialog:
    title = QCoreApplication.translate("charts", "Save the chart as a picture")
    pictures = QCoreApplication.translate("charts", "PNG pictures (*.png)")
    return ask_save_path(view, f"{object_name}_save_dialog", title, file_name, [pictures],
                         lambda path: save_chart(view, path, banner))


class BarChart(QWidget):
    """Horizontal bars, one category a row in the order given (the table's, top down), one bar a set; the values at
    the bars' ends. Many categories scroll instead of squeezing their labels."""

    def __init__(self, object_name: str, title: str, file_name: Callable[[], str], banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._file_name, self._banner = file_name, banner
        self.labels: list[str] = []
        self.sets: list[tuple[str, list[int]]] = []
        self.chart = QChart()
        self.chart.setTitle(title)
        self.chart.setMargins(QMargins(4, 4, 12, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        name_widget(self.view, f"{object_name}_view", title)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.view)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.save_action = make_savable(self.view, object_name, file_name, banner)  # its page adds a button
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.scroller, 1)

    def set_bars(self, labels: Sequence[str], sets: Sequence[tuple[str, Sequence[int]]]) -> None:
        """``labels`` top down; each set a name (its legend, shown when there are several) and a value per label."""
        self.labels = list(labels)
        self.sets = [(name, list(values)) for name, values in sets]
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitleFont(font("body", bold=True))
        series = QHorizontalBarSeries()
        for i, (name, values) in enumerate(self.sets):
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in reversed(values)])  # a horizontal chart draws its first row lowest
            bar_set.setColor(QColor(SET_COLOURS[i % len(SET_COLOURS)]))
            bar_set.setLabelColor(QColor("#222222"))
            bar_set.setLabelFont(font("small"))
            series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.8)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append(list(reversed(self.labels)) or [""])
        names.setLabelsFont(font("body"))
        names.setTruncateLabels(False)  # a Chinese name is short; Qt would cut it to "…" in a narrow chart
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        top, ticks = nice_axis(max((v for _n, values in self.sets for v in values), default=0) * 1.08)
        counts.setRange(0, top)
        counts.setTickCount(ticks)
        counts.setLabelsFont(font("small"))
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(counts)
        chart.legend().setVisible(len(self.sets) > 1)
        chart.legend().setFont(font("body"))
        line = QFontMetrics(font("body")).height()  # the type scale's body, whatever 字体大小 is chosen
        per_label = line * LABEL_LINES * (1 + 0.6 * (len(self.sets) - 1))  # a second bar a label: 60 % more room
        legend = line * 2 if len(self.sets) > 1 else 0
        self.view.setMinimumHeight(max(MIN_HEIGHT, round(max(len(self.labels), 1) * per_label + CHART_CHROME
                                                          + legend)))

    def bars(self) -> list[tuple[str, list[int]]]:
        """What the chart draws, row by row top down: the label and each set's value (read back from the series)."""
        drawn_series = self.chart.series()
        series = drawn_series[0] if drawn_series else None
        if not isinstance(series, QHorizontalBarSeries):
            return []
        [names] = [a for a in series.attachedAxes() if isinstance(a, QBarCategoryAxis)]
        drawn = list(reversed(names.categories()))
        per_set = [[int(s.at(i)) for i in reversed(range(s.count()))] for s in series.barSets()]
        return [(label, [values[i] for values in per_set]) for i, label in enumerate(drawn) if self.labels]

    def save(self, path: Path) -> bool:
        return save_chart(self.view, path, self._banner)
