"""What every benchmark script prints its figures with: the machine's load, and the median of timed runs."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def load() -> str:
    """The load average: the machine is shared, figures under load are noisy."""
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def median_ms(run: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median of ``runs`` runs in milliseconds, and the last run's result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result
