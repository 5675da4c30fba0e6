"""The integrity check at start: what the clean-close marker costs against reading the whole file.

    python benchmarks/integrity_bench.py DATABASE [--runs 3] [--cold]

Reads DATABASE only (never writes it or beside it). Prints, with the load average before and after:
- the start's decision from the marker (``integrity.reason_to_check``: a stat and a comparison), median of 1,000;
- ``PRAGMA quick_check`` over the whole file, as every start ran it before (warm: the file in the page cache; with
  --cold, after dropping the page cache, which needs root), medians of --runs;
- how long a running background check takes to stop when the desk closes (``IntegrityCheck.stop``: SQLite's
  interrupt), medians.
Nothing is asserted: figures to read and report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.core.errors import DomainError  # noqa: E402
from app.services.core.integrity import (  # noqa: E402
    FileStamp,
    IntegrityCheck,
    Marker,
    Reason,
    quick_check,
    reason_to_check,
)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(call: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="also drop the page cache before each check (root)")
    args = parser.parse_args()
    path: Path = args.database
    print(f"{path}: {path.stat().st_size / 1e6:,.0f} MB; load average {load()}")

    marker = Marker(FileStamp.of(path), datetime.now(UTC).isoformat(), 0.0)
    now = datetime.now(UTC)
    decisions = timed(lambda: reason_to_check(path, marker, now), 1000)
    print(f"  the marker's decision (stat, compare)        {statistics.median(decisions) * 1e3:10.3f} ms "
          f"-> {reason_to_check(path, marker, now)}")

    quick_check(path)  # warm the cache once
    warm = timed(lambda: quick_check(path), args.runs)
    print(f"  PRAGMA quick_check, warm (before: every start) {statistics.median(warm) * 1e3:10.0f} ms")
    if args.cold:
        cold = []
        for _ in range(args.runs):
            if not drop_caches():
                print("  (cannot drop the page cache: not root or not allowed here)")
                break
            cold += timed(lambda: quick_check(path), 1)
        if cold:
            print(f"  PRAGMA quick_check, cold                      {statistics.median(cold) * 1e3:10.0f} ms")

    stops = []
    for _ in range(args.runs):
        check = IntegrityCheck(path, Reason.UNCLEAN, None, lambda problems: DomainError("damaged"))
        check.start()
        time.sleep(1.0)  # well into the check
        started = time.perf_counter()
        check.stop(timeout=10)
        stops.append(time.perf_counter() - started)
        if any(t.name == "integrity-check" and t.is_alive() for t in threading.enumerate()):
            print("  the check did not stop within 10 s")
    print(f"  stopping a running check (the desk closes)    {statistics.median(stops) * 1e3:10.1f} ms")
    print(f"load average {load()}")


if __name__ == "__main__":
    main()
