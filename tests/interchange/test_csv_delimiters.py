"""Semicolon and tab CSVs are read like comma ones (relmanager.interchange.detect.find_header).

A Google or Outlook export opened and saved again by Excel where the decimal mark is a
comma (most of Europe) has semicolons between its columns; the detection split every
line on commas only and refused it: "not a contacts file this app can read". The
fixture google_contacts_semicolon.csv is google_contacts.csv as Excel saves it there
(UTF-8 with a BOM, CRLF, ';', quotes only where a cell holds ';', a quote or a line
break), with one more contact whose address has a comma and whose notes a semicolon.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.interchange import parse_file

FIXTURES = Path(__file__).parent / "fixtures"


def _by_name(path: Path) -> dict[str, object]:
    result = parse_file(path)
    assert not result.fatal, [p.message for p in result.problems]
    assert result.format == "google"
    return {c.display_name: c for c in result.contacts}


def test_a_semicolon_google_export_reads_as_the_comma_one(tmp_path):
    semicolons = _by_name(FIXTURES / "google_contacts_semicolon.csv")
    commas = _by_name(FIXTURES / "google_contacts.csv")
    juergen = semicolons.pop("Jürgen Müller")
    assert semicolons == commas  # every field of every contact, notes with line breaks too
    assert juergen.organisation == "Müller & Söhne GmbH"
    assert juergen.emails[0][0] == "j.mueller@example.de"
    assert juergen.phones == [("+49 170 1234567", "mobile")]
    assert juergen.notes == "Met at the Messe; wants the catalogue"


def test_a_tab_separated_export_reads_as_the_comma_one(tmp_path):
    rows = list(csv.reader(io.StringIO(
        (FIXTURES / "google_contacts.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
    tabs = tmp_path / "google.tsv"
    tabs.write_text(out.getvalue(), encoding="utf-8")
    assert _by_name(tabs) == _by_name(FIXTURES / "google_contacts.csv")


def test_the_command_line_imports_the_semicolon_export(tmp_path, db_path, clock, capsys):
    code = main(["import", "--db", str(db_path),
                 str(FIXTURES / "google_contacts_semicolon.csv")], clock=clock)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "contacts found (google)" in out
    assert main(["list", "--db", str(db_path), "--json"], clock=clock) == 0
    names = {row["name"] for row in json.loads(capsys.readouterr().out)}
    assert {"Katherine G. Johnson", "Jürgen Müller", "Margaret Hamilton"} <= names


AMBIGUOUS = ("E-mail Address;First Name,E-mail Address\r\n"  # a header both ways
             "a@x.org;Ann;Lee,b@x.org\r\nc@x.org,Cy,Roe;d@x.org\r\n"
             "e@x.org;Eve,Fay,Gil;h@x.org\r\ni@x.org,,,j@x.org;;\r\n")


def test_a_file_whose_delimiter_cannot_be_told_is_refused_in_words(tmp_path):
    path = tmp_path / "which.csv"
    path.write_text(AMBIGUOUS, encoding="utf-8")
    result = parse_file(path)
    assert result.fatal and result.contacts == []
    assert [p.message for p in result.problems] == [
        "'which.csv' cannot be read: its header reads as a contacts header with commas or "
        "semicolons between the columns, and its rows do not show which. Save it again "
        "from your spreadsheet as CSV with commas, and import that file."]
    for layout in ("outlook", None):  # the CSV reader itself says the same
        from relmanager.interchange.csv_in import parse_csv
        again = parse_csv(path, layout)
        assert again.fatal and "its rows do not show which" in again.problems[0].message


@pytest.mark.parametrize("filler", [',"a' * 400, ';"' * 600, '"' * 1200])
def test_the_sniff_of_a_hostile_file_is_bounded(tmp_path, filler):
    """csv.Sniffer's quote guess is quadratic (64 KB of ',"a' took it 20 s): it is only
    asked about a header that reads both ways, and sees 8 KB at most."""
    path = tmp_path / "quotes.csv"
    path.write_text("E-mail Address;First Name,E-mail Address\r\n"
                    + (filler + "\r\n") * 200, encoding="utf-8")
    started = time.process_time()
    result = parse_file(path)
    assert time.process_time() - started < 2.0
    assert result.fatal or result.format == "outlook"
