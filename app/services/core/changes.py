"""Which topics a write changed, derived from the tables its transactions wrote (``Database.changes``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from app.domain.topics import Topic

T = TypeVar("T")

TOPIC_OF_TABLE: dict[str, Topic] = {
    "case": Topic.CASES, "case_event": Topic.CASES, "case_reporter": Topic.CASES, "case_department": Topic.CASES,
    "case_counter": Topic.CASES, "case_text": Topic.CASES,
    "rates_day": Topic.CASES, "rates_day_department": Topic.CASES,
    "escalation_rule": Topic.RULES, "category": Topic.RULES, "calendar_day": Topic.RULES,
    "message_template": Topic.RULES, "canned_reply": Topic.RULES,
    "sync_state": Topic.SYNC, "sync_conflict": Topic.SYNC,
    "resident": Topic.RESIDENTS, "household": Topic.RESIDENTS, "household_tag": Topic.RESIDENTS,
    "register_import": Topic.RESIDENTS, "erased_name": Topic.RESIDENTS,
    "tag": Topic.CARE, "person_tag": Topic.RESIDENTS, "duty": Topic.CARE, "duty_record": Topic.CARE,
    "patrol_entry": Topic.CARE, "saved_list": Topic.CARE,
    "staff": Topic.ACCOUNTS, "login_attempt": Topic.ACCOUNTS, "task_key": Topic.ACCOUNTS,
    "command_run": Topic.AUDIT,
    "community": Topic.COMMUNITY, "desk": Topic.COMMUNITY, "grid": Topic.COMMUNITY, "department": Topic.COMMUNITY,
    "building": Topic.COMMUNITY,
    "volunteer": Topic.TIMEBANK, "service_activity": Topic.TIMEBANK, "service_record": Topic.TIMEBANK,
    "family_link": Topic.TIMEBANK, "timebank_redemption": Topic.TIMEBANK,
    "volunteer_team": Topic.PROGRAMMES, "volunteer_team_membership": Topic.PROGRAMMES,
    "volunteer_team_case": Topic.PROGRAMMES,
    "points_merchant": Topic.POINTS, "points_reward": Topic.POINTS, "points_stock_move": Topic.POINTS,
    "points_earn_rule": Topic.POINTS, "points_award": Topic.POINTS, "points_voucher": Topic.POINTS,
    "rule_set": Topic.LEDGER, "ledger_account": Topic.LEDGER, "ledger_entry": Topic.LEDGER,
    "ledger_posting": Topic.LEDGER,
    "council_meeting": Topic.NOTICES, "council_item": Topic.NOTICES,
    "council_attendee": Topic.NOTICES, "council_topic": Topic.NOTICES, "notice_publication": Topic.NOTICES,
    "job_seeker": Topic.PROGRAMMES, "job_case": Topic.PROGRAMMES, "job_plan": Topic.PROGRAMMES,
    "job_referral": Topic.PROGRAMMES, "job_visit": Topic.PROGRAMMES, "job_outcome": Topic.PROGRAMMES,
    "audit_log": Topic.AUDIT, "audit_head": Topic.AUDIT, "audit_anchor": Topic.AUDIT,
    # the resource list (issue 22); a merchant's name and contact are its partner's
    "partner": Topic.PROGRAMMES, "partner_offer": Topic.PROGRAMMES, "partner_contribution": Topic.PROGRAMMES,
}


def topics_of(tables: Iterable[str]) -> frozenset[Topic]:
    """The topics of the tables written; a table not in the map is a programming error caught by the tests."""
    return frozenset(TOPIC_OF_TABLE[t] for t in tables if t in TOPIC_OF_TABLE)


def call_noting_changes(call: Callable[[], T]) -> tuple[T, frozenset[Topic]]:
    """Run one use case and say which topics its committed writes changed (on this thread)."""
    from app.services.core.db import written_tables  # not at import: the log-in imports this before the database

    with written_tables() as written:
        result = call()
    return result, topics_of(written)
