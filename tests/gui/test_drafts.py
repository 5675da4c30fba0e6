"""What the clerk typed survives a killed process and is offered back at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.intake_page import IntakePage
from tests.conftest import ROOT
from tests.gui.helpers import settle


def test_draft_survives_a_killed_process_and_is_restored(qtbot, demo_dir: Path, services: Services) -> None:
    description = "暖气片漏水，地板都湿了，家里只有老人，请尽快派人。"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-m", "tests.gui.draft_child", str(demo_dir), description],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "typed", child.stderr.read() if child.stderr else ""
    finally:
        child.send_signal(signal.SIGKILL)          # a power cut: no clean shutdown, no atexit
        child.wait(timeout=10)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL

    clerk = services.auth.login("clerk1", "demo1234")
    page = IntakePage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    assert page.offer_draft()
    assert page.draft_banner.isVisible() and "暖气片漏水" in page.draft_text.text()
    page.restore_button.click()
    assert page.description.toPlainText() == description
    assert page.channel.currentData() == "phone"
    assert page.caller_phone.text() == "13904120000"
    assert page.category.currentIndex() == 2
    assert page.new_resident.isVisibleTo(page)
    assert page.new_resident.name.text() == "邢佩华" and page.new_resident.phone.text() == "13904125566"
    assert not page.draft_banner.isVisible()


def test_discarding_a_draft_removes_it(qtbot, services: Services) -> None:
    clerk = services.auth.login("clerk1", "demo1234")
    services.drafts.save("clerk1", "intake", {"description": "楼道灯不亮", "channel": "walk_in"})
    page = IntakePage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    assert page.offer_draft()
    page.discard_button.click()
    settle(qtbot)  # removed off the GUI thread, in turn after any save on its way
    assert services.drafts.load("clerk1", "intake") is None
    assert not page.offer_draft()


def test_typing_saves_a_draft_and_saving_the_request_clears_it(qtbot, services: Services) -> None:
    clerk = services.auth.login("clerk1", "demo1234")
    page = IntakePage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    page.description.setPlainText("小区门口井盖松动")
    qtbot.waitUntil(lambda: services.drafts.load("clerk1", "intake") is not None, timeout=3000)
    found = services.drafts.load("clerk1", "intake")
    assert found is not None and found[1]["description"] == "小区门口井盖松动"
    resident = services.residents.search(clerk, "li")[0]
    page.lookup.choose(resident)
    page.category.setCurrentIndex(1)
    page.subcategory.setCurrentIndex(1)
    assert page.save(print_receipt=False) is not None
    settle(qtbot)
    assert page.last_saved is not None
    assert services.drafts.load("clerk1", "intake") is None
