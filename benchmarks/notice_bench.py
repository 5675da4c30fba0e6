"""Timings of the public notice board (issue 6: 500 requests in under 2 s) and of a receipt (under 200 ms).

    python benchmarks/notice_bench.py [--requests 500] [--residents 1000] [--runs 3]

Builds a temporary community through the services (residents, then requests logged one by one on a fake clock, a
third of them with a public progress note, half resolved), with descriptions that carry phone numbers and names to
scrub. Then times the whole board (reading, rates, scrubbing every text, laying out and writing the PDF) in portrait,
landscape and large print, and the receipt of a request (A5, read and written). Prints median and worst wall-clock
times in milliseconds and the CPU time of the process, which a busy machine inflates less. Nothing is asserted:
these are figures to read and report.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo.data import SURNAMES  # noqa: E402
from app.models import Role  # noqa: E402
from app.services.cases.intake import IntakeForm  # noqa: E402
from app.services.core.clock import FakeClock, local  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from app.services.documents.receipt import render_receipt  # noqa: E402
from app.services.notices.board import NoticeOptions  # noqa: E402
from app.services.people.residents import NewResident  # noqa: E402

GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉凤志海燕红梅春德胜"
TEXTS = ("{name}反映楼道灯坏了一个多星期，老人晚上下楼看不清，电话{phone}，希望尽快维修。",
         "{building}号楼2单元下水道堵了，污水漫到楼道，请物业尽快疏通。联系人{name} {phone}",
         "小区东门路灯不亮，晚上出行不安全，{name}说已经反映过两次了。",
         "楼上装修噪音太大，周末早上七点就开始施工，影响老人休息，希望社区协调。")
NOTES = ("已联系{name}，约定明天上门维修", "维修人员已到场，正在处理", "已协调物业，本周内处理完毕")


def timed(runs: list[Callable[[], object]]) -> tuple[float, float, float]:
    """Median and worst wall-clock milliseconds, and the median CPU milliseconds, of the runs."""
    walls, cpus = [], []
    for run in runs:
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(6)
    start = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)  # 9:00 in Beijing
    clock = FakeClock(start)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(Path(tmp), clock=clock)
        services.setup.initialize(InitialSetup("基准社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin",
                                               "管理员", "bench2026"))
        services.remember_desk()
        admin = services.auth.login("admin", "bench2026")
        services.auth.create_staff(admin, "clerk1", "刘晓燕", Role.CLERK, "bench2026")
        clerk = services.auth.login("clerk1", "bench2026")
        built = time.perf_counter()
        residents = []
        for i in range(args.residents):
            name = rng.choice(SURNAMES)[0] + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
            residents.append(services.residents.create(clerk, NewResident(
                name=name, phone=f"13{rng.randrange(10**9):09d}", building=str(1 + i % 12), unit=str(1 + i % 4),
                room=f"{1 + i % 6}0{1 + i % 2}")))
        options = services.intake.options(clerk)
        subs = [c for c in options.categories if c.parent_id is not None]
        flow = services.workflow
        step = timedelta(days=28) / args.requests
        for i in range(args.requests):
            clock.set(start + step * i)
            who = rng.choice(residents)
            sub = rng.choice(subs)
            text = rng.choice(TEXTS).format(name=who.name, phone=f"1{rng.randrange(3, 9)}{rng.randrange(10**9):09d}",
                                            building=who.building)
            case_id = services.intake.submit(clerk, IntakeForm(
                channel="walk_in", resident_id=who.id, category_id=sub.parent_id, subcategory_id=sub.id,
                description=text, urgency=rng.randint(1, 5), scope="household", anonymous=i % 17 == 0)).case_id
            if i % 3 == 0:
                flow.add_note(clerk, case_id, rng.choice(NOTES).format(name=who.name), public=True)
            if i % 2 == 0:
                flow.dispatch(clerk, case_id, clerk.user_id)
                flow.resolve(clerk, case_id, "已处理完毕")
        first, last = local(start).date(), local(clock.now()).date()
        print(f"community: {args.residents} residents, {args.requests} requests from {first} to {last} "
              f"(built in {time.perf_counter() - built:.0f} s)")

        made = services.notices.make_board(clerk, first, last)  # warm-up: font loading and subsetting
        assert len(made.case_nos) == args.requests, len(made.case_nos)
        for label, opts in (("portrait", NoticeOptions()), ("landscape", NoticeOptions(landscape=True)),
                            ("large print", NoticeOptions(large_print=True))):
            pages = [0]

            def board(opts: NoticeOptions = opts, pages: list[int] = pages) -> None:
                pages[0] = services.notices.make_board(clerk, first, last, opts).pages

            median, worst, cpu = timed([board] * args.runs)
            print(f"board of {args.requests} requests, {label} ({pages[0]} pages): median {median:.0f} ms, "
                  f"worst {worst:.0f} ms, CPU {cpu:.0f} ms")

        some = [r.case_no for r in services.notices.board(clerk, first, last).rows[:20]]
        render_receipt(services.intake.receipt(clerk, case_no=some[0]), BytesIO())  # warm-up
        median, worst, cpu = timed([lambda n=n: render_receipt(services.intake.receipt(clerk, case_no=n), BytesIO())
                                    for n in some])
        print(f"receipt (read and written, A5): median {median:.0f} ms, worst {worst:.0f} ms, CPU {cpu:.0f} ms")
        services.close()


if __name__ == "__main__":
    main()
