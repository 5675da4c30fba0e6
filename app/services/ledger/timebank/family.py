"""Family links (亲属绑定): a volunteer's hours may serve an approved relative; a second person approves each link."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    FamilyLink,
    LinkStatus,
    Relation,
    Resident,
)
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    Conflict,
    FieldErrors,
    NotFound,
    ValidationError,
)
from app.services.ledger.timebank import common
from app.services.ledger.timebank.common import BankService
from app.services.ledger.timebank.data import (
    MAX_LIST,
    Beneficiary,
    LinkInfo,
)


class FamilyLinkService(BankService):
    """Request and decide family links; who may receive a holder's hours."""

    def request_link(self, actor: Actor, holder_id: uuid.UUID | None, relative_id: uuid.UUID | None, relation: str,
                     proof: str) -> LinkInfo:
        errors = FieldErrors()
        try:
            rel = Relation(relation)
        except ValueError:
            errors.add("relation", QT_TRANSLATE_NOOP("errors", "Please choose the relation."))
        proof = proof.strip()
        if not proof:
            errors.add("proof", QT_TRANSLATE_NOOP("errors", "Please say what proves the relation (e.g. the household "
                                                            "register)."))
        elif len(proof) > 120:
            errors.add("proof", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=120)
        if holder_id is None:
            errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose a volunteer."))
        if relative_id is None:
            errors.add("relative", QT_TRANSLATE_NOOP("errors", "Please choose the relative."))
        elif relative_id == holder_id:
            errors.add("relative", QT_TRANSLATE_NOOP("errors", "A person cannot be linked to themselves."))
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            holder, relative = session.get(Resident, holder_id), session.get(Resident, relative_id)
            if holder is None or relative is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            existing = session.scalar(select(FamilyLink).where(or_(
                (FamilyLink.holder_id == holder.id) & (FamilyLink.relative_id == relative.id),
                (FamilyLink.holder_id == relative.id) & (FamilyLink.relative_id == holder.id))))
            if existing is not None and existing.status is not LinkStatus.REJECTED:
                raise ValidationError.single("relative", QT_TRANSLATE_NOOP(
                    "errors", "{a} and {b} are already linked ({status})."), a=holder.name, b=relative.name,
                    status=labels.zh(existing.status))
            if existing is not None:  # a rejected request may be made again with better proof
                existing.relation, existing.proof, existing.status = rel, proof, LinkStatus.PENDING
                existing.requested_by_id, existing.decided_by_id, existing.decided_at = actor.user_id, None, None
                link = existing
            else:
                link = FamilyLink(holder_id=holder.id, relative_id=relative.id, relation=rel, proof=proof,
                                  requested_by_id=actor.user_id)
                session.add(link)
            session.flush()
            return self._link_infos(session, [link])[0]

    def decide_link(self, actor: Actor, link_id: uuid.UUID, approve: bool) -> LinkInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            link = session.get(FamilyLink, link_id, with_for_update=True)
            if link is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This family link does not exist."))
            if link.status is not LinkStatus.PENDING:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "This family link was already decided."))
            if link.requested_by_id == actor.user_id:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Someone other than the person who recorded the link must "
                                                           "approve it."))
            link.status = LinkStatus.APPROVED if approve else LinkStatus.REJECTED
            link.decided_by_id, link.decided_at = actor.user_id, session.info["now"]
            session.flush()
            return self._link_infos(session, [link])[0]

    def links(self, actor: Actor, resident_id: uuid.UUID | None = None) -> list[LinkInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            stmt = select(FamilyLink).options(selectinload(FamilyLink.holder), selectinload(FamilyLink.relative))
            if resident_id is not None:
                stmt = stmt.where(or_(FamilyLink.holder_id == resident_id, FamilyLink.relative_id == resident_id))
            found = list(session.scalars(stmt.order_by(FamilyLink.created_at.desc()).limit(MAX_LIST)))
            return self._link_infos(session, found)

    def _link_infos(self, session: Session, links: Sequence[FamilyLink]) -> list[LinkInfo]:
        """DTOs of ``links``, with the staff names they mention read in one query."""
        staff = common.staff_names(session, {x for k in links for x in (k.requested_by_id, k.decided_by_id) if x})
        return [LinkInfo(k.id, k.holder_id, k.holder.name, k.relative_id, k.relative.name, k.relation, k.proof,
                         k.status, staff.get(k.requested_by_id, ""),
                         staff.get(k.decided_by_id, "") if k.decided_by_id else "") for k in links]

    def beneficiaries(self, actor: Actor, holder_id: uuid.UUID) -> list[Beneficiary]:
        """The holder first, then every relative with an approved link (a link works both ways)."""
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            holder = session.get(Resident, holder_id)
            if holder is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            found = [Beneficiary(holder.id, holder.name, None)]
            for link in common.approved_links(session, holder_id):
                other = link.relative if link.holder_id == holder_id else link.holder
                found.append(Beneficiary(other.id, other.name, link.relation))
            return found
