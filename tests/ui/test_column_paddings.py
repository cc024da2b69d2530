"""The contact list's style paddings kept from one start to the next (column_widths): a
start fits its columns to the paddings the last start kept under the same style key, so
it need not ask the style before its first paint, and the paddings are measured again
once the window is up; a start under another style measures before its first paint."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.ui.contacts.column_widths import (
    PADDINGS_FOR_KEY,
    PADDINGS_KEY,
    Paddings,
    measure_paddings,
    remembered_paddings,
    style_key,
)
from tests.ui.test_first_paint_imports import PROBE, _loaded_at_first_paint


@pytest.mark.parametrize("kept", [None, "", "10,26", "10,26,24,1", "a,b,c", "-1,26,24",
                                  "10, 26,24", "10,26,99999", "1e3,2,3"])
def test_paddings_kept_in_a_form_not_written_here_are_not_used(tmp_path, kept):
    settings = make_settings(tmp_path / "s.ini")
    settings.setValue(PADDINGS_FOR_KEY, "key")
    if kept is not None:
        settings.setValue(PADDINGS_KEY, kept)
    assert remembered_paddings(settings, "key") is None


def test_paddings_kept_under_another_style_key_are_not_used(tmp_path):
    settings = make_settings(tmp_path / "s.ini")
    settings.setValue(PADDINGS_KEY, "10,26,24")
    settings.setValue(PADDINGS_FOR_KEY, "6.8|xcb|96|1||||||")
    assert remembered_paddings(settings, "6.8|xcb|96|1||||||") == Paddings(10, 26, 24)
    assert remembered_paddings(settings, "6.8|xcb|96|1|windows|||||") is None
    settings.remove(PADDINGS_FOR_KEY)  # kept by a version that kept no key
    assert remembered_paddings(settings, "6.8|xcb|96|1||||||") is None


def test_a_start_fits_the_columns_to_the_last_starts_paddings_and_measures_them_after(
        db, db_path, clock, tmp_path, open_window, qtbot):
    settings = make_settings(tmp_path / "ui.ini")
    first = open_window(AppContext.create(clock, db_path, settings=settings))
    measured = measure_paddings(first.contacts.table)
    # Once painted, the paddings are measured and kept for the next start.
    key = style_key(first.contacts.table)
    qtbot.waitUntil(lambda: remembered_paddings(settings, key) == measured)
    header = first.contacts.table.horizontalHeader()
    bounded = range(2, header.count() - 1)  # stage .. last channel: values with a bound
    fitted = [header.sectionSize(c) for c in bounded]

    # A next start under a style whose paddings were smaller, changed behind the same
    # style key (a theme's setting): its first fit uses them, and once painted the window
    # widens the columns of bounded values that would cut one (free text keeps its
    # width: see fit_columns).
    smaller = Paddings(measured.cell - 4, measured.icon - 8, measured.header - 6)
    settings.setValue(PADDINGS_KEY, ",".join(map(str, smaller)))
    second = open_window(AppContext.create(clock, db_path, settings=settings))
    assert second.contacts.paddings == smaller  # the first paint's columns
    qtbot.waitUntil(lambda: second.contacts.paddings == measured)
    assert remembered_paddings(settings, key) == measured
    again = second.contacts.table.horizontalHeader()
    assert [again.sectionSize(c) for c in bounded] == fitted


#: The first-paint probe of test_first_paint_imports, its "loaded" line giving the list's
#: column widths at the first paint.
WIDTHS_PROBE = PROBE.replace(
    "loaded = [name for name in watched if built(name)]",
    "from PySide6.QtWidgets import QApplication; "
    "window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, 'contacts')); "
    "header = window.contacts.table.horizontalHeader(); "
    "loaded = [str(header.sectionSize(c)) for c in range(header.count())]")


def _first_paint_widths(tmp_path: Path, monkeypatch, style: str) -> list[int]:
    """One start of the app in ``tmp_path``'s home under Qt's ``style``: the list's
    column widths at its first paint (the start quits once every page is loaded, after
    the paddings were measured again and kept)."""
    monkeypatch.setenv("QT_STYLE_OVERRIDE", style)
    return [int(width) for width in _loaded_at_first_paint(tmp_path, ("",), WIDTHS_PROBE)]


def test_the_first_start_after_a_style_change_paints_its_columns_fitted_to_it(
        tmp_path, monkeypatch):
    """Fusion, then Windows (its header margins are 4 px, Fusion's 2): the first start
    under Windows painted its columns to Fusion's kept paddings and widened them a moment
    later; now it paints what a second start under Windows paints."""
    assert PROBE != WIDTHS_PROBE  # the line replaced is there
    fusion = _first_paint_widths(tmp_path, monkeypatch, "Fusion")
    changed = _first_paint_widths(tmp_path, monkeypatch, "Windows")
    settled = _first_paint_widths(tmp_path, monkeypatch, "Windows")
    assert settled != fusion  # the two styles' columns differ, or this shows nothing
    assert changed == settled
