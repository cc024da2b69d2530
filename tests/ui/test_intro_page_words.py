"""The Introductions page words each step by who asks whom (stranger4's and the task's
findings): the consent warning showed on "Ana → you", where nobody is in between and the
yes is the user's own; "Add follow-up…" was greyed out on "Nia → you"; the Next step
button read "Asked for consent" when the introducer, not the user, asks. The rules are
``domain.introductions`` (step_verb, consent_is_yours_to_ask, follow_up_person)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import introductions
from relmanager.store.contacts import create_contact
from relmanager.store.models import FollowUp
from tests.ui.test_introductions_empty import _view

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def people(clock):
    return {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
            for n in ("Ana", "Ben", "Nia")}


def _click(view, qtbot, who: str) -> None:
    """Click the row whose Who / To meet / Through reads ``who`` (as the table shows)."""
    for row in range(view.model.rowCount()):
        cells = " | ".join(view.model.index(row, c).data() or "" for c in range(3))
        if cells == who:
            rect = view.table.visualRect(view.model.index(row, 0))
            qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                             pos=rect.center())
            return
    raise AssertionError(f"no row {who!r}")


def test_ana_to_you_made_at_once_warns_of_no_consent_and_its_steps_are_yours(
        ctx, people, clock, qtbot):
    to_you = introductions.create_introduction(clock, requester_id=people["Ana"], target_id=None)
    introductions.advance(clock, to_you.id, IntroStatus.MADE)
    asked = introductions.create_introduction(clock, requester_id=people["Ben"], target_id=None)
    view = _view(ctx, qtbot)
    _click(view, qtbot, "Ana | you | nobody (direct)")
    assert not view.warning.isVisible(), view.warning.text()
    _click(view, qtbot, "Ben | you | nobody (direct)")
    assert view.next_button.text() == "Told Ben you will answer"
    assert view.advance_selected()
    assert introductions.Introduction.get_by_id(asked.id).status == "consent_asked"
    qtbot.waitUntil(lambda: view.next_button.text() == "You agreed")
    assert not view.warning.isVisible()


def test_an_introduction_someone_else_makes_says_they_ask(ctx, people, clock, qtbot):
    introductions.create_introduction(clock, requester_id=None, target_id=people["Ben"],
                                      introducer_id=people["Nia"])
    view = _view(ctx, qtbot)
    _click(view, qtbot, "you | Ben | Nia")
    assert view.next_button.text() == "Nia asked Ben"
    assert view.advance_selected()
    qtbot.waitUntil(lambda: view.next_button.text() == "Ben agreed")
    assert view.advance_selected()
    qtbot.waitUntil(lambda: view.next_button.text() == "Introduction made")
    assert view.advance_selected()  # made by Nia: the user had no consent to ask for
    qtbot.waitUntil(lambda: view.next_button.text() == "Followed up")
    assert not view.warning.isVisible(), view.warning.text()


def test_nia_to_you_takes_a_follow_up_on_nia(ctx, people, clock, qtbot):
    introductions.create_introduction(clock, requester_id=None, target_id=None,
                                      introducer_id=people["Nia"])
    view = _view(ctx, qtbot)
    _click(view, qtbot, "you | you | Nia")
    assert view.follow_up_button.isEnabled()
    assert view.next_button.text() == "Nia asked the other side"
    assert view.add_follow_up("thank Nia")
    follow_up = FollowUp.get()
    assert (follow_up.contact_id, follow_up.title) == (people["Nia"], "thank Nia")


def test_the_user_introducing_two_people_still_asks_and_is_warned(ctx, people, clock,
                                                                   qtbot):
    rushed = introductions.create_introduction(clock, requester_id=people["Ana"],
                                               target_id=people["Ben"])
    view = _view(ctx, qtbot)
    _click(view, qtbot, "Ana | Ben | you")
    assert view.next_button.text() == "Asked for consent"
    introductions.advance(clock, rushed.id, IntroStatus.MADE)
    view.reload()
    view.wait_loaded()
    _click(view, qtbot, "Ana | Ben | you")
    assert view.warning.isVisible() and "consent" in view.warning.text()
