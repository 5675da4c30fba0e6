"""The desk's one type scale: 字体大小 standard / large / extra large, applied to every screen at once.

Every size of text on the screen comes from here. A widget never writes a font size of its own: it takes a text
role (``set_role(label, "title")``) and the application's style sheet, made here from the chosen size, gives each
role its size. Changing the size (视图 > 字体大小, Ctrl+= and Ctrl+-) sets the application font and style sheet again,
and Qt re-lays out every open window and dialog: nothing to restart, nothing a page must remember to redo.

Large is at least 18 px body text, as the MIIT 2021 ageing-friendly guidance for apps asks (14 pt is 18.7 px at
the 96 dpi Qt counts logical pixels in, whatever the Windows scaling); extra large is 16 pt (21.3 px).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from app import RESOURCES
from app.domain.enums import FontSize

#: Body text in points for each setting.
BODY_POINTS: dict[FontSize, int] = {FontSize.STANDARD: 12, FontSize.LARGE: 14, FontSize.EXTRA_LARGE: 16}
ORDER = list(FontSize)

#: Each role's size as a share of the body text (designed at 12 pt body: 13 pt emphasis, 20 pt case number ...).
ROLES: dict[str, float] = {
    "small": 8 / 12,       # a chart's axis labels
    "body": 1.0,
    "emphasis": 13 / 12,   # a balance, a due time, a panel's text a clerk reads first
    "heading": 14 / 12,    # a hint on an empty page, a dialog's heading
    "greeting": 16 / 12,   # the home page's greeting, the crash box's headline
    "title": 18 / 12,      # the log-in title
    "figure": 20 / 12,     # a request's number on its page
    "big": 24 / 12,        # the dashboard's rates
    "cover": 28 / 12,      # the lock cover's word
}

_current = FontSize.STANDARD


def current() -> FontSize:
    return _current


def points(role: str = "body", size: FontSize | None = None) -> int:
    """The point size of ``role`` at ``size`` (the current setting when not given)."""
    return max(7, round(BODY_POINTS[size or _current] * ROLES[role]))


def set_role(widget: QWidget, role: str) -> QWidget:
    """Give ``widget`` a text role: its font size follows the setting from then on."""
    if role not in ROLES:
        raise ValueError(f"unknown text role {role!r}")
    widget.setProperty("textRole", role)
    return widget


def style_sheet(base: str, size: FontSize) -> str:
    """The application style sheet: the desk's look (``base``) plus one rule per text role at ``size``."""
    rules = [f'*[textRole="{role}"] {{ font-size: {points(role, size)}pt; }}' for role in ROLES]
    return base.rstrip() + "\n/* text roles at 字体大小 " + size.value + " */\n" + "\n".join(rules) + "\n"


@cache
def desk_style() -> str:
    """The desk's look without sizes (resources/styles/desk.qss)."""
    path = RESOURCES / "styles" / "desk.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def apply(app: QApplication, size: FontSize) -> None:
    """Set the application font and style sheet for ``size``; every widget, open or to come, follows."""
    global _current
    _current = size
    font = QFont(app.font())
    font.setPointSize(BODY_POINTS[size])
    app.setFont(font)
    app.setStyleSheet(style_sheet(desk_style(), size))


def step(size: FontSize, by: int) -> FontSize:
    """The next setting up (``by`` = 1) or down (-1), staying at the ends."""
    return ORDER[min(max(ORDER.index(size) + by, 0), len(ORDER) - 1)]


def parse(value: object) -> FontSize:
    """A setting read back from this PC's settings file; anything unknown is standard."""
    try:
        return FontSize(str(value))
    except ValueError:
        return FontSize.STANDARD
