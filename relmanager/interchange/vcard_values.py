"""Decoding of vCard property values once vobject has split a line into name/params/value.

vobject's own value layer is bypassed on purpose (see ``vcard_in``): its text decoding
keeps only the part of a NOTE before the first unescaped comma ("Hello, world" becomes
"Hello"), which vCard 2.1 exporters write all the time, and its object model costs more
than the 5,000 cards per second the import must reach. These helpers decode exactly what
the importer needs: text escapes, structured fields, labels, birthdays and photos.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import quopri
import re
from urllib.parse import unquote_to_bytes

_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPED = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":", '"': '"'}
_B64_JUNK = re.compile(r"[^A-Za-z0-9+/]")
_FULL_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")

#: TYPE values that say nothing a user would call a label.
_NOISE_TYPES = frozenset({"internet", "pref", "voice", "x400", "x-internet", "uri", "text"})
#: TYPE values (and Apple labels) mapped to the label the app shows.
_KNOWN_LABELS = {
    "cell": "mobile",
    "mobile": "mobile",
    "x-mobile": "mobile",
    "iphone": "mobile",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "homefax": "home fax",
    "workfax": "work fax",
    "otherfax": "other fax",
    "pager": "pager",
    "other": "other",
    "main": "main",
    "video": "video",
    "textphone": "textphone",
    "msg": "message",
    "bbs": "bbs",
    "modem": "modem",
    "car": "car",
    "isdn": "isdn",
    "pcs": "pcs",
    "homepage": "homepage",
    "school": "school",
}


def unescape(value: str) -> str:
    """Undo vCard text escaping (backslash-n, -comma, -semicolon, -backslash, Apple's '\\:').

    Unknown escapes keep their backslash so Windows paths in 2.1 notes survive.
    """
    if "\\" not in value:
        return value
    return _ESCAPE_RE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(0)), value)


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on unescaped ``sep`` and unescape each part (N, ORG, CATEGORIES values)."""
    if "\\" not in value:
        return value.split(sep)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            current.append(ch + nxt)
        elif ch == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
    parts.append(unescape("".join(current)))
    return parts


def decode_quoted_printable(value: str, charset: str | None) -> str:
    """Decode a 2.1 QUOTED-PRINTABLE value in its CHARSET, falling back sensibly.

    Unknown charsets and undecodable bytes fall back to UTF-8, then Windows-1252, so a
    wrong CHARSET label never loses the card.
    """
    raw = quopri.decodestring(value.encode("utf-8", errors="replace"))
    names = [charset] if charset else []
    names += ["utf-8", "cp1252"]
    for name in names:
        try:
            codecs.lookup(name)
            return raw.decode(name).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1").replace("\r\n", "\n")


def label_from(types: list[str], apple_label: str | None) -> str:
    """The user-facing label of an EMAIL/TEL/URL from TYPE values or an Apple X-ABLabel."""
    return _label(tuple(types), apple_label)


@functools.lru_cache(maxsize=1024)
def _label(types: tuple[str, ...], apple_label: str | None) -> str:
    """label_from, remembered: a file uses a handful of TYPE sets and labels for
    thousands of addresses and numbers."""
    if apple_label:
        match = _APPLE_LABEL.match(apple_label.strip())
        text = match.group(1) if match else apple_label.strip()
        return _KNOWN_LABELS.get(text.casefold(), text)
    seen: list[str] = []
    for raw in types:
        for part in raw.split(","):
            key = part.strip().strip('"').casefold()
            if not key or key in _NOISE_TYPES:
                continue
            label = _KNOWN_LABELS.get(key, key[2:] if key.startswith("x-") else key)
            if label and label not in seen:
                seen.append(label)
    return " ".join(seen)


def parse_birthday(value: str, omit_year: str | None = None) -> str | None:
    """Return 'YYYY-MM-DD' or '--MM-DD' from BDAY forms seen in the wild, or None.

    Handles 1985-03-12, 19850312, --0312, --03-12, a trailing time (Apple, Google), and
    Apple's X-APPLE-OMIT-YEAR parameter (a placeholder year such as 1604).
    """
    text = value.strip()
    if "T" in text[8:]:
        text = text[: text.index("T", 8)]
    year: int | None = None
    full = _FULL_DATE.match(text)
    if full:
        year, month, day = map(int, full.groups())
        if omit_year and omit_year.strip() == full.group(1):
            year = None
    else:
        short = _NO_YEAR.match(text)
        if not short:
            return None
        month, day = map(int, short.groups())
    if not _valid_day(year, month, day):
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if year is not None and year < 1:
        return False
    if not 1 <= month <= 12:
        return False
    days = (31, 29 if year is None or _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= day <= days[month - 1]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def decode_base64(payload: str) -> bytes:
    """Decode base64 that may carry folding whitespace or lost padding; ValueError if junk."""
    clean = _B64_JUNK.sub("", payload)
    if not clean or len(clean) % 4 == 1:
        raise ValueError("not base64 data")
    try:
        return base64.b64decode(clean + "=" * (-len(clean) % 4))
    except binascii.Error as exc:
        raise ValueError(f"not base64 data ({exc})") from None


def decode_data_uri(uri: str) -> bytes:
    """Decode a vCard 4.0 ``data:`` URI (base64 or percent-encoded) to bytes."""
    comma = uri.find(",")
    if comma < 0:
        raise ValueError("data URI without a comma")
    if uri[:comma].lower().endswith(";base64"):
        return decode_base64(uri[comma + 1:])
    return unquote_chunked(uri, comma + 1)


_UNQUOTE_CHUNK = 64 * 1024


def unquote_chunked(text: str, start: int = 0) -> bytes:
    """Percent-decode ``text[start:]`` a slice at a time.

    ``urllib.parse.unquote_to_bytes`` splits its whole input at every '%': for a 30 MB
    percent-encoded photo that is ten million small bytes objects, 2.5 GB at the peak.
    Slices of 64 kB (never cutting a %XX in two) keep the overhead to one slice.
    """
    out = bytearray()
    end = len(text)
    while start < end:
        stop = min(start + _UNQUOTE_CHUNK, end)
        cut = text.rfind("%", max(start, stop - 2), stop)
        if cut >= 0 and stop < end:
            stop = cut  # a %XX that would straddle the slice boundary goes to the next one
        out += unquote_to_bytes(text[start:stop])
        start = stop
    return bytes(out)


def image_media_type(data: bytes) -> str:
    """Media type of an image from its magic bytes, for writing data: URIs."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def strip_uuid_urn(value: str) -> str:
    """'urn:uuid:X' -> 'X', so UIDs written as URNs match the bare UUIDs the store keeps."""
    text = value.strip()
    if text[:9].lower() == "urn:uuid:":
        return text[9:]
    return text
