"""The end-of-box question answered late still counts (issue 22): the Log dialog dates
the box's log at the box's end, inside the span that ``domain.timebox.box_minutes``
counts, instead of at the moment it is typed."""

from __future__ import annotations

from relmanager.domain.stages import Stage
from relmanager.store import timeboxes
from relmanager.store.contacts import create_contact


def test_the_end_of_box_question_answered_late_still_counts_toward_the_box(ctx, clock,
                                                                            qtbot):
    """"What did you do?" answered three hours after the box: the log is dated at the
    box's end (inside its span), so it counts; typed with the keyboard."""
    from PySide6.QtCore import Qt

    from relmanager.ui.shared.log_dialog import LogDialog

    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    clock.set(clock.now().replace(hour=10, minute=0))
    session = timeboxes.start_box(clock, 15)
    clock.advance(hours=3)
    dialog = LogDialog(ctx, None, ada.id)
    qtbot.addWidget(dialog)
    dialog.ask_about_box(session.id, timeboxes.minutes_spent(session, clock.now()), [],
                         timeboxes.span_of(session, clock.now()).end)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.channel, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert timeboxes.week_progress(clock.now()).invested_minutes == 15
