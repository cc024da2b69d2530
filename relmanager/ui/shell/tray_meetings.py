"""The tray menu's "Meetings (N)" entry (review 18, item 4): a brief's bubble stays ~10 s,
and a missed one left the brief to the CLI. The day's meetings with contacts are listed
from the menu's worker read (tray_menu.meetings_for_menu); each opens its brief, and one
over and not logged also offers "Log it…"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QMenu

from relmanager.services import reminder_rules as rules
from relmanager.store import upcoming
from relmanager.ui.shared.plain import menu_text, one_line


def add_meetings_menu(sub: QMenu, submenu: Callable[[QMenu, str], QMenu],
                      meetings: list[upcoming.Meeting], now: datetime,
                      open_brief: Callable[..., None]) -> None:
    """Fill ``sub``; ``submenu`` makes a submenu the tray owns, ``open_brief(id, log=)``
    opens a brief (``log``: its Log it button ready)."""
    for meeting in meetings:
        # Cut as the tray's other items are (a calendar's 100,000-character summary or a
        # contact's name made the item as wide as that); menu_text shows the controls.
        summary = one_line(meeting.summary, rules.SHORT_DETAIL_CHARS) or "Meeting"
        names = rules.names([name for _id, name in meeting.people], rules.SHORT_NAME_CHARS)
        text = menu_text(f"{meeting.starts_at:%a %H:%M} {summary} · {names}")
        if meeting.ends_at <= now and meeting.logged_at is None:
            item = submenu(sub, f"{text} (over)")
            item.menuAction().setData(meeting.id)
            item.addAction("Brief…", lambda m=meeting.id: open_brief(m))
            item.addAction("Log it…", lambda m=meeting.id: open_brief(m, log=True))
        else:
            action = sub.addAction(text, lambda m=meeting.id: open_brief(m))
            action.setData(meeting.id)
