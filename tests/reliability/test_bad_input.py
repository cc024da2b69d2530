"""Malformed values to every command-line subcommand and to the new-contact form: no
exception escapes, and a rejected input leaves the database file byte-identical."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmanager.cli import EXIT_BUG, main
from relmanager.store.db import close_db

TRIED = {"cli": 0, "form": 0}
junk = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "-1", "0", "99999999999999999999", "1e309", "nan", "\x00",
                     "../../etc/passwd", "'; DROP TABLE contact; --", "=cmd|'/C calc'!A0",
                     "2026-02-30", "yesterday at 25:99", "ümlaut@例え.jp", "a" * 5000,
                     "<img src=x onerror=alert(1)>", "--help", "--db"]))

COMMANDS = [
    ("add", ["{0}", "--email", "{1}", "--stage", "{2}", "--sphere", "{1}"]),
    ("log", ["{0}", "--channel", "{1}", "--when", "{2}", "--minutes", "{1}"]),
    ("move", ["{0}", "{1}"]),
    ("list", ["--stage", "{0}", "--tag", "{1}", "--limit", "{2}"]),
    ("import", ["{0}", "--format", "{1}"]),
    ("undo-import", ["{0}"]),
    ("export", ["{0}", "{1}"]),
    ("restore", ["{0}"]),
    ("demo", ["--contacts", "{0}", "--interactions", "{1}"]),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


@pytest.fixture
def seeded(db_path, clock, capsys):
    main(["add", "--db", str(db_path), "Ada Lovelace", "--email", "ada@example.org"], clock=clock)
    close_db()
    capsys.readouterr()
    return db_path


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(COMMANDS), st.lists(junk, min_size=3, max_size=3))
def test_every_subcommand_survives_junk(seeded, clock, capsys, tmp_path, command, values):
    TRIED["cli"] += 1
    name, template = command
    argv = [name, "--db", str(seeded), *(part.format(*values) for part in template)]
    if name == "demo":  # a real demo would write (and take time) on success
        argv = [name, "--db", str(seeded), "--contacts", values[0], "--interactions", "-5"]
    before = _digest(seeded)
    code = main(argv, clock=clock)
    close_db()
    _out, err = capsys.readouterr()
    assert code != EXIT_BUG, err
    assert "Traceback" not in err
    if code != 0:
        assert _digest(seeded) == before, (argv, err)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=junk, emails=junk, met_on=junk)
def test_new_contact_form_rejects_junk_without_writing(db, db_path, clock, qtbot, name,
                                                       emails, met_on):
    from relmanager.services.context import AppContext
    from relmanager.store.models import Contact
    from relmanager.ui.contacts.new_contact_dialog import NewContactDialog

    TRIED["form"] += 1
    ctx = AppContext.create(clock, db_path)
    dialog = NewContactDialog(ctx)
    count = Contact.select().count()
    dialog.name.setText(name)
    dialog.emails.setText(emails)
    dialog.met_on.setText(met_on)
    dialog.accept()  # never raises: bad values show inline errors
    # the duplicate check before the write runs on a worker: Save waits for it
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
    added = Contact.select().count() - count
    shown = [key for key, label in dialog.errors.items() if not label.isHidden()]
    assert (added == 0) == bool(shown or dialog.duplicates.text()), (name, emails, met_on)
    dialog.done(0)  # its worker's connection closed
    dialog.deleteLater()



