"""Which of a resident's points expire when: a replay of their points account in lots, oldest spent first.

Every award is a lot with its own expiry date (or none). Replaying the account's postings in ledger order:
- an award (a positive posting) opens a lot;
- a redemption takes from the oldest lots not yet expired at that moment (first in, first out);
- an expiry takes from the lots expired at that moment, oldest first;
- a reversal of a redemption (a cancelled voucher) puts the points back into the very lots they came from,
  with their own expiry dates, as if the redemption had never happened;
- revoking an award takes from that award's own lot first;
- a merge of a duplicate record brings the duplicate's lots over as they were (``carried``: what the merge entry
  took out of the duplicate's account, lot by lot, with their own expiry dates).

Pure functions of the postings: nothing here reads or writes the database, so the same replay serves the
expiry pass, the redemption check and the statement, and tests can check it on its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.domain.enums import EntryKind
from app.services.core.clock import LOCAL_TZ


@dataclass(frozen=True)
class Move:
    """One posting of a resident's points account, in ledger order."""

    entry_id: uuid.UUID
    at: datetime
    kind: EntryKind
    amount: int                      # + in, - out
    reverses_id: uuid.UUID | None


@dataclass(frozen=True)
class Expiry:
    """``points`` still held that are valid through ``last_day`` and lapse the day after."""

    last_day: date
    points: int


@dataclass
class Lot:
    entry_id: uuid.UUID
    earned_at: datetime
    last_day: date | None            # valid through this local day; None: never expires
    amount: int
    left: int

    def expired_at(self, moment: datetime) -> bool:
        return self.last_day is not None and moment >= lapse_instant(self.last_day)


def lapse_instant(last_day: date) -> datetime:
    """The moment points valid through ``last_day`` lapse: midnight at the desk at the end of that day."""
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), LOCAL_TZ)


def _take(pool: Sequence[Lot], need: int, taken: list[tuple[Lot, int]]) -> int:
    for lot in pool:
        if need == 0:
            break
        n = min(lot.left, need)
        if n:
            lot.left -= n
            need -= n
            taken.append((lot, n))
    return need


Taken = dict[uuid.UUID, list[tuple[Lot, int]]]


def replay(moves: Sequence[Move], last_days: Mapping[uuid.UUID, date | None],
           carried: Mapping[uuid.UUID, Sequence[Lot]] | None = None) -> list[Lot]:
    """The lots after ``moves``; ``last_days`` gives each award's entry its last valid day, ``carried`` the lots
    each merge entry brings in (see ``replay_taking``)."""
    return replay_taking(moves, last_days, carried)[0]


def replay_taking(moves: Sequence[Move], last_days: Mapping[uuid.UUID, date | None],
                  carried: Mapping[uuid.UUID, Sequence[Lot]] | None = None) -> tuple[list[Lot], Taken]:
    """``replay``, and what each move out took from which lot (how a merge entry's lots are known)."""
    lots: list[Lot] = []
    own: dict[uuid.UUID, Lot] = {}
    taken_by: dict[uuid.UUID, list[tuple[Lot, int]]] = {}
    for move in moves:
        if move.amount > 0:
            back = taken_by.get(move.reverses_id) if move.reverses_id is not None else None
            if back is not None:  # a cancelled redemption: the points return to the lots they came from
                rest = move.amount
                for lot, n in back:
                    lot.left += min(n, rest)
                    rest -= min(n, rest)
                if rest == 0:
                    continue
                amount = rest
            elif carried and move.entry_id in carried:  # a merge: the duplicate's lots, each with its own expiry
                for source in carried[move.entry_id]:
                    lots.append(Lot(move.entry_id, source.earned_at, source.last_day, source.left, source.left))
                continue
            else:
                amount = move.amount
            lot = Lot(move.entry_id, move.at, last_days.get(move.entry_id), amount, amount)
            lots.append(lot)
            own[move.entry_id] = lot
            continue
        need = -move.amount
        taken: list[tuple[Lot, int]] = []
        first = own.get(move.reverses_id) if move.reverses_id is not None else None
        if first is not None:  # a revoked award takes its own lot first
            need = _take([first], need, taken)
        if move.kind is EntryKind.EXPIRY:
            need = _take([lot for lot in lots if lot.expired_at(move.at)], need, taken)
        else:
            need = _take([lot for lot in lots if not lot.expired_at(move.at)], need, taken)
        _take(lots, need, taken)  # only when the books were written by something else than this replay models
        taken_by[move.entry_id] = taken
    return lots, taken_by


def due(lots: Sequence[Lot], now: datetime) -> int:
    """Points held past their validity at ``now``, which the next expiry pass takes out."""
    return sum(lot.left for lot in lots if lot.expired_at(now))


def schedule(lots: Sequence[Lot], now: datetime) -> list[Expiry]:
    """What will lapse when, soonest first (points that never expire are not listed)."""
    by_day: dict[date, int] = {}
    for lot in lots:
        if lot.left and lot.last_day is not None and not lot.expired_at(now):
            by_day[lot.last_day] = by_day.get(lot.last_day, 0) + lot.left
    return [Expiry(day, points) for day, points in sorted(by_day.items())]
