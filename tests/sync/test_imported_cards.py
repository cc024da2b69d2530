"""A contact imported from another app's file goes to the server with that app's
properties: the first sync uploads the card the import kept, with the contact's fields
(and an edit made here since) patched in, not Relmanager's own vCard. Read back with GET,
on Radicale and Xandikos. On the code before this the upload was Relmanager's vCard 4.0:
every line of other_apps.KEPT was missing on the server."""

from __future__ import annotations

from relmanager.domain.stages import Stage
from relmanager.interchange import parse_file
from relmanager.interchange.content_lines import split_lines, value_of
from relmanager.store import importer, sync_state
from relmanager.store.activity import move_stage
from relmanager.store.contacts import find_contact, update_contact
from relmanager.sync import engine
from tests.store import other_apps
from tests.sync.test_foreign_bytes import _stored


def _meanings(text: str) -> set[tuple[str, frozenset[tuple[str, str]], str]]:
    """What a card's lines say, as a server may write them back: Radicale rewrites
    every card it is sent (its own order, folding, case of names, and one TYPE=a,b for
    TYPE=a;TYPE=b)."""
    found = set()
    for line in split_lines(text):
        value = value_of(line)
        head = line.unfolded[:len(line.unfolded) - len(value) - 1].split(";")
        params = frozenset((key.upper(), one.lower()) for key, _, values in
                           (param.partition("=") for param in head[1:])
                           for one in values.split(","))
        found.add((head[0].upper(), params, value))
    return found


def test_the_first_upload_of_an_imported_contact_carries_the_other_apps_lines(
        devices, clock, tmp_path, dav_server, request):
    source = tmp_path / "other-apps.vcf"
    source.write_bytes(other_apps.FILE.encode("utf-8"))
    with devices.a:
        importer.apply_plan(importer.plan_import(parse_file(source), source.name), clock)
        grace = find_contact("Grace Hopper")
        update_contact(clock, grace.id, phones=[("+1 202 555 0199", "mobile")])
        move_stage(clock, [grace.id], Stage.FRIENDSHIP)
        assert engine.sync(clock).pushed == 4
        stored = {name: _stored(sync_state.item_for("contact", find_contact(name).id).href)
                  for name in other_apps.KEPT}
    for name, kept in other_apps.KEPT.items():
        if "xandikos" in request.node.name:  # stores a PUT byte for byte
            assert [line for line in kept if line not in stored[name]] == [], name
        assert _meanings("".join(kept)) - _meanings(stored[name]) == set(), name
    grace_card = stored["Grace Hopper"]
    assert "+1 202 555 0199" in grace_card and "+1 202 555 0100" not in grace_card
    assert "X-RELMANAGER-STAGE:friendship" in grace_card
    assert "UID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson" in stored["Ada Lovelace"]
    with devices.b:  # and another device reads them as the same contacts
        engine.sync(clock)
        assert find_contact("Grace Hopper").stage == Stage.FRIENDSHIP
        assert find_contact("Barbara Liskov") is not None
