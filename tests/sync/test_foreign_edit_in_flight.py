"""Another client edits a card between Relmanager's pull and its PUT: the conditional PUT
is refused (412), and what is sent after the merge is the other client's new text with
only Relmanager's edited field patched in: none of its changes is lost. Against Radicale
and Xandikos, with the other client's PUT made at the moment the push begins."""

from __future__ import annotations

from pathlib import Path

from relmanager.store import sync_state
from relmanager.store.contacts import update_contact
from relmanager.store.models import Contact
from relmanager.sync import account, engine
from relmanager.sync.engine import SyncRun
from tests.sync.server_cards import put_card

CARDS = Path(__file__).parent / "cards"


def _client():
    return account.load().client()


def _get(href: str) -> tuple[str, str]:
    client = _client()
    try:
        return client.multiget(account.load().addressbook, [href], calendar=False)[href]
    finally:
        client.close()


def test_a_foreign_edit_between_pull_and_put_is_kept(devices, clock, monkeypatch):
    text = (CARDS / "apple.vcf").read_text()
    with devices.a:
        href = put_card("apple-in-flight.vcf", text)
        engine.sync(clock)
        contact = Contact.get()
        update_contact(clock, contact.id, title="Countess")
        original = SyncRun._push
        edited: list[str] = []

        def other_client_edits_first(self, kind, collection):
            if kind == "contact" and not edited:  # the phone saves just now
                etag, now = _get(href)
                changed = now.replace("FN:Ada Lovelace", "FN:Ada King").replace(
                    "N:Lovelace;Ada;;;", "N:King;Ada;;;").replace(
                    "END:VCARD", "NICKNAME:Enchantress of Numbers\r\nEND:VCARD")
                other = _client()
                try:
                    other.put(href, changed, "text/vcard", etag)
                finally:
                    other.close()
                edited.append(_get(href)[1])  # as the server keeps it
            return original(self, kind, collection)

        monkeypatch.setattr(SyncRun, "_push", other_client_edits_first)
        report = engine.sync(clock)
        monkeypatch.setattr(SyncRun, "_push", original)
        assert report.pushed == 1 and not report.skipped, report.summary()
        after = _get(href)[1]
        assert Contact.get().display_name == "Ada King"
        assert sync_state.item_for("contact", contact.id).href == href
    unfold = lambda t: t.replace("\r\n ", "").replace("\r\n", "\n")  # noqa: E731
    theirs = [line for line in unfold(edited[0]).split("\n") if line]
    ours = [line for line in unfold(after).split("\n") if line]
    # every line of the other client's edit is there, in order, but for the TITLE added
    # here and Relmanager's own properties
    assert [line for line in ours if not line.startswith(("TITLE", "X-RELMANAGER-"))] \
        == [line for line in theirs if not line.startswith("X-RELMANAGER-")]
    assert "TITLE:Countess" in ours
    with devices.b:
        engine.sync(clock)
        other = Contact.get()
        assert (other.display_name, other.title) == ("Ada King", "Countess")


def test_a_foreign_delete_between_pull_and_put_keeps_the_edited_contact(devices, clock,
                                                                       monkeypatch):
    """Deleted by another client while edited here: the edit wins, the contact and its
    history stay here and the card comes back on the server with the edit."""
    from relmanager.store.activity import log_interaction
    from relmanager.store.models import Interaction

    text = (CARDS / "khard.vcf").read_text()
    with devices.a:
        href = put_card("khard-in-flight.vcf", text)
        engine.sync(clock)
        contact = Contact.get()
        log_interaction(clock, [contact.id], "phone", note="talked about compilers")
        engine.sync(clock)
        update_contact(clock, contact.id, title="Rear admiral")
        original = SyncRun._push
        deleted: list[bool] = []

        def other_client_deletes_first(self, kind, collection):
            if kind == "contact" and not deleted:
                etag, _now = _get(href)
                other = _client()
                try:
                    other.delete(href, etag)
                finally:
                    other.close()
                deleted.append(True)
            return original(self, kind, collection)

        monkeypatch.setattr(SyncRun, "_push", other_client_deletes_first)
        engine.sync(clock)
        monkeypatch.setattr(SyncRun, "_push", original)
        engine.sync(clock)
        assert deleted
        kept = Contact.get()
        assert kept.title == "Rear admiral"
        assert Interaction.select().count() == 1
        item = sync_state.item_for("contact", kept.id)
        assert item is not None and "Rear admiral" in _get(item.href)[1]
    with devices.b:
        engine.sync(clock)
        other = Contact.get()
        assert other.title == "Rear admiral"
        assert Interaction.select().count() == 1
