"""Masking rules for public documents: nothing printed may identify a resident."""

from __future__ import annotations

import pytest

from app.services.masking import (
    ANONYMOUS,
    COMPOUND_SURNAMES,
    mask_id_number,
    mask_name,
    mask_phone,
    public_name,
)

BRIEF_COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 万俟 "
    "闻人 呼延 澹台 公冶 太史 申屠 赫连 钟离"
).split()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("李小龙", "李**"),
        ("王五", "王*"),
        ("欧阳修", "欧阳*"),
        ("欧阳娜娜", "欧阳**"),
        ("司马相如", "司马**"),
        ("司马光", "司马*"),
        ("诸葛亮", "诸葛*"),
        ("上官婉儿", "上官**"),
        ("令狐冲", "令狐*"),
        ("慕容复", "慕容*"),
        ("东方不败", "东方**"),
        ("万俟卨", "万俟*"),
        ("钟离春", "钟离*"),
        ("长孙无忌", "长孙**"),
        ("尉迟恭", "尉迟*"),
        ("欧阳", "欧*"),  # two characters: a plain surname 欧 with the given name 阳
        ("东方", "东*"),
        ("张", "*"),
        ("", ""),
        ("  ", ""),
        (" 李 四 ", "李*"),
        ("张\u3000三", "张*"),  # ideographic (full-width) space typed between surname and given name
        ("阿依古丽·买买提", "阿*******"),
    ],
)
def test_mask_name(name: str, expected: str) -> None:
    assert mask_name(name) == expected


@pytest.mark.parametrize("surname", BRIEF_COMPOUND_SURNAMES)
def test_every_compound_surname_is_kept_whole(surname: str) -> None:
    assert surname in COMPOUND_SURNAMES
    assert mask_name(surname + "明") == surname + "*"
    assert mask_name(surname + "明亮") == surname + "**"


def test_masked_name_hides_the_given_name() -> None:
    for name in ("张三丰", "欧阳娜娜", "司马相如", "刘德华"):
        masked = mask_name(name)
        assert len(masked) == len(name)
        assert name[-1] not in masked


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("13812345678", "138****5678"),
        ("15900001111", "159****1111"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),  # full-width digits from a Chinese input method
        ("１３８ １２３４ ５６７８", "138****5678"),
        ("１３８－１２３４－５６７８", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("8613812345678", "138****5678"),
        ("0412-5551234", "0412-***1234"),
        ("０４１２－５５５１２３４", "0412-***1234"),
        ("0412 5551234", "0412-***1234"),
        ("(0412)5551234", "0412-***1234"),
        ("（０４１２）５５５１２３４", "0412-***1234"),
        ("04125551234", "0412-***1234"),
        ("0411-84561234", "0411-****1234"),
        ("010-62345678", "010-****5678"),
        ("01062345678", "010-****5678"),
        ("021-6123 4567", "021-****4567"),
        ("400-123-4567", "******4567"),  # ten digits: first three and last four would show nine of ten
        ("5551234", "***1234"),  # a local number without area code
        ("88123456", "****3456"),
        ("123456789012", "123****9012"),
        ("12345", "*****"),
        ("110", "***"),
        ("", ""),
        ("  ", ""),
        ("无", "*"),
    ],
)
def test_mask_phone(phone: str, expected: str) -> None:
    assert mask_phone(phone) == expected


def test_masked_mobile_never_shows_the_middle_digits() -> None:
    for middle in ("0000", "1234", "9876", "5555"):
        phone = f"139{middle}4321"
        masked = mask_phone(phone)
        assert masked == "139****4321"
        assert middle not in masked


def test_masked_phone_never_shows_a_whole_local_number() -> None:
    for phone in ("5551234", "88123456", "0412-5551234", "010-62345678"):
        local = phone.split("-")[-1]
        assert local not in mask_phone(phone)


@pytest.mark.parametrize(
    "id_number", ["210102199001011234", "21010219900101123X", "２１０１０２１９９００１０１１２３４", ""]
)
def test_id_numbers_are_removed_entirely(id_number: str) -> None:
    assert mask_id_number(id_number) == ""


def test_public_name() -> None:
    assert ANONYMOUS == "匿名"
    assert public_name("张三丰", anonymous=False) == "张**"
    assert public_name("欧阳修", anonymous=False) == "欧阳*"
    assert public_name("张三丰", anonymous=True) == "匿名"
    assert public_name("", anonymous=False) == "匿名"
    assert public_name("   ", anonymous=False) == "匿名"
