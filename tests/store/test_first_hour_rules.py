"""The rules issue 22 leans on, said once in domain/ and repeated in SQL, give the same
answers: "two-way contact" (what warmth and every "last two-way" count) and "new from
import" (the board's Inbox count and filter)."""

from __future__ import annotations

import random
from datetime import timedelta

from relmanager.domain.channels import ChannelKind, ChannelSpec, last_two_way
from relmanager.domain.stages import Stage, new_from_import
from relmanager.store import activity, queries
from relmanager.store.contacts import create_contact, set_archived
from relmanager.store.models import Channel, Contact, Interaction


def _spec(channel: Channel) -> ChannelSpec:
    return ChannelSpec(channel.key, channel.name, ChannelKind(channel.kind), channel.richness,
                       bool(channel.two_way), Stage(channel.min_stage))


def test_last_two_way_in_sql_is_the_domain_rule(db, clock):
    rng = random.Random(22)
    keys = [c.key for c in Channel.select()]
    ids = [create_contact(clock, f"Person {n}", stage=Stage.FRIENDSHIP).id for n in range(40)]
    for _ in range(300):
        clock.advance(hours=rng.randint(1, 30))
        contact = rng.choice(ids)
        when = clock.now() - timedelta(days=rng.randint(0, 60))  # back-dated too
        activity.log_interaction(clock, [contact], rng.choice(keys), occurred_at=when)
    # Deleting interactions recomputes it the other way (denorm.refresh_last_interaction).
    doomed = [i.id for i in Interaction.select().order_by(Interaction.id).limit(300)
              if rng.random() < 0.2]
    activity.delete_interactions(doomed)
    specs = {c.id: _spec(c) for c in Channel.select()}
    checked = 0
    for contact in Contact.select():
        pairs = [(i.occurred_at, specs[i.channel_id])
                 for i in Interaction.select().where(Interaction.contact == contact.id)]
        assert contact.last_two_way_at == last_two_way(pairs), contact.display_name
        checked += 1
    assert checked == 40
    # Some contacts' latest interaction is one-way: the two dates differ there.
    assert any(c.last_interaction_at != c.last_two_way_at for c in Contact.select())


def test_new_from_import_in_sql_is_the_domain_rule(db, clock, tmp_path):
    from relmanager.store import importer

    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported {n}\r\nEND:VCARD\r\n"
                    for n in range(12))
    source = tmp_path / "people.vcf"
    source.write_text(cards, encoding="utf-8")
    from relmanager.interchange import parse_file

    importer.apply_plan(importer.plan_import(parse_file(source), str(source)), clock)
    typed = [create_contact(clock, f"Typed {n}").id for n in range(5)]  # Inbox, not imported
    imported = [c.id for c in Contact.select().where(Contact.import_batch.is_null(False))]
    assert len(imported) == 12 and typed
    activity.move_stage(clock, imported[:3], Stage.ENCOUNTER)  # placed: no longer new
    set_archived(clock, imported[3:5], True)
    now = clock.now()
    domain = {c.id for c in Contact.select()
              if new_from_import(c.stage, c.import_batch_id is not None, c.archived)}
    for archived in (False, None):  # archived ones are never new, whatever the filter
        sql = set(queries.contact_ids(queries.ContactFilter(new_from_import=True,
                                                            archived=archived), now))
        assert sql == domain
    assert len(domain) == 7  # 12 imported, 3 placed, 2 archived
