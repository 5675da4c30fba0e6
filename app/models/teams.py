"""Volunteer teams (志愿服务队, issue 22): teams of time-bank volunteers, their leader, speciality and weekly
schedule; who joined and left them (append-only), and the requests given to a team (append-only, beside the case
event that records it). A team's activity is a ``service_activity`` with its ``team_id`` (app.models.timebank)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Stamped


class VolunteerTeam(Stamped, Base):
    """A team: its name, what it does (service types and words), its leader (a member) and when it meets."""

    __tablename__ = "volunteer_team"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    service_types: Mapped[list[Any]] = mapped_column(JSON, default=list)   # ServiceType values
    speciality: Mapped[str] = mapped_column(String(120), default="")
    leader_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("volunteer.id"))
    weekdays: Mapped[list[Any]] = mapped_column(JSON, default=list)        # 1 = Monday ... 7 = Sunday
    starts: Mapped[str] = mapped_column(String(5), default="")  # "09:00", local wall clock; "" without weekdays
    ends: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class TeamMembership(Stamped, Base):
    """One change of a team's members: a volunteer joined (``joined``) or left on ``day``. Never updated: the
    members are those whose latest change is a joining."""

    __tablename__ = "volunteer_team_membership"

    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteer_team.id"), index=True)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteer.id"), index=True)
    joined: Mapped[bool]
    day: Mapped[date]
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class TeamCase(Stamped, Base):
    """A request given to a team (交给志愿服务队): the case's DISPATCHED event ``seq`` names the team in its data."""

    __tablename__ = "volunteer_team_case"

    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteer_team.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


TEAMS_APPEND_ONLY = ("volunteer_team_membership", "volunteer_team_case")
