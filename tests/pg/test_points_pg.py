"""Points on PostgreSQL: two desks redeeming the last item at the same moment, round after round.

On PostgreSQL both transactions read the stock as 1 (READ COMMITTED); the conditional UPDATE of the stock is
what decides: the second waits for the first's row lock, re-checks ``stock - 1 >= 0`` and updates nothing.
"""

from __future__ import annotations

import uuid

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.ledger.points.data import AwardInput, MerchantInput, OutOfStock, RewardInput, RuleInput, VoucherInfo
from tests.pg.desks import at_once
from tests.pg.test_postgres import LI_SI, PASSWORD, ZHANG_SAN

ROUNDS = 8


def race(actor: Actor, desks: list[tuple[Services, uuid.UUID]], reward_id: uuid.UUID) -> list[object]:
    """Each desk redeems the reward for its resident, all at the same moment; what each got back."""
    return at_once(*(lambda svc=svc, resident=resident: svc.points.vouchers.redeem(actor, resident, reward_id)
                     for svc, resident in desks))


def test_two_desks_cannot_both_take_the_last_item(desks: tuple[Services, Services]) -> None:
    services, other = desks
    admin = services.auth.login("admin", PASSWORD)
    services.points.rules.create_rule(admin, RuleInput("meeting", "居民议事会", 100))
    people = [services.residents.create(admin, r).id for r in (ZHANG_SAN, LI_SI)]
    [rule] = services.points.rules.rules(admin)
    services.points.rules.award(admin, AwardInput(rule.id, tuple(people), quantity=ROUNDS))
    market = services.points.catalogue.create_merchant(admin, MerchantInput("积分超市", "other", 100,
        phone="0412-5581234"))
    won: list[int] = []
    for n in range(ROUNDS):
        reward = services.points.catalogue.create_reward(admin, RewardInput(market.id, f"鸡蛋 第{n + 1}批", 100),
                                                         stock=1)
        outcome = race(admin, [(services, people[0]), (other, people[1])], reward.id)
        winners = [i for i, o in enumerate(outcome) if isinstance(o, VoucherInfo)]
        assert len(winners) == 1 and any(isinstance(o, OutOfStock) for o in outcome), outcome
        won += winners
        [after] = [r for r in services.points.catalogue.rewards(admin) if r.id == reward.id]
        assert after.stock == 0
    balances = services.points.vouchers.balances(admin, people)
    assert [balances[p] for p in people] == [ROUNDS * 100 - won.count(i) * 100 for i in range(2)]
    assert services.verify.run() == []
