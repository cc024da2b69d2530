"""Start at login writes, reads and removes an XDG autostart entry, in a temp config only.

Every test points ``XDG_CONFIG_HOME`` (and ``HOME``) at ``tmp_path`` and checks that the
entry it touches is inside it: a mistake here would otherwise start a test build of the
app at the developer's next login.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.services import autostart


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(autostart, "current_platform", lambda: "linux")
    monkeypatch.delenv("FLATPAK_ID", raising=False)
    assert autostart.autostart_file().is_relative_to(tmp_path)
    return home


def _values(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _parse_exec(value: str) -> list[str]:
    """Decode an Exec value the way the Desktop Entry spec (and GLib) does."""
    text = value.replace("\\\\", "\\")  # string-level escaping first
    args: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        if text[i] == '"':
            i += 1
            arg = ""
            while text[i] != '"':
                if text[i] == "\\":
                    i += 1
                arg += text[i]
                i += 1
            i += 1
        else:
            end = text.find(" ", i)
            end = len(text) if end == -1 else end
            arg, i = text[i:end], end
        args.append(arg.replace("%%", "%"))
    return args


def test_enable_writes_an_entry_that_starts_this_install_minimized(config_home: Path) -> None:
    assert not autostart.is_enabled()
    path = autostart.enable()
    assert path == config_home / "autostart" / "io.github.relmanager.Relmanager.desktop"
    assert autostart.is_enabled()
    values = _values(path)
    assert values["Type"] == "Application"
    assert values["X-GNOME-Autostart-enabled"] == "true"
    assert _parse_exec(values["Exec"]) == [sys.executable, "-m", "relmanager", "--minimized"]
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_disable_removes_the_entry_and_is_idempotent(config_home: Path) -> None:
    path = autostart.enable()
    autostart.disable()
    assert not path.exists()
    assert not autostart.is_enabled()
    autostart.disable()


def test_set_enabled_is_what_a_checkbox_calls(config_home: Path) -> None:
    autostart.set_enabled(True)
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not autostart.is_enabled()


def test_explicit_config_home_wins(config_home: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    autostart.enable(other)
    assert autostart.is_enabled(other)
    assert not autostart.is_enabled()
    assert not (config_home / "autostart").exists()


def test_config_home_is_read_at_call_time(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = tmp_path / "later"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(later))
    assert autostart.enable().is_relative_to(later)


def test_relative_xdg_config_home_is_ignored(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert autostart.autostart_file() == (
        tmp_path / "home" / ".config" / "autostart" / autostart.AUTOSTART_FILENAME
    )


@pytest.mark.parametrize("switch_off", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_entry_switched_off_by_the_desktop_reads_as_disabled(
    config_home: Path, switch_off: str
) -> None:
    path = autostart.enable()
    text = path.read_text().replace("X-GNOME-Autostart-enabled=true\n", "")
    path.write_text(text + switch_off + "\n")
    assert not autostart.is_enabled()
    autostart.enable()
    assert autostart.is_enabled()


def test_frozen_build_starts_its_own_executable(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/Relmanager/relmanager")
    assert autostart.launcher_command() == ["/opt/Relmanager/relmanager", "--minimized"]
    values = _values(autostart.enable())
    assert values["Exec"] == "/opt/Relmanager/relmanager --minimized"


def test_awkward_paths_are_quoted_per_spec(config_home: Path) -> None:
    command = ['/home/me/My Apps/$py "3"\\bin/python 100%', "-m", "relmanager", "--minimized"]
    values = _values(autostart.enable(command=command))
    assert values["Exec"].startswith('"')
    assert _parse_exec(values["Exec"]) == command


def test_entry_passes_desktop_file_validate(config_home: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate not installed (apt-get install desktop-file-utils)")
    for command in (None, ["/opt/with space/relmanager", "--minimized"]):
        path = autostart.enable(command=command)
        result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error" not in result.stdout.lower()


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_platforms_say_not_supported(
    config_home: Path, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "current_platform", lambda: platform)
    assert not autostart.is_supported()
    assert not autostart.is_enabled()
    with pytest.raises(autostart.AutostartNotSupportedError, match="not available on"):
        autostart.enable()
    with pytest.raises(NotImplementedError):
        autostart.disable()
    assert not (config_home / "autostart").exists()


def test_flatpak_sandbox_says_not_supported(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLATPAK_ID", "io.github.relmanager.Relmanager")
    assert not autostart.is_supported()
    with pytest.raises(autostart.AutostartNotSupportedError, match="Flatpak"):
        autostart.enable()
