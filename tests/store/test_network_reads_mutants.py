"""The network's reads where the first exact tests left mutants alive: an e-mail the
user only received is no two-way contact for the tie's frequency and richness either (as
it is none for going cold), whether the whole network is read or one profile."""

from __future__ import annotations

from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.store import activity, capture, network_reads
from relmanager.store.models import Interaction
from tests.capture.test_capture_store import FIXTURES, _mail_plan, people  # noqa: F401


def test_a_mail_only_received_is_not_two_way_contact(people, clock):  # noqa: F811
    capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    grace = people["grace"]
    # Grace: one mail only received (Feb 4), then one the user wrote to her (Feb 6),
    # and a meeting logged by hand.
    activity.log_interaction(clock, [grace], "one_on_one")
    assert Interaction.select().where(Interaction.contact == grace).count() == 3
    today = clock.now().date()
    facts = network_reads.tie_facts(today)[grace]
    rank = {c.key: c.richness for c in BUILTIN_CHANNELS}
    assert facts.two_way_recent == 2
    assert facts.mean_richness == (rank["email"] + rank["one_on_one"]) / 2
    assert network_reads.tie_facts(today, only=grace) == {grace: facts}
    assert "2 two-way contacts in the last year" in [
        f.detail for f in network_reads.strength_of(grace, today).factors]
