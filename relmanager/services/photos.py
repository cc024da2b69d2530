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

__all__ = ["shrink_photos", "thumbnail"]

log = logging.getLogger(__name__)

#: A hostile or broken photo makes the decoders warn once per defect ("JPEG datastream
#: contains no image"); the photo is reported as unreadable in the import preview, so the
#: decoders' own chatter would only flood the log.
QLoggingCategory.setFilterRules("qt.gui.imageio.jpeg.warning=false\n"
                                "qt.gui.imageio.png.warning=false\n"
                                "qt.gui.imageio.warning=false")

#: Megabytes Qt may allocate to decode one image: the pixel limit at 4 bytes a pixel.
_ALLOCATION_MB = limits.MAX_PHOTO_PIXELS * 4 // 2**20 + 1


def thumbnail(data: bytes) -> bytes | None:
    """A JPEG or PNG of at most PHOTO_SIDE pixels a side, or None if ``data`` is no
    readable image within the limits."""
    if not data or len(data) > limits.MAX_PHOTO_BYTES:
        return None
    raw = QByteArray(data)
    source = QBuffer(raw)
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(source)
    reader.setAllocationLimit(_ALLOCATION_MB)
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None
    if size.width() * size.height() > limits.MAX_PHOTO_PIXELS:
        return None
    side = limits.PHOTO_SIDE
    if size.width() > side or size.height() > side:
        reader.setScaledSize(size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > side or image.height() > side:  # formats that ignore scaled size
        image = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
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
