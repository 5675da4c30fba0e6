"""The resource list (资源清单, issue 22): partner units, what they offer, what they did or gave, and the resources a
request is suggested when it is dispatched or whistled.

One register: a points merchant is a partner with points terms (``points_merchant.partner_id``); the points desk
edits the same partner row (app.services.ledger.points.catalogue). What a partner did on a request is recorded on the
request's timeline too (a ``partner_helped`` event, which the fold ignores), in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Case,
    CaseStatus,
    Category,
    EventKind,
    Merchant,
    Partner,
    PartnerContribution,
    PartnerKind,
    PartnerOffer,
)
from app.services.cases.timeline import append_event
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.core.validation import check_length
from app.services.ledger.points.common import staff_names
from app.services.programmes.partner_data import (
    CONTRIBUTION_WHAT_MAX,
    DAYS_MAX,
    HOURS_MAX,
    PEOPLE_MAX,
    SUGGESTIONS_MAX,
    VALUE_NOTE_MAX,
    WHAT_MAX,
    WORDS_MAX,
    ContributionInfo,
    ContributionInput,
    OfferInfo,
    OfferInput,
    PartnerInput,
    PartnerRow,
    Suggestion,
)
from app.services.programmes.partner_match import RequestFacts, match
from app.services.programmes.partner_rules import apply_partner_fields, check_name_free, check_partner_fields

EARLIEST = date(2000, 1, 1)


class PartnerService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- the list -----------------------------------------------------------------------------------

    def partners(self, actor: Actor, year: int | None = None, text: str = "",
                 active_only: bool = False) -> list[PartnerRow]:
        """Every partner (merchants included) with its offers and what it gave in ``year`` (default: this year):
        records, distinct requests helped, people served; ``text`` filters by name, contact, phone or offer."""
        with self._db.reading() as session:
            require(session, actor, Permission.PARTNERS)
            year = year or local(self._db.clock.now()).year
            stmt = select(Partner).options(selectinload(Partner.offers)).order_by(Partner.kind, Partner.name)
            if active_only:
                stmt = stmt.where(Partner.active.is_(True))
            figures = self._figures(session, year)
            merchants = set(session.scalars(select(Merchant.partner_id)))
            rows = [self._row(p, p.id in merchants, figures.get(p.id, (0, 0, 0))) for p in session.scalars(stmt)]
            wanted = text.strip()
            if wanted:
                rows = [r for r in rows if wanted in r.name or wanted in r.contact or wanted in r.phone
                        or any(wanted in o.what or wanted in o.words for o in r.offers)]
            return rows

    @staticmethod
    def _figures(session: Session, year: int) -> dict[uuid.UUID, tuple[int, int, int]]:
        c = PartnerContribution
        in_year = (c.on >= date(year, 1, 1), c.on <= date(year, 12, 31))
        return {pid: (records, cases, people or 0) for pid, records, cases, people in session.execute(
            select(c.partner_id, func.count(), func.count(func.distinct(c.case_id)), func.sum(c.people))
            .where(*in_year).group_by(c.partner_id))}

    @staticmethod
    def _row(p: Partner, merchant: bool, figures: tuple[int, int, int]) -> PartnerRow:
        return PartnerRow(p.id, p.name, p.kind, p.contact, p.phone, p.address, p.note, p.active, merchant,
                          tuple(_offer(o) for o in p.offers), *figures)

    def partner(self, actor: Actor, partner_id: uuid.UUID, year: int | None = None) -> PartnerRow:
        with self._db.reading() as session:
            require(session, actor, Permission.PARTNERS)
            p = _partner(session, partner_id)
            year = year or local(self._db.clock.now()).year
            merchant = session.scalar(select(Merchant.id).where(Merchant.partner_id == p.id)) is not None
            return self._row(p, merchant, self._figures(session, year).get(p.id, (0, 0, 0)))

    def request_classes(self, actor: Actor) -> list[tuple[str, str]]:
        """The request classes and their sub-categories an offer may serve: (code, name), a class before its
        sub-categories, whose names say their class (生活服务 / 家政服务)."""
        with self._db.reading() as session:
            require(session, actor, Permission.PARTNERS)
            rows = list(session.execute(select(Category.id, Category.code, Category.name, Category.parent_id)
                                        .where(Category.active.is_(True)).order_by(Category.sort_order,
                                                                                   Category.code)))
            found: list[tuple[str, str]] = []
            for top in (r for r in rows if r.parent_id is None):
                found.append((top.code, top.name))
                found += [(r.code, f"{top.name} / {r.name}") for r in rows if r.parent_id == top.id]
            return found

    # --- partners and offers ------------------------------------------------------------------------

    def create_partner(self, actor: Actor, data: PartnerInput) -> PartnerRow:
        return self._save_partner(actor, None, data)

    def update_partner(self, actor: Actor, partner_id: uuid.UUID, data: PartnerInput) -> PartnerRow:
        """Includes switching a partner off (``active=False``): it is then suggested for no request."""
        return self._save_partner(actor, partner_id, data)

    def _save_partner(self, actor: Actor, partner_id: uuid.UUID | None, data: PartnerInput) -> PartnerRow:
        errors = FieldErrors()
        try:
            kind: PartnerKind | None = PartnerKind(data.kind)
        except ValueError:
            kind = None
            errors.add("kind", QT_TRANSLATE_NOOP("errors", "Please choose the kind of partner."))
        fields = check_partner_fields(errors, data.name, data.contact, data.phone, data.address, data.note)
        with self._db.transaction() as session:
            require(session, actor, Permission.PARTNERS)
            partner = _partner(session, partner_id) if partner_id is not None else None
            check_name_free(session, errors, fields.name, partner_id)
            errors.raise_if_any()
            assert kind is not None
            if partner is None:
                partner = Partner()
                session.add(partner)
            apply_partner_fields(partner, fields)
            partner.kind, partner.active = kind, data.active
            session.flush()
            merchant = session.scalar(select(Merchant.id).where(Merchant.partner_id == partner.id)) is not None
            session.refresh(partner, ["offers"])
            return self._row(partner, merchant, self._figures(session, local(session.info["now"]).year)
                             .get(partner.id, (0, 0, 0)))

    def save_offer(self, actor: Actor, partner_id: uuid.UUID, offer_id: uuid.UUID | None,
                   data: OfferInput) -> OfferInfo:
        """A new offer of the partner (``offer_id`` None) or one changed; ``active=False`` takes it off the
        suggestions (records that name it keep it)."""
        errors = FieldErrors()
        what = check_length(errors, "what", data.what, WHAT_MAX)
        days = check_length(errors, "days", data.days, DAYS_MAX, required=False)
        hours = check_length(errors, "hours", data.hours, HOURS_MAX, required=False)
        words = check_length(errors, "words", data.words, WORDS_MAX, required=False)
        with self._db.transaction() as session:
            require(session, actor, Permission.PARTNERS)
            partner = _partner(session, partner_id)
            known = set(session.scalars(select(Category.code)))
            unknown = [c for c in data.classes if c not in known]
            if unknown:
                errors.add("classes", QT_TRANSLATE_NOOP("errors", "No request class {code}."), code=unknown[0])
            offer = None
            if offer_id is not None:
                offer = session.get(PartnerOffer, offer_id)
                if offer is None or offer.partner_id != partner.id:
                    raise NotFound(QT_TRANSLATE_NOOP("errors", "This offer is no longer on the list."))
            errors.raise_if_any()
            if offer is None:
                offer = PartnerOffer(partner_id=partner.id)
                session.add(offer)
            offer.what, offer.days, offer.hours, offer.words = what, days, hours, words
            offer.classes, offer.active = list(dict.fromkeys(data.classes)), data.active
            session.flush()
            return _offer(offer)

    # --- what partners gave -------------------------------------------------------------------------

    def record_contribution(self, actor: Actor, partner_id: uuid.UUID, data: ContributionInput) -> ContributionInfo:
        """What the partner did or gave on a day; on a request (its number) also on the request's timeline."""
        errors = FieldErrors()
        what = check_length(errors, "what", data.what, CONTRIBUTION_WHAT_MAX)
        value_note = check_length(errors, "value_note", data.value_note, VALUE_NOTE_MAX, required=False)
        if isinstance(data.people, bool) or not isinstance(data.people, int) or not 0 <= data.people <= PEOPLE_MAX:
            errors.add("people", QT_TRANSLATE_NOOP("errors", "A whole number from {low} to {high}, please."),
                       low=0, high=PEOPLE_MAX)
        today = local(self._db.clock.now()).date()
        on = data.on or today
        if on > today:
            errors.add("on", QT_TRANSLATE_NOOP("errors", "This day has not come yet: record what was done, after it "
                                                         "was done."))
        elif on < EARLIEST:
            errors.add("on", QT_TRANSLATE_NOOP("errors", "Not before {day}, please."), day=EARLIEST.isoformat())
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.PARTNERS)
            partner = _partner(session, partner_id)
            offer = _offer_of(session, errors, partner, data.offer_id)
            case = None
            number = data.case_no.strip().upper()
            if number:
                case = session.scalar(select(Case).where(Case.case_no == number).with_for_update())
                if case is None:
                    errors.add("case_no", QT_TRANSLATE_NOOP("errors", "No case with the number {no}."), no=number)
                else:
                    _refuse_merged(session, case)
            errors.raise_if_any()
            row = _contribute(session, staff.id, partner, offer, case, on, what, data.people, value_note,
                              referral=False, note=value_note)
            return _contribution(row, partner, offer, case, staff.display_name)

    def contributions(self, actor: Actor, partner_id: uuid.UUID, year: int | None = None) -> list[ContributionInfo]:
        """The partner's records in ``year`` (default: this year), newest first."""
        with self._db.reading() as session:
            require(session, actor, Permission.PARTNERS)
            partner = _partner(session, partner_id)
            year = year or local(self._db.clock.now()).year
            c = PartnerContribution
            rows = list(session.scalars(select(c).where(c.partner_id == partner.id, c.on >= date(year, 1, 1),
                                                        c.on <= date(year, 12, 31))
                                        .order_by(c.on.desc(), c.created_at.desc())))
            cases = {cid: num for cid, num in session.execute(
                select(Case.id, Case.case_no).where(Case.id.in_({r.case_id for r in rows if r.case_id})))}
            offers = {o.id: o for o in partner.offers}
            staff = staff_names(session, {r.actor_id for r in rows})
            return [ContributionInfo(r.id, partner.id, partner.name, r.on, r.what, r.people, r.value_note,
                                     offers[r.offer_id].what if r.offer_id in offers else "", r.case_id,
                                     cases.get(r.case_id, "") if r.case_id else "", r.referral,
                                     staff.get(r.actor_id, "")) for r in rows]

    # --- a request's resources ----------------------------------------------------------------------

    def suggestions(self, actor: Actor, case_id: uuid.UUID) -> list[Suggestion]:
        """The active partners' offers that fit the request (its sub-category, its class, words of its
        description), best first, at most ``SUGGESTIONS_MAX``; each says whether it was referred already."""
        with self._db.reading() as session:
            require(session, actor, Permission.PARTNERS)
            case = session.get(Case, case_id)
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
            facts = _facts(session, case)
            done = set(session.scalars(select(PartnerContribution.partner_id)
                                       .where(PartnerContribution.case_id == case.id)))
            found = []
            offers = session.scalars(select(PartnerOffer).join(Partner, Partner.id == PartnerOffer.partner_id)
                                     .where(Partner.active.is_(True), PartnerOffer.active.is_(True))
                                     .options(selectinload(PartnerOffer.partner)))
            for o in offers:
                score, reasons = match(facts, o.classes or [], o.words, o.what)
                if score:
                    p = o.partner
                    found.append(Suggestion(p.id, p.name, p.kind, p.contact, p.phone, o.id, o.what,
                                            _offer(o).when(), tuple(reasons), score, p.id in done))
            found.sort(key=lambda s: (-s.score, s.referred, s.partner_name, s.offer_what))
            return found[:SUGGESTIONS_MAX]

    def refer(self, actor: Actor, case_id: uuid.UUID, partner_id: uuid.UUID, offer_id: uuid.UUID | None,
              note: str = "") -> ContributionInfo:
        """转介资源 in one step: the request referred to the partner's offer today, one record on the resource list and
        one ``partner_helped`` event on the request's timeline."""
        errors = FieldErrors()
        note = check_length(errors, "note", note, VALUE_NOTE_MAX, required=False)
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.PARTNERS)
            case = session.get(Case, case_id, with_for_update=True)
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
            _refuse_merged(session, case)
            partner = _partner(session, partner_id)
            if not partner.active:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "{name} is no longer an active partner."),
                               name=partner.name)
            offer = _offer_of(session, errors, partner, offer_id)
            errors.raise_if_any()
            what = f"转介：{offer.what}" if offer is not None else "转介"
            row = _contribute(session, staff.id, partner, offer, case, local(session.info["now"]).date(), what, 0,
                              note, referral=True, note=note)
            return _contribution(row, partner, offer, case, staff.display_name)


# --- helpers --------------------------------------------------------------------------------------------


def _partner(session: Session, partner_id: uuid.UUID) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This partner is no longer on the list."))
    return partner


def _offer(o: PartnerOffer) -> OfferInfo:
    return OfferInfo(o.id, o.partner_id, o.what, o.days, o.hours, tuple(o.classes or ()), o.words, o.active)


def _offer_of(session: Session, errors: FieldErrors, partner: Partner,
              offer_id: uuid.UUID | None) -> PartnerOffer | None:
    if offer_id is None:
        return None
    offer = session.get(PartnerOffer, offer_id)
    if offer is None or offer.partner_id != partner.id:
        errors.add("offer", QT_TRANSLATE_NOOP("errors", "{name} has no such offer."), name=partner.name)
        return None
    return offer


def _refuse_merged(session: Session, case: Case) -> None:
    if case.status is CaseStatus.MERGED:
        into = session.scalar(select(Case.case_no).where(Case.id == case.merged_into_id)) or ""
        raise Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} was merged into {into}; record the help on that "
                                                   "one."), no=case.case_no, into=into)


def _facts(session: Session, case: Case) -> RequestFacts:
    ids = {case.category_id} | ({case.subcategory_id} if case.subcategory_id else set())
    names = {cid: (code, name) for cid, code, name in session.execute(
        select(Category.id, Category.code, Category.name).where(Category.id.in_(ids)))}
    cls = names.get(case.category_id, ("", ""))
    sub = names.get(case.subcategory_id, ("", "")) if case.subcategory_id else ("", "")
    return RequestFacts(cls[0], cls[1], sub[0], sub[1], case.description or "")


def _contribute(session: Session, actor_id: uuid.UUID, partner: Partner, offer: PartnerOffer | None,
                case: Case | None, on: date, what: str, people: int, value_note: str, *, referral: bool,
                note: str) -> PartnerContribution:
    row = PartnerContribution(partner_id=partner.id, offer_id=offer.id if offer else None,
                              case_id=case.id if case else None, on=on, what=what, people=people,
                              value_note=value_note, referral=referral, actor_id=actor_id)
    session.add(row)
    session.flush()
    if case is not None:
        append_event(session, case, EventKind.PARTNER_HELPED, actor_id, note,
                     {"partner_id": str(partner.id), "partner": partner.name, "what": what, "on": on.isoformat(),
                      "referral": referral, "contribution_id": str(row.id)})
        session.flush()
    return row


def _contribution(row: PartnerContribution, partner: Partner, offer: PartnerOffer | None, case: Case | None,
                  by: str) -> ContributionInfo:
    return ContributionInfo(row.id, partner.id, partner.name, row.on, row.what, row.people, row.value_note,
                            offer.what if offer else "", case.id if case else None, case.case_no if case else "",
                            row.referral, by)


