"""What a DAV server's refusal means, as the messages the user reads: the errors the
transport raises, and the reasons it gives for a refused change (the precondition a 4xx
answer names). Apart from ``transport`` so the sync's modules and the UI can name the
errors without the HTTP machinery."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET


class DavError(Exception):
    """The server could not be reached or refused; the message is for the user."""


class DavAuthError(DavError):
    """401 (or a bare 403 on the account itself): the user name or password is wrong."""


class DavPreconditionError(DavError):
    """412: the resource changed on the server since it was read."""


class DavLockedError(DavError):
    """423: the server holds a lock (Xandikos after a crash, a busy backend); retry later."""


class DavCertificateError(DavError):
    """The server's TLS certificate is not trusted. ``fingerprint`` (SHA-256, colon
    separated) and ``pem`` are the certificate the server showed, for the user to check
    and pin, or None when it could not be read."""

    def __init__(self, message: str, fingerprint: str | None = None,
                 pem: str | None = None) -> None:
        super().__init__(message)
        self.fingerprint = fingerprint
        self.pem = pem


class DavRefusedError(DavError):
    """The server refused one entry (400, 403 with a reason, 409, 413, 415...): not a
    password problem, and the rest of the sync can go on. ``condition`` is the WebDAV
    precondition the server named (``valid-address-data``, ``max-resource-size``,
    ``no-uid-conflict``), or its short text."""

    def __init__(self, message: str, status: int, condition: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.condition = condition

    def about(self, name: str) -> str:
        """The refusal told about an entry by its name (a contact's, not its URL)."""
        return f"the server refused '{name}': {self.reason()}"

    def reason(self) -> str:
        return refusal_reason(self.status, self.condition)


REASONS = {
    "valid-address-data": "the server does not accept this card's data",
    "valid-calendar-data": "the server does not accept this entry's data",
    "max-resource-size": "it is larger than the server accepts",
    "no-uid-conflict": "another entry on the server has the same UID",
    "supported-address-data": "the server does not accept this vCard version",
    "supported-calendar-data": "the server does not accept this calendar data",
}


def refusal_reason(status: int, condition: str) -> str:
    if condition in REASONS:
        return f"{REASONS[condition]} (HTTP {status}, {condition})"
    if status == 413:
        return f"it is larger than the server accepts (HTTP 413){_said(condition)}"
    if status == 423:
        return f"it is locked on the server; try again later (HTTP 423){_said(condition)}"
    return f"HTTP {status}{_said(condition)}"


def _said(condition: str) -> str:
    return f": {condition}" if condition else ""


def precondition(body: bytes) -> str:
    """The precondition a 4xx answer names (the first child of ``DAV:error``), or the
    first line of a plain-text answer (Xandikos: "name contains a path separator")."""
    text = body.strip()
    if not text:
        return ""
    if text.startswith(b"<"):
        try:
            tree = ET.fromstring(text)
        except ET.ParseError:
            return ""
        for child in tree:
            return child.tag.rsplit("}", 1)[-1]
        return ""
    line = text.decode("utf-8", "replace").splitlines()[0]
    return re.sub(r"\s+", " ", line)[:160]
