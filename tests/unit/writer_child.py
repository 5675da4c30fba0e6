"""Run by test_faults: the desk at work in another process. Saves requests one after another, printing each case
number once it is confirmed, until the file named by its second argument appears; then closes like the app does."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.services.core.container import open_services
from tests.unit.crash_child import save_requests


def main(data_dir: Path, stop: Path) -> None:
    services = open_services(data_dir)
    try:
        for case_no in save_requests(services, "恢复测试"):
            print(case_no, flush=True)  # the clerk sees the number only after the commit returned
            if stop.exists():
                break
            time.sleep(0.005)
    finally:
        services.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
