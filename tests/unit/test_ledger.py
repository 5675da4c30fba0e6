"""The ledger cannot lie: append-only in the database, tampering named by verify, and thousands of random
time-bank operations (hypothesis, stateful) after each of which every invariant holds and the cached balances
equal the postings and an independent model of what should have happened."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.services.core.audit import AuditFilter
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import Conflict, DomainError, ValidationError
from app.services.ledger import posting as ledger
from app.services.ledger.posting import CapExceeded, InsufficientBalance
from app.services.ledger.timebank import NewVolunteer, RedemptionInput, Rules, ServiceInput, round_to_step
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import NOW, Community


def _earn(services: Services, officer: Actor, resident: ResidentSummary, minutes: int = 120) -> None:
    v = services.timebank.volunteers.register(officer, NewVolunteer(resident.id))
    rec = services.timebank.records.record(officer, ServiceInput(v.id, "cleaning", date(2026, 11, 19), time(9, 0),
                                                         duration_minutes=minutes))
    services.timebank.records.verify(officer, [rec.id])
    services.timebank.records.credit(officer, [rec.id])


def _tamper(services: Services, *sql: str) -> None:
    path = services.db.sqlite_path
    assert path is not None
    with sqlite3.connect(path) as conn:
        for table in ("ledger_posting", "ledger_entry"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        for statement in sql:
            conn.execute(statement)


def _problems(services: Services) -> str:
    return "\n".join(m.render() for m in services.verify.run())


def test_postings_and_entries_are_append_only(services: Services, timebank: Actor,
                                              residents: dict[str, ResidentSummary]) -> None:
    _earn(services, timebank, residents["张三"])
    path = services.db.sqlite_path
    assert path is not None
    with sqlite3.connect(path) as conn:
        for sql in ("UPDATE ledger_posting SET amount = amount * 2", "DELETE FROM ledger_posting",
                    "UPDATE ledger_entry SET memo = 'x'", "DELETE FROM ledger_entry", "DELETE FROM rule_set"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)


def test_verify_names_an_altered_posting(services: Services, timebank: Actor,
                                         residents: dict[str, ResidentSummary]) -> None:
    _earn(services, timebank, residents["张三"])
    assert services.verify.run() == []
    _tamper(services, "UPDATE ledger_posting SET amount = amount * 10 WHERE amount > 0")
    problems = _problems(services)
    assert "记账明细" in problems and "altered (数量（分钟或积分）)" in problems and "ledger_posting" not in problems
    assert "sum to" in problems          # the entry no longer balances
    assert "cached balance 120" in problems


def test_verify_names_a_deleted_posting_and_a_forged_one(services: Services, timebank: Actor,
                                                         residents: dict[str, ResidentSummary]) -> None:
    _earn(services, timebank, residents["张三"])
    path = services.db.sqlite_path
    assert path is not None
    with sqlite3.connect(path) as conn:
        posting_id, entry_id, account_id, account = conn.execute(
            "SELECT p.id, p.entry_id, p.account_id, a.name FROM ledger_posting p JOIN ledger_account a "
            "ON a.id = p.account_id WHERE amount < 0").fetchone()
    forged = uuid.uuid4().hex
    _tamper(services, f"DELETE FROM ledger_posting WHERE id = '{posting_id}'",
            f"INSERT INTO ledger_posting (id, desk_code, created_at, entry_id, account_id, amount) VALUES "
            f"('{forged}', 'A01', '2026-11-20 02:00:00', '{entry_id}', '{account_id}', -120)")
    problems = _problems(services)
    assert f"记账明细 {account} was deleted outside the app" in problems   # named by its account, not a uuid
    assert f"记账明细 {account} is not in the audit trail" in problems
    assert str(uuid.UUID(posting_id)) not in problems and "ledger_posting" not in problems


def test_verify_names_an_edited_cached_balance_and_memo(services: Services, timebank: Actor,
                                                        residents: dict[str, ResidentSummary]) -> None:
    _earn(services, timebank, residents["张三"])
    _tamper(services, "UPDATE ledger_account SET balance = 6000 WHERE kind = 'personal'",
            "UPDATE ledger_entry SET memo = '服务存入：100小时'")
    problems = _problems(services)
    assert "cached balance 6000 but its postings sum to 120" in problems
    assert "记账凭证 服务存入 服务存入：100小时 was altered (摘要)" in problems and "ledger_entry" not in problems
    assert "Ledger account 张三 (个人账户)" in problems  # by its kind, not its code (which holds a uuid)


# --- stateful: thousands of random operations -------------------------------------------------

CAP = 10 * 60
DAYS = [date(2026, 11, 10) + timedelta(days=n) for n in range(8)]
amounts = st.integers(1, 20).map(lambda n: n * 15)


class Bank(RuleBasedStateMachine):
    """Drives the real service on a fresh copy of the test community and predicts every outcome."""

    template: Community
    done: Counter[str] = Counter()   # what the runs did, so the test can show it explored

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="bank-")) / "data"
        shutil.copytree(self.template.folder, self.folder)
        self.svc = open_services(self.folder, clock=FakeClock(NOW))
        self.officer, self.director = self.template.timebank, self.template.admin
        r = self.template.residents
        self.zhang, self.wife, self.li, self.wang = r["张三"].id, r["张秀兰"].id, r["李建国"].id, r["王芳"].id
        self.tb = self.svc.timebank
        self.tb.volunteers.set_rules(self.director, Rules(cap_minutes=CAP))
        self.volunteers = {rid: self.tb.volunteers.register(self.officer,
                                                            NewVolunteer(rid)).id for rid in (self.zhang, self.li)}
        link = self.tb.family.request_link(self.officer, self.zhang, self.wife, "spouse", "结婚证")
        self.tb.family.decide_link(self.director, link.id, True)
        self.balance: dict[object, int] = {self.zhang: 0, self.wife: 0, self.li: 0, self.wang: 0, "pool": 0}
        self.slots: dict[uuid.UUID, list[tuple[int, int, date]]] = {rid: [] for rid in self.volunteers}
        self.entries: dict[uuid.UUID, dict[object, int]] = {}   # what each entry moved, for reversals
        self.reversed: set[uuid.UUID] = set()
        self.entry_slot: dict[uuid.UUID, tuple[uuid.UUID, tuple[int, int, date]]] = {}
        self.refused = 0

    def teardown(self) -> None:
        Bank.done["refused"] += self.refused
        self.svc.close()
        shutil.rmtree(self.folder.parent, ignore_errors=True)

    def _last_entry(self, holder: uuid.UUID) -> uuid.UUID:
        return self.tb.statements.statement(self.officer, holder).lines[-1].entry_id

    @initialize()
    def start(self) -> None:
        pass

    @rule(who=st.sampled_from(["zhang", "li"]), day=st.sampled_from(DAYS), start=st.integers(6 * 60, 20 * 60),
          minutes=st.integers(1, 9 * 60), donate=st.booleans())
    def serve(self, who: str, day: date, start: int, minutes: int, donate: bool) -> None:
        rid = self.zhang if who == "zhang" else self.li
        end = start + minutes
        if end > 24 * 60 - 1:
            return  # a service across midnight is not what this machine explores
        credit = round_to_step(minutes, 15)
        same_day = [s for s in self.slots[rid] if s[2] == day]
        expect_ok = (0 < credit <= 8 * 60 and not any(a < end and start < b for a, b, _ in same_day)
                     and sum(round_to_step(b - a, 15) for a, b, _ in same_day) + credit <= 8 * 60)
        data = ServiceInput(self.volunteers[rid], "visit", day, time(start // 60, start % 60),
                            duration_minutes=minutes)
        try:
            rec = self.tb.records.record(self.officer, data)
        except ValidationError:
            assert not expect_ok
            self.refused += 1
            return
        assert expect_ok
        self.slots[rid].append((start, end, day))
        self.tb.records.verify(self.director, [rec.id])
        assert rec.credit_minutes == credit
        overflow = max(self.balance[rid] + credit - CAP, 0)  # over the cap after the credit (the refusal says it)
        # A reversal (of a transfer or a redemption) may have left the balance above the cap: then the whole credit,
        # and never more, goes to the pool.
        to_pool = min(overflow, credit)
        try:
            self.tb.records.credit(self.officer, [rec.id], donate_overflow=donate)
        except CapExceeded as exc:
            assert overflow and not donate and exc.overflow == overflow
            self.refused += 1
            self.tb.records.reject(self.officer, [rec.id], "超出上限，本人不愿捐赠")
            self.slots[rid].remove((start, end, day))
            return
        assert donate or not overflow
        moved = {rid: credit - to_pool, "pool": to_pool}
        entry = self._last_entry(rid) if credit - to_pool else self._pool_entry()
        self._apply(moved, entry)
        self.entry_slot[entry] = (rid, (start, end, day))

    @rule(who=st.sampled_from(["zhang", "li"]), day=st.sampled_from(DAYS), slot=st.integers(0, 11),
          quarters=st.integers(2, 8))
    def serve_a_slot(self, who: str, day: date, slot: int, quarters: int) -> None:
        """Services in whole-hour slots, so that earning (the only source of hours) succeeds often."""
        self.serve(who, day, (7 + slot) * 60, quarters * 15, donate=True)

    def _pool_entry(self) -> uuid.UUID:
        with self.svc.db.reading() as session:
            from app.models import AccountKind, Unit
            pool = ledger.find_account(session, Unit.MINUTES, AccountKind.POOL)
            assert pool is not None
            return ledger.statement(session, pool.id)[-1].entry_id

    def _apply(self, moved: dict[object, int], entry_id: uuid.UUID) -> None:
        Bank.done["posted"] += 1
        for key, amount in moved.items():
            self.balance[key] += amount
        self.entries[entry_id] = {k: v for k, v in moved.items() if v}

    @rule(holder=st.sampled_from(["zhang", "li"]), for_wife=st.booleans(), minutes=amounts)
    def redeem(self, holder: str, for_wife: bool, minutes: int) -> None:
        rid = self.zhang if holder == "zhang" else self.li
        beneficiary = self.wife if for_wife else rid
        linked = beneficiary == rid or rid == self.zhang
        try:
            self.tb.spending.redeem(self.officer, RedemptionInput(rid, beneficiary, "meal", DAYS[-1], minutes))
        except ValidationError:
            assert not linked
            self.refused += 1
            return
        except InsufficientBalance:
            assert linked and self.balance[rid] < minutes
            self.refused += 1
            return
        assert linked and self.balance[rid] >= minutes
        self._apply({rid: -minutes}, self._last_entry(rid))

    @rule(minutes=amounts)
    def transfer_to_wife(self, minutes: int) -> None:
        try:
            entry = self.tb.spending.transfer(self.officer, self.zhang, self.wife, minutes)
        except InsufficientBalance:
            assert self.balance[self.zhang] < minutes
            self.refused += 1
            return
        except CapExceeded:
            assert self.balance[self.wife] + minutes > CAP
            self.refused += 1
            return
        assert self.balance[self.zhang] >= minutes and self.balance[self.wife] + minutes <= CAP
        self._apply({self.zhang: -minutes, self.wife: minutes}, entry)

    @rule(minutes=amounts)
    def transfer_to_stranger(self, minutes: int) -> None:
        with pytest.raises(ValidationError):
            self.tb.spending.transfer(self.officer, self.li, self.wang, minutes)
        self.refused += 1

    @rule(holder=st.sampled_from(["zhang", "li", "wife"]), minutes=amounts)
    def donate(self, holder: str, minutes: int) -> None:
        rid = {"zhang": self.zhang, "li": self.li, "wife": self.wife}[holder]
        try:
            entry = self.tb.spending.donate(self.officer, rid, minutes)
        except InsufficientBalance:
            assert self.balance[rid] < minutes
            self.refused += 1
            return
        self._apply({rid: -minutes, "pool": minutes}, entry)

    @rule(minutes=amounts)
    def grant(self, minutes: int) -> None:
        try:
            entry = self.tb.spending.grant(self.director, self.wang, minutes, "独居老人")
        except InsufficientBalance:
            assert self.balance["pool"] < minutes
            self.refused += 1
            return
        except CapExceeded:
            assert self.balance[self.wang] + minutes > CAP
            self.refused += 1
            return
        self._apply({"pool": -minutes, self.wang: minutes}, entry)

    @precondition(lambda self: bool(self.entries))
    @rule(pick=st.integers(0, 10_000))
    def reverse(self, pick: int) -> None:
        entry_id = list(self.entries)[pick % len(self.entries)]
        moved = self.entries[entry_id]
        try:
            reversal = self.tb.records.reverse(self.director, entry_id, "登记错误")
        except Conflict:
            assert entry_id in self.reversed or moved.get("reversal")
            self.refused += 1
            return
        except InsufficientBalance:
            assert any(self.balance[k] - v < 0 for k, v in moved.items() if k != "reversal")
            self.refused += 1
            return
        assert entry_id not in self.reversed and not moved.get("reversal")
        undo = {k: -v for k, v in moved.items()}
        assert all(self.balance[k] + v >= 0 for k, v in undo.items())
        self.reversed.add(entry_id)
        Bank.done["reversed"] += 1
        for key, amount in undo.items():
            self.balance[key] += amount
        self.entries[reversal] = {**undo, "reversal": 1}
        if entry_id in self.entry_slot:  # a reversed service frees its time for a corrected record
            rid, slot = self.entry_slot.pop(entry_id)
            self.slots[rid].remove(slot)

    @invariant()
    def books_balance(self) -> None:
        for key, expected in self.balance.items():
            actual = (self.tb.statements.pool_balance(self.officer) if key == "pool"
                      else self.tb.statements.balance(self.officer, key))  # type: ignore[arg-type]
            assert actual == expected, (key, actual, expected)
            assert actual >= 0
        with self.svc.db.reading() as session:
            problems = ledger.check(session) + ledger.check_trail(session)
        assert problems == [], [p.render() for p in problems]


def test_random_operations_keep_every_invariant(community_template: Community) -> None:
    Bank.template = community_template
    Bank.done.clear()
    run_state_machine_as_test(Bank, settings=settings(
        max_examples=25, stateful_step_count=60, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    # The runs posted, reversed and refused operations in numbers, not only a handful of each.
    assert Bank.done["posted"] > 100 and Bank.done["reversed"] > 10 and Bank.done["refused"] > 100, Bank.done


def test_refusals_leave_nothing_behind(services: Services, timebank: Actor, admin: Actor,
                                       residents: dict[str, ResidentSummary]) -> None:
    zhang, wang = residents["张三"].id, residents["王芳"].id
    _earn(services, timebank, residents["张三"], minutes=60)
    before = services.audit.entries(admin, AuditFilter())
    attempts = [
        lambda: services.timebank.spending.donate(timebank, zhang, 75),
        lambda: services.timebank.spending.redeem(timebank, RedemptionInput(zhang, wang, "meal", date(2026, 11, 19),
                                                                            30)),
        lambda: services.timebank.spending.transfer(timebank, zhang, wang, 30),
        lambda: services.timebank.spending.grant(admin, wang, 30, "独居"),   # the pool is empty
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    assert len(services.audit.entries(admin, AuditFilter())) == len(before)
    assert services.timebank.statements.balance(timebank, zhang) == 60
