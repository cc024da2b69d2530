"""Today on a first run (the first hour, seen from outside): with nobody in the address
book, going cold said "Nobody is going cold. Well kept!", praise for nothing and no way
forward. It now says how to begin; once anyone is there, "Well kept!" is earned."""

from __future__ import annotations

import pytest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _today(open_window, ctx, qtbot):
    window = open_window(ctx)
    window.show_page("today")
    qtbot.waitUntil(window.today.isVisible)
    window.today.refresh()
    window.today.wait_loaded()
    assert window.today.loader.error is None
    return window.today


def test_an_empty_address_book_says_how_to_begin(open_window, ctx, qtbot):
    today = _today(open_window, ctx, qtbot)
    text = today.cold.empty.text()
    assert today.cold.empty.isVisibleTo(today)
    assert "Well kept" not in text
    for way in ("Ctrl+N", "File > Import", "--demo"):
        assert way in text


def test_with_someone_there_nobody_cold_is_well_kept(open_window, ctx, clock, qtbot):
    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    today = _today(open_window, ctx, qtbot)
    assert today.cold.empty.text() == "Nobody is going cold. Well kept!"
