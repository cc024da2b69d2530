"""Settings never schedules time boxes unasked (the first hour, seen from outside): on a
first run the dialog showed "My commitment: Small" while Today said "no commitment set",
and pressing OK to change quiet hours silently scheduled a 15-minute box on every
weekday. "None" is now a choice, and the first run's."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from relmanager.services.context import AppContext
from relmanager.store import preferences, timeboxes
from relmanager.store.models import TimeBoxPlan
from relmanager.ui.settings.settings_dialog import SettingsDialog


def _ok(dialog, ctx, qtbot) -> None:
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_ok_on_a_first_run_schedules_no_time_box(db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.size.currentText() == "None (no scheduled time box)"
    assert not dialog.box_time.isEnabled() and not dialog.day_boxes[0].isEnabled()
    dialog.quiet_start.setTime(QTime(21, 0))
    _ok(dialog, ctx, qtbot)
    assert preferences.load().quiet_start == "21:00"
    assert not preferences.has_plan() and timeboxes.committed_minutes() == 0


def test_a_plan_shows_as_chosen_and_none_turns_it_off(db, db_path, clock, qtbot):
    preferences.save_plan("medium", 30, "0,2,4", "09:15")
    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.size.currentData() == "medium" and dialog.box_time.isEnabled()
    dialog.size.setCurrentIndex(0)
    _ok(dialog, ctx, qtbot)
    assert not preferences.has_plan() and timeboxes.committed_minutes() == 0
    assert TimeBoxPlan.select().count() == 1  # kept, switched off: sessions refer to it
