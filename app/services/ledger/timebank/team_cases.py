"""Requests given to a volunteer team (交给志愿服务队, issue 22). The step is a DISPATCHED event on the request's
timeline whose data names the team (``team_id``, ``team``) instead of an account: the fold marks the request
dispatched and keeps its assignee, the request page shows the team as its handler. A ``volunteer_team_case`` row,
written in the same transaction, lets the team's page list its requests without reading every timeline. A request
is still with a team while its latest dispatch is that team's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.models import Case, CaseEvent, CaseStatus, EventKind, Resident, ServiceType, Volunteer
from app.models.teams import TeamCase, VolunteerTeam
from app.services.cases.escalation import RuleBook
from app.services.cases.timeline import Event, append_event, apply, fold, load_events, store
from app.services.cases.workflow import refusal
from app.services.core.auth import Actor, Permission, require
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.ledger.timebank import common
from app.services.ledger.timebank.common import BankService
from app.services.ledger.timebank.teams import current_members

NOTE_MAX = 2000
LIST_MAX = 500


@dataclass(frozen=True)
class TeamChoice:
    """An active team a request may be given to, with what helps the desk choose."""

    id: uuid.UUID
    name: str
    service_types: tuple[ServiceType, ...]
    speciality: str
    leader_name: str
    members: int


@dataclass(frozen=True)
class Given:
    case_id: uuid.UUID
    case_no: str
    team_id: uuid.UUID
    team: str


@dataclass(frozen=True)
class TeamRequest:
    case_id: uuid.UUID
    case_no: str
    category: str
    description: str
    status: CaseStatus
    given_at: datetime
    given_by: str
    with_team: bool  # its latest dispatch is still to this team


class TeamCaseService(BankService):
    """Give a request to a team; the teams to choose from; a team's requests."""

    def choices(self, actor: Actor) -> list[TeamChoice]:
        """The active teams, for the request page's step (the desk dispatches; it need not keep the teams)."""
        with self._db.reading() as session:
            require(session, actor, Permission.DISPATCH)
            teams = list(session.scalars(select(VolunteerTeam).where(VolunteerTeam.active.is_(True))
                                         .order_by(VolunteerTeam.name)))
            members = current_members(session, [t.id for t in teams])
            leaders = dict(session.execute(
                select(Volunteer.id, Resident.name).join(Resident, Resident.id == Volunteer.resident_id)
                .where(Volunteer.id.in_([t.leader_id for t in teams if t.leader_id]))).all())
            return [TeamChoice(t.id, t.name, tuple(ServiceType(k) for k in t.service_types), t.speciality,
                               leaders.get(t.leader_id, "") if t.leader_id else "", len(members[t.id]))
                    for t in teams]

    def give(self, actor: Actor, case_id: uuid.UUID, team_id: uuid.UUID | None, note: str = "") -> Given:
        """交给志愿服务队: the request is dispatched to the team (a DISPATCHED event naming it). Refused for a team
        that is not active, a request already with this team, and whatever a dispatch is refused for."""
        errors = FieldErrors()
        note = note.strip()
        if len(note) > NOTE_MAX:
            errors.add("note", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTE_MAX)
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.DISPATCH)
            team = session.get(VolunteerTeam, team_id) if team_id else None
            if team is None:
                errors.add("team", QT_TRANSLATE_NOOP("errors", "Please choose a volunteer team."))
            elif not team.active:
                errors.add("team", QT_TRANSLATE_NOOP("errors", "{name} is not active and cannot be given requests."),
                           name=team.name)
            errors.raise_if_any()
            assert team is not None
            case = session.get(Case, case_id, with_for_update=True)
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
            limits = RuleBook.load(session).limits(case)
            state = fold(case.created_at, limits, load_events(session, [case.id])[case.id])
            into = session.scalar(select(Case.case_no).where(Case.id == state.merged_into_id)) \
                if state.merged_into_id else ""
            problem = refusal(case.case_no, state, EventKind.DISPATCHED, into or "")
            if problem is not None:
                raise problem
            if state.team_id == team.id:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is already with {name}."), no=case.case_no,
                               name=team.name)
            seq, data = state.seq + 1, {"team_id": str(team.id), "team": team.name}
            append_event(session, case, EventKind.DISPATCHED, staff.id, note, data, seq=seq)
            state = apply(state, Event(seq, EventKind.DISPATCHED, session.info["now"], data), limits)
            store(session, case, state, limits)
            session.add(TeamCase(team_id=team.id, case_id=case.id, seq=seq, by_id=staff.id))
            session.flush()
            return Given(case.id, case.case_no, team.id, team.name)

    def requests(self, actor: Actor, team_id: uuid.UUID) -> list[TeamRequest]:
        """The requests given to the team, newest first, and whether each is still with it."""
        with self._db.reading() as session:
            require(session, actor, Permission.TEAMS)
            if session.get(VolunteerTeam, team_id) is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This volunteer team no longer exists."))
            rows = list(session.execute(
                select(TeamCase, Case).join(Case, Case.id == TeamCase.case_id)
                .where(TeamCase.team_id == team_id)
                .order_by(TeamCase.created_at.desc(), TeamCase.id.desc()).limit(LIST_MAX)))
            ids = list({c.id for _t, c in rows})
            latest = dict(session.execute(
                select(CaseEvent.case_id, func.max(CaseEvent.seq))
                .where(CaseEvent.kind == EventKind.DISPATCHED, CaseEvent.case_id.in_(ids))
                .group_by(CaseEvent.case_id)).all()) if ids else {}
            staff = common.staff_names(session, {t.by_id for t, _c in rows})
            return [TeamRequest(c.id, c.case_no, c.category.name, c.description[:60], c.status, t.created_at,
                                staff.get(t.by_id, ""), latest.get(c.id) == t.seq) for t, c in rows]
