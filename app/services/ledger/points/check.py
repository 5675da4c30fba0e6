"""What ``main.py verify`` checks of the points (``check``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerPosting,
    PointsAward,
    Reward,
    RewardStockMove,
    Voucher,
    VoucherStatus,
)
from app.services.core import labels
from app.services.core.audit_words import Namer
from app.services.core.errors import QT_TRANSLATE_NOOP, Message
from app.services.ledger import posting as ledger
from app.services.ledger.points.data import (
    UNIT,
    show_code,
)


def check(session: Session, limit: int = 20) -> list[Message]:
    """What ``main.py verify`` checks of the points: stock equals its moves, each voucher and award agrees with
    its ledger entry, a voucher is cancelled exactly when its entry is reversed, and the points spent equal
    the vouchers not cancelled."""
    problems: list[Message] = []
    moved = (select(RewardStockMove.reward_id, func.sum(RewardStockMove.delta).label("total"))
             .group_by(RewardStockMove.reward_id).subquery())
    for name, stock, total in session.execute(
            select(Reward.name, Reward.stock, func.coalesce(moved.c.total, 0))
            .outerjoin(moved, moved.c.reward_id == Reward.id)
            .where((Reward.stock != func.coalesce(moved.c.total, 0)) | (Reward.stock < 0)).limit(limit)):
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Reward {name}: stock {stock} but its stock moves sum to {total}."),
            {"name": name, "stock": stock, "total": total}))
    spend = ledger.find_account(session, UNIT, AccountKind.SPEND)
    spent = session.scalar(select(func.coalesce(func.sum(Voucher.points), 0))
                           .where(Voucher.status != VoucherStatus.CANCELLED)) or 0
    if (spend.balance if spend else 0) != spent:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Points redeemed: the ledger holds {ledger} but the vouchers not cancelled add up to "
            "{vouchers}."),
            {"ledger": spend.balance if spend else 0, "vouchers": spent}))
    personal = (select(LedgerPosting.entry_id, LedgerPosting.amount).join(
        LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerAccount.unit == UNIT, LedgerAccount.kind == AccountKind.PERSONAL).subquery())
    for code, points, posted in session.execute(
            select(Voucher.code, Voucher.points, personal.c.amount)
            .outerjoin(personal, personal.c.entry_id == Voucher.entry_id)
            .where((personal.c.amount.is_(None)) | (personal.c.amount != -Voucher.points)).limit(limit)):
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Voucher {code} is for {points} points but its ledger entry took {posted}."),
            {"code": show_code(code), "points": points, "posted": -posted if posted is not None else 0}))
    reversal = select(LedgerEntry.id).where(LedgerEntry.reverses_id == Voucher.entry_id).correlate(Voucher)
    mismatched = session.execute(select(Voucher.code, Voucher.status).where(
        (Voucher.status == VoucherStatus.CANCELLED) != reversal.exists()).limit(limit))
    for code, status in mismatched:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Voucher {code} is {status} but its ledger entry says otherwise (reversed or not)."),
            {"code": show_code(code), "status": labels.zh(status)}))
    for award_id, points, posted in session.execute(
            select(PointsAward.id, PointsAward.points, personal.c.amount)
            .outerjoin(personal, personal.c.entry_id == PointsAward.entry_id)
            .where((personal.c.amount.is_(None)) | (personal.c.amount != PointsAward.points)).limit(limit)):
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Points award {id} is for {points} points but its ledger entry gave {posted}."),
            {"id": Namer(session).name_of("points_award", str(award_id)), "points": points,
             "posted": posted if posted is not None else 0}))
    return problems[:limit]
