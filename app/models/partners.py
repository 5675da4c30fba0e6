"""The resource list (资源清单, issue 22): partner units, what they offer and what they gave. The points merchants are
partners of this one register: ``points_merchant`` keeps only its points terms and the ``partner_id`` of its partner,
whose row holds the name, contact, phone and address.

A partner's offers are edited in place (what it offers now); what it gave is a history, append-only
(``partner_contribution``), each record dated, optionally on a request (then the request's timeline has its
``partner_helped`` event)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import PartnerKind
from app.models.base import Base, Stamped, str_enum


class Partner(Stamped, Base):
    """A partner unit: hospital, school, company, property company, legal or counselling service, volunteer team,
    social organisation, merchant..."""

    __tablename__ = "partner"

    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[PartnerKind] = mapped_column(str_enum(PartnerKind, 16))
    contact: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    offers: Mapped[list[PartnerOffer]] = relationship(back_populates="partner", order_by="PartnerOffer.created_at")


class PartnerOffer(Stamped, Base):
    """What a partner offers (义诊, 开放操场, 爱心菜篮, 家政8折...), on which days and at what times; ``classes``
    are the request classes and sub-categories it serves (category codes, e.g. "HEALTH", "LIFE-HOUSEKEEP") and
    ``words`` the words of a request's description that call for it (separated by spaces or 、)."""

    __tablename__ = "partner_offer"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"), index=True)
    what: Mapped[str] = mapped_column(String(60))
    days: Mapped[str] = mapped_column(String(40), default="")    # 每周二、周四 / 每月第一个周六
    hours: Mapped[str] = mapped_column(String(40), default="")   # 8:30-11:00
    classes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    words: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    partner: Mapped[Partner] = relationship(back_populates="offers")


class PartnerContribution(Stamped, Base):
    """What a partner did or gave on one day (贡献): how many people or times, a note of its value; on a request
    (``case_id``) when it helped on one, or when the desk referred the request to it (转介资源)."""

    __tablename__ = "partner_contribution"
    __table_args__ = (Index("ix_partner_contribution_partner_on", "partner_id", "on"),)

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"))
    offer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partner_offer.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case.id"), index=True)
    on: Mapped[date]
    what: Mapped[str] = mapped_column(String(100))
    people: Mapped[int] = mapped_column(Integer, default=0)       # people served or times, 0: not counted
    value_note: Mapped[str] = mapped_column(String(100), default="")
    referral: Mapped[bool] = mapped_column(Boolean, default=False)  # 转介资源: the desk sent the request there
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))

    partner: Mapped[Partner] = relationship()


PARTNERS_APPEND_ONLY = ("partner_contribution",)
