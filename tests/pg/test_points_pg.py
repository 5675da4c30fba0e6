"""Points on PostgreSQL: two desks redeeming the last item at the same moment, round after round.

On PostgreSQL both transactions read the stock as 1 (READ COMMITTED); the conditional UPDATE of the stock is
what decides: the second waits for the first's row lock, re-checks ``stock - 1 >= 0`` and updates nothing.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.auth import Actor
from app.services.clock import FakeClock
from app.services.container import Services, open_services
from app.services.errors import DomainError
from app.services.points import AwardInput, MerchantInput, OutOfStock, RewardInput, RuleInput, VoucherInfo
from tests.pg.test_postgres import LI_SI, NOW, PASSWORD, ZHANG_SAN, set_up

ROUNDS = 8


def race(actor: Actor, desks: list[tuple[Services, uuid.UUID]], reward_id: uuid.UUID) -> list[object]:
    """Each desk redeems the reward for its resident, all at the same moment; what each got back."""
    barrier = threading.Barrier(len(desks))
    outcome: list[object] = [None] * len(desks)

    def desk(index: int) -> None:
        svc, resident = desks[index]
        barrier.wait(timeout=30)
        try:
            outcome[index] = svc.points.redeem(actor, resident, reward_id)
        except DomainError as exc:
            outcome[index] = exc

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(len(desks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcome


@pytest.fixture
def desks(tmp_path: Path, pg_url: str) -> Iterator[tuple[Services, Services]]:
    """Two desks' services on the same PostgreSQL database, each with its own engine and connections."""
    first = open_services(tmp_path / "one", db_url=pg_url, clock=FakeClock(NOW))
    second = None
    try:
        admin = set_up(first)
        second = open_services(tmp_path / "two", db_url=pg_url, clock=FakeClock(NOW))
        first.points.create_rule(admin, RuleInput("meeting", "居民议事会", 100))
        yield first, second
    finally:
        first.close()
        if second is not None:
            second.close()


def test_two_desks_cannot_both_take_the_last_item(desks: tuple[Services, Services]) -> None:
    services, other = desks
    admin = services.auth.login("admin", PASSWORD)
    people = [services.residents.create(admin, r).id for r in (ZHANG_SAN, LI_SI)]
    [rule] = services.points.rules(admin)
    services.points.award(admin, AwardInput(rule.id, tuple(people), quantity=ROUNDS))
    market = services.points.create_merchant(admin, MerchantInput("积分超市", "other", 100))
    won: list[int] = []
    for n in range(ROUNDS):
        reward = services.points.create_reward(admin, RewardInput(market.id, f"鸡蛋 第{n + 1}批", 100), stock=1)
        outcome = race(admin, [(services, people[0]), (other, people[1])], reward.id)
        winners = [i for i, o in enumerate(outcome) if isinstance(o, VoucherInfo)]
        assert len(winners) == 1 and any(isinstance(o, OutOfStock) for o in outcome), outcome
        won += winners
        [after] = [r for r in services.points.rewards(admin) if r.id == reward.id]
        assert after.stock == 0
    balances = services.points.balances(admin, people)
    assert [balances[p] for p in people] == [ROUNDS * 100 - won.count(i) * 100 for i in range(2)]
    assert services.verify.run() == []
