"""Upcoming calendar events with known attendees (issue 24, item 6: meeting briefs).

A small table, not a history: each read of a calendar source replaces the events of that
source still to come, so it holds what the user's calendar says is next. An event that has
started stays until it is logged or a week old, so "Log it" still works after a re-read.
"""

from __future__ import annotations

import peewee as pw

from relmanager.store.models import BaseModel, Contact


class UpcomingEvent(BaseModel):
    source = pw.TextField()  # the .ics file or the account, as capture names it
    #: The capture key (UID, or UID|RECURRENCE-ID): the same occurrence captured later
    #: from the calendar, or logged here, is one interaction, never two.
    event_key = pw.CharField(max_length=1000)
    starts_at = pw.DateTimeField(index=True)  # naive local time, the store's convention
    ends_at = pw.DateTimeField()
    summary = pw.CharField(max_length=200, default="")
    channel = pw.CharField()  # a built-in channel key (domain.capture.event_channel)
    minutes = pw.IntegerField(default=0)
    logged_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "upcoming_event"
        indexes = ((("source", "event_key"), True),)


class UpcomingParticipant(BaseModel):
    event = pw.ForeignKeyField(UpcomingEvent, backref="participants", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")
    email = pw.CharField()

    class Meta:
        table_name = "upcoming_participant"
        indexes = ((("event", "contact"), True), (("contact",), False))


UPCOMING_MODELS = (UpcomingEvent, UpcomingParticipant)
