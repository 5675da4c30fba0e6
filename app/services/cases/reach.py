"""Who may act on which request, beyond the role: a grid worker's reach, and the review of public notes.

**A grid worker's reach.** A grid worker (网格员) handles the requests of their own grid (the grid the request was
logged in, or for one logged before its building had a grid, the grid its household is in now) and those the desk
dispatched to them by name (covering for a colleague). Another grid's request is not theirs: responding to it,
noting its progress, reporting for a department on it or resolving it is refused with a message naming its handler.
The desk (clerk), the director and the administrator act on every request.

**Public notes are reviewed.** A progress note marked public is printed on the notice board (scrubbed). One written
by someone who may not review (a grid worker) waits for review (``review: pending`` in its event's data) until the
clerk, the director or the administrator approves it or sends it back with a reason (a ``note_reviewed`` event on
the timeline: the note's event is append-only and is never edited). Notices print only approved public notes; a note
marked public by a reviewer, or before this rule, counts as approved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Case, EventKind, Grid, Household, Role, Staff
from app.services.core.errors import QT_TRANSLATE_NOOP, PermissionDenied

PENDING, APPROVED, RETURNED = "pending", "approved", "returned"


def grid_of(session: Session, case: Case) -> Grid | None:
    grid_id = case.grid_id or (session.scalar(select(Household.grid_id).where(Household.id == case.household_id))
                               if case.household_id else None)
    return session.get(Grid, grid_id) if grid_id else None


def reaches(session: Session, staff: Staff, case: Case) -> bool:
    """Whether ``staff`` may handle ``case`` (respond, note, report, resolve) as far as the grid goes."""
    if staff.role is not Role.GRID_WORKER or case.assignee_id == staff.id:
        return True
    grid = grid_of(session, case)
    return grid is not None and grid.worker_id == staff.id


def check_reach(session: Session, staff: Staff, case: Case) -> None:
    if reaches(session, staff, case):
        return
    grid = grid_of(session, case)
    handler = session.get(Staff, case.assignee_id) if case.assignee_id else None
    raise PermissionDenied(QT_TRANSLATE_NOOP(
        "errors", "Case {no} belongs to {grid} and is handled by {handler}: a grid worker acts only on the requests "
        "of their own grid and on those dispatched to them."), no=case.case_no,
        grid=grid.name if grid is not None else "—", handler=handler.display_name if handler is not None else "—")


def note_data(public: bool, reviewer: bool) -> dict[str, Any]:
    """The data of a new progress note: a public one by someone who may not review waits for review."""
    return {"public": True, "review": PENDING} if public and not reviewer else {"public": public}


def reviews(events: Iterable[tuple[int, EventKind, Mapping[str, Any] | None]]) -> dict[int, str]:
    """Each public note's review (PENDING, APPROVED or RETURNED) by its seq, from a case's NOTE and NOTE_REVIEWED
    events in their order."""
    found: dict[int, str] = {}
    for seq, kind, data in events:
        data = data or {}
        if kind is EventKind.NOTE and data.get("public") is True:
            found[seq] = PENDING if data.get("review") == PENDING else APPROVED
        elif kind is EventKind.NOTE_REVIEWED and found.get(int(data.get("note_seq", -1))) == PENDING:
            found[int(data["note_seq"])] = APPROVED if data.get("approved") is True else RETURNED
    return found


def latest_published(notes: Mapping[int, str], verdicts: Mapping[int, str]) -> str:
    """The text of the newest approved public note ("" if none): ``notes`` maps a note's seq to its text."""
    approved = [seq for seq, state in verdicts.items() if state == APPROVED and notes.get(seq, "").strip()]
    return notes[max(approved)] if approved else ""

