"""What clerks type: phone numbers, resident ID numbers (GB 11643-1999) and free-text lengths."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.core.errors import FieldErrors
from app.services.core.validation import (
    InvalidValue,
    PhoneKind,
    check_id_number,
    check_length,
    check_phone,
    id_check_digit,
    normalize_phone,
    normalize_text,
    parse_id_number,
)

TODAY = date(2026, 11, 20)


def reference_check_digit(first17: str) -> str:
    """GB 11643-1999 written independently: a_i * 2^(17-i) summed mod 11, then (12 - s) mod 11, 10 -> X."""
    total = sum(int(ch) * pow(2, 17 - i, 11) for i, ch in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


# ---- phones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number", "kind"),
    [
        ("13812345678", "13812345678", PhoneKind.MOBILE),
        ("+86 138 1234 5678", "13812345678", PhoneKind.MOBILE),
        ("0086 13812345678", "13812345678", PhoneKind.MOBILE),
        ("8613812345678", "13812345678", PhoneKind.MOBILE),
        ("１３８１２３４５６７８", "13812345678", PhoneKind.MOBILE),
        ("138-1234-5678", "13812345678", PhoneKind.MOBILE),
        ("19912345678", "19912345678", PhoneKind.MOBILE),
        ("0412-5581234", "0412-5581234", PhoneKind.LANDLINE),
        ("(0412) 5581234", "0412-5581234", PhoneKind.LANDLINE),
        ("010-62345678", "010-62345678", PhoneKind.LANDLINE),
        ("021 6234 5678", "021-62345678", PhoneKind.LANDLINE),
        ("0412－55812345", "0412-55812345", PhoneKind.LANDLINE),
        ("5581234", "5581234", PhoneKind.LOCAL),
        ("62345678", "62345678", PhoneKind.LOCAL),
        ("4008123456", "4008123456", PhoneKind.SERVICE),
    ],
)
def test_valid_phone_numbers_are_normalised(typed: str, number: str, kind: str) -> None:
    assert normalize_phone(typed) == (number, kind)


@pytest.mark.parametrize(
    ("typed", "message_part"),
    [
        ("12812345678", "second digit"),
        ("1381234567", "this one has 10"),
        ("138123456789", "this one has 12"),
        ("010-12345678", "area code"),
        ("0412-1581234", "area code"),
        ("1234567", "11 digits"),
        ("138abc45678", "only digits"),
        ("555", "not a valid phone"),
    ],
)
def test_invalid_phone_numbers_are_refused_with_a_reason(typed: str, message_part: str) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_phone(typed)
    assert message_part in info.value.message.render()


def test_check_phone_puts_the_error_on_its_field_and_returns_empty() -> None:
    errors = FieldErrors()
    assert check_phone(errors, "caller_phone", "12812345678") == ""
    assert list(errors.errors) == ["caller_phone"]


def test_check_phone_empty_is_fine_unless_required() -> None:
    errors = FieldErrors()
    assert check_phone(errors, "phone", "  ") == ""
    assert not errors
    assert check_phone(errors, "desk_phone", "\u3000", required=True) == ""
    assert errors.errors["desk_phone"].template == "This field is required."


def test_check_phone_returns_the_canonical_number() -> None:
    errors = FieldErrors()
    assert check_phone(errors, "phone", "+86 138 1234 5678") == "13812345678"
    assert not errors


# ---- ID numbers -----------------------------------------------------------------------------------


def test_check_digit_matches_an_independent_implementation() -> None:
    assert id_check_digit("11010519491231002") == "X"
    for first17 in ("21030219550315001", "21030219600708002", "21030219780222003", "44030419991231123"):
        assert id_check_digit(first17) == reference_check_digit(first17)


def test_published_example_id_number_is_valid() -> None:
    info = parse_id_number("11010519491231002X", TODAY)
    assert info.number == "11010519491231002X"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"  # 17th digit 2 is even


def test_lower_case_x_and_full_width_digits_are_accepted() -> None:
    assert parse_id_number("11010519491231002x", TODAY).number == "11010519491231002X"
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ", TODAY).number == "11010519491231002X"


def test_odd_17th_digit_means_male() -> None:
    info = parse_id_number("210302195503150010", TODAY)
    assert (info.birth_date, info.gender) == (date(1955, 3, 15), "M")


@pytest.mark.parametrize(
    ("number", "message_part"),
    [
        ("110105194912310021", "check digit"),                             # wrong check digit (X expected)
        ("11010519491231002" + "9", "check digit"),
        ("11010519490230002" + reference_check_digit("11010519490230002"), "not a real date"),   # 30 February
        ("11010520300101002" + reference_check_digit("11010520300101002"), "not possible"),      # born 2030
        ("11010518800101002" + reference_check_digit("11010518800101002"), "not possible"),      # born 1880
        ("11010518991231002" + reference_check_digit("11010518991231002"), "born in 1899"),      # before 1900
        ("11010519491231002", "this one has 17"),
        ("11010519491231002X1", "this one has 19"),
        ("90010519491231002" + reference_check_digit("90010519491231002"), "region code"),  # 9, province 00
        ("99910519491231002" + reference_check_digit("99910519491231002"), "region code"),  # 9, province 99
        ("01010519491231002" + reference_check_digit("01010519491231002"), "region code"),
        ("1101051949123100XX", "17 digits and a last digit or X"),
    ],
)
def test_invalid_id_numbers_are_refused_with_a_reason(number: str, message_part: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_id_number(number, TODAY)
    assert message_part in info.value.message.render()


def test_birth_date_today_is_possible_but_tomorrow_is_not() -> None:
    born_today = "21030220261120001"
    assert parse_id_number(born_today + reference_check_digit(born_today), TODAY).birth_date == TODAY
    born_tomorrow = "21030220261121001"
    with pytest.raises(InvalidValue):
        parse_id_number(born_tomorrow + reference_check_digit(born_tomorrow), TODAY)


def test_check_id_number_empty_is_none_without_error() -> None:
    errors = FieldErrors()
    assert check_id_number(errors, "id_number", "  ", TODAY) is None
    assert not errors


def test_check_id_number_error_goes_to_its_field() -> None:
    errors = FieldErrors()
    assert check_id_number(errors, "id_number", "110105194912310021", TODAY) is None
    assert list(errors.errors) == ["id_number"]


# ---- lengths and free text ------------------------------------------------------------------------


def test_check_length_keeps_chinese_full_width_punctuation() -> None:
    # Regression: NFKC once turned ，。！？：（） into their ASCII forms in descriptions.
    errors = FieldErrors()
    text = "楼道灯坏了，晚上看不见。请尽快修理！电话：（白天）"
    assert check_length(errors, "description", f"  {text}\u3000", 2000) == text
    assert not errors


def test_normalize_text_trims_ascii_and_full_width_spaces_only() -> None:
    assert normalize_text("\u3000 张三，你好。 \u3000") == "张三，你好。"
    assert normalize_text("ＡＢＣ１２３") == "ＡＢＣ１２３"  # free text is not width-folded


def test_check_length_required_minimum_and_maximum() -> None:
    errors = FieldErrors()
    assert check_length(errors, "name", "   ", 30) == ""
    assert check_length(errors, "street", "", 60, required=False) == ""
    assert check_length(errors, "description", "漏水", 2000, minimum=5) == "漏水"
    assert check_length(errors, "desk_name", "窗" * 61, 60) == "窗" * 61
    assert check_length(errors, "ok", "窗" * 60, 60) == "窗" * 60
    assert set(errors.errors) == {"name", "description", "desk_name"}
    assert errors.errors["name"].template == "This field is required."
    assert errors.errors["description"].params == {"n": 5}
    assert errors.errors["desk_name"].params == {"n": 60, "len": 61}


def test_the_policy_for_birth_years_before_1900_is_to_refuse() -> None:
    """Nobody born before 1900 is alive to register: such a year is a mistyped digit, refused with the year named."""
    first = "11010519000101002"
    assert parse_id_number(first + reference_check_digit(first), TODAY).birth_date == date(1900, 1, 1)
    before = "11010518991231002"
    with pytest.raises(InvalidValue) as info:
        parse_id_number(before + reference_check_digit(before), TODAY)
    assert "1899" in info.value.message.render() and "1900" in info.value.message.render()


@pytest.mark.parametrize("first17", ["91184019850312001", "93184019900101012", "94484019781224003"])
def test_the_2023_foreigners_permanent_residence_card_number_is_accepted(first17: str) -> None:
    """外国人永久居留身份证 (2023): 9, province of the issuing office, nationality code, birth date, sequence, gender
    digit, the GB 11643 check digit."""
    number = first17 + reference_check_digit(first17)
    info = parse_id_number(number, TODAY)
    assert info.foreign_permanent and info.number == number
    assert info.birth_date == date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    assert info.gender == ("M" if int(first17[16]) % 2 else "F")
    errors = FieldErrors()
    assert check_id_number(errors, "id_number", number, TODAY) == info and not errors
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(InvalidValue, match="check digit"):
        parse_id_number(wrong, TODAY)
