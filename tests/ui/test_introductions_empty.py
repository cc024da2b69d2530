"""The Introductions page with nothing to list (the first hour, seen from outside): it
showed column headings over a blank table and said nothing. It now says there are none,
what an introduction is, and how one starts; a status filter names the status."""

from __future__ import annotations

import pytest

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact
from relmanager.ui.introductions.introductions import IntroductionsView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _view(ctx, qtbot) -> IntroductionsView:
    view = IntroductionsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    view.wait_loaded()
    return view


def test_no_introductions_says_so_and_how_one_starts(ctx, qtbot):
    view = _view(ctx, qtbot)
    assert view.empty.isVisible() and not view.table.isVisible()
    assert view.empty.text().startswith("No open introductions.")
    assert "New introduction…" in view.empty.text()
    view.show_filter.setCurrentIndex(view.show_filter.findData("all"))
    view.wait_loaded()
    assert view.empty.text().startswith("No introductions yet.")


def test_a_status_with_none_names_it_and_the_list_comes_back(ctx, clock, qtbot):
    ana, ben = (create_contact(clock, n, stage=Stage.DEVELOPMENT).id for n in ("Ana", "Ben"))
    introductions.create_introduction(clock, requester_id=ana, target_id=ben,
                                      reason_requester="hiring", reason_target="job")
    view = _view(ctx, qtbot)
    assert view.table.isVisible() and not view.empty.isVisible()
    closed = IntroStatus.CLOSED
    view.show_filter.setCurrentIndex(view.show_filter.findData(closed.value))
    view.wait_loaded()
    assert view.empty.isVisible() and closed.label in view.empty.text()
    view.show_filter.setCurrentIndex(view.show_filter.findData("open"))
    view.wait_loaded()
    assert view.table.isVisible() and view.model.rowCount() == 1
