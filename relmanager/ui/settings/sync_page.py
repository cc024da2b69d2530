"""Settings > Sync: the CardDAV/CalDAV account, Test connection, Sync now, and the
conflicts sync kept for the user to decide. Every network call runs on a worker thread;
the password goes straight to the OS keyring and is never shown again."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.import_worker import Task
from relmanager.services.sync import reporting_failures
from relmanager.services.writer import SETTINGS, Change, NotWritten
from relmanager.store import sync_conflicts
from relmanager.sync import account as accounts
from relmanager.sync.dav_errors import DavCertificateError
from relmanager.ui.shared.plain import tip

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relmanager.services.context import AppContext
    from relmanager.services.sync import SyncService

ID_ROLE = Qt.ItemDataRole.UserRole
FIELD_NAMES = {"display_name": "Name", "notes": "Notes", "organisation": "Organisation",
               "cadence_days": "Rhythm (days)", "how_met": "How met",
               "where_met": "Where met", "met_on": "Met on", "introduced_by": "Introduced by"}


def _shown(value_json: str) -> str:
    value = json.loads(value_json)
    if value is None or value in ("", []):
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(" ".join(str(p) for p in v if p) if isinstance(v, list) else str(v)
                         for v in value)
    return str(value)


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = ctx.services.sync
        self._task: Task | None = None
        account = accounts.load()
        # The certificate the user chose to trust (a self-signed server): pinned by its
        # SHA-256 fingerprint after they compared it, or a CA given on the command line.
        self._pin = account.pin_sha256 if account else ""
        self._ca_pem = account.ca_pem if account else ""
        self._offered: str | None = None  # fingerprint of the untrusted one last seen
        self.url = QLineEdit(account.url if account else "",
                             placeholderText="https://cloud.example.org/remote.php/dav")
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the system keyring" if account
                                         else "stored only in the system keyring")
        self.interval = QSpinBox(minimum=5, maximum=24 * 60, singleStep=5, suffix=" min")
        self.interval.setValue(account.interval_min if account else
                               accounts.DEFAULT_INTERVAL_MIN)
        self.interval.setMaximumWidth(140)
        for widget, name in ((self.url, "Server address"), (self.user, "User name"),
                             (self.password, "Password"), (self.interval, "Sync every")):
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("&Server:", self.url)
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.password)
        form.addRow("Sync &every:", self.interval)
        self.test_button = QPushButton("&Test connection", clicked=self.test_connection)
        self.save_button = QPushButton("Save and s&ync", clicked=self.save)
        self.sync_button = QPushButton("Sync &now", clicked=self.sync_now)
        self.remove_button = QPushButton("St&op syncing", clicked=self.remove)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.save_button, self.sync_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        self.result = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.result.setAccessibleName("Sync result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trust_button = QPushButton("T&rust this certificate…", clicked=self.trust)
        self.trust_button.setVisible(False)
        self.trusted = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.trusted.setAccessibleName("Trusted certificate")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Sync progress")
        self.progress.setFormat("%v of %m")
        self.cancel_button = QPushButton("&Cancel", clicked=self.cancel_sync)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        self.status = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.conflicts = QTreeWidget()
        self.conflicts.setHeaderLabels(["Contact", "Field", "This device", "Other device"])
        self.conflicts.setRootIsDecorated(False)
        self.conflicts.setAccessibleName("Sync conflicts")
        self.conflicts.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts.header().setStretchLastSection(True)
        self.keep_button = QPushButton("&Keep this device's", clicked=lambda: self.resolve(False))
        self.theirs_button = QPushButton("Use the &other device's",
                                         clicked=lambda: self.resolve(True))
        choose = QHBoxLayout()
        choose.addStretch(1)
        choose.addWidget(self.keep_button)
        choose.addWidget(self.theirs_button)
        note = QLabel("Contacts sync with the server's address book as vCards (phones see "
                      "them too); interactions and follow-ups with a calendar as journal "
                      "entries and tasks. Nothing is ever sent to your contacts.",
                      wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        trust = QHBoxLayout()
        trust.addWidget(self.trusted, 1)
        trust.addWidget(self.trust_button)
        layout.addLayout(trust)
        layout.addLayout(running)
        layout.addWidget(self.status)
        self.conflicts_label = QLabel("Conflicts (changed differently on two devices):")
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.conflicts, 100)
        layout.addLayout(choose)
        layout.addStretch(1)  # without conflicts the rows stay together at the top
        if self.service is not None:
            # Progress arrives many times a sync: it updates the buttons and the status
            # line only; the conflicts are read again once the sync is over.
            self.service.state_changed.connect(self._update_state)
            self.service.synced.connect(lambda report: self._sync_over(report.summary()))
            self.service.failed.connect(self._sync_over)
        self.conflicts.itemSelectionChanged.connect(self._selection)
        self.refresh()
        notice = accounts.take_notice()
        if notice:
            self.result.setText(notice)

    # -- state --------------------------------------------------------------------------
    def refresh(self) -> None:
        self._update_state()
        self._fill_conflicts()

    def _sync_over(self, message: str) -> None:
        self.result.setText(message)
        self._fill_conflicts()

    def _update_state(self) -> None:
        configured = accounts.load() is not None
        busy = self._task is not None or bool(self.service and self.service.running)
        self.sync_button.setEnabled(configured and not busy and self.service is not None)
        self.remove_button.setEnabled(configured and not busy)
        self.test_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.status.setText(self.service.status_text() if self.service else "")
        syncing = bool(self.service and self.service.running)
        self.progress.setVisible(syncing)
        self.cancel_button.setVisible(syncing)
        if not syncing:
            self.cancel_button.setEnabled(True)
        else:
            total = self.service.progress_total
            self.progress.setRange(0, total)  # 0..0: busy, the count is not known yet
            self.progress.setValue(min(self.service.progress_done, total))
        self.trusted.setText(f"Trusted certificate, SHA-256 {self._pin}" if self._pin else
                             "Trusted certificate given with --ca-file" if self._ca_pem
                             else "")
        self.trusted.setVisible(bool(self._pin or self._ca_pem))

    def _fill_conflicts(self) -> None:
        self.conflicts.clear()
        rows = sync_conflicts.conflict_rows()
        for row in rows:
            item = QTreeWidgetItem([row.who, FIELD_NAMES.get(row.field, row.field.replace(
                "_", " ").capitalize()), _shown(row.local_json), _shown(row.remote_json)])
            item.setData(0, ID_ROLE, row.id)
            for column in (2, 3):
                item.setToolTip(column, tip(item.text(column)))
            self.conflicts.addTopLevelItem(item)
        self.conflicts_label.setVisible(bool(rows))
        self.conflicts.setVisible(bool(rows))
        self._selection()

    def _selection(self) -> None:
        chosen = bool(self.conflicts.selectedItems())
        self.keep_button.setVisible(self.conflicts.isVisibleTo(self))
        self.theirs_button.setVisible(self.conflicts.isVisibleTo(self))
        self.keep_button.setEnabled(chosen)
        self.theirs_button.setEnabled(chosen)

    # -- actions ------------------------------------------------------------------------
    def _fields(self) -> tuple[str, str, str] | None:
        url, user, password = self.url.text().strip(), self.user.text().strip(), \
            self.password.text()
        if not url or not user or not password:
            self.result.setText("Enter the server address, the user name and the password.")
            return None
        return url, user, password

    def _trust(self) -> dict[str, str | None]:
        return {"ca_pem": self._ca_pem or None, "pin_sha256": self._pin or None}

    def _run(self, work: Any, done: Any) -> None:
        def offering_trust() -> Any:
            try:
                return work()
            except DavCertificateError as error:  # offered to the user to check and trust
                return _Untrusted(str(error), error.fingerprint)

        def guarded(_progress: Any, _cancelled: Any) -> Any:
            return reporting_failures(offering_trust)

        self._task = Task(guarded, self)
        self._task.finished.connect(lambda result: self._finish(done, result))
        self._task.failed.connect(lambda message: self._finish(None, message))
        self._task.start()
        self.result.setText("Contacting the server…")
        self.refresh()

    def _finish(self, done: Any, result: Any) -> None:
        self._task = None
        self._offered = result.fingerprint if isinstance(result, _Untrusted) else None
        self.trust_button.setVisible(self._offered is not None)
        if isinstance(result, _Untrusted):
            self.result.setText(result.message)
        elif done is None:
            self.result.setText(str(result))
        else:
            done(result)
        self.refresh()

    def test_connection(self) -> None:
        fields = self._fields()
        if fields is not None:
            trust = self._trust()
            self._run(lambda: accounts.test_connection(*fields, **trust), self.result.setText)

    def save(self) -> None:
        fields = self._fields()
        if fields is None:
            return
        minutes = self.interval.value()
        trust = self._trust()

        def set_up() -> str:
            account = accounts.set_up(*fields, **trust)
            account.interval_min = minutes
            accounts.save(account)
            return f"Saved. Address book {account.addressbook}, calendar {account.calendar}."

        def saved(message: str) -> None:
            self.password.clear()
            self.password.setPlaceholderText("kept in the system keyring")
            self.result.setText(message)
            if self.service is not None:
                self.service.reconfigure()
                self.service.sync_now()

        self._run(set_up, saved)

    def trust(self) -> None:
        """Pin the certificate the server showed, once the user compared its fingerprint
        with the one their server's administrator gives (a self-signed server)."""
        fingerprint = self._offered
        if not fingerprint:
            return
        answer = QMessageBox.question(
            self, "Trust this certificate?",
            "No authority vouches for the certificate of this server. Trust it only if "
            "its SHA-256 fingerprint is exactly the one your server shows (ask its "
            f"administrator):\n\n{fingerprint}\n\nFrom now on Relmanager connects to "
            "this server only while it shows this very certificate.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._pin, self._ca_pem, self._offered = fingerprint, "", None
        self.trust_button.setVisible(False)
        self.result.setText("Certificate trusted; testing the connection again…")
        self.test_connection()

    def cancel_sync(self) -> None:
        if self.service is not None:
            self.service.cancel()
            self.cancel_button.setEnabled(False)
            self.result.setText("Cancelling; what was sent is kept, the rest follows on "
                                "the next sync.")

    def sync_now(self) -> None:
        self.cancel_button.setEnabled(True)
        if self.service is not None and self.service.sync_now() is not None:
            self.result.setText("")

    def remove(self) -> None:
        """Sync off: the settings and pairings in one write through the writer, then the
        keyring entry (a failure there is said; the database is already right)."""
        try:
            account = self.ctx.writer.write("stopping sync", accounts.stop_syncing, SETTINGS)
        except NotWritten as error:  # the writer said it in the window too
            self.result.setText(f"Sync is still on: it could not be turned off. {error}")
            return
        try:
            accounts.forget_password(account)
        except Exception as error:  # any keyring backend's own failure: said, not raised
            self.result.setText(
                "Sync is off and the server's data was left as it is, but the password "
                f"could not be removed from the system keyring ({error}); remove it there "
                "by hand.")
        else:
            self.result.setText("Sync is off. The server's data was left as it is; the "
                                "password was removed from the keyring.")
        if self.service is not None:
            self.service.reconfigure()
        self.refresh()

    def resolve(self, use_theirs: bool) -> None:
        ids = [int(item.data(0, ID_ROLE)) for item in self.conflicts.selectedItems()]

        def resolve_all() -> None:
            for conflict_id in ids:
                sync_conflicts.resolve_conflict(self.ctx.clock, conflict_id, use_theirs)

        if ids:
            with contextlib.suppress(NotWritten):  # the writer said why; nothing changed
                self.ctx.writer.write("conflict resolution", resolve_all, Change.of_contacts())
        self.refresh()

    def wait(self) -> None:
        """Tests: let the running test or set-up finish."""
        if self._task is not None:
            self._task.wait(30)

    def shutdown(self) -> None:
        self.wait()


class _Untrusted:
    """A connection attempt that met a certificate the user may choose to trust."""

    def __init__(self, message: str, fingerprint: str | None) -> None:
        self.message = message
        self.fingerprint = fingerprint


def show_sync_status(service: SyncService, window: QMainWindow) -> QLabel:
    """A permanent status-bar label with the last sync time, progress or failure."""
    label = QLabel(textFormat=Qt.TextFormat.PlainText)
    label.setAccessibleName("Sync status")

    def update() -> None:
        text = service.status_text()
        label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 360))
        label.setToolTip(tip(text))
        label.setVisible(bool(text))

    service.state_changed.connect(update)
    window.statusBar().addPermanentWidget(label)
    update()
    return label
