"""The desk's main window: navigation to each area that works, user and desk in the status bar."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QGuiApplication, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedLayout,
    QWidget,
)

from app import __version__
from app.domain.enums import FontSize
from app.i18n import describe_os_error
from app.services.core.auth import Actor, Permission
from app.services.core.backup import BackupInfo
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.core.files import write_with
from app.services.documents.shortcut_card import CARD_FILE_NAME, render_shortcut_card
from app.views import keys, type_scale
from app.views.account_dialogs import ChangePasswordDialog, IdleWatcher, LockDialog
from app.views.background_backup import BackgroundBackups
from app.views.backups_dialog import BackupsDialog
from app.views.bus import ChangeBus
from app.views.escalation_timer import DueCountButton, EscalationTimer
from app.views.help_window import HelpWindow, ShortcutsDialog
from app.views.home_page import HomePage
from app.views.intake_draft import DRAFT_FORM
from app.views.integrity_status import IntegrityStatus
from app.views.pdf_preview import PdfPreviewDialog
from app.views.sync_status import BackgroundSync, SyncStatusLabel
from app.views.tables import DeskTable
from app.views.type_scale import set_role
from app.views.widgets import icon, label_of, name_widget, nav_icon, render_error, row
from app.views.window_state import PREFERRED_SIZE, ViewState

if TYPE_CHECKING:
    from app.views.case_list_page import CaseListPage
    from app.views.case_page import CasePage
    from app.views.intake_page import IntakePage
    from app.views.resident_profile import ResidentProfileDialog
    from app.views.settings.page import SettingsPage

log = logging.getLogger(__name__)

# The user guide's page (app.views.help_window.GUIDE) of each page of the window; a page without one fails a test.
HELP_OF_PAGE: dict[str, str] = {
    "home": "home", "intake": "intake", "dashboard": "dashboard", "cases": "cases", "case": "case",
    "residents": "residents", "lists": "lists", "notices": "notices", "timebank": "timebank", "points": "points",
    "accounts": "settings", "settings": "settings", "rules": "settings", "audit": "audit", "register": "register",
    "duties": "duties", "followup": "followup", "partners": "partners", "employment": "employment",
}


class PageStack(QStackedLayout):
    """The pages, as tall as the page on show needs. A QStackedWidget is as big as its biggest page and tells the
    scroll area around it the preferred height of the tallest word-wrapped page: every page scrolled by a few
    pixels on a 1366x768 desk. This layout gives the page on show's own minimum, so a page scrolls only when it
    really does not fit (extra-large print)."""

    def __init__(self, holder: QWidget) -> None:
        super().__init__(holder)
        self.currentChanged.connect(self._on_current_changed)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else QSize(0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        page = self.currentWidget()
        return page.sizeHint().expandedTo(self.minimumSize()) if page is not None else QSize(0, 0)

    def _on_current_changed(self, _index: int) -> None:
        self.invalidate()
        holder = self.parentWidget()
        viewport = holder.parentWidget() if holder is not None else None
        area = viewport.parentWidget() if viewport is not None else None
        if isinstance(area, QScrollArea):  # the scroll area sizes the pages again for the one now on show
            area.setWidgetResizable(True)  # (it recomputes its scroll bars and the widget's size, synchronously)


class Pages(Mapping[str, QWidget]):
    """The window's pages by key (``window.pages["dashboard"]``): a page is built when it is first asked for;
    ``key in pages`` and iterating over the keys build nothing."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._window._keys:
            raise KeyError(key)
        return self._window.page(key)

    def __contains__(self, key: object) -> bool:
        return key in self._window._keys

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._window._keys))

    def __len__(self) -> int:
        return len(self._window._keys)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, actor: Actor) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self._services = services
        self.actor = actor
        self.logout_requested = False
        self.restart_requested = False  # a backup was restored: the services are opened again, then the log-in
        self.restored: BackupInfo | None = None  # the database as it was before that restore
        self.bus = ChangeBus(self)
        info = services.setup.community_info()  # on the GUI thread: the title needs it; one row, read once
        # Qt adds " — 社区服务台" (the application display name) to every window title on the desk's screen itself.
        self.setWindowTitle(info.name)
        self.resize(PREFERRED_SIZE)  # until ``view_state.restore`` fits it to this PC's screen, before it is shown
        self.view_state = ViewState(services.paths.data_dir / "window.ini")

        self.nav = name_widget(QListWidget(), "nav", self.tr("Areas"))
        self.nav.setIconSize(QSize(26, 26))
        self.nav.setFixedWidth(190)
        set_role(self.nav, "emphasis")
        self.nav.setStyleSheet("QListWidget{background:#f4f6f9; border:none;}"
                               "QListWidget::item{padding:10px 6px;}"
                               "QListWidget::item:selected{background:#2b4c7e; color:white;}")
        holder = QWidget()
        self.stack = PageStack(holder)
        # Each page is built the first time it is shown (or asked for): the window is on the screen within a second
        # of the password whatever the desk's role, and a page the clerk never opens costs nothing. The home page is
        # built now (it is the first thing shown); the intake form right after the first paint (Ctrl+N comes next).
        self._built: dict[str, QWidget] = {}
        self._keys: list[str] = []
        self.pages = Pages(self)
        self._add_page("home", self.tr("Home"), "fa5s.home")
        if actor.can(Permission.INTAKE):
            self._add_page("intake", self.tr("New request"), "fa5s.edit")
        if actor.can(Permission.VIEW_STATISTICS):
            self._add_page("dashboard", self.tr("Dashboard"), "fa5s.chart-pie")
        if actor.can(Permission.VIEW_CASES):
            self._add_page("cases", self.tr("Requests"), "fa5s.list-alt")
        self._add_page("case", self.tr("Request"), "fa5s.file-alt")  # a request's page: opened from the list
        if actor.can(Permission.FOLLOW_UP):
            self._add_page("followup", self.tr("Follow-up calls"), "fa5s.phone-volume")
        if actor.can(Permission.MANAGE_RESIDENTS):
            self._add_page("residents", self.tr("Residents"), "fa5s.users")
        if actor.can(Permission.REGISTER):
            self._add_page("register", self.tr("Register"), "fa5s.building")
            self._add_page("lists", self.tr("Lists"), "fa5s.clipboard-check")
        if actor.can(Permission.DUTIES):
            self._add_page("duties", self.tr("Duties and visits"), "fa5s.calendar-check")
        if actor.can(Permission.PARTNERS):
            self._add_page("partners", self.tr("Resource list"), "fa5s.handshake")
        if actor.can(Permission.EMPLOYMENT):  # 就业帮扶 (issue 22)
            self._add_page("employment", self.tr("Employment help"), "fa5s.briefcase")
        if actor.can(Permission.NOTICES):
            self._add_page("notices", self.tr("Notices"), "fa5s.bullhorn")
        if actor.can(Permission.TIMEBANK):
            self._add_page("timebank", self.tr("Time bank"), "fa5s.hands-helping")
        if actor.can(Permission.POINTS):
            self._add_page("points", self.tr("Points"), "fa5s.gift")
        if actor.can(Permission.MANAGE_ACCOUNTS):
            self._add_page("accounts", self.tr("Accounts"), "fa5s.user-cog")
        if actor.can(Permission.MANAGE_SETTINGS):  # grids, buildings, departments, categories; then the time limits
            self._add_page("settings", self.tr("Set-up"), "fa5s.cogs")
            self._add_page("rules", self.tr("Time limits"), "fa5s.stopwatch")
        if actor.can(Permission.VIEW_AUDIT):
            self._add_page("audit", self.tr("Audit trail"), "fa5s.clipboard-list")
        self.home = cast(HomePage, self.page("home"))
        self._painted = False
        self.resident_profile: ResidentProfileDialog | None = None  # a resident's page, when one is open

        # In extra-large print a page may need more room than a 1366x768 screen has: it scrolls, the window stays.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("page_scroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(holder)
        self.setCentralWidget(row(self.nav, (self.page_scroll, 1)))

        self.user_label = QLabel(self.tr("User: {name} ({role})").format(name=actor.display_name,
                                                                         role=label_of(actor.role)))
        self.user_label.setObjectName("status_user")
        self.desk_label = QLabel(self.tr("Desk: {code} {name}").format(code=info.desk_code, name=info.desk_name))
        self.desk_label.setObjectName("status_desk")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.desk_label)
        self.due_button = DueCountButton()  # 超时 n 件 · 即将超时 m 件; opens the overdue list
        self.statusBar().addWidget(self.due_button)
        self.integrity_status = IntegrityStatus(services.integrity)  # the weekly check, or one still running
        self.integrity_status.damaged.connect(self._say_damaged)
        self.statusBar().addWidget(self.integrity_status)
        self.escalation = EscalationTimer(services, actor, self.bus, self)
        self.backups = BackgroundBackups(services, self.bus, self)  # 正在备份… 45%, once the desk is idle
        self.statusBar().addWidget(self.backups.status)
        self.sync_label = SyncStatusLabel()  # 已同步 14:32 · 待上传 12 (a desk joined to a street)
        self.statusBar().addWidget(self.sync_label, 1)  # the room the others leave
        self.syncing = BackgroundSync(services, self.bus, self)  # every two minutes, and 立即同步 (F9)
        self._sync_by_hand = False
        self.statusBar().addPermanentWidget(QLabel(f"v{__version__}"))

        self.lock: LockDialog | None = None
        self._cover = QLabel(self.tr("Locked"), self)  # over the whole window while locked: nothing shows through
        self._cover.setObjectName("lock_cover")
        self._cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._cover.setStyleSheet("background:#2b4c7e; color:white; font-weight:600;")
        set_role(self._cover, "cover")
        self._cover.setAutoFillBackground(True)
        self._cover.hide()
        self._hidden_by_lock: list[QWidget] = []
        self._community_name = info.name
        self.help_window: HelpWindow | None = None
        self.card_preview: PdfPreviewDialog | None = None
        self.idle = IdleWatcher(max(services.settings.idle_lock_minutes, 0) * 60_000, self)
        self._build_menu()
        self._build_view_menu()
        self._connect_signals()
        self.nav.setCurrentRow(0)

    def _add_page(self, key: str, title: str, icon_name: str) -> None:
        """The page's entry in the area list, and its place in the stack (empty until the page is built)."""
        item = QListWidgetItem(nav_icon(icon_name), title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        self.stack.addWidget(QWidget())
        self._keys.append(key)

    def page(self, key: str) -> QWidget:
        """The page ``key``, built now if it was not yet: in its place in the stack, its lists keeping the column
        widths the clerk gives them on this PC, its signals connected. KeyError: not a page of this user."""
        built = self._built.get(key)
        if built is not None:
            return built
        if key not in self._keys:
            raise KeyError(key)
        index = self._keys.index(key)
        page = self._build_page(key)
        placeholder = self.stack.widget(index)
        assert placeholder is not None
        self.stack.insertWidget(index, page)
        if self.stack.currentWidget() is placeholder:  # the first page added is current before it is built
            self.stack.setCurrentIndex(index)
        self.stack.removeWidget(placeholder)  # no longer current: nothing else is shown meanwhile
        placeholder.deleteLater()
        self._built[key] = page
        for table in page.findChildren(DeskTable):
            if table.objectName():
                table.remember_columns(self.view_state, f"{key}/{table.objectName()}")
        self._connect_page(key, page)
        return page

    def _build_page(self, key: str) -> QWidget:  # noqa: C901, PLR0911 - one branch per page, each importing it
        services, actor, bus = self._services, self.actor, self.bus
        if key == "home":
            return HomePage(services, actor, bus)
        if key == "intake":
            from app.views.intake_page import IntakePage
            return IntakePage(services, actor, bus)
        if key == "dashboard":
            from app.views.dashboard_page import DashboardPage
            return DashboardPage(services, actor, bus)
        if key == "cases":
            from app.views.case_list_page import CaseListPage
            return CaseListPage(services, actor, bus)
        if key == "case":
            from app.views.case_page import CasePage
            return CasePage(services, actor, bus)
        if key == "residents":
            from app.views.residents_page import ResidentsPage
            return ResidentsPage(services, actor, bus)
        if key == "register":
            from app.views.register_page import RegisterPage
            return RegisterPage(services, actor, bus)
        if key == "lists":
            from app.views.lists_page import ListsPage
            return ListsPage(services, actor, bus)
        if key == "notices":
            from app.views.notices_page import NoticesPage
            return NoticesPage(services, actor, bus)
        if key == "duties":
            from app.views.duties_page import DutiesPage
            return DutiesPage(services, actor, bus)
        if key == "employment":
            from app.views.employment_page import EmploymentPage
            return EmploymentPage(services, actor, bus)
        if key == "followup":
            from app.views.followup_page import FollowUpPage
            return FollowUpPage(services, actor, bus)
        if key == "partners":
            from app.views.partners_page import PartnersPage
            return PartnersPage(services, actor, bus)
        if key == "timebank":
            from app.views.timebank import TimeBankPage
            return TimeBankPage(services, actor, bus)
        if key == "points":
            from app.views.points.page import PointsPage
            return PointsPage(services, actor, bus)
        if key == "accounts":
            from app.views.accounts_page import AccountsPage
            return AccountsPage(services, actor, bus)
        if key == "settings":
            from app.views.settings.page import SettingsPage
            return SettingsPage(services, actor, bus)
        if key == "rules":
            from app.views.escalation_rules_page import EscalationRulesPage
            return EscalationRulesPage(services, actor, bus)
        if key == "audit":
            from app.views.audit_page import AuditPage
            return AuditPage(services, actor)
        raise KeyError(key)

    def _connect_page(self, key: str, page: QWidget) -> None:
        if isinstance(page, HomePage):
            page.new_intake_requested.connect(self.open_intake)
            page.setup_requested.connect(self.open_setup)
            page.duties_requested.connect(lambda: self.show_page("duties"))
            page.councils_requested.connect(self.show_councils)
            page.calendar_requested.connect(self.open_holidays)
            page.case_opened.connect(self.open_case)  # a request behind a hot spot
        elif key in ("cases", "intake", "dashboard", "followup"):  # a row, a saved request, a hot spot's
            page.case_opened.connect(self.open_case)  # type: ignore[attr-defined]
        elif key == "case":
            page.back_requested.connect(self._on_case_back_requested)  # type: ignore[attr-defined]
            page.case_opened.connect(self.open_case)  # type: ignore[attr-defined]
            page.employment_opened.connect(self.open_employment)  # type: ignore[attr-defined]
        if key in ("register", "residents", "case", "intake", "lists", "home", "dashboard"):  # a resident's page
            page.resident_opened.connect(self.open_resident)  # type: ignore[attr-defined]

    @property
    def intake(self) -> IntakePage | None:
        """The intake form (built if it was not yet), or None for a user who does not take requests."""
        return cast("IntakePage", self.page("intake")) if "intake" in self._keys else None

    @property
    def case_list(self) -> CaseListPage | None:
        return cast("CaseListPage", self.page("cases")) if "cases" in self._keys else None

    @property
    def case_page(self) -> CasePage:
        return cast("CasePage", self.page("case"))

    @property
    def settings_page(self) -> SettingsPage | None:
        return cast("SettingsPage", self.page("settings")) if "settings" in self._keys else None

    def _built_intake(self) -> IntakePage | None:
        """The intake form if it was built: a form never built has nothing to keep as a draft."""
        return cast("IntakePage | None", self._built.get("intake"))

    def _on_nav_row(self, index: int) -> None:
        if index < 0:
            return
        if self._page_or_say(self._keys[index]) is None:  # back to the page on show
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        self.stack.setCurrentIndex(index)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:  # the window is on the screen: the intake form is built while the clerk reads it
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The window is on the screen: now the escalation ladder's catch-up pass (its worker would have slowed the
        first paint: one Python runs the window and the pass) and the intake form, built ahead of Ctrl+N."""
        if self.isVisible() and not self.escalation.timer.isActive():
            self.escalation.start()
        if self.isVisible() and not self.syncing.timer.isActive():
            self.syncing.start()  # a sync now on a joined desk, then every two minutes
        if "intake" in self._keys:
            try:
                self.page("intake")
            except DomainError:  # built ahead of need: a refusal is said when the clerk opens the form
                log.info("The intake form was not built ahead: its first read was refused", exc_info=True)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = QAction(icon("fa5s.plus"), self.tr("&New request"), self)
        keys.bind(self.new_action, "new_request")
        self.new_action.setEnabled("intake" in self._keys)
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        self.backups_action = QAction(icon("fa5s.hdd"), self.tr("&Backup and restore…"), self)
        self.backups_action.setObjectName("backups_action")
        self.backups_action.triggered.connect(self.open_backups)
        file_menu.addAction(self.backups_action)
        self.sync_action = keys.bind(QAction(icon("fa5s.sync-alt"), self.tr("&Sync with the street now"), self),
                                     "sync_now")
        self.sync_action.setObjectName("sync_now_action")
        self.sync_action.setVisible(False)  # a desk joined to a street only (known once its status is read)
        self.sync_action.triggered.connect(self.sync_now)
        file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        self.password_action = QAction(icon("fa5s.key"), self.tr("Change my &password…"), self)
        self.password_action.triggered.connect(self._on_password_triggered)
        file_menu.addAction(self.password_action)
        self.lock_action = QAction(icon("fa5s.lock"), self.tr("&Lock the desk"), self)
        keys.bind(self.lock_action, "lock")
        self.lock_action.triggered.connect(lambda: self.lock_desk(idle=False))
        file_menu.addAction(self.lock_action)
        self.logout_action = QAction(icon("fa5s.sign-out-alt"), self.tr("&Log out"), self)
        keys.bind(self.logout_action, "log_out")
        self.logout_action.triggered.connect(self.log_out)
        file_menu.addAction(self.logout_action)
        quit_action = QAction(self.tr("&Quit"), self)
        keys.bind(quit_action, "quit")
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_action = keys.bind(QAction(icon("fa5s.book-open"), self.tr("&User guide"), self), "help")
        self.help_action.setObjectName("help_action")
        self.help_action.triggered.connect(lambda: self.open_help())
        help_menu.addAction(self.help_action)
        self.shortcuts_action = QAction(icon("fa5s.keyboard"), self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setObjectName("shortcuts_action")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.card_action = QAction(icon("fa5s.print"), self.tr("&Print the shortcut card"), self)
        self.card_action.setObjectName("shortcut_card_action")
        self.card_action.triggered.connect(self.print_shortcut_card)
        help_menu.addAction(self.card_action)
        help_menu.addSeparator()
        self.logs_action = QAction(icon("fa5s.folder-open"), self.tr("Open the &log folder"), self)
        self.logs_action.setObjectName("open_logs_action")
        self.logs_action.triggered.connect(self._on_logs_triggered)
        help_menu.addAction(self.logs_action)
        help_menu.addSeparator()
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def _build_view_menu(self) -> None:
        """视图 > 字体大小: standard, large, extra large; Ctrl+= larger, Ctrl+- smaller, Ctrl+0 standard."""
        menu = QMenu(self.tr("&View"), self)
        self.menuBar().insertMenu(self.menuBar().actions()[-1], menu)  # before 帮助
        sizes = menu.addMenu(self.tr("&Font size"))
        self.font_size_actions: dict[FontSize, QAction] = {}
        group = QActionGroup(self)
        for size in type_scale.ORDER:
            action = QAction(label_of(size), self)
            action.setObjectName(f"font_size_{size.value}")
            action.setCheckable(True)
            action.setChecked(size == type_scale.current())
            action.triggered.connect(partial(self.set_font_size, size))
            group.addAction(action)
            sizes.addAction(action)
            self.font_size_actions[size] = action
        sizes.addSeparator()
        for name, text, key_id, by in (("font_larger_action", self.tr("&Larger"), "larger_text", 1),
                                       ("font_smaller_action", self.tr("&Smaller"), "smaller_text", -1)):
            action = keys.bind(QAction(text, self), key_id)
            action.setObjectName(name)
            action.triggered.connect(partial(self._step_font_size, by))
            sizes.addAction(action)
            self.addAction(action)  # the keys work wherever the focus is
        self._fit_nav()

    def set_font_size(self, size: FontSize) -> None:
        """Every screen, open or to come, in text of ``size``; remembered on this PC."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        type_scale.apply(app, size)
        self.view_state.set_font_size(size)
        self.font_size_actions[size].setChecked(True)
        self._fit_nav()

    def _step_font_size(self, by: int) -> None:
        self.set_font_size(type_scale.step(type_scale.current(), by))

    def _fit_nav(self) -> None:
        """The area list wide enough for its longest name at the current size."""
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())), default=0)
        self.nav.setFixedWidth(max(190, widest + self.nav.iconSize().width() + 48))

    def _say_damaged(self, message: str) -> None:
        """The background check found the file damaged: said once, plainly; saving is refused from now on."""
        QMessageBox.critical(self, self.tr("The database is damaged"), message)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self._on_nav_row)
        self.new_action.triggered.connect(self.open_intake)
        self.idle.went_idle.connect(self.lock_desk)
        self.escalation.counts_changed.connect(self.due_button.show_counts)
        self.escalation.failed.connect(self.due_button.show_failure)
        self.due_button.clicked.connect(self.show_overdue)
        self.syncing.status_changed.connect(lambda status: self.sync_label.show_status(
            status, self._services.clock.now()))
        self.syncing.joined_changed.connect(self.sync_action.setVisible)
        self.syncing.finished.connect(self._on_synced)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)  # type: ignore[arg-type]
        if self._painted and not self.escalation.timer.isActive():  # (the first time: once it is painted)
            self.escalation.start()  # catch up for the time the desk was off, then every few minutes
        self.backups.start()
        if self._services.settings.idle_lock_minutes > 0:
            app = QApplication.instance()
            assert app is not None
            app.installEventFilter(self.idle)
            self.idle.start()

    def lock_desk(self, idle: bool = True) -> LockDialog:
        """Cover the desk: unsaved work stays in place (and in the draft) until the same user unlocks, and nothing
        of it shows meanwhile (a form may hold a resident's whole ID number): the window is covered and its other
        dialogs are hidden until then. ``idle``: locked by the idle timer, not by Ctrl+L (the dialog says which)."""
        if self.lock is not None and self.lock.isVisible():
            return self.lock
        intake = self._built_intake()
        if intake is not None:
            intake.save_draft()
        self.idle.paused = True
        self._cover.setGeometry(self.rect())
        self._cover.raise_()
        self._cover.show()
        self._hidden_by_lock = [w for w in QApplication.topLevelWidgets() if w.isVisible() and self._owns(w)]
        for w in self._hidden_by_lock:
            w.hide()
        self.lock = LockDialog(self._services, self.actor, self, idle=idle)
        self.lock.unlocked.connect(self._on_lock_unlocked)
        self.lock.switch_user.connect(self.log_out)
        self.lock.open()
        self.lock.password.setFocus()
        return self.lock

    def _owns(self, window: QWidget) -> bool:
        """``window`` is one of this window's dialogs (or theirs)."""
        parent = window.parentWidget()
        while parent is not None and parent is not self:
            parent = parent.parentWidget()
        return parent is self

    def _on_lock_unlocked(self) -> None:
        self._cover.hide()
        for w in self._hidden_by_lock:
            w.show()
        self._hidden_by_lock = []
        self.idle.paused = False
        self.idle.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._cover.setGeometry(self.rect())  # the cover follows the window while locked

    def _on_password_triggered(self) -> None:
        ChangePasswordDialog(self._services, self.actor, self).open()

    def show_councils(self) -> None:
        """The home page's reminder of the councils due: the 议事会 tab of the 公示 page."""
        page = self.show_page("notices")
        tabs = getattr(page, "tabs", None)
        if tabs is not None:
            tabs.setCurrentWidget(page.council)  # type: ignore[union-attr]

    def show_page(self, key: str) -> QWidget | None:
        """The page ``key`` on the screen; None when it could not be built (said in a message box)."""
        page = self._page_or_say(key)
        if page is not None:
            self.nav.setCurrentRow(self._keys.index(key))
        return page

    def _page_or_say(self, key: str) -> QWidget | None:
        """The page, or None with the reason said: a page is built on its first visit, and the account may have been
        disabled since the log-in (the page's first read is refused), or the database become unreadable."""
        try:
            return self.page(key)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("This page cannot be opened"), render_error(exc))
            return None

    def open_intake(self) -> None:
        """Ctrl+N: a fresh intake form with the cursor in the first field."""
        if "intake" not in self._keys or self.show_page("intake") is None:
            return
        intake = self.intake
        assert intake is not None
        if intake.is_blank():
            intake.reset_form(keep_channel=False)
            intake.forget_last_message()
        intake.channel.setFocus()

    def open_setup(self, area: str) -> None:
        """The home page's checklist: the set-up tab that settles an item (accounts have their own page)."""
        if area == "accounts" and "accounts" in self._keys:
            self.show_page("accounts")
        elif "settings" in self._keys and self.show_page("settings") is not None:
            settings = self.settings_page
            assert settings is not None
            settings.show_area(area)

    def open_holidays(self) -> None:
        """The home page's notice of a year without its official holidays: the time limits page's holidays tab."""
        page = self.show_page("rules") if "rules" in self._keys else None
        if page is not None:
            page.show_holidays()  # type: ignore[attr-defined]

    def open_case(self, case_id: object) -> None:
        """A request's page (from the list, a merge's survivor, ...)."""
        if self.show_page("case") is not None:
            self.case_page.open_case(case_id)  # type: ignore[arg-type]

    def open_employment(self, seeker_id: object) -> None:
        """A job seeker's file on the 就业帮扶 page (from a request's 建立就业档案)."""
        page = self.show_page("employment") if "employment" in self._keys else None
        if page is not None:
            page.open_file(seeker_id)  # type: ignore[attr-defined]

    def open_resident(self, resident_id: object) -> None:
        """A resident's page (居民详情), beside the window: the clerk keeps the page they were on."""
        from app.views.resident_profile import ResidentProfileDialog

        if self.resident_profile is not None:
            self.resident_profile.close()
        dialog = ResidentProfileDialog(self._services, self.actor, self.bus, resident_id, self)  # type: ignore
        dialog.case_opened.connect(self.open_case)
        dialog.resident_opened.connect(self.open_resident)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.destroyed.connect(lambda _o=None: setattr(self, "resident_profile", None))
        self.resident_profile = dialog
        dialog.show()

    def _on_case_back_requested(self) -> None:
        self.show_page("cases" if "cases" in self._keys else "home")

    def show_overdue(self) -> None:
        """The status bar's count clicked: the list of requests past a time limit."""
        if "cases" not in self._keys or self.show_page("cases") is None:
            return
        case_list = self.case_list
        assert case_list is not None
        case_list.overdue.setChecked(True)

    def offer_drafts(self) -> None:
        """An unsaved request left behind (a crash, a power cut): the intake form offers it back. Only then is the
        form built before the window is shown."""
        if "intake" in self._keys and self._services.drafts.load(self.actor.username, DRAFT_FORM) is not None:
            intake = self._page_or_say("intake")
            if intake is not None and cast("IntakePage", intake).offer_draft():
                self.show_page("intake")

    def log_out(self) -> None:
        """Back to the log-in dialog for the next person at the desk; an unsaved form is kept as a draft."""
        self.logout_requested = True
        self.close()

    def open_backups(self) -> BackupsDialog:
        """File > Backup and restore: the timed work pauses while a restore replaces the database."""
        dialog = BackupsDialog(self._services, self.actor, self.bus, self)
        dialog.restore_starting.connect(self._on_restore_starting)
        dialog.restore_failed.connect(self._resume_timed_work)
        dialog.restored.connect(self._on_restored)
        dialog.finished.connect(self._resume_timed_work)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def sync_now(self) -> None:
        """立即同步 (F9): one sync now, its result said in the status bar (one already on its way: its result)."""
        self._sync_by_hand = True
        self.syncing.run()

    def _on_synced(self, outcome: object) -> None:
        if self._sync_by_hand:
            self._sync_by_hand = False
            self.sync_label.say_result(outcome)  # type: ignore[arg-type]
        else:
            self.sync_label.said = ""  # the background's sync since: the status alone

    def _on_restore_starting(self) -> None:
        self.escalation.stop()
        self.syncing.stop()
        self.backups.stop()  # the restore's own backup of the database as it is comes next
        QThreadPool.globalInstance().waitForDone(10_000)  # a pass still writing finishes before the file is replaced

    def _resume_timed_work(self) -> None:
        if not self.restart_requested and self.isVisible() and not self.escalation.timer.isActive():
            self.escalation.start()
            self.backups.start()
            self.syncing.start()

    def _on_restored(self, safety: BackupInfo) -> None:
        """The database was replaced under the running services: close, and start again at the log-in."""
        self.restored = safety
        self.restart_requested = True
        self.close()  # an unsaved form is kept as a draft, as at a log-out

    def log_folder(self) -> Path:
        """The data folder's logs/ (desk.log and its older copies), created if it is not there yet."""
        folder = self._services.paths.logs
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _on_logs_triggered(self) -> None:
        """Help > Open the log folder: for the support person on the phone ("send me desk.log")."""
        try:
            folder = self.log_folder()
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Log folder"), self.tr(
                "The log folder {path} cannot be created: {error}").format(path=self._services.paths.logs, error=exc))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):  # no file manager on this PC
            QMessageBox.information(self, self.tr("Log folder"), self.tr(
                "The log files are in {path}").format(path=folder))

    def help_id(self) -> str:
        """The guide's page for the screen in front of the clerk."""
        index = self.stack.currentIndex()
        key = self._keys[index] if 0 <= index < len(self._keys) else "home"
        return HELP_OF_PAGE.get(key, "start")  # a screen without a page of its own: the contents (a test forbids it)

    def open_help(self, page: str | None = None) -> HelpWindow:
        """F1 (帮助 > 使用指南): the user guide at ``page``, by default the page of the current screen. One guide
        window, brought to the front again; it belongs to this window (hidden while the desk is locked)."""
        if self.help_window is None:
            self.help_window = HelpWindow(self)
            self.help_window.print_card_requested.connect(self.print_shortcut_card)
        self.help_window.show_page(page or self.help_id())
        if self.help_window.isVisible() and QGuiApplication.platformName() != "offscreen":
            self.help_window.raise_()  # behind the desk's window since the last F1 (offscreen has no stacking)
        self.help_window.show()
        self.help_window.activateWindow()
        return self.help_window

    def show_shortcuts(self) -> ShortcutsDialog:
        """帮助 > 快捷键一览."""
        dialog = ShortcutsDialog(self)
        dialog.print_card_requested.connect(self.print_shortcut_card)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def print_shortcut_card(self) -> PdfPreviewDialog | None:
        """帮助 > 打印快捷键卡片: the one-page A4 card of every key, written to the printing folder (the same card each
        time, complete or not at all) and previewed to print.
        Written here on the GUI thread: one page, no database, some tens of milliseconds."""
        path = self._services.paths.printouts / CARD_FILE_NAME
        try:
            write_with(path, lambda out: render_shortcut_card(out, community_name=self._community_name))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Shortcut card"), self.tr(
                "The shortcut card could not be written: {reason}").format(reason=describe_os_error(exc)))
            return None
        preview = PdfPreviewDialog(path, self.tr("Shortcut card"), self)
        preview.finished.connect(preview.deleteLater)
        preview.open()
        self.card_preview = preview
        return preview

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, self.tr("About Community Desk"), self.tr(
            "<h3>Community Desk {version}</h3><p>Front-desk software for community service centres: "
            "requests, receipts and notices, working offline.</p>").format(version=__version__))

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.escalation.stop()
        self.syncing.stop()
        self.backups.stop()  # at most a second: a backup that cannot end by then is made at the next start
        QThreadPool.globalInstance().waitForDone(10_000)  # a pass still writing finishes before the database closes
        intake = self._built_intake()
        if intake is not None:
            intake.save_draft()
        self.view_state.save(self, "main")
        super().closeEvent(event)  # type: ignore[arg-type]
