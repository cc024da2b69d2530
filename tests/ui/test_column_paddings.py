"""The contact list's style paddings kept from one start to the next (column_widths): a
start fits its columns to the last start's paddings, so it need not ask the style before
its first paint, and the paddings are measured again once the window is up."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.ui.contacts.column_widths import (
    PADDINGS_KEY,
    Paddings,
    measure_paddings,
    remembered_paddings,
)


@pytest.mark.parametrize("kept", [None, "", "10,26", "10,26,24,1", "a,b,c", "-1,26,24",
                                  "10, 26,24", "10,26,99999", "1e3,2,3"])
def test_paddings_kept_in_a_form_not_written_here_are_not_used(tmp_path, kept):
    settings = make_settings(tmp_path / "s.ini")
    if kept is not None:
        settings.setValue(PADDINGS_KEY, kept)
    assert remembered_paddings(settings) is None


def test_a_start_fits_the_columns_to_the_last_starts_paddings_and_measures_them_after(
        db, db_path, clock, tmp_path, open_window, qtbot):
    settings = make_settings(tmp_path / "ui.ini")
    first = open_window(AppContext.create(clock, db_path, settings=settings))
    measured = measure_paddings(first.contacts.table)
    # Once painted, the paddings are measured and kept for the next start.
    qtbot.waitUntil(lambda: remembered_paddings(settings) == measured)
    header = first.contacts.table.horizontalHeader()
    bounded = range(2, header.count() - 1)  # stage .. last channel: values with a bound
    fitted = [header.sectionSize(c) for c in bounded]

    # A next start under a style whose paddings were smaller (kept by an older start):
    # its first fit uses them, and once painted the window widens the columns of bounded
    # values that would cut one (free text keeps its width: see fit_columns).
    smaller = Paddings(measured.cell - 4, measured.icon - 8, measured.header - 6)
    settings.setValue(PADDINGS_KEY, ",".join(map(str, smaller)))
    second = open_window(AppContext.create(clock, db_path, settings=settings))
    assert second.contacts.paddings == smaller  # the first paint's columns
    qtbot.waitUntil(lambda: second.contacts.paddings == measured)
    assert remembered_paddings(settings) == measured
    again = second.contacts.table.horizontalHeader()
    assert [again.sectionSize(c) for c in bounded] == fitted
