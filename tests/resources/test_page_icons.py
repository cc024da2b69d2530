"""Adding a page (relmanager.ui.pages) needs its sidebar and View-menu icon: a page
registered without one fails here (the sidebar would show a blank square)."""

from __future__ import annotations

from relmanager.resources import UI_ICON_NAMES, ui_icon_path
from relmanager.ui.pages import PAGES


def test_every_page_has_its_icon() -> None:
    for spec in PAGES:
        assert spec.key in UI_ICON_NAMES, f"page {spec.key}: add it to UI_ICON_NAMES"
        assert ui_icon_path(spec.key).is_file(), f"page {spec.key}: no icons/ui/{spec.key}.svg"
