"""Hot spots (热点) and the heating seasons against hand-counted requests.

The residents: 张三, 张秀兰 and 王芳 live in building 3, 李建国 in building 5. Every request is logged at 10:00 local
time on the day named (November 2026 unless said otherwise); the period is November 2026.

  building 3, 供暖      11-01 张三, 11-07 王芳, 11-14 张秀兰, 11-28 张三; and 11-14 王芳 merged into 11-14 张秀兰's
                        -> 3 in 14 days (the 1st to the 14th): a hot spot of 4 (every request of the period; the
                           merged one does not count); 10-31 23:00 张三 is before the period
  building 5, 水电维修  11-01, 11-08, 11-15 李建国 -> 3 in 15 days: no hot spot (one with a window of 15 days)
  building 5, 供暖      11-02, 11-03 李建国 -> 2: no hot spot (with building 3's it would be 5: buildings apart)
  building 5, 临时分类 (a class without sub-categories) 11-20, 11-21, 11-22 李建国 -> a hot spot of 3 on the class
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from app.demo import hotspots as demo_hotspots
from app.models import Channel, Scope
from app.services.cases import hotspots
from app.services.cases.categories import CategoryInput
from app.services.cases.hotspots import HotSpot, season_of
from app.services.cases.intake import IntakeForm
from app.services.cases.rates import span
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied
from tests.unit import casework
from tests.unit.casework import Casework

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

NOVEMBER = span(date(2026, 11, 1), date(2026, 11, 30))


def log(cw: Casework, day: date, resident: str, sub: str, hour: int = 10) -> uuid.UUID:
    cw.clock.set(datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ))
    return cw.new_case(resident=resident, sub=sub, text=f"{day:%m月%d日}反映：暖气不热，室温只有十四度，请派人检查。")


def log_in_class(cw: Casework, day: date, resident: str, class_id: uuid.UUID) -> uuid.UUID:
    cw.clock.set(datetime(day.year, day.month, day.day, 10, tzinfo=LOCAL_TZ))
    form = IntakeForm(channel=Channel.WALK_IN.value, resident_id=cw.residents[resident].id, category_id=class_id,
                      subcategory_id=None, description="小区门口的临时问题，请社区协调处理一下。", urgency=3,
                      scope=Scope.HOUSEHOLD.value)
    return cw.services.intake.submit(cw.clerk, form).case_id


def nov(day: int) -> date:
    return date(2026, 11, day)


@pytest.fixture
def november(cw: Casework) -> dict[str, object]:
    """The requests of the module's table; returns the ids worth checking."""
    log(cw, date(2026, 10, 31), "张三", "LIFE-HEATING", hour=23)
    heating3 = [log(cw, nov(1), "张三", "LIFE-HEATING"), log(cw, nov(7), "王芳", "LIFE-HEATING"),
                log(cw, nov(14), "张秀兰", "LIFE-HEATING")]
    duplicate = log(cw, nov(14), "王芳", "LIFE-HEATING", hour=11)
    cw.flow.merge(cw.clerk, duplicate, heating3[2])
    heating3.append(log(cw, nov(28), "张三", "LIFE-HEATING"))
    for day in (1, 8, 15):
        log(cw, nov(day), "李建国", "LIFE-WATER")
    for day in (2, 3):
        log(cw, nov(day), "李建国", "LIFE-HEATING")
    temporary = cw.services.community.categories.create(cw.admin, CategoryInput("临时分类")).id
    in_class = [log_in_class(cw, nov(day), "李建国", temporary) for day in (20, 21, 22)]
    return {"heating3": heating3, "duplicate": duplicate, "class": temporary, "in_class": in_class}


def spots(cw: Casework, min_count: int = 3, window_days: int = 14) -> list[HotSpot]:
    return cw.services.hot_spots.hot_spots(cw.clerk, *NOVEMBER, min_count, window_days)


def test_hot_spots_by_building_and_problem(cw: Casework, november: dict[str, object]) -> None:
    found = spots(cw)
    heating = cw.category("LIFE-HEATING")[1]
    assert [(s.building, s.category_id, s.category_name, s.count) for s in found] == [
        ("3", heating, "供暖", 4),                # the most requests first
        ("5", november["class"], "临时分类", 3),  # the class, when the requests have no sub-category
    ]
    spot = found[0]
    assert spot.case_ids == tuple(november["heating3"])  # type: ignore[arg-type]  # oldest first, no duplicate
    assert november["duplicate"] not in spot.case_ids
    assert spot.first_at == datetime(2026, 11, 1, 10, tzinfo=LOCAL_TZ)
    assert spot.last_at == datetime(2026, 11, 28, 10, tzinfo=LOCAL_TZ)
    assert spot.case_nos == tuple(cw.case(c)["case_no"] for c in spot.case_ids)
    assert found[1].case_ids == tuple(november["in_class"])  # type: ignore[arg-type]


def test_the_window_edges(cw: Casework, november: dict[str, object]) -> None:
    # 李建国's 水电维修 on the 1st, 8th and 15th: 15 days apart -> a hot spot with a window of 15 days only
    water = cw.category("LIFE-WATER")[1]
    assert water not in {s.category_id for s in spots(cw)}
    wide = [s for s in spots(cw, window_days=15) if s.category_id == water]
    assert [(s.building, s.count) for s in wide] == [("5", 3)]
    # four in 14 days: building 3's heating has 1, 7, 14 (and 28): only three in any 14 days, the merged 14th's
    # duplicate not counted
    assert spots(cw, min_count=4) == []
    # two requests are enough for building 5's heating (2nd and 3rd) and, with a window of 7 days, for building 3's
    # (7th and 14th: 8 days apart, no; 1st and 7th: 7 days, yes)
    two = {(s.building, s.category_name): s.count for s in spots(cw, min_count=2, window_days=7)}
    assert two[("5", "供暖")] == 2 and two[("3", "供暖")] == 4 and ("5", "水电维修") not in two
    assert ("3", "供暖") not in {(s.building, s.category_name) for s in spots(cw, min_count=2, window_days=6)}


def test_the_period_bounds_the_requests(cw: Casework, november: dict[str, object]) -> None:
    # From 11-02: building 3's heating has 7, 14, 28: no three in 14 days any more
    found = cw.services.hot_spots.hot_spots(cw.clerk, span(nov(2), nov(30))[0], NOVEMBER[1])
    assert [(s.building, s.category_name) for s in found] == [("5", "临时分类")]
    # With October's last evening: still four (the period starts on 11-01)
    with_october = cw.services.hot_spots.hot_spots(cw.clerk, span(date(2026, 10, 31), nov(30))[0], NOVEMBER[1])
    assert with_october[0].count == 5


def test_the_requests_behind_a_hot_spot(cw: Casework, november: dict[str, object]) -> None:
    spot = spots(cw)[0]
    rows = cw.services.hot_spots.requests(cw.clerk, spot.case_ids)
    assert [r.case_no for r in rows] == list(spot.case_nos)
    assert {r.subcategory for r in rows} == {"供暖"}
    assert rows[0].resident_name == "张三"


def test_the_dense_window_function() -> None:
    day = datetime(2026, 11, 1, 10, tzinfo=LOCAL_TZ)
    late = datetime(2026, 11, 1, 23, 59, tzinfo=LOCAL_TZ)
    assert hotspots._dense([day, day + timedelta(days=6), day + timedelta(days=13)], 3, 14)
    assert not hotspots._dense([day, day + timedelta(days=7), day + timedelta(days=14)], 3, 14)
    # local calendar days, not 24-hour spans: 23:59 on the 1st to 00:01 on the 15th is 15 days
    assert not hotspots._dense([late, late + timedelta(days=7), late + timedelta(minutes=2, days=13)], 3, 14)
    assert not hotspots._dense([day, day], 3, 14)


def test_the_season_of_a_day() -> None:
    assert season_of(date(2026, 11, 20)) == (date(2026, 11, 15), date(2026, 11, 20), False)
    assert season_of(date(2026, 11, 15)) == (date(2026, 11, 15), date(2026, 11, 15), False)
    assert season_of(date(2027, 3, 15)) == (date(2026, 11, 15), date(2027, 3, 15), False)
    assert season_of(date(2027, 3, 16)) == (date(2026, 11, 15), date(2027, 3, 15), True)  # the last one, whole
    assert season_of(date(2026, 11, 14)) == (date(2025, 11, 15), date(2026, 3, 15), True)


def test_this_heating_season_against_the_last(cw: Casework) -> None:
    """Today 2026-11-20: this season 2025-11-15 .. 11-20 against 2025-11-15 .. 2025-11-20.

      this season:  building 3 供暖 11-15 张三, 11-20 王芳; building 5 暖气漏水 (an administrator's sub-category
                    about heating) 11-16 李建国; building 5 水电维修 11-16 (not heating); 11-14 张三 供暖 (before it)
      last season:  building 5 供暖 2025-11-16, 2025-11-20 李建国; building 3 供暖 2025-11-21 (after the span)
    """
    life = cw.category("LIFE-HEATING")[0]
    leak = cw.services.community.categories.create(cw.admin, CategoryInput("暖气漏水", parent_id=life))
    log(cw, nov(14), "张三", "LIFE-HEATING")
    log(cw, nov(15), "张三", "LIFE-HEATING")
    log(cw, nov(16), "李建国", "LIFE-WATER")
    cw.clock.set(datetime(2026, 11, 16, 10, tzinfo=LOCAL_TZ))
    cw.services.intake.submit(cw.clerk, IntakeForm(
        channel=Channel.WALK_IN.value, resident_id=cw.residents["李建国"].id, category_id=life,
        subcategory_id=leak.id, description="暖气片接口漏水，已经渗到楼下。", urgency=3, scope=Scope.HOUSEHOLD.value))
    log(cw, nov(20), "王芳", "LIFE-HEATING")
    log(cw, date(2025, 11, 16), "李建国", "LIFE-HEATING")
    log(cw, date(2025, 11, 20), "李建国", "LIFE-HEATING", hour=23)
    log(cw, date(2025, 11, 21), "张三", "LIFE-HEATING")

    seasons = cw.services.hot_spots.seasons(cw.clerk, nov(20))
    assert (seasons.this_first, seasons.this_last) == (nov(15), nov(20))
    assert (seasons.last_first, seasons.last_last) == (date(2025, 11, 15), date(2025, 11, 20))
    assert not seasons.complete
    assert set(seasons.categories) == {"供暖", "暖气漏水"}
    assert [(b.building, b.this, b.last, b.change) for b in seasons.buildings] == [("3", 2, 0, 2), ("5", 1, 2, -1)]
    assert (seasons.this_total, seasons.last_total, seasons.change) == (3, 2, 1)
    # The desk's own today (the clock) when none is given: the clock stands at 2025-11-21 10:00 now
    assert cw.services.hot_spots.seasons(cw.clerk).this_last == date(2025, 11, 21)


def test_a_disabled_account_cannot_read_them(cw: Casework) -> None:
    cw.services.auth.set_active(cw.admin, cw.clerk.user_id, False)
    with pytest.raises(PermissionDenied):
        cw.services.hot_spots.hot_spots(cw.clerk, *NOVEMBER)


def test_the_demo_heating_cluster(demo_services: Services, demo_clerk: Actor) -> None:
    """The demo is built on 2026-11-20 (in the heating season): building 6's cluster is four requests of its unit 2
    on 11-12 09:20, 11-15 14:05, 11-18 08:40 and 11-19 16:20 (app/demo/hotspots.py); the generated requests have
    no other heating request of building 6 in November but one merged into another (not counted). Last season:
    two of its unit 1 on 2025-11-16 and 11-18."""
    today = nov(20)
    found = demo_services.hot_spots.hot_spots(demo_clerk, *span(today - timedelta(days=13), today))
    [spot] = [s for s in found if s.building == demo_hotspots.BUILDING]
    assert (spot.category_name, spot.count) == ("供暖", 4)
    assert (spot.first_at, spot.last_at) == (datetime(2026, 11, 12, 9, 20, tzinfo=LOCAL_TZ),
                                             datetime(2026, 11, 19, 16, 20, tzinfo=LOCAL_TZ))
    rows = demo_services.hot_spots.requests(demo_clerk, spot.case_ids)
    assert [r.summary for r in rows] == [r.text[:60] for r in demo_hotspots.CLUSTER]
    month = demo_services.hot_spots.hot_spots(demo_clerk, *NOVEMBER)
    assert [s.count for s in month if s.building == "6" and s.category_name == "供暖"] == [4]

    seasons = demo_services.hot_spots.seasons(demo_clerk, today)
    six = next(b for b in seasons.buildings if b.building == "6")
    assert (six.this, six.last) == (3, 2)  # 11-15, 11-18, 11-19 against 2025-11-16 and 11-18
    assert seasons.last_total == 2  # the demo's generated requests go back ten weeks only
