"""Volunteer time bank (时间银行): volunteers, their service records, family links and redemptions.

The hours themselves live in the ledger (app.models.ledger); these tables say where they came from.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import LinkStatus, RecordStatus, Relation, ServiceType, VolunteerStatus
from app.models.base import Base, Stamped, str_enum
from app.models.residents import Resident


class Volunteer(Stamped, Base):
    __tablename__ = "volunteer"

    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"), unique=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)   # 存折号, e.g. A01-V00012
    skills: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ServiceType values
    availability: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[VolunteerStatus] = mapped_column(str_enum(VolunteerStatus, 16), default=VolunteerStatus.ACTIVE)
    registered_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))

    resident: Mapped[Resident] = relationship()


class ServiceActivity(Stamped, Base):
    """A group activity (e.g. a clean-up): one record per volunteer points back here."""

    __tablename__ = "service_activity"

    title: Mapped[str] = mapped_column(String(60))
    place: Mapped[str] = mapped_column(String(60), default="")
    service_type: Mapped[ServiceType] = mapped_column(str_enum(ServiceType, 16))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    # A volunteer team's activity (issue 22, app.models.teams): its members' hours in one go.
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("volunteer_team.id"), index=True)


class ServiceRecord(Stamped, Base):
    __tablename__ = "service_record"
    __table_args__ = (
        Index("ix_service_record_volunteer_start", "volunteer_id", "start_at"),
        Index("ix_service_record_status", "status"),
    )

    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteer.id"))
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("resident.id"))
    activity_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_activity.id"), index=True)
    service_type: Mapped[ServiceType] = mapped_column(str_enum(ServiceType, 16))
    service_day: Mapped[date]                          # local date of the service
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    minutes: Mapped[int] = mapped_column(Integer)      # as served
    credit_minutes: Mapped[int] = mapped_column(Integer)  # rounded to the rule's step
    notes: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[RecordStatus] = mapped_column(str_enum(RecordStatus, 16), default=RecordStatus.PENDING)
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    verified_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    verified_at: Mapped[datetime | None]
    reject_reason: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)

    volunteer: Mapped[Volunteer] = relationship()
    recipient: Mapped[Resident | None] = relationship()
    activity: Mapped[ServiceActivity | None] = relationship()


class FamilyLink(Stamped, Base):
    """A spouse or direct relative who may use or receive a holder's hours, once proved and approved."""

    __tablename__ = "family_link"
    __table_args__ = (UniqueConstraint("holder_id", "relative_id"),)

    holder_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"))
    relative_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"), index=True)
    relation: Mapped[Relation] = mapped_column(str_enum(Relation, 16))
    proof: Mapped[str] = mapped_column(String(120))   # e.g. 户口簿 / 结婚证 and its number
    status: Mapped[LinkStatus] = mapped_column(str_enum(LinkStatus, 16), default=LinkStatus.PENDING)
    requested_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[datetime | None]

    holder: Mapped[Resident] = relationship(foreign_keys=[holder_id])
    relative: Mapped[Resident] = relationship(foreign_keys=[relative_id])


class Redemption(Stamped, Base):
    """Hours taken out for a service received by the holder or a linked relative (取出)."""

    __tablename__ = "timebank_redemption"

    holder_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"), index=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"))
    service_type: Mapped[ServiceType] = mapped_column(str_enum(ServiceType, 16))
    service_day: Mapped[date]
    minutes: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
