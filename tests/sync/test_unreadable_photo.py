"""A photo the server left unreadable is no deletion. Radicale's vCard library keeps only
``PHOTO:data:image/jpeg\\;base64`` of a vCard 4.0 photo (the data after the comma is
dropped: Kozea/Radicale#1863). Before the fix, the next time another client changed
anything in that card (khard adding a nickname, a phone a title), this device read the
card's photo as "removed there" and deleted its own photo, for good (stranger5, seen with
vdirsyncer against Radicale 3.9)."""

from __future__ import annotations

import base64
import struct
import zlib

from relmanager.domain.stages import Stage
from relmanager.store import sync_state
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from relmanager.sync import engine
from tests.sync.server_cards import account_client


def _png(rgb: bytes = b"\xc8\x28\x28") -> bytes:
    """A real 4x4 PNG of one colour (what an avatar is), written without Qt."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + rgb * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _with_photo_line(text: str, photo_line: str) -> str:
    """The card with its PHOTO replaced by ``photo_line``, given a TITLE by another client."""
    lines, out, skipping = text.split("\r\n"), [], False
    for line in lines:
        if skipping and line.startswith(" "):
            continue
        skipping = line.startswith("PHOTO:")
        out.append(photo_line if skipping else line)
    text = "\r\n".join(out)
    return text.replace("END:VCARD", "TITLE:Rear Admiral\r\nEND:VCARD")


def _synced_then_changed_there(clock, devices, photo: bytes, photo_line: str) -> Contact:
    """Grace with ``photo`` synced, her card then rewritten there with ``photo_line`` and a
    TITLE, and synced again: Grace as this device then has her."""
    with devices.a:
        grace = create_contact(clock, "Grace Hopper", emails=["grace@navy.example"],
                               stage=Stage.RECOGNITION)
        Contact.update(photo=photo).where(Contact.id == grace.id).execute()
        engine.sync(clock)
        item = sync_state.item_for("contact", grace.id)
        client = account_client()
        try:
            text = client.request("GET", item.href, raw=True).body.decode("utf-8")
            assert "PHOTO:" in text
            client.put(item.href, _with_photo_line(text, photo_line), "text/vcard",
                       item.etag)
        finally:
            client.close()
        engine.sync(clock)
        return Contact.get_by_id(grace.id)


def test_a_photo_the_server_left_unreadable_is_kept_when_another_field_changes_there(
        dav_server, isolated_home, clock, devices):
    photo = _png()
    kept = _synced_then_changed_there(clock, devices, photo,
                                      "PHOTO:data:image/png\\;base64")  # as Radicale keeps it
    assert kept.title == "Rear Admiral"  # the change there is taken
    assert kept.photo is not None and bytes(kept.photo) == photo  # and ours is kept


def test_a_photo_changed_there_to_one_that_reads_is_taken(dav_server, isolated_home, clock,
                                                         devices):
    """Only an unreadable photo is "not known": another client's new photo comes here."""
    other = _png(b"\x28\x28\xc8")
    line = "PHOTO;ENCODING=b;TYPE=PNG:" + base64.b64encode(other).decode("ascii")
    kept = _synced_then_changed_there(clock, devices, _png(), line)
    assert kept.title == "Rear Admiral"
    assert kept.photo is not None and bytes(kept.photo) == other
