"""On a tall screen (1920x1200) the profile form's Intent and Notes labels sat far above
their boxes: the rows took the spare height and centred the fixed-height box in it."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from relmanager.services.background import BackgroundReader
from relmanager.ui.contacts.contact_form import ContactForm


def test_the_text_boxes_sit_beside_their_labels_in_a_tall_form(clock, qtbot):
    reader = BackgroundReader()
    form = ContactForm(clock, reader)
    qtbot.addWidget(form)
    form.resize(640, 1100)  # the profile's Details tab at 1920x1200
    form.show()
    qtbot.waitExposed(form)
    for edit in (form.intent, form.notes):
        label = next(w for w in form.findChildren(QLabel) if w.buddy() is edit)
        gap = edit.mapTo(form, QPoint(0, 0)).y() - label.mapTo(form, QPoint(0, 0)).y()
        assert abs(gap) <= 8, (label.text(), gap)
    reader.shutdown()
