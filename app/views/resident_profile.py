"""A resident's page (居民详情): everything about one person in one window — who they are, their household and
relations, their tags, their requests, their time-bank hours and points, the visits and duties that concern them,
and their notes. Opened from the look-up, the register, the request page and the lists; a request opens from it."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import CaseStatus, DutyOutcome, HouseholdRole, ResidentStatus
from app.domain.topics import Topic
from app.services.care.places import DutyRow
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.ledger.posting import hours
from app.services.people.households import CareLine, Member, RequestLine, ResidentProfile
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.resident_widgets import describe
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.tag_marks import TagChips
from app.views.widgets import Banner, label_of


def members_model() -> RowsModel[Member]:
    """A household's members as the register and a resident's page list them: name, relation to the head, age, their
    own tags, and who moved away or died (in grey)."""
    return RowsModel([
        Column(QCoreApplication.translate("members", "Name"), lambda m: m.name),
        Column(QCoreApplication.translate("members", "Relation"),
               lambda m: label_of(HouseholdRole(m.relation)) if m.relation else ""),
        Column(QCoreApplication.translate("members", "Age"), lambda m: m.age, align_right=True),
        Column(QCoreApplication.translate("members", "Person's tags"), lambda m: "、".join(m.tag_names)),
        Column(QCoreApplication.translate("members", "Status"),
               lambda m: "" if m.status == ResidentStatus.ACTIVE.value else label_of(ResidentStatus(m.status))),
    ], muted=lambda m: m.status != ResidentStatus.ACTIVE.value)


class ResidentProfileDialog(QDialog):
    """One resident's page; it reads again when anything about residents, requests or care changes."""

    case_opened = Signal(object)      # a request's id
    resident_opened = Signal(object)  # another member of the household

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, resident_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resident_profile")
        self.setWindowTitle(self.tr("Resident"))
        self._services, self._actor, self.resident_id = services, actor, resident_id
        self.profile: ResidentProfile | None = None
        self.banner = Banner("profile_banner")
        self.heading = QLabel()
        self.heading.setObjectName("profile_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # the name in bold; every part of it escaped
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tags = TagChips("profile_tags")
        self.accounts = QLabel()
        self.accounts.setObjectName("profile_accounts")
        self.notes = QLabel()
        self.notes.setObjectName("profile_notes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # notes are typed by people: never read as markup

        self.members_model = members_model()
        self.members = read_only_table(self.members_model, "profile_members", self.tr("Household"), 0)
        self.requests_model: RowsModel[RequestLine] = RowsModel([
            Column(self.tr("No."), lambda c: c.case_no),
            Column(self.tr("Received"), lambda c: c.received_at.astimezone().strftime("%Y-%m-%d")),
            Column(self.tr("Category"), lambda c: c.category),
            Column(self.tr("Status"), lambda c: label_of(CaseStatus(c.status))),
            Column(self.tr("Request"), lambda c: c.description[:60]),
        ])
        self.requests = read_only_table(self.requests_model, "profile_requests", self.tr("Requests"), 4)
        self.requests_title = QLabel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("profile_tabs")
        requests_tab = QWidget()
        lay = QVBoxLayout(requests_tab)
        lay.addWidget(self.requests_title)
        lay.addWidget(self.requests, 1)
        self.tabs.addTab(requests_tab, self.tr("Requests"))
        self.tabs.addTab(self.members, self.tr("Household"))
        self.duties_model: RowsModel[DutyRow] = RowsModel([
            Column(self.tr("Duty"), lambda d: d.title),
            Column(self.tr("How often"), lambda d: label_of(d.cycle) if d.every == 1
                   else self.tr("{cycle}, every {n}").format(cycle=label_of(d.cycle), n=d.every)),
            Column(self.tr("Next due"), lambda d: f"{d.next_due:%Y-%m-%d}"),
            Column(self.tr("Responsible"), lambda d: d.responsible),
        ])
        self.duties = read_only_table(self.duties_model, "profile_duties", self.tr("Visits and duties"), 0)
        self.care_model: RowsModel[CareLine] = RowsModel([
            Column(self.tr("Day"), lambda c: f"{c.day:%Y-%m-%d}"),
            Column(self.tr("What"), lambda c: c.what),
            Column(self.tr("Done"), lambda c: label_of(DutyOutcome(c.outcome)) if c.outcome else ""),
            Column(self.tr("Note"), lambda c: c.note[:80]),
            Column(self.tr("By"), lambda c: c.by),
        ])
        self.care = read_only_table(self.care_model, "profile_care", self.tr("Visits made"), 3)
        care_tab = QWidget()
        care_lay = QVBoxLayout(care_tab)
        care_lay.addWidget(QLabel(self.tr("Due:")))
        care_lay.addWidget(self.duties, 1)
        care_lay.addWidget(QLabel(self.tr("Latest visits and patrol notes:")))
        care_lay.addWidget(self.care, 2)
        self.tabs.addTab(care_tab, self.tr("Visits and duties"))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        main.addWidget(self.banner)
        main.addWidget(self.heading)
        main.addWidget(self.tags)
        main.addWidget(self.accounts)
        main.addWidget(self.notes)
        main.addWidget(self.tabs, 1)
        main.addWidget(close)
        self.resize(900, 620)
        self._ops = Operations(self, bus, self.banner)
        self.requests.doubleClicked.connect(lambda _i: self._open_case())
        self.requests.activated.connect(lambda _i: self._open_case())
        self.members.doubleClicked.connect(lambda _i: self._open_member())
        bus.subscribe({Topic.RESIDENTS, Topic.CASES, Topic.CARE, Topic.LEDGER}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        households, actor, resident_id = self._services.households, self._actor, self.resident_id
        self._ops.read(lambda: households.profile(actor, resident_id), self.show_profile, key="profile")

    def show_profile(self, p: ResidentProfile) -> None:
        self.profile = p
        r = p.resident
        self.setWindowTitle(self.tr("Resident: {name}").format(name=r.name))
        about = describe(r)  # starts with the name, which is set in bold
        lines = [f"<b>{html.escape(r.name)}</b>{html.escape(about[len(r.name):])}"]
        if r.status != ResidentStatus.ACTIVE.value:
            lines.append(html.escape(label_of(ResidentStatus(r.status))
                                     + (f" {r.status_on:%Y-%m-%d}" if r.status_on else "")))
        if p.household is not None and p.household.grid_name:
            lines.append(html.escape(self.tr("Grid: {grid}").format(grid=p.household.grid_name)))
        self.heading.setText("<br>".join(lines))
        self.tags.show_tags(list(p.tags))
        self.accounts.setText(self.tr("Time bank: {hours} hours · Points: {points}").format(
            hours=hours(p.timebank_minutes), points=p.points))
        self.notes.setText(self.tr("Notes: {notes}").format(notes=r.notes) if r.notes else "")
        self.notes.setVisible(bool(r.notes))
        self.requests_model.set_rows(list(p.requests))
        self.requests.resizeColumnsToContents()
        shown = len(p.requests)
        self.requests_title.setText(
            self.tr("{n} request(s) in all; the latest {shown} here (double-click to open one).").format(
                n=p.requests_total, shown=shown) if p.requests_total else self.tr("No requests."))
        self.members_model.set_rows(list(p.household.members) if p.household else [])
        self.members.resizeColumnsToContents()
        self.duties_model.set_rows(list(p.duties))
        self.duties.resizeColumnsToContents()
        self.care_model.set_rows(list(p.care))
        self.care.resizeColumnsToContents()

    def _open_case(self) -> None:
        line = current_row(self.requests, self.requests_model)
        if line is not None:
            self.case_opened.emit(line.case_id)

    def _open_member(self) -> None:
        member = current_row(self.members, self.members_model)
        if member is not None and member.id != self.resident_id:
            self.resident_opened.emit(member.id)
