"""Writing contacts, pinned against mutmut's survivors in store/contacts.py: setting one
contact's tags leaves everyone else's alone; an edit's undo record holds the phones,
links and derived names it replaced; a too-long field is refused naming that field;
phones and links are written as given."""

from __future__ import annotations

import pytest

from relmanager.domain.limits import MAX_TAGS
from relmanager.domain.stages import Stage
from relmanager.store import contacts, queries
from relmanager.store.errors import AmbiguousError, NotFoundError, ValidationError
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
    ImportBatch,
    StageChange,
    Tag,
    database,
)
from relmanager.store.validation import MAX_TEXT


def test_setting_one_contacts_tags_leaves_the_others_alone(db, clock):
    ada = contacts.create_contact(clock, "Ada", tags=["chess"])
    bo = contacts.create_contact(clock, "Bo", tags=["chess", "work"])
    contacts.set_tags(ada.id, ["go"])
    assert contacts.tags_of(ada.id) == ["go"]
    assert contacts.tags_of(bo.id) == ["chess", "work"]


def test_an_edit_returns_the_phones_links_and_derived_names_it_replaced(db, clock):
    """What undo puts back: the phones and links in their order with labels, and first
    and last name when a rename derived them anew."""
    ann = contacts.create_contact(clock, "Ann Lee", phones=[("+1 555 0100", "work"), "0200"],
                                  links=[("web", "https://ann.example")])
    assert [(p.number, p.label) for p in ann.phones] == [("+1 555 0100", "work"), ("0200", "")]
    before = contacts.update_contact(clock, ann.id, display_name="Ann Brook",
                                     phones=["0300"], links=[])
    assert before == {"display_name": "Ann Lee", "first_name": "Ann", "last_name": "Lee",
                      "phones": [("+1 555 0100", "work"), ("0200", "")],
                      "links": [("web", "https://ann.example")]}
    again = contacts.get_contact(ann.id)
    assert (again.first_name, again.last_name) == ("Ann", "Brook")
    assert [p.number for p in again.phones] == ["0300"] and list(again.links) == []


@pytest.mark.parametrize(("field", "words"), [
    ("notes", "notes"), ("how_met", "how met"), ("where_met", "where met"),
    ("organisation", "organisation"), ("title", "title"), ("intent", "intent"),
    ("first_name", "first name"), ("last_name", "last name"),
])
def test_a_too_long_field_is_refused_naming_it(db, clock, field, words):
    ann = contacts.create_contact(clock, "Ann Lee")
    with pytest.raises(ValidationError) as error:
        contacts.update_contact(clock, ann.id, **{field: "x" * (MAX_TEXT + 1)})
    assert str(error.value) == f"{words} is at most {MAX_TEXT:,} characters"
    assert getattr(contacts.get_contact(ann.id), field) != "x" * (MAX_TEXT + 1)


def _many(count: int, prefix: str = "Person") -> list[int]:
    """``count`` bare contacts in one statement (create_contact one by one takes seconds
    at the sizes that need more than one SQL statement)."""
    with database.atomic():
        Contact.insert_many([{"display_name": f"{prefix} {n}", "sort_name": f"{prefix} {n}",
                              "uid": f"{prefix}-{n}"} for n in range(count)]).execute()
    return [c for (c,) in Contact.select(Contact.id).where(
        Contact.display_name.startswith(prefix)).order_by(Contact.id).tuples()]


def test_an_exact_name_wins_over_names_that_contain_it(db, clock):
    """`relmanager log ann` means Ann, not Ann Lee or Joanna: the exact name (any case)
    is taken before the substring search that would call it ambiguous."""
    ann = contacts.create_contact(clock, "Ann")
    contacts.create_contact(clock, "Ann Lee")
    contacts.create_contact(clock, "Joanna")
    assert contacts.find_contact("  aNN ").id == ann.id


def test_a_reference_with_an_at_sign_is_an_address_not_a_name(db, clock):
    """A partial address does not fall back to the name search (which holds the
    addresses too): the error says which address was not found."""
    contacts.create_contact(clock, "Ann Lee", emails=["ann@example.org"])
    with pytest.raises(NotFoundError) as error:
        contacts.find_contact("ann@example")
    assert str(error.value) == "no contact with email ann@example"


def test_several_people_of_one_name_are_listed_with_their_ids_and_counted(db, clock):
    """Seven people called Sam: the first five are named with their ids, the rest are
    counted, and Samuel (whose name only contains the reference) is not among them."""
    sams = [contacts.create_contact(clock, "Sam") for _ in range(7)]
    contacts.create_contact(clock, "Samuel")
    with pytest.raises(AmbiguousError) as error:
        contacts.find_contact("sam")
    named = ", ".join(f"Sam (#{s.id})" for s in sams[:5])
    assert str(error.value) == (
        f"'sam' matches several contacts: {named} and 2 more; use an id or email")


def test_several_names_containing_the_reference_are_counted_in_full(db, clock):
    people = [contacts.create_contact(clock, f"Berg {n}") for n in range(8)]
    with pytest.raises(AmbiguousError) as error:
        contacts.find_contact("berg")
    named = ", ".join(f"{p.display_name} (#{p.id})" for p in people[:5])
    assert str(error.value) == (
        f"'berg' matches several contacts: {named} and 3 more; use an id or email")


def test_a_name_nobody_has_is_reported_as_such(db, clock):
    contacts.create_contact(clock, "Ann")
    with pytest.raises(NotFoundError) as error:
        contacts.find_contact("Zed")
    assert str(error.value) == "no contact matches 'Zed'"


def test_removing_one_tag_keeps_the_contacts_other_tags(db, clock):
    ann = contacts.create_contact(clock, "Ann", tags=["chess", "work"])
    contacts.remove_tags([ann.id], ["CHESS"])
    assert contacts.tags_of(ann.id) == ["work"]
    assert contacts.find_contact("work").id == ann.id  # the search text follows


@pytest.mark.slow
def test_tagging_and_untagging_more_contacts_than_one_statement_may_name(db, clock):
    """A selection of 1,850 contacts (select all, then Tag or Untag): every one of them
    is tagged and untagged, the last ones too."""
    ids = _many(1850)
    contacts.add_tags(ids, ["runners"])
    assert ContactTag.select().count() == 1850
    contacts.remove_tags(ids, ["runners"])
    assert ContactTag.select().count() == 0


@pytest.mark.slow
def test_archiving_more_contacts_than_one_statement_may_name(db, clock):
    ids = _many(1850)
    contacts.set_archived(clock, ids, True)
    assert Contact.select().where(Contact.archived == False).count() == 0  # noqa: E712
    assert Contact.select().where(Contact.archived == True).count() == 1850  # noqa: E712


def test_an_edit_returns_who_introduced_the_contact_before(db, clock):
    """Undo puts the introducer back by id (the stored column), not as a row."""
    ada, bo = contacts.create_contact(clock, "Ada"), contacts.create_contact(clock, "Bo")
    cy = contacts.create_contact(clock, "Cy", introduced_by=ada.id)
    before = contacts.update_contact(clock, cy.id, introduced_by=bo.id)
    assert before == {"introduced_by": ada.id}
    assert contacts.get_contact(cy.id).introduced_by_id == bo.id


def test_nobody_can_be_their_own_introducer(db, clock):
    ada = contacts.create_contact(clock, "Ada")
    with pytest.raises(ValueError, match=r"^a contact cannot have introduced themselves$"):
        contacts.update_contact(clock, ada.id, introduced_by=ada.id)
    assert contacts.get_contact(ada.id).introduced_by_id is None


def test_an_edits_undo_record_keeps_the_order_the_user_sees(db, clock):
    """The profile lists addresses, phones and links by position; rows another writer
    left with ids out of that order still come back to undo in the order shown."""
    ann = contacts.create_contact(clock, "Ann", emails=["a@x.example", "b@x.example"],
                                  phones=["1", "2"], links=[("web", "u1"), ("git", "u2")])
    for model in (ContactEmail, ContactPhone, ContactLink):
        model.update(position=1 - model.position).where(model.contact == ann.id).execute()
    before = contacts.update_contact(clock, ann.id, emails=[], phones=[], links=[])
    assert before == {"emails": [("b@x.example", ""), ("a@x.example", "")],
                      "phones": [("2", ""), ("1", "")],
                      "links": [("git", "u2"), ("web", "u1")]}


@pytest.mark.parametrize("given", ["first_name", "last_name"])
def test_a_rename_keeps_a_first_or_last_name_given_with_it(db, clock, given):
    """Renaming with an explicit first (or last) name: the name given is kept, not
    derived again from the new display name."""
    ann = contacts.create_contact(clock, "Ann Lee")
    contacts.update_contact(clock, ann.id, display_name="Annie Brook", **{given: "Mary"})
    stored = contacts.get_contact(ann.id)
    expected = {"first_name": ("Mary", "Lee"), "last_name": ("Ann", "Mary")}[given]
    assert (stored.first_name, stored.last_name) == expected


def _listed(clock) -> list[str]:
    now = clock.now()
    return [Contact.get_by_id(i).display_name
            for i in queries.contact_ids(queries.ContactFilter(), now)]


def test_the_list_sorts_by_last_name_after_each_kind_of_name_edit(db, clock):
    """Address-book order (last name, then first) follows every edit of a name: the
    display name, the first name alone, the last name alone."""
    ann = contacts.create_contact(clock, "Ann Zed")
    contacts.create_contact(clock, "Bob Adams")
    assert _listed(clock) == ["Bob Adams", "Ann Zed"]
    contacts.update_contact(clock, ann.id, last_name="Aaron")
    assert _listed(clock) == ["Ann Zed", "Bob Adams"]  # "aaron ann" < "adams bob"
    contacts.update_contact(clock, ann.id, last_name="Adams", first_name="Cleo")
    assert _listed(clock) == ["Bob Adams", "Ann Zed"]  # "adams bob" < "adams cleo"
    contacts.update_contact(clock, ann.id, first_name="Abe")
    assert _listed(clock) == ["Ann Zed", "Bob Adams"]  # "adams abe" < "adams bob"


def test_a_renamed_contact_without_a_last_name_sorts_by_the_new_name(db, clock):
    """A one-word name the user set apart from the display name: renaming moves the
    contact to the new name's place in the list."""
    prince = contacts.create_contact(clock, "Prince")
    contacts.create_contact(clock, "Mona")
    contacts.update_contact(clock, prince.id, first_name="P")
    assert _listed(clock) == ["Mona", "Prince"]
    contacts.update_contact(clock, prince.id, display_name="Artist")
    assert _listed(clock) == ["Artist", "Mona"]


def test_a_missing_contact_is_named_by_its_id(db):
    with pytest.raises(NotFoundError) as error:
        contacts.get_contact(999)
    assert str(error.value) == "no contact with id 999"


def test_a_blank_tag_name_is_skipped_and_the_rest_are_added(db, clock):
    ann = contacts.create_contact(clock, "Ann")
    contacts.add_tags([ann.id], ["  ", "chess", "", "go"])
    assert contacts.tags_of(ann.id) == ["chess", "go"]


def test_archiving_marks_the_contacts_changed_now(db, clock):
    """Export and sync pick up what changed since their last run by updated_at."""
    ann, bo = contacts.create_contact(clock, "Ann"), contacts.create_contact(clock, "Bo")
    clock.advance(hours=3)
    contacts.set_archived(clock, [ann.id], True)
    assert contacts.get_contact(ann.id).updated_at == clock.now()
    assert contacts.get_contact(bo.id).updated_at < clock.now()


def _give_tags(contact_id: int, count: int) -> None:
    with database.atomic():
        Tag.insert_many([{"name": f"t{n}"} for n in range(count)]).execute()
        tags = [t for (t,) in Tag.select(Tag.id).where(Tag.name.startswith("t")).tuples()]
        ContactTag.insert_many([{"contact": contact_id, "tag": t} for t in tags]).execute()


def test_a_contact_at_the_tag_limit_takes_no_new_tag(db, clock):
    """The limit import applies holds for tagging too: tags already held count once,
    a new one past the limit is refused naming the count, and nothing is written."""
    ann = contacts.create_contact(clock, "Ann")
    _give_tags(ann.id, MAX_TAGS - 1)
    contacts.add_tags([ann.id], ["t0", "t1", "one more"])
    assert len(contacts.tags_of(ann.id)) == MAX_TAGS
    with pytest.raises(ValidationError) as error:
        contacts.add_tags([ann.id], ["t5", "past the limit"])
    assert str(error.value) == f"a contact has at most {MAX_TAGS} tags ({MAX_TAGS + 1} given)"
    assert "past the limit" not in contacts.tags_of(ann.id)


@pytest.mark.slow
def test_the_tag_limit_holds_for_the_last_contact_of_a_big_selection(db, clock):
    ids = _many(1850)
    _give_tags(ids[-1], MAX_TAGS)
    with pytest.raises(ValidationError, match="at most"):
        contacts.add_tags(ids, ["new"])
    assert not Tag.select().where(Tag.name == "new").exists(), "nothing half-written"
    assert ContactTag.select().count() == MAX_TAGS


def _mark_stale(contact_id: int) -> None:
    """Give a contact denormalised columns no recomputation would produce."""
    Contact.update(search_text="stale", cooling_at=None, cold_at=None).where(
        Contact.id == contact_id).execute()


def _stale(contact_id: int) -> bool:
    row = Contact.get_by_id(contact_id)
    return (row.search_text, row.cooling_at, row.cold_at) == ("stale", None, None)


def test_each_write_recomputes_only_the_contacts_it_touched(db, clock):
    """A new contact, an edit, a tag, an untag or an archive recomputes its own
    contacts' search text and due dates, not all 100,000 (seconds each time): a
    bystander's columns, made stale on purpose, are left exactly as they were."""
    ann = contacts.create_contact(clock, "Ann", stage=Stage.ENCOUNTER)
    bo = contacts.create_contact(clock, "Bo", stage=Stage.ENCOUNTER)
    _mark_stale(bo.id)
    contacts.update_contact(clock, ann.id, notes="met at PyCon")
    contacts.add_tags([ann.id], ["chess"])
    contacts.remove_tags([ann.id], ["chess"])
    contacts.set_archived(clock, [ann.id], True)
    contacts.set_tags(ann.id, ["go"])
    contacts.create_contact(clock, "Cy", stage=Stage.ENCOUNTER, notes="new")
    assert _stale(bo.id)
    assert "pycon" in Contact.get_by_id(ann.id).search_text


def test_fields_the_form_does_not_edit_are_refused_by_name(db, clock):
    ann = contacts.create_contact(clock, "Ann")
    with pytest.raises(ValueError) as error:
        contacts.update_contact(clock, ann.id, uid="x", stage="friendship", notes="kept?")
    assert str(error.value) == "not editable: stage, uid"
    assert contacts.get_contact(ann.id).notes == ""


def test_an_edit_cleans_the_name_birthday_sphere_and_cadence_it_is_given(db, clock):
    """Every edit is held to the same rules as the form: a name is trimmed, a
    birthday checked, a sphere one of three, a cadence within bounds."""
    ann = contacts.create_contact(clock, "Ann")
    contacts.update_contact(clock, ann.id, display_name="  Ann   Lee ", birthday=" --05-04 ")
    stored = contacts.get_contact(ann.id)
    assert (stored.display_name, stored.birthday) == ("Ann Lee", "--05-04")
    for fields, words in (({"display_name": " "}, "a contact needs a name"),
                          ({"birthday": "1990-13-01"}, "'1990-13-01' is not a birthday"),
                          ({"sphere": "galactic"}, "sphere must be one of"),
                          ({"cadence_days": 0}, "a cadence is between 1 and 3650 days")):
        with pytest.raises(ValidationError) as error:
            contacts.update_contact(clock, ann.id, **fields)
        assert str(error.value).startswith(words)
    again = contacts.get_contact(ann.id)
    assert (again.display_name, again.birthday, again.sphere, again.cadence_days) == (
        "Ann Lee", "--05-04", "business", None)


@pytest.mark.parametrize(("given", "expected"), [
    ({}, ("Mary Ann", "Lee")),
    ({"first_name": "Molly"}, ("Molly", "")),
    ({"last_name": "Smith"}, ("", "Smith")),
    ({"first_name": "Molly", "last_name": "Smith"}, ("Molly", "Smith")),
])
def test_a_new_contacts_first_and_last_name_are_derived_only_when_neither_is_given(
        db, clock, given, expected):
    """The last word is the last name ("Mary Ann Lee" is Mary Ann, Lee); a first or last
    name typed in the form is kept as typed."""
    mary = contacts.create_contact(clock, "Mary Ann Lee", **given)
    assert (mary.first_name, mary.last_name) == expected


def test_a_one_word_name_is_a_first_name(db, clock):
    cher = contacts.create_contact(clock, "Cher")
    assert (cher.first_name, cher.last_name) == ("Cher", "")


def test_a_new_contact_is_stamped_now_placed_in_history_and_keeps_a_given_uid(db, clock):
    """The history's first entry says when the contact arrived; a card's UID (from an
    import or a sync) is kept, and every other contact gets a fresh one."""
    batch = ImportBatch.create(source="friends.vcf", format="vcard", created_at=clock.now())
    ann = contacts.create_contact(clock, "Ann", uid="card-1", import_batch=batch.id,
                                  stage=Stage.RECOGNITION)
    bo, cy = contacts.create_contact(clock, "Bo"), contacts.create_contact(clock, "Cy")
    assert (ann.uid, ann.import_batch_id, ann.stage) == ("card-1", batch.id, "recognition")
    assert (ann.created_at, ann.updated_at) == (clock.now(), clock.now())
    assert bo.uid != cy.uid and len(bo.uid) == 36 and bo.import_batch_id is None
    change = StageChange.get(StageChange.contact == ann.id)
    assert (change.from_stage, change.to_stage, change.changed_at) == (
        None, "recognition", clock.now())


@pytest.mark.parametrize(("kind", "many", "words"), [
    ("emails", [f"p{n}@x.example" for n in range(51)], "e-mail addresses"),
    ("phones", [str(n) for n in range(51)], "phone numbers"),
    ("links", [("web", f"https://x.example/{n}") for n in range(51)], "links"),
])
def test_too_many_addresses_phones_or_links_are_refused_naming_which(
        db, clock, kind, many, words):
    ann = contacts.create_contact(clock, "Ann", emails=["ann@x.example"])
    with pytest.raises(ValidationError) as error:
        contacts.update_contact(clock, ann.id, **{kind: many})
    assert str(error.value) == f"a contact has at most 50 {words} (51 given)"
    assert [e.email for e in contacts.get_contact(ann.id).emails] == ["ann@x.example"]


def test_addresses_phones_and_links_are_kept_trimmed_in_order_without_blanks(db, clock):
    """A repeated address (any case) is kept once; blank phones and links are dropped;
    an edit that does not name a list leaves it alone."""
    ann = contacts.create_contact(
        clock, "Ann", emails=[("a@x.example", "work"), "A@X.example", "b@x.example"],
        phones=[("  0200 ", "home"), "  ", "0300"],
        links=[("web", " https://a.example "), ("git", " "), ("blog", "https://b.example")])
    contacts.update_contact(clock, ann.id, notes="unchanged lists")
    stored = contacts.get_contact(ann.id)
    assert [(e.email, e.label, e.position) for e in stored.emails] == [
        ("a@x.example", "work", 0), ("b@x.example", "", 2)]
    assert [(p.number, p.label, p.position) for p in stored.phones] == [
        ("0200", "home", 0), ("0300", "", 2)]
    assert [(lk.kind, lk.url, lk.position) for lk in stored.links] == [
        ("web", "https://a.example", 0), ("blog", "https://b.example", 2)]


def test_five_people_of_one_name_are_all_named_with_nothing_counted(db, clock):
    sams = [contacts.create_contact(clock, "Sam") for _ in range(5)]
    with pytest.raises(AmbiguousError) as error:
        contacts.find_contact("Sam")
    named = ", ".join(f"Sam (#{s.id})" for s in sams)
    assert str(error.value) == f"'Sam' matches several contacts: {named}; use an id or email"


def test_replacing_one_contacts_lists_leaves_everyone_elses_alone(db, clock):
    """Saving Ann's addresses, phones and links rewrites Ann's rows only."""
    ann = contacts.create_contact(clock, "Ann", emails=["ann@x.example"], phones=["1"],
                                  links=[("web", "https://ann.example")])
    bo = contacts.create_contact(clock, "Bo", emails=["bo@x.example"], phones=["2"],
                                 links=[("web", "https://bo.example")])
    contacts.update_contact(clock, ann.id, emails=["a2@x.example"], phones=["3"],
                            links=[("git", "https://git.example/ann")])
    again = contacts.get_contact(bo.id)
    assert [e.email for e in again.emails] == ["bo@x.example"]
    assert [p.number for p in again.phones] == ["2"]
    assert [lk.url for lk in again.links] == ["https://bo.example"]
