"""The card patcher's rules, one test each (written against mutmut's survivors in
``interchange.content_lines`` and ``interchange.card_patch``): the lines of a stored card
or entry that Relmanager does not own come back byte for byte, and the ones it owns are
replaced where they were."""

from __future__ import annotations

import base64

import pytest

from relmanager.interchange.card_patch import (
    conflict_lines,
    is_introducer,
    own_relation,
    own_relations,
    patch_contact,
    patch_entry,
    set_conflicts,
)
from relmanager.interchange.content_lines import (
    Line,
    Patcher,
    join,
    split_lines,
    type_params,
    value_of,
)
from relmanager.sync.entries import contact_vcard, parse_contact

UID = "0b6c1e2a-1111-4222-8333-944455556666"


def _line(text: str) -> Line:
    return split_lines(text)[0]


def _card(*body: str, version: str = "3.0") -> str:
    return ("BEGIN:VCARD\r\nVERSION:" + version + "\r\nUID:u-1\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n"
            + "".join(line + "\r\n" for line in body) + "END:VCARD\r\n")


def _patch(raw: str, **changes) -> str:
    before = parse_contact(raw, "x.vcf").fields
    after = {**before, **changes}
    return patch_contact(raw, set(changes), after, lambda f: contact_vcard("u-1", f),
                         lambda text: parse_contact(text, "").fields)


def _lines(text: str) -> list[str]:
    return [line.text for line in split_lines(text)]


# -- content lines ------------------------------------------------------------------------
def test_a_line_folded_with_a_tab_or_a_bare_newline_is_one_line_and_joins_back():
    """Folding by a tab (RFC 6350 allows it) and a bare LF are continuations as well."""
    text = "BEGIN:VCARD\nNOTE:one\n\ttwo\r\n three\r\nEND:VCARD"
    lines = split_lines(text)
    assert [line.name for line in lines] == ["BEGIN", "NOTE", "END"]
    assert lines[1].unfolded == "NOTE:onetwothree"
    assert lines[-1].text == "END:VCARD\r\n"  # a last line without an ending gets one
    assert join(lines) == text + "\r\n"


def test_a_continuation_before_any_line_is_a_line_of_its_own():
    lines = split_lines(" stray\r\nFN:x\r\n")
    assert [line.text for line in lines] == [" stray\r\n", "FN:x\r\n"]
    assert lines[0].name == "" and lines[0].group is None


def test_a_group_and_a_name_are_read_and_the_name_upper_cased():
    line = _line("item3.x-abLabel:home\r\n")
    assert (line.group, line.name) == ("item3", "X-ABLABEL")
    assert _line("tel;type=cell:1\r\n").group is None


def test_a_value_starts_after_the_first_colon_outside_quotes():
    assert value_of(_line('X-A;P="a:b":c:d\r\n')) == "c:d"
    assert value_of(_line("NOCOLON\r\n")) == ""


@pytest.mark.parametrize(("text", "types"), [
    ("TEL;TYPE=cell,Voice:1", ["cell", "voice"]),
    ('TEL;TYPE="home, work":1', ["home", "work"]),
    ("TEL;type=HOME;type=fax:1", ["home", "fax"]),
    ("TEL;CELL;PREF:1", ["cell", "pref"]),
    ("TEL;VALUE=uri;TYPE=,cell:1", ["cell"]),
    ('TEL;X-A="a;TYPE=b":1', []),
    ('TEL;X-A="a:b";TYPE=cell:1', ["cell"]),
    ("TEL:1", []),
    ("TEL;TYPE=FAX,X-Custom:1", ["fax", "x-custom"]),
])
def test_type_parameters_in_every_form(text: str, types: list[str]):
    """TYPE=a,b; quoted; repeated; vCard 2.1's bare ones; a ``;`` or ``:`` inside quotes
    is not a separator; other parameters are not types."""
    assert type_params(_line(text + "\r\n")) == types


def test_lines_of_a_nested_component_are_not_the_entrys():
    """An alarm's DESCRIPTION inside a VTODO is the alarm's, not the follow-up's note,
    however deep the nesting; the entry's own lines after it are still found."""
    raw = ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nDESCRIPTION:mine\r\nBEGIN:VALARM\r\n"
           "DESCRIPTION:alarm\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    found = Patcher(raw, "VTODO").lines_named("DESCRIPTION")
    assert [line.text for line in found] == ["DESCRIPTION:mine\r\n"]
    deep = ("BEGIN:VTODO\r\nBEGIN:X-A\r\nBEGIN:X-B\r\nSUMMARY:b\r\nEND:X-B\r\n"
            "SUMMARY:a\r\nEND:X-A\r\nSUMMARY:mine\r\nEND:VTODO\r\n")
    assert [line.text for line in Patcher(deep, "VTODO").lines_named("SUMMARY")] == [
        "SUMMARY:mine\r\n"]
    new = [Line("DESCRIPTION:new\r\n", None, "DESCRIPTION")]
    patcher = Patcher(raw, "VTODO")
    patcher.replace(("DESCRIPTION",), new)
    assert patcher.text() == raw.replace("DESCRIPTION:mine", "DESCRIPTION:new")


def test_the_component_is_found_by_name_whatever_its_case_and_padding():
    raw = "BEGIN:VCALENDAR\r\nBEGIN: vtodo \r\nSUMMARY:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    assert [line.text for line in Patcher(raw, "VTODO").lines_named("SUMMARY")] == \
        ["SUMMARY:x\r\n"]


def test_an_entry_without_the_component_or_its_end_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="no VTODO in the stored entry"):
        Patcher("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "VTODO").body()
    unclosed = "BEGIN:VTODO\r\nBEGIN:VALARM\r\nEND:VALARM\r\nSUMMARY:x\r\n"
    with pytest.raises(ValueError, match="VTODO is not closed in the stored entry"):
        Patcher(unclosed, "VTODO").body()


def test_new_grouped_lines_take_the_first_group_name_the_card_does_not_use():
    """item1 and ITEM2 are taken (case does not matter): the new pair becomes item3, both
    its lines the same group; a second new group becomes item4."""
    patcher = Patcher(_card("item1.TEL:1", "ITEM2.URL:x"), "VCARD")
    new = [Line("g.EMAIL:a@x\r\n", "g", "EMAIL"), Line("G.X-ABLABEL:a\r\n", "G", "X-ABLABEL"),
           Line("h.EMAIL:b@x\r\n", "h", "EMAIL")]
    patcher.insert(None, new)
    assert _lines(patcher.text())[-4:] == ["item3.EMAIL:a@x\r\n", "item3.X-ABLABEL:a\r\n",
                                           "item4.EMAIL:b@x\r\n", "END:VCARD\r\n"]


def test_removing_a_grouped_line_takes_only_an_apple_label_left_alone_with_it():
    """item1 keeps its label (an X-ABADR... no: another real line stays in item1);
    item2's label goes with its address; an ungrouped line is just removed."""
    raw = _card("item1.EMAIL:a@x", "item1.TEL:1", "item1.X-ABLabel:one",
                "item2.EMAIL:b@x", "item2.X-ABLabel:two", "item2.X-ABShowAs:x", "NOTE:n",
                "item9.X-ABLabel:another client's, alone")
    patcher = Patcher(raw, "VCARD")
    doomed = [line for line in patcher.lines if line.name in ("EMAIL", "NOTE")]
    at = patcher.remove(doomed)
    assert _lines(patcher.text())[5:] == ["item1.TEL:1\r\n", "item1.X-ABLabel:one\r\n",
                                          "item9.X-ABLabel:another client's, alone\r\n",
                                          "END:VCARD\r\n"]
    assert at == 5  # where the first removed line was
    assert patcher.remove([]) is None


def test_a_line_inserted_with_a_group_keeps_its_label_when_removed_again():
    """Inserted lines carry their new group, so removing one takes its label along."""
    patcher = Patcher(_card(), "VCARD")
    patcher.insert(None, [Line("g.EMAIL:a@x\r\n", "g", "EMAIL"),
                          Line("g.X-ABLabel:a\r\n", "g", "X-ABLABEL")])
    patcher.remove(patcher.lines_named("EMAIL"))
    assert patcher.text() == _card()


def test_a_removal_reaching_the_end_returns_the_end():
    raw = _card("item1.EMAIL:a@x", "item1.X-ABLabel:one")
    patcher = Patcher(raw, "VCARD")
    at = patcher.remove([line for line in patcher.lines if line.name == "EMAIL"])
    assert at == 5 and patcher.lines[at].name == "END"


# -- contacts -----------------------------------------------------------------------------
def test_a_changed_title_is_replaced_where_it_was_and_nothing_else_moves():
    raw = _card("X-PHONE-APP;Z=1;A=2:keep", "TITLE:Old", "NICKNAME:Annie")
    text = _patch(raw, title="Boss")
    assert text == raw.replace("TITLE:Old", "TITLE:Boss")


def test_a_card_without_version_is_patched_as_vcard_3():
    data = base64.b64encode(b"GIF89a").decode()
    raw = _card("EMAIL:a@x.example").replace("VERSION:3.0\r\n", "")
    text = _patch(raw, photo=data, emails=[["a@x.example", ""], ["b@x.example", ""]])
    assert f"PHOTO;ENCODING=b;TYPE=GIF:{data}\r\n" in text
    assert "EMAIL:a@x.example\r\n" in text and "b@x.example" in text


def test_a_title_change_leaves_a_short_name_line_as_it_was():
    """N is rewritten only when a name part changed: another client's short N stays."""
    raw = _card("TITLE:Old").replace("N:Lee;Ann;;;", "N:Lee;Ann")
    assert _patch(raw, title="Boss") == raw.replace("TITLE:Old", "TITLE:Boss")


def test_a_field_not_named_is_not_touched_even_when_its_value_differs():
    raw = _card("TITLE:Old")
    before = parse_contact(raw, "x.vcf").fields
    text = patch_contact(raw, {"notes"}, {**before, "title": "New", "notes": ""},
                         lambda f: contact_vcard("u-1", f),
                         lambda t: parse_contact(t, "").fields)
    assert text == raw


def test_a_vcard_4_photo_is_a_data_uri_and_a_linked_photo_is_left_alone():
    """vCard 4 keeps the writer's data: URI; a photo given by a link is another client's
    (only an inline photo is ours), so it stays beside the new one."""
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20).decode()
    raw = _card("PHOTO:https://example.org/a.png", version="4.0")
    text = _patch(raw, photo=png)
    assert "PHOTO:https://example.org/a.png\r\n" in text
    photos = [line for line in split_lines(text) if line.name == "PHOTO"]
    assert len(photos) == 2 and "data:image/png;base64," in photos[1].unfolded


@pytest.mark.parametrize(("head", "kind"), [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF89a", "GIF"),
                                            (b"\xff\xd8\xff\xe0", "JPEG")])
def test_a_vcard_3_photo_names_its_image_type_and_folds_at_75(head: bytes, kind: str):
    data = base64.b64encode(head + b"\x01" * 200).decode()
    text = _patch(_card(), photo=data)
    photo = next(line for line in split_lines(text) if line.name == "PHOTO")
    assert photo.unfolded == f"PHOTO;ENCODING=b;TYPE={kind}:{data}"
    physical = photo.text.split("\r\n")
    assert [len(p) for p in physical[:-2]] == [74] + [75] * (len(physical) - 3)
    assert physical[-1] == "" and 0 < len(physical[-2]) <= 75


def test_removing_the_photo_of_a_vcard_3_leaves_no_photo():
    data = base64.b64encode(b"GIF89a").decode()
    text = _patch(_card(f"PHOTO;ENCODING=b;TYPE=GIF:{data}"), photo=None)
    assert "PHOTO" not in text


def test_renaming_keeps_the_other_name_parts_and_a_card_without_n_gets_one():
    raw = _card().replace("N:Lee;Ann;;;", "N:Lee;Ann;Mary;Dr.;Jr.;extra")
    text = _patch(raw, first_name="Anna", last_name="Li")
    assert "N:Li;Anna;Mary;Dr.;Jr.;extra\r\n" in text
    assert text.count("\r\nN:") == 1
    no_n = _card().replace("N:Lee;Ann;;;\r\n", "")
    assert "N:Li;Anna;;;\r\n" in _patch(no_n, first_name="Anna", last_name="Li")
    for short, kept in (("N:Lee;Ann", "N:Lee;Anna;;;"), ("N:Lee", "N:Lee;Anna;;;")):
        text = _patch(_card().replace("N:Lee;Ann;;;", short), first_name="Anna")
        assert kept + "\r\n" in text and text.count("\r\nN:") == 1


def test_an_escaped_semicolon_stays_inside_its_name_part():
    raw = _card().replace("N:Lee;Ann;;;", "N:Lee\\;Smith;Ann;;;")
    text = _patch(raw, first_name="Anna")
    assert "N:Lee\\;Smith;Anna;;;\r\n" in text


def test_kept_addresses_stay_byte_for_byte_and_new_ones_follow_the_last_kept():
    """An address kept is not rewritten (its parameters and label stay); a new one goes
    after the last kept one and past its label, not at the end of the card."""
    raw = _card("item1.EMAIL;type=INTERNET;type=pref:a@x.example", "item1.X-ABLabel:_$!<Home>!$_",
                "NOTE:after")
    fields = parse_contact(raw, "x.vcf").fields
    text = _patch(raw, emails=[*fields["emails"], ["b@x.example", "work"]])
    lines = _lines(text)
    at = lines.index("item1.X-ABLabel:_$!<Home>!$_\r\n")
    assert lines[at - 1] == "item1.EMAIL;type=INTERNET;type=pref:a@x.example\r\n"
    assert "b@x.example" in lines[at + 1] and lines[at + 2] == "NOTE:after\r\n"


def test_a_new_address_follows_an_ungrouped_kept_one():
    raw = _card("EMAIL:a@x.example", "NOTE:after")
    text = _patch(raw, emails=[["a@x.example", ""], ["b@x.example", ""]])
    lines = _lines(text)
    assert lines[5:8] == ["EMAIL:a@x.example\r\n", "EMAIL:b@x.example\r\n", "NOTE:after\r\n"]


def test_an_empty_or_unlabelled_grouped_address_is_read_not_choked_on():
    """An ``EMAIL:`` with no value means nothing and goes; a grouped address without a
    label is kept; a stray label without a group is another client's and stays."""
    raw = _card("EMAIL:", "item1.EMAIL:a@x.example", "X-ABLabel:stray")
    text = _patch(raw, emails=[["a@x.example", ""]])
    assert text == raw.replace("EMAIL:\r\n", "")


def test_a_new_phone_brings_no_label_of_the_addresses():
    """The writer renders the whole card: only the phone's own lines are taken from it,
    not the e-mail's grouped label."""
    raw = _card("item1.EMAIL:a@x.example", "item1.X-ABLabel:other")
    text = _patch(raw, phones=[["+44 1", "mobile"]])
    assert text == raw.replace("END:VCARD", "TEL;TYPE=cell:+44 1\r\nEND:VCARD")


def test_the_same_new_address_wanted_twice_is_written_twice():
    text = _patch(_card(), emails=[["a@x.example", ""]] * 2)
    assert text.count("EMAIL:a@x.example\r\n") == 2


def test_a_link_photo_is_known_by_its_scheme_near_the_start():
    """``://`` within the first 12 characters is a link (another client's, kept); an
    inline value has none there."""
    data = base64.b64encode(b"GIF89a").decode()
    raw = _card("PHOTO;VALUE=uri:abcdefghij://x", "PHOTO;VALUE=uri:abcdefghi://y")
    text = _patch(raw, photo=data)
    assert "abcdefghij://x" not in text and "PHOTO;VALUE=uri:abcdefghi://y\r\n" in text


def test_a_new_address_in_an_empty_list_goes_where_the_removed_ones_were():
    raw = _card("EMAIL:old@x.example", "NOTE:after")
    text = _patch(raw, emails=[["new@x.example", ""]])
    lines = _lines(text)
    assert "new@x.example" in lines[5] and lines[6] == "NOTE:after\r\n"
    assert "old@x.example" not in text


def test_an_address_twice_on_the_card_and_once_wanted_keeps_one_line():
    raw = _card("EMAIL:a@x.example", "EMAIL:a@x.example")
    assert _patch(raw, emails=[["a@x.example", ""]]).count("a@x.example") == 1
    twice = _patch(_card("EMAIL:a@x.example"), emails=[["a@x.example", ""]] * 2)
    assert twice.count("a@x.example") == 2


def test_links_take_their_x_socialprofile_lines_too():
    raw = _card("X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ann", "URL:https://a.example")
    text = _patch(raw, links=[])
    assert "SOCIALPROFILE" not in text and "URL" not in text


def test_our_own_x_properties_are_replaced_and_others_left():
    raw = _card("X-RELMANAGER-STAGE:acquaintance", "X-OTHER-STAGE:keep")
    text = _patch(raw, stage="friendship")
    assert "X-RELMANAGER-STAGE:friendship\r\n" in text
    assert "X-OTHER-STAGE:keep\r\n" in text and "acquaintance" not in text


def test_the_introducer_line_is_replaced_and_a_spouse_left():
    other = "aaaaaaaa-1111-4222-8333-944455556666"
    raw = _card(f"RELATED;TYPE=spouse:urn:uuid:{other}", f"RELATED:urn:uuid:{UID}",
                f"RELATED;TYPE=colleague:urn:uuid:{other}")
    text = _patch(raw, introduced_by=None)
    assert text == raw.replace(f"RELATED:urn:uuid:{UID}\r\n", "")


def test_only_our_typed_relations_are_replaced():
    """A relation of ours (one of our types, a uid) is rewritten; another app's typed
    line by name, or with two types, stays where it was."""
    raw = _card(f"RELATED;TYPE=colleague:urn:uuid:{UID}", "RELATED;TYPE=colleague:Bob",
                f"RELATED;TYPE=colleague,friend:urn:uuid:{UID}")
    assert own_relations(raw) == [["colleague", UID]]
    text = _patch(raw, relations=[])
    assert text == raw.replace(f"RELATED;TYPE=colleague:urn:uuid:{UID}\r\n", "")


def test_own_relations_of_a_card_without_related_is_empty_and_a_bare_uid_is_ours():
    assert own_relations(_card("NOTE:related")) == []  # the word alone is no line
    assert own_relation(_line(f"RELATED;TYPE=colleague:{UID}\r\n")) == ["colleague", UID]
    assert own_relation(_line(f"NOTE;TYPE=colleague:{UID}\r\n")) is None
    assert own_relation(_line(f"RELATED;TYPE=colleague:{UID}x\r\n")) is None


@pytest.mark.parametrize(("text", "introducer"), [
    (f"RELATED:urn:uuid:{UID}", True), (f"RELATED;TYPE=contact:{UID}", True),
    (f"RELATED;TYPE=contact,spouse:{UID}", False), (f"RELATED;TYPE=spouse:{UID}", False),
    ("RELATED:Bob", False), (f"RELATED;TYPE=agent:{UID}", False),
])
def test_the_introducer_is_a_uid_with_no_type_or_contact(text: str, introducer: bool):
    assert is_introducer(_line(text + "\r\n")) is introducer


# -- calendar entries -----------------------------------------------------------------
JOURNAL = ("BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nUID:e\r\nSUMMARY:Call with Ann\r\n"
           "X-RELMANAGER-MINUTES:5\r\nX-THEIRS;B=1;A=2:keep\r\nDESCRIPTION:old\r\n"
           "END:VJOURNAL\r\nEND:VCALENDAR\r\n")


def test_an_entry_patch_takes_the_changed_properties_from_our_writing_only():
    rendered = JOURNAL.replace("X-RELMANAGER-MINUTES:5", "X-RELMANAGER-MINUTES:30") \
        .replace("DESCRIPTION:old", "DESCRIPTION:new").replace("X-THEIRS;B=1;A=2:keep\r\n", "")
    text = patch_entry(JOURNAL, "VJOURNAL", ["minutes"], rendered)
    assert text == JOURNAL.replace("MINUTES:5", "MINUTES:30")
    text = patch_entry(JOURNAL, "VJOURNAL", ["note", "minutes"], rendered)
    assert text == JOURNAL.replace("MINUTES:5", "MINUTES:30").replace("old", "new")


def test_a_field_without_a_listed_property_maps_to_our_x_property():
    raw = JOURNAL.replace("DESCRIPTION:old\r\n", "X-RELMANAGER-GROUP-KEY:a\r\n")
    rendered = raw.replace("GROUP-KEY:a", "GROUP-KEY:b")
    assert patch_entry(raw, "VJOURNAL", ["group_key"], rendered) == rendered


def test_the_conflict_marks_are_read_and_set_and_an_unreadable_entry_has_none():
    text = set_conflicts(JOURNAL, "VJOURNAL", ["note", "minutes"])
    assert conflict_lines(text, "VJOURNAL") == ["note", "minutes"]
    assert _lines(text)[-3:-1] == ["X-RELMANAGER-CONFLICT:minutes\r\n", "END:VJOURNAL\r\n"]
    assert set_conflicts(text, "VJOURNAL", []) == JOURNAL
    assert conflict_lines("BEGIN:VJOURNAL\r\n", "VJOURNAL") == []


def test_a_changed_introducer_does_not_copy_our_typed_relations_again():
    """The writer renders our typed relations beside the introducer: only the
    introducer's line is taken for the introducer field."""
    other = "aaaaaaaa-1111-4222-8333-944455556666"
    raw = _card(f"RELATED;TYPE=colleague:urn:uuid:{other}")
    fields = {**parse_contact(raw, "x.vcf").fields, "relations": [["colleague", other]],
              "introduced_by": UID}
    text = patch_contact(raw, {"introduced_by"}, fields, lambda f: contact_vcard("u-1", f),
                         lambda t: parse_contact(t, "").fields)
    assert text.count(other) == 1 and text.count(f"urn:uuid:{UID}") == 1
