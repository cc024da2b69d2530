"""Undoing an import must take back what that import did, and nothing written after it.

An import that merges a card into an existing contact remembers the contact as it was
before. Undo used to put the whole snapshot back: every field the merge may touch (notes,
organisation, title, ...) and the complete lists of addresses, phones, links and tags.
So whatever was written to that contact after the import, and acknowledged, was silently
lost with the undo: a second import's phone number and title, a note typed in the window,
a tag added in another process. (Undoing a *contact merge* already kept such later edits,
``store.merge_undo``; this is its sibling.)

Driven from outside: ``relmanager`` commands in their own processes, the live window in
this one (its writes through the one writer), the result read by a third process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.store.models import Contact
from relmanager.ui.shared.undo import EditContactCommand, perform
from tests.reliability.live_app import live_app_after, run_cli

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _card(path: Path, *lines: str) -> Path:
    body = "\r\n".join(("BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace",
                        "EMAIL:ada@example.org", *lines, "END:VCARD", ""))
    path.write_text(body, encoding="utf-8")
    return path


def _ok(db: Path, *argv: str) -> str:
    done = run_cli(db, *argv)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ada(db: Path) -> dict[str, object]:
    """Ada as a third process sees her (plain sqlite3)."""
    with sqlite3.connect(db) as conn:
        cid, org, title, notes = conn.execute(
            "SELECT id, organisation, title, notes FROM contact "
            "WHERE display_name = 'Ada Lovelace'").fetchone()
        phones = sorted(n for (n,) in conn.execute(
            "SELECT number FROM contact_phone WHERE contact_id = ?", [cid]))
        emails = sorted(e for (e,) in conn.execute(
            "SELECT email FROM contact_email WHERE contact_id = ?", [cid]))
        tags = sorted(t for (t,) in conn.execute(
            "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id = ?", [cid]))
    return {"org": org, "title": title, "notes": notes, "phones": phones,
            "emails": emails, "tags": tags}


def test_undoing_an_import_keeps_what_a_later_import_merged(db_path: Path,
                                                            tmp_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _ok(db_path, "add", "Ada Lovelace", "--email", "ada@example.org")
    _ok(db_path, "import", str(_card(tmp_path / "a.vcf", "ORG:Analytical Engines",
                                     "EMAIL:ada@engines.example", "CATEGORIES:maths")))
    _ok(db_path, "import", str(_card(tmp_path / "b.vcf", "TITLE:Countess",
                                     "TEL:+44 20 7946 0001", "NOTE:Wants the Bernoulli notes",
                                     "CATEGORIES:poetry")))
    before = _ada(db_path)
    assert before["title"] == "Countess" and before["phones"] == ["+44 20 7946 0001"]

    out = _ok(db_path, "undo-import", "1")
    assert "undone" in out
    after = _ada(db_path)
    # What import 1 brought is gone ...
    assert not after["org"]
    assert after["emails"] == ["ada@example.org"]
    assert "maths" not in after["tags"]
    # ... what import 2 brought afterwards, and was told done, is still there.
    assert after["title"] == "Countess"
    assert after["phones"] == ["+44 20 7946 0001"]
    assert after["notes"] == "Wants the Bernoulli notes"
    assert "poetry" in after["tags"]

    # Undoing import 2 as well leaves Ada exactly as she was added.
    _ok(db_path, "undo-import", "2")
    assert _ada(db_path) == {"org": "", "title": "", "notes": "", "phones": [],
                             "emails": ["ada@example.org"], "tags": []}


def test_undoing_an_import_keeps_what_the_window_wrote_since(db_path: Path, qtbot,
                                                             tmp_path: Path) -> None:
    card = _card(tmp_path / "a.vcf", "ORG:Analytical Engines", "NOTE:From the card")
    commands = (("add", "Ada Lovelace", "--email", "ada@example.org"),
                ("import", str(card)))
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", commands) as live:
        ada = Contact.get(Contact.display_name == "Ada Lovelace").id
        assert perform(live.ctx, EditContactCommand(
            live.ctx, ada, {"notes": "Call her about the engine on Tuesday",
                            "title": "Countess"}))
        seen = _ada(db_path)
        assert seen["notes"] == "Call her about the engine on Tuesday"

        # Another process undoes the import while the window is open.
        _ok(db_path, "undo-import", "1")
        after = _ada(db_path)
        assert not after["org"], "the import's organisation should be taken back"
        assert after["notes"] == "Call her about the engine on Tuesday"
        assert after["title"] == "Countess"


def test_an_interaction_logged_while_the_undo_is_confirmed_is_not_removed_unasked(
        db_path: Path, qtbot, tmp_path: Path) -> None:
    """Undo import asks first, naming the interactions logged since with the contacts it
    removes. One logged in another process while that question is up was removed too,
    though the user had confirmed a count without it (and the command line had said it was
    logged). Now the undo refuses and says so; asked again, it names the new count."""

    from relmanager.ui.import_export.import_wizard import open_import_wizard
    from tests.reliability.live_app import read_elsewhere

    bob = tmp_path / "bob.vcf"
    bob.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Babbage\r\n"
                   "EMAIL:bob@example.org\r\nEND:VCARD\r\n", encoding="utf-8")
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log",
                        (("import", str(bob)),)) as live:
        failures: list[str] = []
        live.ctx.events.write_failed.connect(failures.append)
        wizard = open_import_wizard(live.ctx, live.window)
        asked: list[str] = []

        def answer(log_meanwhile: bool) -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(30, lambda: answer(log_meanwhile))
                return
            asked.append(box.text())
            if log_meanwhile:  # the terminal logs a call with Bob while the box is up
                _ok(db_path, "log", "Bob Babbage", "--channel", "phone",
                    "--note", "Bob called back")
            box.button(QMessageBox.StandardButton.Yes).click()

        QTimer.singleShot(30, lambda: answer(True))
        assert not wizard.past.undo_batch(1)
        assert "interactions" not in asked[0]  # none yet when asked
        assert read_elsewhere(db_path)["notes"] == ["Bob called back"]
        assert "Bob Babbage" in read_elsewhere(db_path)["contacts"]
        assert any("changed since you were asked" in f for f in failures), failures

        QTimer.singleShot(30, lambda: answer(False))
        assert wizard.past.undo_batch(1)
        assert "1 interaction you logged" in asked[1]
        seen = read_elsewhere(db_path)
        assert seen["notes"] == [] and "Bob Babbage" not in seen["contacts"]
        wizard.close()
