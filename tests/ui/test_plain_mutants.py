"""ui.shared.plain value by value (for mutmut, which sees only what runs in its process;
tests/hostile and tests/ui see these through the window, the tray and notifications):
a tooltip of contact text is shown by Qt exactly as typed, pieces on lines of their own,
each cut and under the display rule; a notification's text has no markup character and
no control but its lines; a menu title's '&' is an ampersand; a mail link names exactly
the address and a phone link only the digits."""

from __future__ import annotations

from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument

from relmanager.ui.shared.plain import TIP_CHARS, contact_tip, inert, mailto, menu_text, tel, tip

RLO = "\u202e"


def _shown(tooltip: str) -> str:
    """What Qt shows of a tooltip: rich text when it guesses so, else the text as it is."""
    if not GuiQt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_a_tooltip_with_markup_is_shown_as_typed_lines_and_spaces_kept(qapp):
    name = """<img src="file:///etc/passwd"><b>O'Brien</b> &amp;"""
    assert GuiQt.mightBeRichText(tip(name))
    assert _shown(tip(name)) == name
    two = "Ann <ann@example.org>\nnotes:   three spaces"
    assert _shown(tip(two)) == two  # white space as typed, the newline a line


def test_a_tooltip_without_a_tag_is_the_text_itself():
    assert tip("Bob & Co") == "Bob & Co"
    assert tip("a > b") == "a > b"
    assert tip("") == ""


def test_a_contact_tooltip_puts_each_piece_on_its_own_line(qapp):
    assert contact_tip("Ann Lee", None, "", "Acme") == "Ann Lee\nAcme"
    assert contact_tip() == ""
    assert contact_tip(f"Ann{RLO}\x1b", "line one\nline two") == (
        "Ann\ufffd\nline one\nline two")  # the display rule, its own lines kept
    assert _shown(contact_tip("<b>Ann</b>", "Acme & Co")) == "<b>Ann</b>\nAcme & Co"


def test_a_contact_tooltip_cuts_each_piece_at_the_tooltip_limit():
    long = "A" * (TIP_CHARS * 100)
    first, second = contact_tip(long, "B" * TIP_CHARS).split("\n")
    assert first == "A" * (TIP_CHARS - 1) + "\u2026"
    assert second == "B" * TIP_CHARS


def test_a_notification_text_has_no_markup_character_and_only_its_lines():
    assert inert("Ann <b>&</b>\nsecond\tline\x00") == (
        "Ann \u2039b\u203a\uff06\u2039/b\u203a\nsecond\tline\ufffd")
    assert inert(f"{RLO}evil") == "evil"


def test_a_menu_title_shows_its_ampersand_and_no_control():
    assert menu_text("Bob & Co") == "Bob && Co"
    assert menu_text("Ann\nLee\x00") == "Ann\ufffdLee\ufffd"


def test_a_mail_link_names_exactly_the_address_trimmed_and_lower_cased():
    url = mailto("  Ada@Example.ORG ")
    assert url is not None
    assert url.toString() == "mailto:ada@example.org"
    assert url.scheme() == "mailto" and url.query() == ""
    assert mailto("ada@example.org?bcc=eve@example.org") is None
    assert mailto("not an address") is None


def test_a_phone_link_has_the_ascii_digits_and_a_leading_plus_only():
    url = tel("  +47 (22) 33-44 55 ext")
    assert url is not None
    assert url.toString() == "tel:+4722334455"
    assert url.scheme() == "tel"
    assert tel("22 33+44").toString() == "tel:223344"
    assert tel("\u0664\u0665 ext") is None  # Arabic-Indic digits: not ASCII
    assert tel("call me") is None
    assert tel("") is None
