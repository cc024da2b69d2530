"""An unfiltered export is the whole address book: archived contacts go out too, marked
as archived (X-RELMANAGER-ARCHIVED in vCard, an Archived column in CSV), come back
archived on re-import, and the summary says how many archived ones were included.
Filters (a stage, a tag, "active only") still narrow the export to active contacts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.domain.stages import Stage
from relmanager.interchange import parse_file
from relmanager.store import exporter, importer
from relmanager.store.contacts import create_contact, set_archived
from relmanager.store.db import close_db, init_db
from relmanager.store.models import Contact


@pytest.fixture
def book(db, clock) -> dict[str, int]:
    ids = {name: create_contact(clock, name, stage=Stage.FRIENDSHIP, tags=["math"]).id
           for name in ("Ada Active", "Bo Active", "Cy Archived")}
    set_archived(clock, [ids["Cy Archived"]], True)
    return ids


def test_select_ids_unfiltered_includes_archived_filtered_does_not(book, clock):
    assert set(exporter.select_ids(now=clock.now())) == set(book.values())
    assert book["Cy Archived"] not in exporter.select_ids(["friendship"], now=clock.now())
    assert book["Cy Archived"] not in exporter.select_ids(tag="math", now=clock.now())
    assert book["Cy Archived"] not in exporter.select_ids(active_only=True, now=clock.now())


def test_vcard_export_marks_archived_and_reimport_keeps_it(book, clock, tmp_path):
    target = tmp_path / "all.vcf"
    written = exporter.export_contacts("vcard", target, exporter.select_ids(now=clock.now()))
    assert written == 3 and written.archived == 1
    text = target.read_text()
    assert text.count("BEGIN:VCARD") == 3
    assert text.count("X-RELMANAGER-ARCHIVED:1") == 1
    close_db()
    init_db(tmp_path / "fresh.sqlite3", clock=clock)
    result = parse_file(target)
    importer.apply_plan(importer.plan_import(result, target.name), clock)
    archived = {c.display_name: bool(c.archived) for c in Contact.select()}
    assert archived == {"Ada Active": False, "Bo Active": False, "Cy Archived": True}


def test_csv_export_has_an_archived_column(book, clock, tmp_path):
    target = tmp_path / "all.csv"
    written = exporter.export_contacts("csv", target, exporter.select_ids(now=clock.now()))
    assert written == 3 and written.archived == 1
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert {r["Name"]: r["Archived"] for r in rows} == {
        "Ada Active": "", "Bo Active": "", "Cy Archived": "yes"}


def test_cli_summary_counts_archived(book, clock, db_path: Path, tmp_path, capsys):
    close_db()
    code = main(["export", "--db", str(db_path), "vcard", str(tmp_path / "all.vcf")], clock=clock)
    out = capsys.readouterr().out
    assert code == 0
    assert "3 contacts" in out and "1 archived" in out, out
    code = main(["export", "--db", str(db_path), "vcard", str(tmp_path / "active.vcf"),
                 "--active-only"], clock=clock)
    out = capsys.readouterr().out
    assert code == 0 and "2 contacts" in out and "archived" not in out, out
    assert (tmp_path / "active.vcf").read_text().count("BEGIN:VCARD") == 2
    code = main(["export", "--db", str(db_path), "csv", str(tmp_path / "f.csv"),
                 "--stage", "friendship"], clock=clock)
    out = capsys.readouterr().out
    assert code == 0 and out.strip().endswith(": 2 contacts"), out


def test_gui_everything_includes_archived(book, clock, db_path, qtbot, tmp_path):
    from relmanager.services.context import AppContext, make_settings
    from relmanager.ui.import_export.export_dialog import ExportDialog

    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.scope.currentData() == "all"
    assert "archived" in dialog.scope.currentText().lower()
    assert set(dialog.contact_ids()) == set(book.values())
