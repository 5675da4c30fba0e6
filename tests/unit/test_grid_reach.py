"""Issue 15, section 2: a grid worker acts on their own grid's requests (and those dispatched to them), and a public
note a grid worker writes reaches a notice only once the desk or the director approved it.

Through the real services on a real SQLite file; the notice is read back from the PDF's text (pdftotext)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.models import EventKind
from app.services.cases.reach import APPROVED, PENDING, RETURNED
from app.services.core.errors import Conflict, PermissionDenied, ValidationError
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

PUBLIC = "物业已更换三楼水管阀门，明日上午试水"
SECOND = "试水正常，天花板已晾干重刷"


def board_text(cw: Casework, tmp_path: Path) -> str:
    day = NOW.date()
    made = cw.services.notices.make_board(cw.clerk, day, day)
    path = tmp_path / "board.pdf"
    path.write_bytes(made.pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def test_a_grid_worker_cannot_handle_another_grids_case(cw: Casework) -> None:
    """The defect: worker2 (no grid of theirs) responded to and resolved a case of grid G1 dispatched to worker."""
    cid = cw.new_case()  # 张三, building 3: grid G1, whose worker is cw.worker
    cw.flow.dispatch(cw.clerk, cid)
    before = cw.snapshot()
    for step in (lambda: cw.flow.respond(cw.worker2, cid, "已联系"),
                 lambda: cw.flow.add_note(cw.worker2, cid, "已上门查看"),
                 lambda: cw.flow.resolve(cw.worker2, cid, "已修好")):
        with pytest.raises(PermissionDenied) as exc:
            step()
        assert "第一网格" in str(exc.value) and "赵网格" in str(exc.value) and "own grid" in str(exc.value)
    assert cw.snapshot() == before  # nothing written
    detail = cw.flow.detail(cw.worker2, cid)
    assert not detail.actions & {EventKind.RESPONDED, EventKind.NOTE, EventKind.RESOLVED}
    mine = cw.flow.detail(cw.worker, cid)
    assert {EventKind.RESPONDED, EventKind.NOTE, EventKind.RESOLVED} <= mine.actions
    cw.flow.respond(cw.worker, cid, "已联系")
    cw.flow.resolve(cw.worker, cid, "已修好")


def test_a_case_dispatched_to_a_worker_by_name_is_theirs_and_the_desk_acts_on_all(cw: Casework) -> None:
    cid = cw.new_case()
    cw.flow.dispatch(cw.clerk, cid, cw.worker2.user_id)  # covering for a colleague: the desk chose them
    cw.flow.respond(cw.worker2, cid, "已联系")
    cw.flow.add_note(cw.worker, cid, "本网格知悉")  # still grid G1's request: its own worker may note it
    cw.flow.add_note(cw.clerk, cid, "服务台电话回复居民")
    cw.flow.add_note(cw.director, cid, "主任督办")
    cw.flow.resolve(cw.admin, cid, "已修好")
    other = cw.new_case(resident="李建国")  # building 5: no grid, so no grid worker's but the one dispatched to
    cw.flow.dispatch(cw.clerk, other, cw.worker2.user_id)
    with pytest.raises(PermissionDenied):
        cw.flow.respond(cw.worker, other)


def test_a_grid_workers_public_note_waits_for_review_before_a_notice_shows_it(cw: Casework, tmp_path: Path) -> None:
    cid = cw.new_case()
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.add_note(cw.worker, cid, PUBLIC, public=True)
    note = cw.flow.detail(cw.clerk, cid).timeline[-1]
    assert (note.public, note.review) == (True, PENDING)
    assert PUBLIC not in board_text(cw, tmp_path)  # the defect: printed before anyone at the desk read it
    assert EventKind.NOTE_REVIEWED in cw.flow.detail(cw.clerk, cid).actions
    assert EventKind.NOTE_REVIEWED not in cw.flow.detail(cw.worker, cid).actions
    with pytest.raises(PermissionDenied):
        cw.flow.review_note(cw.worker, cid, note.seq, True)
    cw.flow.review_note(cw.clerk, cid, note.seq, True)
    assert cw.flow.detail(cw.clerk, cid).timeline[note.seq - 1].review == APPROVED
    assert PUBLIC in board_text(cw, tmp_path)
    with pytest.raises(Conflict):  # reviewed once
        cw.flow.review_note(cw.director, cid, note.seq, False, "重复审核")

    cw.flow.add_note(cw.worker, cid, SECOND, public=True)
    second = cw.flow.detail(cw.director, cid).timeline[-1]
    before = cw.snapshot()
    with pytest.raises(ValidationError) as exc:  # sending back needs its reason
        cw.flow.review_note(cw.director, cid, second.seq, False, " ")
    assert "reason" in exc.value.errors and cw.snapshot() == before
    cw.flow.review_note(cw.director, cid, second.seq, False, "涉及居民家中情况，请改写")
    detail = cw.flow.detail(cw.worker, cid)
    assert detail.timeline[second.seq - 1].review == RETURNED
    last = detail.timeline[-1]
    assert last.kind is EventKind.NOTE_REVIEWED and last.note == "涉及居民家中情况，请改写"
    text = board_text(cw, tmp_path)
    assert SECOND not in text and PUBLIC in text  # the approved one stays the latest public note


def test_the_desks_and_the_directors_public_notes_need_no_review(cw: Casework, tmp_path: Path) -> None:
    cid = cw.new_case()
    cw.flow.add_note(cw.clerk, cid, PUBLIC, public=True)
    assert cw.flow.detail(cw.clerk, cid).timeline[-1].review == APPROVED
    assert EventKind.NOTE_REVIEWED not in cw.flow.detail(cw.clerk, cid).actions
    assert PUBLIC in board_text(cw, tmp_path)
    with pytest.raises(Conflict):  # an internal note or an approved one is not waiting for review
        cw.flow.review_note(cw.clerk, cid, 1, True)
