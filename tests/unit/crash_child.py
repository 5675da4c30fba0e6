"""Run by test_crash: save requests one after another, printing each case number once it is confirmed."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

from app.services.cases.intake import IntakeForm
from app.services.core.container import Services, open_services


def save_requests(services: Services, label: str) -> Iterator[str]:
    """Log walk-in requests one after another as clerk1, yielding each case number once its commit returned (the
    moment the clerk sees it); says "ready" first."""
    clerk = services.auth.login("clerk1", "demo1234")
    residents = services.residents.search(clerk, "wang", limit=50)
    options = services.intake.options(clerk)
    top = options.children(None)[0]
    sub = options.children(top.id)[0]
    print("ready", flush=True)
    for i in itertools.count():
        saved = services.intake.submit(clerk, IntakeForm(
            channel="walk_in", resident_id=residents[i % len(residents)].id, category_id=top.id,
            subcategory_id=sub.id, description=f"{label}第{i}件：楼道灯不亮，请维修。", urgency=2, scope="household"))
        yield saved.case_no


def main(data_dir: Path) -> None:
    services = open_services(data_dir)
    for case_no, _ in zip(save_requests(services, "断电测试"), range(100_000), strict=False):
        print(case_no, flush=True)  # the clerk sees the number only after the commit returned


if __name__ == "__main__":
    main(Path(sys.argv[1]))
