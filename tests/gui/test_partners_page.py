"""资源清单 through the real widgets on the demo community: the list with its year's figures (hand-counted from
app/demo/partners.py), a partner, an offer and a contribution entered with their bad input refused under the field,
the resources suggested on a dispatched request's page and the referral made from there in one step, and the points
merchant dialog picking a partner already on the list."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt

from app.domain.enums import CaseStatus, EventKind
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.case_page import CasePage
from app.views.form_dialog import FormDialog
from app.views.main_window import MainWindow
from app.views.partner_dialogs import ContributionDialog, OfferDialog, PartnerDialog, ReferDialog
from app.views.partners_page import PartnersPage
from app.views.points.dialogs import MerchantDialog
from tests.gui.helpers import settle

DEMO_PARTNERS = 16  # eleven partners of app/demo/partners.py and the five points merchants


def _page(qtbot, window: MainWindow) -> PartnersPage:  # type: ignore[no-untyped-def]
    page = window.show_page("partners")
    assert isinstance(page, PartnersPage)
    settle(qtbot)
    return page


def _save(qtbot, dialog: FormDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.ok_button.click()
    settle(qtbot)


def _select(page: PartnersPage, name: str) -> None:
    at = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).name == name)
    page.table.selectRow(at)


def _count(services: Services, table: str) -> int:
    with services.db.engine.connect() as conn:
        return int(conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() or 0)


def test_the_list_shows_every_partner_with_the_years_figures(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    assert page.model.rowCount() == DEMO_PARTNERS
    rows = {page.model.row_at(i).name: page.model.row_at(i) for i in range(page.model.rowCount())}
    hospital = rows["鞍山市中心医院站前分院"]
    # three 广场义诊 this year: 86 + 64 + 72 people; none on a request
    assert (hospital.records, hospital.cases, hospital.people) == (3, 0, 222)
    assert (rows["站前司法所法律援助工作站"].records, rows["站前司法所法律援助工作站"].cases) == (1, 1)
    assert rows["老街面馆"].merchant and not hospital.merchant
    _select(page, "鞍山市中心医院站前分院")
    settle(qtbot)
    assert [page.offers_model.row_at(i).what for i in range(page.offers_model.rowCount())] == ["义诊", "上门巡诊"]
    assert page.given_model.rowCount() == 3
    page.search.setText("操场")
    settle(qtbot)
    assert [page.model.row_at(i).name for i in range(page.model.rowCount())] == ["站前区第二小学"]
    page.year.setValue(2025)
    settle(qtbot)
    assert page.model.row_at(0).records == 0  # the school's 暑期开放操场 was this summer
    window.resize(1366, 768)
    page.search.clear()
    page.year.setValue(2026)
    settle(qtbot)
    window.grab().save("/tmp/wt-partners-page.png")


def test_a_partner_an_offer_and_a_contribution_with_their_bad_input(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   services: Services, clerk: Actor) -> None:
    page = _page(qtbot, window)
    before = (_count(services, "partner"), _count(services, "audit_log"))
    dialog = page.edit_partner(None)
    assert isinstance(dialog, PartnerDialog)
    dialog.name.setText("站前社区卫生服务站")
    dialog.kind.setCurrentIndex(dialog.kind.findData("hospital"))
    _save(qtbot, dialog)                                   # no contact person, no phone
    assert dialog.isVisible() and dialog.errors.message("contact")
    dialog.phone.setText("0412-55")                        # a bad phone
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors.message("phone")
    dialog.name.setText("安家家政服务公司")                   # another partner's name
    dialog.phone.setText("0412-5581120")
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors.message("name")
    assert (_count(services, "partner"), _count(services, "audit_log")) == before  # nothing written
    dialog.name.setText("站前社区卫生服务站")
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    settle(qtbot)
    assert page.model.rowCount() == DEMO_PARTNERS + 1
    _select(page, "站前社区卫生服务站")
    settle(qtbot)

    offer = page.edit_offer(None)
    assert isinstance(offer, OfferDialog)
    _save(qtbot, offer)                                    # no description
    assert offer.isVisible() and offer.errors.message("what") and _count(services, "partner_offer") == 14
    offer.what.setText("免费接种咨询")
    offer.days.setText("每周一")
    for i in range(offer.classes.count()):
        if offer.classes.item(i).data(Qt.ItemDataRole.UserRole) == "HEALTH-CHRONIC":
            offer.classes.item(i).setCheckState(Qt.CheckState.Checked)
    offer.words.setText("疫苗 接种")
    _save(qtbot, offer)
    assert not offer.isVisible()
    settle(qtbot)
    _select(page, "站前社区卫生服务站")
    settle(qtbot)
    assert page.offers_model.rowCount() == 1 and page.offers_model.row_at(0).classes == ("HEALTH-CHRONIC",)

    given = page.record_given()
    assert isinstance(given, ContributionDialog)
    given.offer.setCurrentIndex(1)                         # the offer's words come into the field
    assert given.what.text() == "免费接种咨询"
    given.on.setDate(date(2026, 11, 21))                   # tomorrow
    given.people.setValue(25)
    _save(qtbot, given)
    assert given.isVisible() and given.errors.message("on") and _count(services, "partner_contribution") == 14
    given.on.setDate(date(2026, 11, 18))
    _save(qtbot, given)
    assert not given.isVisible()
    settle(qtbot)
    _select(page, "站前社区卫生服务站")
    settle(qtbot)
    row = page.current()
    assert row is not None and (row.records, row.people) == (1, 25) and page.given_model.rowCount() == 1


def _dispatched_request(services: Services, clerk: Actor) -> str:
    options = services.intake.options(clerk)
    sub = next(c for c in options.categories if c.code == "LIFE-HOUSEKEEP")
    resident = services.residents.search(clerk, "张")[0]
    case_id = services.intake.submit(clerk, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
        description="家里老人行动不便，想找人定期保洁，听说社区有优惠的家政。", urgency=2, scope="household")).case_id
    services.workflow.dispatch(clerk, case_id)
    return str(case_id)


def test_the_request_page_suggests_resources_and_refers_in_one_step(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   services: Services, clerk: Actor) -> None:
    case_id = uuid.UUID(_dispatched_request(services, clerk))
    window.open_case(case_id)
    page = window.case_page
    assert isinstance(page, CasePage)
    settle(qtbot)
    assert page.detail is not None and page.detail.info.status is CaseStatus.DISPATCHED
    panel = page.resources
    assert panel.isVisible() and panel.model.rowCount() >= 1
    first = panel.model.row_at(0)
    assert (first.partner_name, first.offer_what) == ("安家家政服务公司", "家政8折")  # its sub-category and words
    window.grab().save("/tmp/wt-partners-case.png")
    dialog = panel.refer_current()
    assert isinstance(dialog, ReferDialog)
    dialog.note.setText("已电话联系吴经理，周六上门")
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    settle(qtbot)
    assert page.detail is not None
    last = page.detail.timeline[-1]
    assert last.kind is EventKind.PARTNER_HELPED and last.note == "已电话联系吴经理，周六上门"
    assert "安家家政服务公司" in page.what_happened(last)
    assert panel.model.row_at(0).referred or any(panel.model.row_at(i).referred
                                                 for i in range(panel.model.rowCount()))
    assert page.detail.info.status is CaseStatus.DISPATCHED  # the referral changes no status


def test_a_resolved_request_is_suggested_nothing(qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
                                                     clerk: Actor) -> None:
    case_id = uuid.UUID(_dispatched_request(services, clerk))
    services.workflow.resolve(clerk, case_id, "已安排家政公司上门保洁")
    window.open_case(case_id)
    settle(qtbot)
    assert not window.case_page.resources.isVisible()  # type: ignore[attr-defined]


def test_the_merchant_dialog_picks_a_partner_already_on_the_list(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                  services: Services) -> None:
    from app.demo import data as dd

    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    dialog = MerchantDialog(services, director, window.bus, None, window)
    qtbot.addWidget(dialog)
    dialog.open()
    settle(qtbot)
    at = dialog.partner.findText("惠民生鲜超市", Qt.MatchFlag.MatchStartsWith)
    assert at > 0
    dialog.partner.setCurrentIndex(at)
    assert (dialog.name.text(), dialog.contact.text()) == ("惠民生鲜超市", "孙经理")
    dialog.rate.setText("0.90")
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    merchants = {m.name: m for m in services.points.catalogue.merchants(director)}
    partner = next(p for p in services.partners.partners(director) if p.name == "惠民生鲜超市")
    assert merchants["惠民生鲜超市"].partner_id == partner.id and partner.merchant
    assert len(services.partners.partners(director)) == DEMO_PARTNERS  # picked, not made twice
