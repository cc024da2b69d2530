"""A password typed inside the sync address, taken out of the settings on every open.

Older versions stored ``https://user:pw@host/`` as typed; the secret belongs in the
system keyring only. Split out of ``migrations``: it is not a schema step (it runs on
every open, whatever the version) and has nothing to do with the schema.
"""

from __future__ import annotations

import json
import logging

import peewee as pw

log = logging.getLogger(__name__)

#: Settings key of a message for the user about sync, shown once by the CLI and the GUI.
SYNC_NOTICE = "sync.notice"
CREDENTIALS_REMOVED = (
    "A password was stored inside the sync server address (user:password@); it was "
    "removed from this database. Backups made before now still hold it: change that "
    "password on the server, then enter the new one in Settings > Sync (it goes to the "
    "system keyring).")


def scrub_sync_credentials(db: pw.Database) -> bool:
    """Take a user name and password typed inside the sync address
    (``https://user:pw@host/``, stored by older versions) out of the settings, with
    SQLite's secure_delete so the old row's bytes are overwritten, and leave a notice for
    the user. Runs on every open (one indexed read); True when it removed something."""
    from urllib.parse import urlsplit, urlunsplit

    row = db.execute_sql("SELECT value FROM setting WHERE key = 'sync.account'").fetchone() \
        if "setting" in db.get_tables() else None
    if not row:
        return False
    try:
        value = json.loads(row[0])
        parts = urlsplit(value["url"])
    except (ValueError, TypeError, KeyError):
        return False
    if parts.username is None and parts.password is None:
        return False
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    value["url"] = urlunsplit(parts._replace(netloc=netloc))
    previous = db.execute_sql("PRAGMA secure_delete").fetchone()[0]
    db.execute_sql("PRAGMA secure_delete = ON")
    try:
        with db.atomic():
            db.execute_sql("UPDATE setting SET value = ? WHERE key = 'sync.account'",
                           (json.dumps(value),))
            db.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                           (SYNC_NOTICE, json.dumps(CREDENTIALS_REMOVED)))
    finally:
        db.execute_sql(f"PRAGMA secure_delete = {int(previous)}")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    log.warning("removed a password stored inside the sync server address")
    return True
