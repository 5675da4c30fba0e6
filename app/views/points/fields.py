"""Small things the points tabs and dialogs share: a date that may be left blank, a reward's dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from app.services.ledger.points.data import RewardInfo
from app.views.widgets import date_edit, day_of


def optional_date_edit(day: date | None, name: str, accessible: str) -> QDateEdit:
    """A day that may be left blank (shown as —)."""
    edit = date_edit(day or date(2000, 1, 1), name, accessible)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("—")
    if day is None:
        edit.setDate(edit.minimumDate())
    return edit


def date_or_none(edit: QDateEdit) -> date | None:
    """None when an optional date edit shows its blank value."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return day_of(edit)


def validity(r: RewardInfo) -> str:
    if r.valid_from is None and r.valid_to is None:
        return "—"
    start = f"{r.valid_from:%Y-%m-%d}" if r.valid_from else ""
    end = f"{r.valid_to:%Y-%m-%d}" if r.valid_to else ""
    return f"{start} ~ {end}"


def cap(value: int | None) -> str:
    return str(value) if value is not None else "—"
