"""The profile form's tag completion: every tag's name, read on the Contacts page's
worker when a contact is shown or re-read, never on the UI thread (counted with SQLite's
trace callback on that thread's own connection). It used to be read there on each."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCompleter

from relmanager.domain.stages import Stage
from relmanager.store import tag_reads
from relmanager.store.contacts import create_contact
from tests.ui.conftest import profile_shown, ui_statements

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_known_tags_for_completion_are_read_on_the_pages_worker(ctx, clock, qtbot,
                                                               open_window):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER, tags=["python"])
    create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER, tags=["quantum"])
    known_read = ui_statements(tag_reads.known_tags)  # what that read looks like
    assert known_read
    window = open_window(ctx)
    window.show_page("contacts")
    profile = window.profile

    shown = ui_statements(lambda: (window.show_contact(ada.id),
                                    profile_shown(profile, qtbot, ada.id)))
    assert not set(known_read) & set(shown), shown
    completer = profile.form.tags.findChild(QCompleter)
    qtbot.waitUntil(lambda: completer.model().stringList() == ["python", "quantum"],
                    timeout=5000)

    create_contact(clock, "Cy Young", tags=["rowing"])  # a tag the form has not seen
    reread = ui_statements(lambda: ctx.events.contacts_changed.emit([ada.id]))
    assert not set(known_read) & set(reread), reread
    qtbot.waitUntil(lambda: "rowing" in completer.model().stringList(), timeout=5000)

    profile.form.tags.setFocus()
    profile.form.tags.end(False)
    qtbot.keyClicks(profile.form.tags, ", ro")  # the user types: the new tag is offered
    qtbot.waitUntil(completer.popup().isVisible, timeout=5000)
    assert completer.currentCompletion() == "rowing"
