"""Loads the shipped translation (zh_CN by default; English is the source language)."""

from __future__ import annotations

import errno
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from app import RESOURCES

I18N_DIR = RESOURCES / "i18n"
LANGUAGES = ("zh_CN", "en")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's and Qt's own translators; keep the returned objects alive."""
    if language == "en":
        return []
    installed = []
    ours = QTranslator(app)
    if not ours.load(str(I18N_DIR / f"{language}.qm")):
        raise FileNotFoundError(I18N_DIR / f"{language}.qm")
    app.installTranslator(ours)
    installed.append(ours)
    qt = QTranslator(app)  # Qt's own dialogs (print dialog, file dialog buttons)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def describe_os_error(exc: OSError) -> str:
    """One line, in the user's language, naming the file and what the system said about it: what a command prints
    and what a page's banner says when a file cannot be read or written (disk full, USB stick pulled)."""
    reasons = {
        errno.ENOENT: QCoreApplication.translate("files", "the file or folder does not exist"),
        errno.EACCES: QCoreApplication.translate("files", "permission denied"),
        errno.EPERM: QCoreApplication.translate("files", "permission denied"),
        errno.ENOSPC: QCoreApplication.translate("files", "the disk is full") + QCoreApplication.translate(
            "files", "; nothing was written. Free some space on it (or choose another disk) and try again"),
        errno.EROFS: QCoreApplication.translate("files", "the disk is read-only"),
        errno.ENOTDIR: QCoreApplication.translate("files", "part of the path is a file, not a folder"),
        errno.EISDIR: QCoreApplication.translate("files", "it is a folder, not a file"),
        errno.EEXIST: QCoreApplication.translate("files", "it already exists"),
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    path = exc.filename if exc.filename is not None else exc.filename2
    if path is None:
        return QCoreApplication.translate("files", "A file could not be read or written: {reason}.").format(
            reason=reason)
    return QCoreApplication.translate("files", "Cannot use the file {path}: {reason}.").format(
        path=os.fsdecode(path), reason=reason)


# --- maintenance: `python -m app.i18n update | release | check` -----------------------------------------

def _tool(name: str) -> str:
    import shutil
    import sys
    from pathlib import Path

    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(name)
    return found


def sources() -> list[str]:
    from app import ROOT

    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py") if "migrations" not in p.parts)


def update(ts_path: str | None = None) -> None:
    """Collect the source strings into the .ts file (new ones come in unfinished; vanished ones are dropped)."""
    import subprocess

    from app import ROOT

    target = ts_path or str(I18N_DIR / "zh_CN.ts")
    subprocess.run([_tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-source-language", "en",
                    "-target-language", "zh_CN", "-ts", target], cwd=ROOT, check=True, capture_output=True)


def release(ts_path: str | None = None, qm_path: str | None = None) -> None:
    import subprocess

    subprocess.run([_tool("pyside6-lrelease"), ts_path or str(I18N_DIR / "zh_CN.ts"), "-qm",
                    qm_path or str(I18N_DIR / "zh_CN.qm")], check=True, capture_output=True)


if __name__ == "__main__":
    import sys

    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command in ("update", "all"):
        update()
    if command in ("release", "all"):
        release()
