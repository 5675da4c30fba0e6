"""The one ledger: the only code that writes postings or a balance, for service time and points alike.

Every function works inside the caller's transaction (one use case = one transaction), so a refused limit
or a crash leaves no half entry: the whole use case rolls back.

- ``post`` writes one entry whose postings sum to zero, updates the cached balances and checks the limits
  (no balance below zero, the storage cap, the rounding step) before the transaction can commit.
- ``reverse`` corrects a mistake with an opposite entry linked to the one it reverses, at most once.
- ``check`` is run by ``main.py verify``: entries balance, cached balances equal their postings, and every
  posting and entry still reads as the audit trail recorded it when it was written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import AccountKind, EntryKind, LedgerAccount, LedgerEntry, LedgerPosting, Unit
from app.services.core import labels
from app.services.core.audit_words import Namer
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, DomainError, Message, NotFound
from app.services.core.replay import check_replay


class InsufficientBalance(DomainError):
    """The entry would take an account below zero."""


class CapExceeded(DomainError):
    """The entry would take a personal account above the storage cap; ``overflow`` is by how much."""

    def __init__(self, template: str, *, overflow: int, **params: object) -> None:
        self.overflow = overflow
        super().__init__(template, overflow=show(params.pop("unit"), overflow), **params)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Leg:
    account_id: uuid.UUID
    amount: int   # + into the account, - out of it


@dataclass(frozen=True)
class Line:
    """One line of a statement (passbook): in and out are positive numbers, balance the running total."""

    entry_id: uuid.UUID
    at: datetime
    kind: EntryKind
    memo: str
    amount_in: int
    amount_out: int
    balance: int
    reversed_by: uuid.UUID | None
    reverses: uuid.UUID | None


def hours(minutes: int) -> str:
    """Minutes as hours the way a passbook prints them: 2.25, 1.5, 3 (the step is a quarter hour)."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def show(unit: Unit, amount: int) -> str:
    """An amount with its unit, for messages: "2.5 小时", "300 积分"."""
    return f"{hours(amount)} 小时" if unit is Unit.MINUTES else f"{amount} 积分"


def account_code(unit: Unit, kind: AccountKind, owner: uuid.UUID | None = None) -> str:
    return f"{unit.value}:{kind.value}" + (f":{owner}" if owner else "")


def account(session: Session, unit: Unit, kind: AccountKind, name: str,
            owner: uuid.UUID | None = None) -> LedgerAccount:
    """The account of ``owner`` (a resident) or the shared account of ``kind``, opened on first use."""
    code = account_code(unit, kind, owner)
    found = session.scalar(select(LedgerAccount).where(LedgerAccount.code == code))
    if found is not None:
        return found
    try:
        with session.begin_nested():
            opened = LedgerAccount(code=code, unit=unit, kind=kind, resident_id=owner, name=name[:60], balance=0)
            session.add(opened)
        return opened
    except IntegrityError:  # another desk opened it a moment ago
        return session.scalars(select(LedgerAccount).where(LedgerAccount.code == code)).one()


def find_account(session: Session, unit: Unit, kind: AccountKind,
                 owner: uuid.UUID | None = None) -> LedgerAccount | None:
    return session.scalar(select(LedgerAccount).where(LedgerAccount.code == account_code(unit, kind, owner)))


def balance(session: Session, account_id: uuid.UUID) -> int:
    """The cached balance: one indexed row, whatever the number of postings."""
    value = session.scalar(select(LedgerAccount.balance).where(LedgerAccount.id == account_id))
    if value is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This account does not exist."))
    return int(value)


HOME_DESK_ONLY = QT_TRANSLATE_NOOP(
    "errors", "{name} is kept at desk {desk}: only that desk takes from it, so that two desks never spend the same "
              "balance. Please go to desk {desk}.")


def post(session: Session, *, unit: Unit, kind: EntryKind, legs: Sequence[Leg], actor_id: uuid.UUID, memo: str,
         rule_set_id: uuid.UUID, reason: str = "", approved_by_id: uuid.UUID | None = None,
         reverses_id: uuid.UUID | None = None, step: int | None = None, cap: int | None = None) -> LedgerEntry:
    """Write one balanced entry and move the cached balances, refusing any limit it would break.

    ``step``: every amount must be a multiple of it. ``cap``: no personal account may end above it when
    this entry puts units in. Raises InsufficientBalance / CapExceeded / DomainError; the caller's
    transaction then rolls back, so nothing of the entry remains.
    """
    if len(legs) < 2 or any(not isinstance(leg.amount, int) or leg.amount == 0 for leg in legs):
        raise ValueError("an entry needs at least two non-zero integer postings")
    if sum(leg.amount for leg in legs) != 0:
        raise ValueError("the postings of an entry must sum to zero")
    if step and any(leg.amount % step for leg in legs):
        raise DomainError(QT_TRANSLATE_NOOP("errors", "Amounts must be whole multiples of {step}."),
                          step=show(unit, step))
    entry = LedgerEntry(unit=unit, kind=kind, memo=memo[:200], reason=reason[:200], actor_id=actor_id,
                        approved_by_id=approved_by_id, rule_set_id=rule_set_id, reverses_id=reverses_id)
    session.add(entry)
    session.flush()  # the entry row first: postings refer to it
    # Accounts are updated in one fixed order so two desks posting at once cannot deadlock on PostgreSQL.
    for leg in sorted(legs, key=lambda leg: leg.account_id):
        session.add(LedgerPosting(entry_id=entry.id, account_id=leg.account_id, amount=leg.amount))
        acct = session.get(LedgerAccount, leg.account_id)
        if acct is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "This account does not exist."))
        if acct.unit != unit:
            raise ValueError(f"account {acct.code} counts {acct.unit}, not {unit}")
        home = session.info.get("home_desk")
        if home and leg.amount < 0 and not acct.kind.may_go_negative and acct.desk_code != home:
            # Desks that sync: only an account's home desk takes from it, so two desks apart never both spend
            # the same hours and no balance goes below zero once they meet (issue 21).
            raise DomainError(HOME_DESK_ONLY, name=acct.name, desk=acct.desk_code)
        new_balance = session.execute(
            update(LedgerAccount).where(LedgerAccount.id == leg.account_id)
            .values(balance=LedgerAccount.balance + leg.amount).returning(LedgerAccount.balance)
        ).scalar_one()
        if new_balance < 0 and not acct.kind.may_go_negative:
            raise InsufficientBalance(QT_TRANSLATE_NOOP(
                "errors", "{name} has {have} but {need} would be taken out: a balance never goes below zero."),
                name=acct.name, have=show(unit, new_balance - leg.amount), need=show(unit, -leg.amount))
        if cap is not None and leg.amount > 0 and acct.kind is AccountKind.PERSONAL and new_balance > cap:
            raise CapExceeded(QT_TRANSLATE_NOOP(
                "errors", "{name} would hold {total}, above the cap of {cap}; {overflow} would not fit."),
                overflow=new_balance - cap, unit=unit, name=acct.name, total=show(unit, new_balance),
                cap=show(unit, cap))
    session.flush()
    return entry


def reverse(session: Session, entry_id: uuid.UUID, *, actor_id: uuid.UUID, reason: str, rule_set_id: uuid.UUID,
            memo_prefix: str = "冲正：") -> LedgerEntry:
    """Undo ``entry_id`` with the opposite postings. An entry is reversed at most once; a reversal is not."""
    original = session.get(LedgerEntry, entry_id)
    if original is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This ledger entry does not exist."))
    if original.kind is EntryKind.REVERSAL:
        raise Conflict(QT_TRANSLATE_NOOP("errors", "A reversal cannot itself be reversed; record the correct "
                                                   "entry instead."))
    if not reason.strip():
        raise DomainError(QT_TRANSLATE_NOOP("errors", "Please give the reason for the reversal."))
    earlier = session.scalar(select(LedgerEntry).where(LedgerEntry.reverses_id == entry_id))
    if earlier is not None:
        raise Conflict(QT_TRANSLATE_NOOP("errors", "This entry was already reversed; it can be reversed only once."))
    legs = [Leg(p.account_id, -p.amount) for p in session.scalars(
        select(LedgerPosting).where(LedgerPosting.entry_id == entry_id))]
    try:
        with session.begin_nested():
            return post(session, unit=original.unit, kind=EntryKind.REVERSAL, legs=legs, actor_id=actor_id,
                        memo=memo_prefix + original.memo, reason=reason.strip(), rule_set_id=rule_set_id,
                        reverses_id=entry_id)
    except IntegrityError as exc:  # another desk reversed it at the same moment (reverses_id is unique)
        raise Conflict(QT_TRANSLATE_NOOP("errors", "This entry was already reversed; it can be reversed only "
                                                   "once.")) from exc


def statement(session: Session, account_id: uuid.UUID) -> list[Line]:
    """Every movement of one account, oldest first, with the running balance (the passbook's lines)."""
    reversed_by = dict(session.execute(
        select(LedgerEntry.reverses_id, LedgerEntry.id)
        .join(LedgerPosting, LedgerPosting.entry_id == LedgerEntry.id)
        .where(LedgerPosting.account_id == account_id, LedgerEntry.reverses_id.is_not(None))).all())
    rows = session.execute(
        select(LedgerEntry.id, LedgerPosting.created_at, LedgerEntry.kind, LedgerEntry.memo, LedgerPosting.amount,
               LedgerEntry.reverses_id)
        .join(LedgerEntry, LedgerEntry.id == LedgerPosting.entry_id)
        .where(LedgerPosting.account_id == account_id)
        .order_by(LedgerPosting.created_at, LedgerPosting.id))
    lines, running = [], 0
    for entry_id, at, kind, memo, amount, reverses in rows:
        running += amount
        lines.append(Line(entry_id, at, kind, memo, max(amount, 0), max(-amount, 0), running,
                          reversed_by.get(entry_id), reverses))
    return lines


def holders(session: Session, unit: Unit, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Cached balances of the personal accounts of the residents ``ids`` (missing: never held any)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(select(LedgerAccount.resident_id, LedgerAccount.balance).where(
        LedgerAccount.unit == unit, LedgerAccount.kind == AccountKind.PERSONAL, LedgerAccount.resident_id.in_(wanted)))
    return {rid: int(bal) for rid, bal in rows if rid is not None}


def check(session: Session, limit: int = 20) -> list[Message]:
    """Everything ``main.py verify`` checks of the ledger; an empty list when it holds."""
    problems: list[Message] = []
    namer = Namer(session)  # an entry, an account by the words the audit page uses, never a uuid
    unbalanced = session.execute(
        select(LedgerPosting.entry_id, func.sum(LedgerPosting.amount), func.count())
        .group_by(LedgerPosting.entry_id)
        .having((func.sum(LedgerPosting.amount) != 0) | (func.count() < 2)).limit(limit))
    for entry_id, total, count in unbalanced:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Ledger entry {id}: its {n} postings sum to {total}, not zero."),
            {"id": namer.name_of("ledger_entry", str(entry_id)), "n": count, "total": total}))
    # Every posting's entry exists (foreign key), so as many entries as entries with postings means none is
    # empty; only when the counts differ are the empty ones looked for, one by one.
    entries = session.scalar(select(func.count()).select_from(LedgerEntry))
    with_postings = session.scalar(select(func.count(distinct(LedgerPosting.entry_id))))
    empty: list[uuid.UUID] = [] if entries == with_postings else list(session.scalars(select(LedgerEntry.id).where(
        ~select(LedgerPosting.id).where(LedgerPosting.entry_id == LedgerEntry.id).exists()).limit(limit)))
    for entry_id in empty:
        problems.append(Message(QT_TRANSLATE_NOOP("errors", "Ledger entry {id} has no postings."),
                                {"id": namer.name_of("ledger_entry", str(entry_id))}))
    sums = (select(LedgerPosting.account_id, func.sum(LedgerPosting.amount).label("total"))
            .group_by(LedgerPosting.account_id).subquery())
    drifted = session.execute(
        select(LedgerAccount.kind, LedgerAccount.name, LedgerAccount.balance, func.coalesce(sums.c.total, 0))
        .outerjoin(sums, sums.c.account_id == LedgerAccount.id)
        .where(LedgerAccount.balance != func.coalesce(sums.c.total, 0)).limit(limit))
    for kind, name, cached, total in drifted:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Ledger account {name} ({code}): cached balance {cached} but its postings sum to {total}."),
            {"name": name, "code": labels.zh(kind), "cached": cached, "total": total}))
    negative = session.execute(select(LedgerAccount.kind, LedgerAccount.name, LedgerAccount.balance).where(
        LedgerAccount.balance < 0, LedgerAccount.kind != AccountKind.ISSUE).limit(limit))
    for kind, name, cached in negative:
        problems.append(Message(QT_TRANSLATE_NOOP("errors", "Ledger account {name} ({code}) is below zero: {value}."),
                                {"name": name, "code": labels.zh(kind), "value": cached}))
    return problems[:limit]


def check_trail(session: Session, limit: int = 20) -> list[Message]:
    """Every posting and entry still reads as the audit trail recorded it: the part of ``main.py verify``
    that catches a row edited, deleted or forged with the guard triggers dropped, even when the forger
    also fixed the cached balance. It reads the whole trail of the ledger, so it belongs with the
    trail's own chain check and costs what that costs; ``check`` is the ledger's own, fast part."""
    return check_replay(session, ("ledger_posting", "ledger_entry"), limit=limit)
