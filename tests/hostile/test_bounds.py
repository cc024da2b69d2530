"""Hostile and huge input costs bounded time and memory (issue 19).

One card with 100,000 categories, e-mail addresses, phone numbers or introducers imports
in under two seconds, dry run and real, and keeps at most the documented number
(relmanager/domain/limits.py); the rest is reported as skipped. Any single input file,
imported for real by the command line in its own process, peaks at no more than three
times its size plus 150 MB.
"""

from __future__ import annotations

import time

import pytest

from relmanager.cli import main
from relmanager.domain import limits
from relmanager.store.db import close_db
from tests.hostile import worst_cases
from tests.hostile.peak_memory import import_in_child


@pytest.mark.parametrize(("kind", "field", "limit", "words"), [
    ("categories", "tags", limits.MAX_TAGS, "tags"),
    ("emails", "emails", limits.MAX_EMAILS, "e-mail addresses"),
    ("phones", "phones", limits.MAX_PHONES, "phone numbers"),
    ("related", "related", limits.MAX_RELATED, "related people"),
])
def test_one_card_with_100000_values_imports_in_under_two_seconds(
        tmp_path, db_path, clock, capsys, kind, field, limit, words):
    source = tmp_path / f"{kind}.vcf"
    worst_cases.many(kind, 100_000)(source)
    for dry_run in (True, False):
        # CPU seconds, not the wall clock: the bound is on our work, and on a shared
        # machine at load 7 (a clean clone's CI run beside mutation testing) the wall
        # clock stretched a 1 s import of the RELATED case past 2 s.
        started = time.process_time()
        code = main(["import", "--db", str(db_path), str(source),
                     *(["--dry-run"] if dry_run else [])], clock=clock)
        elapsed = time.process_time() - started
        close_db()
        _out, err = capsys.readouterr()
        assert code == 0, err
        assert elapsed < 2.0, f"{kind} {'dry run' if dry_run else 'import'}: {elapsed:.1f} s"
        assert f"{100_000 - limit:,} {words} beyond the first {limit} skipped" in err

    from relmanager.interchange import parse_file

    record = parse_file(source).contacts[0]
    assert len(getattr(record, field)) == limit
    from relmanager.store.db import init_db
    from relmanager.store.models import Contact, ContactEmail, ContactPhone, ContactTag

    init_db(db_path, clock=clock)
    stored = {"tags": ContactTag, "emails": ContactEmail, "phones": ContactPhone}
    assert Contact.select().count() == 1
    if field in stored:
        assert stored[field].select().count() == limit


def test_giant_fields_are_cut_to_the_form_limits_and_the_cut_is_reported(
        tmp_path, db_path, clock, capsys):
    source = tmp_path / "giant.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "N" * 5000 + "\r\nNOTE:" + "x" * 300_000
        + "\r\nORG:" + "o" * 150_000 + "\r\nEND:VCARD\r\n", encoding="ascii")
    assert main(["import", "--db", str(db_path), str(source)], clock=clock) == 0
    close_db()
    _out, err = capsys.readouterr()
    assert f"name cut to {limits.MAX_NAME} characters" in err
    assert f"notes cut to {limits.MAX_TEXT:,} characters" in err
    assert f"organisation cut to {limits.MAX_TEXT:,} characters" in err
    from relmanager.store.db import init_db
    from relmanager.store.models import Contact

    init_db(db_path, clock=clock)
    contact = Contact.get()
    assert len(contact.display_name) == limits.MAX_NAME
    assert len(contact.notes) == limits.MAX_TEXT
    assert len(contact.organisation) == limits.MAX_TEXT
    assert len(contact.search_text) < 3 * limits.MAX_TEXT


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(worst_cases.MEMORY_CASES))
def test_peak_memory_of_one_file_is_at_most_three_times_its_size_plus_150_mb(
        tmp_path, db_path, case):
    source = tmp_path / f"{case}.{'csv' if case.startswith('csv') else 'vcf'}"
    worst_cases.MEMORY_CASES[case](source)
    imported = import_in_child(case, source, db_path)
    imported.assert_within_budget()
    assert imported.elapsed < 60


def test_the_form_and_the_store_refuse_what_an_import_would_cut(db, clock):
    """One definition of the limits: the import keeps MAX of each, the store (behind the
    contact form and the command line) accepts exactly that many and refuses one more."""
    from relmanager.store.contacts import add_tags, create_contact
    from relmanager.store.errors import ValidationError

    emails = [f"u{i}@example.org" for i in range(limits.MAX_EMAILS + 1)]
    create_contact(clock, "Fits", emails=emails[:-1],
                   phones=[f"+1 555 {i:04d}" for i in range(limits.MAX_PHONES)])
    with pytest.raises(ValidationError, match=f"at most {limits.MAX_EMAILS} e-mail"):
        create_contact(clock, "Too many", emails=emails)
    with pytest.raises(ValidationError, match=f"at most {limits.MAX_PHONES} phone"):
        create_contact(clock, "Too many", phones=[f"+1 {i}" for i in range(51)])
    many = create_contact(clock, "Tagged")
    add_tags([many.id], [f"t{i}" for i in range(limits.MAX_TAGS)])
    with pytest.raises(ValidationError, match=f"at most {limits.MAX_TAGS} tags"):
        add_tags([many.id], ["one more"])
    with pytest.raises(ValidationError, match="name is at most"):
        create_contact(clock, "N" * (limits.MAX_NAME + 1))


def test_a_file_of_tiny_rows_reads_at_most_the_contact_limit(tmp_path, monkeypatch):
    """400,000 one-word rows (4 MB) would be 400 MB of records: the reader stops at the
    limit and says so (the limit is lowered here to keep the test quick)."""
    from relmanager.interchange import parse_file

    monkeypatch.setattr(limits, "MAX_CONTACTS_PER_FILE", 1_000)
    source = tmp_path / "tiny.csv"
    source.write_text("First Name,Last Name,E-mail Address\n" + "Ab\n" * 5_000)
    result = parse_file(source)
    assert len(result.contacts) == 1_000
    assert any("more than 1,000 contacts" in p.message for p in result.problems)
    cards = tmp_path / "tiny.vcf"
    cards.write_text("BEGIN:VCARD\nFN:A\nEND:VCARD\n" * 5_000)
    result = parse_file(cards)
    assert len(result.contacts) == 1_000
    assert any("more than 1,000 contacts" in p.message for p in result.problems)
