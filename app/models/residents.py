"""Households, residents and imports of the register.

Pinyin and phone tail are stored at write time so look-ups use indexes."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import Gender, HouseholdRole, ResidentStatus
from app.models.base import Base, Stamped, str_enum
from app.models.care import PersonTag
from app.models.community import Grid


class Household(Stamped, Base):
    __tablename__ = "household"
    __table_args__ = (UniqueConstraint("building", "unit", "room"),)

    building: Mapped[str] = mapped_column(String(10))  # 楼
    unit: Mapped[str] = mapped_column(String(10))      # 单元
    room: Mapped[str] = mapped_column(String(10))      # 室
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grid.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    grid: Mapped[Grid | None] = relationship()
    tags: Mapped[list[HouseholdTagRow]] = relationship(
        back_populates="household", cascade="all, delete-orphan", lazy="selectin"
    )
    residents: Mapped[list[Resident]] = relationship(back_populates="household")

    @property
    def address(self) -> str:
        return f"{self.building}号楼{self.unit}单元{self.room}室"


class HouseholdTagRow(Stamped, Base):
    __tablename__ = "household_tag"
    __table_args__ = (UniqueConstraint("household_id", "tag"),)

    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("household.id"))
    tag: Mapped[str] = mapped_column(String(16))  # a Tag's code (models/care.py); the five of seed 001 at first
    household: Mapped[Household] = relationship(back_populates="tags")


class Resident(Stamped, Base):
    __tablename__ = "resident"
    __table_args__ = (
        Index("ix_resident_pinyin_full", "pinyin_full"),
        Index("ix_resident_pinyin_initials", "pinyin_initials"),
        Index("ix_resident_phone_last4", "phone_last4"),
        Index("ix_resident_phone", "phone"),
        Index("ix_resident_id_number", "id_number"),
        Index("ix_resident_name", "name"),
    )

    name: Mapped[str] = mapped_column(String(30))
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, 1))
    birth_date: Mapped[date | None]
    phone: Mapped[str] = mapped_column(String(20), default="")
    phone_last4: Mapped[str] = mapped_column(String(4), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("household.id"), index=True)
    pinyin_full: Mapped[str] = mapped_column(String(120), default="")      # "zhangsan"
    pinyin_initials: Mapped[str] = mapped_column(String(30), default="")   # "zs"
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Moved away, deceased or merged into another record: kept (history refers to them), out of look-ups.
    status: Mapped[ResidentStatus] = mapped_column(str_enum(ResidentStatus, 16), default=ResidentStatus.ACTIVE,
                                                   server_default=ResidentStatus.ACTIVE.value, index=True)
    status_on: Mapped[date | None]
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("resident.id"))
    relation: Mapped[HouseholdRole | None] = mapped_column(str_enum(HouseholdRole, 16))  # 与户主关系

    household: Mapped[Household | None] = relationship(back_populates="residents")
    person_tags: Mapped[list[PersonTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class RegisterImport(Stamped, Base):
    """One import of the community's register from a spreadsheet (append-only): who, when, what, how many."""

    __tablename__ = "register_import"

    file_name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str] = mapped_column(String(60), default="")
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))


class ErasedName(Stamped, Base):
    """What is kept of an erased resident's name so that public documents go on masking it where other residents
    wrote it (append-only): a salted SHA-256 of one form of the name (its characters, or a pinyin spelling), the
    length in characters of the form hashed (0 for pinyin). One salt for the whole database, made with the first
    row. Not the name: it cannot be read back, only recognised in a text that contains it."""

    __tablename__ = "erased_name"

    salt: Mapped[str] = mapped_column(String(32))
    length: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), index=True)


RESIDENTS_APPEND_ONLY = ("register_import", "erased_name")
