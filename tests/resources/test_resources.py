"""The bundled icons exist, render, and the Qt helpers build real, tinted icons.

A missing or broken icon shows up in the app as a blank space nobody reports, so every
file the code can ask for is loaded here, and the tint is checked on actual pixels.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer

from relmanager import resources
from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.resources import (
    APP_ICON_SIZES,
    CHANNEL_KEYS,
    FALLBACK_CHANNEL,
    UI_ICON_NAMES,
    app_icon_png_path,
    app_icon_svg_path,
    channel_icon_path,
    resource_path,
    tray_icon_path,
    ui_icon_path,
)

TRAY_VARIANTS = [(dark, attention) for dark in (True, False) for attention in (False, True)]


def _valid_svg(path: Path) -> QSvgRenderer:
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), path
    return renderer


def _opaque_colours(image: QImage) -> set[str]:
    """Colours of the clearly drawn pixels (edges are antialiased, so skip faint ones)."""
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    }


def _all_close_to(colours: set[str], target: str, tolerance: int = 3) -> bool:
    """Premultiplied alpha rounds colours of partly transparent pixels by a unit or two."""
    want = QColor(target)
    return bool(colours) and all(
        abs(QColor(c).red() - want.red()) <= tolerance
        and abs(QColor(c).green() - want.green()) <= tolerance
        and abs(QColor(c).blue() - want.blue()) <= tolerance
        for c in colours
    )


def test_every_builtin_channel_has_an_icon_file_of_its_own() -> None:
    """Adding a channel to the table without its SVG fails here (not the fallback)."""
    assert [c.icon for c in BUILTIN_CHANNELS] == list(CHANNEL_KEYS)
    for spec in BUILTIN_CHANNELS:
        assert channel_icon_path(spec.icon).name == f"{spec.icon}.svg", spec.key


@pytest.mark.parametrize("key", [*CHANNEL_KEYS, FALLBACK_CHANNEL])
def test_channel_svg_is_valid_24px_line_icon(key: str) -> None:
    path = channel_icon_path(key)
    assert path.name == f"{key}.svg"
    renderer = _valid_svg(path)
    assert renderer.viewBox().size().toTuple() == (24, 24)


@pytest.mark.parametrize("name", UI_ICON_NAMES)
def test_ui_svg_is_valid_24px_line_icon(name: str) -> None:
    renderer = _valid_svg(ui_icon_path(name))
    assert renderer.viewBox().size().toTuple() == (24, 24)


@pytest.mark.parametrize("folder", ["channels", "ui"])
def test_tintable_icons_are_drawn_in_black_only(folder: str) -> None:
    """SourceIn tinting keeps alpha only; a second colour would be lost, so forbid it."""
    svgs = [
        f
        for f in resources.resource_root().joinpath("icons", folder).iterdir()
        if f.name.endswith(".svg")
    ]
    assert len(svgs) >= len(UI_ICON_NAMES if folder == "ui" else CHANNEL_KEYS)
    for path in svgs:
        colours = set(re.findall(r'(?:fill|stroke|stop-color)="([^"]+)"', path.read_text()))
        assert colours <= {"none", "#000000"}, (path.name, colours)


def test_unknown_or_unsafe_channel_key_gets_the_generic_icon() -> None:
    assert channel_icon_path("carrier_pigeon").name == f"{FALLBACK_CHANNEL}.svg"
    assert channel_icon_path("../app/relmanager").name == f"{FALLBACK_CHANNEL}.svg"


def test_missing_resources_fail_loudly() -> None:
    with pytest.raises(FileNotFoundError):
        resource_path("icons", "ui", "no-such-icon.svg")
    with pytest.raises(FileNotFoundError):
        ui_icon_path("../tray/tray-light")


def test_resources_are_found_beside_the_package() -> None:
    root = resources.resource_root()
    assert root.joinpath("icons", "app", "relmanager.svg").is_file()
    assert resources.app_icon_svg_path().read_bytes().startswith(b"<?xml")


def test_resources_are_found_through_importlib_resources_without_a_folder(
        monkeypatch, tmp_path) -> None:
    """As from a zip import: no icons folder beside the module."""
    import importlib.resources

    asked: list[str] = []
    real_files = importlib.resources.files
    monkeypatch.setattr(importlib.resources, "files",
                        lambda name: asked.append(name) or real_files(name))
    monkeypatch.setattr(resources, "_FOLDER", tmp_path / "not-a-folder")
    root = resources.resource_root()
    assert asked == ["relmanager.resources"]
    assert root.joinpath("icons", "app", "relmanager.svg").is_file()
    assert resources.app_icon_svg_path().read_bytes().startswith(b"<?xml")


def test_app_icon_svg_is_valid() -> None:
    renderer = _valid_svg(app_icon_svg_path())
    assert renderer.defaultSize() == QSize(512, 512)


@pytest.mark.parametrize("size", APP_ICON_SIZES)
def test_app_icon_png_exists_at_its_size(size: int) -> None:
    image = QImage(str(app_icon_png_path(size)))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # rounded corners stay transparent
    assert image.pixelColor(size // 2, size // 2).alpha() == 255


@pytest.mark.parametrize(("dark_panel", "attention"), TRAY_VARIANTS)
def test_tray_svgs_are_valid(dark_panel: bool, attention: bool) -> None:
    path = tray_icon_path(dark_panel=dark_panel, attention=attention)
    assert ("light" if dark_panel else "dark") in path.name
    assert ("attention" in path.name) == attention
    _valid_svg(path)


def test_tray_glyph_contrasts_with_its_panel(qapp) -> None:
    from relmanager.resources.qticons import render_svg

    light_glyph = _opaque_colours(render_svg(tray_icon_path(dark_panel=True), 22))
    dark_glyph = _opaque_colours(render_svg(tray_icon_path(dark_panel=False), 22))
    assert all(QColor(c).lightness() > 200 for c in light_glyph)
    assert all(QColor(c).lightness() < 60 for c in dark_glyph)


def test_app_icon_carries_every_png_size(qapp) -> None:
    from relmanager.resources.qticons import app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert set(APP_ICON_SIZES) <= sizes
    assert icon.pixmap(QSize(32, 32)).size() == QSize(32, 32)


@pytest.mark.parametrize(("dark_panel", "attention"), TRAY_VARIANTS)
def test_tray_icon_is_not_null(qapp, dark_panel: bool, attention: bool) -> None:
    from relmanager.resources.qticons import tray_icon

    icon = tray_icon(dark_panel=dark_panel, attention=attention)
    assert not icon.isNull()
    assert not icon.pixmap(QSize(22, 22)).isNull()


def test_attention_tray_icon_has_a_coloured_badge(qapp) -> None:
    from relmanager.resources.qticons import tray_icon

    plain = _opaque_colours(tray_icon(True, attention=False).pixmap(QSize(22, 22)).toImage())
    badged = _opaque_colours(tray_icon(True, attention=True).pixmap(QSize(22, 22)).toImage())
    assert any(QColor(c).saturation() > 150 for c in badged - plain)


def test_channel_icon_is_tinted(qapp) -> None:
    from relmanager.resources.qticons import channel_icon

    red = channel_icon("email", QColor("#ff0000"), 16).pixmap(QSize(16, 16)).toImage()
    blue = channel_icon("email", "#0000ff", 16).pixmap(QSize(16, 16)).toImage()
    assert _opaque_colours(red) == {"#ff0000"}
    assert _opaque_colours(blue) == {"#0000ff"}
    # Same shape: the tint changes colour, never alpha.
    assert [red.pixelColor(x, 8).alpha() for x in range(16)] == [
        blue.pixelColor(x, 8).alpha() for x in range(16)
    ]


def test_channel_icons_are_cached_and_hidpi_ready(qapp) -> None:
    from relmanager.resources.qticons import channel_icon

    first = channel_icon("phone", "#336699", 16)
    again = channel_icon("phone", QColor("#336699"), 16)
    assert first.cacheKey() == again.cacheKey()
    assert {s.width() for s in first.availableSizes()} >= {16, 32}


def test_channel_icon_for_a_custom_channel_falls_back(qapp) -> None:
    from relmanager.resources.qticons import channel_icon

    assert not channel_icon("carrier_pigeon", "#000000").isNull()


@pytest.mark.parametrize("name", UI_ICON_NAMES)
def test_ui_icon_is_tinted(qapp, name: str) -> None:
    from relmanager.resources.qticons import ui_icon

    icon = ui_icon(name, QColor("#22aa44"))
    assert not icon.isNull()
    assert _all_close_to(_opaque_colours(icon.pixmap(QSize(24, 24)).toImage()), "#22aa44")


def test_tint_image_keeps_alpha_and_replaces_colour(qapp) -> None:
    from relmanager.resources.qticons import render_svg, tint_image

    black = render_svg(ui_icon_path("search"), 24)
    tinted = tint_image(black, "#ffffff")
    assert _opaque_colours(black) == {"#000000"}
    assert _opaque_colours(tinted) == {"#ffffff"}
    assert all(
        black.pixelColor(x, y).alpha() == tinted.pixelColor(x, y).alpha()
        for x in range(24)
        for y in range(24)
    )


def test_bad_colour_is_rejected(qapp) -> None:
    from relmanager.resources.qticons import channel_icon

    with pytest.raises(ValueError, match="not a colour"):
        channel_icon("email", "not-a-colour")


def test_guess_dark_panel_follows_gnome(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    from relmanager.resources.qticons import guess_dark_panel

    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")
    assert guess_dark_panel() is True
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "KDE")
    assert isinstance(guess_dark_panel(), bool)


def test_hires_app_icon_adds_the_svg_at_1024(qapp) -> None:
    from relmanager.resources.qticons import app_icon

    sizes = {s.width() for s in app_icon(hires=True).availableSizes()}
    assert 1024 in sizes and set(APP_ICON_SIZES) <= sizes
    assert 1024 not in {s.width() for s in app_icon().availableSizes()}


def test_a_channel_icon_is_looked_up_on_disk_once(monkeypatch) -> None:
    """Every board's first paint asks for its channels' icons: the bundled files are
    checked once per key, not on every ask (three stat calls and path joins each)."""
    forget = getattr(channel_icon_path, "cache_clear", lambda: None)
    forget()  # asked before, by other tests: looked up afresh here
    looked: list[int] = []
    real_root = resources.resource_root
    monkeypatch.setattr(resources, "resource_root", lambda: looked.append(1) or real_root())
    first = channel_icon_path("email")
    assert channel_icon_path("email") == first
    assert channel_icon_path("carrier_pigeon").name == f"{FALLBACK_CHANNEL}.svg"
    assert channel_icon_path("carrier_pigeon").name == f"{FALLBACK_CHANNEL}.svg"
    assert len(looked) == 4  # two keys, two looks each (the icon's, then the fallback's)
    forget()  # other tests see the real lookup afresh
