"""The dialogs of 事项与走访 (duties_page.py): a duty added or changed, recorded done or not done, a patrol log entry
written, and an entry made a request. Each is a FormDialog: the service's field names key the error lines, and the
call runs off the GUI thread."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.enums import DutyCycle, DutyKind, Scope
from app.services.care.duties import DutyInput, DutyOptions
from app.services.care.patrol import PatrolInput, PatrolRow, Person, RequestFromEntry
from app.services.care.places import DutyRow
from app.services.cases.intake import IntakeOptions
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.container import Services
from app.services.people.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.resident_widgets import ResidentLookup
from app.views.widgets import OneTabDateTimeEdit, date_edit, day_of, label_of, name_widget, row, spin, urgency_label


def _combo(name: str, accessible: str, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = name_widget(QComboBox(), name, accessible)
    for text, value in items:
        box.addItem(text, value)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


class DutyDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, options: DutyOptions,
                    today: date, item: DutyRow | None = None) -> None:
        """Add a duty (a lift's inspection, a gas check, a visit), or change one; its place is fixed once made."""
        duties = services.duties
        super().__init__("duty_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Change duty") if item else self.tr("New duty"))
        title = name_widget(QLineEdit(item.title if item else ""), "duty_title", self.tr("What"))
        title.setPlaceholderText(self.tr("e.g. 5号楼电梯年检"))
        kind = _combo("duty_kind", self.tr("Kind"), [(label_of(k), k.value) for k in DutyKind],
                      item.kind if item else DutyKind.INSPECTION.value)
        places = [(self.tr("(a household: type its address)"), None)] + [(b.name, b.id) for b in options.buildings]
        building = _combo("duty_building", self.tr("Building"), places)
        address = name_widget(QLineEdit(), "duty_address", self.tr("Household address"))
        address.setPlaceholderText(self.tr("e.g. 3-2-301"))
        cycle = _combo("duty_cycle", self.tr("How often"), [(label_of(c), c.value) for c in DutyCycle],
                       item.cycle.value if item else DutyCycle.YEARLY.value)
        every = spin("duty_every", self.tr("Every"), 0, 99)  # 0 can be typed: the service says why it is wrong
        every.setValue(item.every if item else 1)
        first = date_edit(item.next_due if item else today, "duty_first_due", self.tr("Next due"))
        first.setMinimumDate(first.minimumDate().addYears(-100))
        remind = spin("duty_remind", self.tr("Remind days ahead"), -1, 999)
        remind.setValue(item.remind_days if item else 30)
        responsible = _combo("duty_responsible", self.tr("Responsible"),
                             [(self.tr("(choose)"), None)] + [(s.name, s.id) for s in options.staff],
                             item.responsible_id if item else None)
        note = name_widget(QLineEdit(item.note if item else ""), "duty_note", self.tr("Note"))
        self.add_field("title", self.tr("What *"), title)
        self.add_field("kind", self.tr("Kind"), kind)
        if item is None:
            self.add_field("place", self.tr("Where *"), row((building, 1), (address, 1)))
        else:
            self.say(self.tr("Where: {place}").format(place=item.place))
        self.add_field("cycle", self.tr("Comes due"), cycle)
        self.add_field("every", self.tr("Every (1 = each time)"), every)
        self.add_field("first_due", self.tr("Next due *"), first)
        self.add_field("remind_days", self.tr("Remind days ahead"), remind)
        self.add_field("responsible", self.tr("Responsible *"), responsible)
        self.add_field("note", self.tr("Note"), note)

        def submit() -> Callable[[], Any]:
            data = DutyInput(title.text(), kind.currentData(), cycle.currentData(), every.value(), day_of(first),
                             remind.value(), responsible.currentData(), building_id=building.currentData(),
                             note=note.text(), address=address.text() if building.currentData() is None else "")
            if item is None:
                return functools.partial(duties.add, actor, data)
            return functools.partial(duties.change, actor, item.id, data)

        self.submit = submit


class DoneDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, row: DutyRow,
                    today: date) -> None:
        """Record the duty done on a day (today, or before: late is allowed and said), with a note."""
        super().__init__("done_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Record done"))
        self.say(self.tr("{title} · {place} · due {due}").format(title=row.title, place=row.place,
                                                                      due=row.next_due.isoformat()))
        day = date_edit(today, "done_on", self.tr("Done on"))
        note = name_widget(QPlainTextEdit(), "done_note", self.tr("Note"))
        note.setPlaceholderText(self.tr("What was found (optional)"))
        note.setTabChangesFocus(True)
        note.setFixedHeight(90)
        self.add_field("done_on", self.tr("Done on *"), day)
        self.add_field("note", self.tr("Note"), note)
        self.submit = lambda: functools.partial(services.duties.record_done, actor, row.id, row.next_due, day_of(day),
                                                  note.toPlainText())


class NotDoneDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, row: DutyRow) -> None:
        super().__init__("not_done_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Record not done"))
        self.say(self.tr("{title} · {place} · due {due}. It moves on to its next date.").format(
            title=row.title, place=row.place, due=row.next_due.isoformat()))
        reason = name_widget(QLineEdit(), "not_done_reason", self.tr("Reason"))
        reason.setPlaceholderText(self.tr("e.g. 家中无人，电话未接"))
        self.add_field("reason", self.tr("Why not done *"), reason)
        self.submit = lambda: functools.partial(services.duties.record_not_done, actor, row.id, row.next_due,
                                                  reason.text())


class PatrolDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, now: datetime,
                      visit: DutyRow | None = None) -> None:
        """A patrol log entry: when, where, who was seen, what was found; for a promised visit, it records it done."""
        super().__init__("patrol_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Patrol log entry"))
        if visit is not None:
            self.say(self.tr("Records the visit {title} at {place} done.").format(title=visit.title,
                                                                                     place=visit.place))
        shown = local(now)
        start = QDateTime(shown.year, shown.month, shown.day, shown.hour, shown.minute, 0)
        when = name_widget(OneTabDateTimeEdit(start), "patrol_at", self.tr("When"))
        when.setDisplayFormat("yyyy-MM-dd HH:mm")
        place = name_widget(QLineEdit(), "patrol_place", self.tr("Where"))
        place.setPlaceholderText(self.tr("3-2-301, 3号楼, or the place (东门小广场)"))
        seen = name_widget(QLineEdit(), "patrol_seen", self.tr("Who was seen"))
        found = name_widget(QPlainTextEdit(), "patrol_found", self.tr("What was found"))
        found.setTabChangesFocus(True)
        found.setFixedHeight(110)
        self.add_field("at", self.tr("When *"), when)
        if visit is None:
            self.add_field("place", self.tr("Where *"), place)
        self.add_field("seen", self.tr("Who was seen"), seen)
        self.add_field("found", self.tr("What was found *"), found)

        def submit() -> Callable[[], Any]:
            typed: datetime = when.dateTime().toPython()  # type: ignore[assignment]
            at = typed.replace(tzinfo=LOCAL_TZ)
            data = PatrolInput(place.text(), found.toPlainText(), seen.text(), at,
                               visit_duty_id=visit.id if visit else None)
            return functools.partial(services.patrol.write, actor, data)

        self.submit = submit


class RequestDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, entry: PatrolRow,
                       people: list[Person], options: IntakeOptions) -> None:
        """Make the problem found on an entry a request (民情专员): for whom, its class, urgency and reach."""
        super().__init__("patrol_request_dialog", "", bus, parent)
        self.setWindowTitle(self.tr("Make a request of this entry"))
        self.ok_button.setText(self.tr("Make the request"))
        self.say(self.tr("{place}: {found}").format(place=entry.place, found=entry.found))
        chosen: dict[str, ResidentSummary | None] = {"resident": None}
        who: QWidget
        if people:
            who = _combo("patrol_request_resident", self.tr("For whom"), [(p.name, p.id) for p in people])
        else:
            lookup = ResidentLookup(services, actor)
            lookup.resident_chosen.connect(lambda r: chosen.__setitem__("resident", r))
            lookup.resident_cleared.connect(lambda: chosen.__setitem__("resident", None))
            who = lookup
        category = _combo("patrol_request_category", self.tr("Category"),
                          [(self.tr("(choose)"), None)] + [(c.name, c.id) for c in options.children(None)])
        sub = name_widget(QComboBox(), "patrol_request_subcategory", self.tr("Sub-category"))

        def fill_sub() -> None:
            sub.clear()
            sub.addItem(self.tr("(choose)"), None)
            for c in options.children(category.currentData()) if category.currentData() else []:
                sub.addItem(c.name, c.id)

        category.currentIndexChanged.connect(fill_sub)
        fill_sub()
        urgency = _combo("patrol_request_urgency", self.tr("Urgency"), [(urgency_label(n), n) for n in range(1, 6)], 3)
        scope = _combo("patrol_request_scope", self.tr("Who is affected"), [(label_of(s), s.value) for s in Scope],
                       Scope.HOUSEHOLD.value if entry.household_id else Scope.BUILDING.value)
        self.add_field("resident", self.tr("For whom *"), who)
        self.add_field("category", self.tr("Category *"), category)
        self.add_field("subcategory", self.tr("Sub-category *"), sub)
        self.add_field("urgency", self.tr("Urgency"), urgency)
        self.add_field("scope", self.tr("Who is affected"), scope)

        def submit() -> Callable[[], Any]:
            resident = who.currentData() if isinstance(who, QComboBox) else (
                chosen["resident"].id if chosen["resident"] is not None else None)
            data = RequestFromEntry(resident, category.currentData(), sub.currentData(), urgency.currentData(),
                                    scope.currentData())
            return functools.partial(services.patrol.to_request, actor, entry.id, data)

        self.submit = submit
