"""The masks themselves: how a name, a phone number, an ID number and an address appear on a public document.

A public notice must not identify a resident: names keep only the surname, phone numbers keep only enough
digits for the resident to recognise their own, ID numbers are dropped (the rule table leaves them out of every
document; their mask here is for the desk's screens).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.services.documents.masking.chars import COMPOUND_SURNAMES

ANONYMOUS = "匿名"
STAR = "*"
REMOVED = "[已隐去]"  # where an ID or bank card number stood in free text

_SEPARATORS = re.compile(r"[\s+\-‐‑‒–—―()]+")  # NFKC has already made full-width dashes and brackets ASCII


def _surname(name: str) -> str:
    """The surname: a known compound surname when the name is long enough to have a given name after it."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    """Surname plus one star per remaining character (张三丰 → 张**, 欧阳修 → 欧阳*); a lone character → "*".

    The surname alone does not identify anyone, yet lets the resident find their own entry.
    """
    name = "".join(unicodedata.normalize("NFKC", name).split())
    if len(name) <= 1:
        return STAR * len(name)
    surname = _surname(name)
    return surname + STAR * (len(name) - len(surname))


def _area_code_length(digits: str) -> int:
    """Length of a mainland area code: 010 and 02x are three digits, every other 0xxx is four."""
    return 3 if digits[:2] in ("01", "02") else 4


def mask_phone(phone: str) -> str:
    """Keeps just enough digits for the owner to recognise the number.

    Mobile 13812345678 → 138****5678; landline 0412-5551234 → 0412-***1234 (area code and last four);
    other numbers of 11 or more digits keep the first three and last four; 7 to 10 digits keep only the
    last four (first three plus last four would give the whole number away); fewer digits become all stars.
    Full-width digits and spaces, dashes or brackets inside the number are accepted.
    """
    text = unicodedata.normalize("NFKC", phone).strip()
    groups = [g for g in _SEPARATORS.split(text) if g]
    digits = "".join(groups)
    if not digits:
        return ""
    if not digits.isdigit() or not digits.isascii():
        return STAR * len(digits)  # not a phone number we understand: show nothing of it
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        digits = digits[2:]  # +86 country code before a mobile number
    if len(digits) == 11 and digits[0] == "1":
        return f"{digits[:3]}****{digits[-4:]}"
    if digits[0] == "0" and 10 <= len(digits) <= 12:
        if len(groups) > 1 and 3 <= len(groups[0]) <= 4 and groups[0][0] == "0":
            area = groups[0]
        else:
            area = digits[: _area_code_length(digits)]
        local = digits[len(area) :]
        return f"{area}-{STAR * (len(local) - 4)}{local[-4:]}"
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{STAR * (len(digits) - 4)}{digits[-4:]}"
    return STAR * len(digits)


def mask_id_number(id_number: str) -> str:
    """An ID number as the desk's screens show it: the first 4 and the last 4 characters, a star for each one
    between (210302194501010052 → 2102**********0052); empty when none is on file. The region code and the check
    digits are enough to tell a card held up at the desk from a namesake's; the birth date and the serial are not
    shown. No document shows even this: the rule table (app.services.documents.disclosure) leaves ID numbers out
    of every public paper."""
    number = id_number.strip()
    if not number:
        return ""
    if len(number) <= 8:
        return STAR * len(number)
    return f"{number[:4]}{STAR * (len(number) - 8)}{number[-4:]}"


def public_name(name: str, anonymous: bool) -> str:
    """How a resident appears in public: 匿名 if they asked for it (or gave no name), else the masked name."""
    if anonymous or not name.strip():
        return ANONYMOUS
    return mask_name(name)


RESIDENT = "居民"  # how a message addresses a resident whose surname or sex is not known, or who asked not to be named


def salutation(name: str, gender: str | None, anonymous: bool) -> str:
    """How a message that may be forwarded addresses the resident: the surname and 先生 or 女士 (张先生, 欧阳女士),
    never the given name; 居民 when they asked not to be named, or their name or sex is not on file."""
    name = "".join(unicodedata.normalize("NFKC", name).split())
    if anonymous or len(name) < 2 or gender not in ("M", "F"):
        return RESIDENT
    return _surname(name) + ("先生" if gender == "M" else "女士")


def public_address(building: str) -> str:
    """An address in public: the building only (3号楼), never the unit or the room."""
    building = normalize_spaces(building)
    return f"{building}号楼" if building else ""


def normalize_spaces(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split())




# ---- what the scrubber finds -------------------------------------------------------------------------

PHONE, ID_NUMBER, BANK_CARD, NUMBER, NAME = "电话", "身份证号", "银行卡号", "号码", "姓名"
ADDRESS, WECHAT, QQ, EMAIL, PLATE, BY_HAND = "地址", "微信", "QQ", "邮箱", "车牌", "手动隐去"
KINDS = (NAME, PHONE, ID_NUMBER, BANK_CARD, NUMBER, ADDRESS, WECHAT, QQ, EMAIL, PLATE, BY_HAND)


@dataclass(frozen=True, order=True)
class Find:
    """One piece of personal data found in a text: its span in the ORIGINAL text, what it is, and what is printed
    in its place (never the data itself)."""

    start: int
    end: int
    kind: str
    replacement: str
