"""The community, its desks, grids, departments and staff."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import Role
from app.models.base import Base, Stamped, str_enum


class Community(Stamped, Base):
    """The one community this database serves (a single row)."""

    __tablename__ = "community"

    name: Mapped[str] = mapped_column(String(60))
    street: Mapped[str] = mapped_column(String(60), default="")  # 所属街道
    reply_promise_hours: Mapped[int] = mapped_column(Integer, default=24)  # 即时反馈 promise
    # What a new notice board starts with (the clerk can still change it for one board).
    notice_large_print: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    notice_landscape: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Desk(Stamped, Base):
    """A front desk (one PC or one window); its code prefixes every case number made there."""

    __tablename__ = "desk"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20), default="")


class Staff(Stamped, Base):
    __tablename__ = "staff"

    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(30))
    role: Mapped[Role] = mapped_column(str_enum(Role, 16))
    password_hash: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[datetime | None]
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default=false())
    locked_until: Mapped[datetime | None]


class LoginAttempt(Stamped, Base):
    """Every log-in and unlock attempt, kept for the administrator (append-only)."""

    __tablename__ = "login_attempt"

    username: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    success: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(16))  # ok, wrong_password, unknown_user, locked, disabled


class Grid(Stamped, Base):
    """网格: about 300-500 households looked after by one grid worker."""

    __tablename__ = "grid"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    worker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())  # retired, never deleted


class Building(Stamped, Base):
    """楼栋: one building, its shape (units x floors x rooms per floor) and the grid that looks after it.

    ``number`` is what households carry in ``household.building`` ("3" for 3号楼).
    """

    __tablename__ = "building"

    number: Mapped[str] = mapped_column(String(10), unique=True)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("grid.id"), index=True)
    units: Mapped[int] = mapped_column(Integer, default=1)
    floors: Mapped[int] = mapped_column(Integer, default=1)
    rooms_per_floor: Mapped[int] = mapped_column(Integer, default=2)
    note: Mapped[str] = mapped_column(String(60), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    grid: Mapped[Grid | None] = relationship()


class Department(Stamped, Base):
    """A body a request can involve: the community itself, a street office section, a utility."""

    __tablename__ = "department"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    level: Mapped[str] = mapped_column(String(16), default="street")  # a DepartmentKind value
    phone: Mapped[str] = mapped_column(String(20), default="")
    contact: Mapped[str] = mapped_column(String(30), default="", server_default="")  # 联系人
    report_hours: Mapped[int] = mapped_column(Integer, default=24, server_default="24")  # 吹哨: report within
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
