"""Settings > Privacy: what the page says, and that its button asks for the conversion
at restart (the conversion itself is tested in tests/reliability/test_encryption.py)."""

from __future__ import annotations

import keyring
import keyring.backends.fail

from relmanager import secrets
from relmanager.ui.settings.encryption_page import EncryptionPage


def test_page_offers_encryption_and_asks_for_it_at_restart(ctx, qtbot):
    page = EncryptionPage(ctx)
    qtbot.addWidget(page)
    assert page.state.text() == "The database is not encrypted."
    assert page.button.isEnabled()
    assert page.button.text() == "Encrypt the database and restart…"
    assert page.request(confirm=False)
    assert ctx.on_exit.encryption == "on"


def test_without_a_keyring_the_page_says_why_and_offers_nothing(ctx, qtbot, monkeypatch):
    monkeypatch.setattr(keyring, "get_keyring", keyring.backends.fail.Keyring)
    page = EncryptionPage(ctx)
    qtbot.addWidget(page)
    assert not page.button.isEnabled()
    assert secrets.KEY_UNAVAILABLE in page.state.text()


def test_the_privacy_page_says_key_never_password(ctx, qtbot, monkeypatch):
    """One word for the secret (issue 22): the page, the README and `relmanager encrypt`
    say "key"; the no-keyring line said "password" on this page."""
    from PySide6.QtWidgets import QLabel, QPushButton

    for backend in (None, keyring.backends.fail.Keyring):
        if backend is not None:
            monkeypatch.setattr(keyring, "get_keyring", backend)
        page = EncryptionPage(ctx)
        qtbot.addWidget(page)
        shown = [*page.findChildren(QLabel), *page.findChildren(QPushButton)]
        words = " ".join(w.text() for w in shown).lower()
        assert "key" in words and "password" not in words, words
    assert ctx.on_exit.encryption is None
