"""The three rates and the community's picture (app.services.cases.rates), checked against figures computed by hand.

The requests are built through the real workflow and escalation services on a fake clock (NOW = Friday
2026-11-20 10:00 Beijing time; LIFE-WATER: respond within 60 minutes, resolve within 24 hours). The period is
[NOW, NOW + 1 day). Times below are from each request's own intake unless said otherwise.

  A 张三  +0h   dispatched, responded +30m, resolved +5h, follow-up 满意, closed
  B 张三  +1h   dispatched, suspended +10m, resumed +2h10m (2 h stopped), responded +2h40m, resolved +9h,
                follow-up 基本满意
  C 张三  +2h   dispatched, responded +20m, 物业 called +30m (2 h) reports +1h, resolved +4h, follow-up
                不满意 (reopened), resolved again +8h, follow-up 满意
  D 李建国 +3h  (no grid) dispatched, responded +1h30m, raised to street, 物业 and 城管 called +1h40m (1 h);
                the ladder runs at NOW+6h (both overdue), 物业 reports at NOW+6h10m, 城管 never
  E 张三  +3h30m  logged only
  F 王芳  +4h   merged into D (a duplicate: not counted; her household counts at D)
  G 张三  +5h   HEALTH-ESCORT, dispatched, resolved +2h without a response first
  H 张三  +6h   dispatched, responded +10m, resolved +1h, follow-up 满意, closed, reopened by the director
  I 张三  NOW-2 days, resolved: before the period.   J 张三  NOW+1 day exactly: after it (until is exclusive).

By hand:
  received    A B C D E G H = 7 (F merged, I and J outside); households 1+1+1+2+1+1+1 = 8
  responded   A B C D G H = 6 (G: its resolution is its response)          -> response rate 6/7
  resolved    A B C G = 4 (D open, E new, H reopened)                        -> resolution rate 4/7
  follow-ups  A 满意, B 基本满意, C 不满意 + 满意, H 满意 = 5 calls, 4 satisfied, 3 满意 -> satisfaction 4/5
  response    A 30m, B 2h40m - 2h = 40m, C 20m, D 90m, G 2h, H 10m = 310m / 6 = 51m40s
  resolve     A 5h, B 9h - 2h = 7h, C 8h, G 2h = 22h / 4 = 5h30m
  departments 物业: called on C and D, reported both, on time only on C (30m; D: 1h30m after the call)
                   -> 1/2, average report 1h; 城管: called on D, overdue, never reported -> 0/1
"""

from __future__ import annotations

import csv
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.models import CaseStatus, HandlingLevel
from app.services.cases import rates
from app.services.cases.listing import CaseQuery
from app.services.core.clock import local
from app.services.core.errors import PermissionDenied, ValidationError
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
WUYE, CHENGGUAN = "物业服务中心", "街道城管科"
SINCE, UNTIL = NOW, NOW + DAY


class Story:
    """Steps of one request, each at its own time after the request's intake."""

    def __init__(self, cw: Casework, start: timedelta, resident: str = "张三", sub: str = "LIFE-WATER",
                 text: str = casework.TEXT) -> None:
        self.cw, self.start = cw, start
        cw.clock.set(NOW + start)
        self.id = cw.new_case(resident=resident, sub=sub, text=text)

    def at(self, offset: timedelta) -> Story:
        self.cw.clock.set(NOW + self.start + offset)
        return self


@pytest.fixture
def ids(cw: Casework) -> dict[str, uuid.UUID]:
    flow, clerk, director, worker = cw.flow, cw.clerk, cw.director, cw.worker
    wuye, chengguan = cw.department(WUYE), cw.department(CHENGGUAN)

    a = Story(cw, 0 * HOUR)
    flow.dispatch(clerk, a.id)
    flow.respond(worker, a.at(30 * MIN).id)
    flow.resolve(worker, a.at(5 * HOUR).id, "已更换水管接头")
    flow.follow_up(clerk, a.at(6 * HOUR).id, "satisfied")
    flow.close(director, a.at(7 * HOUR).id)

    b = Story(cw, 1 * HOUR)
    flow.dispatch(clerk, b.id)
    flow.suspend(director, b.at(10 * MIN).id, "居民外出，约定下午上门")
    flow.resume(director, b.at(2 * HOUR + 10 * MIN).id)
    flow.respond(worker, b.at(2 * HOUR + 40 * MIN).id)
    flow.resolve(worker, b.at(9 * HOUR).id, "已修复")
    flow.follow_up(clerk, b.at(10 * HOUR).id, "basically_satisfied")

    c = Story(cw, 2 * HOUR)
    flow.dispatch(clerk, c.id)
    flow.respond(worker, c.at(20 * MIN).id)
    flow.call_departments(clerk, c.at(30 * MIN).id, [wuye], hours=2)
    flow.department_report(clerk, c.at(1 * HOUR).id, wuye, "已派人到场")
    flow.resolve(worker, c.at(4 * HOUR).id, "已修复")
    flow.follow_up(clerk, c.at(5 * HOUR).id, "dissatisfied", "还在漏")
    flow.resolve(worker, c.at(8 * HOUR).id, "已彻底修复")
    flow.follow_up(clerk, c.at(9 * HOUR).id, "satisfied")

    d = Story(cw, 3 * HOUR, resident="李建国")
    flow.dispatch(clerk, d.id, assignee_id=worker.user_id)
    flow.respond(worker, d.at(90 * MIN).id)
    flow.raise_level(director, d.at(95 * MIN).id, "需街道协调")
    flow.call_departments(clerk, d.at(100 * MIN).id, [wuye, chengguan], hours=1)
    cw.services.escalation.run(NOW + 6 * HOUR)
    cw.clock.set(NOW + 6 * HOUR + 10 * MIN)
    flow.department_report(clerk, d.id, wuye, "已到场")

    e = Story(cw, 3 * HOUR + 30 * MIN)

    f = Story(cw, 4 * HOUR, resident="王芳")
    flow.merge(clerk, f.at(10 * MIN).id, d.id)

    g = Story(cw, 5 * HOUR, sub="HEALTH-ESCORT", text="老人行动不便，下周二需要陪同去医院复查。")
    flow.dispatch(clerk, g.id)
    flow.resolve(worker, g.at(2 * HOUR).id, "已陪同就医")

    h = Story(cw, 6 * HOUR)
    flow.dispatch(clerk, h.id)
    flow.respond(worker, h.at(10 * MIN).id)
    flow.resolve(worker, h.at(1 * HOUR).id, "已修复")
    flow.follow_up(clerk, h.at(2 * HOUR).id, "satisfied")
    flow.close(director, h.at(3 * HOUR).id)
    flow.reopen(director, h.at(4 * HOUR).id, "居民再次来电反映")

    i = Story(cw, -2 * DAY)
    flow.dispatch(clerk, i.id)
    flow.resolve(worker, i.at(HOUR).id, "已修复")
    j = Story(cw, DAY)
    cw.assert_cache_is_the_fold()
    return {"A": a.id, "B": b.id, "C": c.id, "D": d.id, "E": e.id, "F": f.id, "G": g.id, "H": h.id, "I": i.id,
            "J": j.id}


def test_the_totals_as_computed_by_hand(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    s = cw.services.rates.summary(cw.director, SINCE, UNTIL)
    t = s.totals
    assert (t.received, t.households, t.responded, t.resolved) == (7, 8, 6, 4)
    assert (t.follow_ups, t.satisfied, t.fully_satisfied, t.in_pool) == (5, 4, 3, 0)
    assert t.response_rate == pytest.approx(6 / 7)
    assert t.resolution_rate == pytest.approx(4 / 7)
    assert t.satisfaction_rate == pytest.approx(4 / 5)
    assert t.response_time == timedelta(minutes=51, seconds=40)
    assert t.resolve_time == timedelta(hours=5, minutes=30)
    with cw.services.db.reading() as session:
        assert rates.totals(session, SINCE, UNTIL) == t


def test_breakdowns_sum_to_the_totals(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    s = cw.services.rates.summary(cw.director, SINCE, UNTIL)
    assert [(g.name, g.figures.received, g.figures.resolved) for g in s.by_category] == [
        ("生活服务", 6, 3), ("健康医疗", 1, 1)]
    assert [(g.name, g.figures.received) for g in s.by_grid] == [("第一网格", 6), ("", 1)]  # D has no grid
    assert [(g.key, g.figures.received, g.figures.responded) for g in s.by_level] == [
        (HandlingLevel.COMMUNITY, 6, 5), (HandlingLevel.STREET, 1, 1)]
    for groups in (s.by_category, s.by_grid, s.by_level):
        assert sum((g.figures for g in groups), rates.Figures()) == s.totals
    # G alone in 健康医疗: resolved at once, 2 h to respond and to resolve, never followed up.
    health = s.by_category[1].figures
    assert (health.response_time, health.resolve_time, health.satisfaction_rate) == (2 * HOUR, 2 * HOUR, None)


def test_departments_and_their_ranking(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    s = cw.services.rates.summary(cw.director, SINCE, UNTIL)
    assert [(g.name, g.figures.received, g.figures.resolved) for g in s.by_department] == [(WUYE, 2, 1),
                                                                                          (CHENGGUAN, 1, 0)]
    wuye, chengguan = s.ranking
    assert (wuye.name, wuye.called, wuye.reported, wuye.on_time, wuye.overdue, wuye.unjudged) == (WUYE, 2, 2, 1, 1, 0)
    assert wuye.on_time_rate == 0.5 and wuye.report_time == HOUR  # (30 m + 1 h 30 m) / 2
    assert (chengguan.called, chengguan.reported, chengguan.overdue, chengguan.on_time_rate) == (1, 0, 1, 0.0)
    assert chengguan.report_time is None
    assert [d.name for d in s.red_list] == [WUYE, CHENGGUAN] and s.black_list == []  # two: no one is on both


def test_merged_requests_count_at_their_survivor(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    s = cw.services.rates.summary(cw.director, SINCE, UNTIL, CaseQuery(department_id=cw.department(CHENGGUAN)))
    assert (s.totals.received, s.totals.households) == (1, 2)  # D, with 王芳's household from F


def test_the_list_filters_apply(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    service = cw.services.rates
    health, _ = cw.category("HEALTH-ESCORT")
    assert service.summary(cw.director, SINCE, UNTIL, CaseQuery(category_id=health)).totals.received == 1
    grid = service.summary(cw.director, SINCE, UNTIL).by_grid[0].key
    assert isinstance(grid, uuid.UUID)
    assert service.summary(cw.director, SINCE, UNTIL, CaseQuery(grid_id=grid)).totals.received == 6
    by_text = service.summary(cw.director, SINCE, UNTIL, CaseQuery(text="漏水")).totals
    assert by_text.received == 6  # every LIFE-WATER request says 漏水; G (就医) does not
    assert service.summary(cw.director, SINCE, UNTIL, CaseQuery(text="！！")).totals.received == 0


def test_a_period_with_nothing_in_it_has_no_rates(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    t = cw.services.rates.summary(cw.director, NOW - 30 * DAY, NOW - 20 * DAY).totals
    assert t == rates.Figures()
    assert (t.response_rate, t.resolution_rate, t.satisfaction_rate, t.response_time, t.resolve_time) == (
        None, None, None, None, None)


def test_weekly_trend_by_category(cw: Casework, ids: dict[str, uuid.UUID]) -> None:
    trend = cw.services.rates.trend(cw.director, SINCE, UNTIL)
    assert [name for _, name in trend.categories] == ["生活服务", "健康医疗", "就业帮扶", "权益保障", "环境改善"]
    assert len(trend.weeks) == rates.TREND_WEEKS_MIN
    last = trend.weeks[-1]
    assert str(last.start) == "2026-11-16"  # the Monday of NOW's week; whole weeks: I (Wed) and J (Sat) too
    life, health = trend.categories[0][0], trend.categories[1][0]
    assert (last.received.get(life), last.received.get(health), last.total, last.resolved) == (8, 1, 9, 5)
    assert all(w.total == 0 for w in trend.weeks[:-1])


def test_only_the_director_and_the_administrator_see_the_statistics(cw: Casework) -> None:
    for actor in (cw.clerk, cw.worker, cw.timebank):
        with pytest.raises(PermissionDenied):
            cw.services.rates.summary(actor, SINCE, UNTIL)
    assert cw.services.rates.summary(cw.admin, SINCE, UNTIL).totals.received == 0


# --- exports -------------------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_figures_to_xlsx_read_back(cw: Casework, ids: dict[str, uuid.UUID], tmp_path: Path) -> None:
    day = local(NOW).date()
    out = tmp_path / "figures.xlsx"
    result = cw.services.export.export_figures(cw.director, "xlsx", out, day, day)  # the 20th: A to H, not J
    assert result.received == 7
    wb = load_workbook(out)
    try:
        assert wb.sheetnames == ["总体", "按类别", "按网格", "按办理层级", "按部门", "部门红黑榜", "周趋势"]
        overview = list(wb["总体"].iter_rows(values_only=True))
        totals = dict(zip(overview[3], overview[4], strict=True))
        assert (totals["受理件数"], totals["涉及户数"], totals["已响应"], totals["已办结"], totals["回访次数"]) == (
            7, 8, 6, 4, 5)
        assert (totals["响应率(%)"], totals["解决率(%)"], totals["满意率(%)"]) == (85.7, 57.1, 80.0)
        assert (totals["平均响应用时(分钟)"], totals["平均办结用时(小时)"]) == (51.7, 5.5)
        assert any(r[0] and str(r[0]).startswith("满意率 =") for r in overview)  # the definitions travel along
        levels = list(wb["按办理层级"].iter_rows(values_only=True))
        assert [(r[0], r[1]) for r in levels[1:]] == [("社区自办", 6), ("街道吹哨", 1)]
        grids = list(wb["按网格"].iter_rows(values_only=True))
        assert [(r[0], r[1]) for r in grids[1:]] == [("第一网格", 6), ("（无网格）", 1)]
        board = list(wb["部门红黑榜"].iter_rows(values_only=True))
        assert [(r[0], r[1], r[2], r[8]) for r in board[1:]] == [("红榜", 1, WUYE, 50.0), ("红榜", 2, CHENGGUAN, 0.0)]
        weeks = list(wb["周趋势"].iter_rows(values_only=True))
        assert weeks[1][0] == "2026-11-16" and weeks[1][-2:] == (9, 5)
    finally:
        wb.close()


def test_figures_to_csv_with_the_list_filters(cw: Casework, ids: dict[str, uuid.UUID], tmp_path: Path) -> None:
    day = local(NOW).date()
    out = tmp_path / "figures.csv"
    query = CaseQuery(department_id=cw.department(WUYE))  # C and D
    cw.services.export.export_figures(cw.director, "csv", out, day, day, query)
    rows = read_csv(out)
    assert rows[0] == ["【总体】"]
    header = rows[4]
    totals = dict(zip(header, rows[5], strict=True))
    assert (totals["项目"], totals["受理件数"], totals["已响应"], totals["已办结"], totals["回访次数"]) == (
        "合计", "2", "2", "1", "2")
    assert totals["平均响应用时(分钟)"] == "55.0"  # C 20 m, D 90 m
    assert ["【部门红黑榜】"] in rows and ["【周趋势】"] in rows


def test_the_ledger_with_filters_read_back(cw: Casework, ids: dict[str, uuid.UUID], tmp_path: Path) -> None:
    out = tmp_path / "ledger.xlsx"
    day = local(NOW).date()
    result = cw.services.export.export(cw.director, "xlsx", out, CaseQuery(date_from=day, date_to=day))
    assert result.cases == 8  # A to H, the merged F too: the ledger lists every request logged
    wb = load_workbook(out)
    try:
        rows = list(wb["诉求台账"].iter_rows(values_only=True))
    finally:
        wb.close()
    ledger = [dict(zip(rows[1], r, strict=True)) for r in rows[2:]]
    by_no = {r["受理编号"]: r for r in ledger}
    c = by_no[cw.case(ids["C"])["case_no"]]
    assert (c["状态"], c["办理层级"], c["回访满意度"], c["难点问题库"]) == ("已办结", "社区自办", "满意", "否")
    assert (c["首次响应时间"], c["办结时间"]) == ("2026-11-20T12:20:00+08:00", "2026-11-20T20:00:00+08:00")
    d = by_no[cw.case(ids["D"])["case_no"]]
    assert (d["状态"], d["办理层级"], d["涉及户数"], d["办结时间"]) == ("已响应", "街道吹哨", 2, None)
    h = by_no[cw.case(ids["H"])["case_no"]]
    assert (h["状态"], h["回访满意度"]) == ("已派单", "满意")  # reopened: the last call's answer stays

    out = tmp_path / "resolved.csv"
    result = cw.services.export.export(cw.director, "csv", out, CaseQuery(statuses=(CaseStatus.RESOLVED,)))
    rows = read_csv(out)
    assert result.cases == len(rows) - 2 == 4  # B, C, G and I (no dates given); A and H's first round closed
    assert {r[9] for r in rows[2:]} == {"已办结"}


def test_figures_need_the_statistics_and_a_spreadsheet_format(cw: Casework, tmp_path: Path) -> None:
    day = local(NOW).date()
    with pytest.raises(PermissionDenied):
        cw.services.export.export_figures(cw.clerk, "csv", tmp_path / "f.csv", day, day)
    with pytest.raises(ValidationError):
        cw.services.export.export_figures(cw.director, "json", tmp_path / "f.json", day, day)
    with pytest.raises(ValidationError):
        cw.services.export.export_figures(cw.director, "csv", tmp_path / "f.csv", day, day - DAY)
    assert not list(tmp_path.glob("f.*"))
