"""A contact's photo is shown round at the top of the profile; a hostile one is not.

A photo from a sync server is stored as the server had it (an import keeps a thumbnail):
huge, truncated, of the wrong type, a PNG whose header claims 20000x20000 pixels, an SVG
with a script. Each is shown as the initials avatar, in bounded time and memory and
without a crash; a real photo is shown round. Whatever is shown, the stored bytes are
the ones that came, and ``relmanager export`` writes exactly them in its PHOTO.
"""

from __future__ import annotations

import base64
import os
import resource
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from relmanager.domain.stages import Stage
from relmanager.services.photos import decode, thumbnail
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact

ROOT = Path(__file__).resolve().parents[2]


def _encoded(image: QImage, kind: str) -> bytes:
    data = QByteArray()
    sink = QBuffer(data)
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(sink, kind)
    return bytes(data.data())


def _jpeg(width: int = 400, height: int = 300) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#d03030"))
    return _encoded(image, "JPEG")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header for ``width`` x ``height`` RGBA pixels and one tiny IDAT: a few
    hundred bytes that would decode to gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + _chunk(b"IEND", b""))


HOSTILE = {
    "huge": b"\x89PNG\r\n\x1a\n" + os.urandom(11 * 1024 * 1024),
    "truncated": _jpeg(2000, 1500)[:3000],
    "wrong type": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 50,
    "text": b"this is not a photo",
    "20000x20000 header": _png_claiming(20000, 20000),
    "svg with a script": (b'<svg xmlns="http://www.w3.org/2000/svg" width="40000" '
                          b'height="40000"><script>while(1){}</script>'
                          b'<image href="file:///etc/passwd"/></svg>'),
}


def test_hostile_photos_are_refused_in_bounded_time_and_memory():
    decode(_jpeg(), 168, cover=True)  # the decoders loaded before measuring
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB
    for name, data in HOSTILE.items():
        started = time.monotonic()
        assert decode(data, 168, cover=True) is None, name
        assert thumbnail(data) is None, name  # nor kept by an import (it kept the SVG
        # rendered, and the truncated JPEG grey below the cut)
        assert time.monotonic() - started < 2.0, name
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert grown_mb < 64, f"peak memory grew {grown_mb:.0f} MB"
    shown = decode(_jpeg(400, 300), 168, cover=True)
    assert shown is not None and (shown.width(), shown.height()) == (224, 168)


def _with_photo(clock, name: str, photo: bytes) -> int:
    """A contact whose photo is ``photo`` as a sync pull stores it (bytes as they came)."""
    contact = create_contact(clock, name, stage=Stage.FRIENDSHIP)
    Contact.update(photo=photo).where(Contact.id == contact.id).execute()
    return contact.id


def _show(window, qtbot, contact_id: int) -> None:
    from tests.ui.conftest import profile_shown

    window.show_contact(contact_id)
    profile_shown(window.profile, qtbot, contact_id)


def test_a_photo_is_shown_round_once_and_a_hostile_one_as_initials(window, clock, qtbot):
    ada = _with_photo(clock, "Ada Lovelace", _jpeg())
    _show(window, qtbot, ada)
    header = window.profile.header
    assert header.has_photo
    image = header.avatar.pixmap().toImage()
    side = image.width()
    assert image.pixelColor(side // 2, side // 2).red() > 180  # the photo
    assert image.pixelColor(1, 1).alpha() == 0  # round: the corner is clear
    first = header.avatar.pixmap().cacheKey()
    window.profile.reload()
    qtbot.waitUntil(lambda: not window.profile._loading.isActive(), timeout=5000)
    _show(window, qtbot, ada)
    assert header.avatar.pixmap().cacheKey() == first  # scaled once, then reused
    for name, data in HOSTILE.items():
        cid = _with_photo(clock, f"Eve {name.title().replace(' ', '')}", data)
        started = time.monotonic()
        _show(window, qtbot, cid)
        assert time.monotonic() - started < 5.0, name
        assert not header.has_photo, name
        assert header.avatar.accessibleName() == "Initials"


def test_the_stored_photo_is_exported_byte_for_byte_after_it_was_shown(
        window, clock, qtbot, db_path, tmp_path):
    photos = {"Ada Lovelace": _jpeg(), "Eve Header": HOSTILE["20000x20000 header"],
              "Eve Truncated": HOSTILE["truncated"]}
    ids = {name: _with_photo(clock, name, data) for name, data in photos.items()}
    for cid in ids.values():
        _show(window, qtbot, cid)
    assert {c.display_name: bytes(c.photo) for c in Contact.select()} == photos
    out = tmp_path / "out.vcf"
    done = subprocess.run([sys.executable, "-m", "relmanager", "export", "vcard", str(out),
                           "--db", str(db_path)], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")
    cards = text.split("END:VCARD")
    for name, data in photos.items():
        [card] = [c for c in cards if f"FN:{name}" in c]
        [line] = [x for x in card.splitlines() if x.startswith("PHOTO")]
        assert base64.b64decode(line.split(",", 1)[1]) == data, name
