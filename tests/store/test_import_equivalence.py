"""The fast import reads and writes what a plain one would: the vCard reader's shortcuts
(line heads read once per file, plain cards not joined, cards cut at BEGIN/END lines only,
CRLF split, plain URLs by regex, labels remembered, fold over non-ASCII runs only) must
read exactly what a line-by-line reader reads, and the bulk write (search triggers
dropped inside the transaction, the full-text tables fed in bulk, INDEXED BY for name
matches, the collector paused and the page cache raised) must leave the database, the
index, the collector and the cache as a plain write would, after a success, an undo, a
failure or a cancel."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest

from relmanager.domain.text import fold
from relmanager.interchange.records import ParsedContact, ParseResult, guess_link_kind
from relmanager.interchange.textio import split_lines
from relmanager.interchange.vcard_in import parse_vcard_bytes
from relmanager.store import importer, migrations
from relmanager.store.contacts import create_contact
from relmanager.store.db import init_db
from relmanager.store.errors import OperationCancelledError
from relmanager.store.models import Contact, database
from relmanager.store.queries import text_condition
from tests.store.other_writer import while_another_writes

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "schema_v1.sql"


# -- helpers -----------------------------------------------------------------------------
def _schema() -> list[tuple]:
    return sorted(database.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=str)


def _index_whole() -> None:
    for table in ("contact_fts", "contact_words"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def _found(text: str) -> list[int]:
    return sorted(c.id for c in Contact.select().where(text_condition(text)))


def _cache_size() -> int:
    return database.execute_sql("PRAGMA cache_size").fetchone()[0]


def _dump() -> tuple:
    contacts = database.execute_sql(
        "SELECT id, display_name, organisation, notes, search_text FROM contact ORDER BY id"
    ).fetchall()
    emails = database.execute_sql(
        "SELECT contact_id, email FROM contact_email ORDER BY 1, 2").fetchall()
    tags = database.execute_sql("SELECT id, name FROM tag ORDER BY id").fetchall()
    batches = database.execute_sql("SELECT count(*) FROM import_batch").fetchone()
    return contacts, emails, tags, batches


def _plan(records: list[ParsedContact]) -> importer.ImportPlan:
    return importer.plan_import(ParseResult(records, [], "vcard"), "review.vcf")


def _card(*lines: str, nl: str = "\r\n") -> str:
    return nl.join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + nl


# -- reader: the per-file head cache and the plain-card shortcut --------------------------
def test_a_cached_head_keeps_its_own_group_and_types_card_after_card():
    """The second and third cards reuse the heads of the first; each must still get its
    own Apple label (group labels are per card), and a lower-case head is a different
    text but the same property."""
    data = (
        _card("FN:One", "item1.EMAIL;type=INTERNET:one@x.example",
              "item1.X-ABLabel:_$!<Other>!$_", "item2.TEL;type=CELL:+1 1")
        + _card("FN:Two", "item1.EMAIL;type=INTERNET:two@x.example",
                "item1.X-ABLabel:Custom", "item2.TEL;type=CELL:+1 2")
        + _card("fn:Three", "item1.email;type=internet:three@x.example",
                "item2.TEL;type=CELL:+1 3")
    ).encode()
    one, two, three = parse_vcard_bytes(data, "apple.vcf").contacts
    assert one.emails == [("one@x.example", "other")]
    assert two.emails == [("two@x.example", "Custom")]
    assert three.emails == [("three@x.example", "")]  # no label of card 1 or 2 leaks in
    assert [c.phones for c in (one, two, three)] == [
        [("+1 1", "mobile")], [("+1 2", "mobile")], [("+1 3", "mobile")]]
    assert three.display_name == "Three"


def test_quoted_colons_and_semicolons_in_parameters_do_not_end_the_head():
    data = (
        _card("FN:A", 'EMAIL;X-NOTE="x;y:z";TYPE=work:a@x.example',
              'TEL;TYPE="cell,voice";X-Q="a:b":+1 5')
        + _card("FN:B", 'EMAIL;X-NOTE="x;y:z";TYPE=work:b@x.example',
                'EMAIL;X-NOTE="x;y":c@x.example')
    ).encode()
    a, b = parse_vcard_bytes(data, "quoted.vcf").contacts
    assert a.emails == [("a@x.example", "work")]
    assert a.phones == [("+1 5", "mobile")]
    assert b.emails == [("b@x.example", "work"), ("c@x.example", "")]


@pytest.mark.parametrize("nl", ["\r\n", "\n", "\r", "mixed"])
def test_folded_quoted_printable_and_base64_lines_read_alike_in_every_line_ending(nl):
    lines = [
        "BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=85ngstr=",
        "=C3=B6m;Anders", "FN:Anders", " \u00c5ngstr\u00f6m",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Stra=DFe=", " 1",
        "PHOTO;ENCODING=BASE64;TYPE=PNG:iVBORw0K", "Ggo=", "",
        "EMAIL;INTERNET;WORK:anders@x.example", "END:VCARD",
        "BEGIN:VCARD", "VERSION:2.1", "FN:Plain", "EMAIL;INTERNET;WORK:plain@x.example",
        "END:VCARD"]
    if nl == "mixed":
        text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    else:
        text = nl.join(lines) + nl
    anders, plain = parse_vcard_bytes(("\ufeff" + text).encode(), "21.vcf").contacts
    assert (anders.last_name, anders.first_name) == ("\u00c5ngstr\u00f6m", "Anders")
    assert anders.display_name == "Anders\u00c5ngstr\u00f6m"  # a fold joins without space
    assert anders.notes == "Stra\u00dfe 1"
    assert anders.photo == b"\x89PNG\r\n\x1a\n"
    assert anders.emails == [("anders@x.example", "work")]
    assert plain.emails == [("plain@x.example", "work")]


def test_an_agent_card_and_a_truncated_last_card_are_cut_as_before():
    text = "\r\n".join([
        "stray before", "BEGIN:VCARD", "VERSION:2.1", "FN:Boss", "AGENT:", "BEGIN:VCARD",
        "VERSION:2.1", "FN:Secretary", "EMAIL:sec@x.example", "END:VCARD",
        "EMAIL:boss@x.example", "END:VCARD", "between", "BEGIN:VCARD", "FN:Cut Off",
        "EMAIL:cut@x.example"])
    result = parse_vcard_bytes(text.encode(), "agent.vcf")
    assert [(c.display_name, c.emails) for c in result.contacts] == [
        ("Boss", [("boss@x.example", "")])]
    messages = [(p.source_ref, p.message) for p in result.problems]
    assert ("line 1", "2 line(s) outside any BEGIN:VCARD … END:VCARD were ignored") in messages
    assert any("truncated" in m for _ref, m in messages)


@pytest.mark.parametrize("text", [
    "a\r\nb", "a\r\nb\r\n", "a\r\r\nb", "a\r\nb\r", "a\nb\r\n", "a\rb\r\nc", "a\r\n\r\nb", ""])
def test_crlf_split_matches_the_line_by_line_split(text):
    expected = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    assert split_lines(text) == expected


@pytest.mark.parametrize(("url", "kind"), [
    ("http://GitHub.com/ada", "github"),
    ("https://[2001:db8::1]/blog", "other"),  # an IPv6 host has no dot
    ("https://user:pw@twitter.com/ada#x", "twitter"),
    ("https://github.com./ada", "website"),  # a trailing dot: not github.com for urlsplit
    ("https://example.org/@ada", "mastodon"),
    ("https://example.org//blog", "blog"),
    ("Http://medium.com/x", "blog"),
    ("https://a.github.io", "github"),
])
def test_link_kinds_match_urlsplit_for_unusual_urls(url, kind):
    assert guess_link_kind(url) == kind


@pytest.mark.parametrize(("text", "folded"), [
    ("Ångström", "angstrom"), ("straße", "strasse"), ("e\u0301cole", "ecole"),
    ("ΣΊΣΥΦΟΣ", "σισυφοσ"), ("東京 Tokyo", "東京 tokyo"), ("ﬁne", "fine"),
    ("José Ångström-Lee", "jose angstrom-lee"), ("a\u0308\u0301b", "ab"),
])
def test_fold_strips_marks_only_and_keeps_the_ascii_around_them(text, folded):
    assert fold(text) == folded


# -- write: the search index after an import, an undo, a failure --------------------------
def test_a_large_import_with_merges_leaves_the_index_whole_and_undo_takes_it_back(db, clock):
    existing = create_contact(clock, "Ångström Existing", emails=["dup@x.example"])
    before_schema, before_index = _schema(), _found("existing")
    records = [ParsedContact(display_name=f"Person {i} Straße", organisation="Café",
                             emails=[(f"p{i}@x.example", "work")], tags=["Grüße"])
               for i in range(1, 2001)]
    records.append(ParsedContact(display_name="Dup", emails=[("dup@x.example", "")],
                                 notes="zebrafinch notes", tags=["Grüße"]))
    summary = importer.apply_plan(_plan(records), clock)
    assert (summary.added, summary.merged) == (2000, 1)
    assert _schema() == before_schema
    _index_whole()
    assert len(_found("strasse")) == 2000 and len(_found("grusse")) == 2001
    assert _found("zebrafinch") == [existing.id]
    assert len(_found("p1999@")) == 1 and len(_found("ca")) == 2000  # word prefix index
    importer.undo_import(summary.batch_id, clock)
    _index_whole()
    assert _found("strasse") == [] and _found("zebrafinch") == []
    assert _found("existing") == before_index
    assert _schema() == before_schema


def test_ids_freed_by_an_undo_are_indexed_afresh_by_the_next_import(db, clock):
    first = importer.apply_plan(_plan([ParsedContact(display_name="Old Name Aardvark")]), clock)
    importer.undo_import(first.batch_id, clock)
    importer.apply_plan(_plan([ParsedContact(display_name="New Name Bumblebee")]), clock)
    _index_whole()
    assert _found("aardvark") == []
    assert len(_found("bumblebee")) == 1


def test_a_failure_inside_an_outer_transaction_keeps_the_triggers(db, clock):
    before = _schema()
    plan = _plan([ParsedContact(display_name="Will Fail"), ParsedContact(display_name="X")])
    plan.candidates[1].action = importer.MERGE
    plan.candidates[1].duplicate_of = 999_999
    with database.atomic():
        kept = create_contact(clock, "Kept Contact")
        with pytest.raises(Contact.DoesNotExist):
            importer.apply_plan(plan, clock)
    assert _schema() == before
    assert [c.display_name for c in Contact.select()] == ["Kept Contact"]
    later = create_contact(clock, "Later Walrus")
    _index_whole()
    assert _found("walrus") == [later.id] and _found("kept") == [kept.id]


def test_a_cancel_restores_schema_cache_and_collector(db, clock, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    create_contact(clock, "Before")
    schema, cache, dump = _schema(), _cache_size(), _dump()
    gc_was = gc.isenabled()
    plan = _plan([ParsedContact(display_name=f"C{i}") for i in range(5)])
    calls: list[int] = []
    with pytest.raises(OperationCancelledError):
        importer.apply_plan(plan, clock, progress=lambda d, t: calls.append(d),
                            cancelled=lambda: len(calls) >= 3)
    assert (_schema(), _cache_size(), _dump(), gc.isenabled()) == (schema, cache, dump, gc_was)
    _index_whole()


def test_the_usual_cache_size_of_the_connection_is_the_one_put_back(db, clock):
    database.execute_sql("PRAGMA cache_size = 1234")  # pages, not KiB
    importer.apply_plan(_plan([ParsedContact(display_name="Cache")]), clock)
    assert _cache_size() == 1234


# -- planning: INDEXED BY on a database that started at schema v1 -------------------------
def test_name_matches_on_a_database_migrated_from_v1(db_path, clock):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    conn.executescript(FIXTURE_V1.read_text())
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    init_db(db_path, clock=clock)
    assert migrations.schema_version(database) == migrations.LATEST
    known = Contact.select().order_by(Contact.id).first()
    records = [ParsedContact(display_name=f" {known.display_name} ",
                             organisation=known.organisation)]
    plan = _plan(records)
    assert [(c.action, c.duplicate_of) for c in plan.candidates] == [("merge", known.id)]
    importer.apply_plan(plan, clock)
    _index_whole()


# -- another writer at the moment an import starts -----------------------------------------
def test_an_import_started_during_another_write_waits_for_it_instead_of_failing(db, db_path,
                                                                                clock):
    """The wizard writes an import on a worker thread, i.e. on a fresh connection. Its
    first statement (``_merges_deferred``: ``INSERT INTO contact_fts(contact_fts, rank)
    VALUES ('automerge', 0)``) makes FTS5 read its config before the write lock is asked
    for; in a deferred transaction SQLite then does not call the busy handler, so a sync
    or reminder write holding the lock for a moment made the import fail at once with
    "database is locked" instead of waiting busy_timeout (5 s). BEGIN IMMEDIATE waits
    (store.db's LOCK_TYPE)."""
    create_contact(clock, "Someone")
    plan = _plan([ParsedContact(display_name="Imported Person")])
    # a sync / reminder write in progress; the import on a worker thread, as the wizard's
    outcome = while_another_writes(
        db_path, "UPDATE contact SET notes = 'synced' WHERE display_name = ?", ("Someone",),
        lambda: importer.apply_plan(plan, clock))
    assert isinstance(outcome, importer.ImportSummary), outcome
    assert Contact.select().where(Contact.display_name == "Imported Person").count() == 1
    _index_whole()
