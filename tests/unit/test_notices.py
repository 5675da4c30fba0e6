"""Public notices (issue 6): the request board and the council notice, made from real databases and read back out of
the PDF (pypdf and poppler's pdftotext / pdffonts), never from the data that went in.

The privacy tests hide residents' phone numbers, ID and bank card numbers and names in the odd ways people type them
(full-width digits, spaces, dashes, spaces between the characters of a name) in descriptions and in public progress
notes, then prove that none survives in the printed text, that internal notes never appear, and that an anonymous
resident is 匿名. The board's counts are the rates module's, and its rows the requests those counts count.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import sqlite3
import subprocess
import unicodedata
import uuid
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.models import AuditEntry, Case, CaseStatus, Channel, Resident, Scope
from app.services.cases import rates
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import NotFound, PermissionDenied, ValidationError
from app.services.documents.pdf import page_label, wrap_lines
from app.services.notices.board import (
    BOARD_TITLE,
    MadeNotice,
    NewItem,
    NewMeeting,
    NoticeOptions,
    period_bounds,
)
from tests.conftest import ROOT
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

TODAY = date(2026, 11, 20)  # NOW in Beijing
DEMO_FROM, DEMO_TO = date(2026, 8, 1), date(2026, 11, 20)

# What residents typed, and what must never be printed of it.
ODD_TEXTS = {
    "张三": "我是张三，电话１３８ １２３４ ５６７８，身份证2103 0219 5503 1500 10，住3号楼2单元301室，楼道灯坏了。",
    "王芳": "王 芳反映：家里座机 0412－558－8765 没人接就打 139-9876-5432，银行卡6222 0212 3456 7890 123 被扣费。",
    "李建国": "李建国（身份证２１０３０２１９７８０２２２００３Ｘ）说5号楼1单元101的下水道堵了，手机+86 13998765432。",
}
PUBLIC_NOTE = "已联系张三（１３８-１２３４-５６７８）上门维修，王芳家也查看了"
INTERNAL_NOTE = "内部备注：居民脾气急，勿透露"
SECRETS = ("13812345678", "210302195503150010", "04125588765", "13998765432", "6222021234567890123",
           "21030219780222003X", "5588765")  # (the last: 王芳's local number without its area code)
FULL_NAMES = ("张三", "王芳", "李建国", "张秀兰")


# --- reading a PDF back ----------------------------------------------------------------------------------


def pages_text(data: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def poppler_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout)


CASE_NO = re.compile(r"[A-Z]\d{2}-\d{8}-?(?:\d{4})?")  # pdftotext drops the hyphen where a number wraps
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}")
LONG_NUMBER = re.compile(r"\d(?:[ \-.]{0,2}\d){6,}")


DESK_PHONE = "0412-5581234"  # the test community's desk: public, printed on purpose


def long_numbers(text: str, desk_phone: str = DESK_PHONE) -> list[str]:
    """Runs of seven or more digits on one line (spaces, dashes, dots between them), case numbers, dates and the
    desk's own phone number aside."""
    found = []
    for line in text.splitlines():
        line = DATE.sub(" ", CASE_NO.sub(" ", line.replace(desk_phone, " ")))
        found += LONG_NUMBER.findall(line)
    return found


def assert_nothing_identifies(text: str, names: tuple[str, ...] = FULL_NAMES) -> None:
    folded = "".join(text.split())
    digits_per_line = ["".join(ch for ch in line if ch.isdigit()) for line in text.splitlines()]
    for name in names:
        assert name not in folded, name
    for secret in SECRETS:
        digits = "".join(ch for ch in secret if ch.isdigit())
        assert digits not in "".join(folded.split("-")), secret
        assert not any(digits in d for d in digits_per_line), secret
    assert long_numbers(text) == []


# --- the board from odd texts ----------------------------------------------------------------------------


def odd_cases(cw: Casework) -> dict[str, uuid.UUID]:
    ids = {name: cw.new_case(resident=name, text=text) for name, text in ODD_TEXTS.items()}
    flow = cw.flow
    flow.add_note(cw.clerk, ids["张三"], PUBLIC_NOTE, public=True)
    flow.add_note(cw.clerk, ids["张三"], INTERNAL_NOTE, public=False)  # later than the public one: still absent
    flow.add_note(cw.clerk, ids["王芳"], INTERNAL_NOTE)
    category_id, subcategory_id = cw.category("LIFE-WATER")
    form_anonymous = cw.services.intake.submit(cw.clerk, casework.IntakeForm(
        channel=Channel.WALK_IN.value, resident_id=cw.residents["张秀兰"].id, category_id=category_id,
        subcategory_id=subcategory_id, description="张秀兰不愿具名，反映 3 号楼有人深夜噪音扰民。", urgency=2,
        scope=Scope.HOUSEHOLD.value, anonymous=True))
    ids["张秀兰"] = form_anonymous.case_id
    return ids


def test_numbers_and_names_hidden_in_odd_places_never_reach_the_board(cw: Casework, tmp_path: Path) -> None:
    ids = odd_cases(cw)
    board = cw.services.notices.board(cw.clerk, TODAY, TODAY)
    by_no = {r.case_no: r for r in board.rows}
    assert len(board.rows) == 4
    for row in board.rows:  # the data first, field by field
        for value in (row.resident, row.summary, row.progress):
            assert_nothing_identifies(value)
    made = cw.services.notices.make_board(cw.clerk, TODAY, TODAY, NoticeOptions(landscape=True))
    for text in ("\n".join(pages_text(made.pdf)), poppler_text(made.pdf, tmp_path)):
        assert_nothing_identifies(text)
        assert INTERNAL_NOTE not in text and "勿透露" not in "".join(text.split())
        assert "138****5678" in text  # the public note's number, masked the usual way
        assert "张*" in text and "匿名" in text and "[已隐去]" in text
    zhang = by_no[cw.case(ids["张三"])["case_no"]]
    assert zhang.resident == "张*" and zhang.progress.startswith("已联系张*（138****5678）")
    assert "3号楼" in zhang.summary and "301" not in zhang.summary  # the building stays, the room goes
    anonymous = by_no[cw.case(ids["张秀兰"])["case_no"]]
    assert anonymous.resident == "匿名" and anonymous.summary.startswith("匿名不愿具名")  # not even 张**
    assert by_no[cw.case(ids["王芳"])["case_no"]].progress == ""  # only an internal note: nothing posted


# Names written apart, as residents and clerks type them: every one of these must come out masked.
NAMES_APART = {
    "张三": "邻居张 三和张-三的儿子都说楼道灯坏了，张·三家门口最黑",
    "王芳": "王\u200b芳（王．芳）反映下水道反味，王－芳家最严重",
    "欧阳娜娜": "欧阳 娜娜说广场舞太吵，欧阳·娜娜的孙子睡不着，欧阳-娜-娜已找过物业",
    "李建国": "\uf9e1建国和李\u3000建\u00ad国反映单元门坏了",
}
NOTE_APART = "已联系张 · 三和欧阳　娜娜，王_芳不在家"


def test_names_written_apart_never_reach_the_board(cw: Casework, tmp_path: Path) -> None:
    from app.services.people.residents import NewResident

    cw.residents["欧阳娜娜"] = cw.services.residents.create(cw.clerk, NewResident(
        name="欧阳娜娜", phone="13512340000", building="3", unit="1", room="102"))
    ids = {name: cw.new_case(resident=name, text=text) for name, text in NAMES_APART.items()}
    cw.flow.add_note(cw.clerk, ids["欧阳娜娜"], NOTE_APART, public=True)
    made = cw.services.notices.make_board(cw.clerk, TODAY, TODAY, NoticeOptions(landscape=True))
    names = (*FULL_NAMES, "欧阳娜娜")
    for text in ("\n".join(pages_text(made.pdf)), poppler_text(made.pdf, tmp_path)):
        chinese = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")  # whatever stood between them
        assert [n for n in names if n in chinese] == [], text
        folded = "".join(text.split())
        for masked in ("张*", "王*", "欧阳**", "李**"):
            assert masked in folded, masked
    rows = {r.case_no: r for r in cw.services.notices.board(cw.clerk, TODAY, TODAY).rows}
    ouyang = rows[cw.case(ids["欧阳娜娜"])["case_no"]]
    assert ouyang.resident == "欧阳**" and ouyang.progress == "已联系张*和欧阳**，王*不在家"
    assert rows[cw.case(ids["王芳"])["case_no"]].summary.startswith("王*（王*）反映下水道反味")


def test_counts_and_rows_are_the_rates_modules(cw: Casework) -> None:
    ids = odd_cases(cw)
    flow = cw.flow
    flow.dispatch(cw.clerk, ids["张三"])
    flow.respond(cw.worker, ids["张三"], "已上门")
    flow.resolve(cw.worker, ids["张三"], "已修好")
    flow.merge(cw.clerk, cw.new_case(resident="王芳", text="下水道又堵了"), ids["李建国"])  # not counted
    board = cw.services.notices.board(cw.clerk, TODAY, TODAY)
    with cw.services.db.reading() as session:
        expected = rates.totals(session, *period_bounds(TODAY, TODAY))
        stored = session.scalar(select(func.count()).select_from(Case).where(Case.status != CaseStatus.MERGED))
    assert board.figures == expected
    assert (expected.received, expected.responded, expected.resolved) == (4, 1, 1) == (stored, 1, 1)
    assert len(board.rows) == expected.received
    resolved = [r for r in board.rows if r.resolved_on is not None]
    assert [r.status for r in resolved] == ["已办结"] and resolved[0].resolved_on == TODAY
    assert "等2户" in next(r.resident for r in board.rows if r.case_no == cw.case(ids["李建国"])["case_no"])
    text = "\n".join(pages_text(cw.services.notices.make_board(cw.clerk, TODAY, TODAY).pdf))
    assert "4 件" in text and "25.0%" in text  # received; resolution rate 1/4
    assert "—" in text  # no follow-up yet: the satisfaction rate is not 0 % but a dash


# --- the board of the demo community ---------------------------------------------------------------------


@pytest.fixture
def demo_board(demo_services: Services, demo_clerk: Actor) -> MadeNotice:
    return demo_services.notices.make_board(demo_clerk, DEMO_FROM, DEMO_TO)


def test_demo_board_hides_every_resident_and_matches_the_database(demo_services: Services, demo_clerk: Actor,
                                                                  demo_board: MadeNotice, tmp_path: Path) -> None:
    with demo_services.db.reading() as session:
        names = tuple(n for n in session.scalars(select(Resident.name)) if len(n) >= 2)
        figures = rates.totals(session, *period_bounds(DEMO_FROM, DEMO_TO))
    assert len(names) > 100 and figures.received > 100
    text = poppler_text(demo_board.pdf, tmp_path)
    folded = "".join(text.split())
    assert [n for n in names if n in folded] == []
    assert long_numbers(text, demo_services.setup.community_info().desk_phone) == []
    assert len(demo_board.case_nos) == figures.received
    assert f"{figures.received} 件" in text and f"{figures.resolved} 件" in text
    assert f"{figures.response_rate * 100:.1f}%" in text  # type: ignore[operator]
    unhyphenated = folded.replace("-", "")  # pdftotext drops a hyphen where a case number wraps
    assert all(no.replace("-", "") in unhyphenated for no in demo_board.case_nos)  # every request is on the paper


def test_a_period_with_more_requests_than_a_board_lists_shows_the_latest_and_every_class(
        demo_services: Services, demo_clerk: Actor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A year at a million requests would list hundreds of thousands of rows: a board lists at most BOARD_ROWS_MAX
    (here made 12 on the demo's ten weeks), the most recent, and above them the figures of every class, which add up
    to the period's; its record lists only the requests on the paper."""
    from app.services.notices import board as board_module

    monkeypatch.setattr(board_module, "BOARD_ROWS_MAX", 12)
    made = demo_services.notices.make_board(demo_clerk, DEMO_FROM, DEMO_TO)
    with demo_services.db.reading() as session:
        since, until = period_bounds(DEMO_FROM, DEMO_TO)
        figures = rates.totals(session, since, until)
        latest = list(session.scalars(select(Case.case_no).where(
            Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED)
            .order_by(Case.created_at.desc(), Case.case_no.desc()).limit(12)))[::-1]
        summary = rates.summary(session, since, until)
    assert figures.received > 12 and list(made.case_nos) == latest  # the latest twelve, oldest first
    text = poppler_text(made.pdf, tmp_path)
    folded = "".join(text.split())
    assert f"本期间共受理诉求{figures.received}件,下表列出最近受理的12件" in folded  # (read back in NFKC)
    for group in summary.by_category:  # every class with its own count, as the dashboard counts it
        assert f"{group.name}{group.figures.received}件{group.figures.resolved}件" in folded
    assert sum(g.figures.received for g in summary.by_category) == figures.received
    assert_nothing_identifies(text)
    monkeypatch.setattr(board_module, "BOARD_ROWS_MAX", 10_000)
    whole = demo_services.notices.make_board(demo_clerk, DEMO_FROM, DEMO_TO)  # under the cap: every request
    assert len(whole.case_nos) == figures.received and "下表列出最近受理" not in poppler_text(whole.pdf, tmp_path)


def test_header_repeats_on_every_page_and_pages_are_numbered(demo_board: MadeNotice) -> None:
    pages = pages_text(demo_board.pdf)
    assert len(pages) == demo_board.pages > 3
    assert "说明" in pages[-1]  # the closing notes end the board
    for number, page in enumerate(pages, start=1):
        # the table's header row on every page it runs over; the last page may hold only the closing notes
        notes_only = number == len(pages) and "状态" not in page
        assert notes_only or ("受理编号" in page and "最新进展" in page), number
        assert page_label(number, len(pages)) in page, number
        assert BOARD_TITLE in page  # the page header


def test_fonts_are_embedded(demo_board: MadeNotice, tmp_path: Path) -> None:
    path = tmp_path / "board.pdf"
    path.write_bytes(demo_board.pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column
        assert "Helvetica" not in row


def test_landscape_and_large_print(demo_services: Services, demo_clerk: Actor, demo_board: MadeNotice) -> None:
    notices = demo_services.notices
    landscape = notices.make_board(demo_clerk, DEMO_FROM, DEMO_TO, NoticeOptions(landscape=True))
    large = notices.make_board(demo_clerk, DEMO_FROM, DEMO_TO, NoticeOptions(large_print=True))
    box = PdfReader(io.BytesIO(landscape.pdf)).pages[0].mediabox
    assert box.width > box.height
    assert large.pages > demo_board.pages  # 16 pt takes more paper
    assert all("反映人" in page for page in pages_text(large.pdf))  # the header row on every page


def test_a_period_is_checked(demo_services: Services, demo_clerk: Actor) -> None:
    with pytest.raises(ValidationError):
        demo_services.notices.board(demo_clerk, TODAY, date(2026, 11, 1))
    with pytest.raises(ValidationError):
        demo_services.notices.board(demo_clerk, date(2024, 1, 1), TODAY)
    empty = demo_services.notices.make_board(demo_clerk, date(2020, 1, 1), date(2020, 1, 31))
    assert empty.case_nos == () and "本期间没有受理的诉求" in "".join(pages_text(empty.pdf)[0].split())


# --- the publication record ------------------------------------------------------------------------------


def test_publication_is_recorded_with_the_files_hash_and_shown_again(demo_services: Services, demo_clerk: Actor,
                                                                     demo_board: MadeNotice) -> None:
    notices = demo_services.notices
    record = notices.record(demo_clerk, demo_board)
    assert record.sha256 == hashlib.sha256(demo_board.pdf).hexdigest() == demo_board.sha256
    assert record.published_by == demo_clerk.display_name and record.size == len(demo_board.pdf)
    assert record.case_nos == demo_board.case_nos
    assert record.options == {"landscape": False, "large_print": False, "posted_on": TODAY.isoformat()}
    assert (record.period_from, record.period_to, record.pages) == (DEMO_FROM, DEMO_TO, demo_board.pages)
    assert notices.publications(demo_clerk) == [record]
    assert notices.publication_pdf(demo_clerk, record.id) == demo_board.pdf
    with closing(sqlite3.connect(demo_services.paths.database)) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE notice_publication SET sha256 = 'x'")  # append-only
    with closing(sqlite3.connect(demo_services.paths.database)) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM notice_publication")


def test_a_changed_document_is_not_recorded(demo_services: Services, demo_clerk: Actor,
                                            demo_board: MadeNotice) -> None:
    import dataclasses

    from app.services.core.errors import Conflict

    forged = dataclasses.replace(demo_board, pdf=demo_board.pdf + b"%")
    with pytest.raises(Conflict):
        demo_services.notices.record(demo_clerk, forged)
    assert demo_services.notices.publications(demo_clerk) == []


def test_cli_makes_the_board_and_records_it(demo_dir: Path, tmp_path: Path) -> None:
    from tests.unit.test_cli import acting, run

    out = tmp_path / "公示" / "board.pdf"
    out.parent.mkdir()  # a folder that is not there is refused (a mistyped path must not create folders)
    result = run("notice", "--data-dir", str(demo_dir), "--from", "2026-11-01", "--to", "2026-11-20", "--large",
                 "--out", str(out), *acting("clerk1"))
    assert result.returncode == 0, result.stderr
    assert "已生成居民诉求办理情况公示" in result.stdout and "已记入公示记录" in result.stdout
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in result.stdout
    with closing(sqlite3.connect(demo_dir / "desk.sqlite3" if (demo_dir / "desk.sqlite3").exists()
                                 else next(demo_dir.glob("*.sqlite3")))) as conn:
        [(sha, by, options)] = conn.execute("SELECT sha256, published_by, options FROM notice_publication").fetchall()
    assert (sha, by) == (digest, "刘晓燕") and '"large_print": true' in options  # the account that ran it
    bad = run("notice", "--data-dir", str(demo_dir), "--from", "2026-11-20", "--to", "2026-11-01", "--out",
              str(tmp_path / "x.pdf"), *acting("clerk1"))
    assert bad.returncode == 2 and not (tmp_path / "x.pdf").exists()


# --- council decisions -----------------------------------------------------------------------------------


def test_council_notice_lists_problems_responsibilities_deadlines_and_progress(cw: Casework, tmp_path: Path) -> None:
    notices = cw.services.notices
    meeting = notices.create_meeting(cw.director, NewMeeting("3号楼楼道堆物清理", date(2026, 11, 10), "社区议事厅",
                                                             "楼道堆物由物业限期清理，居民配合。"), [
        NewItem("3号楼2单元301门口堆放杂物，王芳（电话0412 558 8765）多次反映", date(2026, 11, 30),
                cw.department("物业服务中心"), "物业经理"),
        NewItem("5号楼单元门门禁损坏", date(2026, 11, 15), responsible="社区居委会"),
        NewItem("7号楼电梯异响，联系人赵德柱 13812345678", date(2026, 11, 25), responsible="物业经理"),
    ])
    first, second, _lift = meeting.items
    notices.record_progress(cw.clerk, first.id, "已通知李 建国搬走杂物", done=False)
    notices.record_progress(cw.clerk, second.id, "门禁已更换", done=True)
    extra = notices.add_item(cw.clerk, meeting.id, NewItem("小区东门路灯不亮", date(2026, 11, 18),
                                                           responsible="街道城管科"))
    assert extra.seq == 4
    made = notices.make_council(cw.clerk, meeting.id)
    text = "\n".join(pages_text(made.pdf))
    folded = "".join(text.split())
    for heading in ("问题清单", "责任清单", "时限清单"):
        assert heading in folded
    assert "物业服务中心" in folded and "门禁已更换(11月20日)" in folded and "已完成" in folded  # dated (NFKC)
    deadlines = folded[folded.index("时限清单"):]
    assert "5号楼单元门门禁损坏" in deadlines  # the deadline list names each problem: it can be read alone
    assert "已逾期" in folded  # the street lamp: due on the 18th, today is the 20th, not done
    assert "已通知李**搬走杂物" in folded and "王*" in folded
    assert "赵德柱" not in folded and "联系人赵**" in folded  # not a resident of the community, masked all the same
    assert_nothing_identifies(text)
    assert notices.record(cw.clerk, made).kind == "council"
    assert [m.title for m in notices.meetings(cw.clerk)] == ["3号楼楼道堆物清理"]


def test_council_items_are_checked_and_need_the_permission(cw: Casework) -> None:
    notices = cw.services.notices
    with pytest.raises(ValidationError) as caught:
        notices.create_meeting(cw.clerk, NewMeeting(" ", TODAY), [NewItem("", TODAY)])
    assert set(caught.value.errors) == {"title", "items.0.problem", "items.0.responsible"}
    with pytest.raises(PermissionDenied):
        notices.create_meeting(cw.worker, NewMeeting("议题", TODAY))
    with pytest.raises(PermissionDenied):
        notices.board(cw.worker, TODAY, TODAY)


def council_rows(cw: Casework) -> list[dict[str, object]]:
    return cw.sql("SELECT seq, problem, responsible, deadline, progress, done FROM council_item ORDER BY seq")


def test_meetings_and_items_are_corrected_and_their_progress_recorded(cw: Casework) -> None:
    notices = cw.services.notices
    meeting = notices.create_meeting(cw.clerk, NewMeeting("停车难", date(2026, 11, 12), "社区议事厅"), [
        NewItem("3号楼前消防通道被占", date(2026, 11, 30), responsible="物业经理")])
    [item] = meeting.items
    notices.record_progress(cw.clerk, item.id, "已贴出挪车通知")
    fixed = notices.update_item(cw.clerk, item.id, NewItem("3号楼前消防通道被私家车占用", date(2026, 12, 5),
                                                           cw.department("物业服务中心"), ""))
    assert (fixed.problem, fixed.department, fixed.responsible, fixed.deadline) == (
        "3号楼前消防通道被私家车占用", "物业服务中心", "", date(2026, 12, 5))
    assert fixed.progress == "已贴出挪车通知" and not fixed.done  # a correction keeps the progress
    done = notices.record_progress(cw.director, item.id, "已划线并安装地锁", done=True)
    assert done.done and done.progress_at is not None
    moved = notices.update_meeting(cw.clerk, meeting.id, NewMeeting("停车难（网格议事会）", date(2026, 11, 13),
                                                                    "第一网格活动室", "占道车辆限期挪走。"))
    assert (moved.title, moved.held_on, moved.place, moved.summary) == (
        "停车难（网格议事会）", date(2026, 11, 13), "第一网格活动室", "占道车辆限期挪走。")
    assert [i.progress for i in moved.items] == ["已划线并安装地锁"]
    with cw.services.db.reading() as session:
        changes = session.execute(select(AuditEntry.actor_name, AuditEntry.details)
                                  .where(AuditEntry.entity == "council_item", AuditEntry.action == "update")
                                  .order_by(AuditEntry.seq)).all()
    assert len(changes) == 3  # progress, correction, progress: each change is in the audit trail, who and what
    assert changes[-1].actor_name == cw.director.username and "done" in str(changes[-1].details)


def test_bad_council_input_is_refused_under_its_field_and_nothing_is_written(cw: Casework) -> None:
    notices = cw.services.notices
    meeting = notices.create_meeting(cw.clerk, NewMeeting("路灯", date(2026, 11, 10)), [
        NewItem("东门路灯不亮", date(2026, 11, 15), responsible="城管科")])
    [item] = meeting.items
    before = council_rows(cw), cw.sql("SELECT title, held_on FROM council_meeting")

    def refused(call: Callable[[], object]) -> set[str]:
        with pytest.raises(ValidationError) as caught:
            call()
        return set(caught.value.errors)

    assert refused(lambda: notices.create_meeting(cw.clerk, NewMeeting("议题", date(2026, 11, 21)))) == {"held_on"}
    assert refused(lambda: notices.create_meeting(cw.clerk, NewMeeting("议题", TODAY), [
        NewItem("问题", date(2026, 11, 19), responsible="物业")])) == {"items.0.deadline"}
    assert refused(lambda: notices.add_item(cw.clerk, meeting.id, NewItem("问题", date(2026, 11, 9),
                                                                           responsible="物业"))) == {"deadline"}
    assert refused(lambda: notices.update_item(cw.clerk, item.id, NewItem(" ", date(2026, 11, 9)))) == {
        "problem", "responsible", "deadline"}  # every mistake at once
    assert refused(lambda: notices.update_item(cw.clerk, item.id, NewItem("东门路灯", date(2026, 11, 9),
                                                                           responsible="城管科"))) == {"deadline"}
    assert refused(lambda: notices.update_meeting(cw.clerk, meeting.id, NewMeeting("路灯", date(2026, 11, 16)))) \
        == {"held_on"}  # after the item's deadline (the 15th)
    assert refused(lambda: notices.update_meeting(cw.clerk, meeting.id, NewMeeting("", date(2026, 11, 21)))) == {
        "title", "held_on"}
    assert refused(lambda: notices.record_progress(cw.clerk, item.id, "　")) == {"progress"}
    for call in (lambda: notices.update_item(cw.worker, item.id, NewItem("问题", TODAY, responsible="物业")),
                 lambda: notices.update_meeting(cw.worker, meeting.id, NewMeeting("议题", TODAY)),
                 lambda: notices.record_progress(cw.worker, item.id, "完成", done=True)):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(NotFound):
        notices.record_progress(cw.clerk, uuid.uuid4(), "完成")
    assert (council_rows(cw), cw.sql("SELECT title, held_on FROM council_meeting")) == before


# --- the line breaker of the fast tables -----------------------------------------------------------------


def test_wrap_lines_keeps_punctuation_and_case_numbers_whole() -> None:
    lines = wrap_lines("物业服务中心、街道社区建设科", 6 * 11.0, 11.0)
    assert all(not line.startswith(("、", "，", "。")) for line in lines)
    assert "".join(lines) == "物业服务中心、街道社区建设科"
    assert wrap_lines("A01-20261120-0001", 80.0, 11.0) == ["A01-20261120-", "0001"]
    assert wrap_lines("已联系 A01-20261120-0001", 110.0, 11.0)[-1] == "A01-20261120-0001"


def test_now_is_the_day_the_tests_assume() -> None:
    from app.services.core.clock import local

    assert local(NOW).date() == TODAY
    assert ROOT.exists() and shutil.which("pdftotext") and shutil.which("pdffonts")


def test_the_guide_says_how_many_requests_a_board_lists() -> None:
    from app.services.notices.board import BOARD_ROWS_MAX

    guide = (ROOT / "resources" / "help" / "notices.html").read_text(encoding="utf-8")
    assert f"最多列出 {BOARD_ROWS_MAX} 件" in guide and f"最近受理的 {BOARD_ROWS_MAX} 件" in guide
