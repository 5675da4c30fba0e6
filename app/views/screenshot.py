"""`main.py screenshot`: render each main screen offscreen to PNG, for the README and for reviews."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from app.demo.build import build_demo
from app.domain.enums import Channel, FontSize
from app.services.cases.escalation import RuleInput
from app.services.cases.listing import CaseQuery
from app.services.cases.timeline import OPEN
from app.services.community.buildings import BuildingInput
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.notices.board import NewItem, NewMeeting
from app.views.application import prepare_application
from app.views.login import FirstStartDialog, LoginDialog
from app.views.main_window import MainWindow
from app.views.points.page import PointsPage
from app.views.settings.page import SettingsPage

#: The main window's size in the shots: maximised on the common 1366x768 desk screen (a 40-pixel taskbar below).
#: ``render_screens(size=...)`` (``main.py screenshot --size``) renders at another desk's screen.
DEFAULT_SIZE = (1366, 728)
SCREEN_SIZE = DEFAULT_SIZE


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def _wait_for_tasks() -> None:
    """Let queries running on the thread pool answer, and their answers be shown (and the reads those answers ask
    for: a save announces its change, and the pages read again)."""
    pool = QThreadPool.globalInstance()
    for _ in range(20):
        pool.waitForDone()
        _settle()
        if pool.activeThreadCount() == 0:
            return


def _save(widget: QWidget, out: Path, name: str) -> Path:
    _wait_for_tasks()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    return path


def render_screens(services: Services, out: Path, size: tuple[int, int] = DEFAULT_SIZE,
                   font_size: FontSize = FontSize.STANDARD) -> list[Path]:
    """Render the screens a clerk sees, using the demo community (built first if the folder is empty), with the
    main window at ``size`` and the text at ``font_size``."""
    global SCREEN_SIZE
    SCREEN_SIZE = size
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    prepare_application(app, font_size)
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    first = FirstStartDialog(services)
    first.resize(620, 720)
    first.show()
    shots.append(_save(first, out, "01-first-start"))
    first.close()

    if not services.setup.state().initialized:
        build_demo(services)
    login = LoginDialog(services, services.setup.state().community_name)
    login.username.setText("clerk1")
    login.show()
    shots.append(_save(login, out, "02-login"))
    login.close()

    actor = services.auth.act_as("clerk1")
    window = MainWindow(services, actor)
    window.resize(*SCREEN_SIZE)
    window.show()
    shots.append(_save(window, out, "03-home"))

    window.open_intake()
    intake = window.intake
    assert intake is not None
    intake.channel.setCurrentIndex(intake.channel.findData(Channel.PHONE.value))
    intake.caller_phone.setText("0412-5581234")
    intake.lookup.edit.setText("wang")
    intake.lookup.search_now()
    shots.append(_save(window, out, "04-intake-lookup"))

    intake.lookup.choose(intake.lookup.results.item(0).data(0x0100))
    intake.category.setCurrentIndex(1)
    intake.subcategory.setCurrentIndex(1)
    intake.description.setPlainText("楼道灯坏了一个多星期，老人晚上下楼看不清，希望尽快维修。")
    intake.refresh_similar()
    shots.append(_save(window, out, "05-intake-filled"))

    intake.description.setPlainText("灯")
    intake.caller_phone.setText("1381234")
    intake.save(print_receipt=False)
    _wait_for_tasks()
    shots.append(_save(window, out, "06-intake-errors"))

    intake.caller_phone.setText("13812345678")
    intake.description.setPlainText("楼道灯坏了一个多星期，老人晚上下楼看不清，希望尽快维修。")
    intake.save(print_receipt=True)
    _wait_for_tasks()  # saved and the receipt written off the GUI thread
    if intake.last_saved is not None and intake.preview is not None:
        intake.preview.resize(720, 900)
        shots.append(_save(intake.preview, out, "07-receipt-preview"))
        intake.preview.close()
    shots.append(_save(window, out, "08-intake-saved"))
    shots += _help_screens(window, out)

    residents = _page(window, "residents")
    residents.search.setText("3-2")
    residents.run_search()
    shots.append(_save(window, out, "09-residents"))
    _wait_for_tasks()
    residents.table.selectRow(0)
    residents.corrections.edit()
    _wait_for_tasks()  # the dialog opens once the tags' catalogue is read
    edit_dialog = residents.corrections.dialog
    if edit_dialog is not None:
        shots.append(_save(edit_dialog, out, "09-resident-edit"))
        edit_dialog.close()
    shots += _register_screens(window, out)

    admin_window = MainWindow(services, services.auth.act_as("admin"))
    admin_window.resize(*SCREEN_SIZE)
    admin_window.show()
    admin_window.show_page("accounts")
    shots.append(_save(admin_window, out, "10-accounts"))
    shots.append(_audit_screen(admin_window, out))
    admin_window.close()

    bank_window = MainWindow(services, services.auth.act_as("timebank"))
    bank_window.resize(*SCREEN_SIZE)
    bank_window.show()
    bank = _page(bank_window, "timebank")
    _wait_for_tasks()  # the page reads its tabs off the GUI thread
    shots.append(_save(bank_window, out, "11-timebank-passbooks"))
    bank.tabs.setCurrentIndex(1)
    _settle()
    shots.append(_save(bank_window, out, "12-timebank-records"))
    bank.tabs.setCurrentIndex(2)
    _settle()
    shots.append(_save(bank_window, out, "13-timebank-redeem"))
    if getattr(bank, "teams", None) is not None:  # 志愿服务队 (issue 22)
        bank.tabs.setCurrentWidget(bank.teams)
        _wait_for_tasks()
        shots.append(_save(bank_window, out, "13b-timebank-teams"))
    bank_window.close()

    director_window = MainWindow(services, services.auth.act_as("director"))
    director_window.resize(*SCREEN_SIZE)
    director_window.show()
    director_window.show_page("dashboard")
    _wait_for_tasks()
    shots.append(_save(director_window, out, "14-dashboard"))
    dashboard = _page(director_window, "dashboard")  # issue 20: a breakdown's bars, and the hot spots
    dashboard.tabs.setCurrentIndex(1)
    shots.append(_save(director_window, out, "14b-dashboard-bars"))
    dashboard.tabs.setCurrentWidget(dashboard.hot_spots)
    shots.append(_save(director_window, out, "14c-dashboard-hot-spots"))
    director_window.close()

    notices = _page(window, "notices")
    today = local(services.clock.now()).date()
    services.notices.record(actor, services.notices.make_board(actor, today.replace(day=1), today))
    notices.refresh()  # the board of this month, as published
    shots.append(_save(window, out, "15-notices"))
    notices.make()  # the preview lists what was masked beside the PDF
    _wait_for_tasks()
    preview = notices.preview
    if preview is not None:
        preview.resize(1300, 740)
        shots.append(_save(preview, out, "15b-notice-preview"))
        preview.close()
    _page(window, "duties")  # 事项与走访: what is due, overdue in red (issue 19)
    _wait_for_tasks()
    shots.append(_save(window, out, "15c-duties"))
    window.close()

    case_window = MainWindow(services, services.auth.act_as("director"))
    case_window.resize(*SCREEN_SIZE)
    case_window.show()
    case_window.open_case(_rich_case(services, case_window.actor))
    _wait_for_tasks()  # the start-up pass of the ladder and the status bar's count
    shots.append(_save(case_window, out, "16-case"))
    message = _page(case_window, "case").send_message()  # 发消息 (issue 20)
    if message is not None:
        _wait_for_tasks()
        shots.append(_save(message, out, "16b-case-message"))
        message.close()
    case_window.close()
    followup_window = MainWindow(services, services.auth.act_as("clerk1"))  # 回访 (issue 20)
    followup_window.resize(*SCREEN_SIZE)
    followup_window.show()
    followup_window.show_page("followup")
    shots.append(_save(followup_window, out, "16c-followup"))
    followup_window.show_page("employment")  # 就业帮扶 and 资源清单 (issue 22)
    _wait_for_tasks()
    shots.append(_save(followup_window, out, "16d-employment"))
    followup_window.show_page("partners")
    _wait_for_tasks()
    shots.append(_save(followup_window, out, "16e-partners"))
    followup_window.close()
    shots += _points_screens(services, out)

    shots += _rules_screen(services, out)
    shots.append(_council_screen(services, out))
    shots += _setup_screens(services, out)
    shots += _desk_admin_screens(services, out)
    shots += _register_import_screens(services, out)
    return shots


def _help_screens(window: MainWindow, out: Path) -> list[Path]:
    """28, 29: F1 on the intake form (the guide at its page, a word searched), and 帮助 > 快捷键一览."""
    guide = window.open_help()
    guide.search.setText("回执")
    shots = [_save(guide, out, "28-help")]
    guide.close()
    keys = window.show_shortcuts()
    shots.append(_save(keys, out, "29-shortcuts"))
    keys.close()
    return shots


def _register_screens(window: MainWindow, out: Path) -> list[Path]:
    """居民户籍 with a building's rooms and a household chosen, then that household's first member's page."""
    page = _page(window, "register")
    _wait_for_tasks()  # the buildings, read as the page opens
    page.choose_building("3")
    _wait_for_tasks()
    cells = [(r, c) for r in range(page.rooms.rowCount()) for c in range(page.rooms.columnCount())
             if page.rooms.item(r, c) is not None and page.rooms.item(r, c).data(Qt.ItemDataRole.UserRole)]
    if cells:
        page.rooms.setCurrentCell(*cells[0])
        _wait_for_tasks()
    shots = [_save(window, out, "09-register")]
    if page.card is not None and page.card.members:
        window.open_resident(page.card.members[0].id)
        _wait_for_tasks()
        if window.resident_profile is not None:
            shots.append(_save(window.resident_profile, out, "09-resident-profile"))
            window.resident_profile.close()
    lists = _page(window, "lists")  # the residents aged 90 and over (seed 002's free milk)
    lists.age_from.setValue(90)
    lists.run()
    _wait_for_tasks()
    shots.append(_save(window, out, "09-lists"))
    return shots


def _page(window: MainWindow, key: str) -> Any:
    """The page ``key`` on the screen, as itself (each page has its own attributes to drive)."""
    page = window.show_page(key)
    assert page is not None, key
    return page


def _audit_screen(window: MainWindow, out: Path) -> Path:
    """操作记录 in words, with a change selected: its sentence and its 项目 / 原值 / 新值 table."""
    page = _page(window, "audit")
    _wait_for_tasks()
    model = page.model
    rows = [model.row_at(i) for i in range(model.rowCount())]
    chosen = next((i for i, r in enumerate(rows) if r.action == "update" and r.changes), 0)
    page.table.selectRow(chosen)
    return _save(window, out, "10b-audit")


def _setup_screens(services: Services, out: Path) -> list[Path]:
    """20-23: the administrator's set-up (系统设置): the grids, the buildings with a new one being added, the
    departments and the request categories."""
    window = MainWindow(services, services.auth.act_as("admin"))
    window.resize(*SCREEN_SIZE)
    window.show()
    page = _page(window, "settings")
    assert isinstance(page, SettingsPage)
    shots = []
    for number, (name, tab) in enumerate(page.areas.items(), 20):
        page.tabs.setCurrentWidget(tab)
        shots.append(_save(window, out, f"{number}-setup-{name}"))
        if name == "buildings":
            dialog = tab.open_dialog(None)
            shots.append(_save(dialog, out, f"{number}b-setup-new-building"))
            dialog.close()
    window.close()
    return shots


def _register_import_screens(services: Services, out: Path) -> list[Path]:
    """26, 27: the register import at the director's desk, on the shipped messy sample: its columns, then the check
    with the refused rows first."""
    from app.demo.register_sample import BUILDING_COUNT, SAMPLE_PATH
    from app.views.bus import ChangeBus
    from app.views.register_import import RegisterImportDialog

    # The sample belongs to a community of BUILDING_COUNT buildings; the demo lists 8, so the others are set up first
    # (as the administrator would on 系统设置 > 楼栋), or every row living in them is rightly refused.
    admin = services.auth.act_as("admin")
    grids = [g.id for g in services.community.grids.all(admin) if g.active]
    listed = {b.number for b in services.community.buildings.all(admin)}
    for n in range(1, BUILDING_COUNT + 1):
        if str(n) not in listed:
            services.community.buildings.create(admin, BuildingInput(str(n), grids[n % len(grids)], 1, 1, 1))
    wizard = RegisterImportDialog(services, services.auth.act_as("director"), ChangeBus())
    wizard.resize(*SCREEN_SIZE)
    wizard.show()
    wizard.open_path(SAMPLE_PATH)
    _wait_for_tasks()
    shots = [_save(wizard, out, "26-register-import-columns")]
    wizard.check()
    _wait_for_tasks()
    shots.append(_save(wizard, out, "27-register-import-check"))
    wizard.close()
    return shots


def _rules_screen(services: Services, out: Path) -> list[Path]:
    """18: the administrator's time limits, with three rules of the kinds a community sets (17 is the points page's)."""
    admin = services.auth.act_as("admin")
    rules = services.escalation
    if not rules.rules(admin):
        limits = rules.category_limits(admin)
        noise = next((c.id for c in limits if c.name == "噪音扰民"), limits[-1].id)
        heating = next((c.id for c in limits if c.name == "供暖"), limits[0].id)
        rules.set_rule(admin, RuleInput(urgency=5, response_minutes=15, followup_hours=24))
        rules.set_rule(admin, RuleInput(category_id=heating, urgency=4, resolve_hours=12, warn_minutes=10))
        rules.set_rule(admin, RuleInput(category_id=noise, response_minutes=20, warn_minutes=5))
        green = next((c.id for c in limits if c.name == "绿化养护"), limits[-1].id)
        rules.set_rule(admin, RuleInput(category_id=green, resolve_workdays=5))  # in working days (issue 20)
    window = MainWindow(services, admin)
    window.resize(*SCREEN_SIZE)
    window.show()
    window.show_page("rules")
    _wait_for_tasks()
    paths = [_save(window, out, "18-escalation-rules")]
    page = _page(window, "rules")
    page.tabs.setCurrentWidget(page.holidays)  # 节假日安排 (issue 20)
    paths.append(_save(window, out, "18b-holidays"))
    window.close()
    return paths


def _points_screens(services: Services, out: Path) -> list[Path]:
    """17: the points page at the director's desk: a resident's balance, what expires when, every reward with whether
    they can have it, one chosen; their vouchers (17-points-vouchers); then the earning rules above the expiry
    preview (the demo has some points lapsed, some lapsing)."""
    director = services.auth.act_as("director")
    window = MainWindow(services, director)
    window.resize(*SCREEN_SIZE)
    window.show()
    page = _page(window, "points")
    assert isinstance(page, PointsPage)
    vouchers = services.points.vouchers.vouchers(director)
    held = services.points.vouchers.balances(director, list({v.resident_id for v in vouchers}))
    rid = max(held, key=lambda r: (sum(v.resident_id == r for v in vouchers), held[r], str(r)))
    page.redeem_tab.redeem_resident.choose(services.residents.get(director, rid))
    rewards = services.points.catalogue.rewards(director, redeemable_only=True)
    affordable = [r for r in rewards if r.price <= held[rid]] or rewards
    _wait_for_tasks()  # the page's rewards are read off the GUI thread
    page.redeem_tab.select_reward(max(affordable, key=lambda r: r.price).name)
    shots = [_save(window, out, "17-points")]
    page.tabs.setCurrentWidget(page.vouchers_tab)  # the resident's vouchers, the whole list at the page's width
    _wait_for_tasks()
    shots.append(_save(window, out, "17-points-vouchers"))
    page.tabs.setCurrentWidget(page.rules_tab)
    shots.append(_save(window, out, "17-points-rules"))
    window.close()
    return shots


def _council_screen(services: Services, out: Path) -> Path:
    """19: the 议事会 tab of the notices page, with two meetings of the kinds seed 000 describes (a grid meeting on
    parking, a community one on cameras), their items, and an item's progress being recorded."""
    clerk = services.auth.act_as("clerk1")
    notices = services.notices
    today = local(services.clock.now()).date()
    if not notices.meetings(clerk):
        property_office = next((d.id for d in services.intake.options(clerk).departments if d.name == "物业服务中心"),
                               None)
        cameras = notices.create_meeting(clerk, NewMeeting(
            "加装小区监控", today - timedelta(days=40), "社区议事厅",
            "社区议事会：社区干部、物业、居民代表23人参加。议定加装监控，预算2万元，"
            "社区主任牵头、物业配合、居民监督。"), [
            NewItem("小区出入口和3处死角加装监控", today - timedelta(days=10), property_office, "社区主任"),
            NewItem("监控室值守制度上墙", today - timedelta(days=5), responsible="社区居委会")])
        for item, note in zip(cameras.items, ("8个摄像头已安装调试，提前5天完成", "值守表已张贴"), strict=True):
            notices.record_progress(clerk, item.id, note, done=True)
        parking = notices.create_meeting(clerk, NewMeeting(
            "3号楼前停车难", today - timedelta(days=8), "第一网格活动室",
            "网格议事会：网格员、楼长和12名居民代表参加。议定划线停车、消防通道禁停、夜间错时停车。"), [
            NewItem("消防通道被私家车占用", today + timedelta(days=10), property_office, "物业经理"),
            NewItem("3号楼前划线增设停车位", today - timedelta(days=1), responsible="社区居委会"),
            NewItem("与邻近单位协商夜间错时停车", today + timedelta(days=22), responsible="社区主任")])
        notices.record_progress(clerk, parking.items[0].id, "已贴出禁停提示，物业每日巡查两次")
        notices.record_progress(clerk, parking.items[1].id, "施工队已进场，划线材料已到")
    window = MainWindow(services, clerk)
    window.resize(*SCREEN_SIZE)
    window.show()
    page = _page(window, "notices")
    page.tabs.setCurrentWidget(page.council)
    council = page.council
    council.refresh()
    council.meetings.selectRow(0)
    council.items.selectRow(0)
    council.progress.setPlainText("已贴出禁停提示，物业每日巡查两次；本周劝离占道车辆6辆")
    path = _save(window, out, "19-council")
    window.close()
    return path


def _rich_case(services: Services, actor: Actor) -> uuid.UUID:
    """An open request of the demo with a long timeline (eight steps or more), in the difficult problems pool if
    one of them is, else the longest."""
    rows = services.case_list.page(actor, CaseQuery(statuses=tuple(sorted(OPEN))), 0, 100).rows
    steps = {r.id: len(services.workflow.detail(actor, r.id).timeline) for r in rows}
    return max(rows, key=lambda r: (steps[r.id] >= 8 and r.in_pool, steps[r.id])).id


def _desk_admin_screens(services: Services, out: Path) -> list[Path]:
    """24: 文件 > 备份与恢复 at the administrator's desk, with a backup made just before; 25: the desk's own settings
    (系统设置 > 本服务台)."""
    admin = services.auth.act_as("admin")
    services.backups.back_up(admin)
    window = MainWindow(services, admin)
    window.resize(*SCREEN_SIZE)
    window.show()
    dialog = window.open_backups()
    _wait_for_tasks()
    dialog.table.selectRow(0)
    shots = [_save(dialog, out, "24-backups")]
    dialog.close()
    page = _page(window, "settings")
    assert isinstance(page, SettingsPage)
    page.show_area("desk")
    shots.append(_save(window, out, "25-desk-settings"))
    window.close()
    return shots
