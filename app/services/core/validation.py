"""Checks of what clerks type: Chinese phone numbers, resident ID numbers (GB 11643), lengths.

Each check returns the normalised value or an error message template; the caller attaches the
message to its field, so every mistake is shown next to where it was typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, Message

_SEPARATORS = re.compile(r"[\s\-—－()（）]+")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
# Area codes: 010 and 02x are 3 digits, the rest 0 + 3 digits; local numbers 7-8 digits, not from 0/1.
LANDLINE_RE = re.compile(r"^(?:(0(?:10|2\d))([2-9]\d{7})|(0[3-9]\d{2})([2-9]\d{6,7}))$", re.ASCII)
LOCAL_RE = re.compile(r"^[2-9]\d{6,7}$", re.ASCII)
SERVICE_RE = re.compile(r"^(?:400|800)\d{7}$", re.ASCII)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# Birth years before 1900 are refused, not warned about: nobody born then is alive to register at a desk (the oldest
# living Chinese were born after 1900), so such a year in an ID number or a register row is a mistyped digit (1899 for
# 1989). The register keeps the living; a deceased resident is marked so on an existing record, never typed anew.
EARLIEST_BIRTH_YEAR = 1900
# The 2023 Foreign Permanent Resident ID Card (外国人永久居留身份证, issued from 1 December 2023) carries an 18-digit
# number in the form of GB 11643: 9, the two-digit province code of the issuing office, the three-digit nationality
# code, the birth date, two sequence digits, the gender digit (odd for men) and the same check digit.
FOREIGN_PERMANENT = "9"
PROVINCE_CODES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                            51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82})


class InvalidValue(ValueError):
    """A value that fails a check; carries the message (template and parameters) for its field."""

    def __init__(self, template: str, **params: object) -> None:
        self.message = Message(template, dict(params))
        super().__init__(self.message.render())


def normalize_text(value: str) -> str:
    """Free text as typed, trimmed (also of the full-width space). Chinese punctuation is kept."""
    return value.strip().strip("\u3000").strip()


def fold_width(value: str) -> str:
    """NFKC folds full-width digits and letters (１３８, ＡＢＣ) to ASCII: for numbers, codes and queries only,
    never for free text, whose full-width punctuation (，。) it would destroy."""
    return unicodedata.normalize("NFKC", value).strip()


def digits_only(value: str) -> str:
    return _SEPARATORS.sub("", fold_width(value))


@dataclass(frozen=True)
class PhoneKind:
    MOBILE = "mobile"
    LANDLINE = "landline"
    LOCAL = "local"
    SERVICE = "service"


def normalize_phone(value: str) -> tuple[str, str]:
    """Return (canonical number, kind) or raise InvalidValue.

    Mobiles become 11 digits; landlines 'area-number' (0412-5581234); a +86/0086 prefix is dropped.
    """
    raw = digits_only(value)
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("0086"):
        raw = raw[4:]
    elif raw.startswith("86") and len(raw) == 13:
        raw = raw[2:]
    if not (raw.isascii() and raw.isdigit()):  # ٠١٢ and other scripts' digits are isdigit() too
        raise InvalidValue(QT_TRANSLATE_NOOP("errors", "A phone number may contain only digits, spaces and '-'."))
    if MOBILE_RE.match(raw):
        return raw, PhoneKind.MOBILE
    m = LANDLINE_RE.match(raw)
    if m:
        area = m.group(1) or m.group(3)
        number = m.group(2) or m.group(4)
        return f"{area}-{number}", PhoneKind.LANDLINE
    if LOCAL_RE.match(raw):
        return raw, PhoneKind.LOCAL
    if SERVICE_RE.match(raw):
        return raw, PhoneKind.SERVICE
    if raw.startswith("1"):
        if len(raw) != 11:
            raise InvalidValue(QT_TRANSLATE_NOOP(
                "errors", "A mobile number has 11 digits; this one has {n}."), n=len(raw))
        raise InvalidValue(QT_TRANSLATE_NOOP("errors", "This is not a valid mobile number (the second digit is 3-9)."))
    if raw.startswith("0"):
        raise InvalidValue(QT_TRANSLATE_NOOP(
            "errors", "A landline is the area code and 7-8 digits, e.g. 0412-5581234."))
    raise InvalidValue(QT_TRANSLATE_NOOP("errors", "This is not a valid phone number."))


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    gender: str  # "M" or "F": the 17th digit is odd for men
    foreign_permanent: bool = False  # the 2023 foreigners' permanent-residence card (starts with 9)


def parse_id_number(value: str, today: date) -> IdInfo:
    """Check an 18-digit resident ID number (GB 11643-1999), or the 2023 foreigners' permanent-residence card's
    number of the same form starting with 9: form, birth date (1900 or later) and check digit."""
    raw = digits_only(value).upper()
    if len(raw) != 18:
        raise InvalidValue(QT_TRANSLATE_NOOP("errors", "An ID number has 18 characters; this one has {n}."), n=len(raw))
    if not raw.isascii() or not raw[:17].isdigit() or not (raw[17].isdigit() or raw[17] == "X"):
        raise InvalidValue(QT_TRANSLATE_NOOP("errors", "An ID number is 17 digits and a last digit or X."))
    foreign = raw[0] == FOREIGN_PERMANENT
    if raw[0] not in "12345678" and not (foreign and int(raw[1:3]) in PROVINCE_CODES):
        raise InvalidValue(QT_TRANSLATE_NOOP("errors", "The ID number's region code (first digits) is not valid."))
    try:
        birth = date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        raise InvalidValue(
            QT_TRANSLATE_NOOP("errors", "The birth date inside the ID number is not a real date.")) from None
    if birth > today:
        raise InvalidValue(QT_TRANSLATE_NOOP("errors", "The birth date inside the ID number is not possible."))
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise InvalidValue(QT_TRANSLATE_NOOP(
            "errors", "The ID number says born in {year}: the birth date inside the ID number is not possible "
            "(before {earliest}). Please check the year digits."), year=birth.year, earliest=EARLIEST_BIRTH_YEAR)
    if id_check_digit(raw[:17]) != raw[17]:
        raise InvalidValue(QT_TRANSLATE_NOOP(
            "errors", "The ID number's check digit is wrong: please check each digit again."))
    return IdInfo(raw, birth, "M" if int(raw[16]) % 2 else "F", foreign)


def check_length(errors: FieldErrors, field_name: str, value: str, maximum: int, required: bool = True,
                 minimum: int = 1) -> str:
    """Normalise and check a text field; returns the cleaned text."""
    text = normalize_text(value)
    if not text:
        if required:
            errors.add(field_name, QT_TRANSLATE_NOOP("errors", "This field is required."))
        return text
    if len(text) < minimum:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "At least {n} characters, please."), n=minimum)
    elif len(text) > maximum:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "At most {n} characters; now {len}."),
                   n=maximum, len=len(text))
    return text


def check_reason(errors: FieldErrors, value: str, maximum: int | None = None, field_name: str = "reason") -> str:
    """The reason a correction, a cancellation or a grant is made: required, at most ``maximum`` characters."""
    reason = value.strip()
    if not reason:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "Please give the reason."))
    elif maximum is not None and len(reason) > maximum:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=maximum)
    return reason


def check_phone(errors: FieldErrors, field_name: str, value: str, required: bool = False) -> str:
    if not fold_width(value):
        if required:
            errors.add(field_name, QT_TRANSLATE_NOOP("errors", "This field is required."))
        return ""
    try:
        number, _kind = normalize_phone(value)
    except InvalidValue as exc:
        errors.put(field_name, exc.message)
        return ""
    return number


def check_id_number(errors: FieldErrors, field_name: str, value: str, today: date) -> IdInfo | None:
    if not fold_width(value):
        return None
    try:
        return parse_id_number(value, today)
    except InvalidValue as exc:
        errors.put(field_name, exc.message)
        return None
