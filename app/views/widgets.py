"""Small building blocks every screen uses: labelled fields with their error, names, icons, labels."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDate, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QBoxLayout,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.core.errors import DomainError, Message, ValidationError

ERROR_STYLE = "color: #b3261e; font-weight: 600;"


def label_of(value: StrEnum) -> str:
    """The UI label of a domain value, in the current language."""
    from app.services.core import labels  # the models' vocabularies: not before the log-in is on the screen

    return QCoreApplication.translate("labels", labels.source(value))


def hidden_unless(widget: QWidget, shown: bool) -> None:
    """Hide ``widget`` unless ``shown``, while it is being built and has no window yet. ``setVisible(True)`` on a
    widget without a parent opens it as a window of its own (and takes the focus from the desk's window when a
    page is built after the window is shown); a widget that is never hidden shows with its page."""
    if not shown:
        widget.hide()


def urgency_label(level: int) -> str:
    from app.services.core import labels

    return QCoreApplication.translate("labels", labels.URGENCY[level][0])


def icon(name: str, color: str = "#2b4c7e") -> QIcon:
    """A Font Awesome icon (qtawesome: imported by the first icon, not by the log-in, which shows none)."""
    import qtawesome as qta

    found: QIcon = qta.icon(name, color=color)
    return found


def nav_icon(name: str) -> QIcon:
    """An icon that stays visible on the selected (dark) row of the navigation list."""
    import qtawesome as qta

    found: QIcon = qta.icon(name, color="#2b4c7e", color_selected="white", color_active="#2b4c7e")
    return found


def date_edit(day: date, object_name: str, accessible: str) -> QDateEdit:
    """A day to pick: typed as yyyy-MM-dd or chosen from the calendar that drops down."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()  # type: ignore[assignment]
    return value


W = TypeVar("W", bound=QWidget)


def name_widget(widget: W, object_name: str, accessible: str) -> W:
    """Every interactive widget gets an objectName (automation) and an accessible name (screen readers); the widget
    comes back as the type it went in, so ``name_widget(QLineEdit(), ...).text()`` type-checks."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    return widget


def spin(name: str, accessible: str, low: int, high: int, special: str = "") -> QSpinBox:
    """A whole number from ``low`` to ``high``; ``special`` is shown for ``low`` (no cap, no limit)."""
    box = name_widget(QSpinBox(), name, accessible)
    assert isinstance(box, QSpinBox)
    box.setRange(low, high)
    if special:
        box.setSpecialValueText(special)
    return box


STRETCH = -1  # in row()/column(): a stretch that takes the space left

BoxItem = QWidget | QLayout | int | tuple[QWidget, int] | tuple[QWidget, int, Qt.AlignmentFlag]


def _box(layout: QBoxLayout, items: tuple[BoxItem, ...]) -> QWidget:
    holder = QWidget()
    holder.setLayout(layout)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, int):
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        elif isinstance(item, tuple):
            layout.addWidget(*item)
        else:
            layout.addWidget(item)
    return holder


def row(*items: BoxItem) -> QWidget:
    """Widgets side by side without margins; (widget, stretch[, alignment]) or STRETCH where needed."""
    return _box(QHBoxLayout(), items)


def column(*items: BoxItem) -> QWidget:
    """Widgets one under the other without margins."""
    return _box(QVBoxLayout(), items)


def documents_folder() -> Path:
    """Where a desk user looks for a file they saved: their Documents folder (文档), else their home folder."""
    found = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    return found if found.is_dir() else Path.home()


def ask_save_path(parent: QWidget, object_name: str, title: str, file_name: str, name_filters: list[str],
                  on_chosen: Callable[[Path], object]) -> QFileDialog:
    """Where to save a file: Qt's own dialog (the same on every desk, and reachable in tests by its object name),
    window-modal, offering ``file_name`` in the user's Documents folder (not the program's hidden data folder);
    ``on_chosen`` gets the path once the user saves. ``file_name``'s suffix is added to a bare name."""
    suggested = documents_folder() / file_name
    dialog = _file_dialog(parent, object_name, title, str(suggested), name_filters, on_chosen)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.open()
    return dialog


def ask_open_path(parent: QWidget, object_name: str, title: str, name_filters: list[str],
                  on_chosen: Callable[[Path], object]) -> QFileDialog:
    """Which existing file to open: the same dialog as ``ask_save_path``, starting in the Documents folder."""
    dialog = _file_dialog(parent, object_name, title, str(documents_folder()), name_filters, on_chosen)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.open()
    return dialog


def _file_dialog(parent: QWidget, object_name: str, title: str, start: str, name_filters: list[str],
                 on_chosen: Callable[[Path], object]) -> QFileDialog:
    dialog = QFileDialog(parent, title, start)
    dialog.setObjectName(object_name)
    dialog.setNameFilters(name_filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    # Qt's own Chinese lacks these two labels (its sources carry accelerators its translation does not match)
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("widgets", "Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, QCoreApplication.translate("widgets", "Files of type:"))
    dialog.resize(820, 520)  # every column of the file list readable, the date included
    dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask before a step that cannot simply be taken back; Enter confirms, Esc cancels."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("confirm_box")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """A reason in words (rejections, reversals, cancellations); None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text if ok else None


def open_folder(folder: Path) -> bool:
    """Open ``folder`` in the PC's file manager; False when there is none."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


def render_error(exc: DomainError) -> str:
    return exc.render(QCoreApplication.translate)


def render_message(message: Message) -> str:
    """A service's message (a refusal's, a checklist item's) in the interface language."""
    return message.render(QCoreApplication.translate)


class OneTabDateTimeEdit(QDateTimeEdit):
    """A date-and-time box that one Tab leaves, as every other field (Qt's walks year, month, day, hour and
    minute first); ← and → still move between its parts."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        return QWidget.focusNextPrevChild(self, next)


def focus_target(widget: QWidget) -> QWidget | None:
    """Where the cursor goes to put ``widget`` in focus: itself if it takes the keyboard, else the first widget
    inside it that does (in Tab order), e.g. the line edit in a row of a line edit and a button."""
    def takes_focus(w: QWidget) -> bool:
        return w.isEnabled() and w.isVisibleTo(w.window()) and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)

    if takes_focus(widget):
        return widget
    candidate = widget.nextInFocusChain()
    while candidate is not widget and candidate is not None:
        if widget.isAncestorOf(candidate) and takes_focus(candidate):
            return candidate
        candidate = candidate.nextInFocusChain()  # the chain is a ring through every widget of the window
    return None


class FieldErrorsView:
    """Shows each field's message right under that field, and clears them on the next attempt."""

    def __init__(self, aliases: dict[str, str] | None = None) -> None:
        """``aliases`` shows a service's field under another row (e.g. building, unit and room under 地址)."""
        self._labels: dict[str, QLabel] = {}
        self._editors: dict[str, QWidget] = {}
        self._captions: dict[str, QLabel] = {}
        self._aliases = dict(aliases or {})

    def add_row(self, form: QFormLayout, key: str, caption: str, editor: QWidget) -> QLabel:
        """Add ``editor`` under ``caption`` with an error line below it; returns the caption label."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(editor)
        err = QLabel()
        err.setObjectName(f"error_{key}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        lay.addWidget(err)
        caption_label = QLabel(caption)
        caption_label.setBuddy(editor)
        form.addRow(caption_label, box)
        self.register(key, editor, err)
        self._captions[key] = caption_label
        return caption_label

    def register(self, key: str, editor: QWidget, error_label: QLabel) -> None:
        self._labels[key] = error_label
        self._editors[key] = editor

    def clear(self) -> None:
        for lbl in self._labels.values():
            lbl.clear()
            lbl.hide()

    def show(self, exc: ValidationError) -> list[str]:
        """Put each message next to its field; focus the first. Returns the keys that had no field."""
        self.clear()
        unplaced = []
        refused: set[str] = set()
        for key, message in exc.errors.items():
            key = self._aliases.get(key, key)
            lbl = self._labels.get(key)
            if lbl is None:
                unplaced.append(message.render(QCoreApplication.translate))
                continue
            lbl.setText(message.render(QCoreApplication.translate))
            lbl.show()
            refused.add(key)
        # The cursor goes to the first red field as the form reads, top to bottom (not in the order the service
        # checked them), and into it: a field's row may be a box around the editor, which takes no focus itself.
        first = next((self._editors[key] for key in self._labels if key in refused), None)
        target = focus_target(first) if first is not None else None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            target.updateGeometry()  # focused, its border is thicker (desk.qss): its row makes room for it
        return unplaced

    def caption(self, key: str) -> str:
        """The words before a field added with ``add_row`` (``*`` marks a required one)."""
        label = self._captions.get(key)
        return label.text() if label is not None else ""

    def message(self, key: str) -> str:
        lbl = self._labels.get(key)
        return lbl.text() if lbl is not None and not lbl.isHidden() else ""


class Banner(QLabel):
    """A message strip at the top of a page: work under way, success, warning or error, in words, not only colour."""

    STYLES = {
        "info": "background:#e8f0fe; color:#1a3e72; border:1px solid #a8c2ee;",
        "ok": "background:#e6f4ea; color:#0d5223; border:1px solid #9fd3ad;",
        "warn": "background:#fff4e5; color:#7a4100; border:1px solid #f0c27b;",
        "error": "background:#fdecea; color:#8c1d18; border:1px solid #f1a7a1;",
    }

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.printing_folder: Path | None = None
        self.linkActivated.connect(self._on_link)
        self.hide()

    def say(self, kind: str, text: str) -> None:
        self.setStyleSheet(self.STYLES[kind] + " padding:8px; border-radius:4px;")
        self.setTextFormat(Qt.TextFormat.AutoText)
        self.setText(text)
        self.show()

    def say_printed(self, text: str, printed: Path) -> None:
        """``text`` (may be empty), then where the document went, in words (已保存到打印文件夹：
        兑换券-20261203-0001.pdf), and a link 打开打印文件夹 that opens the folder (never the folder's path)."""
        saved = QCoreApplication.translate("files", "Saved in the printing folder: {name}").format(name=printed.name)
        link = QCoreApplication.translate("files", "Open the printing folder")
        lines = [html.escape(line) for line in [*text.splitlines(), saved] if line]
        self.say("ok", "")
        self.printing_folder = printed.parent
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText("<br>".join(lines) + f' &nbsp;<a href="printing-folder">{html.escape(link)}</a>')
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)

    def _on_link(self, _href: str) -> None:
        if self.printing_folder is not None and not open_folder(self.printing_folder):
            self.say("warn", QCoreApplication.translate(
                "files", "The printing folder cannot be opened on this PC (no file manager)."))

    def refuse(self, exc: DomainError, errors: FieldErrorsView | None = None) -> None:
        """A refusal: field messages under their fields (any without a field here), anything else here. In a
        dialog, the dialog then grows to show every message whole."""
        if isinstance(exc, ValidationError) and errors is not None:
            unplaced = errors.show(exc)
            if unplaced:
                self.say("error", "\n".join(unplaced))
            else:
                self.hide()
        else:
            self.say("error", render_error(exc))
        if isinstance(self.window(), QDialog):
            grow_to_fit(self.window())


def grow_to_fit(window: QWidget) -> None:
    """Tall enough for the messages just shown: a window is not resized for a label that wraps to a second line
    (Qt sizes top-level windows without heightForWidth), so a long message would be cut off or squash the fields."""
    lay = window.layout()
    if lay is None:
        return
    lay.activate()
    height = lay.totalHeightForWidth(window.width()) if lay.hasHeightForWidth() else window.sizeHint().height()
    height = max(height, window.sizeHint().height())
    if height > window.height():
        window.resize(window.width(), height)
