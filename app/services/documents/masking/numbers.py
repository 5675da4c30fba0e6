"""Step two, numbers and contacts: phone, ID and bank card numbers, WeChat IDs, QQ numbers, e-mail addresses,
licence plates and the part of an address below the building, all found in the digit view (see normalise).

A *run* is a digit group followed by more groups, each after one to six characters that are not letters or digits
(spaces, line breaks, dashes, spaced dashes, commas 、，, dots, brackets, emoji, symbols). Within a run, groups are
joined from the left into the longest number that is a phone, ID or bank card number; dates (2026-11-20), times
(14:30), year ranges and the desk's case numbers (A01-20261120-0001) are stepped over, and small numbers (amounts,
counts) that make no such number stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.services.documents.masking.chars import PLATE_PROVINCES
from app.services.documents.masking.normalise import View
from app.services.documents.masking.rules import (
    ADDRESS,
    BANK_CARD,
    EMAIL,
    ID_NUMBER,
    NUMBER,
    PHONE,
    PLATE,
    QQ,
    REMOVED,
    STAR,
    WECHAT,
    Find,
    mask_phone,
)

__all__ = ["address_finds", "contact_finds", "number_finds"]

_GROUP = re.compile(r"\d+(?:[Xx](?![A-Za-z]))?")
_RUN = re.compile(r"\d+(?:[Xx](?![A-Za-z]))?(?:(?:[^\w]|_){1,6}\d+(?:[Xx](?![A-Za-z]))?)*")
_CASE_NO = re.compile(r"[A-Za-z][A-Za-z0-9]{1,7}-\d{8}-\d{4,}")
_UNITS = frozenset("元万亿块角米平吨度户人次个件天年月岁斤升克")  # after an amount or a count, not a phone
_PLAIN_SEPARATORS = frozenset(" \t\u3000-‐‑‒–—―.·")

Group = tuple[int, int, str]  # start, end in the view, the digits (an ID's X kept)


def _year(g: str) -> bool:
    return len(g) == 4 and g[:2] in ("19", "20")


def _ordinary(text: str, groups: list[Group], i: int) -> int:
    """How many groups from ``i`` on make a date, a time or a year range (stepped over), else 0."""
    g = [x[2] for x in groups[i:i + 3]]
    seps = [text[groups[k][1]:groups[k + 1][0]] for k in range(i, min(i + 2, len(groups) - 1))]
    if (len(g) == 3 and _year(g[0]) and len(g[1]) <= 2 and len(g[2]) <= 2 and seps[0].strip() == seps[1].strip()
            and seps[0].strip() in ("-", ".", "/") and 1 <= int(g[1]) <= 12 and 1 <= int(g[2]) <= 31):
        return 3
    if len(g) >= 2 and seps[0].strip() == ":" and len(g[0]) <= 2 and len(g[1]) == 2 and int(g[0]) <= 24:
        return 2
    if len(g) >= 2 and _year(g[0]) and _year(g[1]) and seps[0].strip() in ("-", "~", "、", ",", "/"):
        return 2
    return 0


def _birth_date(digits: str, at: int, width: int) -> bool:
    """A plausible birth date at ``digits[at:]`` (YYYYMMDD or YYMMDD)."""
    part = digits[at:at + width]
    year = part[:width - 4]
    month, day = int(part[-4:-2]), int(part[-2:])
    return 1 <= month <= 12 and 1 <= day <= 31 and (width == 6 or year[:2] in ("18", "19", "20"))


def _classify(text: str, groups: list[Group], i: int, j: int, local: bool) -> tuple[str, str] | None:
    parts = [g[2] for g in groups[i:j + 1]]
    joined = "".join(parts)
    digits = joined.rstrip("Xx")
    if any(p[-1:] in "Xx" for p in parts[:-1]):
        return None
    if len(joined) == 18:
        kind = ID_NUMBER if digits[0] == "9" or _birth_date(joined, 6, 8) else BANK_CARD
        return kind, REMOVED
    if digits != joined:
        return None
    n = len(digits)
    if n == 15 and _birth_date(digits, 6, 6):
        return ID_NUMBER, REMOVED
    seps = {text[groups[k][1]:groups[k + 1][0]] for k in range(i, j)}
    plain = all(set(s) <= _PLAIN_SEPARATORS for s in seps)
    if 16 <= n <= 19 and (plain or all(len(p) >= 3 for p in parts)):
        return BANK_CARD, REMOVED
    if n == 13 and digits.startswith("861") and digits[3] in "3456789":
        return PHONE, mask_phone(digits[2:])
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return PHONE, mask_phone(digits)
    if 10 <= n <= 12 and digits[0] == "0" and digits[1] != "0":
        if len(parts) > 1 and 3 <= len(parts[0]) <= 4:
            return PHONE, mask_phone(parts[0] + "-" + "".join(parts[1:]))
        return PHONE, mask_phone(digits)
    if n == 10 and digits[:3] in ("400", "800"):
        return PHONE, mask_phone(digits)
    if local and 7 <= n <= 12 and plain and text[groups[j][1]:][:1] not in _UNITS:
        return (PHONE if n <= 8 and digits[0] != "0" else NUMBER), mask_phone(digits)
    return None


def _protected(text: str) -> str:
    """``text`` with the desk's case numbers made letters, so no run is found inside them."""
    return _CASE_NO.sub(lambda m: "a" * len(m.group()), text)


def number_finds(view: View) -> Iterator[Find]:
    text = _protected(view.text)
    for run in _RUN.finditer(text):
        groups = [(g.start(), g.end(), g.group()) for g in _GROUP.finditer(text, run.start(), run.end())]
        yield from _run_finds(view, text, groups)


def _longest(text: str, groups: list[Group], i: int, stop: int, local: bool) -> tuple[int, str, str] | None:
    best: tuple[int, str, str] | None = None
    length = 0
    for j in range(i, stop):
        length += len(groups[j][2])
        if length > 19:
            break
        found = _classify(text, groups, i, j, local)
        if found is not None:
            best = (j, *found)
    return best


def _run_finds(view: View, text: str, groups: list[Group]) -> Iterator[Find]:
    """First the numbers that are surely personal (ID, bank card, mobile, landline with area code) anywhere in the
    run, then, in what is left between them, local numbers and any other group of seven or more digits."""
    used = [False] * len(groups)
    i = 0
    while i < len(groups):
        skip = _ordinary(text, groups, i)
        if skip:
            used[i:i + skip] = [True] * skip
            i += skip
            continue
        best = _longest(text, groups, i, len(groups), local=False)
        if best is None:
            i += 1
            continue
        j, kind, replacement = best
        yield _find(view, groups[i][0], groups[j][1], kind, replacement)
        used[i:j + 1] = [True] * (j + 1 - i)
        i = j + 1
    i = 0
    while i < len(groups):
        if used[i]:
            i += 1
            continue
        stop = i
        while stop < len(groups) and not used[stop]:
            stop += 1
        best = _longest(text, groups, i, stop, local=True)
        if best is not None and best[1]:
            j, kind, replacement = best
            yield _find(view, groups[i][0], groups[j][1], kind, replacement)
            i = j + 1
            continue
        start, end, digits = groups[i]
        if len(digits) >= 7 and text[end:end + 1] not in _UNITS:
            yield _find(view, start, end, NUMBER, mask_phone(digits.rstrip("Xx")) or STAR * len(digits))
        i += 1


def _find(view: View, start: int, end: int, kind: str, replacement: str) -> Find:
    text = view.text
    if start and text[start - 1] == "+":
        start -= 1  # +86
    elif start and text[start - 1] == "(" and ")" in text[start:end]:
        start -= 1  # (010)6512-3456: the bracket belongs to the number
    a, b = view.span(start, end)
    return Find(a, b, kind, replacement)


# ---- contacts and plates ------------------------------------------------------------------------------

_WECHAT = re.compile(r"(?i)(?<![a-z])(?:微信号?|weixin|wechat|wx|vx|v信|威信|薇信)\s*(?:号|id)?\s*[:：是为]?\s*"
                     r"(?P<id>[a-z0-9][-_a-z0-9]{4,19})(?![-_a-z0-9])")
_QQ = re.compile(r"(?i)(?<![a-z])(?:qq|扣扣|企鹅号?)\s*(?:号码?)?\s*[:：是为]?\s*"
                 r"(?P<id>\d(?:[^\w]{0,3}\d){4,11})(?!\d)")
_EMAIL = re.compile(r"(?i)(?P<id>[a-z0-9._%+-]+\s*(?:@|\(at\)|\[at\]|艾特)\s*[a-z0-9-]+"
                    r"(?:\s*(?:\.|点|dot)\s*[a-z0-9-]+)*\s*(?:\.|点|dot)\s*[a-z]{2,})(?![a-z])")
_PLATE = re.compile(rf"(?i)(?<![a-z0-9])(?P<id>[{PLATE_PROVINCES}]\s*[a-z])\s*[·.\-•・]?\s*"
                    r"(?P<tail>(?:[a-hj-np-z0-9][ \t]?){4}[a-hj-np-z0-9](?:[ \t]?[a-hj-np-z0-9])?)(?![a-z0-9])")


def contact_finds(view: View) -> Iterator[Find]:
    for pattern, kind in ((_WECHAT, WECHAT), (_QQ, QQ), (_EMAIL, EMAIL)):
        for m in pattern.finditer(view.text):
            a, b = view.span(m.start("id"), m.end("id"))
            yield Find(a, b, kind, REMOVED)
    for m in _PLATE.finditer(view.text):
        if not any(c.isdigit() for c in m.group("tail")):
            continue  # 京ABCDE is a word in Latin letters, not a plate
        head = re.sub(r"\s", "", m.group("id")).upper()
        a, b = view.span(m.start(), m.end())
        yield Find(a, b, PLATE, head + STAR * 5)


# ---- addresses below the building ------------------------------------------------------------------------

_ROOM = r"(?:\d{3,4}(?![\d元米人天年万个次分点楼层])\s*(?:室|号|户|房间?)?|\d{1,4}\s*(?:室|户|房间?))"
_SUFFIX = r"\s*(?:室|号|户|房间?)?"
_BELOW = (rf"(?:\d{{1,2}}\s*单元\s*(?:\d{{1,2}}\s*[楼层]\s*)?(?:\d{{3,4}}(?!\d)|\d{{1,2}}(?![楼层\d])){_SUFFIX}"
          rf"|\d{{1,2}}\s*-\s*\d{{3,4}}(?!\d){_SUFFIX}|{_ROOM})")
_AFTER_BUILDING = re.compile(rf"\d{{1,3}}\s*(?:号楼|号院|栋|幢|座|楼)\s*-?\s*(?P<below>{_BELOW})")
_UNIT_ROOM = re.compile(rf"(?<![\d号楼栋幢座])(?P<below>\d{{1,2}}\s*单元\s*(?:\d{{1,2}}\s*[楼层]\s*)?"
                        rf"(?:\d{{3,4}}(?!\d)|\d{{1,2}}(?![楼层\d])){_SUFFIX})")
_DASHED = re.compile(r"(?<![\d\-./])(?P<building>\d{1,3})\s*-\s*\d{1,2}\s*-\s*\d{3,4}(?![\d\-.:/])")
_ROOM_ALONE = re.compile(r"(?<![\d\-])(?P<below>\d{3,4}\s*(?:室|房间))")


def address_finds(view: View) -> Iterator[Find]:
    """The unit and room of an address (3号楼301室 keeps 3号楼; 三号楼二单元三零三 keeps 三号楼; 3-2-302 becomes
    3号楼): the building alone does not point at a household."""
    text = _protected(view.text)
    for pattern in (_AFTER_BUILDING, _UNIT_ROOM, _ROOM_ALONE):
        for m in pattern.finditer(text):
            a, b = view.span(m.start("below"), m.end("below"))
            yield Find(a, b, ADDRESS, "")
    for m in _DASHED.finditer(text):
        a, b = view.span(m.start(), m.end())
        yield Find(a, b, ADDRESS, f"{int(m.group('building'))}号楼")
