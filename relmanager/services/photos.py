"""Imported photos become small thumbnails before they reach the database.

A vCard may carry a photo of any size (a 140 MB blob was once stored whole) or a tiny file
that decodes to gigapixels. Qt's image reader is asked for the image's size first, refuses
anything over :data:`~relmanager.domain.limits.MAX_PHOTO_PIXELS` (and its own allocation
limit guards the decoder itself), and decodes straight to a thumbnail of at most
:data:`~relmanager.domain.limits.PHOTO_SIDE` pixels, re-encoded as JPEG (PNG when the image
has transparency). What the file held is never stored: only the thumbnail, or nothing.

Runs in the import worker (and the command line), never on the UI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLoggingCategory, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from relmanager.domain import limits
from relmanager.interchange.records import ParseProblem, ParseResult

__all__ = ["PHOTO_FORMATS", "decode", "shrink_photos", "thumbnail"]

log = logging.getLogger(__name__)

#: A hostile or broken photo makes the decoders warn once per defect ("JPEG datastream
#: contains no image"); the photo is reported as unreadable in the import preview, so the
#: decoders' own chatter would only flood the log.
QLoggingCategory.setFilterRules("qt.gui.imageio.jpeg.warning=false\n"
                                "qt.gui.imageio.png.warning=false\n"
                                "qt.gui.imageio.warning=false")

#: Megabytes Qt may allocate to decode one image: the pixel limit at 4 bytes a pixel.
_ALLOCATION_MB = limits.MAX_PHOTO_PIXELS * 4 // 2**20 + 1


#: The raster formats a photo may be in. SVG (a document: scripts, external references,
#: entity expansion) and PDF (Qt renders whole pages) are documents, not photos; rarer
#: decoders (TIFF, TGA, ICNS, ...) are attack surface no vCard needs.
PHOTO_FORMATS = frozenset({b"jpeg", b"png", b"gif", b"bmp", b"webp"})


def _complete(data: bytes, kind: bytes) -> bool:
    """Whether the file reaches its format's end: a truncated JPEG decodes "fine" to a
    picture grey below the cut, which is no photo of anyone. A JPEG's end of image comes
    after its first scan (inside a scan 0xFF is always escaped, so it cannot be data);
    what follows it (a camera's padding, junk) is ignored, as the decoder ignores it. A
    PNG ends at its IEND chunk."""
    if kind == b"jpeg":
        scan = data.find(b"\xff\xda")
        return scan >= 0 and data.find(b"\xff\xd9", scan) >= 0
    if kind == b"png":
        return b"IEND" in data
    return True


def decode(data: bytes, side: int, *, cover: bool = False) -> QImage | None:
    """The image in ``data`` decoded to fit in ``side`` pixels a side (``cover``: to cover
    that square, its shorter side ``side``, for a round avatar), or None when it is no
    photo within the limits: too many bytes, not a raster format, more than
    MAX_PHOTO_PIXELS by its header (asked before anything is decoded), or unreadable (a
    truncated file). Bounded in time and memory whatever the bytes; safe on any thread."""
    if not data or len(data) > limits.MAX_PHOTO_BYTES:
        return None
    raw = QByteArray(data)
    source = QBuffer(raw)
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(source)
    kind = bytes(reader.format().data())
    if kind not in PHOTO_FORMATS or not _complete(data, kind):
        return None
    reader.setAllocationLimit(_ALLOCATION_MB)
    reader.setAutoTransform(True)
    size = reader.size()  # as stored; an invalid size (unreadable header) is empty too
    if size.isEmpty() or size.width() * size.height() > limits.MAX_PHOTO_PIXELS:
        return None
    mode = (Qt.AspectRatioMode.KeepAspectRatioByExpanding if cover
            else Qt.AspectRatioMode.KeepAspectRatio)
    target = size.scaled(QSize(side, side), mode)
    if size.width() > target.width():  # (the target keeps the aspect: both or neither)
        # In the stored frame: a camera's portrait photo stored landscape with an
        # orientation tag is scaled, then turned upright by the reader (it was then
        # scaled again to the stored frame's target: squashed). QImageReader scales
        # after reading for the formats whose decoders cannot.
        reader.setScaledSize(target)
    image = reader.read()
    return None if image.isNull() else image


def thumbnail(data: bytes) -> bytes | None:
    """A JPEG or PNG of at most PHOTO_SIDE pixels a side, or None if ``data`` is no
    readable image within the limits (see :func:`decode`)."""
    image = decode(data, limits.PHOTO_SIDE)
    if image is None:
        return None
    out = QByteArray()
    sink = QBuffer(out)
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.hasAlphaChannel():
        ok = image.save(sink, "PNG")
    else:
        ok = image.convertToFormat(QImage.Format.Format_RGB32).save(sink, "JPEG", 85)
    sink.close()
    return bytes(out.data()) if ok else None


def shrink_photos(result: ParseResult) -> ParseResult:
    """Replace every record's photo by its thumbnail; a photo that is no image within the
    limits is dropped and named in the problems (the preview lists them)."""
    for record in result.contacts:
        if record.photo is None:
            continue
        small = thumbnail(record.photo)
        if small is None:
            result.problems.append(ParseProblem(
                record.source_ref or record.display_name[:60],
                "photo is not an image this app can read, or larger than "
                f"{limits.MAX_PHOTO_PIXELS // 1_000_000} megapixels; skipped"))
        record.photo = small
    return result
