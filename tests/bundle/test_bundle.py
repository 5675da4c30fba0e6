"""The PyInstaller bundle starts and works on a desk with no Python: every check runs the frozen executable.

The bundle and the Linux archive are built once for this module with installer/build_linux.sh (about two
minutes on two cores), then the frozen program runs with a clean environment: no PYTHONPATH, no VIRTUAL_ENV,
a PATH without the virtual environment, a throwaway HOME, Qt offscreen.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.screens import SCREENS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle (build_linux.sh)"),
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (it comes with the dev extra: pip install -e '.[dev]')",
    ),
]

APP = "community-desk"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@dataclass(frozen=True)
class Bundle:
    folder: Path
    archive: Path
    home: Path
    build_seconds: float

    @property
    def exe(self) -> Path:
        return self.folder / APP

    def env(self) -> dict[str, str]:
        """What a desk without Python has: system PATH only, no Python variables, its own HOME."""
        runtime = self.home / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        return {
            "HOME": str(self.home),
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_RUNTIME_DIR": str(runtime),
        }

    def run(self, *args: str, timeout: float = 300, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.exe), *args], env=self.env(), cwd=self.home, capture_output=True,
                              text=True, timeout=timeout, input=input)


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Bundle:
    work = tmp_path_factory.mktemp("bundle")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env.update(PYTHON=sys.executable, DIST_DIR=str(work / "dist"), BUILD_DIR=str(work / "build"))
    started = time.monotonic()
    result = subprocess.run(["bash", str(ROOT / "installer" / "build_linux.sh")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - started
    assert result.returncode == 0, f"build_linux.sh failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    shutil.rmtree(work / "build")  # PyInstaller's work folder: ~100 MB nobody needs after the build
    home = work / "home"
    home.mkdir()
    built = Bundle(work / "dist" / APP, work / "dist" / f"{APP}-{VERSION}-linux-x86_64.tar.gz", home, seconds)
    assert built.exe.is_file() and built.archive.is_file()

    folder_mb, archive_mb = _size_mb(built.folder), _size_mb(built.archive)
    reporter: Any = request.config.pluginmanager.get_plugin("terminalreporter")
    capture: Any = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # shown in the run's output, not swallowed with the test's
            reporter.write_line(f"\nbundle {built.folder.name}/: {folder_mb:.0f} MB, archive "
                                f"{built.archive.name}: {archive_mb:.0f} MB, built in {seconds:.0f} s")
    return built


@pytest.fixture(scope="module")
def demo(bundle: Bundle) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A demo community made by the frozen program in a temporary data folder."""
    data = bundle.home / "demo-data"
    return data, bundle.run("demo", "--data-dir", str(data))


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_version_is_the_pyproject_version(bundle: Bundle) -> None:
    result = bundle.run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP} {VERSION}"


def test_frozen_qt_bindings_keep_the_count_of_none(bundle: Bundle) -> None:
    """The None probe against the frozen program's own Qt: a bundle built with faulty bindings (PySide6 6.12.0,
    which lost a reference to None on every void call) fails here before it reaches a desk."""
    result = bundle.run("check-qt", "--calls", "2000")
    assert result.returncode == 0, result.stdout + result.stderr
    import PySide6

    assert PySide6.__version__ in result.stdout.splitlines()[0]  # the bundle carries the venv's pinned bindings
    changes = [int(line.split()[-1]) for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(changes) == 6 and min(changes) > -50, result.stdout


def test_demo_builds_a_community_and_lists_the_accounts(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data, result = demo
    assert result.returncode == 0, result.stderr
    assert "demo1234" in result.stdout
    for username in ("admin", "clerk1", "clerk2", "timebank", "director", "grid1"):
        assert re.search(rf"^\s+{username}\s", result.stdout, re.MULTILINE), result.stdout
    assert (data / "desk.sqlite3").is_file()


def test_verify_speaks_chinese_by_default_so_the_translation_is_bundled(
    bundle: Bundle, demo: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    data, _ = demo
    zh = bundle.run("verify", "--data-dir", str(data))
    assert zh.returncode == 0, zh.stderr
    assert _has_chinese(zh.stdout) and not zh.stdout.startswith("Healthy"), zh.stdout
    en = bundle.run("--lang", "en", "verify", "--data-dir", str(data))
    assert en.returncode == 0, en.stderr
    assert en.stdout.startswith("Healthy"), en.stdout


def _pdf_fonts(pdf: Any) -> list[Any]:
    """Every font dictionary the pages (and their form XObjects) use; Type0 fonts by their descendant."""
    fonts: list[Any] = []

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            fonts.append(font)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in pdf.pages:
        walk(page.get("/Resources"))
    return fonts


def test_receipt_pdf_embeds_the_chinese_font(
    bundle: Bundle, demo: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    pypdf = pytest.importorskip("pypdf")
    data, _ = demo
    with sqlite3.connect(data / "desk.sqlite3") as db:
        case_no = db.execute('SELECT case_no FROM "case" ORDER BY case_no LIMIT 1').fetchone()[0]
    out = bundle.home / "receipt.pdf"
    result = bundle.run("receipt", case_no, "--data-dir", str(data), "--out", str(out), "--as", "clerk1",
                        "--password-stdin", input="demo1234\n")  # the command line authenticates (issue 15)
    assert result.returncode == 0, result.stderr

    reader = pypdf.PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "居民诉求受理回执" in text and case_no in text
    fonts = _pdf_fonts(reader)
    assert fonts, "the receipt uses no font at all"
    for font in fonts:  # every font is the shipped one, embedded as a subset: nothing falls back to Helvetica
        assert "WenQuanYiMicroHei" in str(font["/BaseFont"]), font["/BaseFont"]
        assert re.match(r"^/[A-Z]{6}\+", str(font["/BaseFont"])), "not a subset"
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{font['/BaseFont']} is not embedded"
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all("WenQuanYiMicroHei" in row and " yes yes " in row for row in rows), listing


def test_export_xlsx(bundle: Bundle, demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    data, _ = demo
    out = bundle.home / "cases.xlsx"
    result = bundle.run("export", "--format", "xlsx", "--data-dir", str(data), "--out", str(out), "--as", "director",
                        "--password-stdin", input="demo1234\n")
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(out, read_only=True)
    try:
        assert max(sheet.max_row or 0 for sheet in workbook.worksheets) > 100
    finally:
        workbook.close()


def test_screenshot_renders_every_main_screen(bundle: Bundle) -> None:
    out = bundle.home / "shots"
    result = bundle.run("screenshot", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.png")) == SCREENS
    assert all((out / name).stat().st_size > 10_000 for name in SCREENS)


def test_bundle_holds_its_resources_and_no_unused_qt(bundle: Bundle, record_property: Any) -> None:
    internal = bundle.folder / "_internal"
    for relative in ("resources/fonts/wqy-microhei.ttc", "resources/fonts/LICENSE_Apache2.txt",
                     "resources/fonts/wqy-microhei.COPYRIGHT.txt", "resources/i18n/zh_CN.qm",
                     "resources/styles/desk.qss", "app/migrations/env.py", "app/migrations/script.py.mako",
                     "pyproject.toml", "resources/help/start.html", "resources/help/intake.html"):
        assert (internal / relative).is_file(), relative
    assert list((internal / "app" / "migrations" / "versions").glob("0001_*.py"))
    assert list((internal / "qtawesome" / "fonts").glob("*.ttf"))
    names = [p.name for p in bundle.folder.rglob("*")]
    for unused in ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Qt6Multimedia", "Qt6Designer"):
        assert not [n for n in names if unused in n], f"{unused} is in the bundle"
    assert [n for n in names if n.startswith("libQt6Pdf.so")], "QtPdf (receipt preview) is missing"

    folder_mb, archive_mb = _size_mb(bundle.folder), _size_mb(bundle.archive)
    record_property("bundle_mb", round(folder_mb))
    record_property("archive_mb", round(archive_mb))
    # About 190 MB / 80 MB today (see installer/README.md); a jump means an unused Qt module slipped back in.
    assert folder_mb < 250 and archive_mb < 110, (folder_mb, archive_mb)


@pytest.fixture
def unpacked(bundle: Bundle, tmp_path: Path) -> Iterator[Path]:
    with tarfile.open(bundle.archive) as archive:
        archive.extractall(tmp_path, filter="tar")
    yield tmp_path / f"{APP}-{VERSION}-linux-x86_64"


def test_archive_installs_for_a_user_and_uninstalls_keeping_the_data(
    bundle: Bundle, unpacked: Path, tmp_path: Path
) -> None:
    home = tmp_path / "desk-user"
    home.mkdir()
    env = dict(bundle.env(), HOME=str(home))
    for name in ("install-linux.sh", f"{APP}.desktop", f"{APP}.png", "VERSION", "README.txt", f"{APP}/{APP}"):
        assert (unpacked / name).exists(), name
    result = subprocess.run(["./install-linux.sh"], cwd=unpacked, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert VERSION in result.stdout

    exe = home / ".local/opt" / APP / APP / APP
    launcher = (home / ".local/share/applications" / f"{APP}.desktop").read_text(encoding="utf-8")
    assert "Name=社区服务台" in launcher and "Name[en]=Community Desk" in launcher and "Categories=Office;" in launcher
    assert f'Exec="{exe}"' in launcher and "@" not in launcher
    icon = re.search(r"^Icon=(.+)$", launcher, re.MULTILINE)
    assert icon and Path(icon.group(1)).is_file()
    link = home / ".local/bin" / APP
    assert link.resolve() == exe.resolve()
    version = subprocess.run([str(link), "--version"], env=env, capture_output=True, text=True, timeout=120)
    assert version.stdout.strip() == f"{APP} {VERSION}", version.stderr

    data = home / ".local/share" / APP
    data.mkdir(parents=True)
    (data / "desk.sqlite3").write_bytes(b"the desk's data")
    result = subprocess.run([str(home / ".local/opt" / APP / "install-linux.sh"), "--uninstall"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (home / ".local/opt" / APP).exists() and not link.exists()
    assert not (home / ".local/share/applications" / f"{APP}.desktop").exists()
    assert (data / "desk.sqlite3").read_bytes() == b"the desk's data"
