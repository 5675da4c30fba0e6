"""The hybrid logical clock (HLC) that orders changes made on different desks.

A desk's wall clock may be wrong by minutes; a change made after seeing another desk's change must still sort after
it. An HLC value is the wall time in milliseconds shifted left by 16 bits plus a counter: ``tick`` gives a value
greater than every value this desk gave or saw and at least its wall time; ``see`` takes in a value read from the
street, so the next local change sorts after it (Kulkarni et al., "Logical Physical Clocks", 2014). Values fit a
signed 64-bit integer until the year 10889.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

COUNTER_BITS = 16


def wall(at: datetime) -> int:
    """The HLC value of a wall-clock instant (counter 0)."""
    return int(at.astimezone(UTC).timestamp() * 1000) << COUNTER_BITS


def instant(value: int) -> datetime:
    """The wall-clock instant an HLC value carries (its counter dropped)."""
    return datetime.fromtimestamp((value >> COUNTER_BITS) / 1000, UTC)


class HybridClock:
    """One desk's HLC. ``tick`` is given a floor: the newest value in this desk's chain and the newest seen from the
    street, read in the writing transaction (another process on the same desk, a scheduled ``main.py sync``, may
    have written since)."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def tick(self, now: datetime, floor: int) -> int:
        with self._lock:
            value = max(wall(now), self._last + 1, floor + 1)
            self._last = value
            return value

    def see(self, value: int) -> None:
        with self._lock:
            self._last = max(self._last, value)
