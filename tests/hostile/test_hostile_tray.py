"""The time box and the tray, walked with the hostile contact set of the pages' walk and
a person whose name and follow-up are 100,000 characters (the most a vCard may bring):
Today's time-box line, the tray's tooltip, every item of the tray's menu and submenus,
the notifications (the box's, the digest's "going cold" and "link while fresh") and the
end-of-box question in the Log dialog show no control or bidi override character, and no
line of them is longer than a few one-line places' worth.

Before, the box's suggestions were joined by ``visible`` alone: a huge name made the
whole of Today's line, the tooltip and the notification (100,076 characters), a menu item
was as wide as the name, and the Log dialog's "(suggested: ...)" gave the names as
stored, ESC and overrides included."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QMenu

from relmanager.domain.limits import MAX_TEXT
from relmanager.domain.stages import Stage
from relmanager.domain.text import LINE_CHARS
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Contact
from tests.hostile.test_hostile_pages import BAD, hostile_contacts, shown_texts
from tests.ui.tray_menu import choose, open_tray_menu, start_tray

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SHOTS = os.environ.get("RELMANAGER_SHOTS")
#: The longest line any of these may show: a sentence naming three people, each cut.
LONGEST = 4 * LINE_CHARS
MARKUP = "<img src=file:///etc/passwd><b>X</b>"


def _menu_texts(menu: QMenu) -> list[str]:
    """Every item's text and tooltip of ``menu`` and of its submenus, all the way down."""
    texts = []
    for action in menu.actions():
        texts += [action.text(), action.toolTip()]
        if action.menu() is not None:
            texts += _menu_texts(action.menu())
    return texts


def _huge_and_markup(clock) -> None:
    """One going cold with a huge name (ESC at its end) and a huge overdue follow-up, and
    one met today (fresh) named in markup with a C1 control."""
    huge = create_contact(clock, "Placeholder", stage=Stage.DEVELOPMENT)
    Contact.update(display_name="H" * MAX_TEXT + "\x1b", title="T" * MAX_TEXT).where(
        Contact.id == huge.id).execute()
    log_interaction(clock, [huge.id], "phone", occurred_at=clock.now() - timedelta(days=40))
    create_follow_up(clock, huge.id, "F" * MAX_TEXT + "\x1b", clock.now() - timedelta(days=1))
    fresh = create_contact(clock, "Placeholder", stage=Stage.ENCOUNTER)
    Contact.update(display_name=f"{MARKUP}\x9b").where(Contact.id == fresh.id).execute()


def _bad(where: str, text: str) -> list[str]:
    longest = max((len(line) for line in text.split("\n")), default=0)
    wrong = [f"{where}: {text[:120]!a}"] if BAD.search(text) else []
    return wrong + ([f"{where}: a line of {longest:,} characters"] if longest > LONGEST else [])


def test_the_time_box_and_the_tray_show_hostile_names_plainly(clock, window, qtbot,
                                                               monkeypatch):
    hostile_contacts(clock)
    _huge_and_markup(clock)
    window.show_page("today")
    service, tray = start_tray(window, qtbot)
    said: list[tuple[str, str]] = []  # what the tray's bubble (and D-Bus) would be given
    monkeypatch.setattr(tray.icon, "showMessage",
                        lambda title, body, *_a: said.append((title, body)))
    today = window.today
    choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
    qtbot.waitUntil(lambda: "try" in today.timebox_text.text(), timeout=5000)
    today.refresh()  # the page while the box runs (it read before the contacts came)
    today.wait_loaded()
    qtbot.wait(300)
    line = today.timebox_text
    assert "Eve" in line.text() and "HHH" in line.text(), line.text()[:200]
    assert line.sizeHint().width() <= line.width(), "the countdown is cut off"
    texts = [("tray tooltip", tray.icon.toolTip()), *shown_texts(window)]
    if SHOTS:
        window.grab().save(f"{SHOTS}/hostile-today-box.png")
    menu = open_tray_menu(qtbot, tray)
    spend = choose(qtbot, menu, "Spend it on", prefix=True)
    assert spend is not None
    if SHOTS:
        spend.grab().save(f"{SHOTS}/hostile-tray-spend-it-on.png")
    follow = choose(qtbot, menu, "Follow-ups due", prefix=True)
    if SHOTS and follow is not None:
        follow.grab().save(f"{SHOTS}/hostile-tray-follow-ups.png")
    texts += [("tray menu", text) for text in _menu_texts(menu)]
    wide = [(sub.title()[:40], sub.sizeHint().width()) for sub in menu.findChildren(QMenu)
            if sub.sizeHint().width() > window.width()]
    assert not wide, wide  # a 300-character name and title made a menu 6,000 pixels wide
    assert any(MARKUP in text for _w, text in texts)  # a menu shows markup as text
    menu.hide()

    clock.advance(minutes=15)
    service.check()  # the box's end: the window asks what was done
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible()
                    and window.log_dialog.box_prompt is not None, timeout=5000)
    dialog = window.log_dialog
    if SHOTS:
        dialog.grab().save(f"{SHOTS}/hostile-log-box-over.png")
    texts += [("Log dialog title", dialog.windowTitle()),
              ("Log dialog prompt", dialog.box_prompt.text())]
    assert "Eve" in dialog.box_prompt.text()
    dialog.reject()

    clock.advance(days=30)  # the digest: going cold, link while fresh, follow-ups
    service.check()
    # what waits for the message on screen to have had its time (tray_balloons) counts too
    said += [(message.title, message.body) for message in tray.balloons.waiting()]
    assert any(title.startswith("Today: ") for title, _body in said), said
    for title, body in said:
        texts += [("notification title", title), ("notification body", body)]
    bad = [line for where, text in texts for line in _bad(where, text)]
    assert not bad, "\n".join(dict.fromkeys(bad))
