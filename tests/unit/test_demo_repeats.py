"""The demo's repeat caller (app/demo/repeats.py), hand-counted: one resident asked about the noise upstairs three
times this month, the second and third requests marked as repeats of the first, and a fourth call recorded on the
first (still open) instead of a new request."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from app.demo.repeats import ATTACHED, CALLS
from app.services.cases import rates
from app.services.cases.repeats import same_problem
from app.services.core.clock import local
from app.services.core.container import Services
from tests.conftest import DEMO_BUILT_AT


def rows(folder: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(folder / "desk.sqlite3")) as conn:
        return conn.execute(sql).fetchall()


def test_the_demo_has_one_repeat_caller_with_two_repeats_and_one_call_attached(demo_folder: Path,
                                                                                demo_services: Services) -> None:
    # Nothing else in the demo is a repeat: exactly the two marked here and the one call recorded.
    repeats = rows(demo_folder, 'SELECT c.resident_id, e.case_no, c.description FROM "case" c '
                                'JOIN "case" e ON e.id = c.repeat_of_id ORDER BY c.created_at')
    assert [r[2] for r in repeats] == list(CALLS[1:])
    [(resident_hex, first_no, _text)] = {r[:2] + ("",) for r in repeats}
    [(case_no, note)] = rows(demo_folder, 'SELECT c.case_no, e.note FROM case_event e JOIN "case" c '
                                          "ON c.id = e.case_id WHERE e.kind = 'repeated'")
    assert (case_no, note) == (first_no, ATTACHED)
    [(first_text,)] = rows(demo_folder, f"SELECT description FROM \"case\" WHERE case_no = '{first_no}'")
    assert first_text == CALLS[0]

    director = demo_services.auth.login("director", "demo1234")
    flagged = [f for f in demo_services.repeats.frequent(director) if f.resident_id.hex == resident_hex]
    assert [(f.month, f.requests, f.repeats, f.attached, f.latest_category) for f in flagged] == [
        (local(DEMO_BUILT_AT).date().replace(day=1), 3, 2, 1, "环境改善 / 噪音扰民")]

    # The dashboard's month: the two repeats, counted on their intake days (both this month).
    since, until = rates.span(*rates.period("month", local(DEMO_BUILT_AT).date()))
    assert demo_services.rates.summary(director, since, until).repeats == 2

    # At the desk: their three requests, and the same problem is the newest open one (the third).
    clerk = demo_services.auth.login("clerk1", "demo1234")
    found = demo_services.repeats.history(clerk, flagged[0].resident_id, "")
    assert [r.summary[:10] for r in found.requests] == [c[:10] for c in reversed(CALLS)]
    category = next(c for c in demo_services.intake.options(clerk).categories if c.code == "ENV-NOISE")
    marked = same_problem(found.requests, category.parent_id, category.id)
    assert marked is not None and marked.case_no == found.requests[0].case_no and marked.open
