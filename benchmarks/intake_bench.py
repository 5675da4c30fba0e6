"""Look-up, save and receipt timings for the intake desk at scale.

    python benchmarks/intake_bench.py [--residents 100000]

Builds a temporary community with N residents (bulk insert, pinyin computed as the app does), then
times each kind of resident look-up, saving a request, and writing a receipt. Prints median and 95th
percentile in milliseconds. Nothing is asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app.demo.data import SURNAMES, id_check_digit  # noqa: E402
from app.models import Category, Household, Resident, Role  # noqa: E402
from app.models.base import new_id  # noqa: E402
from app.services.cases.intake import IntakeForm  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from app.services.documents.receipt import render_receipt  # noqa: E402
from app.services.people.residents import pinyin_keys  # noqa: E402

GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰凤英志强海燕红梅春梅德胜"


def timed(runs: list[Callable[[], object]]) -> tuple[float, float]:
    samples = []
    for run in runs:
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(Path(tmp), clock=FakeClock(now))
        services.setup.initialize(InitialSetup("基准社区", "", "A01", "一号窗口", "0412-5581234", "admin", "管理员",
                                               "bench2026"))
        services.remember_desk()
        admin = services.auth.login("admin", "bench2026")
        services.auth.create_staff(admin, "clerk", "前台", Role.CLERK, "bench2026")
        clerk = services.auth.login("clerk", "bench2026")

        started = time.perf_counter()
        surnames = [s for s, _ in SURNAMES]
        households, residents = [], []
        buildings = max(1, args.residents // 600)
        for b in range(1, buildings + 1):
            for u in range(1, 5):
                for floor in range(1, 7):
                    for flat in range(1, 4):
                        households.append({"id": new_id(), "building": str(b), "unit": str(u),
                                           "room": f"{floor}0{flat}", "desk_code": "A01", "created_at": now})
        phones: set[str] = set()
        for i in range(args.residents):
            name = rng.choice(surnames) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            full, initials = pinyin_keys(name)
            phone = ""
            while not phone or phone in phones:
                phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
            phones.add(phone)
            first17 = f"210302{rng.randint(1930, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{i % 1000:03d}"
            residents.append({"id": new_id(), "name": name, "phone": phone, "phone_last4": phone[-4:],
                              "id_number": first17 + id_check_digit(first17), "pinyin_full": full,
                              "pinyin_initials": initials, "household_id": households[i % len(households)]["id"],
                              "birth_date": date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14])),
                              "desk_code": "A01", "created_at": now})
        with services.db.transaction() as session:
            session.execute(insert(Household), households)
            session.execute(insert(Resident), residents)
        print(f"{args.residents} residents in {len(households)} households built in "
              f"{time.perf_counter() - started:.1f} s")

        sample = rng.sample(residents, args.queries)
        search = services.residents.search
        kinds: dict[str, Callable[[dict[str, object]], str]] = {
            "name (2-3 chars)": lambda r: str(r["name"]),
            "full pinyin": lambda r: str(r["pinyin_full"]),
            "initials": lambda r: str(r["pinyin_initials"]),
            "phone last 4": lambda r: str(r["phone_last4"]),
            "full mobile": lambda r: str(r["phone"]),
            "ID number": lambda r: str(r["id_number"]),
            "address b-u-room": lambda r: next(f"{h['building']}-{h['unit']}-{h['room']}" for h in households
                                               if h["id"] == r["household_id"]),
        }
        print(f"\nresident look-up over {args.residents} residents ({args.queries} queries each):")
        print(f"  {'query kind':<20}{'median ms':>10}{'p95 ms':>10}{'found':>8}")
        for label, make in kinds.items():
            queries = [make(r) for r in sample]
            found = sum(1 for q, r in zip(queries, sample, strict=True) if r["id"] in {x.id for x in search(clerk, q)})
            median, p95 = timed([lambda q=q: search(clerk, q) for q in queries])
            print(f"  {label:<20}{median:>10.2f}{p95:>10.2f}{found:>7}/{len(queries)}")

        with services.db.reading() as session:
            sub = session.scalars(select(Category).where(Category.parent_id.is_not(None))).first()
            assert sub is not None
            cat_id, sub_id = sub.parent_id, sub.id
        forms = [IntakeForm(channel="walk_in", resident_id=r["id"], category_id=cat_id,  # type: ignore[arg-type]
                            subcategory_id=sub_id, description="楼道灯坏了一个多星期，老人晚上下楼看不清。",
                            urgency=2, scope="household") for r in sample[:100]]
        saved = []
        median, p95 = timed([lambda f=f: saved.append(services.intake.submit(clerk, f)) for f in forms])
        print(f"\nsave a request (number, events, receipt data): median {median:.1f} ms, p95 {p95:.1f} ms")
        median, p95 = timed([lambda s=s: services.intake.find_similar(clerk, s.receipt and None, cat_id,
                                                                      "楼道灯坏了老人看不清") for s in saved[:50]])
        print(f"similar-request check (30 days, {len(saved)} open): median {median:.1f} ms, p95 {p95:.1f} ms")
        median, p95 = timed([lambda s=s: render_receipt(s.receipt, BytesIO()) for s in saved[:50]])
        print(f"receipt PDF (A5, embedded font subset): median {median:.1f} ms, p95 {p95:.1f} ms")
        services.close()


if __name__ == "__main__":
    main()
