"""Checks on values a person typed, shared by forms, the command line and importers."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from relmanager.domain.limits import (
    MAX_EMAIL,
    MAX_EMAIL_LOCAL,
    MAX_EMAILS,
    MAX_LINKS,
    MAX_NAME,
    MAX_PHONES,
    MAX_TAG,
    MAX_TAGS,
    MAX_TEXT,
)
from relmanager.domain.occasions import parse_month_day
from relmanager.store.errors import ValidationError

__all__ = ["EMAIL_RE", "MAX_NAME", "MAX_TEXT", "check_count", "is_email"]

#: How many of each a contact may have (relmanager/domain/limits.py): the same numbers an
#: import keeps, so what the form refuses cannot arrive through a file either.
COUNT_LIMITS = {"e-mail addresses": MAX_EMAILS, "phone numbers": MAX_PHONES,
                "links": MAX_LINKS, "tags": MAX_TAGS}

# Permissive about what people really have (plus signs, dots, hyphens, non-ASCII), strict
# about what can change the meaning of a link built from the address: '?', '&', '=' and
# '%' would turn ``mailto:x@y.org?attach=~/.ssh/id_rsa`` into a parameter for the mail
# program; spaces, control characters, quotes, brackets, slashes and a second @ are never
# in an address anyone types. One @, a dot in the domain, and RFC 5321's lengths.
_BAD = r"@\s\x00-\x1f\x7f<>()\[\],;:\"'?&=%\\/`|{}^"
EMAIL_RE = re.compile(rf"^[^{_BAD}]{{1,{MAX_EMAIL_LOCAL}}}@"
                      rf"(?=[^{_BAD}]{{1,253}}\Z)[^{_BAD}.]+(?:\.[^{_BAD}.]+)*\.[^{_BAD}.]{{2,}}\Z")
SPHERES = ("personal", "business", "both")


def is_email(address: str) -> bool:
    """Whether ``address`` (trimmed, lower-cased by the caller) is an address the app keeps."""
    return len(address) <= MAX_EMAIL and EMAIL_RE.match(address) is not None


def clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValidationError("a contact needs a name")
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"a name is at most {MAX_NAME} characters")
    if any(ord(ch) < 32 for ch in cleaned):
        raise ValidationError("a name cannot contain control characters")
    return cleaned


def clean_birthday(text: str | None) -> str | None:
    """A birthday as stored (``YYYY-MM-DD`` or ``--MM-DD``), or None when empty. The rule is
    :func:`relmanager.domain.occasions.parse_month_day`, so what the form accepts is what
    Today reads and what a save re-checks."""
    value = (text or "").strip()
    if not value:
        return None
    if parse_month_day(value) is None:
        raise ValidationError(f"{value!r} is not a birthday: use YYYY-MM-DD, or --MM-DD "
                              "when you do not know the year")
    return value


def clean_email(email: str) -> str:
    cleaned = (email or "").strip().lower()
    if not is_email(cleaned):
        raise ValidationError(f"{email!r} is not an email address (expected name@example.org)")
    return cleaned


def check_count(count: int, what: str) -> None:
    """Refuse a contact with more e-mail addresses, phone numbers, links or tags than the
    app keeps (``what`` is a key of :data:`COUNT_LIMITS`)."""
    limit = COUNT_LIMITS[what]
    if count > limit:
        raise ValidationError(f"a contact has at most {limit} {what} ({count} given)")


def clean_tag(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if len(cleaned) > MAX_TAG:
        raise ValidationError(f"a tag is at most {MAX_TAG} characters")
    return cleaned


def clean_sphere(sphere: str) -> str:
    cleaned = (sphere or "").strip().lower()
    if cleaned not in SPHERES:
        raise ValidationError(f"sphere must be one of {', '.join(SPHERES)}, not {sphere!r}")
    return cleaned


def clean_text(text: str | None, field: str = "text") -> str:
    cleaned = (text or "").replace("\x00", "")
    if len(cleaned) > MAX_TEXT:
        raise ValidationError(f"{field} is at most {MAX_TEXT:,} characters")
    return cleaned


def clean_cadence(days: int | None) -> int | None:
    if days is None:
        return None
    if not 1 <= int(days) <= 3650:
        raise ValidationError("a cadence is between 1 and 3650 days")
    return int(days)


def clean_minutes(minutes: int) -> int:
    if not 0 <= int(minutes) <= 24 * 60:
        raise ValidationError("minutes spent must be between 0 and 1440")
    return int(minutes)


def parse_when(text: str, now: datetime) -> datetime:
    """Dates as people type them on the command line: ISO date or date-time,
    'today', 'yesterday', or 'N days ago'."""
    value = text.strip().lower()
    if value in ("now", ""):
        return now
    if value == "today":
        return now
    match = re.fullmatch(r"(\d+)\s*days?\s+ago", value)
    if value == "yesterday" or match:
        days = int(match.group(1)) if match else 1
        return datetime.combine(now.date() - timedelta(days=days), time(12))
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a date; use YYYY-MM-DD, YYYY-MM-DD HH:MM, 'yesterday' "
            "or 'N days ago'"
        ) from None
    if len(text.strip()) == 10:  # a plain date: the middle of that day
        parsed = parsed.replace(hour=12)
    if parsed > now:
        raise ValidationError(f"{text!r} is in the future; interactions are logged afterwards")
    return parsed


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None
