"""Step one of the scrubber: views of a text in which personal data is easy to find, each with the way back.

A *view* is the text rewritten character by character, with ``source[j]`` the index in the original text of the
view's character ``j``. Whatever is found in a view is mapped back to the original span and masked there, so the
rest of the text is printed exactly as it was typed.

- ``digit_view``: NFKC (full-width digits and letters), Chinese numerals as digits (一三八, 二一零三, mixed 1三8四,
  幺 and 两), traditional characters simplified, invisible characters (zero-width, joiners, variation selectors,
  the BOM, a soft hyphen) dropped. Numbers and addresses are found here.
- ``name_view``: NFKC and simplified, numerals left as they are, and every mark that may be put between the
  characters of a name dropped (spaces, line breaks, dashes, dots, slashes, symbols, emoji), but not the marks that
  end a sentence or a clause (。，！？；：、): 老张。三号楼 is not 张三.
- ``plain_view``: NFKC and simplified only: for the words around a name (说, 联系人).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.services.documents.masking.chars import NUMERALS, TRADITIONAL

__all__ = ["View", "digit_view", "fold_for_names", "invisible", "name_view", "plain_view"]

CLAUSE_MARKS = frozenset("。，,！!？?；;：:、")


@dataclass(frozen=True)
class View:
    text: str
    source: tuple[int, ...]  # original index of each character of ``text``

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's ``[start, end)``."""
        return self.source[start], self.source[end - 1] + 1


def invisible(ch: str) -> bool:
    """Characters a reader does not see: format characters (zero-width space, joiners, BOM, soft hyphen) and
    combining marks that only select a glyph (emoji variation selectors and skin tones)."""
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Mn" and not ("\u0300" <= ch <= "\u036f")) or "\U0001f3fb" <= ch <= "\U0001f3ff"


@lru_cache(maxsize=8192)
def _plain(ch: str) -> str:
    if invisible(ch):
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        out.append(TRADITIONAL.get(c, c))
    return "".join(out)


@lru_cache(maxsize=8192)
def _digit(ch: str) -> str:
    out = []
    for c in _plain(ch):
        c = NUMERALS.get(c, c)
        if not c.isascii() and unicodedata.decimal(c, None) is not None:
            c = str(unicodedata.decimal(c))
        out.append(c)
    return "".join(out)


def gap(ch: str) -> bool:
    """May stand between a name's characters without ending it: not a letter, digit or clause mark."""
    if ch in CLAUSE_MARKS:
        return False
    return not ch.isalnum()


@lru_cache(maxsize=8192)
def _name(ch: str) -> str:
    return "".join(c for c in _plain(ch) if not gap(c))


def _view(text: str, one: object) -> View:
    chars: list[str] = []
    source: list[int] = []
    convert = one  # a cached per-character function
    for i, ch in enumerate(text):
        for c in convert(ch):  # type: ignore[operator]
            chars.append(c)
            source.append(i)
    return View("".join(chars), tuple(source))


def digit_view(text: str) -> View:
    return _view(text, _digit)


def name_view(text: str) -> View:
    return _view(text, _name)


def plain_view(text: str) -> View:
    return _view(text, _plain)


def fold_for_names(text: str) -> str:
    """``text`` as a name is looked up in it (the name view without the way back)."""
    return "".join(_name(ch) for ch in text)
