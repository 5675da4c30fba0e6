"""What case work knows beyond one request (issue 20): the official calendar's holidays and make-up working days as
the administrator keeps them, the message templates and the canned progress notes."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.enums import MessageChannel, MessageKind
from app.models.base import Base, Stamped, str_enum


class CalendarDay(Stamped, Base):
    """One day of the State Council's yearly holiday notice: a holiday (放假, ``workday`` false) or a weekend day
    that is worked (调休上班, ``workday`` true). Read over the chinese-calendar package's own table: a day here wins."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(unique=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(20), default="", server_default="")  # 春节, 国庆节 ...


class MessageTemplate(Stamped, Base):
    """The words of one message to the resident (kind x channel), as the administrator wrote them; a kind and
    channel without a row use the built-in words."""

    __tablename__ = "message_template"
    __table_args__ = (UniqueConstraint("kind", "channel"),)

    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind, 16))
    channel: Mapped[MessageChannel] = mapped_column(str_enum(MessageChannel, 8))
    body: Mapped[str] = mapped_column(Text)


class CannedReply(Stamped, Base):
    """A ready progress note (常用回复) for a sub-category (or a class, or any request: NULL)."""

    __tablename__ = "canned_reply"

    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
