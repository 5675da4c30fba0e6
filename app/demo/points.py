"""The demo community's points (积分): earning rules, partner merchants with the community's own points
supermarket, awards over the last weeks (and half a year ago, some lapsed), vouchers honoured, one cancelled and
some still to use.

``rules`` runs before the demo's time bank, so the volunteers' credited service earns points by itself.
Everything goes through the points service, at past moments of a fake clock; the choices come from their
own seeded generator, so the rest of the demo does not change with them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.models import Resident
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.ledger.points.data import AwardInput, MerchantInput, RewardInput, RuleInput
from app.services.people.residents import age_on

RULES = [
    RuleInput("volunteer_hour", "志愿服务", 20, daily_cap=160, valid_days=365, note="时间银行核实入账后自动发放"),
    RuleInput("suggestion", "建言献策（被采纳）", 100, monthly_cap=300, valid_days=365),
    RuleInput("meeting", "参加居民议事会", 30, valid_days=365),
    RuleInput("donation", "爱心捐赠", 50, monthly_cap=150, valid_days=365),
    RuleInput("other", "垃圾分类示范户", 50, monthly_cap=50, valid_days=180),
]


@dataclass(frozen=True)
class RewardSpec:
    name: str
    price: int
    stock: int
    limit: int | None = None


MERCHANTS: list[tuple[MerchantInput, list[RewardSpec]]] = [
    (MerchantInput("幸福里积分超市", "other", 100, "刘晓燕", "0412-5581234", "社区服务中心一楼", note="社区自营"),
     [RewardSpec("东北大米 5斤", 300, 20, 2), RewardSpec("洗衣液 2kg", 200, 30), RewardSpec("鲜鸡蛋一盒", 80, 40),
      RewardSpec("毛巾两条", 60, 50)]),
    (MerchantInput("老街面馆", "catering", 80, "王师傅", "13998765432", "站前街 18 号"),
     [RewardSpec("牛肉面一碗", 150, 15), RewardSpec("家常饺子一斤", 180, 10)]),
    (MerchantInput("金嗓子KTV", "entertainment", 60, "赵经理", "13604129876", "胜利路 66 号"),
     [RewardSpec("欢唱两小时（白天场）", 400, 5, 1)]),
    (MerchantInput("启航书法班", "education", 90, "孙老师", "18641201357", "幸福里小区 7 号楼底商"),
     [RewardSpec("少儿书法体验课", 300, 8, 1)]),
    (MerchantInput("康宁社区诊所", "medical", 100, "周大夫", "0412-5526678", "幸福里小区南门"),
     [RewardSpec("免费测血糖血压", 50, 50), RewardSpec("中医推拿一次", 300, 6, 1)]),
]


def rules(services: Services) -> None:
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    for rule in RULES:
        services.points.rules.create_rule(director, rule)


def build(services: Services, seed: int) -> None:
    rng = random.Random(seed)
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    now = services.db.clock.now()
    today = local(now).date()
    with services.db.reading() as session:
        people = [(r.id, age_on(r.birth_date, today)) for r in session.scalars(
            select(Resident).order_by(Resident.pinyin_full, Resident.id))]
    adults = [rid for rid, age in people if age is not None and age >= 18]
    rewards = []
    for merchant, offers in MERCHANTS:
        m = services.points.catalogue.create_merchant(director, merchant)
        rewards += [services.points.catalogue.create_reward(director, RewardInput(
            m.id, r.name, r.price, per_resident_limit=r.limit), stock=r.stock) for r in offers]
    award = services.points.rules.award
    by_name = {r.name: r for r in services.points.rules.rules(director)}
    real_clock, fake = services.db.clock, FakeClock(now)
    services.db.clock = fake
    try:
        # 垃圾分类示范户 half a year ago, valid 180 days: some of it has lapsed (the expiry pass has not run since)
        # and some lapses within weeks, so the statement and the expiry preview have something to show.
        chosen = random.Random(seed + 1).sample(adults, 12)
        for i, days_ago in enumerate((200, 190, 172, 168)):
            day = today - timedelta(days=days_ago)
            fake.set(datetime.combine(day, time(10, 0), LOCAL_TZ))
            award(clerk, AwardInput(by_name["垃圾分类示范户"].id, tuple(chosen[i * 3:i * 3 + 3]), day,
                                    event="垃圾分类示范户评选"))
        for week in range(6, 0, -1):  # a council meeting every week, suggestions and donations now and then
            day = today - timedelta(days=week * 7 - 2)
            fake.set(datetime.combine(day, time(19, 30), LOCAL_TZ))
            award(clerk, AwardInput(by_name["参加居民议事会"].id, tuple(rng.sample(adults, 14)), day,
                                    event=f"第 {7 - week} 次居民议事会"))
            for rid in rng.sample(adults, 3):
                award(clerk, AwardInput(by_name["建言献策（被采纳）"].id, (rid,), day, note="关于楼道堆物清理的建议"))
            award(clerk, AwardInput(by_name["爱心捐赠"].id, tuple(rng.sample(adults, 4)), day, event="旧衣物捐赠"))
        fake.set(now - timedelta(hours=3))
        holders = sorted(services.points.vouchers.balances(clerk, adults).items(), key=lambda kv: (-kv[1], str(kv[0])))
        vouchers = []
        for rid, held in holders[:16]:
            affordable = [r for r in rewards if r.price <= held]
            if not affordable:
                continue
            try:
                vouchers.append(services.points.vouchers.redeem(clerk, rid, rng.choice(affordable).id))
            except DomainError:
                continue  # its limit or its stock: the clerk would suggest another
        for v in vouchers[: len(vouchers) // 2]:
            services.points.vouchers.honour(clerk, v.code)
        if len(vouchers) > 2:
            services.points.vouchers.cancel(clerk, vouchers[-1].id, "居民改换其他商品")
    finally:
        services.db.clock = real_clock
