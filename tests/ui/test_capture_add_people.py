"""People added from the Capture page's "not contacts" list (review 18, item 3): they
leave that list and the plan counts them as contacts at once, they are named by the
From header's display name, and adding can never make a second contact with an e-mail a
contact has."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relmanager.store import capture
from relmanager.store.models import Contact, ContactEmail
from tests.ui.test_capture_page import ME, _open, _type, _wait, people, write_mbox  # noqa: F401


@pytest.mark.usefixtures("people")
def test_added_people_leave_the_list_and_count_as_contacts(open_window, ctx, qtbot,
                                                           tmp_path, clock):
    mbox = write_mbox(tmp_path / "in.mbox", [
        (ME, "ada@example.com", ""),
        ("Sam Stranger <stranger@unknown.example>", ME, ""),
        (ME, "stranger@unknown.example", "m1@test"),
        ("Sam Stranger <stranger@unknown.example>", ME, "m2@test"),
    ], clock.now())
    page = _open(open_window, ctx, qtbot)
    _type(qtbot, page.sources.me, ME)
    _type(qtbot, page.sources.path, str(mbox))
    assert not page.panel.add_checked.isEnabled()  # nothing ticked yet
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    assert page.panel.unknown.count() == 1
    item = page.panel.unknown.item(0)
    assert "Sam Stranger <stranger@unknown.example>" in item.text()
    assert not page.panel.add_checked.isEnabled()
    qtbot.mouseClick(page.panel.unknown.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.panel.unknown.visualItemRect(item).center())
    qtbot.keyClick(page.panel.unknown, Qt.Key.Key_Space)
    assert page.panel.add_checked.isEnabled()
    qtbot.mouseClick(page.panel.add_checked, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)  # planned again

    # The window's summary says so too (it was reported to stay at "2 contacts").
    window = page.window()
    qtbot.waitUntil(lambda: window.counts.text().startswith("3 contacts"), timeout=5000)
    added = Contact.get(Contact.display_name == "Sam Stranger")
    assert [e.email for e in added.emails] == ["stranger@unknown.example"]
    assert page.panel.unknown.count() == 0
    assert not page.panel.add_checked.isEnabled()
    assert page.status.text().startswith("Added 1 to the Inbox. Preview ready")
    assert "4 interactions with 2 people would be captured" in page.panel.summary.text()
    rows = {page.panel.people.item(r, 0).text() for r in range(page.panel.people.rowCount())}
    assert rows == {"Ada Lovelace", "Sam Stranger"}

    # Capture, then Preview again: never offered again, never a second contact.
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    assert page.panel.unknown.count() == 0
    assert ContactEmail.select().where(
        ContactEmail.email == "stranger@unknown.example").count() == 1


@pytest.mark.usefixtures("people")
def test_the_store_never_adds_an_address_a_contact_has(db, clock):
    assert capture.add_to_inbox(clock, [("ADA@example.com", "Ada again")]) == []
    ids = capture.add_to_inbox(clock, [("new@x.example", ""), ("New@X.example", "Twice")])
    assert len(ids) == 1 and Contact.get_by_id(ids[0]).display_name == "new@x.example"
    assert capture.add_to_inbox(clock, [("new@x.example", "Again")]) == []
    assert ContactEmail.select().where(ContactEmail.email.in_(
        ["ada@example.com", "new@x.example"])).count() == 2
