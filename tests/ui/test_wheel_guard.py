"""The wheel scrolls a form, not the box under the pointer (review 18, item 6): an unfocused
combo box, spin box or date edit in the contact form or the Log dialog ignores a wheel
turn; one the person clicked into still answers it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from relmanager.store.contacts import create_contact
from relmanager.ui.shared.log_dialog import LogDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window):
    return open_window(ctx)


def _wheel(widget, steps: int = -1) -> None:
    """A wheel turn over the middle of ``widget``, as the pointer passing over it sends."""
    centre = widget.rect().center()
    event = QWheelEvent(QPointF(centre), QPointF(widget.mapToGlobal(centre)), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_does_not_change_an_unfocused_box_in_the_form(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", sphere="personal")
    window.show_contact(ada.id)
    form = window.profile.form
    form.display_name.setFocus()
    qtbot.waitUntil(form.display_name.hasFocus)
    _wheel(form.sphere)
    _wheel(form.cadence, 1)
    assert form.sphere.currentText() == "personal"
    assert form.cadence.value() == 0
    assert not window.profile.save_button.isEnabled()
    assert not form.has_changes()
    # A box the person clicked into still answers the wheel.
    qtbot.mouseClick(form.cadence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(form.cadence.hasFocus)
    _wheel(form.cadence, 1)
    assert form.cadence.value() == 1


def test_the_wheel_does_not_change_an_unfocused_box_in_the_log_dialog(ctx, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace")
    dialog = LogDialog(ctx, contact_id=ada.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.note.setFocus()  # the opening focus was on Channel
    boxes = (dialog.channel, dialog.exchange, dialog.minutes, dialog.follow_up_due)
    assert not any(box.hasFocus() for box in boxes)
    channel, exchange = dialog.channel.currentIndex(), dialog.exchange.currentIndex()
    minutes, due = dialog.minutes.value(), dialog.follow_up_due.date()
    for box in (dialog.channel, dialog.exchange):
        _wheel(box, 1)
        _wheel(box, -1)
        _wheel(box, -1)
    _wheel(dialog.minutes, 1)
    _wheel(dialog.follow_up_due, 1)
    assert (dialog.channel.currentIndex(), dialog.exchange.currentIndex()) == (channel,
                                                                              exchange)
    assert (dialog.minutes.value(), dialog.follow_up_due.date()) == (minutes, due)
    assert dialog.channel.focusPolicy() == Qt.FocusPolicy.StrongFocus
