"""The Capture page's sources: mail folders and files, calendar files, an IMAP account,
the sync account's calendars, the user's own addresses and the periodic capture.

Everything here is remembered in the one preferences registry (domain.preferences), so
the periodic capture and the next start of the window read the same list. Each edit is
saved at once through the writer; a failed save is said by the writer and the field
keeps what was typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.background import BackgroundReader
from relmanager.services.capture_job import EVERY_HOURS
from relmanager.services.capture_sources import Source, sources_of
from relmanager.services.context import AppContext
from relmanager.services.writer import SETTINGS, NotWritten
from relmanager.store import capture, preferences
from relmanager.store.errors import ValidationError
from relmanager.store.preferences import Preferences
from relmanager.ui.capture.source_list import EMPTY_SOURCES, SourceList
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import contact_tip, one_line

EVERY_WORDS = {0: "Only when I ask", 1: "Every hour", 6: "Every 6 hours", 24: "Once a day"}
CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")


def kind_of_path(path: str) -> str:
    """A calendar file by its name, else mail (an mbox file or a Maildir folder)."""
    return "ics" if path.lower().endswith(CALENDAR_SUFFIXES) else "mail"


class SourcesBox(QGroupBox):
    """Where to capture from; ``changed`` after each saved edit."""

    changed = Signal()
    #: What is listed on screen changed (a row, the IMAP field, the account's box, the
    #: read of the remembered ones landing), saved or not yet: the page enables Preview
    #: and says what to do from it.
    listing_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Capture from", parent)
        self.ctx = ctx
        self.list = SourceList()
        self.list.setObjectName("capture_sources")
        self.list.setMinimumHeight(60)
        self.path = QLineEdit()
        self.path.setObjectName("capture_path")
        self.path.setPlaceholderText("mbox file, Maildir folder or .ics file")
        self.path.returnPressed.connect(self.add_typed)
        self.add = QPushButton("&Add")
        self.add.clicked.connect(self.add_typed)
        self.browse = QPushButton("&Browse…")
        self.browse.clicked.connect(self._browse)
        self.remove = QPushButton("&Remove")
        self.remove.clicked.connect(self.remove_selected)
        self.imap = QLineEdit()
        self.imap.setObjectName("capture_imap")
        self.imap.setPlaceholderText("imaps://you@mail.example.org/INBOX,Sent")
        self.imap.setToolTip("Read only. The password comes from the system keyring "
                             "(store it once: relmanager capture mail --imap URL "
                             "--password-stdin).")
        self.imap.editingFinished.connect(self._save)
        self.imap_password = QPushButton("Pass&word…")
        self.imap_password.setToolTip("Store the IMAP password in the system keyring")
        self.imap_password.clicked.connect(self.ask_imap_password)
        self.account = QCheckBox("The sync account's &calendars")
        self.account.toggled.connect(self._save)
        self.me = QLineEdit()
        self.me.setObjectName("capture_me")
        self.me.setPlaceholderText("you@example.org, you@work.example")
        self.me.setToolTip("Your own addresses: never taken for a contact.")
        self.me.editingFinished.connect(self._save_me)
        self.every = QComboBox()
        for hours in EVERY_HOURS:
            self.every.addItem(EVERY_WORDS[hours], hours)
        self.every.setToolTip("Periodic capture of these sources; never in quiet hours.")
        self.every.currentIndexChanged.connect(self._save)

        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.add)
        row.addWidget(self.browse)
        form = QFormLayout()
        imap_row = QHBoxLayout()
        imap_row.addWidget(self.imap, 1)
        imap_row.addWidget(self.imap_password)
        form.addRow("IMAP:", imap_row)
        form.addRow("Your addresses:", self.me)
        form.addRow("Periodic:", self.every)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.account)
        buttons.addStretch(1)
        buttons.addWidget(self.remove)
        layout.addLayout(buttons)
        layout.addLayout(form)
        self.quiet_note = QLabel("Periodic capture never runs in quiet hours.")
        self.quiet_note.setWordWrap(True)
        layout.addWidget(self.quiet_note)
        model = self.list.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.listing_changed)
        self.imap.textChanged.connect(self.listing_changed)
        self.account.toggled.connect(self.listing_changed)
        self._loading = False
        self._reader = BackgroundReader(self)
        self._shown_once = False
        #: True until the first read of the remembered sources has landed or failed (the
        #: empty list says "Reading…" meanwhile, not "No sources yet").
        self.reading = True
        self.reload()

    # -- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the sources and your own addresses on the worker (they were read on the
        UI thread); the fields fill when the answer lands."""
        self._reader.submit(lambda: (preferences.load(), capture.me_addresses()),
                            self._show, self._not_read, key="sources")

    def _show(self, read: tuple[Preferences, frozenset[str]]) -> None:
        prefs, mine = read
        self._shown_once = True
        self._loading = True
        try:
            self.list.clear()
            for source in sources_of(prefs):
                if source.kind in ("mail", "ics"):
                    self._add_item(source)
            self.imap.setText(prefs.capture_imap)
            self.account.setChecked(prefs.capture_account)
            hours = prefs.capture_every_hours
            self.every.setCurrentIndex(max(0, self.every.findData(hours)))
            if not self.me.isModified():  # what the user typed meanwhile is kept
                self.me.setText(", ".join(sorted(mine)))
        finally:
            self._loading = False
        self._read_over(EMPTY_SOURCES)

    def _read_over(self, placeholder: str) -> None:
        self.reading = False
        self.list.set_placeholder(placeholder)
        self.listing_changed.emit()

    def _after_save(self) -> None:
        """A save before the first read landed: that read is now out of date (newest
        wins, so its answer is dropped) and what was saved is read again."""
        if not self._shown_once:
            self.reload()

    def _not_read(self, error: BaseException) -> None:
        """Said where the sources would be: an empty list is not "no sources yet"."""
        self._read_over(f"Could not read your capture sources: {failure_reason(error)}")

    def shutdown(self) -> None:
        self._reader.shutdown()

    def _add_item(self, source: Source) -> None:
        word = "Calendar" if source.kind == "ics" else "Mail"
        # A path as pasted: shown by the display rule, its tooltip escaped (a NUL or an
        # override in a file's name, "<img src=...>" read as markup by the tooltip).
        item = QListWidgetItem(f"{word}: {one_line(source.location)}")
        item.setData(Qt.ItemDataRole.UserRole, source)
        item.setToolTip(contact_tip(source.location))
        self.list.addItem(item)

    def listed_any(self) -> bool:
        """Whether any source is on screen (a file, an IMAP address, the account's
        calendars): from the fields, with no read (the Preview reads what is remembered
        on its worker)."""
        return bool(self.list.count() or self.imap.text().strip()
                    or self.account.isChecked())

    # -- editing ----------------------------------------------------------------------
    def add_typed(self) -> None:
        text = self.path.text().strip()
        if not text:
            return
        path = str(Path(text).expanduser())
        self._add_item(Source(kind_of_path(path), path))
        if self._save():
            self.path.clear()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Mail or calendar file", "",
                                              "Mail and calendars (*.mbox *.ics *);;All (*)")
        if path:
            self.path.setText(path)
            self.add_typed()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self._save()

    def ask_imap_password(self) -> None:
        """The IMAP password, straight into the system keyring (never the database or
        the settings file); the next Preview reads it from there."""
        from relmanager import secrets
        from relmanager.services.capture_sources import IMAP_SECRET
        from relmanager.sync.imap_mail import ImapError, parse_address

        self._save()
        try:
            account = parse_address(self.imap.text().strip()).account
        except ImapError as error:
            QMessageBox.warning(self, "IMAP address", str(error))
            return
        password, ok = QInputDialog.getText(
            self, "IMAP password", f"Password for {account}\n(kept in the system keyring):",
            QLineEdit.EchoMode.Password)
        if not ok or not password:
            return
        try:
            secrets.set_secret(IMAP_SECRET, account, password)
        except secrets.SecretsUnavailable as error:
            QMessageBox.warning(self, "IMAP password", str(error))
            return
        self.imap_password.setText("Pass&word ✓")

    def _listed(self, kind: str) -> list[str]:
        found = []
        for row in range(self.list.count()):
            source = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if source.kind == kind and source.location not in found:
                found.append(source.location)
        return found

    def _save(self) -> bool:
        if self._loading:
            return True
        changes = {"capture_mail_paths": self._listed("mail"),
                   "capture_ics_paths": self._listed("ics"),
                   "capture_imap": self.imap.text().strip(),
                   "capture_account": self.account.isChecked(),
                   "capture_every_hours": int(self.every.currentData() or 0)}
        try:
            self.ctx.writer.write("capture sources", lambda: preferences.save(**changes),
                                  SETTINGS)
        except NotWritten:
            return False
        self._after_save()
        capture_service = self.ctx.services.capture
        if capture_service is not None:
            capture_service.reconfigure()
        self.changed.emit()
        return True

    def _save_me(self) -> None:
        if self._loading:
            return
        wanted = [a.strip() for a in self.me.text().replace(";", ",").split(",") if a.strip()]

        def work() -> list[str]:
            current = capture.me_addresses()
            capture.remove_me([a for a in current if a not in {w.lower() for w in wanted}])
            return capture.add_me(wanted)

        try:
            mine = self.ctx.writer.write("your addresses", work, SETTINGS, form=True)
        except NotWritten:
            return
        except ValidationError as error:  # an address that is not one: said beside the field
            self.me.setToolTip(f"Not saved: {error}")
            self.me.setStyleSheet("color: #b00020")
            return
        self.me.setStyleSheet("")
        self.me.setToolTip("Your own addresses: never taken for a contact.")
        self.me.setText(", ".join(mine))
        self.me.setModified(False)
        self._after_save()
        self.changed.emit()
