"""Start at login: an XDG autostart entry on Linux and other freedesktop systems.

The tray reminders only work if the app is running, and nobody remembers to start a CRM,
so Settings offers to start it (minimized to the tray) at login. On freedesktop desktops
that is a ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart`` (the XDG Autostart spec);
GNOME, KDE, Xfce and the rest all read it. No widgets here: the Settings dialog calls
:func:`is_supported`, :func:`is_enabled`, :func:`enable` and :func:`disable`.

The config home is resolved from ``XDG_CONFIG_HOME`` at call time, never cached at import,
so tests (and the test conftest) redirect it with an environment variable and can never
write to the real ``~/.config``.

Not done yet elsewhere, where :class:`AutostartNotSupportedError` says so. How it would be:

- macOS: a LaunchAgent plist ``~/Library/LaunchAgents/io.github.relmanager.Relmanager.plist``
  with ``RunAtLoad`` true and ``ProgramArguments`` = the bundle executable and
  ``--minimized``; for a signed app bundle on macOS 13+, ``SMAppService.mainApp.register()``
  (through PyObjC) is the supported way and shows up in System Settings > Login Items.
- Flatpak: ``org.freedesktop.portal.Background.RequestBackground`` with ``autostart``
  true and ``commandline`` ``["relmanager", "--minimized"]``, over D-Bus (QtDBus).
- Windows: a string value ``Relmanager`` under
  ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` (``winreg``) holding the quoted
  executable path plus ``--minimized``; the Inno Setup installer can offer the same.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from relmanager.resources import APP_ID

AUTOSTART_FILENAME = f"{APP_ID}.desktop"

# Characters the Desktop Entry spec reserves in Exec arguments (they force quoting), and
# the ones that must be backslash-escaped inside the double quotes.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPE_IN_QUOTES = set('"`$\\')


class AutostartNotSupportedError(NotImplementedError):
    """Start at login is not implemented for this platform yet (see the module docstring)."""


def current_platform() -> str:
    """``sys.platform``, behind a function so tests can pretend to be macOS or Windows."""
    return sys.platform


def _unsupported_where() -> str | None:
    """Why not here, as a place name; None where an XDG autostart entry works."""
    platform = current_platform()
    if platform == "darwin":
        return "macOS"
    if platform in ("win32", "cygwin"):
        return "Windows"
    # Inside a Flatpak sandbox XDG_CONFIG_HOME is private to the app and the Exec line
    # would name the sandbox's Python: the Background portal is the way there.
    if os.environ.get("FLATPAK_ID"):
        return "Flatpak"
    return None


def is_supported() -> bool:
    """True where an XDG autostart entry works: not macOS, Windows or a Flatpak sandbox."""
    return _unsupported_where() is None


def _require_supported() -> None:
    where = _unsupported_where()
    if where is not None:
        raise AutostartNotSupportedError(
            f"Start at login is not available on {where} yet; "
            "add Relmanager to your login items instead."
        )


def xdg_config_home() -> Path:
    """``$XDG_CONFIG_HOME`` if set to an absolute path (the spec ignores relative ones)."""
    value = os.environ.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".config"


def autostart_file(config_home: Path | None = None) -> Path:
    """Where the autostart entry lives: ``<config home>/autostart/<app id>.desktop``."""
    return (config_home or xdg_config_home()) / "autostart" / AUTOSTART_FILENAME


def launcher_command() -> list[str]:
    """How to start this very installation minimized to the tray.

    A frozen (PyInstaller) build is its own executable. Otherwise the current interpreter
    runs the package, which keeps working for a venv, pipx or a checkout whether or not the
    ``relmanager`` launcher is on the PATH of the login session.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, "--minimized"]
    return [sys.executable, "-m", "relmanager", "--minimized"]


def quote_exec_argument(arg: str) -> str:
    """One Exec argument quoted by the Desktop Entry spec's rules (before string escaping)."""
    arg = arg.replace("%", "%%")  # a lone % would start a field code such as %f
    if arg and not any(ch in _RESERVED for ch in arg):
        return arg
    escaped = "".join("\\" + ch if ch in _ESCAPE_IN_QUOTES else ch for ch in arg)
    return f'"{escaped}"'


def exec_line(command: list[str]) -> str:
    """The value of an Exec key for ``command``.

    Exec is also a "string" value, whose own escaping turns every backslash into two, so a
    quoted ``\\"`` is written ``\\\\"`` in the file.
    """
    quoted = " ".join(quote_exec_argument(arg) for arg in command)
    return quoted.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The autostart file's text for ``command``."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Relmanager",
            "Comment=Relationship reminders in the system tray",
            f"Exec={exec_line(command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            # The tray must exist before the app asks for it: start after the panel.
            "X-GNOME-Autostart-Delay=5",
            "X-KDE-autostart-after=panel",
            "",
        ]
    )


def _entry_values(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    in_main_group = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if line.startswith("["):
            in_main_group = line == "[Desktop Entry]"
        elif in_main_group and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def is_enabled(config_home: Path | None = None) -> bool:
    """True when our autostart entry exists and is not switched off.

    Desktops switch an entry off without deleting it (``Hidden=true`` from the spec, or
    GNOME's ``X-GNOME-Autostart-enabled=false``); the checkbox must reflect that. Always
    False where autostart is not supported.
    """
    if not is_supported():
        return False
    path = autostart_file(config_home)
    if not path.is_file():
        return False
    values = _entry_values(path)
    if values.get("Hidden", "false").lower() == "true":
        return False
    return values.get("X-GNOME-Autostart-enabled", "true").lower() != "false"


def enable(config_home: Path | None = None, command: list[str] | None = None) -> Path:
    """Write the autostart entry (atomically) and return its path.

    Rewriting it every time is deliberate: if the app moved (new venv, new bundle), the
    entry follows the installation that the user last enabled it from.
    """
    _require_supported()
    path = autostart_file(config_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = desktop_entry(command or launcher_command())
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".relmanager-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        tmp.chmod(0o644)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def disable(config_home: Path | None = None) -> None:
    """Remove our autostart entry; nothing happens if there is none."""
    _require_supported()
    autostart_file(config_home).unlink(missing_ok=True)


def set_enabled(enabled: bool, config_home: Path | None = None) -> None:
    """What a Settings checkbox calls."""
    if enabled:
        enable(config_home)
    else:
        disable(config_home)
