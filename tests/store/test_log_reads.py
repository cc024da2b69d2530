"""store.log_reads to the value, without the dialog (tests/ui/test_log_dialog_reads.py
drives it in the window; mutmut's fast subset has no window): what the log dialog reads
when it opens, for no contact, a contact, and a contact deleted meanwhile."""

from __future__ import annotations

from relmanager.domain.reciprocity import Balance
from relmanager.domain.stages import Stage
from relmanager.store import activity, channel_reads, log_reads
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact


def test_the_advice_facts_are_the_contacts_stage_and_give_and_take(db, clock):
    nia = create_contact(clock, "Nia New", stage=Stage.ENCOUNTER)
    other = create_contact(clock, "Oli Other", stage=Stage.FRIENDSHIP)
    for exchange in ("give", "ask", "ask", "receive", "neutral", "receive", "receive"):
        activity.log_interaction(clock, [nia.id], "phone", exchange=exchange)
    activity.log_interaction(clock, [other.id], "phone", exchange="give")
    facts = log_reads.advice_facts(nia.id)
    assert facts == log_reads.AdviceFacts(nia.id, Stage.ENCOUNTER.value, Balance(1, 2, 3, 1))
    assert log_reads.advice_facts(other.id) == log_reads.AdviceFacts(
        other.id, Stage.FRIENDSHIP.value, Balance(1, 0, 0, 0))
    assert log_reads.advice_facts(other.id + 100) is None


def test_the_opening_reads_the_channels_and_the_chosen_contact(db, clock):
    nia = create_contact(clock, "Nia New", organisation="Acme", stage=Stage.ENCOUNTER)
    activity.log_interaction(clock, [nia.id], "phone", exchange="receive")
    channels = tuple(channel_reads.channels())
    assert channels  # the built-in channels, in their order
    assert log_reads.opening(None) == log_reads.LogOpening(channels)
    assert log_reads.opening(0) == log_reads.LogOpening(channels, None, None)
    assert log_reads.opening(nia.id) == log_reads.LogOpening(
        channels, ("Nia New", "Acme"),
        log_reads.AdviceFacts(nia.id, Stage.ENCOUNTER.value, Balance(receives=1)))
    Contact.delete().where(Contact.id == nia.id).execute()
    assert log_reads.opening(nia.id) == log_reads.LogOpening(channels, None, None)
