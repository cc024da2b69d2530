"""The profile's warmth line for someone just met (the first hour, seen from outside): it
read "Warm: last two-way contact never", a contradiction. Before any two-way contact it
says "no two-way contact yet"; after one, when it was, as before."""

from __future__ import annotations

import pytest

from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_warmth_line_before_and_after_the_first_two_way_contact(open_window, ctx, clock,
                                                                 qtbot):
    window = open_window(ctx)
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER)
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    line = window.profile.header.warmth.text()
    assert line.startswith("Warm: no two-way contact yet; due by ")
    assert "never" not in line
    bo = create_contact(clock, "Bo Lind", stage=Stage.ENCOUNTER)
    log_interaction(clock, [bo.id], "one_on_one", minutes=30)
    window.show_contact(bo.id)
    profile_shown(window.profile, qtbot)
    profile_shown(window.profile, qtbot, bo.id)
    assert window.profile.header.warmth.text().startswith("Warm: last two-way contact today")
