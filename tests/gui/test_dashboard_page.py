"""The director's dashboard on the demo community: the figures shown are the service's, every figure carries its
definition as a tooltip, a period change counts again, the charts and tables are filled, and only the director and
the administrator get the page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import openpyxl
import pytest
from PySide6.QtCore import QCoreApplication, QDate, QThreadPool
from PySide6.QtWidgets import QTableView

from app.services.cases import rates
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.dashboard_page import DashboardPage, duration, percent
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD


@pytest.fixture
def director(services: Services) -> Actor:
    return services.auth.login("director", DEMO_PASSWORD)


@pytest.fixture
def page(qtbot, services: Services, director: Actor) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    p = DashboardPage(services, director, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: p.summary is not None, timeout=10_000)
    yield p
    QThreadPool.globalInstance().waitForDone()  # no query left running on a database about to be removed


def expected(services: Services, director: Actor, kind: str) -> rates.Summary:
    today = local(services.clock.now()).date()
    return services.rates.summary(director, *rates.span(*rates.period(kind, today)))


def test_the_figures_are_the_services_with_their_definitions(page: DashboardPage, services: Services,
                                                              director: Actor) -> None:
    assert page.period.currentData() == "month"
    t = expected(services, director, "month").totals
    assert t.received > 20  # the demo has a month's requests to show
    assert page.received.value.text() == str(t.received)
    assert page.response_rate.value.text() == percent(t.response_rate)
    assert page.resolution_rate.value.text() == percent(t.resolution_rate)
    assert page.satisfaction_rate.value.text() == percent(t.satisfaction_rate)
    assert page.response_time.value.text() == duration(t.response_time)
    assert page.resolve_time.value.text() == duration(t.resolve_time)
    assert "%" in page.response_rate.value.text()
    for figure, key in ((page.received, "received"), (page.response_rate, "response_rate"),
                        (page.resolution_rate, "resolution_rate"), (page.satisfaction_rate, "satisfaction_rate"),
                        (page.response_time, "response_time"), (page.resolve_time, "resolve_time")):
        assert figure.toolTip() == QCoreApplication.translate("rates", rates.DEFINITIONS[key][0])
        assert len(figure.toolTip()) > 20
    assert page.ranking_table.toolTip()


def test_tables_and_charts_are_filled(page: DashboardPage, services: Services, director: Actor) -> None:
    s = expected(services, director, "month")
    model, _ = page.by_category
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [g.name for g in s.by_category]
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [str(g.figures.received)
                                                                          for g in s.by_category]
    assert page.by_level[0].rowCount() == len(s.by_level)
    assert page.by_department[0].rowCount() == len(s.by_department)
    assert page.ranking.rowCount() == len(s.red_list) + len(s.black_list) > 0
    assert page.ranking.index(0, 2).data() == s.red_list[0].name
    places = [int(page.ranking.index(r, 1).data()) for r in range(page.ranking.rowCount())]
    assert places == sorted(places)  # the black list read 6 before 5: both lists in the ranking's order
    [pie] = page.split_chart.series()
    assert sum(piece.value() for piece in pie.slices()) == s.totals.received
    lines = page.trend_chart.series()
    assert page.trend is not None and len(lines) == len(page.trend.categories) == 5
    assert sum(p.y() for line in lines for p in line.points()) == sum(w.total for w in page.trend.weeks)
    assert len(page.trend.weeks) >= rates.TREND_WEEKS_MIN
    assert sum(1 for w in page.trend.weeks if w.total) >= 8  # the demo spans ten weeks
    assert isinstance(page.tabs.widget(0), QTableView)  # the ranking; the breakdowns sit beside their bar charts
    assert all(isinstance(page.tabs.widget(i), QTableView) or page.tabs.widget(i).findChild(QTableView) is not None
               for i in range(1, page.tabs.count()))


def test_an_unnamed_group_is_named_for_its_own_dimension(page: DashboardPage) -> None:
    """Requests of a building outside every grid show "(no grid)"; a category or department without a name says so
    in its own words, not as a grid."""
    unnamed = rates.Group(uuid.uuid4(), "", rates.Figures(received=1))
    shown = {}
    for name, (model, _table) in (("category", page.by_category), ("grid", page.by_grid),
                                  ("department", page.by_department)):
        model.set_rows([rates.Group(None, "", rates.Figures(received=1)) if name == "grid" else unnamed])
        shown[name] = model.index(0, 0).data()
    tr = QCoreApplication.translate
    assert shown == {"category": tr("DashboardPage", "(no category)"), "grid": tr("DashboardPage", "(no grid)"),
                     "department": tr("DashboardPage", "(unnamed department)")}
    assert len(set(shown.values())) == 3


def test_a_period_change_counts_again(qtbot, page: DashboardPage, services: Services,  # type: ignore[no-untyped-def]
                                      director: Actor) -> None:
    first = page.summary
    page.period.setCurrentIndex(page.period.findData("week"))
    qtbot.waitUntil(lambda: page.summary is not first, timeout=10_000)
    week = expected(services, director, "week").totals
    assert page.received.value.text() == str(week.received)
    assert not page.since.isEnabled()

    page.period.setCurrentIndex(page.period.findData("custom"))
    assert page.since.isEnabled() and page.until.isEnabled()
    before = page.summary
    start = page.today().replace(day=1).replace(month=9)
    page.since.setDate(QDate(start.year, start.month, start.day))
    qtbot.waitUntil(lambda: page.summary is not before and page.summary.since == rates.span(start, start)[0],
                    timeout=10_000)
    custom = services.rates.summary(director, *rates.span(start, page.today())).totals
    assert page.received.value.text() == str(custom.received)
    assert custom.received > week.received


def test_the_page_is_the_directors_and_the_administrators(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                          director: Actor, clerk: Actor) -> None:
    for actor, has in ((director, True), (services.auth.login("admin", DEMO_PASSWORD), True), (clerk, False)):
        w = MainWindow(services, actor)
        qtbot.addWidget(w)
        assert ("dashboard" in w.pages) is has
    QThreadPool.globalInstance().waitForDone()


def test_the_director_exports_the_periods_figures(qtbot, page: DashboardPage, services: Services,  # type: ignore[no-untyped-def]
                                                   director: Actor, tmp_path) -> None:
    """The workbook holds the same figures the page shows, for the period chosen, written off the GUI thread."""
    assert page.export_button.isVisible()
    first, last = page.days()
    out = tmp_path / "figures.xlsx"
    page.export_to(out)
    qtbot.waitUntil(lambda: page.export_button.isEnabled() and "figures.xlsx" in page.banner.text(), timeout=10_000)
    received = services.rates.summary(director, *rates.span(first, last)).totals.received
    assert f"({received} " in page.banner.text() or f"{received}" in page.banner.text()
    book = openpyxl.load_workbook(out)
    cells = [str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c is not None]
    assert "响应率" in " ".join(cells) and str(received) in cells
