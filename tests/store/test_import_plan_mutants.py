"""The import preview's plan, pinned against mutmut's survivors in store/import_plan.py:
every cut and every skipped address is listed, naming the record it came from, in words
that cannot hide characters; the reader's own problems come first and a flood of them
ends in a count; a name matches only with the same organisation; two records of one file
with the same vCard UID are one person; and a match far down a big file is still found."""

from __future__ import annotations

from relmanager.interchange.records import MAX_PROBLEMS, ParsedContact, ParseProblem, ParseResult
from relmanager.store import importer
from relmanager.store.contacts import create_contact


def plan(records: list[ParsedContact], problems: list[ParseProblem] | None = None,
         source: str = "friends.vcf") -> importer.ImportPlan:
    return importer.plan_import(ParseResult(records, problems or [], "vcard"), source)


def test_the_preview_lists_each_cut_and_skipped_address_naming_its_record(db):
    """A record is named by its place in the file, or (read from elsewhere) by the first
    60 characters of its name; a skipped address is quoted with invisible characters
    spelled out and cut at 80 characters; good addresses stay, in order, with labels."""
    bidi = "evil\u202eexample.org"
    long_bad = "x" * 100
    carded = ParsedContact(display_name="Ann", source_ref="card 2 (line 9)", emails=[
        ("ann@x.example", "work"), (bidi, "home"), ("Ann@Y.example", "")])
    named = "N" * 70
    unplaced = ParsedContact(display_name=named, notes="n" * 100_001,
                             emails=[(long_bad, "")])
    result = plan([carded, unplaced], [ParseProblem("friends.vcf", "line 3 unreadable")])
    assert [(p.source_ref, p.message) for p in result.problems] == [
        ("friends.vcf", "line 3 unreadable"),
        ("card 2 (line 9)",
         "'evil\\u202eexample.org' is not an e-mail address (name@example.org); skipped"),
        ("N" * 60, "notes cut to 100,000 characters"),
        ("N" * 60, f"'{'x' * 80}' is not an e-mail address (name@example.org); skipped"),
    ]
    assert carded.emails == [("ann@x.example", "work"), ("Ann@Y.example", "")]
    assert unplaced.emails == []
    assert [c.action for c in result.candidates] == ["add", "add"]


def test_a_flood_of_problems_ends_in_a_count_naming_the_file(db):
    flood = [ParseProblem(f"row {n}", "unreadable") for n in range(MAX_PROBLEMS + 5)]
    result = plan([ParsedContact(display_name="Ann")], flood, source="big.csv")
    assert len(result.problems) == MAX_PROBLEMS + 1
    assert result.problems[0] == flood[0]
    assert (result.problems[-1].source_ref, result.problems[-1].message) == (
        "big.csv", "5 more problems not listed")


def test_a_name_matches_only_with_its_organisation_and_the_preview_names_the_match(
        db, clock):
    """Grace Hopper of the Navy is already there: the file's Grace Hopper (Navy) merges
    into her, shown by name; Alan Turing, also of the Navy, is someone else."""
    grace = create_contact(clock, "Grace Hopper", organisation="Navy")
    result = plan([ParsedContact(display_name="Grace Hopper", organisation="Navy"),
                   ParsedContact(display_name="Alan Turing", organisation="Navy")])
    merged, added = result.candidates
    assert (merged.action, merged.duplicate_of, merged.duplicate_name, merged.reason) == (
        "merge", grace.id, "Grace Hopper", "same name and organisation")
    assert (added.action, added.duplicate_of) == ("add", None)


def test_two_records_of_one_file_with_the_same_uid_are_one_person(db):
    """Without any address, the vCard UID still tells that the second card is the first
    person again (the file's own duplicate is skipped, not added twice)."""
    result = plan([ParsedContact(display_name="Ann", uid="urn:uuid:1"),
                   ParsedContact(display_name="Ann Lee", uid="urn:uuid:1"),
                   ParsedContact(display_name="Bo", uid="urn:uuid:2")])
    assert [(c.action, c.reason) for c in result.candidates] == [
        ("add", ""), ("skip", "same as record 1 of this file"), ("add", "")]


def test_a_name_match_is_found_anywhere_in_a_file_of_hundreds(db, clock):
    """Names are looked up a few hundred at a time: the match at the 351st distinct name
    of a 400-card file is found like the first."""
    existing = create_contact(clock, "Person 350", organisation="Acme")
    records = [ParsedContact(display_name=f"Person {n:03d}", organisation="Acme")
               for n in range(400)]
    result = plan(records)
    merges = [(n, c.duplicate_of) for n, c in enumerate(result.candidates)
              if c.action == "merge"]
    assert merges == [(350, existing.id)]


def test_the_preview_counts_each_action_and_an_unticked_record_as_skipped(db, clock):
    """The preview's summary ("2 to add, 1 to merge, 1 to skip"): one count per
    action, and a record whose box the user clears counts as skipped."""
    create_contact(clock, "Grace Hopper", organisation="Navy")
    result = plan([ParsedContact(display_name="Grace Hopper", organisation="Navy"),
                   ParsedContact(display_name="Ann"), ParsedContact(display_name="Bo"),
                   ParsedContact(display_name="Cy")])
    assert [result.count(a) for a in ("add", "merge", "skip")] == [3, 1, 0]
    result.candidates[3].include = False
    assert [result.count(a) for a in ("add", "merge", "skip")] == [2, 1, 1]
