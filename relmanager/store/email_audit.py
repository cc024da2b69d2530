"""E-mail addresses stored before addresses were validated strictly, found and reported.

Older versions accepted ``x@y.org?attach=~/.ssh/id_rsa`` and ``a&b=c@d.org``: harmless
as text, dangerous in a ``mailto:`` link. They are not changed behind the user's back
(an address is the user's data, and a guess at the "real" one could be wrong): they are
listed by ``relmanager check``, written to the log and shown once in the app, and the app
never builds a link from them (see ``relmanager.ui.shared.plain``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from relmanager.store import settings
from relmanager.store.models import Contact, ContactEmail
from relmanager.store.validation import is_email

__all__ = ["BadAddress", "bad_addresses", "report_once"]

log = logging.getLogger(__name__)
_REPORTED = "bad_email_addresses_reported"


@dataclass(frozen=True)
class BadAddress:
    contact_id: int
    name: str
    email: str

    def __str__(self) -> str:
        shown = self.email.encode("unicode_escape").decode("ascii")
        return f"{self.name} (contact {self.contact_id}): '{shown}'"


def bad_addresses() -> list[BadAddress]:
    """Every stored address that is not an address by today's rules, by contact."""
    rows = (ContactEmail.select(ContactEmail.contact, Contact.display_name, ContactEmail.email)
            .join(Contact).order_by(ContactEmail.contact, ContactEmail.position).tuples())
    return [BadAddress(cid, name, email) for cid, name, email in rows if not is_email(email)]


def report_once() -> list[BadAddress]:
    """The bad addresses, logged, the first time this database is looked at; then [].

    The mark is kept in the database's settings, so the user is told once per database,
    not at every start. A database that cannot be written (full disk, read-only) is told
    again next time rather than not at all."""
    if settings.get_value(_REPORTED, False):
        return []
    found = bad_addresses()
    for bad in found:
        log.warning("stored e-mail address is not an address (not used for links): %s", bad)
    try:
        settings.set_value(_REPORTED, True)
    except Exception:  # reading must not depend on writing
        log.info("could not record that bad addresses were reported", exc_info=True)
    return found
