"""Sync between desks (issue 21): a desk back after a week offline, and one request on its way to another desk.

    python benchmarks/sync_bench.py [--requests 2000] [--runs 5]

Starts a throwaway PostgreSQL cluster (as tests/pg does: initdb + pg_ctl), prepares the street (``street-init``),
sets up desk one and joins it, starts desk two from the street's copy, then:

- **a week offline**: desk one, cut off, logs ``--requests`` requests through its services over seven days, each
  with its timeline (logged; dispatched, noted and resolved for half of them), then syncs: the time of that sync
  (everything goes up, the street's rows come back) and of desk two's next sync (everything comes down). Targets:
  the desk's sync under 30 s.
- **one request**: desk one logs one request and syncs, desk two syncs: the median and the slowest of ``--runs``
  times from the save to the request being on desk two (the two syncs; target under 5 s of desk two's next sync).

Each figure is printed with the load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from app.models import Case, CaseEvent  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from app.services.people.residents import NewResident  # noqa: E402
from app.services.sync.street import Street  # noqa: E402
from benchmarks.timing import load  # noqa: E402

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # a Monday morning in Shanghai
SETUP = InitialSetup(community_name="幸福里社区", street="站前街道", desk_code="B01", desk_name="一号窗口",
                     desk_phone="0412-5581234", admin_username="admin", admin_display_name="王建国",
                     admin_password="bench2026")


def form(svc: object, actor: object, resident_id: object, text_: str) -> object:
    from app.services.cases.intake import IntakeForm

    options = svc.intake.options(actor)  # type: ignore[attr-defined]
    parent = next(c for c in options.categories if c.parent_id is None and options.children(c.id))
    sub = options.children(parent.id)[0]
    return IntakeForm(channel="walk_in", resident_id=resident_id, category_id=parent.id,  # type: ignore[arg-type]
                      subcategory_id=sub.id, description=text_, urgency=3, scope="household",
                      department_ids=(options.departments[0].id,))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from benchmarks.pg_cluster import start

    cluster, address = start("street")
    url = address.render_as_string(hide_password=False)
    try:
        street = Street(url)
        street.init()
        one, two = street.add_desk("B01", SETUP.community_name), street.add_desk("B02", SETUP.community_name)
        with tempfile.TemporaryDirectory() as tmp:
            clock = FakeClock(NOW)
            a = open_services(Path(tmp) / "one", clock=clock)
            b = open_services(Path(tmp) / "two", clock=clock)
            a.setup.initialize(SETUP)
            a.remember_desk()
            admin = a.auth.login("admin", SETUP.admin_password)
            names = ["张王李赵刘陈杨黄"[i % 8] + "伟芳娜敏静丽强磊"[i // 8 % 8] for i in range(40)]
            people = [a.residents.create(admin, NewResident(name=name, phone=f"1390000{i:04d}", building=str(1 + i % 9),
                                                              unit="1", room=f"{101 + i % 30}")).id
                      for i, name in enumerate(names)]
            a.sync.join(one.url)
            b.sync.join(two.url)
            admin_b = b.auth.login("admin", SETUP.admin_password)
            good = a.settings.extra["street_url"]
            a.settings.extra["street_url"] = "postgresql://nobody@127.0.0.1:1/street"  # the week offline
            started = time.perf_counter()
            step = timedelta(days=7) / args.requests
            for i in range(args.requests):
                clock.advance(step)
                saved = a.intake.submit(admin, form(a, admin, people[i % len(people)], f"第{i}件：楼道灯不亮，请处理"))
                if i % 2 == 0:
                    a.workflow.dispatch(admin, saved.case_id, assignee_id=admin.user_id)
                    a.workflow.add_note(admin, saved.case_id, "已联系物业")
                    a.workflow.resolve(admin, saved.case_id, "已更换灯泡")
            made = time.perf_counter() - started
            with a.db.reading() as session:
                events = session.scalar(select(func.count()).select_from(CaseEvent))
            print(f"a week offline: {args.requests} requests with {events} events made in {made:.0f} s")
            a.settings.extra["street_url"] = good
            started = time.perf_counter()
            up = a.sync.sync()
            took_a = time.perf_counter() - started
            print(f"desk back after the week: sync {took_a:.1f} s (target < 30 s): {up.up} changes up, "
                  f"{up.down} rows down; {load()}")
            started = time.perf_counter()
            down = b.sync.sync()
            took_b = time.perf_counter() - started
            print(f"the other desk's next sync: {took_b:.1f} s: {down.down} rows down; {load()}")
            times = []
            for i in range(args.runs):
                clock.advance(timedelta(minutes=3))
                started = time.perf_counter()
                saved = a.intake.submit(admin, form(a, admin, people[i], f"新诉求{i}：电梯停运，请尽快处理"))
                a.sync.sync()
                b.sync.sync()
                times.append(time.perf_counter() - started)
                with b.db.reading() as session:
                    assert session.scalar(select(Case.id).where(Case.case_no == saved.case_no)) is not None
            times.sort()
            print(f"one request to the other desk (save, its desk's sync, the other's sync): median "
                  f"{times[len(times) // 2]:.2f} s, slowest {times[-1]:.2f} s (target < 5 s); {load()}")
            for svc in (a, b):
                assert [m.render() for m in svc.verify.run()] == [], "verify"
            del admin_b
            a.close()
            b.close()
    finally:
        cluster.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
