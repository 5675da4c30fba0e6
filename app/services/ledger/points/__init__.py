"""Community points (积分): earned for good deeds, redeemed at partner merchants, settled honestly.

Points are kept in the shared ledger (app.services.ledger.posting, unit ``points``); nothing here writes a balance.
The package by job, each its own service (``services.Points`` holds the four, as ``Services.points``):

- ``rules``: earning rules (EarnRule) say what earns how many points, with caps per day and month and a validity
  period; every change is also a new version of the ``points`` rule set that ledger entries name. An award is one
  ledger entry (issue -> resident) and one lot with its own expiry date; a group of residents at an event is
  awarded in one transaction: all or none. Verified time-bank service earns points automatically, exactly once per
  service record (``award_for_service``, called where the time bank credits).
- ``catalogue``: merchants, their rewards and the rewards' stock.
- ``vouchers``: redeeming takes the points (resident -> spend) and one item of stock in the same transaction and
  issues a voucher with a short code; the stock is taken with a conditional UPDATE, so two desks cannot both take the
  last item. Honouring (核销) marks the voucher once; cancelling an unhonoured voucher reverses its entry and returns
  the item, never deleting anything.
- ``settlement``: the expiry pass (points lapse the day after their last valid day; redemptions use the oldest
  points first, ``lots``) moves lapsed points to the ``expired`` account, once; the statement; and per merchant and
  period, the vouchers it honoured, their points and the amount owed at the rate in force when each was honoured,
  the points read back from the ledger, which must agree.
- ``data`` (what they take and answer), ``common`` (what they share), ``lots`` (the expiry arithmetic) and ``check``
  (what ``main.py verify`` checks).
"""
