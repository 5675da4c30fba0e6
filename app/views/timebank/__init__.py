"""The time-bank page (时间银行): page.py holds the tabs; one module per tab (passbooks, records, spending, family),
the dialogs in dialogs.py and the editors they share in common.py."""

from app.views.timebank.page import TimeBankPage

__all__ = ["TimeBankPage"]
