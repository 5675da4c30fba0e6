"""A list's column widths are the clerk's once dragged: kept through refreshes and restarts, on this PC only, until
恢复默认列宽 gives the fitted widths back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.tables import DeskTable
from app.views.window_state import ViewState
from tests.gui.helpers import settle, settled_window


def drag_column_edge(table: DeskTable, column: int, by: int) -> None:
    """What the clerk does: press on the column's right edge in the header, drag, let go."""
    header = table.horizontalHeader()
    viewport = header.viewport()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge, y))
    for step in range(1, 5):
        QTest.mouseMove(viewport, QPoint(edge + by * step // 4, y))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge + by, y))


def test_a_dragged_width_survives_a_refresh_and_a_restart(
        qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    window = settled_window(qtbot, services, clerk)
    window.show_page("cases")
    settle(qtbot)
    table = window.pages["cases"].findChild(DeskTable, "case_list_table")
    assert table is not None
    fitted = table.columnWidth(1)
    drag_column_edge(table, 1, 80)
    qtbot.wait(20)  # the width is taken once the header has handled the release
    assert abs(table.columnWidth(1) - (fitted + 80)) <= 2
    widened = table.columnWidth(1)
    table.resizeColumnsToContents()  # what the page does after each refresh: the clerk's width stays
    assert table.columnWidth(1) == widened
    window.close()

    again = settled_window(qtbot, services, clerk)  # the next start on this PC
    again.show_page("cases")
    settle(qtbot)
    table = again.pages["cases"].findChild(DeskTable, "case_list_table")
    assert table is not None and table.columnWidth(1) == widened
    assert ViewState(services.paths.data_dir / "window.ini").column_widths("cases/case_list_table")[1] == widened

    table.reset_columns()  # 恢复默认列宽 in the header's menu
    assert table.columnWidth(1) == fitted
    assert ViewState(services.paths.data_dir / "window.ini").column_widths("cases/case_list_table") == []
    table.resizeColumnsToContents()  # fitted again on each refresh
    assert table.columnWidth(1) == fitted


def test_widths_kept_for_other_columns_are_not_forced_on_a_changed_list(
        qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    """A newer version with another column count, or a file edited by hand: the fitted widths, no error."""
    state = ViewState(services.paths.data_dir / "window.ini")
    state.set_column_widths("cases/case_list_table", [300, 300])
    window = settled_window(qtbot, services, clerk)
    window.show_page("cases")
    settle(qtbot)
    table = window.pages["cases"].findChild(DeskTable, "case_list_table")
    assert table is not None and table.columnWidth(0) != 300
    (services.paths.data_dir / "window.ini").write_text("[columns]\ncases%2Fcase_list_table=a,b\n", encoding="utf-8")
    assert ViewState(services.paths.data_dir / "window.ini").column_widths("cases/case_list_table") == []
