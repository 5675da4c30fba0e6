"""The four points services, as the composition root holds them (``Services.points``)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.core.db import Database
from app.services.ledger.points.catalogue import PointsCatalogueService
from app.services.ledger.points.rules import PointsRulesService
from app.services.ledger.points.settlement import PointsSettlementService
from app.services.ledger.points.vouchers import VoucherService


@dataclass(frozen=True)
class Points:
    rules: PointsRulesService            # earning rules, awards, revoking
    catalogue: PointsCatalogueService    # merchants, rewards, stock
    vouchers: VoucherService             # balances, redeeming, honouring, cancelling, printing
    settlement: PointsSettlementService  # expiry, statement, settlement

    @classmethod
    def of(cls, db: Database) -> Points:
        return cls(PointsRulesService(db), PointsCatalogueService(db), VoucherService(db), PointsSettlementService(db))
