"""The Linux per-user install script puts every file where desktops look, and only there.

The script is run for real with ``XDG_DATA_HOME`` pointing at a temp folder, as a user
would run ``make install-desktop``; the freedesktop validators run when installed
(CI installs them), so the files are checked exactly as shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "install-linux-user.sh"
APP_ID = "io.github.relmanager.Relmanager"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
LAUNCHER = "/opt/relmanager/bin/relmanager"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="XDG desktop integration")


def _run(
    data_home: Path,
    home: Path,
    *args: str,
    launcher: str = LAUNCHER,
    script: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), HOME=str(home), RELMANAGER_EXEC=launcher)
    command = script or ["sh", str(SCRIPT), *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )


def _installed(data_home: Path) -> list[Path]:
    hicolor = data_home / "icons" / "hicolor"
    return [
        data_home / "applications" / f"{APP_ID}.desktop",
        data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in SIZES),
    ]


def _validate(tool: str, *args: str) -> None:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} not installed")
    result = subprocess.run([path, *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "user-home"
    home.mkdir()
    return tmp_path / "data", home


def test_install_puts_every_file_under_xdg_data_home(dirs: tuple[Path, Path]) -> None:
    data_home, home = dirs
    result = _run(data_home, home, "install")
    assert result.returncode == 0, result.stderr
    for path in _installed(data_home):
        assert path.is_file(), path
    icons = ROOT / "relmanager" / "resources" / "icons" / "app"
    assert (data_home / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").read_bytes() == (
        icons / "png" / "relmanager-48.png"
    ).read_bytes()
    assert not (home / ".local").exists()  # honoured XDG_DATA_HOME, not the default


def test_menu_entry_runs_the_chosen_launcher(dirs: tuple[Path, Path]) -> None:
    data_home, home = dirs
    _run(data_home, home, "install")
    text = (data_home / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"Exec={LAUNCHER}\n" in text
    assert f"TryExec={LAUNCHER}\n" in text
    assert f"Icon={APP_ID}\n" in text


def test_installed_desktop_file_validates_even_with_spaces(dirs: tuple[Path, Path]) -> None:
    data_home, home = dirs
    _run(data_home, home, "install", launcher="/opt/My Apps/relmanager")
    desktop = data_home / "applications" / f"{APP_ID}.desktop"
    assert 'Exec="/opt/My Apps/relmanager"' in desktop.read_text()
    _validate("desktop-file-validate", str(desktop))


def test_uninstall_removes_what_install_added(dirs: tuple[Path, Path]) -> None:
    data_home, home = dirs
    _run(data_home, home, "install")
    result = _run(data_home, home, "uninstall")
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in _installed(data_home))
    _run(data_home, home, "uninstall")  # twice is fine


def test_unknown_action_is_a_usage_error(dirs: tuple[Path, Path]) -> None:
    result = _run(*dirs, "frobnicate")
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_makefile_targets_call_the_script(dirs: tuple[Path, Path]) -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make not installed")
    data_home, home = dirs
    result = _run(data_home, home, script=[make, "-s", "install-desktop"])
    assert result.returncode == 0, result.stderr
    assert all(path.is_file() for path in _installed(data_home))
    result = _run(data_home, home, script=[make, "-s", "uninstall-desktop"])
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in _installed(data_home))


def test_shipped_freedesktop_files_validate() -> None:
    for tool in ("desktop-file-validate", "appstreamcli"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed")
    result = subprocess.run(
        ["sh", str(ROOT / "packaging" / "validate.sh")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_installed_metainfo_validates_as_a_tree(dirs: tuple[Path, Path]) -> None:
    """appstreamcli checks the metainfo against the installed .desktop file and icon."""
    data_home, home = dirs
    _run(data_home, home, "install")
    prefix = data_home.parent / "prefix"
    (prefix / "usr").mkdir(parents=True)
    (prefix / "usr" / "share").symlink_to(data_home)
    _validate("appstreamcli", "validate-tree", "--no-net", str(prefix))


def test_icon_pngs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
