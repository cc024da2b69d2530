"""store.profile_bundle.read_bundle, the one read the profile makes on the Contacts
page's worker: the contact, every interaction and every stage move, each as the history
reads give them, and no history at all for a contact that is gone (the profile then
says so instead of showing a stale page). Its window tests (tests/ui) are outside the
fast subset mutmut runs; this is the store-level read, in it."""

from __future__ import annotations

from relmanager.domain.stages import Stage
from relmanager.store import history_reads
from relmanager.store.activity import log_interaction, move_stage
from relmanager.store.contacts import create_contact
from relmanager.store.profile_bundle import ProfileBundle, read_bundle
from relmanager.store.snapshots import delete_contacts


def test_a_bundle_holds_the_contact_its_interactions_and_its_stage_moves(db, clock):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.DEVELOPMENT)
    bo = create_contact(clock, "Bo Berg", stage=Stage.DEVELOPMENT)
    log_interaction(clock, [ada.id], "phone", note="first call")
    log_interaction(clock, [ada.id, bo.id], "meeting", note="dinner")
    log_interaction(clock, [bo.id], "phone", note="not Ada's")
    move_stage(clock, [ada.id], Stage.FRIENDSHIP)

    bundle = read_bundle(ada.id, clock.now())

    assert bundle.contact_id == ada.id
    assert bundle.contact is not None and bundle.contact.id == ada.id
    assert bundle.contact.display_name == "Ada Lovelace"
    assert isinstance(bundle.interactions, tuple) and isinstance(bundle.stages, tuple)
    assert bundle.interactions == tuple(history_reads.interactions(ada.id))
    assert sorted(i.note for i in bundle.interactions) == ["dinner", "first call"]
    assert bundle.stages == tuple(history_reads.stage_changes(ada.id))
    assert bundle.stages[0].to_stage == Stage.FRIENDSHIP.value  # newest first


def test_a_contact_deleted_meanwhile_reads_as_gone_with_no_history(db, clock):
    ada = create_contact(clock, "Ada Lovelace")
    log_interaction(clock, [ada.id], "phone")
    delete_contacts([ada.id])

    assert read_bundle(ada.id, clock.now()) == ProfileBundle(ada.id, None, (), ())
