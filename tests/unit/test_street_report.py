"""The street's report (工作简报, app.services.cases.briefing), its PDF read back with pdftotext and its .docx read back
with python-docx, against figures counted by hand.

NOW is Friday 2026-11-20 10:00 (Beijing); this week is Monday 11-16 to Sunday 11-22, the week before 11-09 to 11-15.
LIFE-WATER and LIFE-HEATING (生活服务) resolve within 24 hours, HEALTH-ESCORT (健康医疗) within 48; a follow-up call
is due 72 hours after a resolution; 张三 and 王芳 live in 3号楼 (grid 1), 李建国 in 5号楼 (no grid). The ladder runs
once, at NOW. Times are local.

This week:
  A 张三   Tue 11-17 10:00 LIFE-WATER   来访   responded +30m, resolved +5h, follow-up 满意
  B 王芳   Wed 11-18 10:00 LIFE-WATER   来电   responded +20m, 物业 called +30m (2 h) reports +1h (on time),
                                              resolved +4h, follow-up 不满意 at 15:00: reopened (respond by 16:00,
                                              resolve by Thu 15:00: both pass before NOW -> pool, overdue)
  C 李建国 Wed 11-18 11:00 LIFE-HEATING 网上   城管 called +1h (1 h), never responds nor reports (respond by 11:30,
                                              resolve by Thu 11:00 -> pool, overdue; 城管 overdue)
  F 王芳   Wed 11-18 12:00 merged into C (not counted; her household counts at C)
  G 李建国 Thu 11-19 10:00 HEALTH-ESCORT 来访  resolved +2h without a response first (follow-up due Sun)
  D 张三   Fri 11-20 09:30 LIFE-WATER   民情专员 logged only (respond by 10:30: not overdue)
The week before:
  P1 张三  Thu 11-12 10:00 LIFE-WATER 来访  responded, resolved, follow-up 满意, closed
  P2 李建国 Fri 11-13 10:00 LIFE-WATER 来电 responded, resolved, follow-up 不满意 at 14:00: reopened -> pool, overdue
  P3 王芳  Sat 11-14 10:00 LIFE-WATER 来电  responded +30m, open (resolve by Sun 10:00 -> pool, overdue)
Earlier in November: X 张三 Sun 11-01 10:00 LIFE-WATER, resolved +3h, never called back (follow-up due 11-04 13:00:
overdue, resolved). October: Y 张三 10-20, resolved, follow-up 满意.

By hand, this week: received A B C D G = 5, households 1+1+2+1+1 = 6; 来访 2 (A G), 来电 1, 民情专员 1, 网上 1;
responded A B G = 3/5 = 60.0%; resolved A G = 2/5 = 40.0%; follow-up calls A 满意, B 不满意 = 1/2 = 50.0%; into the
pool B C = 2. 生活服务 A B C D: 4 received, 1 resolved (25.0%), 1/2 satisfied, 2 in the pool; 健康医疗 G: 1, 1
(100.0%), no call (—), 0. Average response (30m + 20m + 2h) / 3 = 56m40s; resolution (5h + 2h) / 2 = 3h30m.
The week runs on (made on Friday), so it is compared with the same days of the week before, Monday 11-09 to Friday
11-13 (上周同期): P1 and P2 (P3, Saturday, is not in the same span): 2 received, 2 responded (100.0%), 1 resolved
(P1; P2 was reopened: 50.0%), 1 of 2 calls satisfied (50.0%). So the response rate 下降40.0个百分点, the resolution
rate 下降10.0个百分点 (40.0 - 50.0), satisfaction 持平; 5 against 2: 增加3件.
The pool now (not resolved), oldest first: P2 P3 B C. Past a limit now, by due time: X (11-04, resolved: waiting for
its call), P2 (11-13 15:00), P3 (11-15 10:00), C (11-18 11:30), B (11-18 16:00): 5.
Hot spots this week (3 or more of one problem from one building within 14 days): 3号楼 水电维修, A B D (11-17 to
11-20); 5号楼 has C alone (F, merged, does not count). The week before: 3号楼 水电维修 has P1 and P3 only.
Departments on this week's requests: 物业 called once (B), on time: 1/1 = 100.0%, its request B not resolved (0.0%),
its call 不满意 (0.0%); 城管 called once (C), overdue: 0/1 = 0.0%, C not resolved, no call (—). 物业 ranks first.
The month (November, to the 20th): X P1 P2 P3 A B C D G = 9 against October's 1 to 20th: 1 (Y, 10-20): 增加8件.
"""

from __future__ import annotations

import dataclasses
import subprocess
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from app.models import Channel, Scope
from app.services.cases.briefing import Change, HotSpotLine, StreetReport, period_of
from app.services.cases.intake import IntakeForm
from app.services.core.clock import LOCAL_TZ
from app.services.core.errors import DomainError, PermissionDenied, ValidationError
from app.services.documents.street_report import render_street_report
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
TODAY = date(2026, 11, 20)
WUYE, CHENGGUAN = "物业服务中心", "街道城管科"
PHONES = {"张三": "13812345678", "王芳": "0412 558 8765", "李建国": "13998765432"}
# Names, phones (whole or masked), flats and the description: none of it is on the report (numbers in the case numbers
# are, so a room is looked for with its 室).
SECRETS = ("张三", "王芳", "李建国", "张*", "13812345678", "****", "13998765432", "0412", "5588765", "单元", "301室",
           "302室", "101室", "漏水", "天花板")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LOCAL_TZ)


class Story:
    def __init__(self, cw: Casework, start: datetime, resident: str, sub: str, channel: Channel) -> None:
        self.cw, self.start = cw, start
        cw.clock.set(start)
        category_id, subcategory_id = cw.category(sub)
        form = IntakeForm(channel=channel.value, resident_id=cw.residents[resident].id, category_id=category_id,
                          subcategory_id=subcategory_id, description=casework.TEXT, urgency=3,
                          scope=Scope.HOUSEHOLD.value,
                          caller_phone=PHONES[resident] if channel is Channel.PHONE else "")
        saved = cw.services.intake.submit(cw.clerk, form)
        self.id, self.no = saved.case_id, saved.case_no
        # 张三 and 王芳 are in grid 1 (their worker's); 李建国's building has no grid: dispatched to the worker by name
        cw.flow.dispatch(cw.clerk, self.id, assignee_id=cw.worker.user_id)

    def after(self, offset: timedelta) -> uuid.UUID:
        self.cw.clock.set(self.start + offset)
        return self.id


@pytest.fixture
def nos(cw: Casework) -> dict[str, str]:
    flow, clerk, director, worker = cw.flow, cw.clerk, cw.director, cw.worker
    wuye, chengguan = cw.department(WUYE), cw.department(CHENGGUAN)
    walk_in, phone, online, collector = Channel.WALK_IN, Channel.PHONE, Channel.ONLINE, Channel.COLLECTOR

    y = Story(cw, at(20, 10, month=10), "张三", "LIFE-WATER", walk_in)
    flow.resolve(worker, y.after(3 * HOUR), "已修好")
    flow.follow_up(clerk, y.after(4 * HOUR), "satisfied")
    x = Story(cw, at(1, 10), "张三", "LIFE-WATER", walk_in)
    flow.resolve(worker, x.after(3 * HOUR), "已修好")

    p1 = Story(cw, at(12, 10), "张三", "LIFE-WATER", walk_in)
    flow.respond(worker, p1.after(30 * MIN))
    flow.resolve(worker, p1.after(3 * HOUR), "已修好")
    flow.follow_up(clerk, p1.after(4 * HOUR), "satisfied")
    flow.close(director, p1.after(5 * HOUR))
    p2 = Story(cw, at(13, 10), "李建国", "LIFE-WATER", phone)
    flow.respond(worker, p2.after(30 * MIN))
    flow.resolve(worker, p2.after(3 * HOUR), "已修好")
    flow.follow_up(clerk, p2.after(4 * HOUR), "dissatisfied", "还在漏")
    p3 = Story(cw, at(14, 10), "王芳", "LIFE-WATER", phone)
    flow.respond(worker, p3.after(30 * MIN))

    a = Story(cw, at(17, 10), "张三", "LIFE-WATER", walk_in)
    flow.respond(worker, a.after(30 * MIN))
    flow.resolve(worker, a.after(5 * HOUR), "已更换水管接头")
    flow.follow_up(clerk, a.after(6 * HOUR), "satisfied")
    b = Story(cw, at(18, 10), "王芳", "LIFE-WATER", phone)
    flow.respond(worker, b.after(20 * MIN))
    flow.call_departments(clerk, b.after(30 * MIN), [wuye], hours=2)
    flow.department_report(clerk, b.after(1 * HOUR), wuye, "已派人到场")
    flow.resolve(worker, b.after(4 * HOUR), "已修复")
    flow.follow_up(clerk, b.after(5 * HOUR), "dissatisfied", "还在漏")
    c = Story(cw, at(18, 11), "李建国", "LIFE-HEATING", online)
    flow.call_departments(clerk, c.after(1 * HOUR), [chengguan], hours=1)
    f = Story(cw, at(18, 12), "王芳", "LIFE-HEATING", walk_in)
    flow.merge(clerk, f.after(10 * MIN), c.id)
    g = Story(cw, at(19, 10), "李建国", "HEALTH-ESCORT", walk_in)
    flow.resolve(worker, g.after(2 * HOUR), "已陪同就医")
    d = Story(cw, at(20, 9, 30), "张三", "LIFE-WATER", collector)

    cw.clock.set(NOW)
    cw.services.escalation.run(NOW)
    return {"A": a.no, "B": b.no, "C": c.no, "D": d.no, "F": f.no, "G": g.no, "P1": p1.no, "P2": p2.no,
            "P3": p3.no, "X": x.no, "Y": y.no}


def week(cw: Casework) -> StreetReport:
    return cw.services.street_report.report(cw.director, "week", TODAY)


def test_the_weeks_figures_as_counted_by_hand(cw: Casework, nos: dict[str, str]) -> None:
    r = week(cw)
    assert (r.period.first, r.period.last, r.period.name, r.period.days) == (
        date(2026, 11, 16), date(2026, 11, 22), "2026年第47周", "2026年11月16日至22日")
    assert not r.complete  # made on Friday: the week runs on
    t = r.totals
    assert (t.received, t.households, t.responded, t.resolved, t.follow_ups, t.satisfied, t.in_pool) == (
        5, 6, 3, 2, 2, 1, 2)
    assert (t.response_time, t.resolve_time) == (timedelta(minutes=56, seconds=40), timedelta(hours=3, minutes=30))
    assert [(c.name, c.count) for c in r.by_channel] == [("来访", 2), ("来电", 1), ("民情专员", 1), ("网上", 1)]
    assert [(g.name, g.figures.received, g.figures.resolved, g.figures.follow_ups, g.figures.satisfied,
             g.figures.in_pool) for g in r.by_category] == [("生活服务", 4, 1, 2, 1, 2), ("健康医疗", 1, 1, 0, 0, 0)]
    b = r.before
    assert (b.received, b.responded, b.resolved, b.follow_ups, b.satisfied) == (2, 2, 1, 2, 1)
    assert r.before_word == "上周同期"
    assert [(c.name, c.counted, c.points, c.trend, c.words) for c in r.changes] == [
        ("响应率", "3/5", -40.0, "下降", "下降40.0个百分点"),
        ("解决率", "2/5", -10.0, "下降", "下降10.0个百分点"),
        ("满意率", "1/2", 0.0, "持平", "持平")]
    assert r.pool.total == 4
    assert [line.case_no for line in r.pool.lines] == [nos["P2"], nos["P3"], nos["B"], nos["C"]]
    assert [(line.building, line.category, line.level) for line in r.pool.lines] == [
        ("5号楼", "水电维修", "街道吹哨"), ("3号楼", "水电维修", "街道吹哨"), ("3号楼", "水电维修", "街道吹哨"),
        ("5号楼", "供暖", "街道吹哨")]
    assert r.overdue.total == 5
    assert [line.case_no for line in r.overdue.lines] == [nos["X"], nos["P2"], nos["P3"], nos["C"], nos["B"]]
    assert r.overdue.lines[0].status == "已办结" and r.overdue.lines[3].due_at == at(18, 11, 30)
    assert [(d.name, d.called, d.on_time, d.overdue, d.on_time_rate, d.cases.received, d.cases.resolution_rate,
             d.cases.satisfaction_rate) for d in r.departments] == [
        (WUYE, 1, 1, 0, 1.0, 1, 0.0, 0.0), (CHENGGUAN, 1, 0, 1, 0.0, 1, 0.0, None)]
    assert [(h.building, h.category, h.count, h.first_on, h.last_on, h.case_nos) for h in r.hot_spots] == [
        ("3号楼", "水电维修", 3, date(2026, 11, 17), date(2026, 11, 20), (nos["A"], nos["B"], nos["D"]))]


def test_the_month_against_the_month_before(cw: Casework, nos: dict[str, str]) -> None:
    r = cw.services.street_report.report(cw.director, "month", TODAY)
    assert (r.period.name, r.period.days, r.previous.name) == ("2026年11月", "2026年11月1日至30日", "2026年10月")
    assert (r.totals.received, r.before.received, r.before.satisfied) == (9, 1, 1)
    assert r.pool.total == 4 and r.overdue.total == 5  # as they stand now: the same requests as the week's


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(text: str) -> str:
    return "".join(text.split())


def test_the_pdf_read_back(cw: Casework, nos: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "简报.pdf"
    made = cw.services.street_report.write(cw.director, "week", TODAY, out)
    assert made.received == 5 and made.period.name == "2026年第47周"
    reader = PdfReader(out)
    assert made.pages == len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)  # A4
    pages = [flat(p) for p in pdf_text(out).split("\f") if p.strip()]
    assert all(f"—{n}—" in page for n, page in enumerate(pages, start=1))
    text = flat(pdf_text(out))
    for words in ("工作简报", "幸福里社区2026年第47周诉求办理情况", "（2026年11月16日至22日）",
                  "共受理居民诉求5件，涉及6户，较上周同期（2件）增加3件",
                  "按渠道：来访2件、来电1件、民情专员1件、网上1件",
                  "生活服务41", "25.0%50.0%2", "健康医疗11100.0%—0", "合计5240.0%50.0%2",
                  "响应率60.0%（3/5），较上周同期下降40.0个百分点", "解决率40.0%（2/5），较上周同期下降10.0个百分点",
                  "满意率50.0%（1/2），较上周同期持平", "平均响应用时56分钟，平均办结用时3小时30分钟",
                  "进入难点问题库的2件", "仍在难点问题库中未办结的诉求共4件",
                  "超过办理时限的诉求共5件（含办结后超过回访时限、状态为“已办结”的）",
                  f"{WUYE}110100.0%10.0%0.0%", f"{CHENGGUAN}1010.0%10.0%—", "报：站前街道办事处",
                  "本周有1处同一楼栋同类问题集中反映（14天内3件及以上）", "11-17至11-20"):
        assert words in text, words
    for no in ("P2", "P3", "B", "C", "X"):
        assert nos[no] in text, no
    heat = text[text.index("三、热点问题"):text.index("四、难点问题库")]
    assert all(f"{nos[k]}、" in heat for k in "AB") and nos["D"] in heat  # a cell's lines: read among the others'
    pool = text[text.index("四、难点问题库"):text.index("五、超期诉求")]
    assert pool.index(nos["P2"]) < pool.index(nos["P3"]) < pool.index(nos["B"]) < pool.index(nos["C"])
    assert nos["F"] not in text  # merged
    assert nos["A"] not in text[text.index("四、难点问题库"):]  # A is in the hot spot, in no list: called back
    assert "3号楼" in text and "5号楼" in text
    assert not [s for s in SECRETS if s in text]  # nobody named, no phone, no room, no description


def test_the_docx_read_back(cw: Casework, nos: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "简报.docx"
    made = cw.services.street_report.write(cw.director, "week", TODAY, out)
    assert made.pages is None and made.received == 5
    document = read_docx(str(out))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]  # A4, GB/T 9704's margins (twips)
    paragraphs = [p.text for p in document.paragraphs]
    body = flat("".join(paragraphs))
    for words in ("工作简报", "幸福里社区2026年第47周诉求办理情况",
                  "共受理居民诉求5件，涉及6户，较上周同期（2件）增加3件",
                  "响应率60.0%（3/5），较上周同期下降40.0个百分点", "解决率40.0%（2/5），较上周同期下降10.0个百分点",
                  "满意率50.0%（1/2），较上周同期持平", "仍在难点问题库中未办结的诉求共4件", "一、总体情况",
                  "六、职能部门考评"):
        assert words in body, words
    title = next(p for p in document.paragraphs if "诉求办理情况" in p.text and p.text.startswith("幸福里"))
    assert all(run.bold for run in title.runs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    assert tables[0] == [["类别", "受理", "已办结", "解决率", "满意率", "进入难点库"],
                         ["生活服务", "4", "1", "25.0%", "50.0%", "2"], ["健康医疗", "1", "1", "100.0%", "—", "0"],
                         ["合计", "5", "2", "40.0%", "50.0%", "2"]]
    assert tables[1][1:4] == [["响应率", "60.0%", "100.0%", "下降40.0个百分点"],
                              ["解决率", "40.0%", "50.0%", "下降10.0个百分点"], ["满意率", "50.0%", "50.0%", "持平"]]
    pool = next(t for t in tables if t[0][0] == "受理编号" and t[0][-1] == "状态" and t[0][4] == "办理层级")
    assert [row[0] for row in pool[1:]] == [nos["P2"], nos["P3"], nos["B"], nos["C"]]
    assert tables[-1][1][:5] == [WUYE, "1", "1", "0", "100.0%"]
    cells = flat("".join(c for t in tables for row in t for c in row))
    assert not [s for s in SECRETS if s in body + cells]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and footer.paragraphs[0].alignment.name == \
            side.upper()
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert document.settings.odd_and_even_pages_header_footer


def test_refusals_write_nothing(cw: Casework, nos: dict[str, str], tmp_path: Path) -> None:
    service = cw.services.street_report
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.pdf"
    with pytest.raises(ValidationError) as future:
        service.write(cw.director, "week", TODAY + DAY, out)
    assert set(future.value.errors) == {"to"} and "2026-11-21 has not come yet" in future.value.render()
    with pytest.raises(ValidationError) as kind:
        service.write(cw.director, "year", TODAY, out)
    assert set(kind.value.errors) == {"kind"}
    with pytest.raises(ValidationError) as suffix:
        service.write(cw.director, "week", TODAY, folder / "r.xlsx")
    assert set(suffix.value.errors) == {"out"} and "r.xlsx" in suffix.value.render()
    with pytest.raises(DomainError) as empty:
        service.write(cw.director, "month", date(2026, 9, 30), out)  # September: no request
    assert empty.value.render() == ("No requests were received in 2026年9月 (2026年9月1日至30日): there is nothing to "
                                    "report.")
    with pytest.raises(PermissionDenied):
        service.write(cw.clerk, "week", TODAY, out)
    assert list(folder.iterdir()) == []
    assert service.report(cw.director, "week", date(2026, 10, 20)).totals.received == 1  # Y's week: there is one


def test_a_finished_period_says_no_more_than_its_figures(cw: Casework, nos: dict[str, str], tmp_path: Path) -> None:
    """The week before, seen today: whole; its report compares it with the week before it (nothing: 无可比数据)."""
    r = cw.services.street_report.report(cw.director, "week", date(2026, 11, 15))
    assert r.complete and r.totals.received == 3 and r.before.received == 0 and r.hot_spots == ()
    assert [c.words for c in r.changes] == ["无可比数据"] * 3
    out = tmp_path / "上周.pdf"
    cw.services.street_report.write(cw.director, "week", date(2026, 11, 15), out)
    text = flat(pdf_text(out))
    assert "尚未结束" not in text and "较上周（0件）增加3件" in text and "响应率100.0%（3/3），较上周无可比数据" in text
    assert "本周未发现同一楼栋同类问题集中反映（14天内3件及以上）的情况" in text
    # the pool and the overdue requests are the street's work now, as the week's report says them
    assert r.pool.total == 4 and r.overdue.total == 5


def test_the_periods() -> None:
    last_week = period_of("week", date(2026, 12, 31))  # a Thursday: the week runs into the new year
    assert (last_week.first, last_week.last, last_week.name, last_week.days) == (
        date(2026, 12, 28), date(2027, 1, 3), "2026年第53周", "2026年12月28日至2027年1月3日")
    assert last_week.previous().first == date(2026, 12, 21)
    assert period_of("week", date(2026, 11, 16)) == period_of("week", date(2026, 11, 22))  # Monday and Sunday
    february = period_of("month", date(2028, 2, 10))
    assert (february.first, february.last, february.days) == (date(2028, 2, 1), date(2028, 2, 29),
                                                              "2028年2月1日至29日")
    assert period_of("month", date(2027, 1, 5)).previous().name == "2026年12月"
    assert period_of("week", date(2026, 8, 31)).days == "2026年8月31日至9月6日"


@pytest.mark.parametrize(("now", "before", "words"), [
    (0.6, 0.5, "上升10.0个百分点"), (0.5, 0.6, "下降10.0个百分点"), (0.5, 0.5, "持平"),
    (0.5004, 0.5, "持平"),        # 0.04 points: rounds to 0.0
    (0.5006, 0.5, "上升0.1个百分点"),  # 0.06 points: one decimal
    (None, 0.5, "无可比数据"), (0.5, None, "无可比数据")])
def test_the_trend_of_a_rate(now: float | None, before: float | None, words: str) -> None:
    assert Change("满意率", now, before, "").words == words



def test_many_hot_spots_and_long_ones_fit_the_page(cw: Casework, nos: dict[str, str], tmp_path: Path) -> None:
    """A busy month's 25 hot spots of 8 requests each: the table lists the 10 with most requests, each row the first
    three numbers and how many in all; the PDF lays out (a row of every number once ran taller than a page)."""
    report = week(cw)
    many = tuple(HotSpotLine(f"{n}号楼", "供暖", 8, date(2026, 11, 16), date(2026, 11, 20),
                             tuple(f"A01-202611{16 + i % 5}-{n:02d}{i:02d}" for i in range(8))) for n in range(1, 26))
    busy = dataclasses.replace(report, hot_spots=many)
    out = tmp_path / "busy.pdf"
    render_street_report(busy, out)
    text = flat(pdf_text(out))
    assert "本周有25处同一楼栋同类问题集中反映" in text and "下表列出件数最多的10处" in text
    assert "10号楼" in text and "11号楼" not in text
    assert all(f"{no}、" in text for no in ("A01-20261116-0100", "A01-20261117-0101"))
    assert "A01-20261118-0102等8件" in text and "A01-20261119-0103" not in text
