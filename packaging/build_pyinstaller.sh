#!/bin/sh
# Build the one-folder PyInstaller app in dist/relmanager/ and smoke-test it.
#   packaging/build_pyinstaller.sh        (PYTHON=... to use another interpreter)
# The smoke test runs the frozen `relmanager --version` and a self-quitting GUI start
# (offscreen when there is no DISPLAY, or under Xvfb in CI), and checks that the icons
# were collected where importlib.resources will look for them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
python=${PYTHON:-$root/.venv/bin/python}

"$python" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10"
"$python" -m PyInstaller --noconfirm --clean \
    --distpath "$root/dist" --workpath "$root/build/pyinstaller" \
    "$here/relmanager.spec"

app="$root/dist/relmanager"
if [ -z "${DISPLAY:-}" ]; then
    export QT_QPA_PLATFORM=offscreen
fi

version=$("$app/relmanager" --version)
echo "smoke test: $version"
expected=$("$python" -c 'import relmanager; print(relmanager.__version__)')
case $version in
    *"$expected"*) ;;
    *) echo "expected version $expected from the frozen app, got: $version" >&2; exit 1 ;;
esac

icon=$(find "$app" -path '*relmanager/resources/icons/app/png/relmanager-512.png' | head -n 1)
if [ -z "$icon" ]; then
    echo "icons were not collected into $app" >&2
    exit 1
fi
echo "resources: ${icon#"$app"/}"

# A self-quitting start of the frozen GUI on a throwaway demo database: it must open the
# window, paint the contact list, visit every page and exit 0.
smoke_home=$(mktemp -d)
RELMANAGER_HOME="$smoke_home" "$app/relmanager" --db "$smoke_home/smoke.sqlite3" \
    demo --contacts 200 --interactions 1000 --quiet
started=$(RELMANAGER_HOME="$smoke_home" timeout 120 "$app/relmanager" \
    --db "$smoke_home/smoke.sqlite3" --quit-after-paint)
rm -rf "$smoke_home"
case $started in
    *painted*"icons ok"*) echo "smoke test: the frozen GUI started, painted with its icons and quit" ;;
    *painted*) echo "the frozen GUI painted without its icons: $started" >&2; exit 1 ;;
    *) echo "the frozen GUI did not paint its contact list: $started" >&2; exit 1 ;;
esac
du -sh "$app"
