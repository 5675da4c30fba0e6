#!/usr/bin/env bash
# 社区服务台 (Community Desk): install, upgrade or remove the Linux bundle. Needs no Python and no network.
#
#   ./install-linux.sh               install for this user: ~/.local/opt/community-desk,
#                                    launcher in ~/.local/share/applications, command ~/.local/bin/community-desk
#   sudo ./install-linux.sh --system install for every user of the PC: /opt/community-desk,
#                                    launcher in /usr/share/applications, command /usr/local/bin/community-desk
#   ./install-linux.sh --uninstall [--system]
#                                    remove the program; the data folder (database, backups, printouts) is KEPT
#
# Run it from the unpacked archive (community-desk-<version>-linux-x86_64/). Installing again upgrades in place;
# the data folder is never touched by this script: each user's data lives in ~/.local/share/community-desk
# (or $XDG_DATA_HOME/community-desk), and the app upgrades its database itself, after a backup, at the next start.
set -euo pipefail

APP=community-desk
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODE=user
ACTION=install

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --system) MODE=system ;;
        --user) MODE=user ;;
        --uninstall | --remove) ACTION=uninstall ;;
        -h | --help) usage; exit 0 ;;
        *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

if [ "$MODE" = system ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "--system needs root: sudo $0 $*" >&2
        exit 1
    fi
    PREFIX=/opt/$APP
    APPS_DIR=/usr/share/applications
    BIN_DIR=/usr/local/bin
    ICON_DIR=/usr/share/icons/hicolor
    DATA_NOTE="each user's ~/.local/share/$APP"
else
    PREFIX=$HOME/.local/opt/$APP
    APPS_DIR=${XDG_DATA_HOME:-$HOME/.local/share}/applications
    BIN_DIR=$HOME/.local/bin
    ICON_DIR=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor
    DATA_NOTE="${XDG_DATA_HOME:-$HOME/.local/share}/$APP"
fi
DESKTOP_FILE=$APPS_DIR/$APP.desktop

refresh_menus() {
    # Optional helpers; desktops also notice the new files by themselves.
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS_DIR" 2>/dev/null || true
    # Only the system theme has an icon cache to refresh; creating one in a user's hicolor folder would hide
    # icons other programs add there later.
    if [ "$MODE" = system ] && [ -f "$ICON_DIR/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$ICON_DIR" 2>/dev/null || true
    fi
}

do_uninstall() {
    local removed=0
    if [ -L "$BIN_DIR/$APP" ] && [ "$(readlink "$BIN_DIR/$APP")" = "$PREFIX/$APP/$APP" ]; then
        rm -f "$BIN_DIR/$APP"
    fi
    rm -f "$DESKTOP_FILE" "$ICON_DIR/256x256/apps/$APP.png" "$ICON_DIR/scalable/apps/$APP.svg"
    if [ -d "$PREFIX" ]; then
        rm -rf "$PREFIX"
        removed=1
    fi
    refresh_menus
    if [ "$removed" = 1 ]; then
        echo "社区服务台 removed from $PREFIX."
    else
        echo "社区服务台 was not installed in $PREFIX."
    fi
    echo "The data folder was kept: $DATA_NOTE (delete it yourself only when this PC is no longer a desk)."
}

do_install() {
    local bundle=$HERE/$APP
    if [ ! -x "$bundle/$APP" ]; then
        echo "No bundle next to this script ($bundle/$APP): run it from the unpacked archive." >&2
        exit 1
    fi
    local version
    version=$(cat "$HERE/VERSION" 2>/dev/null || echo "?")
    echo "Installing 社区服务台 Community Desk $version into $PREFIX ($MODE install)"

    # Copy beside the old version, then swap: an interrupted copy never leaves a half-installed program.
    mkdir -p "$PREFIX"
    rm -rf "$PREFIX/$APP.new" "$PREFIX/$APP.old"
    cp -a "$bundle" "$PREFIX/$APP.new"
    if [ -d "$PREFIX/$APP" ]; then
        mv "$PREFIX/$APP" "$PREFIX/$APP.old"
    fi
    mv "$PREFIX/$APP.new" "$PREFIX/$APP"
    rm -rf "$PREFIX/$APP.old"
    install -m 644 "$HERE/$APP.png" "$PREFIX/$APP.png"
    [ -f "$HERE/$APP.svg" ] && install -m 644 "$HERE/$APP.svg" "$PREFIX/$APP.svg"
    install -m 755 "$HERE/install-linux.sh" "$PREFIX/install-linux.sh"  # for --uninstall later
    printf '%s\n' "$version" >"$PREFIX/VERSION"

    # Icon theme copies (menus that prefer names) and the launcher with absolute paths (works everywhere).
    mkdir -p "$ICON_DIR/256x256/apps" "$APPS_DIR" "$BIN_DIR"
    install -m 644 "$HERE/$APP.png" "$ICON_DIR/256x256/apps/$APP.png"
    if [ -f "$HERE/$APP.svg" ]; then
        mkdir -p "$ICON_DIR/scalable/apps"
        install -m 644 "$HERE/$APP.svg" "$ICON_DIR/scalable/apps/$APP.svg"
    fi
    local exe=$PREFIX/$APP/$APP
    # Exec: the desktop entry spec allows a double-quoted path, so a home folder with spaces works.
    sed -e "s|@EXEC@|\"$exe\"|" -e "s|@TRYEXEC@|$exe|" -e "s|@ICON@|$PREFIX/$APP.png|" \
        "$HERE/$APP.desktop" >"$DESKTOP_FILE.tmp"
    chmod 644 "$DESKTOP_FILE.tmp"
    mv "$DESKTOP_FILE.tmp" "$DESKTOP_FILE"
    ln -sfn "$exe" "$BIN_DIR/$APP"
    refresh_menus

    echo "Installed. Start it from the applications menu (社区服务台 / Community Desk) or run: $BIN_DIR/$APP"
    echo "Data folder: $DATA_NOTE (created at the first start; kept by --uninstall)."
    if [ "$MODE" = user ]; then
        case ":$PATH:" in
            *":$BIN_DIR:"*) ;;
            *) echo "Note: $BIN_DIR is not on PATH; the menu entry works regardless." ;;
        esac
    fi
}

"do_$ACTION"
