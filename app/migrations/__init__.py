"""Alembic migrations (app.services.core.db runs them at start-up)."""

from __future__ import annotations


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """What autogenerate (and the schema test) compares: not SQLite's FTS5 tables of the request search and their
    shadow tables, which migration 0008 makes by hand and no model describes."""
    return not (type_ == "table" and reflected and compare_to is None and (name or "").startswith("case_text_"))
