"""Tags as the screens show them: a coloured mark beside each name (the five colours of seed 001 and the
community's own), check boxes to choose them, and a row of coloured chips for a household or a person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from app.domain.enums import TagKind
from app.services.people.tag_names import TagInfo
from app.views.widgets import name_widget

SWATCH_PX = 16


def swatch(colour: str, size: int = SWATCH_PX) -> QIcon:
    """A filled square of the tag's colour (an icon beside its name)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def readable_on(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` (yellow takes black)."""
    c = QColor(colour)
    return "#000000" if 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() > 150 else "#FFFFFF"


def tag_boxes(prefix: str, catalogue: Sequence[TagInfo], kind: TagKind, chosen: Iterable[str]) -> dict[str, QCheckBox]:
    """One check box per tag of ``kind`` in use (and any retired one already chosen, so saving keeps it)."""
    picked = set(chosen)
    boxes: dict[str, QCheckBox] = {}
    for tag in catalogue:
        if tag.kind != kind.value or (not tag.active and tag.code not in picked):
            continue
        box = name_widget(QCheckBox(tag.name), f"{prefix}_tag_{tag.code}", tag.name)
        box.setIcon(swatch(tag.colour))
        if tag.service:
            box.setToolTip(tag.service)
        box.setChecked(tag.code in picked)
        boxes[tag.code] = box
    return boxes


def checked(boxes: dict[str, QCheckBox]) -> tuple[str, ...]:
    return tuple(code for code, box in boxes.items() if box.isChecked())


class TagChips(QWidget):
    """Tags as coloured chips in a row (a household's or a person's), words on their colour."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.names: tuple[str, ...] = ()

    def show_tags(self, tags: Sequence[tuple[str, str]]) -> None:
        """``tags``: (name, colour) pairs, in order."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.names = tuple(name for name, _ in tags)
        for name, colour in tags:
            chip = QLabel(name)
            chip.setStyleSheet(f"background:{colour}; color:{readable_on(colour)}; border-radius:4px; "
                               "padding:2px 8px;")
            self._layout.addWidget(chip)
        if not tags:
            self._layout.addWidget(QLabel(self.tr("no tags")))
        self._layout.addStretch(1)
