"""Reading the bank: balances, a resident's passbook (存折) and the workbook of every account and movement."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerPosting,
    Resident,
    Staff,
    Volunteer,
)
from app.services.cases.export import PERSONAL_DATA_NOTE, xlsx_safe
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    NotFound,
)
from app.services.core.files import write_with
from app.services.core.setup import community_info
from app.services.ledger import posting as ledger
from app.services.ledger.posting import hours
from app.services.ledger.timebank.common import BankService
from app.services.ledger.timebank.data import (
    UNIT,
)

if TYPE_CHECKING:  # the passbook module brings the PDF layer
    from app.services.documents.passbook import Statement


class StatementService(BankService):
    """Balances, passbooks and the export."""

    def balance(self, actor: Actor, resident_id: uuid.UUID) -> int:
        """A resident's hours in minutes, from the cached balance (0 if they never held any)."""
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            return ledger.holders(session, UNIT, [resident_id]).get(resident_id, 0)

    def pool_balance(self, actor: Actor) -> int:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            pool = ledger.find_account(session, UNIT, AccountKind.POOL)
            return pool.balance if pool else 0

    def statement(self, actor: Actor, resident_id: uuid.UUID) -> Statement:
        """The passbook (存折) of a resident: every deposit, withdrawal and the running balance."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.TIMEBANK)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            number = session.scalar(select(Volunteer.number).where(Volunteer.resident_id == resident_id)) or ""
            acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident_id)
            lines = ledger.statement(session, acct.id) if acct else []
            info = community_info(session, self._db.desk_code)
            from app.services.documents.passbook import Statement

            return Statement(info.name, info.desk_name, info.desk_phone, resident.id, resident.name, number,
                             resident.household.address if resident.household else "", lines,
                             acct.balance if acct else 0, self._db.clock.now(), staff.display_name,
                             anchor=info.chain_head)

    def export_xlsx(self, actor: Actor, out: Path) -> tuple[int, int]:
        """Accounts and every movement to a workbook; returns (accounts, movements)."""
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            numbers = dict(session.execute(select(Volunteer.resident_id, Volunteer.number)).all())
            accounts = list(session.scalars(select(LedgerAccount).where(LedgerAccount.unit == UNIT)
                                            .order_by(LedgerAccount.kind, LedgerAccount.name)))
            names = {a.id: a for a in accounts}
            from openpyxl import Workbook
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            ws.title = "时间账户"
            ws.append([PERSONAL_DATA_NOTE])
            ws.append(["存折号", "户名", "账户类型", "结余（小时）", "结余（分钟）"])
            for a in accounts:
                ws.append(xlsx_safe([numbers.get(a.resident_id, "") if a.resident_id else "", a.name,
                                     labels.zh(a.kind), float(hours(a.balance)), a.balance]))
            mv = wb.create_sheet("时间流水")
            mv.append(["时间", "存折号", "户名", "摘要", "存入（小时）", "取出（小时）", "类别", "经办人", "原因",
                       "冲正的流水号", "流水号"])
            staff = dict(session.execute(select(Staff.id, Staff.display_name)).all())
            rows = session.execute(
                select(LedgerPosting.created_at, LedgerPosting.account_id, LedgerPosting.amount, LedgerEntry.memo,
                       LedgerEntry.kind, LedgerEntry.actor_id, LedgerEntry.reason, LedgerEntry.reverses_id,
                       LedgerEntry.id)
                .join(LedgerEntry, LedgerEntry.id == LedgerPosting.entry_id).where(LedgerEntry.unit == UNIT)
                .order_by(LedgerPosting.created_at, LedgerPosting.id).execution_options(yield_per=2000))
            moves = 0
            for at, account_id, amount, memo, kind, actor_id, reason, reverses, entry_id in rows:
                a = names[account_id]
                mv.append(xlsx_safe([local(at).strftime("%Y-%m-%d %H:%M"),
                                     numbers.get(a.resident_id, "") if a.resident_id else "", a.name, memo,
                                     float(hours(amount)) if amount > 0 else None,
                                     float(hours(-amount)) if amount < 0 else None, labels.zh(kind),
                                     staff.get(actor_id, ""), reason, str(reverses) if reverses else "",
                                     str(entry_id)]))
                moves += 1
            out.parent.mkdir(parents=True, exist_ok=True)
            write_with(out, wb.save)
            return len(accounts), moves
