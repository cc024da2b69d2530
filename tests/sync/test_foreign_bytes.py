"""Another client's card keeps its bytes through Relmanager's edits: a card khard wrote
(CRLF lines, a PHOTO, an Apple label group, a private X- property folded at 75 octets),
uploaded by vdirsyncer, edited here (stage and notes) and read back with GET, differs
from khard's file only in the lines of what was changed. Before the fix each of its
lines went back with LF on Xandikos (which stores a PUT byte for byte): the XML parser
of the multiget answer had turned every CRLF into LF, and the card was patched from that
text. Radicale rewrites every card it is sent, so there it held before too."""

from __future__ import annotations

import base64
import re

from relmanager.domain.stages import Stage
from relmanager.interchange.content_lines import split_lines
from relmanager.store import sync_state
from relmanager.store.activity import move_stage
from relmanager.store.contacts import create_contact, find_contact, update_contact
from relmanager.store.models import database
from relmanager.sync import engine
from tests.sync.server_cards import account_client, put_card
from tests.sync.test_vdirsyncer_round_trip import Clients

KHARD_EDIT = r'''
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r"^Nickname *:.*$", "Nickname: Enchantress of Numbers", text, flags=re.M)
text = re.sub(r"^Phone *:.*?(?=^Email)", """Phone:
    cell: "+44 20 7946 0001"
    Lab: "+44 20 7946 0999"
""", text, flags=re.M | re.S)
text = re.sub(r"^Private *:.*?(?=^# notes|^Note)", """Private:
    Skype: "ada.lovelace.analytical.engine.with.a.handle.long.enough.to.be.folded.by.khard.at.75"
""", text, flags=re.M | re.S)
open(path, "w", encoding="utf-8").write(text)
'''
PHOTO = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) + b"\xff\xd9")
#: Lines another client (an iPhone) added before khard's edit: a photo folded over many
#: lines, a parameter with quoted commas, an Apple label group.
OTHER_CLIENT = ("PHOTO;ENCODING=b;TYPE=JPEG:" + PHOTO.decode() + "\r\n"
                'ADR;TYPE=home;LABEL="1 St James Sq, London, UK":;;1 St James Sq;London;;;UK\r\n'
                "item7.X-ABRELATEDNAMES;type=pref:Charles Babbage\r\n"
                "item7.X-ABLabel:_$!<Friend>!$_\r\n")
CHANGED_HERE = ("NOTE", "X-RELMANAGER-")


def _physical(text: str, skip: tuple[str, ...] = CHANGED_HERE) -> list[str]:
    """The physical lines (with their line endings) of the logical lines not in ``skip``."""
    return [physical for line in split_lines(text) if not line.name.startswith(skip)
            for physical in re.findall(r"[^\r\n]*(?:\r\n|\r|\n)", line.text)]


def _stored(href: str) -> str:
    """The card as the server stores it (GET: no XML between)."""
    client = account_client()
    try:
        return client.request("GET", href, raw=True).body.decode("utf-8")
    finally:
        client.close()


def test_a_card_khard_wrote_keeps_its_bytes_through_an_edit_here(dav_server, isolated_home,
                                                                  clock, devices, tmp_path):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", emails=["ada@engines.example"],
                             stage=Stage.DEVELOPMENT)
        engine.sync(clock)
        href = sync_state.item_for("contact", ada.id).href
    clients = Clients(tmp_path / "foreign", dav_server.url)
    clients.sync()
    card_file = next(clients.book().glob("*.vcf"))
    card_file.write_bytes(card_file.read_bytes().replace(
        b"END:VCARD", OTHER_CLIENT.encode() + b"END:VCARD"))
    clients.sync()
    khard = clients.khard_conf()
    khard.write_text(khard.read_text() + "[vcard]\nprivate_objects = Jabber, Skype\n")
    (clients.root / "edit.py").write_text(KHARD_EDIT)
    clients.run(clients.khard, "-c", khard, "edit", "Ada")
    clients.sync()
    written = card_file.read_bytes().decode("utf-8")
    assert "\r\n " in written and "itemtel1.X-ABLABEL:Lab\r\n" in written  # khard's shapes
    with devices.a:
        assert engine.sync(clock).pulled == 1
        ada = find_contact("Ada Lovelace")
        move_stage(clock, [ada.id], Stage.FRIENDSHIP)
        update_contact(clock, ada.id, notes="met at the Analytical Society")
        assert engine.sync(clock).pushed == 1
        stored = _stored(href)
    assert _physical(stored) == _physical(written)
    assert re.search(r"(?<!\r)\n", stored) is None  # every line ends in CRLF
    assert "NOTE:met at the Analytical Society\r\n" in stored
    assert "X-RELMANAGER-STAGE:friendship\r\n" in stored
    clients.sync()
    shown = clients.run(clients.khard, "-c", khard, "show", "Ada")
    assert "Enchantress of Numbers" in shown and "met at the Analytical Society" in shown


CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
        "N:Hopper;Grace;;;\r\nFN:Grace Hopper\r\nNICKNAME:Amazing Grace\r\n"
        "item1.TEL;type=CELL:+1 202 555 0100\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n"
        "UID:7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b\r\nEND:VCARD\r\n")


def test_a_text_kept_without_its_crs_by_an_older_version_is_fetched_again(devices, clock):
    """A database synced by an older version kept each card as the XML parser gave it,
    with LF: the first edit fetches the card again (one request for the chunk) rather
    than sending every line back with LF. On the old code the card went back with LF."""
    with devices.a:
        href = put_card("grace.vcf", CARD)
        before = _stored(href)  # Radicale rewrites a card it is sent, in its own order
        engine.sync(clock)
        raw = sync_state.raw_of(href)
        assert raw is not None and "\r\n" in raw
        with database.atomic():
            sync_state.set_raw(href, raw.replace("\r\n", "\n"))  # as the old version kept it
        update_contact(clock, find_contact("Grace Hopper").id, title="Rear admiral")
        assert engine.sync(clock).pushed == 1
        stored = _stored(href)
    assert _physical(stored, ("TITLE", "X-RELMANAGER-")) == _physical(before)
    assert "TITLE:Rear admiral\r\n" in stored
