"""Issue 15 §1: the scrubber pipeline against a determined tester. Personal data is generated in every form the
issue lists (Chinese numerals, split by line breaks, spaced dashes, Chinese commas, emoji; dash-grouped and
foreigners' ID numbers; names written apart, in traditional characters, in pinyin, unregistered; WeChat, QQ, e-mail,
plates, rooms) inside random Chinese text. Fast properties check the scrub function; a lean one renders the real
council notice through the real notice service and reads the PDF back with pdftotext; a test erases a resident on a
real SQLite file and prints another resident's text that names them."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.documents.masking import NameBook, scrub, scrub_text
from app.services.notices.board import NewItem, NewMeeting, NoticeOptions
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.test_fuzz import gb11643_check

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

REGISTERED = ("张三", "王芳", "李建国", "张秀兰")
NUMERALS = dict(zip("0123456789", "零一二三四五六七八九", strict=True))
BACK = {**{v: k for k, v in NUMERALS.items()}, "〇": "0", "幺": "1", "两": "2"}
FILLER = st.text(alphabet="水管漏楼道灯坏请尽快处理反映情况居民希望社区帮助解决问题谢谢物业门口堆放，。！", max_size=14)
SEPARATORS = ["\n", " - ", "、", "，", "😀", "★", "—", " ", "\u200b", ".", "·", "\r\n", "-", "☎"]


@dataclass(frozen=True)
class Pii:
    form: str          # how it is written into the text
    digits: str = ""   # a number that must not survive (as digits)
    window: int = 0    # ... not even this many of its digits in a row (0: the whole number)
    words: tuple[str, ...] = ()    # strings that must not survive (Chinese characters or letters)
    near: str = ""     # a regular expression that must not match (a room next to its building)


def numeral(digits: str, draw: st.DrawFn) -> str:
    how = draw(st.sampled_from(["ascii", "chinese", "mixed", "fullwidth"]))
    if how == "ascii":
        return digits
    if how == "fullwidth":
        return "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in digits)
    if how == "chinese":
        return "".join(NUMERALS.get(d, d) for d in digits)
    return "".join(NUMERALS[d] if d.isdigit() and draw(st.booleans()) else d for d in digits)


def split(parts: list[str], draw: st.DrawFn) -> str:
    out = parts[0]
    for p in parts[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + p
    return out


def groups(number: str, sizes: tuple[int, ...]) -> list[str]:
    out, at = [], 0
    for n in sizes:
        out.append(number[at:at + n])
        at += n
    return [g for g in out if g]


@st.composite
def pii(draw: st.DrawFn) -> Pii:
    kind = draw(st.sampled_from(["mobile", "landline", "id", "foreign_id", "bank", "name_apart", "traditional",
                                 "pinyin", "unregistered", "wechat", "qq", "email", "plate", "address"]))
    if kind == "mobile":
        number = "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
        parts = groups(number, draw(st.sampled_from([(11,), (3, 4, 4), (3, 8), (7, 4)])))
        return Pii("电话" + split([numeral(p, draw) for p in parts], draw), number)
    if kind == "landline":
        local = draw(st.sampled_from("2345678")) + draw(st.text("0123456789", min_size=6, max_size=6))
        return Pii("座机" + split([numeral("0412", draw), numeral(local, draw)], draw), local)
    if kind in ("id", "foreign_id"):
        head = ("9" + draw(st.text("0123456789", min_size=5, max_size=5)) if kind == "foreign_id"
                else draw(st.sampled_from(["210302", "110101", "440106"])))
        body = head + f"{draw(st.integers(1930, 2010))}{draw(st.integers(1, 12)):02d}{draw(st.integers(1, 28)):02d}"
        body += draw(st.text("0123456789", min_size=3, max_size=3))
        number = body + gb11643_check(body)
        parts = groups(number, draw(st.sampled_from([(18,), (6, 4, 4, 4), (6, 8, 4), (3, 3, 4, 4, 4)])))
        return Pii("身份证" + split([numeral(p, draw) for p in parts], draw), number.rstrip("X"), window=7)
    if kind == "bank":
        number = "6222" + draw(st.text("0123456789", min_size=12, max_size=15))
        parts = groups(number, (4, 4, 4, 4, 3))
        return Pii("卡号" + split([numeral(p, draw) for p in parts], draw), number, window=7)
    if kind == "name_apart":
        name = draw(st.sampled_from(REGISTERED))
        gap = draw(st.sampled_from(["/", "|", "·", " ", "😀", "\\", "*", "_", "~", "\u200b", "／"]))
        return Pii(gap.join(name) + "反映", words=(name,))
    if kind == "traditional":
        form = draw(st.sampled_from([("張三", "张三"), ("李建國", "李建国"), ("張秀蘭", "张秀兰")]))
        return Pii(form[0] + "说", words=form)
    if kind == "pinyin":
        form = draw(st.sampled_from(["Zhang San", "zhangsan", "ZHANG San", "Li Jianguo", "LI JIAN GUO", "Wang Fang"]))
        return Pii(f" {form} ", words=("".join(form.split()).lower(),))
    if kind == "unregistered":
        name = draw(st.sampled_from("王刘陈赵孙周吴郑")) + draw(st.sampled_from(["建国", "秀英", "晓梅", "志强", "桂兰",
                                                                                 "玉珍", "德华", "海燕"]))
        return Pii(name + draw(st.sampled_from(["说", "反映", "老人", "来电", "阿姨"])), words=(name,))
    if kind == "wechat":
        handle = draw(st.sampled_from("abcdefghjk")) + draw(st.text("abcdefghjkmnpqrstuvwxyz0123456789_", min_size=5,
                                                                     max_size=12))
        return Pii(draw(st.sampled_from(["微信", "微信号：", "wx:", "VX ", "vx"])) + handle, words=(handle,))
    if kind == "qq":
        number = draw(st.sampled_from("123456789")) + draw(st.text("0123456789", min_size=5, max_size=10))
        return Pii(draw(st.sampled_from(["QQ", "qq:", "扣扣", "QQ号 "])) + number, number)
    if kind == "email":
        user = draw(st.sampled_from("abcxyz")) + draw(st.text("abcdefghijklmnop0123456789._", min_size=3, max_size=10))
        user = user.rstrip("._") or "ab"
        domain = draw(st.sampled_from(["qq.com", "163.com", "gmail.com", "sina.com.cn"]))
        return Pii(f"邮箱{user}@{domain}", words=(f"{user}@",))
    if kind == "plate":
        letter = draw(st.sampled_from("ABCDEFGH"))
        tail = draw(st.text("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=4, max_size=4)) + draw(
            st.sampled_from("0123456789"))
        new_energy = draw(st.booleans())
        tail = ("D" + tail) if new_energy else tail
        prov = draw(st.sampled_from("京辽沪粤苏浙"))
        return Pii(f"车牌{prov}{letter}{'·' if new_energy else ''}{tail}", words=(tail,))
    building, unit = draw(st.integers(1, 19)), draw(st.integers(1, 6))
    room = draw(st.integers(1, 18)) * 100 + draw(st.integers(1, 4))
    form = draw(st.sampled_from([f"{building}号楼{room}室", f"{building}-{unit}-{room}",
                                 f"{building}栋{unit}单元{room}",
                                 "".join(NUMERALS[d] for d in str(building)) + "号楼" + NUMERALS[str(unit)] + "单元"
                                 + "".join(NUMERALS[d] for d in str(room))]))
    return Pii("住" + form, near=rf"(?<!\d){building}\D{{0,8}}(?:\d{{1,2}}\D{{1,8}})?{room}(?!\d)")


def digit_runs(text: str) -> list[str]:
    """Independently of the module under test: numerals made digits, letters break runs, anything else (spaces,
    marks, line breaks) joins them."""
    plain = "".join(BACK.get(c, c) for c in unicodedata.normalize("NFKC", text))
    runs, current = [], ""
    for ch in plain:
        if ch.isdigit():
            current += ch
        elif ch.isalpha():
            runs.append(current)
            current = ""
    return [r for r in [*runs, current] if r]


def survivors(p: Pii, text: str) -> list[str]:
    """What of ``p`` can still be read in ``text``."""
    found = []
    runs = digit_runs(text)
    if p.digits:
        size = p.window or len(p.digits)
        for i in range(len(p.digits) - size + 1):
            if any(p.digits[i:i + size] in r for r in runs):
                found.append(p.digits[i:i + size])
    han = "".join(c for c in unicodedata.normalize("NFKC", text) if "\u4e00" <= c <= "\u9fff")
    letters = "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isascii() and c.isalnum() or c == "@")
    for word in p.words:
        if word in han or word.lower() in letters or word in "".join(text.split()):
            found.append(word)
    if p.near:
        plain = "".join(BACK.get(c, c) for c in text)
        if re.search(p.near, plain):
            found.append(p.near)
    return found


@settings(max_examples=600, deadline=None)
@given(p=pii(), before=FILLER, after=FILLER)
def test_no_personal_data_survives_the_scrubber_in_any_form(p: Pii, before: str, after: str) -> None:
    text = before + p.form + after
    assert survivors(p, text), text  # the check does see the data where it stands unmasked
    out = scrub(text, names=REGISTERED)
    assert survivors(p, out) == [], (text, out)


@settings(max_examples=200, deadline=None)
@given(p=pii(), before=FILLER, after=FILLER)
def test_the_finds_are_spans_of_the_original_text(p: Pii, before: str, after: str) -> None:
    text = before + p.form + after
    result = scrub_text(text, NameBook(REGISTERED))
    rebuilt, pos = [], 0
    for f in result.finds:
        assert 0 <= pos <= f.start < f.end <= len(text)
        rebuilt.append(text[pos:f.start] + f.replacement)
        pos = f.end
    assert "".join(rebuilt) + text[pos:] == result.text
    assert result.finds, text  # something was found in every generated form


# --- through the real notice, read back out of the PDF -----------------------------------------------------


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(found=st.lists(pii(), min_size=1, max_size=4), before=FILLER, after=FILLER)
def test_no_personal_data_survives_in_the_printed_council_notice(cw: Casework, tmp_path: Path, found: list[Pii],
                                                                   before: str, after: str) -> None:
    notices = cw.services.notices
    problem = before + "；".join(p.form for p in found) + after
    meeting = notices.create_meeting(cw.director, NewMeeting("楼道堆物清理", date(2026, 11, 10), "社区议事厅"),
                                     [NewItem(problem[:500], date(2026, 11, 30), responsible="物业经理")])
    made = notices.make_council(cw.clerk, meeting.id, NoticeOptions(large_print=True))
    text = pdf_text(made.pdf, tmp_path)
    for p in found:
        assert survivors(p, text) == [], (problem, text)
    assert made.masked  # the preview has what was masked to list


def test_every_form_reaches_the_board_masked(cw: Casework, tmp_path: Path) -> None:
    """The board (portrait, landscape, large print) through the real service: one request per form."""
    forms = ["电话一三八一二三四五六七八", "电话1三8四 1234 5678", "身份证210302-1955-0315-0010", "138\n1234\n5678",
             "139 - 8765 - 4321", "137、1234、5678", "136😀1234😀5678", "张/三反映", "張三说", "Zhang San说",
             "王建国说楼道灯坏了", "微信zhang_1988", "QQ 12345678", "邮箱zs@163.com", "京A12345占道", "3号楼301室",
             "3-2-302", "三号楼二单元三零三"]
    for form in forms:
        cw.new_case(resident="王芳", text=f"请处理：{form}")
    for options in (NoticeOptions(), NoticeOptions(landscape=True), NoticeOptions(large_print=True)):
        made = cw.services.notices.make_board(cw.clerk, date(2026, 11, 20), date(2026, 11, 20), options)
        text = "".join(pdf_text(made.pdf, tmp_path).split())
        for secret in ("13812345678", "21030219550315", "张三", "Zhang", "王建国", "zhang_1988", "12345678",
                       "zs@163", "A12345", "301室", "3-2-302", "二单元", "13987654321", "13712345678"):
            assert secret not in text, (secret, options)
        kinds = {m.kind for m in made.masked}
        assert {"电话", "身份证号", "姓名", "微信", "QQ", "邮箱", "车牌", "地址"} <= kinds


def test_a_word_hidden_by_hand_is_hidden_and_recorded_as_stars(cw: Casework, tmp_path: Path) -> None:
    cw.new_case(resident="王芳", text="幸福里小卖部老板经常占道")
    day = date(2026, 11, 20)
    made = cw.services.notices.make_board(cw.clerk, day, day, hide=["幸福里小卖部"])
    assert "幸福里小卖部" not in "".join(pdf_text(made.pdf, tmp_path).split())
    info = cw.services.notices.record(cw.clerk, made)
    assert info.masked["hand"] == ["******"]
    stored = cw.sql("SELECT masked FROM notice_publication")[0]["masked"]
    assert "幸福里" not in str(stored) and "手动隐去" in str(stored)


def test_an_erased_residents_name_stays_masked_in_other_residents_texts(cw: Casework, tmp_path: Path) -> None:
    """Real SQLite file: 李建国 is erased; 王芳's request names him (also in traditional characters and pinyin); the
    next board still prints no name."""
    cw.new_case(resident="王芳", text="李建国说楼上漏水，李建國和Li Jianguo都知道")
    cw.services.personal_data.erase_resident(cw.admin, cw.residents["李建国"].id, "本人申请")
    assert cw.sql("SELECT count(*) AS n FROM resident WHERE name = '李建国'")[0]["n"] == 0
    stored = cw.sql("SELECT group_concat(digest) AS d FROM erased_name")[0]["d"]
    assert stored and "李建国" not in stored
    day = date(2026, 11, 20)
    made = cw.services.notices.make_board(cw.clerk, day, day, NoticeOptions(landscape=True))
    text = "".join(pdf_text(made.pdf, tmp_path).split())
    assert "李建国" not in text and "李建國" not in text and "Jianguo" not in text and "李**" in text
