"""A photo the server left unreadable is no deletion. Radicale's vCard library keeps only
``PHOTO:data:image/jpeg\\;base64`` of a vCard 4.0 photo (the data after the comma is
dropped: Kozea/Radicale#1863). Before the fix, the next time another client changed
anything in that card (khard adding a nickname, a phone a title), this device read the
card's photo as "removed there" and deleted its own photo, for good (stranger5, seen with
vdirsyncer against Radicale 3.9)."""

from __future__ import annotations

import struct
import zlib

from relmanager.domain.stages import Stage
from relmanager.store import sync_state
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from relmanager.sync import engine
from tests.sync.server_cards import account_client


def _png() -> bytes:
    """A real 4x4 PNG (what an avatar is), written without Qt."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\xc8\x28\x28" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _as_radicale_keeps_it_with_a_title(text: str) -> str:
    """The card as Radicale stores a vCard 4.0 photo, then given a TITLE by another client."""
    lines, out, skipping = text.split("\r\n"), [], False
    for line in lines:
        if skipping and line.startswith(" "):
            continue
        skipping = line.startswith("PHOTO:")
        out.append("PHOTO:data:image/png\\;base64" if skipping else line)
    text = "\r\n".join(out)
    return text.replace("END:VCARD", "TITLE:Rear Admiral\r\nEND:VCARD")


def test_a_photo_the_server_left_unreadable_is_kept_when_another_field_changes_there(
        dav_server, isolated_home, clock, devices):
    photo = _png()
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
            client.put(item.href, _as_radicale_keeps_it_with_a_title(text), "text/vcard",
                       item.etag)
        finally:
            client.close()
        engine.sync(clock)
        kept = Contact.get_by_id(grace.id)
        assert kept.title == "Rear Admiral"  # the change there is taken
        assert kept.photo is not None and bytes(kept.photo) == photo  # and ours is kept
