"""store.sync_pairs without a server: the pairings, the stored text of each entry and the
text kept for an entry another client deleted while it was edited here. The sync tests
against Radicale and Xandikos reach this module only through a whole sync (outside the
fast subset mutmut runs); these read each function to the value."""

from __future__ import annotations

import pytest

from relmanager.store import sync_pairs as sp
from relmanager.store.models import SyncItem, database


@pytest.fixture
def tables(db):
    sp.ensure_tables()
    sp.ensure_tables()  # idempotent, as every sync start calls it


def _raw_rows() -> dict[str, str]:
    return dict(database.execute_sql("SELECT href, text FROM sync_raw").fetchall())


def _left_rows() -> list[tuple]:
    return database.execute_sql("SELECT kind, uid, text, base_json FROM sync_left "
                                "ORDER BY kind, uid").fetchall()


def test_a_pairing_is_found_by_href_uid_and_local_row_with_its_base(tables):
    sp.record_pairing("contact", 7, "u-7", "/a/7.vcf", "e1", {"display_name": "Ann"},
                      raw="BEGIN:VCARD\r\nEND:VCARD\r\n")
    item = sp.item_by_href("/a/7.vcf")
    assert (item.kind, item.local_id, item.uid, item.etag, item.state) == (
        "contact", 7, "u-7", "e1", "synced")
    assert sp.item_for("contact", 7).href == "/a/7.vcf"
    assert sp.item_by_uid("contact", "u-7").href == "/a/7.vcf"
    assert sp.item_for("task", 7) is None and sp.item_by_uid("task", "u-7") is None
    assert sp.item_by_href("/a/8.vcf") is None and sp.item_for("contact", 8) is None
    assert sp.base_of(item) == {"display_name": "Ann"}
    assert sp.raw_of("/a/7.vcf") == "BEGIN:VCARD\r\nEND:VCARD\r\n"
    assert sp.raw_of("/a/8.vcf") is None


def test_a_pairing_without_base_etag_or_text(tables):
    sp.record_pairing("task", None, "u-1", "/t/1.ics", "", None, state="pending")
    item = sp.item_by_href("/t/1.ics")
    assert item.etag == "" and item.base_json is None and item.local_id is None
    assert sp.base_of(item) is None and sp.base_of(None) is None
    assert sp.raw_of("/t/1.ics") is None and item.state == "pending"
    sp.record_pairing("task", 3, "u-2", "/t/2.ics", None, {}, raw="x")
    assert sp.item_by_href("/t/2.ics").etag == "" and sp.base_of(sp.item_for("task", 3)) == {}


def test_a_new_pairing_replaces_the_old_of_its_uid_or_href_and_its_text(tables):
    sp.record_pairing("contact", 1, "u-1", "/a/old.vcf", "e1", None, raw="old text")
    sp.record_pairing("contact", 2, "u-2", "/a/two.vcf", "e2", None, raw="two")
    sp.record_pairing("task", 9, "u-1", "/t/u-1.ics", "e9", None, raw="a task")
    # The same uid at a new href: the old href's pairing and text go.
    sp.record_pairing("contact", 1, "u-1", "/a/new.vcf", "e3", None, raw="new text")
    assert sp.item_by_href("/a/old.vcf") is None and sp.raw_of("/a/old.vcf") is None
    assert sp.item_by_uid("contact", "u-1").href == "/a/new.vcf"
    assert _raw_rows() == {"/a/new.vcf": "new text", "/a/two.vcf": "two",
                           "/t/u-1.ics": "a task"}
    # Another uid at a taken href: that href's pairing is replaced, its text rewritten.
    sp.record_pairing("contact", 3, "u-3", "/a/two.vcf", "e4", None, raw="three")
    assert sp.item_by_uid("contact", "u-2") is None
    assert sp.item_by_href("/a/two.vcf").uid == "u-3" and sp.raw_of("/a/two.vcf") == "three"
    # Re-paired without a text: the stored text of its own href stays.
    sp.record_pairing("contact", 3, "u-3", "/a/two.vcf", "e5", None)
    assert sp.raw_of("/a/two.vcf") == "three" and sp.item_by_href("/a/two.vcf").etag == "e5"
    assert SyncItem.select().count() == 3


def test_lists_of_deleted_pending_and_known_entries_by_kind(tables):
    sp.record_pairing("contact", 1, "u-1", "/a/1.vcf", "e1", None)
    sp.record_pairing("contact", 2, "u-2", "/a/2.vcf", "e2", None, state="deleted")
    sp.record_pairing("contact", 3, "u-3", "/a/3.vcf", "e3", None, state="pending")
    sp.record_pairing("task", 4, "u-4", "/t/4.ics", "e4", None, state="pending")
    sp.record_pairing("task", 5, "u-5", "/t/5.ics", "e5", None, state="deleted")
    assert [i.href for i in sp.deleted_items("contact")] == ["/a/2.vcf"]
    assert [i.href for i in sp.deleted_items("task")] == ["/t/5.ics"]
    assert sp.pending_hrefs(["contact"]) == ["/a/3.vcf"]
    assert sorted(sp.pending_hrefs(("contact", "task"))) == ["/a/3.vcf", "/t/4.ics"]
    assert sp.known_hrefs(["task"]) == {"/t/4.ics": "e4", "/t/5.ics": "e5"}
    assert sp.known_hrefs(("contact",)) == {"/a/1.vcf": "e1", "/a/2.vcf": "e2",
                                            "/a/3.vcf": "e3"}


def test_an_entry_left_behind_keeps_its_text_and_base_until_paired_again(tables):
    sp.record_pairing("contact", 1, "u-1", "/a/1.vcf", "e1", {"notes": "x"}, raw="card 1")
    sp.record_pairing("contact", 2, "u-2", "/a/2.vcf", "e2", None, raw="card 2")
    sp.record_pairing("contact", 3, "u-3", "/a/3.vcf", "e3", None)  # no text stored
    for href in ("/a/1.vcf", "/a/2.vcf", "/a/3.vcf"):
        sp.leave_behind(sp.item_by_href(href))
    assert SyncItem.select().count() == 0 and _raw_rows() == {}
    assert _left_rows() == [("contact", "u-1", "card 1", '{"notes": "x"}'),
                            ("contact", "u-2", "card 2", None)]
    assert sp.left_behind("contact", "u-1") == ("card 1", {"notes": "x"})
    assert sp.left_behind("contact", "u-2") == ("card 2", None)
    assert sp.left_behind("contact", "u-3") is None and sp.left_behind("task", "u-1") is None
    # Paired again with no text: still kept; with its text: done with.
    sp.record_pairing("contact", 1, "u-1", "/a/new.vcf", "e9", None)
    assert sp.left_behind("contact", "u-1") is not None
    sp.record_pairing("task", 1, "u-1", "/t/u-1.ics", "e9", None, raw="a task")
    assert sp.left_behind("contact", "u-1") is not None  # another kind's uid
    sp.record_pairing("contact", 1, "u-1", "/a/new.vcf", "e9", None, raw="card 1 again")
    assert sp.left_behind("contact", "u-1") is None
    assert sp.left_behind("contact", "u-2") == ("card 2", None)


def test_forget_removes_the_pairing_and_the_text_of_that_href_only(tables):
    sp.record_pairing("contact", 1, "u-1", "/a/1.vcf", "e1", None, raw="one")
    sp.record_pairing("contact", 2, "u-2", "/a/2.vcf", "e2", None, raw="two")
    sp.forget("/a/1.vcf")
    assert sp.item_by_href("/a/1.vcf") is None and sp.raw_of("/a/1.vcf") is None
    assert sp.item_by_href("/a/2.vcf") is not None and _raw_rows() == {"/a/2.vcf": "two"}
    sp.set_raw("/a/2.vcf", "two, again")
    assert sp.raw_of("/a/2.vcf") == "two, again"
