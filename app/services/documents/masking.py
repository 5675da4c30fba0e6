"""The one masking module for everything printed or posted in public (receipts, notice boards, WeChat groups).

A public notice must not identify a resident: names keep only the surname, phone numbers keep only enough
digits for the resident to recognise their own, ID numbers are dropped. Every public document masks here,
so a rule changes in one place.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ANONYMOUS",
    "COMPOUND_SURNAMES",
    "REMOVED",
    "fold_for_names",
    "introduced_names",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "public_address",
    "public_name",
    "scrub",
]

ANONYMOUS = "匿名"
STAR = "*"
REMOVED = "[已隐去]"  # where an ID or bank card number stood in free text

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 万俟 "
    "闻人 呼延 澹台 公冶 太史 申屠 赫连 钟离".split()
)

_SEPARATORS = re.compile(r"[\s+\-‐‑‒–—―()]+")  # NFKC has already made full-width dashes and brackets ASCII


def _surname(name: str) -> str:
    """The surname: a known compound surname when the name is long enough to have a given name after it."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


# The most common single-character surnames (about nine people in ten in China carry one of them): a name of
# someone who is not a registered resident is recognised by one of these after a word that introduces a person.
COMMON_SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
# Words after which a name usually follows: 联系人张三, 业主李建国, 来电人王芳.
_PERSON_WORDS = ("联系人", "联络人", "反映人", "来电人", "来访人", "报修人", "当事人", "业主", "住户", "租户", "户主",
                 "居民", "家属", "老人", "本人", "姓名")
_INTRODUCED = re.compile(
    "(?:" + "|".join(_PERSON_WORDS) + r")[:：\s]*("
    + "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + ")[\u4e00-\u9fff]{1,2}"
    + "|[" + "".join(sorted(COMMON_SURNAMES)) + "][\u4e00-\u9fff]{1,2}"
    + ")")


def introduced_names(text: str) -> list[str]:
    """Names of people who need not be registered residents, found where free text introduces a person
    (联系人张三, 业主：李建国): a common surname and one or two more characters after such a word. It cannot know
    where a name ends (业主李建国称 gives 李建国, but 联系人张三说 gives 张三说): masking one character too many
    on a public notice is the safe side."""
    return [m.group(1) for m in _INTRODUCED.finditer(unicodedata.normalize("NFKC", text))]


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
    """Always empty: an ID number is never shown on a public document, not even in part."""
    return ""


def public_name(name: str, anonymous: bool) -> str:
    """How a resident appears in public: 匿名 if they asked for it (or gave no name), else the masked name."""
    if anonymous or not name.strip():
        return ANONYMOUS
    return mask_name(name)


def public_address(building: str) -> str:
    """An address in public: the building only (3号楼), never the unit or the room."""
    building = normalize_spaces(building)
    return f"{building}号楼" if building else ""


def normalize_spaces(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split())


# ---- free text -------------------------------------------------------------------------------------
# Residents write their numbers into descriptions and notes in every way a keyboard allows: full-width digits,
# spaces (also the ideographic one), dashes of all widths, dots, brackets around an area code, a +86 in front.
# A *number run* is a digit followed by digits, each after at most two such separators; any run of seven or
# more digits is a phone, ID or bank card number. Dates (2026-11-20, 2026.11.20, 2026/11/20) and the desk's
# own case numbers (A01-20261120-0001) are not personal and are left alone.

_DIGIT = r"\d"  # any decimal digit: ASCII, full-width, and the rest of Unicode's
_SEP = r"[\s\-‐‑‒–—―－.．·()（）/／+＋]"
_CHECK_X = r"[XxＸｘ](?![A-Za-zＡ-Ｚａ-ｚ])"  # an ID number's check character, not the start of a word
_NUMBER_RUN = re.compile(rf"[(（+＋]?{_DIGIT}(?:{_SEP}{{0,2}}{_DIGIT})*(?:{_SEP}{{0,2}}{_CHECK_X})?")
_DATE = re.compile(r"(?:19|20)\d{2}([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])")
_CASE_NO = re.compile(r"[A-Za-z][A-Za-z0-9]{1,7}-\d{8}-\d{4,}")
_ROOM = re.compile(r"(\d+)\s*(?:号楼|栋|幢)\s*\d+\s*单元\s*\d+\s*(?:室|号)?|\d+\s*单元\s*\d+\s*(?:室|号)?")


def _mask_number(run: str) -> str:
    masked = _masked_number(run)
    if masked != run and run[0] in "(（" and not any(c in run for c in ")）"):
        return run[0] + masked  # the bracket opened a remark around the number ("（138…）"), not an area code
    return masked


def _masked_number(run: str) -> str:
    plain = unicodedata.normalize("NFKC", run)
    digits = "".join(str(unicodedata.decimal(ch)) for ch in plain if unicodedata.decimal(ch, None) is not None)
    if len(digits) < 7:
        return run
    if _DATE.fullmatch(plain.strip().lstrip("(（+")):
        return run
    x = plain.rstrip()[-1:] in "Xx"
    if len(digits) in (11, 13) and not x and (digits[0] == "1" or digits.startswith("861")):
        return mask_phone(digits)  # a mobile number: as on every public document, 138****5678
    if digits[0] == "0" and 10 <= len(digits) <= 12 and not x:
        return mask_phone(plain)   # a landline with its area code
    if x or len(digits) in (15, 17, 18) or len(digits) >= 14:
        return REMOVED             # ID numbers (old 15 digits, new 18) and bank cards (14 to 19 digits)
    return mask_phone(digits)      # 7 to 13 digits: a local number or something like it; last four only


def _scrub_numbers(text: str) -> str:
    out, pos = [], 0
    protected = [m.span() for m in _CASE_NO.finditer(text)]
    for m in _NUMBER_RUN.finditer(text):
        if any(a <= m.start() < b for a, b in protected):
            continue
        out.append(text[pos:m.start()])
        out.append(_mask_number(m.group()))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


# A name is written with anything between its characters that a reader's eye skips: spaces (also the ideographic
# one), dashes, dots and middle dots of every width, underscores, and the invisible characters (zero-width space and
# joiners, the BOM, a soft hyphen) that pasting from a chat app leaves behind. Its characters themselves may come in
# a compatibility form (a full-width Latin letter, a CJK compatibility ideograph or Kangxi radical that NFKC maps to
# the ordinary character).
_NAME_GAP_CHARS = ("-‐‑‒–—―－﹣⁃.．·・･•‧∙⋅_＿"
                   "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
_NAME_GAP = "(?:\\s|[" + "".join(re.escape(c) for c in _NAME_GAP_CHARS) + "])*"
_COMPATIBILITY_RANGES = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x2F800, 0x2FA1F))


def _compatibility_forms() -> dict[str, str]:
    """Each ordinary character and the compatibility characters NFKC turns into it (a few thousand look-ups)."""
    forms: dict[str, str] = {}
    for low, high in _COMPATIBILITY_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            plain = unicodedata.normalize("NFKC", ch)
            if len(plain) == 1 and plain != ch:
                forms[plain] = forms.get(plain, "") + ch
    return forms


_FORMS = _compatibility_forms()


def fold_for_names(text: str) -> str:
    """``text`` as a name is looked up in it: NFKC, and nothing of what may stand between a name's characters.
    A name found in the folded text is then found in the text itself by ``scrub``."""
    plain = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in plain if not ch.isspace() and ch not in _NAME_GAP_CHARS)


def _name_pattern(name: str) -> re.Pattern[str] | None:
    chars = fold_for_names(name)
    if len(chars) < 2:
        return None  # a one-character "name" would scrub that character from every sentence
    parts = [f"[{re.escape(c + _FORMS[c])}]" if c in _FORMS else re.escape(c) for c in chars]
    return re.compile(_NAME_GAP.join(parts))


def scrub(text: str, names: tuple[str, ...] | list[str] = (), anonymous: tuple[str, ...] | list[str] = ()) -> str:
    """Free text made fit for a public notice: the given residents' names masked wherever they appear (also
    with spaces, dashes, dots, middle dots or invisible characters between their characters, or in full-width or
    other compatibility forms), phone numbers masked, ID and bank card numbers removed, units and
    rooms of an address dropped (the building stays). The names in ``anonymous`` (residents who asked not to be
    named) become 匿名: not even their surname is shown."""
    hidden = set(anonymous)
    for name in sorted(set(names) | hidden, key=len, reverse=True):  # 欧阳娜娜 before 欧阳
        pattern = _name_pattern(name)
        if pattern is not None:
            text = pattern.sub(ANONYMOUS if name in hidden else mask_name(name), text)
    text = _ROOM.sub(lambda m: f"{m.group(1)}号楼" if m.group(1) else "", text)
    return _scrub_numbers(text)
