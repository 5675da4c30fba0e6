"""Property-based fuzzing of every service entry point that takes user text or numbers.

Search strings with SQL and FTS syntax, huge texts, control characters, emoji, full-width and other Unicode
digits: the services never crash; they give a clear message (a DomainError naming the field) or a correct
result, and nothing is written on a refusal.

Function-scoped fixtures are built once per test function, not per hypothesis example, so every property is
written to hold whatever earlier examples of the same test did (row counts are taken before and after each
example).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.models import Channel, HouseholdTag, Role, Scope
from app.services.cases.export import FORMATS, csv_safe
from app.services.cases.intake import DESCRIPTION_MAX, IntakeForm
from app.services.core.auth import USERNAME_RE, Actor
from app.services.core.clock import LOCAL_TZ, FakeClock
from app.services.core.container import Services, open_services
from app.services.core.drafts import DraftStore
from app.services.core.errors import DomainError, FieldErrors, Message, NotFound, PermissionDenied, ValidationError
from app.services.core.setup import InitialSetup
from app.services.core.validation import (
    InvalidValue,
    check_id_number,
    check_length,
    check_phone,
    normalize_phone,
    normalize_text,
    parse_id_number,
)
from app.services.documents.disclosure import Document, Field, disclose, name_book, on_screen_id_number
from app.services.people.residents import NewResident, ResidentSummary
from tests.unit.conftest import ADMIN_PASSWORD, ADMIN_USER, RESIDENTS, Community

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the conftest clock
TODAY = date(2026, 11, 20)                       # its local date in Beijing


def fuzz(n: int) -> Any:
    """Hypothesis settings for a property over one fixture set (fixtures are not reset between examples)."""
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# ---- strategies ------------------------------------------------------------------------------------

CONTROL = [chr(c) for c in range(0x20)] + [
    "\x7f", "\x85", "\xa0", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
    "\u202d", "\u202e", "\u2028", "\u2029", "\u2066", "\u2069", "\ufeff", "\u3000", "\ufffd", "\ufffe",
    "\U0010ffff",
]
FULL_DIGITS = [chr(0xFF10 + d) for d in range(10)]  # ０-９
FULL_WIDTH = FULL_DIGITS + [chr(c) for c in range(0xFF21, 0xFF3B)] + list("ａｂｘｙｚ－（）＋＊％＿＂＇＼")


def exotic_digits(d: int) -> list[str]:
    """Characters for which str.isdigit() is true but that NFKC does not fold to ASCII (and re's \\d matches
    the decimal ones): Arabic-Indic, Devanagari, Ethiopic and double-circled digits (int() refuses the last two)."""
    out = [chr(0x0660 + d), chr(0x0966 + d)]
    if d:
        out += [chr(0x1368 + d), chr(0x24F4 + d)]
    return out


EXOTIC = [c for d in range(10) for c in exotic_digits(d)]
CHINESE = list("张三王芳李建国秀兰刘晓燕双庄窗床装爽号楼栋幢单元室水管漏水，。！？、（）【】“”《》")
EMOJI = ["😀", "👍🏻", "👨\u200d👩\u200d👧", "🇨🇳", "❤️", "🔥", "🀄", "\U0001f9d1\u200d\U0001f4bb"]
FRAGMENTS = [
    "' OR 1=1 --", '"; DROP TABLE resident; --', "%", "_", "\\", "NEAR(", "*", '"', "AND", "OR", "NOT", "^", "-",
    "'", ";", "/", "[", "]", "{", "}", "{0}", "{name}", "%s", "..", "../", "=", "+", "@", '=HYPERLINK("x")',
    "3-2-301", "3号楼2单元", "138", "0412-", "13812345678", "21030219", "zhang", "zs", "NULL", "\r\n", "+86",
]
ATOMS = st.sampled_from(CONTROL + FULL_WIDTH + EXOTIC + CHINESE + EMOJI + FRAGMENTS + list("0123456789 -xX"))

nasty_text: st.SearchStrategy[str] = st.one_of(
    st.text(max_size=60),                                   # all of Unicode (surrogates aside), controls included
    st.lists(ATOMS, max_size=30).map("".join),
    st.lists(st.one_of(ATOMS, st.text(max_size=4)), max_size=15).map("".join),
    st.tuples(st.one_of(ATOMS, st.text(min_size=1, max_size=8)), st.integers(200, 20_000))
    .map(lambda t: (t[0] * t[1])[:20_000]),                # huge texts
    st.sampled_from(["", " ", "\u3000", " \t\n\r ", "\x00", "\u200b", "\u3000\u3000 "]),
)
short_nasty = st.one_of(st.text(max_size=8), st.lists(ATOMS, max_size=4).map("".join))
SEPARATORS = " -－—()（）\u3000"


@st.composite
def written(draw: st.DrawFn, number: str, exotic: bool = True, separators: str = SEPARATORS) -> str:
    """``number`` as a clerk might type it: ASCII, full-width or (if ``exotic``) other Unicode digits, with
    separators here and there. Style "one" swaps a single digit for an exotic one, which shrinks well."""
    style = draw(st.sampled_from(["ascii", "full", "mixed"] + (["one", "decimal", "exotic"] if exotic else [])))
    places = [i for i, ch in enumerate(number) if ch.isdigit()]
    odd_one = draw(st.sampled_from(places)) if style == "one" and places else -1
    out = []
    for i, ch in enumerate(number):
        if ch.isdigit():
            d = int(ch)
            choices = {"ascii": [ch], "full": [FULL_DIGITS[d]], "mixed": [ch, FULL_DIGITS[d]],
                       "one": exotic_digits(d) if i == odd_one else [ch],
                       "decimal": [ch, FULL_DIGITS[d], *exotic_digits(d)[:2]],
                       "exotic": [ch, FULL_DIGITS[d], *exotic_digits(d)]}[style]
            out.append(draw(st.sampled_from(choices)) if len(choices) > 1 else choices[0])
        else:
            out.append(ch)
        if separators and draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(separators)))
    return "".join(out)


valid_phone_numbers = st.one_of(
    st.builds(lambda b, r: f"1{b}{r}", st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9)),
    st.builds(lambda a, f, r: f"{a}{f}{r}", st.sampled_from(["010", "021", "0412", "0755", "0931"]),
              st.sampled_from("23456789"), st.text("0123456789", min_size=6, max_size=7)),
    st.builds(lambda f, r: f"{f}{r}", st.sampled_from("23456789"), st.text("0123456789", min_size=6, max_size=7)),
    st.builds(lambda p, r: f"{p}{r}", st.sampled_from(["400", "800"]), st.text("0123456789", min_size=7, max_size=7)),
)
phone_numbers = st.one_of(valid_phone_numbers, st.text("0123456789", max_size=16))
prefixed_phones = st.tuples(st.sampled_from(["", "", "", "+86", "+86 ", "0086", "86"]), phone_numbers).map("".join)
written_phone = prefixed_phones.flatmap(lambda n: written(n))
phone_like = st.one_of(nasty_text, written_phone, written_phone, written_phone)


def gb11643_check(first17: str) -> str:
    """The check character, computed independently of the app: weights 2^(18-i) mod 11, (12 - sum) mod 11."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    return "0123456789X"[(12 - total % 11) % 11]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from("12345678")) + draw(st.text("0123456789", min_size=5, max_size=5))
    birth = draw(st.dates(date(1900, 1, 1), TODAY))
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}" + draw(
        st.text("0123456789", min_size=3, max_size=3))
    return first17 + gb11643_check(first17)


@st.composite
def mutated(draw: st.DrawFn, number: str) -> str:
    """One character replaced by a digit or X, or one dropped, or one added."""
    i = draw(st.integers(0, len(number) - 1))
    how = draw(st.sampled_from(["replace", "drop", "add"]))
    c = draw(st.sampled_from("0123456789Xx"))
    return {"replace": number[:i] + c + number[i + 1:], "drop": number[:i] + number[i + 1:],
            "add": number[:i] + c + number[i:]}[how]


written_id = id_numbers().flatmap(written)
id_like = st.one_of(
    nasty_text,
    id_numbers().flatmap(lambda n: written(n.lower() if n.endswith("X") else n, separators=" ")),
    written_id, written_id,
    id_numbers().flatmap(mutated),
    st.text("0123456789Xx", min_size=17, max_size=19),
)


# ---- helpers ---------------------------------------------------------------------------------------

CANONICAL_PHONE = {
    "mobile": re.compile(r"1[3-9][0-9]{9}", re.ASCII),
    "landline": re.compile(r"(?:010|02[0-9])-[2-9][0-9]{7}|0[3-9][0-9]{2}-[2-9][0-9]{6,7}", re.ASCII),
    "local": re.compile(r"[2-9][0-9]{6,7}", re.ASCII),
    "service": re.compile(r"(?:400|800)[0-9]{7}", re.ASCII),
}
ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def assert_canonical_phone(number: str, kind: str | None = None) -> None:
    kinds = [kind] if kind else list(CANONICAL_PHONE)
    assert any(CANONICAL_PHONE[k].fullmatch(number) for k in kinds), (number, kind)


def assert_renders(message: Message) -> None:
    text = message.render()
    assert isinstance(text, str) and text.strip()


def assert_clear(exc: DomainError) -> None:
    assert exc.render().strip()
    if isinstance(exc, ValidationError):
        assert exc.errors
        for message in exc.errors.values():
            assert_renders(message)


def count_rows(services: Services, *tables: str) -> dict[str, int]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t in existing}


WRITTEN_TABLES = ("resident", "household", "household_tag", "case", "case_event", "case_reporter",
                  "case_department", "case_counter", "community", "desk", "staff", "category", "department",
                  "audit_log", "audit_head")


def fetch(services: Services, sql: str, *params: Any) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


# ---- 1. validation ---------------------------------------------------------------------------------


# Regression examples: digits of other scripts pass str.isdigit() (and re's \d); validation once returned
# them as a "canonical" number, or crashed in int() on the Ethiopic ones.
ARABIC_INDIC_MOBILE = "138\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"   # 138١٢٣٤٥٦٧٨
ETHIOPIC_ID = "2\u1369" + "0302195503150010"  # 张三's ID number with its 2nd digit typed as Ethiopic ፩


@fuzz(200)
@example(value=ARABIC_INDIC_MOBILE)
@given(value=phone_like)
def test_normalize_phone_gives_a_canonical_number_or_a_message(value: str) -> None:
    try:
        number, kind = normalize_phone(value)
    except InvalidValue as exc:
        assert_renders(exc.message)
        return
    assert_canonical_phone(number, kind)
    assert normalize_phone(number) == (number, kind)  # canonical means stable


@fuzz(200)
@example(value=ETHIOPIC_ID)
@given(value=id_like)
def test_parse_id_number_accepts_only_real_numbers(value: str) -> None:
    try:
        info = parse_id_number(value, TODAY)
    except InvalidValue as exc:
        assert_renders(exc.message)
        return
    number = info.number
    assert len(number) == 18 and ASCII_DIGITS.fullmatch(number[:17]) and number[17] in "0123456789X", number
    assert number[0] in "123456789"
    assert gb11643_check(number[:17]) == number[17]
    assert info.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert date(1900, 1, 1) <= info.birth_date <= TODAY
    assert info.gender == ("M" if int(number[16]) % 2 else "F")
    assert parse_id_number(number, TODAY) == info


@fuzz(200)
@given(value=nasty_text, maximum=st.integers(0, 3000), minimum=st.integers(0, 50), required=st.booleans())
def test_check_length_never_raises(value: str, maximum: int, minimum: int, required: bool) -> None:
    errors = FieldErrors()
    text = check_length(errors, "f", value, maximum, required=required, minimum=minimum)
    assert text == normalize_text(value)
    assert set(errors.errors) <= {"f"}
    for message in errors.errors.values():
        assert_renders(message)
    if not text:
        assert bool(errors) == required
    else:
        assert bool(errors) == (not minimum <= len(text) <= maximum)


@fuzz(200)
@given(value=phone_like, required=st.booleans())
def test_check_phone_never_raises(value: str, required: bool) -> None:
    errors = FieldErrors()
    number = check_phone(errors, "phone", value, required=required)
    assert set(errors.errors) <= {"phone"}
    for message in errors.errors.values():
        assert_renders(message)
    if number:
        assert not errors
        assert_canonical_phone(number)


@fuzz(200)
@example(value=ETHIOPIC_ID)
@given(value=id_like)
def test_check_id_number_never_raises(value: str) -> None:
    errors = FieldErrors()
    info = check_id_number(errors, "id_number", value, TODAY)
    assert set(errors.errors) <= {"id_number"}
    for message in errors.errors.values():
        assert_renders(message)
    if info is not None:
        assert not errors
        assert len(info.number) == 18 and ASCII_DIGITS.fullmatch(info.number[:17]), info.number


# ---- 2. resident search ----------------------------------------------------------------------------


@fuzz(150)
@given(query=st.one_of(nasty_text, phone_like, id_like), limit=st.integers(1, 30))
def test_search_never_crashes_and_returns_real_residents(
    services: Services, clerk: Actor, residents: dict[str, ResidentSummary], query: str, limit: int
) -> None:
    try:
        found = services.residents.search(clerk, query, limit)
    except DomainError as exc:  # pragma: no cover - the clerk may search; any refusal is a bug
        pytest.fail(f"search refused {query!r}: {type(exc).__name__}: {exc.render()}")
    assert isinstance(found, list) and len(found) <= limit
    known = {r.id: r for r in residents.values()}
    assert len({r.id for r in found}) == len(found)
    for r in found:
        assert r.id in known
        assert r.name == known[r.id].name


def phone_as_typed(number: str) -> st.SearchStrategy[str]:
    """The stored phone typed again: ASCII or full-width digits, spaces anywhere, the usual dashes."""
    plain = number.replace("-", "")
    if "-" in number:  # landline: with or without its dash, or the area code in brackets
        area, rest = number.split("-")
        forms = [number, plain, f"({area}){rest}", f"（{area}）{rest}", f"{area} {rest}"]
    else:
        forms = [plain, f"{plain[:3]}-{plain[3:7]}-{plain[7:]}", f"{plain[:3]} {plain[3:7]} {plain[7:]}"]
    return st.sampled_from(forms).flatmap(lambda f: written(f, exotic=False, separators=" \u3000"))


@fuzz(60)
@given(data=st.data())
def test_search_finds_a_resident_by_phone_last_digits_or_id_number(
    services: Services, clerk: Actor, residents: dict[str, ResidentSummary], data: st.DataObject
) -> None:
    who = data.draw(st.sampled_from(sorted(residents)), label="resident")
    r = residents[who]
    whole = RESIDENTS[who].id_number  # the number as registered: the summary's is masked (2103**********0010)
    ways = [st.just(whole), st.just(whole.lower()), written(whole, exotic=False, separators=" ")]
    if r.phone:
        ways += [st.just(r.phone), phone_as_typed(r.phone), st.just(r.phone.replace("-", "")[-4:])]
    query = data.draw(st.one_of(ways), label="query")
    found = services.residents.search(clerk, query, 20)
    assert r.id in {f.id for f in found}, (who, query, [f.name for f in found])


# ---- 3. adding a resident --------------------------------------------------------------------------

NEW_RESIDENT_FIELDS = {"name", "phone", "id_number", "gender", "building", "unit", "room", "tags"}
NAME_CHARS = "张三王芳李建国秀兰刘晓燕双庄窗床装爽"
good_resident_fields: dict[str, st.SearchStrategy[Any]] = {
    "name": st.one_of(st.sampled_from(["张三", " 王芳\u3000", "Anna-Lena", "阿卜杜勒·买买提", "欧阳娜娜"]),
                      st.text(alphabet=NAME_CHARS, min_size=1, max_size=30)),
    "phone": st.one_of(st.just(""), valid_phone_numbers.flatmap(lambda n: written(n, exotic=False))),
    "id_number": st.one_of(st.just(""), id_numbers().flatmap(lambda n: written(n, exotic=False))),
    "gender": st.sampled_from(["", "M", "F"]),
    "building": st.integers(1, 999).map(str).flatmap(lambda n: written(n, exotic=False, separators="")),
    "unit": st.integers(1, 99).map(str).flatmap(lambda n: written(n, exotic=False, separators="")),
    "room": st.integers(1, 99_999).map(str).flatmap(lambda n: written(n, exotic=False, separators="")),
    "tags": st.lists(st.sampled_from([t.value for t in HouseholdTag]), max_size=2, unique=True).map(tuple),
}
room_part = st.one_of(short_nasty, nasty_text,
                      st.integers(1, 999).map(str).flatmap(lambda n: written(n, separators="")))
nasty_resident_fields: dict[str, st.SearchStrategy[Any]] = {
    "name": nasty_text, "phone": phone_like, "id_number": id_like, "gender": short_nasty,
    "building": room_part, "unit": room_part, "room": room_part,
    "tags": st.lists(st.one_of(st.sampled_from([t.value for t in HouseholdTag]), short_nasty), max_size=3)
    .map(tuple),
}


@st.composite
def new_residents(draw: st.DrawFn) -> NewResident:
    """Plausible values (digits typed in any width) with up to three fields made nasty."""
    bad = draw(st.sets(st.sampled_from(sorted(NEW_RESIDENT_FIELDS)), max_size=3))
    return NewResident(**{f: draw(nasty_resident_fields[f] if f in bad else good_resident_fields[f])
                          for f in sorted(NEW_RESIDENT_FIELDS)})


# Declared column sizes (String(n)); SQLite does not enforce them, PostgreSQL does.
RESIDENT_SIZES = {"name": 30, "phone": 20, "phone_last4": 4, "id_number": 18, "pinyin_full": 120,
                  "pinyin_initials": 30}


@fuzz(120)
# Found by this property: a gender other than "", "M", "F" is not checked; Gender(...) raises ValueError.
@example(data=NewResident(name="张三", gender="0", building="1", unit="1", room="1"))
# A 30-character name is allowed, but its pinyin (up to 6 letters a character) overflows String(120).
@example(data=NewResident(name="双" * 30, building="1", unit="1", room="1"))
@given(data=new_residents())
def test_create_resident_saves_clean_values_or_names_the_wrong_fields(
    services: Services, clerk: Actor, data: NewResident
) -> None:
    before = count_rows(services, *WRITTEN_TABLES)
    try:
        summary = services.residents.create(clerk, data)
    except ValidationError as exc:
        event("refused")
        assert set(exc.errors) <= NEW_RESIDENT_FIELDS, exc.errors
        assert_clear(exc)
        assert count_rows(services, *WRITTEN_TABLES) == before
        return
    after = count_rows(services, *WRITTEN_TABLES)
    assert after["resident"] == before["resident"] + 1
    assert summary.name == normalize_text(data.name)
    row = fetch(services, "SELECT * FROM resident WHERE id = ?", summary.id.hex)
    if not row:  # ids may be stored as text with dashes
        row = fetch(services, "SELECT * FROM resident WHERE id = ?", str(summary.id))
    assert len(row) == 1
    stored = dict(row[0])
    assert stored["name"] == summary.name
    for column, size in RESIDENT_SIZES.items():
        assert len(stored[column] or "") <= size, (column, stored[column])
    if summary.phone:
        assert_canonical_phone(summary.phone)
        assert stored["phone_last4"] == summary.phone.replace("-", "")[-4:]
    if stored["id_number"]:  # stored whole and canonical; every screen shows it masked
        assert len(stored["id_number"]) == 18 and ASCII_DIGITS.fullmatch(stored["id_number"][:17])
        assert summary.id_number == on_screen_id_number(stored["id_number"])
    assert summary.gender in (None, "M", "F")
    if summary.household_id is not None:
        (flat,) = fetch(services, "SELECT building, unit, room FROM household WHERE id IN (?, ?)",
                        summary.household_id.hex, str(summary.household_id))
        for part in flat:  # the flat's numbers, as typed with full-width digits or not, are ASCII digits
            assert part == "" or ASCII_DIGITS.fullmatch(part), tuple(flat)


# ---- 4. intake -------------------------------------------------------------------------------------

INTAKE_TABLES = ("case", "case_event", "case_reporter", "case_department", "case_counter", "audit_log")


description_with_nasty_ends = st.tuples(short_nasty, nasty_text).map(
    lambda t: (t[0] + "水管漏水了" + t[1])[:DESCRIPTION_MAX])
INTAKE_FIELDS = ("channel", "resident_id", "category_id", "subcategory_id", "description", "urgency", "scope",
                 "department_ids", "deadline_at", "caller_phone", "call_seconds")


def intake_form(data: st.DataObject, services: Services, clerk: Actor,
                residents: dict[str, ResidentSummary]) -> IntakeForm:
    """A plausible request (any description that fits) with up to three fields made nasty."""
    options = services.intake.options(clerk)
    subs = [c for c in options.categories if c.parent_id is not None]
    sub = data.draw(st.sampled_from(subs), label="subcategory")
    any_category = st.one_of(st.none(), st.uuids(), st.sampled_from([c.id for c in options.categories]))
    departments = st.sampled_from([d.id for d in options.departments])
    good: dict[str, st.SearchStrategy[Any]] = {
        "channel": st.sampled_from([c.value for c in Channel]),
        "resident_id": st.sampled_from([r.id for r in residents.values()]),
        "category_id": st.just(sub.parent_id), "subcategory_id": st.just(sub.id),
        "description": st.one_of(st.sampled_from(["厨房水管漏水，楼下天花板渗水。", "楼道灯坏了，晚上看不见。"]),
                                 description_with_nasty_ends),
        "urgency": st.integers(1, 5), "scope": st.sampled_from([s.value for s in Scope]),
        "department_ids": st.lists(departments, max_size=3).map(tuple),
        "deadline_at": st.one_of(st.none(), st.datetimes(datetime(2026, 11, 21), datetime(2027, 11, 1),
                                                         timezones=st.sampled_from([UTC, LOCAL_TZ]))),
        "caller_phone": valid_phone_numbers.flatmap(lambda n: written(n, exotic=False)),
        "call_seconds": st.one_of(st.none(), st.integers(0, 36_000)),
    }
    nasty: dict[str, st.SearchStrategy[Any]] = {
        "channel": short_nasty, "resident_id": st.one_of(st.none(), st.uuids()),
        "category_id": any_category, "subcategory_id": any_category, "description": nasty_text,
        "urgency": st.integers(), "scope": short_nasty,
        "department_ids": st.lists(st.one_of(departments, st.uuids()), max_size=3).map(tuple),
        "deadline_at": st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1),
                                    timezones=st.sampled_from([UTC, LOCAL_TZ])),
        "caller_phone": st.one_of(st.just(""), phone_like), "call_seconds": st.integers(-10, 36_000),
    }
    bad = data.draw(st.sets(st.sampled_from(INTAKE_FIELDS), max_size=3), label="nasty fields")
    values = {f: data.draw(nasty[f] if f in bad else good[f], label=f) for f in INTAKE_FIELDS}
    return IntakeForm(anonymous=data.draw(st.booleans(), label="anonymous"), **values)


def refused(exc: DomainError) -> None:
    assert not isinstance(exc, PermissionDenied), exc.render()
    assert_clear(exc)


@fuzz(70)
@given(data=st.data())
def test_intake_submit_saves_what_was_typed_or_refuses_without_writing(
    services: Services, clerk: Actor, residents: dict[str, ResidentSummary], data: st.DataObject
) -> None:
    form = intake_form(data, services, clerk, residents)
    before = count_rows(services, *INTAKE_TABLES)
    try:
        saved = services.intake.submit(clerk, form)
    except DomainError as exc:
        event("refused")
        refused(exc)
        assert count_rows(services, *INTAKE_TABLES) == before
        return
    after = count_rows(services, *INTAKE_TABLES)
    assert (after["case"], after["case_event"], after["case_reporter"]) == (
        before["case"] + 1, before["case_event"] + 1, before["case_reporter"] + 1)
    receipt = services.intake.receipt(clerk, case_id=saved.case_id)
    # saved as typed; the receipt, which leaves the desk, shows it under the receipt's rules (what looks like a
    # phone number or another resident's name masked: 水管漏水了0000000 reads 水管漏水了***0000), nothing else
    typed = normalize_text(form.description)
    (stored,) = fetch(services, 'SELECT description FROM "case" WHERE case_no = ?', saved.case_no)
    assert stored["description"] == typed
    with services.db.reading() as session:
        shown = disclose(Document.RECEIPT, Field.DESCRIPTION, typed, book=name_book(session))
    assert receipt.summary == shown
    assert 5 <= len(receipt.summary) <= DESCRIPTION_MAX
    again = services.intake.receipt(clerk, case_no=saved.case_no.lower())
    assert again.case_no == saved.case_no
    (row,) = fetch(services, 'SELECT caller_phone, urgency, scope, channel FROM "case" WHERE case_no = ?',
                   saved.case_no)
    assert row["urgency"] == form.urgency and 1 <= form.urgency <= 5
    assert (row["scope"], row["channel"]) == (form.scope, form.channel)
    if row["caller_phone"]:
        assert_canonical_phone(row["caller_phone"])


@pytest.fixture
def open_case(services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> uuid.UUID:
    options = services.intake.options(clerk)
    water = next(c for c in options.categories if c.code == "LIFE-WATER")
    return services.intake.submit(clerk, IntakeForm(
        channel=Channel.WALK_IN, resident_id=residents["张三"].id, category_id=water.parent_id,
        subcategory_id=water.id, description="厨房水管漏水，楼下天花板渗水。", urgency=3, scope=Scope.BUILDING)).case_id


@fuzz(50)
@given(data=st.data())
def test_intake_attach_and_find_similar_never_crash(
    services: Services, clerk: Actor, residents: dict[str, ResidentSummary], open_case: uuid.UUID,
    data: st.DataObject
) -> None:
    form = intake_form(data, services, clerk, residents)
    similar = services.intake.find_similar(clerk, form.resident_id, form.category_id, form.description,
                                           form.subcategory_id)
    assert len(similar) <= 8
    case_id = data.draw(st.one_of(st.just(open_case), st.uuids()), label="case_id")
    before = count_rows(services, *INTAKE_TABLES)
    try:
        saved = services.intake.attach(clerk, case_id, form)
    except DomainError as exc:
        event("refused")
        refused(exc)
        assert count_rows(services, *INTAKE_TABLES) == before
        return
    assert saved.attached and saved.case_id == open_case
    after = count_rows(services, *INTAKE_TABLES)
    assert (after["case"], after["case_event"]) == (before["case"], before["case_event"] + 1)
    notes = [r["note"] for r in fetch(services, "SELECT note FROM case_event WHERE kind = 'joined'")]
    assert form.description.strip()[:DESCRIPTION_MAX] in notes


@fuzz(150)
@given(case_no=st.one_of(nasty_text, st.just("A01-20261120-0001"), st.just(" a01-20261120-0001 ")))
def test_receipt_by_typed_case_number(services: Services, clerk: Actor, open_case: uuid.UUID, case_no: str) -> None:
    try:
        receipt = services.intake.receipt(clerk, case_no=case_no)
    except NotFound as exc:
        assert_clear(exc)
        return
    assert receipt.case_no == case_no.strip().upper()


# ---- 5. log-in -------------------------------------------------------------------------------------


@fuzz(30)
@given(username=st.one_of(nasty_text, st.sampled_from(["admin", " ADMIN ", "clerk1\u3000", "timebank", "Clerk1"])),
       password=nasty_text)
def test_login_with_nasty_input_is_refused_and_logged(services: Services, username: str, password: str) -> None:
    before = count_rows(services, "login_attempt")["login_attempt"]
    with pytest.raises(PermissionDenied) as info:
        services.auth.login(username, password)
    assert_clear(info.value)
    assert count_rows(services, "login_attempt")["login_attempt"] == before + 1
    (last,) = fetch(services, "SELECT username, success FROM login_attempt ORDER BY rowid DESC LIMIT 1")
    assert last["username"] == username.strip().lower()[:64]
    assert not last["success"]


STAFF_FIELDS = {"username", "display_name", "phone", "password"}


@fuzz(40)
@given(username=st.one_of(nasty_text, st.from_regex(r"[a-z][a-z0-9_.]{1,31}", fullmatch=True),
                          st.sampled_from(["clerk1", "ＣＬＥＲＫ２", "\u212aelvin", "ab"])),
       display_name=st.one_of(nasty_text, st.just("刘晓燕")),
       password=st.one_of(nasty_text, st.just("secret2026"), st.text(min_size=8, max_size=20).map(lambda s: s + "a1")),
       phone=st.one_of(st.just(""), phone_like))
def test_create_staff_checks_every_field(
    services: Services, admin: Actor, username: str, display_name: str, password: str, phone: str
) -> None:
    before = count_rows(services, *WRITTEN_TABLES)
    try:
        info = services.auth.create_staff(admin, username, display_name, Role.CLERK, password, phone)
    except ValidationError as exc:
        event("refused")
        assert set(exc.errors) <= STAFF_FIELDS, exc.errors
        assert_clear(exc)
        assert count_rows(services, *WRITTEN_TABLES) == before
        return
    assert USERNAME_RE.fullmatch(info.username) and info.username.isascii(), info.username
    assert info.display_name == normalize_text(display_name) and 1 <= len(info.display_name) <= 30
    if info.phone:
        assert_canonical_phone(info.phone)
    assert count_rows(services, "staff")["staff"] == before["staff"] + 1


# ---- first start -----------------------------------------------------------------------------------

SETUP_FIELDS = {"community_name", "street", "desk_code", "desk_name", "desk_phone", "admin_username",
                "admin_display_name", "admin_password", "admin_phone"}
initial_setups = st.builds(
    InitialSetup,
    community_name=st.one_of(st.just("幸福里社区"), nasty_text),
    street=st.one_of(st.just("站前街道"), st.just(""), nasty_text),
    desk_code=st.one_of(st.sampled_from(["A01", " b02 ", "Ａ０１"]), short_nasty),
    desk_name=st.one_of(st.just("一号窗口"), nasty_text),
    desk_phone=st.one_of(st.just("0412-5581234"), phone_like),
    admin_username=st.one_of(st.just("admin"), nasty_text),
    admin_display_name=st.one_of(st.just("于海波"), nasty_text),
    admin_password=st.one_of(st.just("admin2026"), nasty_text),
)


@fuzz(40)
@given(data=initial_setups)
def test_first_start_sets_up_or_names_the_wrong_fields(empty_services: Services, data: InitialSetup) -> None:
    services = empty_services
    before = count_rows(services, *WRITTEN_TABLES)
    try:
        services.setup.initialize(data)
    except ValidationError as exc:
        event("refused")
        assert set(exc.errors) <= SETUP_FIELDS, exc.errors
        assert_clear(exc)
        assert count_rows(services, *WRITTEN_TABLES) == before
        return
    state = services.setup.state()
    assert state.initialized and state.community_name == normalize_text(data.community_name)
    info = services.setup.community_info()
    assert re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", info.desk_code, re.ASCII), info.desk_code
    assert_canonical_phone(info.desk_phone)


@fuzz(100)
@given(code=st.one_of(st.sampled_from(["B02", "c03", "Ｃ０４"]), short_nasty, nasty_text),
       name=st.one_of(st.just("二号窗口"), nasty_text), phone=st.one_of(st.just("0412-5581235"), phone_like))
def test_joining_desk_with_nasty_input(services: Services, code: str, name: str, phone: str) -> None:
    before = count_rows(services, *WRITTEN_TABLES)
    try:
        services.setup.join(ADMIN_USER, ADMIN_PASSWORD, code, name, phone)
    except ValidationError as exc:
        event("refused")
        assert set(exc.errors) <= {"desk_code", "desk_name", "desk_phone"}, exc.errors
        assert_clear(exc)
        assert count_rows(services, *WRITTEN_TABLES) == before
        return
    info = services.setup.community_info()
    assert re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", info.desk_code, re.ASCII), info.desk_code
    assert info.desk_name == normalize_text(name)
    assert_canonical_phone(info.desk_phone)


# ---- 6. drafts -------------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), nasty_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(short_nasty, children, max_size=4)),
    max_leaves=10,
)


@fuzz(80)
@given(username=st.one_of(st.text(max_size=64), st.lists(ATOMS, max_size=12).map("".join),
                          st.sampled_from(["clerk1", "..", "../../etc/passwd", "C:\\x", "/", "", "CON", "a/b"])),
       form=st.one_of(st.sampled_from(["intake", "new_resident"]), short_nasty),
       fields=st.dictionaries(st.one_of(st.sampled_from(["description", "phone"]), nasty_text), json_values,
                              max_size=6))
def test_draft_round_trip_stays_inside_the_drafts_folder(
    tmp_path: Path, clock: FakeClock, username: str, form: str, fields: dict[str, Any]
) -> None:
    box = tmp_path / "box"
    folder = box / "drafts"
    store = DraftStore(folder, clock)
    store.save(username, form, fields)
    assert store.load(username, form) == (NOW, fields)
    for path in box.rglob("*"):
        if path == folder:
            continue
        assert path.parent == folder and path.suffix == ".json", path
        assert not path.name.endswith(".tmp")
    store.discard(username, form)
    assert store.load(username, form) is None
    assert list(folder.iterdir()) == []


# ---- 7. export -------------------------------------------------------------------------------------

def xlsx_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


@contextmanager
def fresh_copy(template: Community, tmp_path: Path) -> Iterator[Services]:
    """A private copy of the initialised community for one hypothesis example, so examples stay independent
    and cheap (an export's size does not grow with the examples run before it)."""
    folder = tmp_path / uuid.uuid4().hex
    shutil.copytree(template.folder, folder)
    services = open_services(folder, clock=FakeClock(NOW))
    try:
        yield services
    finally:
        services.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("fmt", FORMATS)
@fuzz(12)
@example(description="\x08水管漏水了", name="张三")  # found by this property: openpyxl's IllegalCharacterError
@example(description="水管漏水了\ufffe", name="张三")  # found in CI: U+FFFE passed openpyxl but broke the XML
@given(description=description_with_nasty_ends, name=st.one_of(st.just("张三"), nasty_text))
def test_export_of_nasty_texts_succeeds(
    community_template: Community, tmp_path: Path, fmt: str, description: str, name: str
) -> None:
    """What a clerk may save, the export must carry: control characters included (the app must make them
    storable in xlsx, whose XML refuses \\x00-\\x08, \\x0b, \\x0c, \\x0e-\\x1f)."""
    clerk, admin = community_template.clerk, community_template.admin
    with fresh_copy(community_template, tmp_path) as services:
        try:
            resident_id = services.residents.create(
                clerk, NewResident(name=name, building="3", unit="2", room="303")).id
        except ValidationError:
            resident_id = community_template.residents["张三"].id
        options = services.intake.options(clerk)
        water = next(c for c in options.categories if c.code == "LIFE-WATER")
        saved = services.intake.submit(clerk, IntakeForm(
            channel=Channel.WALK_IN, resident_id=resident_id, category_id=water.parent_id, subcategory_id=water.id,
            description=description, urgency=3, scope=Scope.HOUSEHOLD))
        stored = normalize_text(description)
        out = tmp_path / "export" / f"cases.{fmt}"
        try:
            result = services.export.export(admin, fmt, out)
        except DomainError as exc:  # a clear refusal would be acceptable, but nothing here should be refused
            pytest.fail(f"export to {fmt} refused: {exc.render()}")
    assert result.path == out and out.exists() and result.cases == 1
    if fmt == "json":
        (case,) = json.loads(out.read_text(encoding="utf-8"))["cases"]
        assert case["case_no"] == saved.case_no and case["description"] == stored
    elif fmt == "csv":
        with open(out, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) == 3 and rows[2][0] == saved.case_no and rows[2][5] == csv_safe(stored)
    else:
        rows = xlsx_rows(out, "诉求台账")
        assert len(rows) == 3 and rows[2][0] == saved.case_no


@fuzz(100)
@given(fmt=st.one_of(short_nasty, nasty_text, st.sampled_from(["JSON", " csv", "xlsx ", "pdf"])))
def test_export_to_an_unknown_format_is_refused_without_writing(
    services: Services, admin: Actor, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "refused" / "cases.out"
    try:
        services.export.export(admin, fmt, out)
    except ValidationError as exc:
        assert set(exc.errors) == {"format"}
        assert_clear(exc)
        assert not out.exists()
        return
    assert fmt in FORMATS and out.exists()
