"""帮助: the user guide inside the desk (one Chinese page per screen, under resources/help/), and the keys.

F1 opens the guide at the page of the screen in front of the clerk (``MainWindow.HELP_OF_PAGE``); the contents
list on the left goes to any page and the search box finds a word in every page (the pages that hold it are
listed, the word is marked in the page shown). The 快捷键 page and the 快捷键一览 dialog are made from the one
table of keys (``app.domain.shortcuts``), never written out by hand.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import RESOURCES
from app.domain.shortcuts import AREA_NAMES, TYPED, WALK_IN, Area, in_area, shown_key, shown_keys
from app.views.widgets import column, icon, name_widget, row

HELP_DIR = RESOURCES / "help"
KEYS_PAGE = "keys"  # made from the table of keys, not a file

# The guide's pages in the order of the contents list; each is resources/help/<id>.html, its title its <h1>.
GUIDE: tuple[str, ...] = (
    "start", "home", "intake", "cases", "case", "followup", "residents", "register", "lists", "duties", "partners",
    "employment", "notices", "timebank", "points", "dashboard", "audit", "settings", "backups", "lock", KEYS_PAGE,
)
ZOOM = 3  # points above the desk's own font size: the guide is read, not glanced at


@dataclass(frozen=True)
class HelpPage:
    id: str
    title: str
    html: str
    text: str  # the words, for searching


def page_path(id: str) -> Path:
    return HELP_DIR / f"{id}.html"


def keys_table(areas: list[Area], *, headings: bool = True) -> str:
    """The keys of ``areas`` as tables (one per area, under its name), from the one table of keys."""
    parts = []
    for area in areas:
        if headings:
            parts.append(f"<h3>{html.escape(AREA_NAMES[area][1])}</h3>")
        parts.append("<table cellpadding='6' cellspacing='0' border='1' width='100%'>")
        for entry in in_area(area):
            parts.append(f"<tr><td width='30%'><b>{html.escape(shown_keys(entry, chinese=True))}</b></td>"
                         f"<td>{html.escape(entry.chinese)}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


def walk_in_html() -> str:
    """A walk-in key by key (what is typed in brackets), as the shortcut card prints it."""
    steps = [f"〔{html.escape(TYPED[step][1])}〕" if step in TYPED
             else f"<b>{html.escape(shown_key(step, chinese=True))}</b>" for step in WALK_IN]
    return "<p>" + " → ".join(steps) + "</p>"


def keys_html() -> str:
    """Every key of the desk, by where it works, as the guide's 快捷键 page and the 快捷键一览 dialog show it."""
    return "\n".join(["<h1>快捷键一览</h1>",
                      "<p>下面是本程序的全部快捷键。菜单“帮助 &gt; 打印快捷键卡片”可以打印一张，放在电脑旁边。</p>",
                      keys_table(list(Area)),
                      "<h3>来访登记一步一键（居民已登记）</h3>", walk_in_html()])


# A line break of the page's source between two Chinese characters (or punctuation) is no space in Chinese text.
_CJK_LINE_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u9fff\uff00-\uffef<])")
_KEYS_MARK = re.compile(r"<!--\s*KEYS\s+([a-z_ ]+?)\s*-->")
_WALK_IN_MARK = re.compile(r"<!--\s*WALK_IN\s*-->")


def _with_keys(markup: str) -> str:
    """A page's ``<!-- KEYS area ... -->`` and ``<!-- WALK_IN -->`` marks filled from the table of keys, so no page
    spells out a key list of its own."""
    markup = _KEYS_MARK.sub(lambda m: keys_table([Area(a) for a in m.group(1).split()]), markup)
    return _WALK_IN_MARK.sub(lambda _m: walk_in_html(), markup)


def _words(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@cache
def _file_page(id: str) -> HelpPage:
    markup = _with_keys(_CJK_LINE_BREAK.sub("", page_path(id).read_text(encoding="utf-8")))
    found = re.search(r"<h1>(.*?)</h1>", markup, re.S)
    title = _words(found.group(1)).strip() if found else id
    return HelpPage(id, title, markup, _words(markup))


def help_page(id: str) -> HelpPage:
    if id == KEYS_PAGE:
        markup = keys_html()
        return HelpPage(id, "快捷键一览", markup, _words(markup))
    return _file_page(id)


def pages() -> list[HelpPage]:
    return [help_page(id) for id in GUIDE]


def matching(word: str) -> list[HelpPage]:
    """The pages that hold ``word`` (any case), in the contents' order."""
    word = word.strip().casefold()
    return [p for p in pages() if word in p.text.casefold()] if word else pages()


class HelpWindow(QWidget):
    """The user guide: contents and search on the left, the page on the right, in large print."""

    print_card_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)  # its own window beside the desk, owned by it
        self.setObjectName("help_window")
        self.setWindowTitle(self.tr("User guide"))
        self.search = name_widget(QLineEdit(), "help_search", self.tr("Search the guide"))
        self.search.setPlaceholderText(self.tr("Search: type a word, e.g. 回执"))
        self.search.setClearButtonEnabled(True)
        self.found = QLabel()
        self.found.setObjectName("help_found")
        self.found.setWordWrap(True)
        self.contents = name_widget(QListWidget(), "help_contents", self.tr("Contents of the guide"))
        self.contents.setStyleSheet("QListWidget::item{padding:5px 4px;}")
        larger = self.contents.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.2)  # relative to the desk's font size, whatever it is set to
        self.contents.setFont(larger)
        self.browser = name_widget(QTextBrowser(), "help_browser", self.tr("Page of the guide"))
        self.browser.setOpenLinks(False)  # links between pages go through show_page (contents and search follow)
        self.browser.zoomIn(ZOOM)
        self.browser.document().setDocumentMargin(16)
        self.browser.document().setDefaultStyleSheet(
            "h1{color:#2b4c7e;} h2{color:#2b4c7e;} h3{color:#2b4c7e;} td{padding:4px;}")
        self.browser.setSearchPaths([str(HELP_DIR)])
        self.print_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print the shortcut card")),
                                        "help_print_card", self.tr("Print the shortcut card"))
        left = column(self.search, self.found, (self.contents, 1), self.print_button)
        left.setMinimumWidth(220)
        left.setMaximumWidth(300)
        lay = QVBoxLayout(self)
        lay.addWidget(row(left, (self.browser, 1)))
        self.current: str = GUIDE[0]
        self._fill(pages())
        self.search.textChanged.connect(self._on_search_changed)
        self.search.returnPressed.connect(self.find_next)
        self.contents.currentItemChanged.connect(self._on_contents_changed)
        self.browser.anchorClicked.connect(self._on_link)
        self.print_button.clicked.connect(self.print_card_requested)
        self.resize(1000, 680)
        self.show_page(GUIDE[0])

    def _fill(self, shown: list[HelpPage]) -> None:
        self.contents.blockSignals(True)
        self.contents.clear()
        for page in shown:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            self.contents.addItem(item)
        self.contents.blockSignals(False)
        self._select(self.current)

    def _select(self, id: str) -> None:
        self.contents.blockSignals(True)
        for i in range(self.contents.count()):
            if self.contents.item(i).data(Qt.ItemDataRole.UserRole) == id:
                self.contents.setCurrentRow(i)
                break
        else:
            self.contents.setCurrentRow(-1)
        self.contents.blockSignals(False)

    def show_page(self, id: str) -> None:
        """Show page ``id`` (the contents follow), with the searched word marked in it."""
        page = help_page(id if id in GUIDE else GUIDE[0])
        self.current = page.id
        self.browser.setHtml(page.html)
        self.setWindowTitle(self.tr("User guide: {title}").format(title=page.title))
        self._select(page.id)
        self._mark(self.search.text().strip())

    def page_title(self) -> str:
        return help_page(self.current).title

    def _on_contents_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_page(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_link(self, url: QUrl) -> None:
        name = Path(url.path()).stem
        if name in GUIDE:
            self.show_page(name)

    def _on_search_changed(self, text: str) -> None:
        found = matching(text)
        self._fill(found)
        word = text.strip()
        if not word:
            self.found.setText("")
        elif found:
            self.found.setText(self.tr("Found on {n} page(s).").format(n=len(found)))
            if self.current not in {p.id for p in found}:
                self.show_page(found[0].id)
        else:
            self.found.setText(self.tr("“{word}” is not in the guide.").format(word=word))
        self._mark(word)

    def _mark(self, word: str) -> None:
        """Every occurrence of ``word`` in the page shown is highlighted; the first one is scrolled into view."""
        marks: list[QTextEdit.ExtraSelection] = []
        if word:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe066"))
            doc = self.browser.document()
            cursor = doc.find(word, 0)
            while not cursor.isNull():
                mark = QTextEdit.ExtraSelection()
                mark.cursor = cursor
                mark.format = fmt
                marks.append(mark)
                cursor = doc.find(word, cursor)
            if marks:
                self.browser.setTextCursor(QTextCursor(marks[0].cursor))
                self.browser.ensureCursorVisible()
        self.browser.setExtraSelections(marks)

    def marked(self) -> int:
        """How many places the searched word is marked in the page shown."""
        return len(self.browser.extraSelections())

    def find_next(self) -> None:
        """Enter in the search box: the next place of the word in this page, else the next page that has it."""
        word = self.search.text().strip()
        if not word:
            return
        if not self.browser.find(word):
            found = [p.id for p in matching(word)]
            if found:
                after = [id for id in found if GUIDE.index(id) > GUIDE.index(self.current)]
                self.show_page((after or found)[0])
                self.browser.moveCursor(QTextCursor.MoveOperation.Start)
                self.browser.find(word, QTextDocument.FindFlag(0))


class ShortcutsDialog(QDialog):
    """帮助 > 快捷键一览: every key of the desk, from the one table, with the card to print."""

    print_card_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.browser = name_widget(QTextBrowser(), "shortcuts_browser", self.tr("Keyboard shortcuts"))
        self.browser.zoomIn(ZOOM)
        self.browser.setHtml(keys_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.print_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print the shortcut card")),
                                        "shortcuts_print_card", self.tr("Print the shortcut card"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_card_requested)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
        self.resize(760, 640)


__all__ = ["GUIDE", "HELP_DIR", "KEYS_PAGE", "HelpPage", "HelpWindow", "ShortcutsDialog", "help_page", "keys_html",
           "keys_table", "matching", "page_path", "pages", "walk_in_html"]
