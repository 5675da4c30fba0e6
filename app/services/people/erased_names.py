"""What erasure keeps of a resident's name so that public documents go on masking it (PIPL art. 47 and 25): once
``resident-erase`` has blanked the name, other residents' texts that mention the person would otherwise print it
whole on the next notice. Kept: salted SHA-256 digests of the name's folded characters and of its pinyin spellings
(table ``erased_name``, append-only), one salt per database. A digest cannot be read back into the name; the
scrubber hashes each stretch of a text as long as some erased name and masks it where the digest matches."""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ErasedName
from app.services.documents.masking import ErasedNames, erased_digests

__all__ = ["erased_names", "remember_erased"]


def _salt(session: Session) -> str:
    salt = session.scalar(select(ErasedName.salt).limit(1))
    return salt if salt else os.urandom(16).hex()


def remember_erased(session: Session, name: str) -> int:
    """Adds the digests of ``name`` (about to be erased); returns how many forms were kept."""
    salt = _salt(session)
    forms = erased_digests(name, bytes.fromhex(salt))
    for length, digest in forms:
        session.add(ErasedName(salt=salt, length=length, digest=digest))
    return len(forms)


def erased_names(session: Session) -> ErasedNames | None:
    rows = session.execute(select(ErasedName.salt, ErasedName.length, ErasedName.digest)).all()
    if not rows:
        return None
    return ErasedNames(bytes.fromhex(rows[0][0]), frozenset(r[2] for r in rows),
                       frozenset(r[1] for r in rows if r[1] > 0))
