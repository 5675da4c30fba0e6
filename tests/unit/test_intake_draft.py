"""The intake draft's mapping: a form goes to the draft file's JSON and comes back the same; a file from an older
version, cut short or edited by hand gives back what can be read and never an error."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.services.cases.intake import IntakeForm
from app.views.intake_draft import Draft, from_json, to_json


def test_a_form_comes_back_from_its_draft() -> None:
    resident, category, sub, department = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    deadline = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
    form = IntakeForm(channel="phone", resident_id=resident, category_id=category, subcategory_id=sub,
                      description="楼道灯不亮", urgency=4, scope="building", department_ids=(department,),
                      deadline_at=deadline, anonymous=True, caller_phone="13904120000", call_seconds=75)
    panel = {"name": "邢佩华", "phone": "139", "tags": ["empty_nest"]}
    stored = json.loads(json.dumps(to_json(form, resident, "xingpeihua", panel)))  # as the file keeps it
    assert from_json(stored) == Draft(
        channel="phone", caller_phone="13904120000", resident_id=resident, resident_text="xingpeihua",
        category_id=str(category), subcategory_id=str(sub), description="楼道灯不亮", urgency=4, scope="building",
        department_ids=frozenset({str(department)}), deadline_at=deadline, anonymous=True, new_resident=panel)


def test_an_empty_or_odd_file_gives_an_empty_draft() -> None:
    assert from_json({}) == Draft()
    odd = from_json({"resident_id": "not-a-uuid", "urgency": "5", "deadline_at": "yesterday", "anonymous": "yes",
                     "department_ids": "all", "new_resident": ["x"], "description": 42, "channel": None})
    assert odd == Draft()


@given(st.dictionaries(st.sampled_from(["channel", "caller_phone", "resident_id", "resident_text", "category_id",
                                        "subcategory_id", "description", "urgency", "scope", "department_ids",
                                        "deadline_at", "anonymous", "new_resident", "call_seconds"]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40),
                                 st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=3),
                                 st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))))
def test_any_json_a_draft_file_may_hold_is_read_without_error(fields: dict[str, object]) -> None:
    draft = from_json(fields)
    assert isinstance(draft.caller_phone, str) and isinstance(draft.description, str)
    assert draft.urgency is None or isinstance(draft.urgency, int)
    assert all(isinstance(d, str) for d in draft.department_ids)
