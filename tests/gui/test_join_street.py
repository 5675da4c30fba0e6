"""加入街道 in the first-start dialog (issue 21), without a street: every bad address and an unreachable street said
under the field, the dialog kept open, nothing written. A join that goes through: tests/pg/test_sync_gui_pg.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.sync.service import BAD_ADDRESS, NO_ADDRESS, UNREACHABLE, URL_KEY
from app.views.join_street import JoinStreetDialog
from app.views.login import FirstStartDialog
from tests.conftest import DEMO_BUILT_AT


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Services]:
    s = open_services(tmp_path / "new", clock=FakeClock(DEMO_BUILT_AT))
    yield s
    s.close()


def desk_file(services: Services) -> str:
    path = services.paths.data_dir / "desk.json"
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.mark.parametrize(("typed", "template"), [
    ("", NO_ADDRESS),
    ("   ", NO_ADDRESS),
    ("街道服务器", BAD_ADDRESS),
    ("http://192.168.1.10/street", BAD_ADDRESS),
    ("postgresql://desk_a02:pw@192.168.1.10:5432", BAD_ADDRESS),  # no database named
    ("postgresql://desk_a02:pw@127.0.0.1:1/street", UNREACHABLE),  # nothing listens there
], ids=["empty", "spaces", "words", "http", "no-database", "unreachable"])
def test_a_bad_address_is_said_under_the_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
        qtbot, fresh: Services, typed: str, template: str) -> None:
    first = FirstStartDialog(fresh)
    qtbot.addWidget(first)
    first.show()
    before = desk_file(fresh)
    dialog = first.join_street()
    assert isinstance(dialog, JoinStreetDialog) and dialog.isVisible()
    dialog.address.setText(typed)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.errors.message("street_url") != "", timeout=15_000)
    said = dialog.errors.message("street_url")
    expected = QCoreApplication.translate("errors", template)
    assert said.startswith(expected.split("{")[0]) and said
    assert dialog.isVisible() and first.isVisible() and not dialog.progress.isVisible()
    assert dialog.address.text() == typed  # kept as typed, to correct
    assert URL_KEY not in fresh.settings.extra and desk_file(fresh) == before
    assert not fresh.setup.state().initialized
