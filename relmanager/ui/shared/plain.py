"""Contact text stays text: tooltips and links built from what people typed or imported.

Qt shows a tooltip as rich text whenever ``Qt.mightBeRichText`` guesses so, and a name
such as ``<img src="file:///etc/passwd"><b>X</b>`` (from a vCard, or from another device
by sync) then loads local files and honours the markup. Every tooltip that holds contact
text goes through :func:`tip`, which hands Qt rich text whose content is escaped: shown
exactly as typed, never interpreted.

Links to the user's own programs (mail, dialer) are built with QUrl's path setter, which
percent-encodes '?', '&' and '#', so an address can never smuggle in ``?attach=`` or
``&bcc=`` parameters; addresses that are not addresses are refused before that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

from relmanager.domain.text import cut, one_line, visible  # one rule, with the CLI

# html, QUrl (with its enums) and the store's address rule are imported where used: the
# contact list imports this for its tooltips, which its first paint never shows, so the
# window's start need not load them (bench/README.md, "Cold start").

__all__ = ["contact_tip", "inert", "mailto", "menu_text", "one_line", "tel", "tip",
           "visible"]

#: The most characters a tooltip shows of one piece of contact text (a one-line place
#: shows fewer: relmanager.domain.text.LINE_CHARS).
TIP_CHARS = 1000

#: Look-alikes for the characters that make markup. Desktop notifications go to whatever
#: notification server runs (some read a markup subset with <img> and <a>, some show text
#: as it is, Qt's own balloon guesses), so no escaping is right for all of them; text with
#: no markup characters is shown the same by every one.
_INERT = str.maketrans({"<": "\u2039", ">": "\u203a", "&": "\uff06"})


def tip(text: str) -> str:
    """``text`` as a tooltip that Qt shows verbatim: escaped, in a rich-text wrapper so
    the escapes are read (a tooltip Qt took for plain text would show '&lt;')."""
    if "<" not in text:  # no tag, so Qt shows it as plain text already
        return text
    import html

    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def contact_tip(*parts: str | None) -> str:
    """A tooltip of pieces of contact text (a name, an organisation, a note), one after
    the other on lines of their own: each cut at :data:`TIP_CHARS` and shown by the
    display rule (its own lines kept), then escaped by :func:`tip`. The list's and the
    board's tooltips gave Qt the stored text, ESC, NUL and overrides included, and all of
    a 100,000-character organisation."""
    return tip("\n".join(visible(cut(p, TIP_CHARS), lines=True) for p in parts if p))


def inert(text: str) -> str:
    """``text`` for a desktop notification or a tray tooltip: no markup characters left,
    and no control characters but newlines (D-Bus carries no NUL: see ``visible``)."""
    return visible(text, lines=True).translate(_INERT)


def menu_text(text: str) -> str:
    """``text`` as a menu or button title: '&' doubled, so "Bob & Co" does not turn the
    space into a keyboard shortcut and lose the ampersand; its control characters shown
    (the tray's menu goes over D-Bus, which carries no NUL)."""
    return visible(text).replace("&", "&&")


def mailto(address: str) -> QUrl | None:
    """A ``mailto:`` link to exactly this address, or None if it is not an address."""
    from PySide6.QtCore import QUrl

    from relmanager.store.validation import is_email

    cleaned = address.strip().lower()
    if not is_email(cleaned):
        return None
    url = QUrl()
    url.setScheme("mailto")
    url.setPath(cleaned)
    return url


def tel(number: str) -> QUrl | None:
    """A ``tel:`` link of the digits (and a leading '+') of ``number``, or None."""
    from PySide6.QtCore import QUrl

    digits = "".join(ch for ch in number if ch.isascii() and ch.isdigit())
    if not digits:
        return None
    url = QUrl()
    url.setScheme("tel")
    url.setPath(("+" if number.strip().startswith("+") else "") + digits)
    return url
