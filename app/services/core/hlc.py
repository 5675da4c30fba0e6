"""The hybrid logical clock (HLC) that orders changes made on different desks.

A desk's wall clock may be wrong by minutes; a change made after seeing another desk's change must still sort after
it. An HLC value is the wall time in milliseconds shifted left by 16 bits plus a counter: ``tick`` gives a value
greater than every value this desk gave or saw and at least its wall time; ``see`` takes in a value read from the
street, so the next local change sorts after it (Kulkarni et al., "Logical Physical Clocks", 2014). Values fit a
signed 64-bit integer until the year 10889.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

COUNTER_BITS = 16


def wall(at: datetime) -> int:
    """The HLC value of a wall-clock instant (counter 0)."""
    return int(at.astimezone(UTC).timestamp() * 1000) << COUNTER_BITS


def instant(value: int) -> datetime:
    """The wall-clock instant an HLC value carries (its counter dropped)."""
    return datetime.fromtimestamp((value >> COUNTER_BITS) / 1000, UTC)


class HybridClock:
    """One desk's HLC. Where it starts (the newest value this desk wrote or saw) is read on its first use, by the
    ``load`` its first caller hands over (on that caller's own connection: a second one could wait for the lock)."""

    def __init__(self) -> None:
        self._last: int | None = None
        self._lock = threading.Lock()

    def tick(self, now: datetime, load: Callable[[], int]) -> int:
        with self._lock:
            if self._last is None:
                self._last = load()
            value = max(wall(now), self._last + 1)
            self._last = value
            return value

    def see(self, value: int) -> None:
        with self._lock:
            if self._last is not None and value > self._last:
                self._last = value
            # not loaded yet: the load reads the seen value from sync_state, where the pull has written it
