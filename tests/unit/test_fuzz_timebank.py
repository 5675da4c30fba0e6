"""Property-based fuzzing of the time bank's entry points that take user text or numbers.

The same promise as tests/unit/test_fuzz.py, for the volunteer forms, service records, money moves, family
links and rules: whatever is typed (controls, emoji, full-width digits, huge texts, numbers of any size), the
service saves clean values or refuses with a clear message naming the field, and a refusal writes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.models import ServiceType
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import DomainError, ValidationError
from app.services.core.validation import normalize_text
from app.services.ledger.timebank import NewVolunteer, RedemptionInput, Rules, ServiceInput, VolunteerInfo
from app.services.people.residents import ResidentSummary
from tests.unit.test_fuzz import TODAY, assert_clear, count_rows, fuzz, nasty_text, short_nasty
from tests.unit.test_timebank import earn, li, zhang  # noqa: F401 (fixtures)

TABLES = ("volunteer", "service_record", "family_link", "ledger_entry", "ledger_posting", "ledger_account",
          "rule_set", "audit_log")
SKILLS = [t.value for t in ServiceType]
any_int = st.one_of(st.integers(1, 600), st.integers(-10**6, 10**6), st.integers(-(10**30), 10**30),
                    st.sampled_from([0, 1, 15, 60, 2**31, 2**63 - 1, 2**63, -(2**63) - 1]))


def refused_cleanly(services: Services, before: dict[str, int], exc: DomainError) -> None:
    assert_clear(exc)
    assert count_rows(services, *TABLES) == before, "a refusal wrote something"


@fuzz(60)
@given(skills=st.lists(st.one_of(st.sampled_from(SKILLS), short_nasty), max_size=6), availability=nasty_text)
def test_volunteer_form_saves_clean_values_or_names_the_field(
        services: Services, timebank: Actor, zhang: VolunteerInfo,  # noqa: F811
        skills: list[str], availability: str) -> None:
    before = count_rows(services, *TABLES)
    try:
        saved = services.timebank.volunteers.update_volunteer(timebank, zhang.id, skills, availability, "active")
    except DomainError as exc:
        refused_cleanly(services, before, exc)
        assert isinstance(exc, ValidationError) and set(exc.errors) <= {"skills", "availability"}
        return
    assert set(saved.skills) == set(skills) and all(s in SKILLS for s in skills)
    assert saved.availability == availability.strip() and len(saved.availability) <= 120


@fuzz(40)
@given(availability=nasty_text)
def test_registering_with_any_availability(services: Services, timebank: Actor,
                                           residents: dict[str, ResidentSummary], availability: str) -> None:
    before = count_rows(services, *TABLES)
    resident = residents["王芳"]
    try:
        saved = services.timebank.volunteers.register(timebank, NewVolunteer(resident.id, ("visit",), availability))
    except DomainError as exc:
        refused_cleanly(services, before, exc)
        return
    assert saved.availability == availability.strip()
    # Once registered, the same resident is refused, clearly, with nothing written.
    before = count_rows(services, *TABLES)
    try:
        services.timebank.volunteers.register(timebank, NewVolunteer(resident.id, (), ""))
    except ValidationError as exc:
        refused_cleanly(services, before, exc)
        assert "resident" in exc.errors
    else:
        raise AssertionError("registered twice")


times = st.one_of(st.none(), st.times())
durations = st.one_of(st.none(), any_int)


@fuzz(120)
@example(days_ago=0, start=time(23, 59), end=None, duration=2**63, notes="")
@example(days_ago=1, start=time(9, 0), end=time(8, 0), duration=None, notes="\x00")
@given(days_ago=st.integers(-3, 800), start=times, end=times, duration=durations, notes=nasty_text)
def test_a_service_record_is_saved_as_typed_or_refused_without_writing(
        services: Services, timebank: Actor, zhang: VolunteerInfo,  # noqa: F811
        days_ago: int, start: time | None, end: time | None, duration: int | None, notes: str) -> None:
    day = TODAY - timedelta(days=days_ago)
    before = count_rows(services, *TABLES)
    data = ServiceInput(volunteer_id=zhang.id, service_type="visit", day=day, start=start, end=end,
                        duration_minutes=duration, notes=notes)
    try:
        rec = services.timebank.records.record(timebank, data)
    except DomainError as exc:
        refused_cleanly(services, before, exc)
        return
    assert rec.day == day and days_ago >= 0
    assert 0 < rec.minutes <= 24 * 60 and rec.end_at > rec.start_at
    assert rec.notes == normalize_text(notes)
    if end is not None and start is not None and duration is None:
        assert rec.minutes == (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    elif duration is not None and end is None:
        assert rec.minutes == duration


@pytest.fixture
def funded(services: Services, timebank: Actor, admin: Actor, zhang: VolunteerInfo) -> VolunteerInfo:  # noqa: F811
    """张三 with 20 hours of his own and 4 in the pool: enough for many examples to succeed."""
    for days_ago in (1, 2, 3):
        earn(services, timebank, admin, zhang, time(8, 0), time(16, 0), day=TODAY - timedelta(days=days_ago))
    services.timebank.spending.donate(timebank, zhang.resident_id, 240)
    return zhang


def test_hours_move_by_any_typed_number_or_not_at_all(
        services: Services, timebank: Actor, admin: Actor, funded: VolunteerInfo, li: VolunteerInfo,  # noqa: F811
        residents: dict[str, ResidentSummary]) -> None:
    tb, volunteer = services.timebank, funded
    outcomes: Counter[str] = Counter()

    # Two amounts in three are small whole quarter-hours the balance covers, so real moves happen in every run
    # (any_int alone gives a valid amount to about one example in twelve: too few for the check below).
    quarters = st.sampled_from([15, 30, 45, 60])

    @fuzz(150)
    @given(op=st.sampled_from(["redeem", "transfer", "donate", "grant"]),
           minutes=st.one_of(any_int, quarters, quarters), text=nasty_text)
    def move(op: str, minutes: int, text: str) -> None:
        balances = (tb.statements.balance(timebank, volunteer.resident_id), tb.statements.pool_balance(timebank))
        before = count_rows(services, *TABLES)
        try:
            if op == "redeem":
                own = volunteer.resident_id
                tb.spending.redeem(timebank, RedemptionInput(own, own, "meal", TODAY, minutes, provider=text[:40],
                                                             notes=text))
            elif op == "transfer":
                tb.spending.transfer(timebank, volunteer.resident_id, li.resident_id, minutes, text)
            elif op == "donate":
                tb.spending.donate(timebank, volunteer.resident_id, minutes, text)
            else:
                tb.spending.grant(admin, residents["李建国"].id, minutes, text)
        except DomainError as exc:
            refused_cleanly(services, before, exc)
            assert (tb.statements.balance(timebank, volunteer.resident_id),
                    tb.statements.pool_balance(timebank)) == balances
            outcomes["refused"] += 1
            return
        outcomes["moved"] += 1
        assert 0 < minutes <= max(balances)
        after = (tb.statements.balance(timebank, volunteer.resident_id), tb.statements.pool_balance(timebank))
        assert min(after) >= 0
        if op in ("redeem", "transfer"):
            assert after == (balances[0] - minutes, balances[1])
        elif op == "donate":
            assert after == (balances[0] - minutes, balances[1] + minutes)
        else:
            assert after == (balances[0], balances[1] - minutes)

    move()
    # Both sides of the property were exercised, not only refusals of absurd numbers.
    assert outcomes["moved"] >= 5 and outcomes["refused"] >= 20, outcomes


@fuzz(100)
@given(step=st.one_of(st.sampled_from([5, 10, 15, 30, 60]), any_int), cap=any_int, daily=any_int,
       four_eyes=any_int, age=any_int)
def test_rules_with_any_numbers_are_saved_or_refused_by_field(
        services: Services, admin: Actor, step: int, cap: int, daily: int, four_eyes: int, age: int) -> None:
    before = count_rows(services, *TABLES)
    old = services.timebank.volunteers.rules(admin)
    rules = Rules(step_minutes=step, cap_minutes=cap, daily_max_minutes=daily, four_eyes_minutes=four_eyes,
                  grant_min_age=age)
    try:
        saved = services.timebank.volunteers.set_rules(admin, rules)
    except ValidationError as exc:
        refused_cleanly(services, before, exc)
        assert set(exc.errors) <= {"step_minutes", "cap_minutes", "daily_max_minutes", "four_eyes_minutes",
                                   "grant_min_age"}
        assert services.timebank.volunteers.rules(admin) == old
        return
    assert saved.version == old.version + 1 and services.timebank.volunteers.rules(admin).rules == rules


@fuzz(80)
@given(relation=st.one_of(st.sampled_from(["spouse", "child", "parent"]), short_nasty), proof=nasty_text,
       reason=nasty_text)
def test_links_and_rejections_with_any_text(
        services: Services, timebank: Actor, admin: Actor, zhang: VolunteerInfo,  # noqa: F811
        residents: dict[str, ResidentSummary], relation: str, proof: str, reason: str) -> None:
    tb = services.timebank
    before = count_rows(services, *TABLES)
    try:
        link = tb.family.request_link(timebank, zhang.resident_id, residents["王芳"].id, relation, proof)
    except DomainError as exc:
        refused_cleanly(services, before, exc)
    else:
        assert link.relation.value == relation and link.proof == proof.strip()
        tb.family.decide_link(admin, link.id, approve=False)  # so the next example may ask again
    rec = tb.records.record(timebank, ServiceInput(volunteer_id=zhang.id, service_type="visit", day=TODAY,
                                           start=time(0, 0), end=time(0, 15)))
    before = count_rows(services, *TABLES)
    try:
        [rejected] = tb.records.reject(timebank, [rec.id], reason)
    except DomainError as exc:
        refused_cleanly(services, before, exc)
        tb.records.reject(timebank, [rec.id], "重复登记")  # frees the slot for the next example
    else:
        assert rejected.reject_reason == reason.strip()


@fuzz(80)
@given(query=st.one_of(nasty_text, short_nasty, st.sampled_from(["张", "zs", "1101", "%", "_", "' OR 1=1 --"])))
def test_volunteer_search_never_crashes(services: Services, timebank: Actor, zhang: VolunteerInfo,  # noqa: F811
                                        query: str) -> None:
    found = services.timebank.volunteers.volunteers(timebank, query)
    assert all(isinstance(v, VolunteerInfo) for v in found)
    assert zhang.id in {v.id for v in services.timebank.volunteers.volunteers(timebank, "张三")}


def test_today_is_the_conftest_date() -> None:
    assert TODAY == date(2026, 11, 20)
