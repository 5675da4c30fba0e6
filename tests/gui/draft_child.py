"""Run by test_drafts in a separate process: type into the intake form, then wait to be killed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services.core.container import open_services  # noqa: E402
from app.views.bus import ChangeBus  # noqa: E402
from app.views.intake_page import IntakePage  # noqa: E402


def main(data_dir: Path, description: str) -> None:
    app = QApplication([])
    services = open_services(data_dir)
    actor = services.auth.login("clerk1", "demo1234")
    page = IntakePage(services, actor, ChangeBus())
    page.show()
    page.channel.setCurrentIndex(page.channel.findData("phone"))
    page.caller_phone.setText("13904120000")
    page.description.setPlainText(description)
    page.category.setCurrentIndex(2)
    page.new_resident.start("邢佩华")           # a new resident half typed, too
    page.new_resident.phone.setText("13904125566")
    deadline = time.monotonic() + 10
    while not (services.paths.drafts / "clerk1.intake.json").exists() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    print("typed", flush=True)
    while True:  # the clerk keeps typing... until the power goes
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
