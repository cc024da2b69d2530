"""The Settings dialog writes what the user typed to the database, and nothing on cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import settings as store
from relmanager.ui.settings_dialog import SettingsDialog


def _button(dialog, which):
    return dialog.findChild(QDialogButtonBox).button(which)


def test_ok_saves_cadence_timebox_and_fresh_days(db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.add_page("Extra", QLabel("from another engineer"))
    assert [dialog.pages.item(i).text() for i in range(dialog.pages.count())][-1] == "Extra"
    ideal, maximum = dialog.cadences[Stage.FRIENDSHIP]
    maximum.setValue(200)
    ideal.setValue(90)
    dialog.size_minutes[next(iter(dialog.size_minutes))].setValue(20)
    dialog.fresh_days.setValue(5)
    dialog.day_boxes[5].setChecked(True)
    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    cad = store.stage_cadences()[Stage.FRIENDSHIP]
    assert (cad.ideal_days, cad.max_days) == (90, 200)
    assert store.fresh_days() == 5
    assert store.get_value("timebox_days") == "0,1,2,3,4,5"
    assert store.get_value("timebox_minutes")["small"] == 20
    from relmanager.store.models import TimeBoxPlan
    plan = TimeBoxPlan.get()
    assert (plan.minutes, plan.weekdays, plan.start_time) == (20, "0,1,2,3,4,5", "08:30")


def test_cancel_changes_nothing(db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.fresh_days.setValue(9)
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    assert store.fresh_days() != 9
