"""The expiry pass and its preview, a resident's points statement, and settling with a merchant: the vouchers it
honoured in a period at the rate copied on each, the points read back from the ledger, and the same as a workbook."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerPosting,
    Merchant,
    Volunteer,
    Voucher,
    VoucherStatus,
)
from app.services.cases.export import xlsx_safe
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from app.services.core.files import write_with
from app.services.core.setup import community_info
from app.services.documents.disclosure import Document, Field, disclose
from app.services.ledger import posting as ledger
from app.services.ledger.points.common import (
    balance_of,
    current_rule_set,
    day_start,
    expire_lapsed,
    get_resident,
    lapsing_holders,
    local_day,
    lots_of,
)
from app.services.ledger.points.data import (
    UNIT,
    ExpiryDue,
    ExpiryPreview,
    ExpiryRun,
    Settlement,
    SettlementLine,
    amount_fen,
    show_code,
    yuan,
)
from app.services.ledger.points.lots import due, schedule

if TYPE_CHECKING:  # the passbook module brings the PDF layer
    from app.services.documents.passbook import Statement


class PointsSettlementService:
    """The expiry pass, the statement and a merchant's settlement."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def expire(self, actor: Actor) -> ExpiryRun:
        """Take out every resident's lapsed points (the expiry pass); running it twice posts nothing more."""
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS_RULES)
            rule_set_id = current_rule_set(session).id
            residents = points = 0
            for resident in lapsing_holders(session, local_day(session.info["now"])):
                taken = expire_lapsed(session, resident, actor.user_id, rule_set_id)
                if taken:
                    residents, points = residents + 1, points + taken
            return ExpiryRun(residents, points)

    def expiry_preview(self, actor: Actor, days: int = 30) -> ExpiryPreview:
        """Who would lose how many points to the expiry pass now, and what lapses within ``days`` (read only)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS_RULES)
            now = self._db.clock.now()
            today = local_day(now)
            horizon = today + timedelta(days=days)
            lines = []
            for resident in lapsing_holders(session, horizon + timedelta(days=1)):
                acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident.id)
                assert acct is not None  # _lapsing_holders joined it
                lots = lots_of(session, acct.id, resident.id)
                soon = [e for e in schedule(lots, now) if e.last_day <= horizon]
                lapsed = due(lots, now)
                if lapsed or soon:
                    lines.append(ExpiryDue(resident.id, resident.name, lapsed, sum(e.points for e in soon),
                                           soon[0].last_day if soon else None))
            lines.sort(key=lambda x: (-x.lapsed, x.next_day or date.max, x.name))
            return ExpiryPreview(today, horizon, tuple(lines))

    def statement(self, actor: Actor, resident_id: uuid.UUID) -> Statement:
        """The resident's points statement: every movement, the balance and what lapses when (print it with
        app.services.documents.passbook.render_passbook)."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.POINTS)
            resident = get_resident(session, resident_id)
            now = self._db.clock.now()
            number = session.scalar(select(Volunteer.number).where(Volunteer.resident_id == resident_id)) or ""
            acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident_id)
            lines = ledger.statement(session, acct.id) if acct else []
            held = balance_of(session, resident, now)
            info = community_info(session, self._db.desk_code)
            from app.services.documents.passbook import Statement

            return Statement(info.name, info.desk_name, info.desk_phone, resident.id, resident.name, number,
                             resident.household.address if resident.household else "", lines, held.balance, now,
                             staff.display_name, unit=UNIT, expiring=held.expiring, expired_due=held.expired_due,
                             anchor=info.chain_head)

    # --- settlement ---------------------------------------------------------------------------------

    def settlement(self, actor: Actor, merchant_id: uuid.UUID, since: date, until: date) -> Settlement:
        """What the community owes ``merchant`` for the vouchers it honoured from ``since`` to ``until``."""
        if until < since:
            raise ValidationError.single("until", QT_TRANSLATE_NOOP("errors", "The last day cannot be before the "
                                                                              "first."))
        with self._db.reading() as session:
            staff = require(session, actor, Permission.MERCHANTS)
            merchant = session.get(Merchant, merchant_id)
            if merchant is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This merchant does not exist."))
            honoured = (Voucher.merchant_id == merchant.id, Voucher.status == VoucherStatus.HONOURED,
                        Voucher.honoured_at >= day_start(since),
                        Voucher.honoured_at < day_start(until + timedelta(days=1)))
            vouchers = list(session.scalars(select(Voucher).where(*honoured).options(
                selectinload(Voucher.reward), selectinload(Voucher.resident))
                .order_by(Voucher.honoured_at, Voucher.id)))
            lines = []
            for v in vouchers:
                assert v.honoured_at is not None
                rate = v.rate_fen_per_100 if v.rate_fen_per_100 is not None else merchant.rate_fen_per_100
                resident = disclose(Document.SETTLEMENT, Field.NAME, v.resident.name) or ""
                lines.append(SettlementLine(show_code(v.code), v.honoured_at, v.reward.name, resident,
                                            v.points, rate, amount_fen(v.points, rate)))
            info = community_info(session, self._db.desk_code)
            return Settlement(info.name, info.desk_name, info.desk_phone, merchant.id, merchant.name,
                              merchant.category, merchant.contact, merchant.phone, since, until, tuple(lines),
                              sum(x.points for x in lines), sum(x.amount_fen for x in lines),
                              self._ledger_points(session, honoured), self._db.clock.now(), staff.display_name)

    @staticmethod
    def _ledger_points(session: Session, honoured: Sequence[ColumnElement[bool]]) -> int:
        """The points the ledger moved into the spend account for these vouchers, net of any reversal."""
        entries = select(Voucher.entry_id).where(*honoured)
        reversals = select(LedgerEntry.id).where(LedgerEntry.reverses_id.in_(entries))
        return int(session.scalar(
            select(func.coalesce(func.sum(LedgerPosting.amount), 0))
            .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
            .where(LedgerAccount.unit == UNIT, LedgerAccount.kind == AccountKind.SPEND,
                   LedgerPosting.entry_id.in_(entries) | LedgerPosting.entry_id.in_(reversals))) or 0)

    def export_settlement_xlsx(self, actor: Actor, merchant_id: uuid.UUID, since: date, until: date,
                               out: Path) -> Settlement:
        """The settlement as a workbook: a summary sheet and one row per honoured voucher."""
        data = self.settlement(actor, merchant_id, since, until)
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "结算汇总"
        summary: list[tuple[str, Any]] = [
            ("社区", data.community_name), ("商户", data.merchant_name), ("类别", labels.zh(data.category)),
            ("联系人", data.contact), ("电话", data.phone),
            ("结算期间", f"{data.since:%Y-%m-%d} 至 {data.until:%Y-%m-%d}"), ("核销笔数", len(data.lines)),
            ("积分合计", data.total_points), ("应付金额（元）", float(yuan(data.total_fen))),
            ("账务核对", "一致" if data.reconciled else f"不一致：账上 {data.ledger_points} 积分"),
            ("制表", f"{local(data.printed_at):%Y-%m-%d %H:%M} {data.printed_by}"),
        ]
        for label, value in summary:
            ws.append(xlsx_safe([label, value]))
        lines = wb.create_sheet("核销明细")
        lines.append(["券号", "核销时间", "兑换项目", "居民", "积分", "结算标准（元/100积分）", "金额（元）"])
        for x in data.lines:
            lines.append(xlsx_safe([x.code, f"{local(x.honoured_at):%Y-%m-%d %H:%M}", x.reward_name, x.resident,
                                    x.points, float(yuan(x.rate_fen_per_100)), float(yuan(x.amount_fen))]))
        lines.append(["合计", "", "", "", data.total_points, "", float(yuan(data.total_fen))])
        out.parent.mkdir(parents=True, exist_ok=True)
        write_with(out, wb.save)
        return data
