"""Work released on several desks at the same moment: what the tests of row locks and conditional updates
(test_workflow_pg, test_points_pg) share, beside the ``desks`` fixture in conftest.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def at_once(*work: Callable[[], Any]) -> list[Any]:
    """Runs each piece of work in a thread of its own, released together; what each returned or raised."""
    barrier = threading.Barrier(len(work))
    outcome: list[Any] = [None] * len(work)

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            outcome[i] = work[i]()
        except Exception as exc:  # noqa: BLE001 - returned to the test, which says what it expects
            outcome[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a desk is still waiting: a lock was never released"
    return outcome
