"""Volunteer teams (志愿服务队, issue 22): a team of time-bank volunteers with its leader, what it does and when it
meets. Joinings and leavings are rows that are never changed (``volunteer_team_membership``): the members are those
whose latest change is a joining, and the history is the rows themselves. A team's activity is the time bank's group
record with the team's ``team_id`` (records.py); its hours are the credited records of those activities."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.models import (
    Case,
    CaseEvent,
    EventKind,
    RecordStatus,
    Resident,
    ServiceActivity,
    ServiceRecord,
    ServiceType,
    Volunteer,
    VolunteerStatus,
)
from app.models.teams import TeamCase, TeamMembership, VolunteerTeam
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound
from app.services.core.validation import check_length
from app.services.ledger.timebank import common
from app.services.ledger.timebank.common import BankService
from app.services.people.statuses import OPEN_STATUSES

NAME_MAX, SPECIALITY_MAX, PLACE_MAX = 40, 120, 60
MAX_MEMBERS = 200
WEEKDAYS = range(1, 8)  # 1 = Monday ... 7 = Sunday (date.isoweekday)
OPEN_LIMIT = 200


@dataclass(frozen=True)
class TeamInput:
    """A team as the form gives it: the members ticked (their volunteer ids) and the leader among them."""

    name: str
    service_types: tuple[str, ...] = ()
    speciality: str = ""
    weekdays: tuple[int, ...] = ()
    starts: time | None = None
    ends: time | None = None
    place: str = ""
    member_ids: tuple[uuid.UUID, ...] = ()
    leader_id: uuid.UUID | None = None
    active: bool = True


@dataclass(frozen=True)
class MemberInfo:
    volunteer_id: uuid.UUID
    name: str
    number: str
    phone: str
    joined_on: date
    active: bool  # an active volunteer of the time bank (a paused or retired one stays a member)
    leader: bool


@dataclass(frozen=True)
class TeamInfo:
    id: uuid.UUID
    name: str
    service_types: tuple[ServiceType, ...]
    speciality: str
    leader_id: uuid.UUID | None
    leader_name: str
    weekdays: tuple[int, ...]
    starts: time | None
    ends: time | None
    place: str
    active: bool
    members: tuple[MemberInfo, ...]
    minutes_this_year: int   # credited hours of its activities this year
    activities_this_year: int
    requests_open: int       # requests given to it and still with it, not resolved


@dataclass(frozen=True)
class MembershipChange:
    day: date
    name: str
    number: str
    joined: bool
    by: str


@dataclass(frozen=True)
class TeamActivity:
    id: uuid.UUID
    title: str
    place: str
    start_at: datetime
    end_at: datetime
    people: int
    credited_minutes: int
    waiting: int  # records not credited yet (pending or verified)


@dataclass(frozen=True)
class TeamDetail:
    team: TeamInfo
    history: list[MembershipChange]
    activities: list[TeamActivity]  # this year's, newest first


def current_members(session: Session, team_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[uuid.UUID, date]]:
    """Each team's members now (volunteer id -> the day they last joined), folded from the membership rows."""
    ids = list(team_ids)
    found: dict[uuid.UUID, dict[uuid.UUID, date]] = {t: {} for t in ids}
    if not ids:
        return found
    rows = session.execute(select(TeamMembership.team_id, TeamMembership.volunteer_id, TeamMembership.joined,
                                  TeamMembership.day)
                           .where(TeamMembership.team_id.in_(ids))
                           .order_by(TeamMembership.created_at, TeamMembership.id))
    for team_id, volunteer_id, joined, day in rows:
        if joined:
            found[team_id][volunteer_id] = day
        else:
            found[team_id].pop(volunteer_id, None)
    return found


def open_counts(session: Session, team_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many open requests each team has now (given to it, not dispatched on since, not resolved); the step
    itself is in team_cases.py."""
    if not team_ids:
        return {}
    given = select(TeamCase.case_id).where(TeamCase.team_id.in_(team_ids))
    latest = (select(CaseEvent.case_id, func.max(CaseEvent.seq).label("seq"))
              .where(CaseEvent.kind == EventKind.DISPATCHED, CaseEvent.case_id.in_(given))
              .group_by(CaseEvent.case_id).subquery())
    rows = session.execute(
        select(TeamCase.team_id, func.count(TeamCase.id))
        .join(latest, and_(latest.c.case_id == TeamCase.case_id, latest.c.seq == TeamCase.seq))
        .join(Case, Case.id == TeamCase.case_id)
        .where(TeamCase.team_id.in_(team_ids), Case.status.in_(OPEN_STATUSES))
        .group_by(TeamCase.team_id))
    return {team_id: int(n) for team_id, n in rows}


def year_start(now: datetime) -> date:
    return local(now).date().replace(month=1, day=1)


class TeamService(BankService):
    """Keep the teams and their members; read a team with its hours, activities and history."""

    def create(self, actor: Actor, data: TeamInput) -> TeamInfo:
        errors = FieldErrors()
        clean = self._checked(errors, data)
        with self._db.transaction() as session:
            require(session, actor, Permission.TEAMS)
            self._check_name(errors, session, clean.name, None)
            self._check_members(errors, session, clean, {})
            errors.raise_if_any()
            team = VolunteerTeam(created_by_id=actor.user_id)
            self._apply(team, clean)
            session.add(team)
            session.flush()
            self._note_changes(session, team.id, {}, clean.member_ids, actor)
            session.flush()
            return self._infos(session, [team])[0]

    def update(self, actor: Actor, team_id: uuid.UUID, data: TeamInput) -> TeamInfo:
        """Change a team; members ticked or unticked join or leave today (a row each, never an edit)."""
        errors = FieldErrors()
        clean = self._checked(errors, data)
        with self._db.transaction() as session:
            require(session, actor, Permission.TEAMS)
            team = _team(session, team_id)
            members = current_members(session, [team.id])[team.id]
            self._check_name(errors, session, clean.name, team.id)
            self._check_members(errors, session, clean, members)
            errors.raise_if_any()
            self._apply(team, clean)
            self._note_changes(session, team.id, members, clean.member_ids, actor)
            session.flush()
            return self._infos(session, [team])[0]

    def teams(self, actor: Actor, include_inactive: bool = True) -> list[TeamInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.TEAMS)
            stmt = select(VolunteerTeam).order_by(VolunteerTeam.active.desc(), VolunteerTeam.name)
            if not include_inactive:
                stmt = stmt.where(VolunteerTeam.active.is_(True))
            return self._infos(session, list(session.scalars(stmt)))

    def detail(self, actor: Actor, team_id: uuid.UUID) -> TeamDetail:
        """The team, who joined and left it (newest first) and this year's activities with their hours."""
        with self._db.reading() as session:
            require(session, actor, Permission.TEAMS)
            team = _team(session, team_id)
            info = self._infos(session, [team])[0]
            rows = list(session.execute(
                select(TeamMembership, Resident.name, Volunteer.number)
                .join(Volunteer, Volunteer.id == TeamMembership.volunteer_id)
                .join(Resident, Resident.id == Volunteer.resident_id)
                .where(TeamMembership.team_id == team.id)
                .order_by(TeamMembership.created_at.desc(), TeamMembership.id.desc())))
            staff = common.staff_names(session, {m.by_id for m, _n, _no in rows})
            history = [MembershipChange(m.day, name, number, m.joined, staff.get(m.by_id, ""))
                       for m, name, number in rows]
            since = datetime.combine(year_start(self._db.clock.now()), time(0), LOCAL_TZ)
            credited = func.coalesce(func.sum(ServiceRecord.credit_minutes).filter(
                ServiceRecord.status == RecordStatus.CREDITED), 0)
            waiting = func.count(ServiceRecord.id).filter(
                ServiceRecord.status.in_((RecordStatus.PENDING, RecordStatus.VERIFIED)))
            found = session.execute(
                select(ServiceActivity, func.count(ServiceRecord.id), credited, waiting)
                .outerjoin(ServiceRecord, ServiceRecord.activity_id == ServiceActivity.id)
                .where(ServiceActivity.team_id == team.id, ServiceActivity.start_at >= since)
                .group_by(ServiceActivity.id).order_by(ServiceActivity.start_at.desc()))
            activities = [TeamActivity(a.id, a.title, a.place, a.start_at, a.end_at, int(n), int(c), int(w))
                          for a, n, c, w in found]
            return TeamDetail(info, history, activities)

    # --- the checks ---------------------------------------------------------------------------------

    @staticmethod
    def _checked(errors: FieldErrors, data: TeamInput) -> TeamInput:
        """The form's fields checked alone (no database): name, kinds of service, words, schedule."""
        name = check_length(errors, "name", data.name, NAME_MAX)
        kinds = []
        for value in data.service_types:
            try:
                kinds.append(ServiceType(value).value)
            except ValueError:
                errors.add("service_types", QT_TRANSLATE_NOOP("errors", "Unknown service type {value}."), value=value)
        speciality = check_length(errors, "speciality", data.speciality, SPECIALITY_MAX, required=False)
        place = check_length(errors, "place", data.place, PLACE_MAX, required=False)
        days = sorted(set(data.weekdays))
        if any(d not in WEEKDAYS for d in days):
            errors.add("weekdays", QT_TRANSLATE_NOOP("errors", "Choose the days of the week from Monday to Sunday."))
        starts, ends = (data.starts, data.ends) if days else (None, None)
        if days and (starts is None or ends is None):
            errors.add("ends", QT_TRANSLATE_NOOP("errors", "Please give the time the team meets, from and to."))
        elif starts is not None and ends is not None and ends <= starts:
            errors.add("ends", QT_TRANSLATE_NOOP("errors", "The end must be after the start."))
        members = tuple(dict.fromkeys(data.member_ids))
        if len(members) > MAX_MEMBERS:
            errors.add("members", QT_TRANSLATE_NOOP("errors", "At most {n} members in one team."), n=MAX_MEMBERS)
        return TeamInput(name, tuple(sorted(set(kinds))), speciality, tuple(days), starts, ends, place, members,
                         data.leader_id, data.active)

    @staticmethod
    def _check_name(errors: FieldErrors, session: Session, name: str, own: uuid.UUID | None) -> None:
        if not name:
            return
        other = session.scalar(select(VolunteerTeam.id).where(func.lower(VolunteerTeam.name) == name.lower()))
        if other is not None and other != own:
            errors.add("name", QT_TRANSLATE_NOOP("errors", "There is already a team called {name}."), name=name)

    @staticmethod
    def _check_members(errors: FieldErrors, session: Session, data: TeamInput,
                       members: dict[uuid.UUID, date]) -> None:
        """Who joins must be an active volunteer (a member already in the team may stay when paused); the leader
        must be one of the members after the change."""
        volunteers = {v.id: v for v in session.scalars(select(Volunteer).where(
            Volunteer.id.in_(data.member_ids)))} if data.member_ids else {}
        if len(volunteers) != len(data.member_ids):
            errors.add("members", QT_TRANSLATE_NOOP("errors", "A chosen volunteer no longer exists."))
        joining = [v for vid, v in volunteers.items() if vid not in members]
        inactive = [v.resident.name for v in joining if v.status is not VolunteerStatus.ACTIVE]
        if inactive:
            errors.add("members", QT_TRANSLATE_NOOP("errors", "Not active volunteers: {names}."),
                       names="、".join(inactive))
        if data.leader_id is not None and data.leader_id not in volunteers:
            errors.add("leader", QT_TRANSLATE_NOOP("errors", "The leader must be one of the team's members: tick "
                                                             "them among the members first."))

    @staticmethod
    def _apply(team: VolunteerTeam, data: TeamInput) -> None:
        team.name, team.service_types, team.speciality = data.name, list(data.service_types), data.speciality
        team.weekdays, team.place = list(data.weekdays), data.place
        team.starts, team.ends = _hhmm(data.starts), _hhmm(data.ends)
        team.leader_id, team.active = data.leader_id, data.active

    def _note_changes(self, session: Session, team_id: uuid.UUID, before: dict[uuid.UUID, date],
                      after: Sequence[uuid.UUID], actor: Actor) -> None:
        today = local(self._db.clock.now()).date()
        for vid in after:
            if vid not in before:
                session.add(TeamMembership(team_id=team_id, volunteer_id=vid, joined=True, day=today,
                                           by_id=actor.user_id))
        for vid in before:
            if vid not in after:
                session.add(TeamMembership(team_id=team_id, volunteer_id=vid, joined=False, day=today,
                                           by_id=actor.user_id))

    # --- reading ------------------------------------------------------------------------------------

    def _infos(self, session: Session, teams: Sequence[VolunteerTeam]) -> list[TeamInfo]:
        """DTOs of ``teams``: members, this year's hours and activities, open requests, a few queries in all."""
        ids = [t.id for t in teams]
        if not ids:
            return []
        members = current_members(session, ids)
        everyone = {vid for m in members.values() for vid in m} | {t.leader_id for t in teams if t.leader_id}
        people = {v.id: (v.resident.name, v.number, v.resident.phone, v.status is VolunteerStatus.ACTIVE)
                  for v in session.scalars(select(Volunteer).where(Volunteer.id.in_(everyone)))} if everyone else {}
        since = year_start(self._db.clock.now())
        minutes = dict(session.execute(
            select(ServiceActivity.team_id, func.sum(ServiceRecord.credit_minutes))
            .join(ServiceRecord, ServiceRecord.activity_id == ServiceActivity.id)
            .where(ServiceActivity.team_id.in_(ids), ServiceRecord.status == RecordStatus.CREDITED,
                   ServiceRecord.service_day >= since)
            .group_by(ServiceActivity.team_id)).all())
        start = datetime.combine(since, time(0), LOCAL_TZ)
        activities = dict(session.execute(
            select(ServiceActivity.team_id, func.count(ServiceActivity.id))
            .where(ServiceActivity.team_id.in_(ids), ServiceActivity.start_at >= start)
            .group_by(ServiceActivity.team_id)).all())
        requests = open_counts(session, ids)
        found = []
        for t in teams:
            mine = sorted(members[t.id].items(), key=lambda kv: (kv[1], people.get(kv[0], ("",))[0]))
            infos = tuple(MemberInfo(vid, *people[vid][:3], day, people[vid][3], vid == t.leader_id)
                          for vid, day in mine if vid in people)
            leader = people[t.leader_id][0] if t.leader_id is not None and t.leader_id in people else ""
            found.append(TeamInfo(t.id, t.name, tuple(ServiceType(k) for k in t.service_types), t.speciality,
                                  t.leader_id, leader, tuple(t.weekdays), _time(t.starts), _time(t.ends), t.place,
                                  t.active, infos,
                                  int(minutes.get(t.id) or 0), int(activities.get(t.id) or 0),
                                  requests.get(t.id, 0)))
        return found


def _hhmm(at: time | None) -> str:
    return f"{at:%H:%M}" if at is not None else ""


def _time(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def _team(session: Session, team_id: uuid.UUID | None) -> VolunteerTeam:
    team = session.get(VolunteerTeam, team_id) if team_id else None
    if team is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This volunteer team no longer exists."))
    return team


def team_for_activity(errors: FieldErrors, session: Session, team_id: uuid.UUID) -> VolunteerTeam | None:
    """The team a group record is for (records.py): it must exist and be active."""
    team = session.get(VolunteerTeam, team_id)
    if team is None:
        errors.add("team", QT_TRANSLATE_NOOP("errors", "This volunteer team no longer exists."))
    elif not team.active:
        errors.add("team", QT_TRANSLATE_NOOP("errors", "{name} is not active: make it active again before "
                                                       "recording its activity."), name=team.name)
    return team
