"""The photo decoder's bounds, each at its edge (services.photos: decode, _complete, thumbnail,
shrink_photos), written against the mutants mutmut left alive (docs/TESTING.md).

tests/hostile/test_hostile_photos.py shows hostile photos in the real window; these are
the fast-subset checks of the one decoder both the avatar and the import's thumbnail use:
a size limit is refused at one past it and not at it, an end marker counts only after the
first scan, and the fitted size is the one asked for.
"""

from __future__ import annotations

import struct
import zlib

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter

from relmanager.domain import limits
from relmanager.interchange.records import ParsedContact, ParseResult
from relmanager.services.photos import _complete, decode, shrink_photos, thumbnail


def _encoded(image: QImage, kind: str) -> bytes:
    data = QByteArray()
    sink = QBuffer(data)
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(sink, kind.encode())
    assert writer.write(image), writer.errorString()
    return bytes(data.data())


def _saved(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    sink = QBuffer(data)
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.convertToFormat(QImage.Format.Format_RGB32).save(sink, "JPEG", quality)
    return bytes(data.data())


def _image(width: int, height: int, *, alpha: bool = False) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32 if alpha
                   else QImage.Format.Format_RGB32)
    image.fill(QColor(200, 40, 40, 128 if alpha else 255))
    return image


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _mono_png(width: int, height: int) -> bytes:
    """A real 1-bit greyscale PNG of ``width`` x ``height`` (a few kB for millions of
    pixels): the pixel limit can be met exactly without gigabytes."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = zlib.compress(row * height, 9)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
            + _chunk(b"IEND", b""))


def test_a_jpeg_is_complete_only_with_an_end_marker_after_its_first_scan():
    # An EXIF thumbnail's end marker comes before the main image's scan: it does not
    # make a photo cut inside its scan complete.
    assert not _complete(b"\xff\xd8\xff\xd9\xff\xda" + b"x" * 20, b"jpeg")
    assert _complete(b"\xff\xd8\xff\xd9\xff\xda" + b"x" * 20 + b"\xff\xd9", b"jpeg")
    assert _complete(b"\xff\xda\x00\xff\xd9", b"jpeg")  # a scan at the very first byte
    # Junk after the end (a camera's padding) may hold anything, a scan marker too.
    assert _complete(b"\xff\xd8\xff\xdaxx\xff\xd9" + b"\xff\xdajunk", b"jpeg")
    assert not _complete(b"\xff\xd8\xff\xda" + b"x" * 20, b"jpeg")  # cut in its scan
    assert not _complete(b"\xff\xd8\xff\xd9", b"jpeg")  # no scan at all
    assert _complete(b"\x89PNG....IEND....", b"png")
    assert not _complete(b"\x89PNG....IDAT....", b"png")
    assert _complete(b"GIF89a", b"gif")  # other formats have no end to check


def test_a_photo_of_exactly_the_byte_limit_is_read_and_one_byte_more_is_not():
    jpeg = _encoded(_image(40, 30), "JPEG")
    at_limit = jpeg + b"\x00" * (limits.MAX_PHOTO_BYTES - len(jpeg))  # trailing junk
    assert decode(at_limit, 100) is not None
    assert decode(at_limit + b"\x00", 100) is None
    assert decode(b"", 100) is None


def test_a_photo_of_exactly_the_pixel_limit_is_read_and_one_row_more_is_not():
    width = 40_000
    assert limits.MAX_PHOTO_PIXELS % width == 0
    rows = limits.MAX_PHOTO_PIXELS // width
    shown = decode(_mono_png(width, rows), 256)
    assert shown is not None and shown.width() == 256
    assert decode(_mono_png(width, rows + 1), 256) is None


def test_only_raster_formats_that_end_are_photos():
    full = _encoded(_image(60, 40), "PNG")
    assert decode(full, 100) is not None
    assert decode(full[:-12], 100) is None  # its IEND chunk cut off
    assert decode(_encoded(_image(60, 40), "JPEG")[:-2], 100) is None  # no end of image
    for kind in ("GIF", "BMP"):
        if kind.lower().encode() in QImageWriter.supportedImageFormats():
            assert decode(_encoded(_image(60, 40), kind), 100) is not None, kind
    assert decode(b"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>",
                  100) is None


def test_a_png_whose_header_reads_but_whose_pixels_do_not_is_no_photo():
    """Its size is read from the header, its end is there: only reading it fails, and
    that is None (an empty image would be shown, or stored, as a photo)."""
    header = struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0)
    broken = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
              + _chunk(b"IDAT", b"not zlib at all" * 4) + _chunk(b"IEND", b""))
    assert decode(broken, 100) is None and decode(broken, 10, cover=True) is None
    assert thumbnail(broken) is None


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "BMP"])
def test_a_photo_is_fitted_inside_or_made_to_cover_the_side_asked(kind):
    data = _encoded(_image(400, 300), kind)
    inside = decode(data, 168)
    assert inside is not None and (inside.width(), inside.height()) == (168, 126)
    covering = decode(data, 168, cover=True)
    assert covering is not None and (covering.width(), covering.height()) == (224, 168)
    small = decode(_encoded(_image(40, 30), kind), 168, cover=True)
    assert small is not None and (small.width(), small.height()) == (40, 30)  # no upscaling


def _turned(jpeg: bytes, orientation: int) -> bytes:
    """``jpeg`` with an EXIF orientation tag, as a camera stores a portrait photo."""
    tiff = (b"MM\x00*\x00\x00\x00\x08" + struct.pack(">H", 1)
            + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + b"\x00" * 4)
    body = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def test_a_portrait_photo_stored_turned_is_shown_upright_and_not_squashed():
    """Stored 400x300 with "turn 90 degrees clockwise": the picture is 300x400, its
    stored left half (red) at the top. It came out 200x150, upright but squashed."""
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    painter = QPainter(image)
    painter.fillRect(0, 0, 200, 300, QColor("red"))
    painter.end()
    data = _turned(_encoded(image, "JPEG"), 6)
    for cover, size in ((False, (150, 200)), (True, (200, 266))):
        shown = decode(data, 200, cover=cover)
        assert shown is not None and (shown.width(), shown.height()) == size, cover
        top, bottom = shown.pixelColor(size[0] // 2, 5), shown.pixelColor(size[0] // 2,
                                                                            size[1] - 5)
        assert top.red() > 200 > top.blue() and bottom.blue() > 200 > bottom.red(), cover
    assert thumbnail(data) is not None
    assert QImage.fromData(thumbnail(data)).size().toTuple() == (192, 256)


def test_a_thumbnail_keeps_transparency_as_png_and_otherwise_is_a_jpeg():
    opaque = thumbnail(_encoded(_image(600, 300), "PNG"))
    assert opaque is not None and opaque.startswith(b"\xff\xd8")
    image = QImage.fromData(opaque)
    assert (image.width(), image.height()) == (limits.PHOTO_SIDE, limits.PHOTO_SIDE // 2)
    clear = thumbnail(_encoded(_image(60, 40, alpha=True), "PNG"))
    assert clear is not None and clear.startswith(b"\x89PNG")
    assert QImage.fromData(clear).hasAlphaChannel()
    assert thumbnail(b"not a photo") is None


def test_a_thumbnail_is_a_jpeg_of_quality_85():
    """Above Qt's default (75): a face at 256 pixels shows the default's blocks."""
    image = QImage(600, 600, QImage.Format.Format_RGB32)
    for y in range(600):
        for x in range(0, 600, 3):
            image.setPixel(x, y, (x * 7 + y * 13) % 0xFFFFFF)
    data = _encoded(image, "PNG")
    small = decode(data, limits.PHOTO_SIDE)
    assert small is not None
    by_quality = {q: len(_saved(small, q)) for q in (75, 85, 95)}
    assert len(thumbnail(data)) == by_quality[85] != by_quality[75]


def test_shrinking_replaces_each_photo_and_names_the_unreadable_ones():
    good = ParsedContact(display_name="Ana Alves", photo=_encoded(_image(600, 300), "JPEG"))
    bad = ParsedContact(display_name="Ben Berg " * 20, photo=b"garbage")
    referenced = ParsedContact(display_name="Cy", photo=b"garbage", source_ref="cy.vcf")
    none = ParsedContact(display_name="Di", photo=None)
    result = shrink_photos(ParseResult([none, good, bad, referenced], [], "vcard"))
    assert good.photo is not None and len(good.photo) < 20_000
    assert QImage.fromData(good.photo).width() == limits.PHOTO_SIDE
    assert bad.photo is None and referenced.photo is None and none.photo is None
    assert [p.source_ref for p in result.problems] == [("Ben Berg " * 20)[:60], "cy.vcf"]
    assert [p.message for p in result.problems] == [
        "photo is not an image this app can read, or larger than 40 megapixels; skipped"] * 2
