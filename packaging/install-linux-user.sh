#!/bin/sh
# Install (or remove) Relmanager's desktop integration for the current user on Linux:
# the .desktop launcher, the AppStream metainfo and the hicolor icons, under
# ${XDG_DATA_HOME:-$HOME/.local/share}. This is what makes a pip/pipx install show up in
# the application menu with its icon; it does not install the Python package itself.
#
#   packaging/install-linux-user.sh [install|uninstall]
#
# Environment:
#   XDG_DATA_HOME    where to install (tests point it at a temporary folder)
#   RELMANAGER_EXEC  the launcher the menu entry runs; default: `relmanager` from PATH
#                    (pipx puts it in ~/.local/bin), else this checkout's .venv launcher
set -eu

app_id=io.github.relmanager.Relmanager
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data_home=${XDG_DATA_HOME:-${HOME:?HOME is not set}/.local/share}
icons_src="$root/relmanager/resources/icons/app"
sizes="16 22 24 32 48 64 128 256 512"
action=${1:-install}

apps_dir="$data_home/applications"
meta_dir="$data_home/metainfo"
hicolor="$data_home/icons/hicolor"

refresh_caches() {
    # Both tools are optional: desktops rescan on their own, only more slowly. The icon
    # cache is only refreshed if the user already has one: creating it would hide icons
    # that other programs later install here without updating it.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$apps_dir" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$hicolor/icon-theme.cache" ]; then
        gtk-update-icon-cache -q -f -t "$hicolor" 2>/dev/null || true
    fi
}

choose_exec() {
    if [ -n "${RELMANAGER_EXEC:-}" ]; then
        printf '%s\n' "$RELMANAGER_EXEC"
    elif command -v relmanager >/dev/null 2>&1; then
        printf 'relmanager\n'
    elif [ -x "$root/.venv/bin/relmanager" ]; then
        printf '%s\n' "$root/.venv/bin/relmanager"
    else
        echo "warning: no relmanager launcher on PATH; the menu entry stays hidden until" \
             "'pipx install .' (or set RELMANAGER_EXEC)" >&2
        printf 'relmanager\n'
    fi
}

install_files() {
    launcher=$(choose_exec)
    case $launcher in
        *[!A-Za-z0-9_./+-]*) quoted="\"$launcher\"" ;;  # Desktop Entry spec quoting
        *) quoted=$launcher ;;
    esac
    mkdir -p "$apps_dir" "$meta_dir" "$hicolor/scalable/apps"
    sed -e "s|^Exec=.*|Exec=$quoted|" -e "s|^TryExec=.*|TryExec=$quoted|" \
        "$root/resources/$app_id.desktop" > "$apps_dir/$app_id.desktop"
    chmod 0644 "$apps_dir/$app_id.desktop"
    install -m 0644 "$root/resources/$app_id.metainfo.xml" "$meta_dir/$app_id.metainfo.xml"
    install -m 0644 "$icons_src/relmanager.svg" "$hicolor/scalable/apps/$app_id.svg"
    for size in $sizes; do
        mkdir -p "$hicolor/${size}x${size}/apps"
        install -m 0644 "$icons_src/png/relmanager-$size.png" \
            "$hicolor/${size}x${size}/apps/$app_id.png"
    done
    refresh_caches
    echo "installed $app_id under $data_home (Exec=$quoted)"
}

uninstall_files() {
    rm -f "$apps_dir/$app_id.desktop" "$meta_dir/$app_id.metainfo.xml" \
          "$hicolor/scalable/apps/$app_id.svg"
    for size in $sizes; do
        rm -f "$hicolor/${size}x${size}/apps/$app_id.png"
    done
    refresh_caches
    echo "removed $app_id from $data_home"
}

case $action in
    install) install_files ;;
    uninstall) uninstall_files ;;
    *) echo "usage: $0 [install|uninstall]" >&2; exit 2 ;;
esac
