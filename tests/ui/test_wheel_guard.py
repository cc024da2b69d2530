"""The wheel scrolls a form, not the box under the pointer (review 18, item 6): an unfocused
combo box, spin box or date edit in the contact form or the Log dialog ignores a wheel
turn; one the person clicked into still answers it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from relmanager.store.contacts import create_contact
from relmanager.ui.shared.log_dialog import LogDialog
from tests.ui.conftest import profile_shown

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
    profile_shown(window.profile, qtbot)
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


@pytest.mark.skipif(not os.environ.get("DISPLAY") or shutil.which("xdotool") is None,
                    reason="a real wheel turn needs an X server and xdotool")
def test_a_real_wheel_turn_over_the_sphere_scrolls_the_details(window, clock, qtbot):
    """Real X wheel clicks (xdotool, button 5) over the unfocused Sphere box: the box keeps
    its value and the Details page scrolls, as the reviewer expected."""
    ada = create_contact(clock, "Ada Lovelace", sphere="personal")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = window.profile.form
    area = form.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    area.ensureWidgetVisible(form.sphere)
    qtbot.wait(50)
    start = bar.value()
    point = form.sphere.mapToGlobal(form.sphere.rect().center())
    subprocess.run(["xdotool", "mousemove", "--sync", str(point.x()), str(point.y())],
                   check=True, timeout=20)
    qtbot.wait(100)
    subprocess.run(["xdotool", "click", "--repeat", "2", "--delay", "60", "5"],
                   check=True, timeout=20)
    qtbot.waitUntil(lambda: bar.value() > start, timeout=3000)
    assert form.sphere.currentText() == "personal"
    assert not window.profile.save_button.isEnabled()
