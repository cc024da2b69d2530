"""A merge moves where captured interactions came from (capture_item) to the survivor,
and its undo moves them back (issue 22, item 18)."""

from __future__ import annotations

from relmanager.store import merge
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.models import Interaction
from tests.store.merge_fixture import dump, plan_merge, two_annas


def _items(clock, owner: int, keys: list[str], batch: int) -> list[int]:
    shares = [i for (i,) in Interaction.select(Interaction.id)
              .where(Interaction.contact == owner).tuples()]
    return [CaptureItem.create(batch=batch, interaction=shares[n % len(shares)],
                               contact=owner, source_key=key).id
            for n, key in enumerate(keys)]


def test_capture_items_move_to_the_survivor_and_back(db, clock):
    p = two_annas(clock)
    batch = CaptureBatch.create(source="mail", location="inbox.mbox").id
    _items(clock, p.anna, ["<both@x>"], batch)
    own = _items(clock, p.anna2, ["<a2-1@x>", "<a2-2@x>"], batch)
    shared = _items(clock, p.anna2, ["<both@x>"], batch)  # the one message for both
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))

    moved = {i.id: i.contact_id for i in CaptureItem.select().where(CaptureItem.id.in_(own))}
    assert moved == {own[0]: p.anna, own[1]: p.anna}
    # Every moved item still names an interaction, now the survivor's (anna2's share of
    # the dinner goes: its item names anna's share instead).
    for item in CaptureItem.select().where(CaptureItem.id.in_(own)):
        assert item.interaction is not None and item.interaction.contact_id == p.anna
    # The survivor already had that message: one item per (message, contact) stays.
    assert CaptureItem.select().where(CaptureItem.source_key == "<both@x>").count() == 1
    assert CaptureItem.get_or_none(CaptureItem.id == shared[0]) is None

    merge.undo_merge(record)
    assert dump() == before  # every item back with its owner and id
    assert {i.contact_id for i in CaptureItem.select().where(
        CaptureItem.id.in_(own + shared))} == {p.anna2}
