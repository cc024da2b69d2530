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
    assert secrets.UNAVAILABLE in page.state.text()
    assert ctx.on_exit.encryption is None
