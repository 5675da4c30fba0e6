"""The look-up's matches float over the form like a drop-down: the fields below keep their place (in the layout the
list pushed them down and squeezed the tables under it), and the list goes when the clerk is done with it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.views.main_window import MainWindow
from tests.gui.helpers import focused, press, type_text


def at(widget, window) -> QPoint:  # type: ignore[no-untyped-def]
    return widget.mapTo(window, QPoint(0, 0))


def test_the_matches_float_over_the_fields_below(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_intake()
    intake = window.intake
    assert intake is not None
    lookup = intake.lookup
    category_before = at(intake.category, window)
    lookup.edit.setFocus()
    type_text(qtbot, "wang")
    qtbot.waitUntil(lambda: lookup.results.isVisible(), timeout=5000)
    assert at(intake.category, window) == category_before  # nothing below moved
    assert lookup.hint.isVisible() and "↓" in lookup.hint.text()  # the hint floats too, above the matches
    box = lookup.popup.geometry()
    assert box.top() >= at(lookup.edit, window).y() + lookup.edit.height()  # under the search box
    assert box.bottom() > category_before.y()  # over the fields below it
    assert box.width() == lookup.edit.width() and box.bottom() <= window.height()
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is lookup.results
    press(qtbot, Qt.Key.Key_Escape)  # back to the search box, the list gone
    assert focused() is lookup.edit and not lookup.results.isVisible()


def test_the_list_goes_when_the_clerk_moves_on_or_the_page_changes(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_intake()
    intake = window.intake
    assert intake is not None
    lookup = intake.lookup
    lookup.edit.setFocus()
    type_text(qtbot, "wang")
    qtbot.waitUntil(lambda: lookup.results.isVisible(), timeout=5000)
    intake.description.setFocus()  # clicked into another field
    qtbot.waitUntil(lambda: not lookup.results.isVisible(), timeout=2000)
    lookup.edit.setFocus()
    lookup.edit.clear()
    type_text(qtbot, "wang")
    qtbot.waitUntil(lambda: lookup.results.isVisible(), timeout=5000)
    window.show_page("home")  # another page: the list does not stay over it
    assert not lookup.results.isVisible()
