"""The Settings dialog writes what the user typed to the database, and nothing on cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import preferences
from relmanager.store import settings as store
from relmanager.ui.settings.settings_dialog import NO_PLAN, SettingsDialog
from tests.ui.conftest import answer_next_message


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
    assert dialog.size.currentText().startswith("None")  # a first run has no plan
    dialog.size.setCurrentIndex(dialog.size.findData("small"))
    dialog.size_minutes[next(iter(dialog.size_minutes))].setValue(20)
    dialog.fresh_days.setValue(5)
    dialog.day_boxes[5].setChecked(True)
    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    cad = store.stage_cadences()[Stage.FRIENDSHIP]
    assert (cad.ideal_days, cad.max_days) == (90, 200)
    assert preferences.load().link_while_fresh_days == 5
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
    assert preferences.load().link_while_fresh_days != 9


def test_reminders_page_reads_and_writes_the_one_preferences_object(db, db_path, clock, qtbot):
    """Defaults come from domain.preferences (one place); the digest time, the daily cap
    and whom boxes suggest are saved where the reminder service reads them."""
    from PySide6.QtCore import QTime

    from relmanager.domain.preferences import Preferences
    from relmanager.store import preferences

    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    defaults = Preferences()
    assert dialog.daily_cap.value() == defaults.daily_cap == 3
    assert dialog.digest_with_box.isChecked() and not dialog.digest_time.isEnabled()
    assert dialog.fresh_days.value() == defaults.link_while_fresh_days == 7
    dialog.digest_with_box.setChecked(False)
    dialog.digest_time.setTime(QTime(7, 45))
    dialog.daily_cap.setValue(5)
    dialog.sphere.setCurrentIndex(dialog.sphere.findData("personal"))
    dialog.accept()
    saved = preferences.load()
    assert (saved.digest_time, saved.daily_cap, saved.timebox_sphere) == ("07:45", 5, "personal")
    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    assert again.digest_time.time() == QTime(7, 45) and not again.digest_with_box.isChecked()


def test_a_failed_write_is_shown_and_changes_nothing(db, db_path, clock, qtbot, monkeypatch):
    """The disk fills while the cadences are written: the message says so, the dialog
    stays open, and the preferences written before it in the same transaction are undone."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from relmanager.store import preferences

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))

    def full(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "set_stage_cadence", full)
    dialog = SettingsDialog(AppContext.create(clock, db_path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.daily_cap.setValue(7)
    dialog.cadences[Stage.FRIENDSHIP][0].setValue(30)
    dialog.accept()
    assert len(shown) == 1 and shown[0].startswith("The settings were not saved:")
    assert dialog.isVisible()
    assert preferences.load().daily_cap == 3


def test_an_ideal_past_the_maximum_is_refused_in_words_naming_the_stage(db, db_path, clock,
                                                                         qtbot):
    """The refusal used to be the domain's assertion, "cadence needs 1 <= ideal (40) <=
    maximum (30)", naming no stage (stranger2's finding 4): it says which stage and why,
    puts the cursor on the wrong number, and saves nothing."""

    ctx = AppContext.create(clock, db_path)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    before = store.stage_cadences()[Stage.ENCOUNTER]
    ideal, maximum = dialog.cadences[Stage.ENCOUNTER]
    maximum.setValue(30)
    ideal.setValue(40)
    dialog.fresh_days.setValue(9)
    seen = answer_next_message(lambda box: box.accept())
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert seen[0].startswith("Encounter: the ideal (40 days) is longer than the maximum "
                              "(30 days)")
    assert "<=" not in seen[0]
    assert dialog.isVisible() and dialog.focusWidget() is ideal
    assert dialog.pages.currentItem().text() == "Cadences"  # shown, from Time boxes
    assert store.stage_cadences()[Stage.ENCOUNTER] == before
    assert preferences.load().link_while_fresh_days != 9


def test_the_digest_with_the_time_box_names_both_of_its_times(db, db_path, clock, qtbot):
    """Beside a digest box showing the time box's 09:30 the choice read "(else 08:30)"
    (stranger3 #8): it now says the digest goes out at the box's start, and 08:30 on
    days without one; the greyed time follows the box's start as it is edited, and with
    no box scheduled both say 08:30."""
    from PySide6.QtCore import QTime

    preferences.save_plan("small", 15, "0,1,2,3,4", "09:30")
    dialog = SettingsDialog(AppContext.create(clock, db_path))
    qtbot.addWidget(dialog)
    assert dialog.digest_with_box.isChecked()
    assert (dialog.digest_with_box.text()
            == "With the day's time box, at its start (08:30 on days without one)")
    assert dialog.digest_time.time() == QTime(9, 30) and not dialog.digest_time.isEnabled()
    dialog.box_time.setTime(QTime(10, 15))
    assert dialog.digest_time.time() == QTime(10, 15)
    dialog.size.setCurrentIndex(dialog.size.findData(NO_PLAN))
    assert (dialog.digest_with_box.text()
            == "With the day's time box (none is scheduled: 08:30 each day)")
    assert dialog.digest_time.time() == QTime(8, 30)
    dialog.digest_with_box.setChecked(False)  # a time of one's own: left as it is
    dialog.digest_time.setTime(QTime(7, 0))
    dialog.box_time.setTime(QTime(11, 0))
    assert dialog.digest_time.time() == QTime(7, 0)
