"""The demo community's content: valid ID numbers and phones, sensible categories, realistic request mix."""

from __future__ import annotations

import ast
import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.demo import data as dd
from app.domain.enums import DepartmentKind

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-[2-9]\d{6,7}$")
REPO = Path(__file__).resolve().parents[2]
SEED = 20261101
YEAR = (date(2025, 3, 1), date(2026, 2, 28))


def reference_check_digit(first17: str) -> str:
    """GB 11643-1999, written independently: sum of a_i * 2^(17-i) mod 11, then (12 - s) mod 11, 10 -> X."""
    total = sum(int(ch) * pow(2, 17 - i, 11) for i, ch in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def households() -> list[dd.HouseholdSpec]:
    return dd.make_households(random.Random(SEED))


@pytest.fixture(scope="module")
def residents(households: list[dd.HouseholdSpec]) -> list[dd.ResidentSpec]:
    return [r for h in households for r in h.residents]


@pytest.fixture(scope="module")
def requests(households: list[dd.HouseholdSpec]) -> list[dd.RequestSpec]:
    return dd.make_requests(random.Random(SEED), households, YEAR[0], YEAR[1], 400)


# ---- ID numbers -------------------------------------------------------------------------------


def test_reference_algorithm_and_module_agree_on_published_example() -> None:
    assert reference_check_digit("11010519491231002") == "X"
    assert dd.id_check_digit("11010519491231002") == "X"


def test_id_check_digit_matches_reference_on_random_inputs() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert dd.id_check_digit(first17) == reference_check_digit(first17)


@pytest.mark.parametrize("bad", ["", "1101051949123100", "110105194912310021", "11010519491231O02"])
def test_id_check_digit_rejects_malformed_input(bad: str) -> None:
    with pytest.raises(ValueError):
        dd.id_check_digit(bad)


def test_every_id_number_is_valid_and_matches_birth_date_and_gender(residents: list[dd.ResidentSpec]) -> None:
    for r in residents:
        number = r.id_number
        assert len(number) == 18 and number[:17].isdigit(), number
        assert number[:6] == "210302"
        assert number[17] == reference_check_digit(number[:17]), number
        assert date(int(number[6:10]), int(number[10:12]), int(number[12:14])) == r.birth_date
        assert (int(number[16]) % 2 == 1) == (r.gender == "M"), (number, r.gender)
        assert number[14:17] != "000"
    assert len({r.id_number for r in residents}) == len(residents)


# ---- households and residents -----------------------------------------------------------------


def test_household_and_resident_counts(households: list[dd.HouseholdSpec], residents: list[dd.ResidentSpec]) -> None:
    assert 130 <= len(households) <= 150
    assert 270 <= len(residents) <= 340
    assert all(1 <= len(h.residents) <= 4 for h in households)
    assert len({h.address for h in households}) == len(households)
    assert len({h.building for h in households}) == 8


def test_phones_are_valid_unique_and_some_residents_have_none(residents: list[dd.ResidentSpec]) -> None:
    phones = [r.phone for r in residents if r.phone]
    assert all(MOBILE.match(p) for p in phones)
    staff_phones = [s.phone for s in dd.STAFF]
    assert len(set(phones + staff_phones)) == len(phones) + len(staff_phones)
    without = len(residents) - len(phones)
    assert 0.05 <= without / len(residents) <= 0.18
    old_without = sum(1 for r in residents if not r.phone and age_on(r.birth_date, dd.AGE_REFERENCE_DATE) >= 70)
    assert old_without >= without / 3  # mostly the elderly (the rest are young children)


def test_names_are_chinese_with_known_surnames(residents: list[dd.ResidentSpec]) -> None:
    surnames = {s for s, _ in dd.SURNAMES}
    for r in residents:
        assert 2 <= len(r.name) <= 4
        assert all("\u4e00" <= ch <= "\u9fff" for ch in r.name), r.name
        assert dd.surname_of(r.name) in surnames
        assert r.gender in ("M", "F")
    common = Counter(dd.surname_of(r.name) for r in residents).most_common(4)
    assert {s for s, _ in common} & {"王", "李", "张", "刘"}


def test_household_tags_and_family_structure(households: list[dd.HouseholdSpec]) -> None:
    on = dd.AGE_REFERENCE_DATE
    tags = Counter(t for h in households for t in h.tags)
    assert set(tags) <= set(dd.HOUSEHOLD_TAGS)
    assert tags["ordinary"] > len(households) * 0.35  # mostly ordinary
    assert 0.10 <= (tags["empty_nest"] + tags["alone"]) / len(households) <= 0.55
    assert tags["alone"] >= 8 and tags["empty_nest"] >= 15 and tags["disabled"] >= 3 and tags["rented"] >= 5
    assert any(len(h.tags) == 2 for h in households)
    for h in households:
        assert len(set(h.tags)) == len(h.tags)
        assert "ordinary" not in h.tags or h.tags == ("ordinary",)
        ages = [age_on(r.birth_date, on) for r in h.residents]
        if "alone" in h.tags:
            assert len(h.residents) == 1 and ages[0] >= 65
        if "empty_nest" in h.tags:
            assert len(h.residents) == 2 and min(ages) >= 55
            assert {r.gender for r in h.residents} == {"M", "F"}
            assert abs(ages[0] - ages[1]) <= 6  # spouses of similar age
    residents = [r for h in households for r in h.residents]
    ages = [age_on(r.birth_date, on) for r in residents]
    assert sum(a >= 90 for a in ages) >= 2
    assert 0.2 <= sum(a >= 60 for a in ages) / len(ages) <= 0.5  # an ageing industrial community
    assert any(a < 12 for a in ages)


def test_households_are_in_the_grid_of_their_building(households: list[dd.HouseholdSpec]) -> None:
    grid_buildings = [b for g in dd.GRIDS for b in g.buildings]
    assert sorted(grid_buildings) == sorted(b.code for b in dd.BUILDINGS)  # each building in exactly one grid
    for h in households:
        grid = next(g for g in dd.GRIDS if g.code == h.grid_code)
        assert h.building in grid.buildings
        building = next(b for b in dd.BUILDINGS if b.code == h.building)
        assert 1 <= int(h.unit) <= building.units
        assert 1 <= int(h.room[:-2]) <= building.floors and 1 <= int(h.room[-2:]) <= building.flats_per_floor


# ---- staff, desk, departments, categories ------------------------------------------------------


def test_staff_accounts() -> None:
    by_name = {s.username: s for s in dd.STAFF}
    assert len(by_name) == len(dd.STAFF)
    expected = {"admin": "admin", "clerk1": "clerk", "clerk2": "clerk", "timebank": "timebank",
                "director": "director", "grid1": "grid_worker", "grid2": "grid_worker", "grid3": "grid_worker"}
    for username, role in expected.items():
        assert by_name[username].role == role
    for s in dd.STAFF:
        assert re.fullmatch(r"[a-z][a-z0-9_.]{1,31}", s.username)
        assert s.role in ("clerk", "timebank", "grid_worker", "director", "admin")
        assert all("\u4e00" <= ch <= "\u9fff" for ch in s.display_name)
        assert MOBILE.match(s.phone)
        assert s.password == dd.DEMO_PASSWORD
    assert len(dd.DEMO_PASSWORD) >= 8
    assert any(c.isalpha() for c in dd.DEMO_PASSWORD) and any(c.isdigit() for c in dd.DEMO_PASSWORD)
    workers = [g.worker for g in dd.GRIDS]
    assert len({w.username for w in workers}) == 3
    assert all(w in dd.STAFF and w.role == "grid_worker" for w in workers)
    assert [g.code for g in dd.GRIDS] == ["G01", "G02", "G03"]


def test_community_and_desk() -> None:
    assert "社区" in dd.COMMUNITY_NAME and "街道" in dd.STREET_NAME
    assert dd.DESK.code == "A01"
    assert LANDLINE.match(dd.DESK.phone)


def test_departments() -> None:
    names = [d.name for d in dd.DEFAULT_DEPARTMENTS]
    assert 10 <= len(names) <= 14
    assert len(set(names)) == len(names)
    assert {d.level for d in dd.DEFAULT_DEPARTMENTS} == {k.value for k in DepartmentKind}  # one of each kind at least
    assert all(LANDLINE.match(d.phone) for d in dd.DEFAULT_DEPARTMENTS)
    assert all(len(n) <= 40 for n in names)


def test_category_tree() -> None:
    tops = [(c.code, c.name) for c in dd.CATEGORY_TREE]
    assert tops == [("LIFE", "生活服务"), ("HEALTH", "健康医疗"), ("JOB", "就业帮扶"), ("RIGHTS", "权益保障"),
                    ("ENV", "环境改善")]
    codes = [c.code for top in dd.CATEGORY_TREE for c in (top, *top.children)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) <= 16 for c in codes)
    for top in dd.CATEGORY_TREE:
        assert 4 <= len(top.children) <= 7
        for child in top.children:
            assert child.code.startswith(top.code + "-")
            assert not child.children
            assert 0 < child.response_minutes <= 240 and 0 < child.resolve_hours <= 24 * 31
    limits = {c.code: c for top in dd.CATEGORY_TREE for c in top.children}
    assert "LIFE-HEATING" in limits and limits["LIFE-HEATING"].name == "供暖"
    assert limits["JOB-TRAINING"].resolve_hours == 720
    assert limits["RIGHTS-LEGAL"].resolve_hours == 168
    assert limits["HEALTH-EMERGENCY"].response_minutes <= 15 and limits["HEALTH-EMERGENCY"].resolve_hours <= 8
    assert set(dd.SUBCATEGORY_CODES) == set(limits)
    key_codes = [c for codes in dd.KEY_FIELDS.values() for c in codes]
    assert len(dd.KEY_FIELDS) == 3 and set(key_codes) <= set(limits)
    assert dd.key_field("JOB-LOAN") == "就业帮扶" and dd.key_field("ENV-NOISE") is None


# ---- situations -----------------------------------------------------------------------------


def test_situations_cover_every_subcategory_and_name_real_departments(households: list[dd.HouseholdSpec]) -> None:
    situations = dd.REQUEST_SITUATIONS
    assert 60 <= len(situations) <= 90
    assert set(dd.SUBCATEGORY_CODES) <= {s.sub_code for s in situations}
    departments = set(dd.DEPARTMENT_NAMES)
    sample = households[0]
    for s in situations:
        assert s.sub_code in dd.SUBCATEGORY_CODES
        assert s.departments and set(s.departments) <= departments, s.description
        assert len(set(s.departments)) == len(s.departments)
        assert 1 <= s.urgency <= 5
        assert s.scope in ("household", "building", "community")
        assert s.weight > 0
        assert s.reporter in dd.REPORTER_PROFILES
        assert s.building_kind in ("any", "elevator", "walkup")
        assert s.seasonal == (s.sub_code == "LIFE-HEATING")
        text = s.description.format(building=sample.building, unit=sample.unit, elder="王大爷")
        assert "{" not in text and "}" not in text
        assert 8 <= len(text) <= 80 and text.endswith("。")
        if s.scope == "building":
            assert "{building}号楼" in s.description and "{elder}" not in s.description
    assert len({s.description for s in situations}) == len(situations)


def test_heating_comes_mostly_in_november() -> None:
    heating = next(s for s in dd.REQUEST_SITUATIONS if s.seasonal)
    assert dd.season_factor(heating, date(2025, 11, 5)) > dd.season_factor(heating, date(2025, 12, 20)) > 0
    assert dd.season_factor(heating, date(2025, 7, 1)) == 0
    plain = next(s for s in dd.REQUEST_SITUATIONS if not s.seasonal)
    assert dd.season_factor(plain, date(2025, 7, 1)) == dd.season_factor(plain, date(2025, 11, 5)) == 1.0


# ---- requests -------------------------------------------------------------------------------


def key_share(requests: list[dd.RequestSpec]) -> float:
    return sum(1 for r in requests if dd.key_field(r.sub_code)) / len(requests)


def test_three_fields_make_about_65_percent(requests: list[dd.RequestSpec],
                                            households: list[dd.HouseholdSpec]) -> None:
    assert 0.55 <= key_share(requests) <= 0.75
    for seed in (1, 2, 3):
        hs = dd.make_households(random.Random(seed))
        assert 0.55 <= key_share(dd.make_requests(random.Random(seed), hs, YEAR[0], YEAR[1], 400)) <= 0.75
    fields = Counter(dd.key_field(r.sub_code) for r in requests)
    assert all(fields[name] >= 30 for name in dd.KEY_FIELDS)  # each of the three fields is substantial


def test_requests_are_ordered_in_the_period_and_point_at_real_people(
        requests: list[dd.RequestSpec], households: list[dd.HouseholdSpec]) -> None:
    assert len(requests) == 400
    times = [r.intake_at for r in requests]
    assert times == sorted(times)
    assert YEAR[0] <= times[0].date() and times[-1].date() <= YEAR[1]
    assert all(t.tzinfo is None for t in times)
    for r in requests:
        situation = dd.REQUEST_SITUATIONS[r.situation]
        assert (r.sub_code, r.urgency, r.scope, r.departments) == (
            situation.sub_code, situation.urgency, situation.scope, situation.departments)
        household = households[r.household]
        assert 0 <= r.resident < len(household.residents)
        if r.scope == "building" or "{building}" in situation.description:
            assert f"{household.building}号楼" in r.description
        if situation.building_kind == "elevator":
            assert household.building in dd.ELEVATOR_BUILDINGS
        assert "{" not in r.description


def test_channels_times_and_callers(requests: list[dd.RequestSpec]) -> None:
    channels = Counter(r.channel for r in requests)
    n = len(requests)
    assert set(channels) == set(dd.CHANNELS)
    assert 0.40 <= channels["walk_in"] / n <= 0.60
    assert 0.25 <= channels["phone"] / n <= 0.45
    assert 0.05 <= channels["collector"] / n <= 0.15
    assert 0.02 <= channels["online"] / n <= 0.10
    assert sum(r.intake_at.weekday() < 5 for r in requests) / n >= 0.8
    for r in requests:
        minutes = r.intake_at.hour * 60 + r.intake_at.minute
        if r.channel == "walk_in":
            assert 8 * 60 + 30 <= minutes < 17 * 60 + 30
        if r.channel == "phone":
            assert MOBILE.match(r.caller_phone) and r.call_seconds is not None and r.call_seconds > 0
        else:
            assert r.caller_phone == "" and r.call_seconds is None
    off_hours_calls = [r for r in requests if r.channel == "phone"
                       and not (8 * 60 + 30 <= r.intake_at.hour * 60 + r.intake_at.minute < 17 * 60 + 30)]
    assert off_hours_calls
    assert 0.04 <= sum(r.anonymous for r in requests) / n <= 0.16


def test_caller_is_usually_the_reporter(requests: list[dd.RequestSpec], households: list[dd.HouseholdSpec]) -> None:
    calls = [r for r in requests if r.channel == "phone"]
    own = sum(1 for r in calls if households[r.household].residents[r.resident].phone == r.caller_phone)
    assert own / len(calls) >= 0.7


def test_heating_requests_spike_in_november(requests: list[dd.RequestSpec]) -> None:
    heating = [r for r in requests if r.sub_code == "LIFE-HEATING"]
    assert len(heating) >= 10
    assert sum(r.intake_at.month == 11 for r in heating) / len(heating) >= 0.5
    assert all(r.intake_at.month in (10, 11, 12, 1, 2, 3) for r in heating)


def test_heating_season_raises_the_total_volume(households: list[dd.HouseholdSpec]) -> None:
    many = dd.make_requests(random.Random(11), households, date(2025, 9, 1), date(2025, 11, 30), 1500)
    by_month = Counter(r.intake_at.month for r in many)
    assert by_month[11] > 1.15 * by_month[9]  # September has more working days, November has the heating


def test_duplicates_refer_to_an_earlier_request_in_the_same_building(
        requests: list[dd.RequestSpec], households: list[dd.HouseholdSpec]) -> None:
    duplicates = [(i, r) for i, r in enumerate(requests) if r.duplicate_of is not None]
    assert 0.06 <= len(duplicates) / len(requests) <= 0.10
    for i, r in duplicates:
        assert r.duplicate_of is not None
        first = requests[r.duplicate_of]
        assert r.duplicate_of < i
        assert first.duplicate_of is None
        assert first.situation == r.situation and first.scope == "building"
        assert first.description == r.description
        mine, theirs = households[r.household], households[first.household]
        assert r.household != first.household
        assert mine.building == theirs.building
        if "{unit}" in dd.REQUEST_SITUATIONS[r.situation].description:
            assert mine.unit == theirs.unit
        assert timedelta(0) < r.intake_at - first.intake_at <= timedelta(days=5)
    groups = Counter(r.duplicate_of for _, r in duplicates if r.duplicate_of is not None)
    for original, count in groups.items():
        reporters = [r.household for _, r in duplicates if r.duplicate_of == original]
        assert len(set(reporters)) == count and requests[original].household not in reporters


# ---- determinism and purity -------------------------------------------------------------------


def test_same_seed_same_data_and_different_seed_different_data() -> None:
    a = dd.make_households(random.Random(7))
    b = dd.make_households(random.Random(7))
    assert a == b
    assert dd.make_requests(random.Random(7), a, YEAR[0], YEAR[1], 150) == dd.make_requests(
        random.Random(7), b, YEAR[0], YEAR[1], 150)
    assert dd.make_households(random.Random(8)) != a


def test_deterministic_across_hash_seeds() -> None:
    code = (
        "import hashlib, random; from datetime import date; from app.demo import data as d; "
        "h = d.make_households(random.Random(3)); "
        "r = d.make_requests(random.Random(3), h, date(2025, 9, 1), date(2026, 2, 28), 120); "
        "print(hashlib.sha256(repr((h, r)).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO)}
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                             check=True, timeout=120)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_module_uses_only_the_standard_library_and_the_catalogue() -> None:
    tree = ast.parse(Path(dd.__file__).read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0
            modules.append(node.module or "")
    tops = {m.split(".")[0] for m in modules if m != "app.services.cases.catalogue"}
    assert "app.services.cases.catalogue" in modules
    assert tops and tops <= set(sys.stdlib_module_names) | {"__future__"}, tops


def test_short_periods_and_small_counts(households: list[dd.HouseholdSpec]) -> None:
    day = date(2025, 11, 3)
    one_day = dd.make_requests(random.Random(1), households, day, day, 20)
    assert 18 <= len(one_day) <= 20 and all(r.intake_at.date() == day for r in one_day)
    assert dd.make_requests(random.Random(1), households, day, day, 0) == []
    with pytest.raises(ValueError):
        dd.make_requests(random.Random(1), households, day, day - timedelta(days=1), 5)
