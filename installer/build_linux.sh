#!/usr/bin/env bash
# Builds the Linux bundle of 社区服务台 (Community Desk) and the archive IT staff carry to the desks:
#
#   dist/community-desk/                                   one-folder PyInstaller bundle (runs without Python)
#   dist/community-desk-<version>-linux-x86_64.tar.gz      that folder + launcher, icon, install script
#
# Usage: bash installer/build_linux.sh          (what `make bundle` runs)
# Environment: PYTHON     interpreter whose environment has the app's packages and PyInstaller
#                         (default: .venv/bin/python, else python3)
#              DIST_DIR   where the bundle and archive go (default: dist)
#              BUILD_DIR  PyInstaller's work folder (default: build/pyinstaller)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
DIST_DIR=$(realpath -m "${DIST_DIR:-dist}")
BUILD_DIR=$(realpath -m "${BUILD_DIR:-build/pyinstaller}")
APP=community-desk

if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
    echo "PyInstaller is not installed for $PYTHON. Install the dev extra (pip install -e '.[dev]')" >&2
    echo "or PyInstaller alone: $PYTHON -m pip install pyinstaller" >&2
    exit 1
fi
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(uname -m)
NAME=$APP-$VERSION-linux-$ARCH
echo "Building $APP $VERSION with PyInstaller $("$PYTHON" -m PyInstaller --version) ..."

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST_DIR" --workpath "$BUILD_DIR" installer/$APP.spec
BUNDLE=$DIST_DIR/$APP

# The frozen program must report the version of pyproject.toml, with no Python on PATH.
reported=$(env -i HOME="$BUILD_DIR" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$BUNDLE/$APP" --version)
if [ "$reported" != "$APP $VERSION" ]; then
    echo "The bundle reports '$reported', expected '$APP $VERSION'." >&2
    exit 1
fi

# Archive: hard-linked staging copy (no second copy of the bytes), fixed owner so it unpacks cleanly anywhere.
STAGE=$DIST_DIR/.stage
rm -rf "$STAGE" "$DIST_DIR/$NAME.tar.gz"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME"
cp -al "$BUNDLE" "$STAGE/$NAME/$APP"
cp installer/$APP.desktop resources/icons/$APP.png resources/icons/$APP.svg "$STAGE/$NAME/"
install -m 755 installer/install-linux.sh "$STAGE/$NAME/install-linux.sh"
printf '%s\n' "$VERSION" >"$STAGE/$NAME/VERSION"
cat >"$STAGE/$NAME/README.txt" <<EOF
社区服务台 Community Desk $VERSION (Linux $ARCH; no Python needed)

安装（当前用户）：   ./install-linux.sh
安装（本机所有用户）： sudo ./install-linux.sh --system
卸载（保留数据）：   ./install-linux.sh --uninstall   （或 sudo ./install-linux.sh --uninstall --system）
不安装直接运行：     ./$APP/$APP

Install for this user:   ./install-linux.sh
Install for all users:   sudo ./install-linux.sh --system
Uninstall (keeps data):  ./install-linux.sh --uninstall [--system]
Run without installing:  ./$APP/$APP        (./$APP/$APP --help lists verify, export, receipt, demo)

Data folder: ~/.local/share/$APP (database, backups, drafts, printouts); uninstalling keeps it.
EOF
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -czf "$DIST_DIR/$NAME.tar.gz" "$NAME"

mb() { du -sb "$1" | awk '{printf "%.0f", $1 / 1000000}'; }
folder_mb=$(mb "$BUNDLE")
archive_mb=$(mb "$DIST_DIR/$NAME.tar.gz")
echo "Bundle:  $BUNDLE  (${folder_mb} MB)"
echo "Archive: $DIST_DIR/$NAME.tar.gz  (${archive_mb} MB)"
