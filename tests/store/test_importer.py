"""The import engine on real fixture files: duplicates flagged before anything is
written, one transaction per import, merges that fill without overwriting, and an undo
that removes exactly the batch and restores exactly what merges changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmanager.domain.stages import Stage
from relmanager.interchange import parse_file
from relmanager.interchange.records import ParsedContact, ParseResult
from relmanager.store import importer
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact, tags_of
from relmanager.store.errors import ValidationError
from relmanager.store.import_merge import snapshot_contact
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ImportBatch,
    Interaction,
    StageChange,
    Tag,
)

FIXTURES = Path(__file__).parents[1] / "interchange" / "fixtures"


def _plan(name: str) -> importer.ImportPlan:
    return importer.plan_import(parse_file(FIXTURES / name), name)


def _counts() -> tuple[int, ...]:
    return (Contact.select().count(), ContactEmail.select().count(), Tag.select().count(),
            StageChange.select().count(), ImportBatch.select().count())


def test_new_contacts_land_in_the_inbox_as_one_batch(db, clock):
    plan = _plan("vcard30_apple.vcf")
    assert [c.action for c in plan.candidates] == ["add", "add"]
    assert _counts() == (0, 0, 0, 0, 0)  # planning writes nothing
    summary = importer.apply_plan(plan, clock)
    assert (summary.added, summary.merged, summary.skipped) == (2, 0, 0)
    hedy = Contact.get(Contact.display_name == "Hedy Lamarr")
    assert hedy.stage == "inbox" and hedy.import_batch_id == summary.batch_id
    assert hedy.organisation.startswith("Frequency Hopping") and hedy.birthday == "--11-09"
    assert hedy.photo and hedy.photo.startswith(b"\x89PNG")
    assert sorted(tags_of(hedy.id)) == ["Film, Classic", "Friends", "Inventors"]
    assert [e.email for e in hedy.emails.order_by(ContactEmail.position)] == [
        "hedy@example.com", "hedy.lamarr@studio.example"]
    assert StageChange.get(StageChange.contact == hedy.id).to_stage == "inbox"
    assert "spread spectrum" in hedy.search_text


def test_our_own_export_keeps_stage_intent_and_how_met(db, clock):
    importer.apply_plan(_plan("vcard40.vcf"), clock)
    emilie = Contact.get(Contact.display_name == "Émilie du Châtelet")
    assert emilie.stage == "development" and emilie.how_met == "Introduced at a salon"
    assert str(emilie.met_on) == "2024-03-12"
    assert emilie.cooling_at is not None  # a tracked stage: warmth applies at once


def test_duplicates_are_flagged_by_email_uid_name_and_within_the_file(db, clock):
    create_contact(clock, "Someone Else", emails=["hedy@example.com"])
    create_contact(clock, "Nikola Tesla")
    plan = _plan("vcard30_apple.vcf")
    hedy, tesla = plan.candidates
    assert (hedy.action, hedy.reason, hedy.duplicate_name) == (
        "merge", "same email hedy@example.com", "Someone Else")
    assert (tesla.action, tesla.reason) == ("merge", "same name and organisation")
    Contact.delete().where(Contact.display_name == "Someone Else").execute()
    create_contact(clock, "Renamed Hedy", uid="2C6B1A3E-7E6D-4C5C-9E1F-5A1B2C3D4E5F")
    assert _plan("vcard30_apple.vcf").candidates[0].reason == "same vCard UID"
    records = [ParsedContact(display_name="Ann", emails=[("ann@x.example", "")]),
               ParsedContact(display_name="Ann B", emails=[("ANN@x.example", "")]),
               ParsedContact(display_name="Grace", organisation="Navy")]
    create_contact(clock, "Grace", organisation="Navy")
    plan = importer.plan_import(ParseResult(records, [], "vcard"), "mem")
    assert [c.action for c in plan.candidates] == ["add", "skip", "merge"]
    assert plan.candidates[1].reason == "same as record 1 of this file"
    assert plan.candidates[2].reason == "same name and organisation"


def test_merge_fills_blanks_never_overwrites_and_undo_restores_exactly(db, clock):
    existing = create_contact(clock, "Hedy L.", emails=["hedy@example.com"],
                              organisation="Old Org", notes="My own note", tags=["mine"],
                              stage=Stage.FRIENDSHIP)
    before = snapshot_contact(existing.id)
    plan = _plan("vcard30_apple.vcf")
    summary = importer.apply_plan(plan, clock)
    assert (summary.added, summary.merged) == (1, 1)
    merged = Contact.get_by_id(existing.id)
    assert merged.display_name == "Hedy L." and merged.organisation == "Old Org"
    assert merged.title == "Inventor" and merged.birthday == "--11-09"  # filled blanks
    assert merged.notes.startswith("My own note\n\nActress, inventor")
    assert merged.stage == "friendship"
    assert sorted(e.email for e in merged.emails) == ["hedy.lamarr@studio.example",
                                                      "hedy@example.com"]
    assert "Inventors" in tags_of(existing.id) and "mine" in tags_of(existing.id)
    tesla = Contact.get(Contact.display_name == "Nikola Tesla")
    log_interaction(clock, [tesla.id], "phone")
    preview = importer.undo_preview()
    assert (preview.batch_id, preview.added, preview.merged, preview.interactions) == (
        summary.batch_id, 1, 1, 1)
    importer.undo_import(summary.batch_id, clock)
    assert snapshot_contact(existing.id) == before
    assert not Contact.select().where(Contact.display_name == "Nikola Tesla").exists()
    assert Interaction.select().count() == 0
    assert ImportBatch.get_by_id(summary.batch_id).undone_at == clock.now()
    with pytest.raises(ValidationError):
        importer.undo_import(summary.batch_id, clock)


def test_unchecked_and_skipped_records_are_not_written(db, clock):
    plan = _plan("linkedin_connections.csv")
    plan.candidates[0].include = False
    plan.candidates[1].action = importer.SKIP
    summary = importer.apply_plan(plan, clock)
    assert summary.added == len(plan.candidates) - 2 and summary.skipped == 2
    ada = plan.candidates[0].record.display_name
    assert not Contact.select().where(Contact.display_name == ada).exists()
    alan = Contact.get(Contact.how_met == "LinkedIn")
    assert alan.met_on is not None


def test_a_failing_import_leaves_the_database_as_it_was(db, clock):
    create_contact(clock, "Kept")
    before = _counts()
    plan = _plan("vcard30_apple.vcf")
    plan.candidates[1].action = importer.MERGE
    plan.candidates[1].duplicate_of = 999_999  # gone meanwhile: the write fails midway
    with pytest.raises(Contact.DoesNotExist):
        importer.apply_plan(plan, clock)
    assert _counts() == before


def test_cancel_during_the_write_rolls_everything_back(db, clock, monkeypatch):
    from relmanager.store.errors import OperationCancelledError

    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    seen: list[tuple[int, int]] = []
    plan = _plan("linkedin_connections.csv")
    with pytest.raises(OperationCancelledError):
        importer.apply_plan(plan, clock, progress=lambda d, t: seen.append((d, t)),
                            cancelled=lambda: len(seen) >= 2)
    assert seen[:2] == [(0, 4), (1, 4)]
    assert _counts() == (0, 0, 0, 0, 0)


def _triggers() -> set[str]:
    return {name for (name,) in Contact._meta.database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contact'")}


def test_imported_and_merged_contacts_are_found_by_search_and_the_index_is_whole(db, clock):
    from relmanager.store.queries import text_condition

    triggers = _triggers()
    existing = create_contact(clock, "Hedy L.", emails=["hedy@example.com"])
    summary = importer.apply_plan(_plan("vcard30_apple.vcf"), clock)
    assert (summary.added, summary.merged) == (1, 1)
    assert _triggers() == triggers  # the write dropped them for a while: they are back

    def found(text: str) -> list[int]:
        return [c.id for c in Contact.select().where(text_condition(text))]

    tesla = Contact.get(Contact.display_name == "Nikola Tesla")
    assert found("tesla") == [tesla.id] and found("ni") == [tesla.id]
    assert found("spread spectrum") == [existing.id]  # the merged note, indexed again
    database = Contact._meta.database
    for table in ("contact_fts", "contact_words"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    importer.undo_import(summary.batch_id, clock)
    assert found("tesla") == [] and found("spread spectrum") == []
    for table in ("contact_fts", "contact_words"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def test_a_failed_import_keeps_the_search_triggers(db, clock):
    triggers = _triggers()
    plan = _plan("vcard30_apple.vcf")
    plan.candidates[1].action = importer.MERGE
    plan.candidates[1].duplicate_of = 999_999
    with pytest.raises(Contact.DoesNotExist):
        importer.apply_plan(plan, clock)
    assert _triggers() == triggers
    create_contact(clock, "Findable Person")
    from relmanager.store.queries import text_condition

    assert Contact.select().where(text_condition("findable")).count() == 1


def test_a_name_matches_only_the_contact_with_the_same_organisation(db, clock):
    create_contact(clock, "Grace Hopper", organisation="Navy")
    army = create_contact(clock, "Grace Hopper", organisation="Army")
    create_contact(clock, "Someone", organisation="Army")
    records = [ParsedContact(display_name="Grace  Hopper", organisation="Army "),
               ParsedContact(display_name="Grace Hopper", organisation="Air Force"),
               ParsedContact(display_name="Someone", organisation="Navy")]
    plan = importer.plan_import(ParseResult(records, [], "vcard"), "mem")
    assert [(c.action, c.duplicate_of) for c in plan.candidates] == [
        ("merge", army.id), ("add", None), ("add", None)]


def test_the_page_cache_is_back_to_its_usual_size_after_an_import(db, clock):
    database = Contact._meta.database

    def cache_size() -> int:
        return database.execute_sql("PRAGMA cache_size").fetchone()[0]

    usual = cache_size()
    importer.apply_plan(_plan("vcard30_apple.vcf"), clock)
    assert cache_size() == usual
    plan = _plan("vcard40.vcf")
    plan.candidates[0].action = importer.MERGE
    plan.candidates[0].duplicate_of = 999_999
    with pytest.raises(Contact.DoesNotExist):
        importer.apply_plan(plan, clock)
    assert cache_size() == usual
