"""字体大小: standard, large (at least 18 px body text) and extra large, chosen with the keys or the 视图 menu,
applied to every screen at once, remembered on this PC; every page usable at the desk's screens in each; text
contrast."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.enums import FontSize
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views import type_scale
from app.views.main_window import MainWindow
from app.views.tables import DeskTable
from app.views.window_state import ViewState
from tests.gui.helpers import settle, settled_window

ROOT = Path(__file__).resolve().parents[2]

#: Logical screens a maximised window gets: 1366x768 at 100% and 1920x1080 at 125% and 150% (Windows scales the
#: screen; Qt lays out in logical pixels), each less a 40-pixel taskbar (32 at 150%, 40 at 125%).
DESK_SCREENS = {"1366x768": (1366, 728), "1920x1080 at 125%": (1536, 824), "1920x1080 at 150%": (1280, 688)}


@pytest.fixture
def standard_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    type_scale.apply(qapp, FontSize.STANDARD)  # the other tests see the desk as it starts


@pytest.fixture
def director_window(qtbot, services: Services, standard_afterwards: None) -> MainWindow:  # type: ignore[no-untyped-def]
    from tests.gui.conftest import DEMO_PASSWORD

    director: Actor = services.auth.login("director", DEMO_PASSWORD)
    return settled_window(qtbot, services, director)


def body_pixels(qapp: QApplication) -> int:
    return QFontInfo(qapp.font()).pixelSize()


def test_the_keys_step_the_text_size_and_this_pc_remembers_it(
        qtbot, qapp: QApplication, director_window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    window = director_window
    greeting = window.home.greeting
    assert type_scale.current() == FontSize.STANDARD and body_pixels(qapp) == 16
    standard_greeting = QFontInfo(greeting.font()).pixelSize()
    window.show_page("cases")
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+=
    assert type_scale.current() == FontSize.LARGE
    assert body_pixels(qapp) >= 18  # MIIT 2021 ageing-friendly guidance: at least 18 px
    assert QFontInfo(greeting.font()).pixelSize() > standard_greeting  # a page not on screen follows too
    table = window.pages["cases"].findChild(DeskTable, "case_list_table")
    assert table is not None and QFontInfo(table.font()).pixelSize() >= 18
    assert window.font_size_actions[FontSize.LARGE].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # no larger than the largest
    assert type_scale.current() == FontSize.EXTRA_LARGE and body_pixels(qapp) >= 21
    assert ViewState(services.paths.data_dir / "window.ini").font_size() == FontSize.EXTRA_LARGE  # kept on this PC
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert type_scale.current() == FontSize.LARGE
    window.font_size_actions[FontSize.STANDARD].trigger()  # 视图 > 字体大小 > 标准
    assert type_scale.current() == FontSize.STANDARD and body_pixels(qapp) == 16
    assert QFontInfo(greeting.font()).pixelSize() == standard_greeting
    assert ViewState(services.paths.data_dir / "window.ini").font_size() == FontSize.STANDARD


def test_a_dialog_opened_after_the_change_is_in_the_new_size(
        qtbot, qapp: QApplication, director_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    director_window.set_font_size(FontSize.EXTRA_LARGE)
    label = QLabel("新对话框")
    qtbot.addWidget(label)
    assert QFontInfo(label.font()).pixelSize() >= 21


def test_a_setting_edited_by_hand_is_read_as_standard(tmp_path: Path) -> None:
    (tmp_path / "window.ini").write_text("[view]\nfont_size=huge\n", encoding="utf-8")
    assert ViewState(tmp_path / "window.ini").font_size() == FontSize.STANDARD
    assert type_scale.step(FontSize.STANDARD, -1) == FontSize.STANDARD  # no smaller than the smallest


@pytest.mark.parametrize("size", list(FontSize))
@pytest.mark.parametrize("user", ["director", "admin"])  # between them every page there is
def test_every_page_is_usable_on_each_desk_screen(  # type: ignore[no-untyped-def]
        qtbot, qapp: QApplication, services: Services, standard_afterwards: None, user: str, size: FontSize) -> None:
    """The window keeps the screen's size on every page (it never grows past the screen's edge); in standard and
    large print no page needs a sideways scroll there, and in extra large a page may scroll, never clip."""
    from tests.gui.conftest import DEMO_PASSWORD

    window = settled_window(qtbot, services, services.auth.login(user, DEMO_PASSWORD))
    window.set_font_size(size)
    for screen, (width, height) in DESK_SCREENS.items():
        window.resize(width, height)
        for key in window.pages:
            window.show_page(key)
            settle(qtbot)
            assert window.width() <= width and window.height() <= height, (screen, key)
            bar = window.page_scroll.horizontalScrollBar()
            if size != FontSize.EXTRA_LARGE:
                assert bar.maximum() == 0, (screen, key, bar.maximum())
            if size == FontSize.STANDARD and screen == "1366x768":  # the common desk: not even a vertical scroll
                assert window.page_scroll.verticalScrollBar().maximum() == 0, (key, window.stack.minimumSize())
            assert window.nav.width() >= max(window.nav.fontMetrics().horizontalAdvance(window.nav.item(i).text())
                                             for i in range(window.nav.count())), (screen, key)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    def luminance(name: str) -> float:
        colour = QColor(name)
        channels = []
        for c in (colour.redF(), colour.greenF(), colour.blueF()):
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def style_colours() -> Iterator[tuple[str, str, str]]:
    """Every text colour the views and the style sheet set, with the background it is drawn on (the one set beside
    it, else each of the desk's light backgrounds), and where it is."""
    sources = [ROOT / "resources" / "styles" / "desk.qss", *sorted((ROOT / "app" / "views").rglob("*.py"))]
    light = ["#ffffff", "#f4f6f9", "#f7f9fc", "#e8edf4"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for chunk in re.split(r'[{}"\n]', text):
            fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6}|white)", chunk)
            if not fg:
                continue
            bg = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", chunk)
            if not bg and "background:" in chunk:
                continue  # a template whose background is filled in (a badge): its colours are checked below
            for back in ([bg.group(1)] if bg else light):
                yield fg.group(1), back, f"{path.name}: {chunk.strip()}"
        for colour in re.findall(r'BADGE\.format\("(#[0-9a-fA-F]{6})"\)', text):  # white text on a badge
            yield "white", colour, f"{path.name}: badge {colour}"
    from app.views.case_page import ROW_COLOURS, STATUS_COLOURS
    from app.views.tables import MUTED

    for back in light:
        yield MUTED, back, f"a muted row on {back}"

    for colour in STATUS_COLOURS.values():
        yield "white", colour, f"status badge {colour}"
    for colour in ROW_COLOURS.values():
        yield "#000000", colour, f"timeline row {colour}"


def test_text_contrast_is_at_least_4_5_to_1() -> None:
    checked = list(style_colours())
    assert len(checked) > 40  # the scan finds the desk's colours
    poor = [(where, fg, bg, round(contrast(fg, bg), 2)) for fg, bg, where in checked if contrast(fg, bg) < 4.5]
    assert poor == []


@pytest.mark.parametrize("size", [FontSize.STANDARD, FontSize.LARGE])
def test_the_request_list_and_the_intake_form_fit_a_1366x768_desk(
        qtbot, qapp: QApplication, director_window: MainWindow, size: FontSize) -> None:  # type: ignore[no-untyped-def]
    """The request list's 状态 column was off to the right and its （全部） filter clipped; the look-up's hint line
    made the intake form wider than the screen."""
    from PySide6.QtWidgets import QComboBox

    window = director_window
    window.set_font_size(size)
    window.resize(*DESK_SCREENS["1366x768"])
    window.show_page("cases")
    settle(qtbot)
    table = window.pages["cases"].findChild(DeskTable, "case_list_table")
    assert table is not None
    status = next(i for i in range(table.model().columnCount()) if table.model().headerData(
        i, Qt.Orientation.Horizontal) == "状态")
    assert table.columnViewportPosition(status) + table.columnWidth(status) <= table.viewport().width()
    for combo in window.pages["cases"].findChildren(QComboBox):
        text = combo.currentText()
        assert combo.width() >= combo.fontMetrics().horizontalAdvance(text) + 24, (combo.objectName(), text)
    window.show_page("intake")
    intake = window.intake
    assert intake is not None
    intake.lookup.edit.setFocus()
    qtbot.keyClicks(intake.lookup.edit, "wang")
    qtbot.waitUntil(lambda: intake.lookup.hint.isVisible(), timeout=5000)
    settle(qtbot)
    assert intake.scroll_area.horizontalScrollBar().maximum() == 0
