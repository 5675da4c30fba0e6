"""The desk on a real X display of 1366x768 with a window manager (Xvfb + openbox), as a clerk meets it: first start
with the demo, log-in, a keyboard walk-in, a phone intake, the request list, a step on a case, the lock screen and
large print (tests/xvfb/walk.py does the walking). The screenshots are kept in artefacts/desk-walk-1366x768/ to be
looked at; report.json there lists them with every check and the walk-in's keys and seconds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "artefacts" / "desk-walk-1366x768"


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh X display of 1366x768 with openbox managing its windows."""
    xvfb, wm = shutil.which("Xvfb"), shutil.which("openbox")
    assert xvfb and wm, "make test installs xvfb and openbox (Makefile TEST_LIBS)"
    number = next(n for n in range(91, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    name = f":{number}"
    server = subprocess.Popen([xvfb, name, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manager = None
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        manager = subprocess.Popen([wm], env=dict(os.environ, DISPLAY=name), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # openbox takes the screen before the desk's first window
        yield name
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


def test_a_clerks_first_hour_at_1366x768(display: str, tmp_path: Path) -> None:
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "xvfb" / "walk.py"), str(tmp_path / "data"),
                           str(ARTEFACTS)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    report = json.loads((ARTEFACTS / "report.json").read_text(encoding="utf-8"))
    assert done.returncode == 0, (report.get("failed"), done.stderr[-3000:])
    assert report["screen"] == "1366x768"
    assert report["checks"] and all(check["ok"] for check in report["checks"])
    walk_in = report["walk_in"]
    assert walk_in["keys"] <= 16 and walk_in["case"].startswith("A01-")
    names = report["shots"]
    for stop in ("first-start", "demo-progress", "login", "home", "walk-in-receipt", "phone-intake-saved",
                 "request-list", "request-after-step", "locked", "large-print-intake"):
        assert any(stop in name for name in names), stop
    assert all((ARTEFACTS / name).stat().st_size > 5_000 for name in names)
