"""Never lose a write: the live app beside other processes (issue 17, points 1 and 2).

The real window (built by ``relmanager.app.open_window`` with its services) runs in this
process. After each thing a person does in it (every page, every Settings page, backup
now, the restore dialog, export, import, sync settings, the encryption page):

* no Python-level ``open()`` of the database file, its ``-wal`` or ``-shm`` happened in
  this process (an audit hook watches; one such open/close drops the app's locks);
* ``relmanager list/add/log/backup/check`` run in other processes against the same file;
* the window writes (a board move, a log, an edit) and a third process sees each one;
* the ``-wal`` file is the same file all along (nobody deleted it under the app).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from relmanager.domain.stages import Stage
from relmanager.ui.pages import PAGE_KEYS as PAGES
from tests.reliability.live_app import (
    WATCH,
    LiveApp,
    live_app_after,
    read_elsewhere,
    run_cli,
)
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def live(db_path: Path, qtbot, tmp_path: Path, monkeypatch) -> Iterator[LiveApp]:
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log",
                        (("add", "Ada Lovelace", "--stage", "encounter"),)) as app:
        yield app


def _when_modal(kind: type, act: Callable[[QDialog], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once it is up."""
    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(30, look)
    QTimer.singleShot(30, look)


def _every_page(live: LiveApp, qtbot) -> None:
    for key in PAGES:
        live.window.show_page(key)
        qtbot.wait(150)


def _settings(page: str | None) -> Callable[[LiveApp, object], None]:
    def run(live: LiveApp, qtbot) -> None:
        from relmanager.ui.settings.settings_dialog import SettingsDialog

        seen: list[str] = []

        def walk(dialog: QDialog) -> None:
            try:
                if page:  # opened on that page
                    seen.append(dialog.pages.currentItem().text())
                for row in range(0 if page else dialog.pages.count()):
                    dialog.pages.setCurrentRow(row)
                    seen.append(dialog.pages.item(row).text())
                    QApplication.processEvents()
            finally:
                dialog.reject()

        _when_modal(SettingsDialog, walk)
        if page is None:
            live.window.actions.actions["settings"].trigger()
        else:
            live.window.actions._handlers["settings"](page)
        assert seen, "the Settings dialog was not shown"
        assert {"Privacy", "Sync"} <= set(seen) if page is None else seen == [page]
    return run


def _backup_now(live: LiveApp, qtbot) -> None:
    service = live.ctx.services.backup
    with qtbot.waitSignal(service.backed_up, timeout=20_000):
        live.window.actions.actions["backup"].trigger()


def _restore_dialog(live: LiveApp, qtbot) -> None:
    from relmanager.ui.shell.backup_actions import RestoreDialog

    shown: list[str] = []

    def look(dialog: QDialog) -> None:
        shown.append(dialog.details.text())
        try:
            dialog.check(live.path)  # "Other file…" pointed at the open database itself
        finally:
            dialog.reject()

    _when_modal(RestoreDialog, look)
    live.window.actions.actions["restore"].trigger()
    assert shown, "the restore dialog was not shown"


def _export(live: LiveApp, qtbot) -> None:
    from relmanager.ui.import_export.export_dialog import ExportDialog

    live.window.actions.actions["export"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ExportDialog) and w.isVisible())
    target = live.path.parent / "export.vcf"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.start()
    assert target.exists()


def _import(live: LiveApp, qtbot) -> None:
    from relmanager.ui.import_export.import_wizard import ImportWizard

    source = live.path.parent / "import.vcf"
    source.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported Person\r\nN:Person;"
                      "Imported;;;\r\nEND:VCARD\r\n")
    live.window.actions.actions["import"].trigger()
    wizard = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ImportWizard) and w.isVisible())
    wizard.path.setText(str(source))
    wizard.next.click()
    qtbot.wait(800)
    wizard.reject()


ACTIONS: dict[str, Callable[[LiveApp, object], None]] = {
    "every page": _every_page,
    "settings, every page": _settings(None),
    "backup now": _backup_now,
    "restore dialog": _restore_dialog,
    "export": _export,
    "import": _import,
    "sync settings": _settings("Sync"),
    "encryption page": _settings("Privacy"),
}


def _wal_id(path: Path) -> tuple[int, int]:
    info = Path(f"{path}-wal").stat()
    return info.st_dev, info.st_ino


def _others_then_window(live: LiveApp, qtbot, round_: int, wal: tuple[int, int]) -> None:
    """Commands in other processes, then writes in the window, seen by a third process."""
    db = live.path
    for argv in (("list",), ("add", f"Cli Person {round_}"),
                 ("log", "Ada Lovelace", "--channel", "email", "--note", f"cli {round_}"),
                 ("backup",), ("check",)):
        done = run_cli(db, *argv)
        assert done.returncode == 0, f"{argv}: {done.stderr}"
        assert _wal_id(db) == wal, f"the -wal file was replaced during `{argv[0]}`"
    from relmanager.store.models import Contact

    ada = Contact.get(Contact.display_name == "Ada Lovelace").id
    stage = list(Stage)[(round_ + 2) % len(Stage)]
    window = live.window
    window.show_page("board")
    board = window.page_widget("board")
    qtbot.waitUntil(lambda: not board.loading, timeout=10_000)
    board.move([ada], stage)
    # A card the board has not read since the commands above moved it is moved after its
    # sort key is read on the board's worker: wait for the write, as a user sees it land.
    qtbot.waitUntil(lambda: Contact.get_by_id(ada).stage == stage.value, timeout=10_000)
    dialog = window.open_log_dialog(ada)
    dialog.wait_loaded()  # the channels, read on the dialog's worker
    dialog.note.setPlainText(f"window {round_}")
    dialog.accept()
    window.show_contact(ada)
    profile_shown(window.profile, qtbot)
    form = window.profile.form
    qtbot.waitUntil(lambda: window.profile.built, timeout=5_000)
    form.organisation.setText(f"Org {round_}")
    form.organisation.textEdited.emit(f"Org {round_}")
    assert window.profile.save(), {k: e.text() for k, e in form.errors.items() if e.text()}
    seen = read_elsewhere(db)
    assert seen["contacts"]["Ada Lovelace"] == [stage.value, f"Org {round_}"]
    assert f"window {round_}" in seen["notes"] and f"cli {round_}" in seen["notes"]
    assert f"Cli Person {round_}" in seen["contacts"]
    assert _wal_id(db) == wal, "the -wal file was replaced while the app ran"


def test_the_open_watch_sees_an_open_of_the_live_file(live):
    """The watch itself: without this, the test below could pass by seeing nothing."""
    assert str(live.path.resolve()) in {os.path.realpath(p) for p in WATCH.connected}
    with WATCH.watching(live.path) as watch, live.path.open("rb"):
        pass
    assert [name for name, _ in watch.hits] == [str(live.path.absolute())]


def test_the_live_app_never_opens_its_file_and_loses_no_write(live, qtbot):
    wal = _wal_id(live.path)
    _others_then_window(live, qtbot, 0, wal)
    for round_, (name, action) in enumerate(ACTIONS.items(), start=1):
        print(f"-- {name}", file=sys.stderr, flush=True)
        with WATCH.watching(live.path) as watch:
            action(live, qtbot)
        assert not watch.hits, f"{name} opened the live database:\n{watch.report()}"
        _others_then_window(live, qtbot, round_, wal)
