"""Masking rules for public documents: nothing printed may identify a resident."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.documents.masking import (
    ANONYMOUS,
    COMPOUND_SURNAMES,
    REMOVED,
    introduced_names,
    mask_id_number,
    mask_name,
    mask_phone,
    public_address,
    public_name,
    scrub,
)
from tests.unit.test_fuzz import id_numbers, valid_phone_numbers, written

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


@pytest.mark.parametrize(("id_number", "masked"), [
    ("210102199001011234", "2101**********1234"), ("21010219900101123X", "2101**********123X"),
    ("210102900101123", "2101*******1123"), ("", ""), ("12345", "*****")])
def test_id_numbers_on_screen_keep_only_the_region_and_the_last_four(id_number: str, masked: str) -> None:
    """The staff screens' mask; no document shows even this (test_disclosure: every paper leaves ID numbers out)."""
    assert mask_id_number(id_number) == masked


def test_public_name() -> None:
    assert ANONYMOUS == "匿名"
    assert public_name("张三丰", anonymous=False) == "张**"
    assert public_name("欧阳修", anonymous=False) == "欧阳*"
    assert public_name("张三丰", anonymous=True) == "匿名"
    assert public_name("", anonymous=False) == "匿名"
    assert public_name("   ", anonymous=False) == "匿名"


# ---- free text on public documents -----------------------------------------------------------------

CHINESE_TEXT = st.text(alphabet="水管漏水了楼道灯坏请尽快处理联系我的电话是身份证号卡，。：；！", max_size=12)
ODD_SEPARATORS = " -－—‐.．·\u3000"


def digits_of(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if unicodedata.decimal(c, None) is not None)


def in_text(number: str) -> st.SearchStrategy[tuple[str, str]]:
    """(number, a sentence with the number written in it: full-width digits, spaces and dashes anywhere)."""
    return st.tuples(CHINESE_TEXT, written(number, exotic=False, separators=ODD_SEPARATORS), CHINESE_TEXT).map(
        lambda t: (number, "".join(t)))


bank_cards = st.builds(lambda p, r: p + r, st.sampled_from(["6222", "6217", "6228", "4392"]),
                       st.text("0123456789", min_size=12, max_size=15))


@settings(max_examples=300, deadline=None)
@given(case=valid_phone_numbers.filter(lambda n: len(n) >= 7).flatmap(in_text))
def test_no_phone_number_survives_in_free_text(case: tuple[str, str]) -> None:
    number, text = case
    out = scrub(text)
    assert number not in digits_of(out), (text, out)
    assert "*" in out


@settings(max_examples=300, deadline=None)
@given(case=st.one_of(id_numbers(), bank_cards).flatmap(in_text))
def test_no_id_or_bank_card_number_survives_in_free_text(case: tuple[str, str]) -> None:
    number, text = case
    out = scrub(text)
    digits = digits_of(out)
    # Not even seven digits of it in a row (a phone-like remnant would be masked to its last four).
    assert not any(number[i:i + 7] in digits for i in range(len(number) - 6)), (text, out)
    assert REMOVED in out or "*" in out


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(["张三", "欧阳娜娜", "王秀兰", "李建国"]), before=CHINESE_TEXT, after=CHINESE_TEXT,
       spaced=st.booleans())
def test_a_residents_name_in_free_text_is_masked(name: str, before: str, after: str, spaced: bool) -> None:
    written_name = " ".join(name) if spaced else name
    out = scrub(before + written_name + after, names=[name])
    assert name not in out.replace(" ", "")
    assert mask_name(name) in out


@pytest.mark.parametrize(("text", "expected"), [
    ("张三说电话13812345678，身份证110101199003071234", "张*说电话138****5678，身份证[已隐去]"),
    ("电话 138 1234 5678", "电话 138****5678"),
    ("１３８－１２３４－５６７８", "138****5678"),
    ("+86 138 1234 5678", "138****5678"),
    ("座机(010)6512-3456", "座机010-****3456"),
    ("卡号6222 0212 3456 7890 123", "卡号[已隐去]"),
    ("住在3号楼2单元301室，漏水", "住在3号楼，漏水"),
    ("2单元的灯坏了", "2单元的灯坏了"),
    ("预计2026-11-25完成，3天内回复", "预计2026-11-25完成，3天内回复"),
    ("与A01-20261120-0001合并", "与A01-20261120-0001合并"),
    ("张 三反映楼道灯不亮", "张*反映楼道灯不亮"),
])
def test_scrub_examples(text: str, expected: str) -> None:
    assert scrub(text, names=["张三"]) == expected


def test_public_address_keeps_the_building_only() -> None:
    assert public_address("3") == "3号楼" and public_address(" １２ ") == "12号楼" and public_address("") == ""


def test_an_anonymous_residents_name_in_free_text_becomes_anonymous() -> None:
    text = "张秀兰不愿具名，邻居张三也反映了，张 秀 兰的电话13812345678"
    assert scrub(text, ["张三"], anonymous=["张秀兰"]) == "匿名不愿具名，邻居张*也反映了，匿名的电话138****5678"


def test_a_bracket_before_a_number_stays() -> None:
    assert scrub("已联系（１３８-１２３４-５６７８）上门") == "已联系（138****5678）上门"
    assert scrub("电话(0412)5581234") == "电话0412-***1234"  # brackets around an area code belong to the number


# ---- names written apart: spaces, dashes, dots, middle dots, invisible characters, compatibility forms ------

# What people put between the characters of a name (full-width and invisible ones included).
NAME_GAPS = (" ", "\u3000", "-", "－", "—", "‐", ".", "．", "·", "・", "•", "_", "\u200b", "\u200c", "\u200d",
             "\ufeff", "\u00ad", "\t")
GAPPED_NAMES = ("张三", "王芳", "欧阳娜娜", "李建国", "金明", "司马相如")


def han_only(text: str) -> str:
    """The Chinese characters of ``text`` in order, compatibility forms made ordinary: what a reader's eye joins
    into a name, whatever stood between them (written independently of the module under test)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if "\u4e00" <= ch <= "\u9fff")


@st.composite
def gapped(draw: st.DrawFn, name: str) -> str:
    """``name`` with zero to three gap characters after each of its characters but the last, and now and then a
    character in a compatibility form (李 U+F9E1, 金 U+F90A / Kangxi ⾦)."""
    compat = {"李": ["\uf9e1"], "金": ["\uf90a", "\u2fa6"]}
    out = []
    for i, ch in enumerate(name):
        out.append(draw(st.sampled_from([ch, *compat.get(ch, [])])))
        if i < len(name) - 1:
            out.append("".join(draw(st.lists(st.sampled_from(NAME_GAPS), max_size=3))))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=st.sampled_from(GAPPED_NAMES), before=CHINESE_TEXT, after=CHINESE_TEXT)
def test_a_name_written_apart_is_masked(data: st.DataObject, name: str, before: str, after: str) -> None:
    text = before + data.draw(gapped(name)) + after
    out = scrub(text, names=list(GAPPED_NAMES))
    assert name not in han_only(out), (text, out)
    assert mask_name(name) in out, (text, out)
    assert han_only(before) in han_only(out) and han_only(after) in han_only(out)  # the text around it stays


@settings(max_examples=100, deadline=None)
@given(data=st.data(), name=st.sampled_from(GAPPED_NAMES), before=CHINESE_TEXT, after=CHINESE_TEXT)
def test_an_anonymous_name_written_apart_becomes_anonymous(data: st.DataObject, name: str, before: str,
                                                         after: str) -> None:
    out = scrub(before + data.draw(gapped(name)) + after, anonymous=[name])
    assert name[:1] not in han_only(out) and ANONYMOUS in out


@pytest.mark.parametrize(("text", "expected"), [
    ("张 三反映", "张*反映"),
    ("张-三反映", "张*反映"),
    ("张·三反映", "张*反映"),
    ("张・三反映", "张*反映"),           # the Japanese-keyboard middle dot
    ("张．三反映", "张*反映"),           # full-width full stop
    ("张－三反映", "张*反映"),           # full-width hyphen-minus
    ("张\u3000三反映", "张*反映"),       # ideographic space
    ("张\u200b三反映", "张*反映"),       # zero-width space pasted from a chat
    ("张 - 三反映", "张*反映"),
    ("欧阳 娜娜说", "欧阳**说"),
    ("欧阳·娜·娜说", "欧阳**说"),
    ("\uf9e1建国来电", "李**来电"),        # 李 as a CJK compatibility ideograph
    ("李 建\u00ad国来电", "李**来电"),     # a soft hyphen
])
def test_names_written_apart_examples(text: str, expected: str) -> None:
    assert scrub(text, names=["张三", "欧阳娜娜", "李建国"]) == expected


def test_a_sentence_end_between_two_characters_is_not_a_name() -> None:
    # 。 and ， end a sentence or a clause: 老张。三号楼 is not 张三.
    assert scrub("来找老张。三号楼灯坏了，张，三天没回", names=["张三"]) == "来找老张。三号楼灯坏了，张，三天没回"


@pytest.mark.parametrize(("text", "names"), [
    ("联系人张三 13812345678", ["张三"]),
    ("业主：李建国称楼上漏水", ["李建国"]),
    ("来电人欧阳娜娜反映", ["欧阳娜娜"]),      # a compound surname and at most two more characters
    ("老人家属王秀英来访", ["王秀英"]),
    ("居民反映楼道灯坏了", []),                # no surname after the word: nobody is introduced
    ("居民楼下水道堵了", []),
    ("陈奶奶说楼道太黑", []),                  # a surname with a kinship word identifies nobody
])
def test_a_person_introduced_in_free_text_is_found(text: str, names: list[str]) -> None:
    """Someone who need not be a registered resident (a contact, a family member) is found after the word that
    introduces them, so a public notice masks them too."""
    assert introduced_names(text) == names


def test_scrubbing_an_introduced_name() -> None:
    text = "联系人张三 138 1234 5678，业主李建国称已报修"
    assert scrub(text, introduced_names(text)) == "联系人张* 138****5678，业主李**称已报修"
