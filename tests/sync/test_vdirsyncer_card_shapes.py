"""The card shapes of test_foreign_card_shapes through real foreign clients: a card
another program put in vdirsyncer's folder (an iPhone note with U+2028 line breaks, the
name in a second script), uploaded by vdirsyncer, edited in Relmanager (note, title),
and read back by vdirsyncer and khard: khard sees the new note and no stray property,
and the other client's lines are in the file as they were."""

from __future__ import annotations

from relmanager.store.contacts import update_contact
from relmanager.store.models import Contact
from relmanager.sync import engine
from tests.sync.test_vdirsyncer_round_trip import Clients

CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
        "N:Hopper;Grace;;;\r\nFN:Grace Hopper\r\nFN;LANGUAGE=de:Grace Brewster Hopper\r\n"
        "NICKNAME:Amazing Grace\r\n"
        "NOTE:Gate code 1234\u2028EMAIL:someone@else.example\u2028ask for Bob\r\n"
        "TITLE:Rear admiral\r\nTITLE;TYPE=home:Volunteer\r\n"
        "UID:7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b\r\nEND:VCARD\r\n")


def _lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n ", "").replace("\r\n", "\n").split("\n")
            if line]


def test_an_iphone_card_edited_here_reads_right_in_khard(dav_server, isolated_home, clock,
                                                         devices, tmp_path):
    with devices.a:
        engine.sync(clock)  # makes the collections vdirsyncer finds
    clients = Clients(tmp_path / "foreign", dav_server.url)
    clients.sync()
    card_file = clients.book() / "grace.vcf"
    card_file.write_bytes(CARD.encode("utf-8"))
    clients.sync()
    before = card_file.read_text(encoding="utf-8")
    with devices.a:
        engine.sync(clock)
        grace = Contact.get()
        update_contact(clock, grace.id, notes="Gate code is now 9876", title="Commodore")
        report = engine.sync(clock)
        assert report.pushed == 1 and not report.skipped, report.summary()
    clients.sync()
    after = card_file.read_text(encoding="utf-8")
    changed = ("NOTE", "TITLE:", "X-RELMANAGER-")
    # sorted: Radicale stores its own serialization of a PUT, in its own order
    assert sorted(line for line in _lines(after) if not line.startswith(changed)) == \
        sorted(line for line in _lines(before) if not line.startswith(changed))
    assert "TITLE;TYPE=home:Volunteer" in _lines(after)
    shown = clients.run(clients.khard, "-c", clients.khard_conf(), "show", "Grace")
    assert "Gate code is now 9876" in shown and "Commodore" in shown, shown
    assert "someone@else.example" not in shown, shown
