"""Give and take over the last year, counted in SQL from the interaction log."""

from __future__ import annotations

from datetime import datetime, timedelta

import peewee as pw

from relmanager.domain.reciprocity import RECENT_DAYS, Balance, Exchange
from relmanager.store.models import Interaction

WINDOW = timedelta(days=RECENT_DAYS)


def last_year(contact_id: int, now: datetime) -> Balance:
    """Gives, asks, receives and neutral interactions with one contact in the past year."""
    counts = dict(Interaction.select(Interaction.exchange, pw.fn.count(Interaction.id))
                  .where((Interaction.contact == contact_id)
                         & (Interaction.occurred_at > now - WINDOW)
                         & (Interaction.occurred_at <= now))
                  .group_by(Interaction.exchange).tuples())
    return Balance(counts.get(Exchange.GIVE.value, 0), counts.get(Exchange.ASK.value, 0),
                   counts.get(Exchange.RECEIVE.value, 0), counts.get(Exchange.NEUTRAL.value, 0))


def ever(contact_id: int) -> Balance:
    counts = dict(Interaction.select(Interaction.exchange, pw.fn.count(Interaction.id))
                  .where(Interaction.contact == contact_id)
                  .group_by(Interaction.exchange).tuples())
    return Balance(counts.get(Exchange.GIVE.value, 0), counts.get(Exchange.ASK.value, 0),
                   counts.get(Exchange.RECEIVE.value, 0), counts.get(Exchange.NEUTRAL.value, 0))
