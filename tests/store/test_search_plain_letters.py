"""Search finds "Ødegård" for "odegard", "Łukasz" for "lukasz" and the other way round:
``domain.text.fold`` writes the letters of its PLAIN_LETTERS plainly, for search and for
duplicate finding alike (one rule). The SQL side is the stored folded text (made by the
same function, registered as ``rm_fold``) and the two full-text indexes over it, whose
tokenizers must not undo or miss what the fold did (parity). A database written before
keeps its old folded text until the migration step refolds it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relmanager.domain.clock import FakeClock
from relmanager.domain.text import PLAIN_LETTERS, fold
from relmanager.store import contacts, importer, migrations, queries
from relmanager.store.db import close_db, init_db
from relmanager.store.models import Contact, Tag, database

PEOPLE = ("Zoë Ødegård", "Łukasz Wałęsa", "Þóra Æsadóttir", "Œdipe Ðorđević", "Ħal Iıgaz")


def found(text: str, now) -> set[str]:
    ids = queries.contact_ids(queries.ContactFilter(text=text), now)
    return {c.display_name for c in Contact.select().where(Contact.id.in_(ids))}


@pytest.mark.parametrize(("typed", "who"), [
    ("odegard", "Zoë Ødegård"), ("Ødegård", "Zoë Ødegård"), ("zoe o", "Zoë Ødegård"),
    ("ø", "Zoë Ødegård"), ("lukasz walesa", "Łukasz Wałęsa"), ("ŁUKASZ", "Łukasz Wałęsa"),
    ("thora", "Þóra Æsadóttir"), ("aesa", "Þóra Æsadóttir"), ("oedipe", "Œdipe Ðorđević"),
    ("dordevic", "Œdipe Ðorđević"), ("hal", "Ħal Iıgaz"), ("iigaz", "Ħal Iıgaz"),
])
def test_search_finds_either_spelling(db, clock, typed, who):
    for name in PEOPLE:
        contacts.create_contact(clock, name)
    contacts.create_contact(clock, "Olga Dahl")  # found by neither spelling's long terms
    assert who in found(typed, clock.now())
    if len(typed) >= 3:
        assert found(typed, clock.now()) == {who}


def test_the_stored_text_and_both_indexes_agree_with_fold(db, clock):
    """Parity: ``rm_fold`` in SQL is the domain's fold, every stored search text is the
    fold of the contact's fields, and each letter's plain form is found through the
    trigram index (three letters and more) and the word-prefix index (shorter)."""
    for letter, plain in PLAIN_LETTERS.items():
        assert database.execute_sql("SELECT rm_fold(?)", (letter.upper(),)).fetchone()[0] \
            == fold(letter.upper()) == plain
        contact = contacts.create_contact(clock, f"X{letter}yz Q{letter}")
        stored = Contact.get_by_id(contact.id).search_text
        assert stored.split()[:2] == [f"x{plain}yz", f"q{plain}"]
        for table, term in (("contact_fts", f'"x{plain}yz"'), ("contact_words", f'"q{plain}"*')):
            rows = database.execute_sql(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (term,)).fetchall()
            assert (contact.id,) in rows, (letter, table)


def test_a_database_written_before_is_refolded_and_reindexed(db_path: Path, clock: FakeClock):
    init_db(db_path, clock=clock)
    zoe = contacts.create_contact(clock, "Zoë Ødegård", organisation="Blåbær AS")
    olga = contacts.create_contact(clock, "Olga Dahl")
    olga_text = Contact.get_by_id(olga.id).search_text
    close_db()
    # The stored text of an older version: "ø" and "æ" kept (the triggers reindex it).
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE contact SET search_text = 'zoe ødegard blabær as ', "
                 "sort_name = 'ødegard zoe' WHERE id = ?", (zoe.id,))
    conn.execute(f"PRAGMA user_version = {migrations.LATEST - 1}")
    conn.commit()
    conn.close()

    init_db(db_path, clock=clock)
    row = Contact.get_by_id(zoe.id)
    assert row.search_text == "zoe odegard blabaer as "
    assert row.sort_name == "odegard zoe" == contacts.sort_key("Zoë Ødegård", "Zoë", "Ødegård")
    assert Contact.get_by_id(olga.id).search_text == olga_text  # nothing to refold
    now = clock.now()
    assert found("odegard", now) == {"Zoë Ødegård"} == found("Ødegård", now)
    assert found("blabaer", now) == {"Zoë Ødegård"} and found("od", now) == {"Zoë Ødegård"}
    assert found("ødeg", now) == {"Zoë Ødegård"}


def test_an_imported_tag_goes_to_the_tag_of_its_own_name(db, clock):
    """Two tags may fold alike ("José" and "Jose"): the imported name's own wins."""
    accented, plain = Tag.create(name="José").id, Tag.create(name="Jose").id
    assert importer._tag_ids(["José"]) == {"jose": accented}
    assert importer._tag_ids(["Jose"]) == {"jose": plain}
    lukasz, lukasz_plain = Tag.create(name="Łukasz").id, Tag.create(name="Lukasz").id
    assert importer._tag_ids(["Łukasz"]) == {"lukasz": lukasz}
    assert importer._tag_ids(["Lukasz"]) == {"lukasz": lukasz_plain}
