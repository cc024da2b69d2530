"""Two databases syncing the same server as the same user (issue 18, item 11): turning
sync off in one never deletes the keyring password the other relies on."""

from __future__ import annotations

from relmanager import secrets
from relmanager.sync import account
from relmanager.sync.engine import sync
from tests.sync.conftest import PASSWORD


def test_sync_off_in_one_database_keeps_the_others_password(devices, clock):
    with devices.a:
        account.remove()
        assert account.load() is None
    with devices.b:
        stored = account.load()
        assert stored is not None
        assert stored.password() == PASSWORD
        sync(clock)  # still works
    with devices.b:
        mine = account.load().keyring_account
        account.remove()
        assert secrets.get_secret(account.SECRET, mine) is None  # its own entry went


def test_a_password_stored_under_the_shared_name_is_adopted_and_kept(devices, clock):
    """Databases set up by an older version share one entry: each copies it to its own
    entry on first use, and sync off in one leaves the shared one for the other."""
    for name in ("a", "b"):
        with devices.open(name):
            stored = account.load()
            secrets.delete_secret(account.SECRET, stored.keyring_account)
            stored.secret_id = ""
            account.save(stored)
            secrets.set_secret(account.SECRET, stored.keyring_account, PASSWORD)
    with devices.a:
        sync(clock)
        assert account.load().secret_id  # adopted
        account.remove()
    with devices.b:
        assert account.load().password() == PASSWORD
        sync(clock)
