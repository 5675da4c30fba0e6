"""Half-typed forms survive a crash: saved atomically per user and form, damaged files set aside."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.drafts import DraftStore

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
FIELDS = {"description": "楼道灯坏了，晚上看不见。", "urgency": 3, "departments": ["社区居委会"], "anonymous": False}


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> DraftStore:
    return DraftStore(tmp_path / "drafts", clock)


def test_round_trip(store: DraftStore, tmp_path: Path) -> None:
    assert store.load("clerk1", "intake") is None
    store.save("clerk1", "intake", FIELDS)
    assert store.load("clerk1", "intake") == (NOW, FIELDS)
    files = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert files == ["clerk1.intake.json"]  # no .tmp left behind
    raw = (tmp_path / "drafts" / "clerk1.intake.json").read_text(encoding="utf-8")
    assert "楼道灯坏了，晚上看不见。" in raw  # readable UTF-8, not \\u escapes


def test_a_later_save_replaces_the_earlier(store: DraftStore, clock: FakeClock, tmp_path: Path) -> None:
    store.save("clerk1", "intake", FIELDS)
    clock.advance(timedelta(minutes=2))
    store.save("clerk1", "intake", {"description": "改了"})
    assert store.load("clerk1", "intake") == (NOW + timedelta(minutes=2), {"description": "改了"})
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["clerk1.intake.json"]


def test_drafts_are_per_user_and_per_form(store: DraftStore) -> None:
    store.save("clerk1", "intake", {"a": 1})
    store.save("clerk2", "intake", {"a": 2})
    store.save("clerk1", "resident", {"a": 3})
    assert store.load("clerk1", "intake") == (NOW, {"a": 1})
    assert store.load("CLERK2", "intake") == (NOW, {"a": 2})
    assert store.load("clerk1", "resident") == (NOW, {"a": 3})
    assert store.load("clerk2", "resident") is None


def test_discard(store: DraftStore, tmp_path: Path) -> None:
    store.save("clerk1", "intake", FIELDS)
    store.discard("clerk1", "intake")
    assert store.load("clerk1", "intake") is None
    assert list((tmp_path / "drafts").iterdir()) == []
    store.discard("clerk1", "intake")  # nothing to discard is fine


def test_odd_user_names_stay_inside_the_drafts_folder(store: DraftStore, tmp_path: Path) -> None:
    store.save("../../etc/x", "intake/../y", {"a": 1})
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.parent for p in files] == [tmp_path / "drafts"]
    assert store.load("../../etc/x", "intake/../y") == (NOW, {"a": 1})


@pytest.mark.parametrize("content", [
    '{"form": "intake", "saved_at": "2026-11-20T02:00:00+00:00", "fie',   # cut off by a power failure
    "",
    "[1, 2, 3]",
    '{"saved_at": "not a time", "fields": {}}',
    '{"saved_at": "2026-11-20T02:00:00+00:00"}',
])
def test_damaged_draft_counts_as_none_and_is_set_aside(store: DraftStore, tmp_path: Path, content: str) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "clerk1.intake.json").write_text(content, encoding="utf-8")
    assert store.load("clerk1", "intake") is None
    assert sorted(p.name for p in folder.iterdir()) == ["clerk1.intake.damaged"]
    assert (folder / "clerk1.intake.damaged").read_text(encoding="utf-8") == content
    store.save("clerk1", "intake", FIELDS)  # the clerk carries on and the next save works
    assert store.load("clerk1", "intake") == (NOW, FIELDS)


def test_services_keep_drafts_in_the_data_folder(services: Services) -> None:
    services.drafts.save("clerk1", "intake", FIELDS)
    path = services.paths.data_dir / "drafts" / "clerk1.intake.json"
    assert json.loads(path.read_text(encoding="utf-8"))["fields"] == FIELDS
