"""Changing or deleting an event already logged, from one profile's History (or, for the
fields, another device's edit pulled by sync): for every participant or only this one,
keeping a synced group event's server entry, and putting back exactly what was there
on undo. Logging an event and moving stages are :mod:`relmanager.store.activity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from relmanager.store import denorm, sync_pairs
from relmanager.store.activity import channel_by_key, delete_interactions
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Channel, Contact, FollowUp, Interaction, database
from relmanager.store.validation import clean_minutes, clean_text


@dataclass(frozen=True)
class DeletedRows:
    """Interaction rows as they were, and what pointed at them, so an undone delete puts
    back the very same rows (same ids, same group key)."""

    rows: tuple[dict, ...]
    capture_links: tuple[tuple[int, int], ...]  # (capture item id, interaction id)
    follow_up_links: tuple[tuple[int, int], ...]  # (follow-up id, interaction id)
    #: What the server last had for the event (sync_pairs.kept_texts): synced before the
    #: undo, it goes back patched into it, another client's alarm or categories kept.
    sync_texts: tuple[tuple[str, str, str, str | None], ...] = ()


def event_rows(interaction_id: int, everyone: bool) -> list[int]:
    """The rows a delete or an edit of ``interaction_id`` from one profile touches.

    A group event is one row per participant. *For everyone*: every participant's row
    (the event did not happen, or happened otherwise, for all). *Only this person*: this
    contact's row alone; the others keep the event (they still met), and the history of
    each shows the remaining participants."""
    key = (Interaction.select(Interaction.group_key)
           .where(Interaction.id == interaction_id).scalar())
    if not everyone or not key:
        return [interaction_id]
    return [i for (i,) in Interaction.select(Interaction.id)
            .where(Interaction.group_key == key).order_by(Interaction.id).tuples()]


def delete_event(interaction_id: int, everyone: bool) -> DeletedRows:
    """Delete one event from one profile, for every participant or only this one (see
    :func:`event_rows`), in one transaction; returns what :func:`restore_rows` needs."""
    with database.atomic():
        ids = event_rows(interaction_id, everyone)
        if not Interaction.select().where(Interaction.id == interaction_id).exists():
            raise NotFoundError("that interaction is no longer there")
        return delete_rows(ids)


def delete_rows(ids: Sequence[int]) -> DeletedRows:
    """Delete these interaction rows, keeping what :func:`restore_rows` needs to put the
    very same rows back (and the server's text of a synced one)."""
    from relmanager.store.capture_models import CaptureItem

    ids = list(ids)
    with database.atomic():
        rows = tuple(Interaction.select().where(Interaction.id.in_(ids)).dicts())
        captured = tuple(CaptureItem.select(CaptureItem.id, CaptureItem.interaction)
                         .where(CaptureItem.interaction.in_(ids)).tuples())
        follow_ups = tuple(FollowUp.select(FollowUp.id, FollowUp.interaction)
                           .where(FollowUp.interaction.in_(ids)).tuples())
        texts = tuple(sync_pairs.kept_texts("interaction", rows))
        delete_interactions(ids)
        _keep_group_synced(rows)
    return DeletedRows(rows, captured, follow_ups, texts)


@dataclass(frozen=True)
class Unlogged:
    """An event the Log dialog made, undone: its rows and the follow-up logged with it,
    as they were, so a redo puts back the same event rather than logging a new one (a
    new uid, the time of the redo, and whatever another client had added to the synced
    entry lost)."""

    deleted: DeletedRows
    follow_up: dict | None
    follow_up_texts: tuple[tuple[str, str, str, str | None], ...] = ()


def unlog(interaction_ids: Sequence[int], follow_up_id: int | None) -> Unlogged:
    """Undo a logged event: its rows and its follow-up go, in one transaction; returns
    what :func:`relog` needs. Rows deleted meanwhile (from History, on another device)
    are simply not there to keep."""
    with database.atomic():
        follow_up = FollowUp.select().where(FollowUp.id == follow_up_id).dicts().first()
        texts = tuple(sync_pairs.kept_texts("follow_up", [follow_up])) if follow_up else ()
        if follow_up:
            FollowUp.delete().where(FollowUp.id == follow_up_id).execute()
        deleted = delete_rows(interaction_ids)
    return Unlogged(deleted, follow_up, texts)


def relog(unlogged: Unlogged) -> None:
    """Redo a logged event that was undone: the same rows, ids and uids, with their
    follow-up; a synced entry goes back patched into the server's text."""
    with database.atomic():
        if unlogged.follow_up is not None:
            _still_there([unlogged.follow_up])
        restore_rows(unlogged.deleted)
        if unlogged.follow_up is not None:
            FollowUp.insert(unlogged.follow_up).execute()  # (no warmth: restore_rows')
            sync_pairs.keep_for_revival(unlogged.follow_up_texts)


def _keep_group_synced(rows: Sequence[dict]) -> None:
    """One participant left a synced group event: the server entry stays (with one
    attendee fewer). The event's lead row carries its uid (relmanager.store.group_sync):
    when that row went, the next one takes the uid over; the lead is queued for sync."""
    from relmanager.store import group_sync

    for row in rows:
        key = row["group_key"]
        if not key:
            continue
        lead = (Interaction.select(Interaction.id).where(Interaction.group_key == key)
                .order_by(Interaction.id).first())
        if lead is None:
            continue
        if row["uid"] and lead.id > row["id"]:
            Interaction.update(uid=row["uid"]).where(Interaction.id == lead.id).execute()
            # The row left the group but is still here (an edit for this person only):
            # the server entry's pairing follows the uid to the new lead.
            database.execute_sql("UPDATE sync_item SET local_id = ? WHERE kind = "
                                 "'interaction' AND local_id = ?", (lead.id, row["id"]))
        group_sync.mark_changed([lead.id])


def restore_rows(deleted: DeletedRows) -> None:
    """Undo :func:`delete_event`: the same rows with the same ids, re-linked."""
    from relmanager.store.capture_models import CaptureItem

    with database.atomic():
        _still_there(deleted.rows)
        for row in deleted.rows:
            if row["uid"]:  # handed over to the next participant's row: taken back
                holder = Interaction.get_or_none(Interaction.uid == row["uid"])
                if holder is not None:
                    Interaction.update(uid=None).where(Interaction.id == holder.id).execute()
                    database.execute_sql("UPDATE sync_item SET local_id = ? WHERE kind = "
                                         "'interaction' AND local_id = ?",
                                         (row["id"], holder.id))
            Interaction.insert(row).execute()
        _keep_group_synced(deleted.rows)
        for item, interaction in deleted.capture_links:
            CaptureItem.update(interaction=interaction).where(CaptureItem.id == item).execute()
        for follow_up, interaction in deleted.follow_up_links:
            FollowUp.update(interaction=interaction).where(FollowUp.id == follow_up).execute()
        contact_ids = {row["contact"] for row in deleted.rows}
        denorm.refresh_last_interaction(contact_ids)
        denorm.refresh_due_dates(contact_ids)
        sync_pairs.keep_for_revival(deleted.sync_texts)


def _still_there(rows: Sequence[dict]) -> None:
    """Refuse, with a reason, to put back rows whose contact went meanwhile
    (deleted or merged away in another window or program, or by a sync, between the
    undo and the redo): SQLite's own answer was "FOREIGN KEY constraint failed"."""
    people = {row["contact"] for row in rows}
    if len(people) > Contact.select().where(Contact.id.in_(list(people))).count():
        raise NotFoundError("someone at this event is no longer in your contacts (deleted or "
                            "merged meanwhile); nothing was put back")


def edit_event(interaction_id: int, everyone: bool, **values: object) -> list[int]:
    """Change one event from one profile (``occurred_at``, ``channel``, ``minutes``,
    ``exchange``, ``initiated_by``, ``note``): *for everyone*, every participant's row;
    *only this person*, this row, which leaves the group first (it becomes an event of
    its own: the others' stays as it was). Returns the rows changed."""
    allowed = {"occurred_at", "channel", "minutes", "exchange", "initiated_by", "note"}
    if set(values) - allowed:
        raise ValidationError(f"cannot edit {sorted(set(values) - allowed)[0]}")
    if "channel" in values and not isinstance(values["channel"], Channel):
        values["channel"] = channel_by_key(str(values["channel"]))
    if "minutes" in values:
        values["minutes"] = clean_minutes(int(values["minutes"]))  # type: ignore[arg-type]
    if "note" in values:
        values["note"] = clean_text(str(values["note"]), "note")
    with database.atomic():
        row = Interaction.get_or_none(Interaction.id == interaction_id)
        if row is None:
            raise NotFoundError("that interaction is no longer there")
        ids = event_rows(interaction_id, everyone)
        if not everyone and row.group_key and len(event_rows(interaction_id, True)) > 1:
            Interaction.update(group_key=None, uid=None).where(
                Interaction.id == row.id).execute()
            _keep_group_synced([{"group_key": row.group_key, "uid": row.uid, "id": row.id}])
        if values:
            write_event_fields(ids, values)
        contact_ids = {c for (c,) in Interaction.select(Interaction.contact)
                       .where(Interaction.id.in_(ids)).tuples()}
        denorm.refresh_last_interaction(contact_ids)
        denorm.refresh_due_dates(contact_ids)
    return ids


#: What the user says about an event (History's edit; another device's, by sync): a
#: captured row one of them changes is the user's from then on (:func:`write_event_fields`).
EVENT_FIELDS = ("occurred_at", "channel", "minutes", "exchange", "initiated_by", "note")


def write_event_fields(ids: Sequence[int], values: dict[str, object]) -> None:
    """Write a user's edit of an event to its rows ``ids``: the one way such an edit
    reaches the table, whether made in History here or on another device and pulled by
    sync. A captured row whose :data:`EVENT_FIELDS` it changes becomes the user's: its
    capture item lets go of it (and stays, so the next run does not capture it again),
    and undoing that capture leaves it. Undoing a capture deleted a meeting with the note
    written on it since ("Agreed to send the proposal"), with no word. A row the edit
    leaves as it was (sync bringing back what this device sent) stays the capture's."""
    from relmanager.store.capture_models import CaptureItem

    ids = list(ids)
    columns = [getattr(Interaction, name) for name in EVENT_FIELDS]
    before = {row[0]: row[1:] for row in Interaction.select(Interaction.id, *columns)
              .where(Interaction.id.in_(ids)).tuples()}
    Interaction.update(**values).where(Interaction.id.in_(ids)).execute()
    changed = [row[0] for row in Interaction.select(Interaction.id, *columns)
               .where(Interaction.id.in_(ids)).tuples() if before.get(row[0]) != row[1:]]
    if changed:
        CaptureItem.update(interaction=None).where(
            CaptureItem.interaction.in_(changed)).execute()


@dataclass(frozen=True)
class EditedEvent:
    """An edit from the History tab, with the rows as they were, to put back exactly."""

    interaction_id: int
    before: tuple[dict, ...]
    detached: bool  # the row left its group ("only this person")
    fields: tuple[str, ...]
    #: (capture item, interaction) of the rows captured before the edit made them the
    #: user's: an undone edit did not happen, so undo-capture takes them again.
    captured: tuple[tuple[int, int], ...] = ()


def edit_event_undoable(interaction_id: int, everyone: bool,
                        **values: object) -> EditedEvent:
    """:func:`edit_event`, remembering every row of the event as it was."""
    from relmanager.store.capture_models import CaptureItem

    with database.atomic():
        rows = event_rows(interaction_id, True)
        before = tuple(Interaction.select().where(Interaction.id.in_(rows)).dicts())
        captured = tuple(CaptureItem.select(CaptureItem.id, CaptureItem.interaction)
                         .where(CaptureItem.interaction.in_(rows)).tuples())
        edit_event(interaction_id, everyone, **values)
    return EditedEvent(interaction_id, before, not everyone and len(rows) > 1,
                       tuple(values), captured)


def undo_edit_event(edit: EditedEvent) -> None:
    """Put the rows back: a row that left its group rejoins it, with its uid and sync
    pairing; otherwise the edited fields take their old values. Captured rows are the
    capture's again."""
    from relmanager.store.capture_models import CaptureItem

    with database.atomic():
        if edit.detached:
            Interaction.delete().where(Interaction.id == edit.interaction_id).execute()
            restore_rows(DeletedRows(
                tuple(r for r in edit.before if r["id"] == edit.interaction_id),
                tuple(c for c in edit.captured if c[1] == edit.interaction_id), ()))
            return
        for row in edit.before:
            Interaction.update(**{k: row[k] for k in edit.fields}).where(
                Interaction.id == row["id"]).execute()
        here = {i for (i,) in Interaction.select(Interaction.id).where(
            Interaction.id.in_([c[1] for c in edit.captured])).tuples()}
        for item, interaction in edit.captured:
            if interaction in here:  # (one deleted since stays deleted)
                CaptureItem.update(interaction=interaction).where(
                    CaptureItem.id == item).execute()
        contact_ids = {row["contact"] for row in edit.before}
        denorm.refresh_last_interaction(contact_ids)
        denorm.refresh_due_dates(contact_ids)
