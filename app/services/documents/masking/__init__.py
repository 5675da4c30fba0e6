"""The one masking module for everything printed or posted in public (receipts, notice boards, WeChat groups).

A public notice must not identify a resident: names keep only the surname, phone numbers keep only enough digits
for the resident to recognise their own, ID and bank card numbers are removed, an address keeps its building only.
Every public document masks here, so a rule changes in one place.

Free text is scrubbed as a pipeline:

1. **normalise** (normalise.py): views of the text with full-width forms made ordinary, Chinese numerals made digits,
   traditional characters simplified, invisible characters and the marks between a name's characters or a
   number's digits dropped, each view keeping the index of every character in the original text;
2. **find** (numbers.py, names.py): phone, ID and bank card numbers, WeChat IDs, QQ numbers, e-mail addresses,
   licence plates, units and rooms, registered residents' names (also in pinyin), erased residents' names (by their
   salted hashes), names of people who are not registered (by rule), and words the clerk chose to hide;
3. **map back and mask**: each find is a span of the original text; overlapping finds keep the earliest and
   longest; the text between finds is printed exactly as typed.

``scrub_text`` returns the masked text and the finds (span, kind such as 电话/姓名/地址, replacement), so a preview can
show what was masked; ``scrub`` returns the text alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.services.documents.masking.chars import COMMON_SURNAMES, COMPOUND_SURNAMES
from app.services.documents.masking.names import (
    ErasedNames,
    NameBook,
    erased_digests,
    introduced_names,
    pinyin_keys,
)
from app.services.documents.masking.normalise import digit_view, fold_for_names, name_view, plain_view
from app.services.documents.masking.numbers import address_finds, contact_finds, number_finds
from app.services.documents.masking.rules import (
    ADDRESS,
    ANONYMOUS,
    BY_HAND,
    KINDS,
    NAME,
    REMOVED,
    RESIDENT,
    STAR,
    Find,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_spaces,
    public_address,
    public_name,
    salutation,
)

__all__ = [
    "ADDRESS",
    "ANONYMOUS",
    "BY_HAND",
    "COMMON_SURNAMES",
    "COMPOUND_SURNAMES",
    "KINDS",
    "NAME",
    "REMOVED",
    "RESIDENT",
    "STAR",
    "ErasedNames",
    "Find",
    "NameBook",
    "Scrubbed",
    "erased_digests",
    "fold_for_names",
    "introduced_names",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "normalize_spaces",
    "pinyin_keys",
    "public_address",
    "public_name",
    "salutation",
    "scrub",
    "scrub_text",
]


@dataclass(frozen=True)
class Scrubbed:
    text: str
    finds: tuple[Find, ...]  # spans of the ORIGINAL text, in order, not overlapping


def scrub_text(text: str, book: NameBook | None = None) -> Scrubbed:
    """``text`` fit for a public notice, and what was masked in it."""
    if not text:
        return Scrubbed("", ())
    book = book if book is not None else NameBook()
    digits, plain = digit_view(text), plain_view(text)
    found: list[Find] = [*contact_finds(digits), *number_finds(digits), *address_finds(digits),
                         *book.finds(name_view(text), plain)]
    kept = _without_overlaps([f for f in found if f.kind not in (NAME, BY_HAND)])  # numbers first: exact
    taken = [(f.start, f.end) for f in kept]
    kept = sorted(kept + _without_overlaps([f for f in found if f.kind in (NAME, BY_HAND) and not any(
        f.start < b and a < f.end for a, b in taken)]))
    out, pos = [], 0
    for f in kept:
        out.append(text[pos:f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return Scrubbed("".join(out), tuple(kept))


def _without_overlaps(finds: list[Find]) -> list[Find]:
    """The earliest of overlapping finds, the longest of those starting together."""
    kept: list[Find] = []
    end = 0
    for f in sorted(finds, key=lambda f: (f.start, -(f.end - f.start))):
        if f.start >= end and f.end > f.start:
            kept.append(f)
            end = f.end
    return kept


def scrub(text: str, names: Sequence[str] = (), anonymous: Sequence[str] = (), hide: Iterable[str] = ()) -> str:
    """Free text made fit for a public notice (see ``scrub_text``): the given residents' names masked wherever they
    appear, those in ``anonymous`` (residents who asked not to be named) as 匿名."""
    return scrub_text(text, NameBook(names, anonymous, hide=hide)).text
