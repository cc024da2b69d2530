"""The files Relmanager ships inside its Python package: icons, found wherever it runs.

A source checkout, a wheel installed by pip or pipx and a PyInstaller bundle (whose spec
collects this folder as data) all have the icons in a folder beside this module, and that
folder is used directly. Only a zip import, where there is no such folder, goes through
:func:`importlib.resources.files` (whose import costs ~3 ms of a window's start). This
module has no Qt import so the CLI and packaging scripts can use it too; the Qt helpers
live in :mod:`relmanager.resources.qticons`.

The freedesktop files (``.desktop``, AppStream metainfo) are not here: they describe an
installation rather than being read at run time, so they live in the repository's
top-level ``resources/`` folder.
"""

from __future__ import annotations

import atexit
import functools
import re
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from relmanager.domain.channels import BUILTIN_CHANNELS

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: Reverse-DNS application id: the .desktop file, metainfo, icon name and Wayland app id.
APP_ID = "io.github.relmanager.Relmanager"

#: Sizes the app icon is rendered at (packaging/render_icons.py); all are hicolor sizes.
APP_ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512)

#: One icon per built-in channel (its ``icon``, from relmanager.domain.channels, which is
#: pure Python: no Qt is imported here either).
CHANNEL_KEYS: tuple[str, ...] = tuple(c.icon for c in BUILTIN_CHANNELS)

#: The icon shown for a user-defined channel that has no icon of its own.
FALLBACK_CHANNEL = "other"

#: Toolbar, navigation and menu icons.
UI_ICON_NAMES: tuple[str, ...] = (
    "today",
    "contacts",
    "board",
    "timeline",
    "network",
    "capture",
    "introductions",
    "log",
    "add-contact",
    "search",
    "snooze",
    "timebox",
    "settings",
    "about",
    "import",
    "cold",
)

# Icon names become file names: refusing anything but plain names means a user-defined
# channel key can never point the lookup outside the icon folders.
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Files extracted from a non-filesystem location (a zip import) must outlive the call that
# asked for them; they are removed when the interpreter exits.
_extracted = ExitStack()
atexit.register(_extracted.close)


_FOLDER = Path(__file__).parent


def resource_root() -> Traversable | Path:
    """The package folder itself: a real folder, or what importlib.resources sees in a
    zip import."""
    if (_FOLDER / "icons").is_dir():
        return _FOLDER
    from importlib.resources import files

    return files(__name__)


def resource_path(*parts: str) -> Path:
    """A real file-system path to a bundled file, e.g. ``resource_path("icons", "app", ...)``.

    Qt APIs want paths, not byte streams. From a normal install or a PyInstaller bundle the
    resource already is a file; from a zip import it is extracted once and kept until exit.
    Raises FileNotFoundError for a file that is not bundled, so a typo fails loudly
    instead of giving an invisible empty icon.
    """
    ref = resource_root()
    for part in parts:
        ref = ref / part
    if not ref.is_file():
        raise FileNotFoundError(f"relmanager resource not bundled: {'/'.join(parts)}")
    if isinstance(ref, Path):
        return ref
    from importlib.resources import as_file

    return _extracted.enter_context(as_file(ref))


def is_safe_name(name: str) -> bool:
    """True when ``name`` can be used as an icon file name (no separators, no dots)."""
    return bool(_SAFE_NAME.match(name))


def app_icon_svg_path() -> Path:
    return resource_path("icons", "app", "relmanager.svg")


def app_icon_png_path(size: int) -> Path:
    return resource_path("icons", "app", "png", f"relmanager-{size}.png")


def tray_icon_path(dark_panel: bool, attention: bool = False) -> Path:
    """The tray glyph that contrasts with the panel: a light glyph on a dark panel."""
    tone = "light" if dark_panel else "dark"
    name = f"tray-attention-{tone}.svg" if attention else f"tray-{tone}.svg"
    return resource_path("icons", "tray", name)


@functools.lru_cache(maxsize=256)
def channel_icon_path(key: str) -> Path:
    """The icon of a channel; user-defined channels without one get the generic icon.

    Kept per key: the bundled files do not change while the app runs, and the lookup (a
    folder check and two file checks) came before the tinted icon's own cache on every
    board's first paint (~0.1 ms a channel, on the UI thread)."""
    if is_safe_name(key) and resource_root().joinpath("icons", "channels", f"{key}.svg").is_file():
        return resource_path("icons", "channels", f"{key}.svg")
    return resource_path("icons", "channels", f"{FALLBACK_CHANNEL}.svg")


def ui_icon_path(name: str) -> Path:
    if not is_safe_name(name):
        raise FileNotFoundError(f"not an icon name: {name!r}")
    return resource_path("icons", "ui", f"{name}.svg")
