"""What a write changed, in words a page subscribes to (the change bus carries a set of these)."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    CASES = "cases"            # requests, their events, reporters, departments, counters, the search index
    RULES = "rules"            # the escalation ladder's time limits, categories
    RESIDENTS = "residents"    # residents and households
    CARE = "care"              # tags, duties and their records, the patrol log, saved lists (issue 19)
    ACCOUNTS = "accounts"      # staff accounts, logins
    COMMUNITY = "community"    # the community, desks, grids, departments
    TIMEBANK = "timebank"      # volunteers, service records, family links, time-bank redemptions
    POINTS = "points"          # merchants, rewards, stock, earning rules, awards, vouchers
    LEDGER = "ledger"          # accounts and postings behind the time bank and the points
    NOTICES = "notices"        # council meetings and items, published notices
    PROGRAMMES = "programmes"  # employment help, partners (the resource list), volunteer teams (issue 22)
    SYNC = "sync"              # this desk's sync with the street, the conflicts listed for the administrator
    AUDIT = "audit"            # the audit trail (every write touches it)
