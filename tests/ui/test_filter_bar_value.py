"""The filter bar's value (FilterBar.current_filter) compared with the default filter:
the list treats an untouched bar as "every active contact" (its count line says nothing,
the status bar does), so the two must be equal, whatever form each field takes."""

from __future__ import annotations

from relmanager.store import queries
from relmanager.ui.contacts.filter_bar import FilterBar


def test_an_untouched_filter_bar_is_the_default_filter_and_a_touched_one_is_not(qtbot):
    bar = FilterBar()
    qtbot.addWidget(bar)
    assert bar.current_filter() == queries.ContactFilter()
    bar.only_takes.setChecked(True)
    assert bar.current_filter() != queries.ContactFilter()
    assert len(bar.current_filter().extra) == 1
    bar.only_takes.setChecked(False)
    bar.search.setText("ada")
    assert bar.current_filter()._replace(text="") == queries.ContactFilter()
