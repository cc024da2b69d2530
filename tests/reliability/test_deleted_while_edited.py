"""A contact deleted by another program while the window edits it: the edits cannot be
saved, but they used to vanish with the profile without a word (stranger3's finding 2:
"typed before CLI delete" in Job title, then ``relmanager undo-import`` in a shell, and the
profile silently said "Select a contact..."). The window now says, in the banner that
stays until dismissed, which contact went and what was typed.

Two processes on one live database, as a person has them: the real window (as
``relmanager.app`` builds it) and ``relmanager merge`` run beside it, which deletes the
merged-away contact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.reliability.live_app import LiveApp, live_app_after, run_cli
from tests.ui.conftest import click_contact_row, profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def live(db_path: Path, qtbot, tmp_path: Path) -> Iterator[LiveApp]:
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", (
            ("add", "Joanna Kowalski", "--email", "jo@example.org"),
            ("add", "Jo Kowalski", "--email", "jo.kowalski@home.example"))) as app:
        yield app


def test_edits_to_a_contact_deleted_elsewhere_are_named_not_dropped_silently(live, qtbot):
    from relmanager.store.models import Contact
    from relmanager.ui.shell.write_banner import WriteFailureBanner

    window = live.window
    window.show_page("contacts")
    contacts = window.contacts
    jo = Contact.get(Contact.display_name == "Jo Kowalski").id
    model = contacts.model
    qtbot.waitUntil(lambda: any(model.contact_id(r) == jo for r in range(model.rowCount())),
                    timeout=20_000)
    click_contact_row(window, qtbot, jo)
    profile = window.profile
    profile_shown(profile, qtbot, jo)
    qtbot.mouseClick(profile.form.title, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(profile.form.title, "Head of typing")
    assert profile.save_button.isEnabled()  # an edit under way, not saved

    done = run_cli(live.path, "merge", "Joanna Kowalski", "jo.kowalski@home.example",
                   "--keep", "Joanna Kowalski")
    assert done.returncode == 0, done.stderr
    # The window learns of it by itself, and Jo's row and profile go.
    qtbot.waitUntil(lambda: profile.contact_id is None, timeout=20_000)
    banner = window.findChild(WriteFailureBanner)
    text = banner.message.text()
    assert banner.isVisible()
    assert "Jo Kowalski was deleted elsewhere" in text
    assert "Job title: Head of typing" in text
