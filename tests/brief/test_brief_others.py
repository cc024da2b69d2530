"""A brief names the others of a group interaction (review 18, item 13): "with 2 others"
left the user to guess whom they met; a few are named, then "and N more"."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.brief import brief_text
from relmanager.store.activity import log_interaction
from relmanager.store.brief_reads import person_brief
from relmanager.store.contacts import create_contact


def test_the_others_are_named(people, clock):
    ann, bob = people
    cy = create_contact(clock, "Cy Moe")
    log_interaction(clock, [ann.id, bob.id, cy.id], "meeting",
                    occurred_at=clock.now() - timedelta(days=1), note="dinner", minutes=90)
    brief = person_brief(ann.id, clock.now())
    assert brief.last_interactions[0].others == ("Bob Roe", "Cy Moe")
    assert ", with Bob Roe and Cy Moe: dinner" in brief_text(brief)
    assert "Ann Lee" in brief_text(person_brief(bob.id, clock.now()))  # Bob's brief names Ann


def test_a_few_are_named_then_and_more(people, clock):
    ann, bob = people
    more = [create_contact(clock, name).id for name in ("Cy Moe", "Di Fay", "Ed Ray", "Flo Ng")]
    log_interaction(clock, [ann.id, bob.id, *more], "meeting",
                    occurred_at=clock.now() - timedelta(days=1), note="meetup", minutes=90)
    text = brief_text(person_brief(ann.id, clock.now()))
    assert ", with Bob Roe, Cy Moe, Di Fay and 2 more: meetup" in text
