"""Hostile input files, generated: the worst cases each reader is held to.

Shared by the tests (tests/hostile) and ``scripts/fuzz``. Every generator writes one file
and returns nothing; sizes are parameters so the fuzz run can go bigger.
"""

from __future__ import annotations

import base64
import os
import random
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote_from_bytes

MB = 1024 * 1024
HTML = '<img src="file:///etc/passwd"><b>X</b><font color=red>Y</font>'


def _card(*lines: str) -> str:
    return "\r\n".join(("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD")) + "\r\n"


def _fold(line: str, width: int = 75) -> str:
    return "\r\n ".join(line[i:i + width] for i in range(0, len(line), width))


def many(kind: str, count: int = 100_000) -> Callable[[Path], None]:
    """One card with ``count`` categories, e-mail addresses, phone numbers or RELATED."""
    def write(path: Path) -> None:
        lines = ["FN:Many Things", "N:Things;Many;;;"]
        if kind == "categories":
            lines.append("CATEGORIES:" + ",".join(f"tag{i}" for i in range(count)))
        elif kind == "emails":
            lines += [f"EMAIL;TYPE=work:user{i}@example.org" for i in range(count)]
        elif kind == "phones":
            lines += [f"TEL;TYPE=cell:+1 555 {i:07d}" for i in range(count)]
        elif kind == "related":
            lines += [f"RELATED:urn:uuid:{i:08d}-0000-0000-0000-000000000000"
                      for i in range(count)]
        elif kind == "notes":
            lines += [f"NOTE:line {i}" for i in range(count)]
        path.write_text(_card(*lines), encoding="utf-8", newline="")
    return write


def percent_photo(size: int = 10 * MB) -> Callable[[Path], None]:
    """A vCard 4.0 data: URI photo, percent-encoded (about three characters a byte)."""
    def write(path: Path) -> None:
        payload = quote_from_bytes(random.Random(1).randbytes(size), safe="")
        path.write_text(_card("FN:Percent Photo", f"PHOTO:data:image/jpeg,{payload}"),
                        encoding="ascii", newline="")
    return write


def base64_photo(size: int = 22 * MB, folded: bool = True) -> Callable[[Path], None]:
    """A base64 PHOTO (folded at 75 columns like a real export, or on one line)."""
    def write(path: Path) -> None:
        payload = base64.b64encode(os.urandom(size)).decode("ascii")
        line = f"PHOTO;ENCODING=b;TYPE=JPEG:{payload}"
        path.write_text(_card("FN:Base64 Photo", _fold(line) if folded else line),
                        encoding="ascii", newline="")
    return write


def giant(name: str, size: int, folded: bool = False) -> Callable[[Path], None]:
    """One card with a single giant property (FN, NOTE, ORG, TITLE...)."""
    def write(path: Path) -> None:
        line = f"{name}:" + ("Ab, c\\n" * (size // 7 + 1))[:size]
        lines = [line if not folded else _fold(line)]
        if name != "FN":
            lines.insert(0, "FN:Giant Field")
        path.write_text(_card(*lines), encoding="ascii", newline="")
    return write


def junk_lines(count: int = 1_000_000) -> Callable[[Path], None]:
    """A card of a million lines that are no content line (each one a problem)."""
    def write(path: Path) -> None:
        path.write_text(_card("FN:Junk", *(f"no colon here {i}" for i in range(count))),
                        encoding="ascii", newline="")
    return write


def many_cards(count: int = 100_000) -> Callable[[Path], None]:
    """Many small cards: a big but honest address book."""
    def write(path: Path) -> None:
        path.write_text("".join(_card(f"FN:Person {i}", f"EMAIL:p{i}@example.org")
                                for i in range(count)), encoding="ascii", newline="")
    return write


def google_csv(note_size: int = 0, labels: int = 0, rows: int = 1,
               nameless: int = 0) -> Callable[[Path], None]:
    """A Google Contacts CSV: a giant note, many labels, many rows, nameless rows."""
    def write(path: Path) -> None:
        header = "First Name,Last Name,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
        note = ("Ab c\n" * (note_size // 5 + 1))[:note_size]
        label = " ::: ".join(f"L{i}" for i in range(labels))
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(header)
            for i in range(rows):
                out.write(f'Ann{i},Lee,"{note}",{label},work,ann{i}@example.org\n')
            for _ in range(nameless):
                out.write(",,,,,\n")
    return write


def csv_one_giant_row(size: int) -> Callable[[Path], None]:
    """A Google CSV whose one row is a single line of ``size`` bytes (a cell far over
    the field limit): the header search kept a copy of that line through the parse, and
    a 190 MB file peaked at 810 MB, past its 720 MB budget."""
    def write(path: Path) -> None:
        with path.open("w", encoding="ascii", newline="") as out:
            out.write("First Name,Last Name,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value\n")
            out.write("Ann,Lee,")
            out.write("a" * size)
            out.write(",,work,ann@example.org\n")
    return write


#: The worst cases the memory test measures: name -> generator.
MEMORY_CASES: dict[str, Callable[[Path], None]] = {
    "percent-photo-30MB": percent_photo(10 * MB),
    "base64-photo-30MB": base64_photo(22 * MB),
    "base64-photo-unfolded-13MB": base64_photo(9 * MB, folded=False),
    "fn-20MB": giant("FN", 20 * MB),
    "fn-20MB-folded": giant("FN", 20 * MB, folded=True),
    "note-50MB": giant("NOTE", 50 * MB),
    "emails-1M-lines": many("emails", 1_000_000),
    "junk-1M-lines": junk_lines(1_000_000),
    "csv-note-20MB": google_csv(note_size=20 * MB),
    "csv-nameless-1M-rows": google_csv(nameless=1_000_000),
    "csv-one-row-190MB": csv_one_giant_row(190 * MB),
}


def tiny_lines(size: int = 60 * MB) -> Callable[[Path], None]:
    """One card of ``size`` bytes of four-byte lines (``X:`` and a CRLF): fifteen million
    lines that a list would hold at some sixty bytes each."""
    def write(path: Path) -> None:
        with path.open("w", encoding="ascii", newline="") as out:
            out.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tiny Lines\r\n")
            out.write("X:\r\n" * (size // 4))
            out.write("END:VCARD\r\n")
    return write


def tiny_cards(size: int = 60 * MB) -> Callable[[Path], None]:
    """``size`` bytes of empty cards (``BEGIN:VCARD``, ``END:VCARD``): millions of cards,
    each one a problem (no name), none a contact."""
    card = "BEGIN:VCARD\r\nEND:VCARD\r\n"

    def write(path: Path) -> None:
        path.write_text(card * (size // len(card)), encoding="ascii", newline="")
    return write


#: Files of tiny pieces the vCard reader must stream: read as a list of lines (or of
#: cards), the first peaked at 2.8 GB and the second at 1 GB.
STREAMING_CASES: dict[str, Callable[[Path], None]] = {
    "tiny-lines-60MB": tiny_lines(60 * MB),
    "tiny-cards-60MB": tiny_cards(60 * MB),
}
