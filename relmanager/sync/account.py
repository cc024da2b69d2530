"""The sync account: server, user, the collections found there, and how far sync got.

All of it lives in the database's settings (so the command line and the GUI share it),
except the password, which lives only in the OS keyring.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from relmanager.store import settings

if TYPE_CHECKING:
    from relmanager.sync.dav import DavClient

# keyring, the HTTP client and the sync tables' code are imported where used: the sync
# service reads the account right after start-up, when every millisecond shows.

SETTING = "sync.account"
SECRET = "sync"
DEFAULT_INTERVAL_MIN = 15


@dataclass
class SyncAccount:
    url: str
    user: str
    addressbook: str = ""
    calendar: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    last_sync: str | None = None  # ISO time of the last complete sync
    interval_min: int = DEFAULT_INTERVAL_MIN

    @property
    def keyring_account(self) -> str:
        return f"{self.user}@{self.url}"

    def password(self) -> str | None:
        from relmanager.services import secrets

        return secrets.get_secret(SECRET, self.keyring_account)

    def client(self) -> DavClient:
        from relmanager.services import secrets
        from relmanager.sync.dav import DavClient

        password = self.password()
        if password is None:
            raise secrets.SecretsUnavailable(
                "The sync password is not in the system keyring (or the keyring is "
                "locked); enter it again in Settings > Sync. Nothing was changed.")
        return DavClient(self.url, self.user, password)

    @property
    def last_sync_at(self) -> datetime | None:
        return datetime.fromisoformat(self.last_sync) if self.last_sync else None


def load() -> SyncAccount | None:
    value = settings.get_value(SETTING)
    return SyncAccount(**value) if value else None


def save(account: SyncAccount) -> None:
    settings.set_value(SETTING, asdict(account))


def set_up(url: str, user: str, password: str) -> SyncAccount:
    """Check the account on the server (discovery, creating the collections when there
    are none), then store the password in the keyring and the rest in settings. Nothing is
    stored when the server refuses or no keyring is available."""
    from relmanager.services import secrets
    from relmanager.store import sync_state
    from relmanager.sync.dav import DavClient

    if not secrets.keyring_available():
        raise secrets.SecretsUnavailable()
    client = DavClient(url, user, password)
    try:
        found = client.discover(create=True)
    finally:
        client.close()
    previous = load()
    account = SyncAccount(url=url.strip(), user=user, addressbook=found.addressbook,
                          calendar=found.calendar)
    if previous and (previous.url, previous.user, previous.addressbook, previous.calendar) \
            == (account.url, account.user, account.addressbook, account.calendar):
        account.tokens, account.last_sync = previous.tokens, previous.last_sync
        account.interval_min = previous.interval_min
    elif previous:
        sync_state.disable_tracking()  # another server: pair everything afresh
    secrets.set_secret(SECRET, account.keyring_account, password)
    save(account)
    sync_state.enable_tracking()
    return account


def test_connection(url: str, user: str, password: str) -> str:
    """A one-line result for the Test connection button; raises DavError when it fails."""
    from relmanager.sync.dav import DavClient

    client = DavClient(url, user, password)
    try:
        found = client.discover(create=False)
    finally:
        client.close()
    made = "will be created on the first sync"
    return (f"Connected as {user}. Address book: {found.addressbook or made}; "
            f"calendar for journal and tasks: {found.calendar or made}.")


def remove() -> None:
    from relmanager.services import secrets
    from relmanager.store import sync_state

    account = load()
    if account is not None:
        secrets.delete_secret(SECRET, account.keyring_account)
    settings.set_value(SETTING, None)
    sync_state.disable_tracking()
