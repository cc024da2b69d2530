"""Reading input files safely: size guard, friendly errors, and encoding detection.

Contact exports come from many tools and decades: UTF-8 with and without a BOM, UTF-16
from Windows (Outlook, Excel "Unicode text"), Windows-1252 from old Outlook, and files that
mix UTF-8 with Latin-1 lines after being edited by hand. Decoding line by line in the
fallback keeps the readable lines right instead of turning the whole file into mojibake.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 200 * 1024 * 1024
_MB = 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


class FormatError(Exception):
    """The file cannot be read as a contacts file at all; the message says why, for users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class DecodedText:
    """Decoded file content plus what the decoder had to guess or replace."""

    text: str
    encoding: str
    #: 1-based physical line numbers whose bytes were neither UTF-8 nor Windows-1252
    #: (undecodable bytes there were replaced by U+FFFD).
    bad_lines: list[int] = field(default_factory=list)


def display_name(path: str | os.PathLike[str]) -> str:
    """The file name as shown to users in messages (the name, not the full path)."""
    return Path(path).name or str(path)


def read_input(path: str | os.PathLike[str]) -> bytes:
    """Read a whole input file, refusing huge files and turning OS errors into FormatError."""
    name = display_name(path)
    try:
        size = Path(path).stat().st_size
        if Path(path).is_dir():
            raise FormatError(f"'{name}' is a folder, not a contacts file.")
        if size > MAX_BYTES:
            raise FormatError(
                f"'{name}' is {size / _MB:.0f} MB; files over {MAX_BYTES // _MB} MB are "
                "refused (a contacts export is rarely more than a few MB)."
            )
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise FormatError(f"'{name}' does not exist.") from None
    except PermissionError:
        raise FormatError(f"'{name}' cannot be read: permission denied.") from None
    except MemoryError:
        raise FormatError(f"'{name}' is too large to read into memory.") from None
    except OSError as exc:
        raise FormatError(f"'{name}' cannot be read: {exc.strerror or exc}.") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from NUL bytes in alternate positions (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, encoding: str, bom_len: int) -> DecodedText:
    body = data[bom_len:]
    try:
        return DecodedText(body.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = body.decode(encoding, errors="replace")
        bad = [n for n, line in enumerate(split_lines(text), 1) if "\ufffd" in line]
        return DecodedText(text, encoding, bad or [1])


def wide_encoding(data: bytes) -> str | None:
    """'utf-16-le' and the like when ``data`` is UTF-16 or UTF-32 (by its BOM, or sniffed
    as :func:`decode_bytes` does), else None: then it is UTF-8 or Windows-1252, and can
    be decoded a piece at a time, cut at any line end."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return None if encoding == "utf-8" else encoding
    return _utf16_without_bom(data)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a file's bytes: BOM, then UTF-16 sniffing, UTF-8, then per-line cp1252 fallback.

    Never raises: undecodable bytes become U+FFFD and their lines are listed in
    ``bad_lines`` so the caller can report them.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                data = data[len(bom) :]
                break
            return _decode_wide(data, encoding, len(bom))
    else:
        wide = _utf16_without_bom(data)
        if wide:
            return _decode_wide(data, wide, 0)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    bad: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            out.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            out.append(raw.decode("cp1252"))
        except UnicodeDecodeError:
            out.append(raw.decode("cp1252", errors="replace"))
            bad.append(number)
    return DecodedText("\n".join(out), "cp1252", bad)


def split_lines(text: str) -> list[str]:
    """Split on CRLF, LF or lone CR only.

    ``str.splitlines`` also splits on U+2028, form feeds and other separators that may
    legitimately appear inside a note, which would corrupt vCard and CSV content.
    """
    if "\n" in text:
        if text.count("\n") == text.count("\r\n"):  # CRLF throughout: split in C
            lines = text.split("\r\n")
            if lines[-1].endswith("\r"):
                lines[-1] = lines[-1][:-1]
            return lines
        lines = text.split("\n")
        return [line[:-1] if line.endswith("\r") else line for line in lines]
    return text.split("\r")


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters or has NULs: not a text export."""
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f")
    replaced = sample.count("\ufffd")
    return (controls + replaced) > 0.1 * len(sample)


class LineCursor:
    """The lines of a text one at a time, as :func:`split_lines` cuts them, without a list.

    A list of lines costs about 60 bytes a line on top of the text: thirteen times the
    size of a file of four-character lines. The cursor holds only the text and a
    position; ``lines`` counts the lines handed out and ``offset`` is where the next
    one starts, so a caller can note a row's place and read it again (``from_offset``).
    """

    def __init__(self, text: str, offset: int = 0, lines: int = 0) -> None:
        self.text = text
        self.offset = offset
        self.lines = lines
        self.sep = "\n" if "\n" in text else "\r"

    def __iter__(self) -> LineCursor:
        return self

    def __next__(self) -> str:
        text, start = self.text, self.offset
        if start > len(text) or (start == len(text) and self.lines):
            raise StopIteration
        end = text.find(self.sep, start)
        if end < 0:
            end = len(text)
        self.offset = end + 1
        self.lines += 1
        line = text[start:end]
        return line[:-1] if self.sep == "\n" and line.endswith("\r") else line

    def from_offset(self, offset: int, lines: int = 0) -> LineCursor:
        return LineCursor(self.text, offset, lines)
