"""The peewee models, bound to a :class:`~peewee.DatabaseProxy` opened by ``init_db``.

Hot queries read denormalised columns kept up to date by :mod:`relmanager.store.repo`:
``Contact.last_interaction_at`` / ``last_channel`` for the list, ``cooling_at`` /
``cold_at`` for going-cold scans (a range query instead of per-row date arithmetic), and
``search_text`` for search as you type. Datetimes are naive local time.
"""

from __future__ import annotations

import threading
from datetime import datetime

import peewee as pw

from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.stages import Stage
from relmanager.store import first_look
from relmanager.store.fields import AutoIncrementField


class _StoreProxy(pw.DatabaseProxy):
    """The store, opened at its first use on the UI thread when the window's first paint
    went without it (store/first_look.py). The reader and the writer open it before
    they start; a read made on the UI thread itself (a filter's count, a dialog's
    check) could come first, from an input event queued before the list's read, and
    met "Cannot use uninitialized Proxy"."""

    def __getattr__(self, attr: str) -> object:
        if (self.obj is None and first_look.opening_deferred()
                and threading.current_thread() is threading.main_thread()):
            first_look.open_store()
        return super().__getattr__(attr)


database = _StoreProxy()


def _now() -> datetime:
    # Only a default for rows created outside repo (which passes its clock's time).
    return datetime.now()


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Channel(BaseModel):
    key = pw.CharField(unique=True)
    name = pw.CharField()
    kind = pw.CharField()  # domain.channels.ChannelKind
    richness = pw.IntegerField()  # 1 is richest
    two_way = pw.BooleanField(default=True)
    min_stage = pw.CharField(default=Stage.ENCOUNTER.value)
    builtin = pw.BooleanField(default=False)


class ImportBatch(BaseModel):
    source = pw.TextField()  # file name as the user chose it
    format = pw.CharField()
    created_at = pw.DateTimeField(default=_now)
    added = pw.IntegerField(default=0)
    merged = pw.IntegerField(default=0)
    skipped = pw.IntegerField(default=0)
    undone_at = pw.DateTimeField(null=True)


class Contact(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    display_name = pw.CharField(index=True)
    first_name = pw.CharField(default="")
    last_name = pw.CharField(default="")
    sort_name = pw.CharField(index=True)  # casefolded "last first", for sorting
    organisation = pw.CharField(default="", index=True)
    title = pw.CharField(default="")
    photo = pw.BlobField(null=True)
    birthday = pw.CharField(null=True)  # YYYY-MM-DD, or --MM-DD when the year is unknown
    sphere = pw.CharField(default="business")  # personal | business | both
    stage = pw.CharField(default=Stage.INBOX.value)
    intent = pw.TextField(default="")  # why this connection
    how_met = pw.CharField(default="")
    where_met = pw.CharField(default="")
    met_on = pw.DateField(null=True)
    introduced_by = pw.ForeignKeyField(
        "self", null=True, backref="introduced", on_delete="SET NULL"
    )
    cadence_days = pw.IntegerField(null=True)  # per-contact override of the ideal gap
    notes = pw.TextField(default="")
    archived = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=_now)
    updated_at = pw.DateTimeField(default=_now)
    # Denormalised for hot paths; maintained by repo.
    last_interaction_at = pw.DateTimeField(null=True)
    last_two_way_at = pw.DateTimeField(null=True)
    last_channel = pw.ForeignKeyField(Channel, null=True, on_delete="SET NULL")
    cooling_at = pw.DateTimeField(null=True)  # null: never goes cold (inbox, parked...)
    cold_at = pw.DateTimeField(null=True)
    search_text = pw.TextField(default="")
    import_batch = pw.ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    uid = pw.CharField(unique=True)  # stable identity for vCard/CardDAV

    class Meta:
        indexes = (
            (("stage", "archived", "sort_name"), False),
            (("archived", "sort_name"), False),
            (("archived", "cooling_at"), False),
            (("archived", "last_interaction_at"), False),
        )


class ContactEmail(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")
    email = pw.CharField(index=True)  # stored lower-cased
    label = pw.CharField(default="")
    position = pw.IntegerField(default=0)


class ContactPhone(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    number = pw.CharField()
    label = pw.CharField(default="")
    position = pw.IntegerField(default=0)


class ContactLink(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="links", on_delete="CASCADE")
    kind = pw.CharField()  # linkedin, blog, twitter, mastodon, github, website, other
    url = pw.CharField()
    position = pw.IntegerField(default=0)


class Tag(BaseModel):
    name = pw.CharField(unique=True, collation="NOCASE")
    kind = pw.CharField(default="topic")  # community | topic | event | other


class ContactTag(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = pw.ForeignKeyField(Tag, backref="contact_tags", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True), (("tag", "contact"), False))


class TimeBoxPlan(BaseModel):
    name = pw.CharField(default="Network time")
    size = pw.CharField(default="small")  # domain.timebox.BoxSize
    minutes = pw.IntegerField(default=15)
    weekdays = pw.CharField(default="0,1,2,3,4")  # 0 = Monday
    start_time = pw.CharField(default="08:30")  # HH:MM local
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=_now)


class TimeBoxSession(BaseModel):
    plan = pw.ForeignKeyField(TimeBoxPlan, null=True, backref="sessions", on_delete="SET NULL")
    started_at = pw.DateTimeField(index=True)
    planned_minutes = pw.IntegerField()
    ended_at = pw.DateTimeField(null=True)
    manual = pw.BooleanField(default=False)


class Interaction(BaseModel):
    """One contact's part of an event. An event with several people is logged as one row
    per contact sharing a ``group_key``, so every per-contact query stays a plain index
    lookup."""

    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    occurred_at = pw.DateTimeField()  # the event's own date, may be in the past
    channel = pw.ForeignKeyField(Channel, backref="interactions", on_delete="RESTRICT")
    initiated_by = pw.CharField(default=Initiator.ME.value)
    exchange = pw.CharField(default=Exchange.NEUTRAL.value)
    minutes = pw.IntegerField(default=0)
    note = pw.TextField(default="")
    group_key = pw.CharField(null=True, index=True)
    created_at = pw.DateTimeField(default=_now)
    timebox_session = pw.ForeignKeyField(
        TimeBoxSession, null=True, backref="interactions", on_delete="SET NULL"
    )
    import_batch = pw.ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    uid = pw.CharField(null=True)  # given when first synced (unique where set)

    class Meta:
        indexes = (
            # With the channel, the last year's two-way contact per person (tie strength)
            # is read from the index alone (schema 8; was contact, occurred_at).
            (("contact", "occurred_at", "channel"), False),
            (("occurred_at", "channel"), False),
            (("channel", "occurred_at"), False),
            (("contact", "exchange"), False),  # give/take per contact without the rows
        )


class StageChange(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="stage_changes", on_delete="CASCADE")
    from_stage = pw.CharField(null=True)  # null for the first placement
    to_stage = pw.CharField()
    changed_at = pw.DateTimeField()

    class Meta:
        indexes = ((("contact", "changed_at"), False), (("changed_at",), False))


class Introduction(BaseModel):
    """An introduction from request to closed loop. A null person means the user."""

    id = AutoIncrementField()  # never reused: undo puts rows back by id
    requester = pw.ForeignKeyField(
        Contact, null=True, backref="introductions_requested", on_delete="CASCADE"
    )
    target = pw.ForeignKeyField(
        Contact, null=True, backref="introductions_targeted", on_delete="CASCADE"
    )
    introducer = pw.ForeignKeyField(
        Contact, null=True, backref="introductions_made", on_delete="CASCADE"
    )
    reason_requester = pw.TextField(default="")  # why it benefits the requester
    reason_target = pw.TextField(default="")  # why it benefits the target
    status = pw.CharField(default="requested", index=True)
    requested_at = pw.DateTimeField()
    consent_asked_at = pw.DateTimeField(null=True)
    consent_given_at = pw.DateTimeField(null=True)
    declined_at = pw.DateTimeField(null=True)
    made_at = pw.DateTimeField(null=True)
    followed_up_at = pw.DateTimeField(null=True)
    closed_at = pw.DateTimeField(null=True)
    follow_up_due_at = pw.DateTimeField(null=True, index=True)
    outcome = pw.TextField(default="")  # did they meet, how did it go
    note = pw.TextField(default="")
    uid = pw.CharField(null=True)  # given when first synced (schema 7)


class FollowUp(BaseModel):
    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="follow_ups", on_delete="CASCADE")
    title = pw.CharField()
    due_at = pw.DateTimeField()
    done_at = pw.DateTimeField(null=True)
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=_now)
    interaction = pw.ForeignKeyField(
        Interaction, null=True, backref="follow_ups", on_delete="SET NULL"
    )
    introduction = pw.ForeignKeyField(
        Introduction, null=True, backref="follow_ups", on_delete="CASCADE"
    )
    uid = pw.CharField(null=True)  # given when first synced (unique where set)

    class Meta:
        indexes = ((("done_at", "due_at"), False), (("contact", "due_at"), False))


class ImportMerge(BaseModel):
    """What a merge changed on an existing contact, so that undoing the import restores
    the contact exactly as it was."""

    id = AutoIncrementField()  # never reused: undo puts rows back by id
    batch = pw.ForeignKeyField(ImportBatch, backref="merges", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")
    before_json = pw.TextField()


class NotificationState(BaseModel):
    """What was already announced, and what is snoozed.

    ``kind`` + ``subject`` name the thing (e.g. ``cold`` + contact id); ``occurrence``
    names this crossing of it (e.g. the cold-at date), so the next crossing is announced
    again but a restart does not repeat this one.
    """

    kind = pw.CharField()
    subject = pw.CharField()
    occurrence = pw.CharField(default="")
    announced_at = pw.DateTimeField(null=True)
    snoozed_until = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("kind", "subject"), True),)


class Setting(BaseModel):
    """Preferences that the command line and the GUI must share (cadences, time-box
    defaults); window layout lives in QSettings instead."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()  # JSON


class SyncItem(BaseModel):
    """One thing shared with a CardDAV/CalDAV server: where it lives there, its ETag, and
    the fields both sides last agreed on (the base of the three-way merge).

    ``state``: ``synced``; ``deleted`` (gone here, to delete there; ``local_id`` is null);
    ``pending`` (on the server, not yet taken over here, retried on the next sync)."""

    kind = pw.CharField()  # contact | interaction | follow_up
    local_id = pw.IntegerField(null=True)
    uid = pw.CharField()
    href = pw.CharField(unique=True)
    etag = pw.CharField(default="")
    base_json = pw.TextField(null=True)
    state = pw.CharField(default="synced")

    class Meta:
        indexes = ((("kind", "local_id"), True), (("kind", "uid"), True))


class SyncConflict(BaseModel):
    """A field both devices changed differently: this device's value was kept, the
    other device's is here until the user chooses."""

    kind = pw.CharField()
    local_id = pw.IntegerField()
    field = pw.CharField()
    local_json = pw.TextField()
    remote_json = pw.TextField()
    found_at = pw.DateTimeField(default=_now)

    class Meta:
        indexes = ((("kind", "local_id", "field"), True),)


class ContactRelation(BaseModel):
    """A relation between two contacts that the user entered (schema 8): "Ann is Bob's
    colleague". Stored once per pair and kind, the lower id first. ("Introduced by" is
    ``Contact.introduced_by``.)"""

    id = AutoIncrementField()  # never reused: undo puts rows back by id
    contact = pw.ForeignKeyField(Contact, backref="relations", on_delete="CASCADE")
    other = pw.ForeignKeyField(Contact, backref="related_by", on_delete="CASCADE")
    kind = pw.CharField()  # domain.network.RelationKind
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        indexes = ((("contact", "other", "kind"), True), (("other",), False))


class TieOverride(BaseModel):
    """A tie strength the user set by hand (schema 8), kept over the computed one."""

    contact = pw.ForeignKeyField(Contact, primary_key=True, on_delete="CASCADE")
    score = pw.IntegerField()
    set_at = pw.DateTimeField(default=_now)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Channel,
    ImportBatch,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactLink,
    Tag,
    ContactTag,
    TimeBoxPlan,
    TimeBoxSession,
    Interaction,
    StageChange,
    Introduction,
    FollowUp,
    ImportMerge,
    NotificationState,
    Setting,
    SyncItem,
    SyncConflict,
    ContactRelation,
    TieOverride,
)
