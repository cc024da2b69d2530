"""A merge applies what its dialog showed; what changed on those contacts meanwhile
must not be written over.

The merge dialog reads the contacts, the user picks each field's value, and the merge
writes every field of the kept contact from those picks. A move made in a terminal while
the dialog was up (``relmanager move``: "moved Ada Lovelace: development -> friendship")
was silently moved back by the merge, with a stage change in the history that nobody
made; a sync's newer organisation went the same way. Now the merge refuses and says so;
shown again, it merges with the new values.

From outside: the live window's real merge dialog, ``relmanager move`` in another
process while it is up, the result read by a third process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from relmanager.store.models import Contact
from relmanager.ui.contacts.merge_dialog import MergeDialog, merge_contacts_ui
from tests.reliability.live_app import live_app_after, read_elsewhere, run_cli

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_move_made_while_the_merge_dialog_is_up_is_not_undone_by_it(
        db_path: Path, qtbot, tmp_path: Path) -> None:
    commands = (("add", "Ada Lovelace", "--email", "ada@example.org", "--stage",
                 "development", "--org", "Analytical Engines"),
                ("add", "A. Lovelace", "--email", "countess@example.org", "--stage",
                 "development"))
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", commands) as live:
        ids = [c.id for c in Contact.select().order_by(Contact.id)]
        failures: list[str] = []
        live.ctx.events.write_failed.connect(failures.append)

        def merge_after(move: bool) -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, MergeDialog) or not dialog.candidates:  # not read yet
                QTimer.singleShot(30, lambda: merge_after(move))
                return
            if move:  # a terminal moves Ada while the dialog is up
                moved = run_cli(db_path, "move", "Ada Lovelace", "friendship")
                assert moved.returncode == 0 and "friendship" in moved.stdout, moved.stderr
            dialog.accept()

        QTimer.singleShot(30, lambda: merge_after(True))
        assert not merge_contacts_ui(live.window, live.ctx, ids)
        seen = read_elsewhere(db_path)["contacts"]
        assert seen["Ada Lovelace"][0] == "friendship", seen  # the move stands
        assert "A. Lovelace" in seen  # and nothing was merged
        assert any("changed since this merge was shown" in f for f in failures), failures

        # Shown again, the merge takes the stage as it now is.
        QTimer.singleShot(30, lambda: merge_after(False))
        assert merge_contacts_ui(live.window, live.ctx, ids)
        seen = read_elsewhere(db_path)["contacts"]
        assert seen == {"Ada Lovelace": ["friendship", "Analytical Engines"]}, seen
