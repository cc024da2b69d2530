"""The one list of a contact's own fields, and what each takes part in.

A contact field used to live in about ten hand-kept lists (what the form may edit, what an
import fills in, what an import merge can undo, what search reads, which columns the sync
trigger watches, which are our own properties on a card...). A field missing from one of
them fails quietly: a field never syncing on an existing install is the worst of it. Now
each list is derived from :data:`CONTACT_FIELDS`; tests/domain/test_contact_fields.py checks
every field against the model and the live triggers.

Adding a field: a column in ``store/models.py`` (plus a migration step), one
:class:`ContactField` row here, and the readers and writers of the formats it travels in
(``interchange`` for vCard/CSV, ``sync/entries.py`` for sync). See docs/HACKING.md.
"""

from __future__ import annotations

from typing import NamedTuple


class ContactField(NamedTuple):
    """One scalar field of a contact (a ``contact`` column), and its roles."""

    name: str
    #: The column's name when it differs (a foreign key: ``introduced_by_id``).
    column: str = ""
    #: ``store.contacts.update_contact`` accepts it (the profile's form).
    editable: bool = True
    #: Free text: cleaned (control characters, length) as text on every write.
    text: bool = False
    #: An import that merges into an existing contact fills it in when empty there.
    fillable: bool = False
    #: An import merge records it, so undoing the import puts it back.
    merge_undo: bool = False
    #: An edit queues the contact for sync (the change-tracking trigger watches it).
    synced: bool = True
    #: Ours alone on a card (an X- property): a card coming back without it keeps ours.
    own: bool = False
    #: Part of the folded text that search as you type reads.
    searchable: bool = False

    @property
    def sql_column(self) -> str:
        return self.column or self.name


_F = ContactField

CONTACT_FIELDS: tuple[ContactField, ...] = (
    _F("display_name", searchable=True),
    _F("first_name", text=True, searchable=True),
    _F("last_name", text=True, searchable=True),
    _F("organisation", text=True, fillable=True, merge_undo=True, searchable=True),
    _F("title", text=True, fillable=True, merge_undo=True, searchable=True),
    _F("photo"),
    _F("birthday", fillable=True, merge_undo=True),
    _F("sphere", own=True),
    _F("stage", editable=False, own=True),  # moved by store.activity.move_stage (history)
    _F("intent", text=True, fillable=True, merge_undo=True, own=True),
    _F("how_met", text=True, fillable=True, merge_undo=True, own=True, searchable=True),
    _F("where_met", text=True, fillable=True, merge_undo=True, own=True, searchable=True),
    _F("met_on", fillable=True, merge_undo=True, own=True),
    _F("introduced_by", column="introduced_by_id", own=True),
    _F("cadence_days", fillable=True, merge_undo=True, own=True),
    _F("notes", text=True, merge_undo=True, searchable=True),
    _F("archived", own=True),
)

BY_NAME: dict[str, ContactField] = {f.name: f for f in CONTACT_FIELDS}


def names(role: str) -> tuple[str, ...]:
    """The fields that have ``role`` (a boolean attribute of :class:`ContactField`), in
    the table's order."""
    return tuple(f.name for f in CONTACT_FIELDS if getattr(f, role))


EDITABLE: tuple[str, ...] = names("editable")
TEXT: tuple[str, ...] = names("text")
FILLABLE: tuple[str, ...] = names("fillable")
MERGE_UNDO: tuple[str, ...] = names("merge_undo")
OWN: tuple[str, ...] = names("own")
SEARCHABLE: tuple[str, ...] = names("searchable")
#: The columns whose update queues a contact for sync (the trigger's ``UPDATE OF`` list).
TRACKED_COLUMNS: tuple[str, ...] = tuple(f.sql_column for f in CONTACT_FIELDS if f.synced)
