"""The register page (居民户籍) on the demo community: a building drawn as its rooms coloured by tag, a room's
household with its members, a resident's page from there; the Tags tab of set-up with a refusal under its field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.main_window import MainWindow
from app.views.register_page import EMPTY_ROOM, RegisterPage
from app.views.resident_profile import ResidentProfileDialog
from app.views.settings.page import SettingsPage
from tests.gui.helpers import settle

SHOTS = Path(__file__).resolve().parents[2] / "build" / "shots"


def test_a_building_shows_its_rooms_coloured_by_tag_and_a_room_its_household(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor) -> None:
    page = RegisterPage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    settle(qtbot)
    cards = [page.buildings_model.row_at(i) for i in range(page.buildings_model.rowCount())]
    assert cards, "the demo has buildings"
    card = max(cards, key=lambda c: sum(c.tags.values()))  # the building with the most tagged households
    page.choose_building(card.number)
    settle(qtbot)
    assert page.plan is not None and page.plan.number == card.number
    cells = page.room_cells()
    lived = [f for f in page.plan.flats if f.household_id is not None]
    assert len(lived) == card.households and len(cells) == len(page.plan.flats)
    # a tagged household's room wears its first tag's colour and names the tag; an empty room is grey
    flat = next(f for f in lived if f.tags)
    tag = page.catalogue[flat.tags[0]]
    r, c = page.floors(page.plan).index(flat.floor), [
        key for key in page.columns(page.plan)].index((flat.unit, flat.room[-2:] if flat.floor else flat.room))
    item = page.rooms.item(r, c)
    assert item.background().color() == QColor(tag.colour) and tag.name in item.text()
    assert flat.room in item.text()
    empty = [f for f in page.plan.flats if f.household_id is None]
    if empty:
        e = empty[0]
        er = page.floors(page.plan).index(e.floor)
        ec = page.columns(page.plan).index((e.unit, e.room[-2:] if e.floor else e.room))
        assert page.rooms.item(er, ec).background().color() == QColor(EMPTY_ROOM)
    # colour by one tag only: a household without it is white
    page.highlight.setCurrentIndex(page.highlight.findData(tag.code))
    assert page.rooms.item(r, c).background().color() == QColor(tag.colour)
    # the room chosen with the keyboard: its household, members and tags on the right
    page.rooms.setFocus()
    page.rooms.setCurrentCell(r, c)
    settle(qtbot)
    assert page.card is not None and page.card.id == flat.household_id
    assert tag.name in page.household_tags.names
    assert page.members_model.rowCount() == flat.residents or page.members_model.rowCount() >= flat.residents
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "register_page.png"))
    # the resident's page opens from the member
    opened: list[object] = []
    page.resident_opened.connect(opened.append)
    page.members.selectRow(0)
    page.profile_button.click()
    assert opened == [page.members_model.row_at(0).id]


def test_a_residents_page_opens_from_the_register_and_shows_everything(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor) -> None:
    window = MainWindow(services, clerk)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("register")
    assert isinstance(page, RegisterPage)
    settle(qtbot)
    for row in range(page.rooms.rowCount()):  # the first room with somebody in it
        for column in range(page.rooms.columnCount()):
            item = page.rooms.item(row, column)
            if item is not None and item.data(Qt.ItemDataRole.UserRole):
                page.rooms.setCurrentCell(row, column)
                break
        if page.card is not None:
            break
        settle(qtbot)
    settle(qtbot)
    assert page.card is not None and page.card.members
    member = page.card.members[0]
    page.members.selectRow(0)
    page.profile_button.click()
    settle(qtbot)
    dialog = window.resident_profile
    assert isinstance(dialog, ResidentProfileDialog) and dialog.isVisible()
    assert dialog.profile is not None and dialog.profile.resident.id == member.id
    assert member.name in dialog.heading.text() and member.name in dialog.windowTitle()
    assert dialog.members_model.rowCount() == len(page.card.members)
    dialog.grab().save(str(SHOTS / "resident_profile.png"))
    dialog.close()


def test_the_administrator_adds_a_tag_and_a_bad_one_is_refused_under_its_field(  # type: ignore[no-untyped-def]
        qtbot, services: Services) -> None:
    admin = services.auth.login("admin", "demo1234")
    page = SettingsPage(services, admin, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    tab = page.tags
    before = tab.model.rowCount()
    assert before >= 5
    dialog = tab.open_dialog(None)
    fields = {w.objectName(): w for w in dialog.findChildren(object) if hasattr(w, "objectName")}
    fields["tag_name"].setText("空巢")  # taken
    dialog.ok_button.click()
    settle(qtbot)
    assert dialog.isVisible() and dialog.errors.message("name")
    fields["tag_name"].setText("计生特殊家庭")
    fields["tag_kind"].setCurrentIndex(fields["tag_kind"].findData("person"))
    dialog.ok_button.click()
    settle(qtbot)
    assert not dialog.isVisible()
    names = [tab.model.row_at(i).name for i in range(tab.model.rowCount())]
    assert "计生特殊家庭" in names and len(names) == before + 1
