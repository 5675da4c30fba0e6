"""What the request board and the council notices share: a text as a document shows it (the rule table, what was
masked noted), the words hidden by hand, and a made notice."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import date

from app.services.core.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.documents.disclosure import Document, Field, disclose
from app.services.documents.masking import Find, NameBook
from app.services.notices.data import MadeNotice, Masked, NoticeOptions

HIDE_MAX = 20  # words hidden by hand on one notice


def shown(document: Document, field: Field, text: str, book: NameBook, where: str, masked: list[Masked]) -> str:
    """``text`` as ``document`` shows it in ``field`` (the rule table); what was masked is added to ``masked``."""
    finds: list[Find] = []
    result = disclose(document, field, text, book=book, found=finds) or ""
    masked.extend(Masked(where, f.kind, f.replacement) for f in finds)
    return result


def check_hide(hide: Sequence[str]) -> tuple[str, ...]:
    words = tuple(w.strip() for w in hide if w.strip())
    if len(words) > HIDE_MAX or any(len(w) > 40 for w in words):
        raise ValidationError.single("hide", QT_TRANSLATE_NOOP(
            "errors", "Hide at most {n} words of at most 40 characters each on one notice."), n=HIDE_MAX)
    return words


def made(kind: str, title: str, rendered: tuple[bytes, int], options: NoticeOptions, posted_on: date,
         case_nos: tuple[str, ...], *, period_from: date | None = None, period_to: date | None = None,
         meeting_id: uuid.UUID | None = None, file_name: str, masked: tuple[Masked, ...] = (),
         hide: tuple[str, ...] = (), anchor: str = "") -> MadeNotice:
    data, pages = rendered
    return MadeNotice(kind, title, data, hashlib.sha256(data).hexdigest(), pages, case_nos, options, posted_on,
                      period_from, period_to, meeting_id, file_name, masked, hide, anchor)
