"""Domain exceptions whose messages a clerk understands.

Messages are English source strings marked for translation; the UI (or the command line) shows them
through Qt's translator, so they appear in Chinese. Services never import Qt, hence the local marker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CONTEXT = "errors"

Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks ``text`` for lupdate; translation happens where the message is shown."""
    return text


def _identity(_context: str, text: str) -> str:
    return text


@dataclass(frozen=True)
class Message:
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, translate: Translate = _identity) -> str:
        return translate(CONTEXT, self.template).format(**self.params)


class DomainError(Exception):
    """A refusal with a message for the user. Nothing has been written when it is raised."""

    def __init__(self, template: str, **params: Any) -> None:
        self.message = Message(template, params)
        super().__init__(self.message.render())

    def render(self, translate: Translate = _identity) -> str:
        return self.message.render(translate)


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Conflict(DomainError):
    """The data changed underneath the user (or a unique value is taken)."""


class ValidationError(DomainError):
    """One or more fields are wrong; each message belongs next to its field."""

    def __init__(self, errors: dict[str, Message]) -> None:
        if not errors:
            raise ValueError("ValidationError needs at least one field error")
        self.errors = errors
        first = next(iter(errors.values()))
        super().__init__(first.template, **first.params)

    @classmethod
    def single(cls, field_name: str, template: str, **params: Any) -> ValidationError:
        return cls({field_name: Message(template, params)})


class FieldErrors:
    """Collects field errors so a form reports every mistake at once, not one per attempt."""

    def __init__(self) -> None:
        self.errors: dict[str, Message] = {}

    def add(self, field_name: str, template: str, **params: Any) -> None:
        self.errors.setdefault(field_name, Message(template, params))

    def put(self, field_name: str, message: Message) -> None:
        self.errors.setdefault(field_name, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(dict(self.errors))
