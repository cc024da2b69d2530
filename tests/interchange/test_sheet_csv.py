"""A plain spreadsheet CSV, and Relmanager's own CSV export, read back as contacts.

File > Export > "Contacts as CSV" then File > Import of that file was refused ("not a
contacts file this app can read"), and so was any sheet with Name, Email and Company
columns: only LinkedIn, Google and Outlook headers were known (seen by stranger).
"""

from __future__ import annotations

from datetime import date

import pytest

from relmanager.interchange import FormatError, detect_format, parse_file
from relmanager.interchange.csv_out import contacts_to_csv, interactions_to_csv
from relmanager.interchange.records import ParsedContact


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_our_own_csv_export_reads_back(tmp_path):
    ana = ParsedContact(
        first_name="Ana", last_name="López", display_name="Ana López",
        emails=[("ana@acme.example", ""), ("ana.l@home.example", "")],
        phones=[("+34 600 111 222", ""), ("-1 555 0100", "")],
        organisation="Acme Robotics", title="CTO", tags=["fintech", "PyData 2025"],
        notes="=SUM(A1) is not a formula\nsecond line", intent="hiring advice",
        how_met="conference dinner", met_on=date(2025, 7, 23), sphere="personal",
        stage="friendship")
    bare = ParsedContact(display_name="Bo", emails=[("bo@x.example", "")])
    path = _write(tmp_path, "export.csv", contacts_to_csv([ana, bare]))

    assert detect_format(path) == "spreadsheet"
    result = parse_file(path)
    assert not result.fatal, result.problems
    assert result.format == "spreadsheet"
    back, bo = result.contacts
    assert (back.display_name, back.first_name, back.last_name) == ("Ana López", "Ana", "López")
    assert back.emails == ana.emails
    assert back.phones == ana.phones  # the export's apostrophe before '+' and '-' is gone
    assert (back.organisation, back.title) == ("Acme Robotics", "CTO")
    assert back.tags == ["fintech", "PyData 2025"]
    assert back.notes == ana.notes
    assert (back.intent, back.how_met, back.met_on) == (
        "hiring advice", "conference dinner", date(2025, 7, 23))
    assert back.sphere == "personal"
    assert back.stage is None  # imported people land in the Inbox, as from any file
    assert (bo.display_name, bo.emails) == ("Bo", [("bo@x.example", "")])


def test_a_plain_sheet_with_its_own_column_names_is_read(tmp_path):
    path = _write(tmp_path, "people.txt", (
        "Full Name,E-mail,Company,Phone Number,Tags,Where met,Website,Sphere\n"
        "Chen Wei,chen@wei.example,Wei Trading,+86 10 1234 5678,\"fintech; asia\","
        "Shanghai,https://wei.example,work\n"
        "Dana Scully,\"dana@fbi.example; n/a\",FBI,,,,,\n"
        ",,Nobody Inc,,,,,\n"))
    result = parse_file(path)
    assert not result.fatal, result.problems
    chen, dana = result.contacts
    assert (chen.display_name, chen.emails, chen.organisation) == (
        "Chen Wei", [("chen@wei.example", "")], "Wei Trading")
    assert chen.phones == [("+86 10 1234 5678", "")] and chen.tags == ["fintech", "asia"]
    assert chen.where_met == "Shanghai" and [url for _kind, url in chen.links] == [
        "https://wei.example"]
    assert chen.sphere is None  # "work" is no sphere of ours: left to the default
    assert dana.display_name == "Dana Scully" and dana.phones == []
    assert dana.emails == [("dana@fbi.example", "")]  # "n/a" is no address
    assert any("no name and no email" in str(p) for p in result.problems)  # the third row


def test_first_and_last_name_columns_make_the_name(tmp_path):
    path = _write(tmp_path, "sheet.csv", "First name;Last name;Email\nAda;Lovelace;ada@x.example\n")
    (ada,) = parse_file(path).contacts
    assert (ada.display_name, ada.first_name, ada.last_name) == ("Ada Lovelace", "Ada", "Lovelace")


def test_our_interaction_export_is_not_taken_for_contacts(tmp_path):
    """It has Contact and Emails columns but no name column: not a contacts sheet."""
    path = _write(tmp_path, "interactions.csv", interactions_to_csv(
        [("1", "2026-01-02", "email", "5", "give", "me", "Ana", "ana@x.example", "", "")]))
    with pytest.raises(FormatError):
        detect_format(path)


def test_the_refusal_says_what_a_sheet_needs(tmp_path):
    path = _write(tmp_path, "numbers.csv", "Date,Amount\n2026-01-02,12\n")
    result = parse_file(path)
    assert result.fatal
    assert "a spreadsheet CSV with a Name (or First name) column" in result.problems[0].message
