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
NOTICE = "sync.notice"  # the same key as relmanager.store.sync_scrub.SYNC_NOTICE
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
    #: This database's own name for its keyring entry: two databases syncing the same
    #: server and user each keep (and on ``sync --off`` delete) only their own.
    secret_id: str = ""
    #: A certificate (PEM) the user chose to trust as the server's CA (a self-signed
    #: server), or the SHA-256 fingerprint of the one certificate they pinned.
    ca_pem: str = ""
    pin_sha256: str = ""

    @property
    def legacy_keyring_account(self) -> str:
        """Where versions before per-database entries kept the password."""
        return f"{self.user}@{self.url}"

    @property
    def keyring_account(self) -> str:
        if not self.secret_id:
            return self.legacy_keyring_account
        return f"{self.user}@{self.url}#{self.secret_id}"

    def password(self) -> str | None:
        """This database's password; one stored by an older version under the shared
        name is copied to this database's own entry (and left for the others)."""
        from relmanager import secrets

        found = secrets.get_secret(SECRET, self.keyring_account)
        if found is None and self.secret_id:
            found = secrets.get_secret(SECRET, self.legacy_keyring_account)
            if found is not None:
                secrets.set_secret(SECRET, self.keyring_account, found)
        elif found is not None and not self.secret_id:
            self.secret_id = _new_secret_id()
            secrets.set_secret(SECRET, self.keyring_account, found)
            stored = load()
            if stored is not None and (stored.url, stored.user) == (self.url, self.user):
                stored.secret_id = self.secret_id
                save(stored)
        return found

    def client(self) -> DavClient:
        from relmanager import secrets
        from relmanager.sync.dav import DavClient

        password = self.password()
        if password is None:
            raise secrets.SecretsUnavailable(
                "The sync password is not in the system keyring (or the keyring is "
                "locked); enter it again in Settings > Sync. Nothing was changed.")
        return DavClient(self.url, self.user, password, ca_pem=self.ca_pem or None,
                         pin_sha256=self.pin_sha256 or None)

    @property
    def last_sync_at(self) -> datetime | None:
        return datetime.fromisoformat(self.last_sync) if self.last_sync else None


def load() -> SyncAccount | None:
    value = settings.get_value(SETTING)
    return SyncAccount(**value) if value else None


def save(account: SyncAccount) -> None:
    settings.set_value(SETTING, asdict(account))


def _new_secret_id() -> str:
    import uuid

    return uuid.uuid4().hex


def set_up(url: str, user: str, password: str, *, ca_pem: str | None = None,
           pin_sha256: str | None = None) -> SyncAccount:
    """Check the account on the server (discovery, creating the collections when there
    are none), then store the password in the keyring and the rest in settings. Nothing is
    stored when the server refuses, the address is unsafe (a password inside it, http://
    to another machine), or no keyring is available."""
    from relmanager import secrets
    from relmanager.store import sync_state
    from relmanager.sync.dav import DavClient

    client = DavClient(url, user, password, ca_pem=ca_pem, pin_sha256=pin_sha256)
    if not secrets.keyring_available():
        raise secrets.SecretsUnavailable()
    try:
        found = client.discover(create=True)
    finally:
        client.close()
    previous = load()
    account = SyncAccount(url=client.base, user=user, addressbook=found.addressbook,
                          calendar=found.calendar, ca_pem=client.ca_pem or "",
                          pin_sha256=client.pin_sha256 or "")
    if previous and (previous.url, previous.user, previous.addressbook, previous.calendar) \
            == (account.url, account.user, account.addressbook, account.calendar):
        account.tokens, account.last_sync = previous.tokens, previous.last_sync
        account.interval_min = previous.interval_min
    elif previous:
        sync_state.disable_tracking()  # another server: pair everything afresh
    account.secret_id = previous.secret_id if previous and previous.secret_id and (
        previous.url, previous.user) == (account.url, account.user) else _new_secret_id()
    if previous and previous.secret_id and \
            previous.keyring_account != account.keyring_account:
        secrets.delete_secret(SECRET, previous.keyring_account)  # this database's own
    secrets.set_secret(SECRET, account.keyring_account, password)
    save(account)
    settings.set_value(NOTICE, None)
    sync_state.enable_tracking()
    return account


def test_connection(url: str, user: str, password: str, *, ca_pem: str | None = None,
                    pin_sha256: str | None = None) -> str:
    """A one-line result for the Test connection button; raises DavError when it fails."""
    from relmanager.sync.dav import DavClient

    client = DavClient(url, user, password, ca_pem=ca_pem, pin_sha256=pin_sha256)
    try:
        found = client.discover(create=False)
    finally:
        client.close()
    made = "will be created on the first sync"
    return (f"Connected as {user}. Address book: {found.addressbook or made}; "
            f"calendar for journal and tasks: {found.calendar or made}.")


def remove() -> None:
    """Sync off for this database: :func:`stop_syncing`, then :func:`forget_password`."""
    forget_password(stop_syncing())


def stop_syncing() -> SyncAccount | None:
    """The database's part of turning sync off, in one transaction (the caller's, such
    as the window's writer, when there is one): the account and every pairing go.
    Returns the account, whose password the caller forgets next with
    :func:`forget_password`, after the commit: the database first, so a failure in
    between leaves a stray keyring entry, never a stored account without its password."""
    from relmanager.store import sync_state
    from relmanager.store.models import database

    with database.atomic():
        account = load()
        settings.set_value(SETTING, None)
        sync_state.disable_tracking()
    return account


def forget_password(account: SyncAccount | None) -> None:
    """This database's own keyring entry goes; an entry another database (same server
    and user) uses stays. A password an older version stored under the shared name
    stays too, since other databases may still read it. Keyring errors propagate."""
    from relmanager import secrets

    if account is not None and account.secret_id:
        secrets.delete_secret(SECRET, account.keyring_account)


def take_notice() -> str | None:
    """A message about sync left for the user (a password removed from the stored
    address), cleared once it was shown."""
    notice = settings.get_value(NOTICE)
    if notice:
        settings.set_value(NOTICE, None)
    return notice or None


def pending_notice() -> str | None:
    return settings.get_value(NOTICE) or None
