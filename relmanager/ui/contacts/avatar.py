"""The round avatar at the top of a profile: the contact's photo, or their initials.

A photo comes from an import (a thumbnail already) or from a sync server (a card's photo
as the server had it: any size, any bytes). It is decoded once per contact and photo, on
the profile's worker while the profile is read (:func:`read_profile`), through the bounded
decoder of :mod:`relmanager.services.photos` (raster formats only; a 20000x20000 header, a
truncated file or an SVG are refused before any pixel is decoded), cut round there, and
kept in a small cache; the UI thread only turns the round image into a pixmap at the
screen's scale, once. A photo that cannot be shown gets the initials avatar. The stored
bytes are only ever read here: what sync and export carry is what came.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPixmap, QTransform

from relmanager.services.photos import decode
from relmanager.ui.shared.plain import visible

if TYPE_CHECKING:
    from datetime import datetime

    from relmanager.store.profile_bundle import ProfileBundle
    from relmanager.store.profile_reads import Profile

#: The avatar's side in logical pixels (beside the name and the line under it).
SIDE = 56
#: Decoded for screens up to 300%: one decode serves every scale.
_DECODED_SIDE = SIDE * 3
#: Photos kept decoded: the profiles a session goes back and forth between.
_KEPT = 64
#: Muted fills for the initials (white text on each reads at WCAG AA for large text).
_FILLS = ("#5b6f95", "#7a5c8e", "#3f7f74", "#8a6a3b", "#a0525a", "#4f7a3a", "#6b6b6b")

_lock = threading.Lock()
_round: OrderedDict[tuple[int, int], QImage | None] = OrderedDict()
_pixmaps: OrderedDict[tuple[int, int, float], QPixmap] = OrderedDict()


def _key(contact_id: int, photo: bytes) -> tuple[int, int]:
    return contact_id, zlib.crc32(photo) ^ (len(photo) << 32)


def _cut_round(image: QImage | None) -> QImage | None:
    """``image`` centred in a circle of _DECODED_SIDE pixels (antialiased edge, the rest
    transparent), or None."""
    if image is None:
        return None
    out = QImage(_DECODED_SIDE, _DECODED_SIDE, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    scale = _DECODED_SIDE / min(image.width(), image.height())
    brush = QBrush(image)
    brush.setTransform(QTransform()
                       .translate((_DECODED_SIDE - image.width() * scale) / 2,
                                  (_DECODED_SIDE - image.height() * scale) / 2)
                       .scale(scale, scale))
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(brush)
    painter.drawEllipse(QRectF(0, 0, _DECODED_SIDE, _DECODED_SIDE))
    painter.end()
    return out


def prepare(contact: Profile | None) -> None:
    """Decode ``contact``'s photo into the cache if it is not there (the worker's part)."""
    if contact is None or not contact.photo:
        return
    key = _key(contact.id, contact.photo)
    with _lock:
        if key in _round:
            _round.move_to_end(key)
            return
    image = _cut_round(decode(contact.photo, _DECODED_SIDE, cover=True))
    with _lock:
        _round[key] = image
        while len(_round) > _KEPT:
            _round.popitem(last=False)


def read_profile(contact_id: int, now: datetime) -> ProfileBundle:
    """The profile's read (on its worker): the bundle, with its photo decoded."""
    from relmanager.store.profile_bundle import read_bundle

    bundle = read_bundle(contact_id, now)
    prepare(bundle.contact)
    return bundle


def initials(name: str) -> str:
    """Up to two letters: the first letter of the first and of the last word that has
    one, past any bidi control or punctuation before it ("Ada Lovelace" -> "AL",
    "Bob <RLO>Roe" -> "BR", "李小龍" -> "李", "(unknown)" -> "U", "42" -> "?")."""
    firsts = [next(ch for ch in w if ch.isalpha()) for w in visible(name).split()
              if any(ch.isalpha() for ch in w)]
    if not firsts:
        return "?"
    return (firsts[0] + (firsts[-1] if len(firsts) > 1 else "")).upper()


def _initials_pixmap(name: str, ratio: float) -> QPixmap:
    pixmap = QPixmap(round(SIDE * ratio), round(SIDE * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_FILLS[zlib.crc32(name.encode("utf-8", "replace")) % len(_FILLS)]))
    painter.drawEllipse(QRectF(0, 0, SIDE, SIDE))
    font = QFont(painter.font())
    font.setPixelSize(SIDE * 2 // 5)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, SIDE, SIDE), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    return pixmap


def avatar_pixmap(contact: Profile, ratio: float) -> tuple[QPixmap, bool]:
    """The avatar to show for ``contact`` at device pixel ratio ``ratio`` (UI thread), and
    whether it is the photo. A photo not decoded yet (the profile was shown without its
    worker's read) or not decodable shows the initials; nothing is decoded here."""
    image = None
    if contact.photo:
        key = _key(contact.id, contact.photo)
        with _lock:
            image = _round.get(key)
    if image is None:
        return _initials_pixmap(contact.display_name, ratio), False
    pixmap_key = (*key, ratio)
    pixmap = _pixmaps.get(pixmap_key)
    if pixmap is None:
        side = round(SIDE * ratio)
        pixmap = QPixmap.fromImage(image.scaled(
            side, side, Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        pixmap.setDevicePixelRatio(ratio)
        _pixmaps[pixmap_key] = pixmap
        while len(_pixmaps) > _KEPT:
            _pixmaps.popitem(last=False)
    return pixmap, True
