"""Which partners' offers fit a request (pure): an offer names the request classes and sub-categories it serves and
the words of a description that call for it; its own name (义诊, 法律咨询) counts as such a word too."""

from __future__ import annotations

import re
from dataclasses import dataclass

SUBCATEGORY_SCORE, CLASS_SCORE, WORD_SCORE = 3, 2, 1
_SPLIT = re.compile(r"[\s,，、;；/]+")


@dataclass(frozen=True)
class RequestFacts:
    class_code: str
    class_name: str
    sub_code: str
    sub_name: str
    description: str


def words_of(text: str) -> list[str]:
    """The words an offer lists (split at spaces, commas and 、), two characters or more."""
    return [w for w in _SPLIT.split(text) if len(w) >= 2]


def match(facts: RequestFacts, classes: list[str] | tuple[str, ...], words: str, what: str) -> tuple[int, list[str]]:
    """The score of an offer for a request (0: no match) and the reasons, in words the clerk reads."""
    score, reasons = 0, []
    if facts.sub_code and facts.sub_code in classes:
        score += SUBCATEGORY_SCORE
        reasons.append(facts.sub_name)
    elif facts.class_code and facts.class_code in classes:
        score += CLASS_SCORE
        reasons.append(facts.class_name)
    text = facts.description
    seen = []
    for word in [*words_of(words), *words_of(what)]:
        if word in text and word not in seen:
            seen.append(word)
    if seen:
        score += WORD_SCORE * len(seen)
        reasons.append("、".join(f"“{w}”" for w in seen))
    return score, reasons
