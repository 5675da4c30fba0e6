"""Run by test_faults: the desk at work in another process. Saves requests one after another, printing each case
number once it is confirmed, until the file named by its second argument appears; then closes like the app does."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.services.cases.intake import IntakeForm
from app.services.core.container import open_services


def main(data_dir: Path, stop: Path) -> None:
    services = open_services(data_dir)
    try:
        clerk = services.auth.login("clerk1", "demo1234")
        residents = services.residents.search(clerk, "wang", limit=50)
        options = services.intake.options(clerk)
        top = options.children(None)[0]
        sub = options.children(top.id)[0]
        print("ready", flush=True)
        i = 0
        while not stop.exists():
            saved = services.intake.submit(clerk, IntakeForm(
                channel="walk_in", resident_id=residents[i % len(residents)].id, category_id=top.id,
                subcategory_id=sub.id, description=f"恢复测试第{i}件：楼道灯不亮，请维修。", urgency=2,
                scope="household"))
            print(saved.case_no, flush=True)  # the clerk sees the number only after the commit returned
            i += 1
            time.sleep(0.005)
    finally:
        services.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
