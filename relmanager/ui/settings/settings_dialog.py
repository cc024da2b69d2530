"""Settings for reminders: time boxes, cadences per stage, link-while-fresh days, the daily
digest and its cap, quiet hours, notifications and start at login. Other engineers add
pages with ``add_page``.

Values live in the database so the CLI and the service share them; their defaults are
in one place, ``domain.preferences.Preferences``, read through ``store.preferences``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.preferences import MORNING, digest_with_box_words
from relmanager.domain.stages import Cadence, Stage
from relmanager.domain.timebox import WEEKDAY_NAMES, BoxSize, format_weekdays, parse_weekdays
from relmanager.domain.wording import plural
from relmanager.services import autostart
from relmanager.services.writer import SETTINGS, NotWritten
from relmanager.store import preferences
from relmanager.store import settings as store
from relmanager.ui.shared.time_typing import type_whole

#: "My commitment: None": no scheduled time box (a first run's state).
NO_PLAN = ""

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

SPHERES = (("Anyone", "any"), ("Business contacts", "business"),
           ("Personal contacts", "personal"))


def _qtime(text: str) -> QTime:
    t = time.fromisoformat(text)
    return QTime(t.hour, t.minute)


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.prefs = preferences.load()
        self.setWindowTitle("Settings")
        self.pages = QListWidget()
        self.pages.setFixedWidth(self.pages.fontMetrics().averageCharWidth() * 18)
        self.stack = QStackedWidget()
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        # A word-wrapped page (Sync's note) asks for its height only once laid out at
        # its width: grown when shown, not squeezed.
        self.pages.currentRowChanged.connect(lambda _row: QTimer.singleShot(0, self, self._grow))
        row = QHBoxLayout()
        row.addWidget(self.pages)
        row.addWidget(self.stack, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self._build_timebox_page()
        self._build_cadence_page()
        self._build_notifications_page()
        self.pages.setCurrentRow(0)
        self.adjustSize()  # as big as its pages need, not a fixed 640x420 of empty space

    def add_page(self, title: str, widget: QWidget) -> None:
        """Public hook for other areas (encryption, sync) to add a page. The dialog grows
        to fit it: sized before the window added Privacy and Sync, it squeezed the Sync
        page's boxes to ~15 px high, their text cut through (stranger3's finding 19)."""
        self.pages.addItem(title)
        self.stack.addWidget(widget)
        self._grow()

    def event(self, event: QEvent) -> bool:
        """A page with more to say (the Sync page's two-line answer under its buttons)
        grows the dialog as a new page does: the boxes above it were squeezed to 19 px
        of their 23 instead (stranger6)."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._grow()
        return handled

    def _grow(self) -> None:
        """At least as big as the dialog (its current page) asks: never smaller after a
        page change. (geometry(): ``self.size`` is the commitment combo box.)"""
        self.resize(self.geometry().size().expandedTo(self.sizeHint()))

    def _build_timebox_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        prefs = self.prefs
        minutes = prefs.timebox_minutes
        self.size_minutes: dict[BoxSize, QSpinBox] = {}
        for size in BoxSize:
            spin = QSpinBox(minimum=1, maximum=480, suffix=" min")
            spin.setValue(int(minutes.get(size.value, size.default_minutes)))
            self.size_minutes[size] = spin
            form.addRow(f"{size.value.capitalize()} box:", spin)
        # "None" first: the dialog showed "Small" on a first run while Today said "no
        # commitment set", and any OK (say, for quiet hours) then scheduled boxes unasked.
        self.size = QComboBox()
        self.size.addItem("None (no scheduled time box)", NO_PLAN)
        for size in BoxSize:
            self.size.addItem(size.value.capitalize(), size.value)
        chosen = prefs.timebox_size if preferences.has_plan() else NO_PLAN
        self.size.setCurrentIndex(max(0, self.size.findData(chosen)))
        form.addRow("My commitment:", self.size)
        days = parse_weekdays(prefs.timebox_days)
        day_row = QHBoxLayout()
        self.day_boxes: list[QCheckBox] = []
        for number, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name)
            box.setChecked(number in days)
            self.day_boxes.append(box)
            day_row.addWidget(box)
        form.addRow("Days:", day_row)
        self.box_time = QTimeEdit(_qtime(prefs.timebox_time))
        self.box_time.setDisplayFormat("HH:mm")
        form.addRow("Starts at:", self.box_time)
        self.sphere = QComboBox()
        for label, key in SPHERES:
            self.sphere.addItem(label, key)
        self.sphere.setCurrentIndex(max(0, self.sphere.findData(prefs.timebox_sphere)))
        form.addRow("Suggest people from:", self.sphere)
        self.size.currentIndexChanged.connect(self._plan_chosen)
        self._plan_chosen()
        self.add_page("Time boxes", page)

    def _plan_chosen(self) -> None:
        """Days and start time belong to a scheduled box: off while there is none."""
        on = self.size.currentData() != NO_PLAN
        for widget in (*self.day_boxes, self.box_time):
            widget.setEnabled(on)

    def _digest_with_box_said(self) -> None:
        """The digest's "with the time box" choice names the times it means, and the
        greyed time beside it is the one it goes out at on a box day (the box's start,
        as typed on the Time boxes page), or the morning's when no box is scheduled."""
        scheduled = self.size.currentData() != NO_PLAN
        self.digest_with_box.setText(digest_with_box_words(scheduled))
        if self.digest_with_box.isChecked():
            self.digest_time.setTime(self.box_time.time() if scheduled
                                     else QTime(MORNING.hour, MORNING.minute))

    def _build_cadence_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(QLabel("Days since the last two-way contact before a person is "
                           "cooling (ideal) and cold (maximum)."))
        self.cadences: dict[Stage, tuple[QSpinBox, QSpinBox]] = {}
        for stage, cadence in store.stage_cadences().items():
            if not stage.is_relationship:
                continue
            ideal = QSpinBox(minimum=1, maximum=3650, suffix=" d", value=cadence.ideal_days)
            maximum = QSpinBox(minimum=1, maximum=3650, suffix=" d", value=cadence.max_days)
            pair = QHBoxLayout()
            pair.addWidget(QLabel("ideal"))
            pair.addWidget(ideal)
            pair.addWidget(QLabel("max"))
            pair.addWidget(maximum)
            self.cadences[stage] = (ideal, maximum)
            form.addRow(f"{stage.label}:", pair)
        self.fresh_days = QSpinBox(minimum=1, maximum=60, suffix=" d",
                                   value=self.prefs.link_while_fresh_days)
        form.addRow("Link while fresh:", self.fresh_days)
        self.add_page("Cadences", page)

    def _build_notifications_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        prefs = self.prefs
        self.notify_on = QCheckBox("Show reminders from the tray")
        self.notify_on.setChecked(prefs.notifications_enabled)
        form.addRow(self.notify_on)
        self.digest_with_box = QCheckBox()
        self.digest_time = QTimeEdit(_qtime(prefs.digest_time or prefs.timebox_time))
        self.digest_time.setDisplayFormat("HH:mm")
        self.digest_time.setAccessibleName("Daily digest time")
        self.digest_with_box.toggled.connect(lambda on: self.digest_time.setEnabled(not on))
        self.digest_with_box.setChecked(not prefs.digest_time)
        self.digest_time.setEnabled(bool(prefs.digest_time))
        for signal in (self.digest_with_box.toggled, self.size.currentIndexChanged,
                       self.box_time.timeChanged):
            signal.connect(self._digest_with_box_said)
        self._digest_with_box_said()
        digest_row = QHBoxLayout()
        digest_row.addWidget(self.digest_with_box)
        digest_row.addWidget(self.digest_time)
        digest_row.addStretch(1)
        form.addRow("Daily digest:", digest_row)
        self.daily_cap = QSpinBox(minimum=1, maximum=20, value=prefs.daily_cap,
                                  suffix=" notifications a day")
        self.daily_cap.setToolTip("The digest always fits; time boxes and follow-ups due at "
                                  "an hour share the rest.")
        form.addRow("At most:", self.daily_cap)
        self.quiet_start = QTimeEdit(_qtime(prefs.quiet_start))
        self.quiet_end = QTimeEdit(_qtime(prefs.quiet_end))
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
        type_whole(self.box_time, self.digest_time, self.quiet_start, self.quiet_end)
        form.addRow("Quiet from:", self.quiet_start)
        form.addRow("Quiet until:", self.quiet_end)
        self.autostart = QCheckBox("Start Relmanager when I log in")
        supported = autostart.is_supported()
        self.autostart.setEnabled(supported)
        self.autostart.setChecked(supported and autostart.is_enabled())
        form.addRow(self.autostart)
        self.add_page("Notifications", page)

    def _cadences(self) -> dict[Stage, Cadence] | None:
        """The cadences typed, or None after saying which stage's numbers the domain
        refuses (its own message is an assertion, "cadence needs 1 <= ideal ..."), with
        the cursor on the ideal to correct."""
        cadences: dict[Stage, Cadence] = {}
        for stage, (ideal, maximum) in self.cadences.items():
            try:
                cadences[stage] = Cadence(ideal.value(), maximum.value())
            except ValueError:
                for row in range(self.stack.count()):  # show the page it is on
                    if self.stack.widget(row).isAncestorOf(ideal):
                        self.pages.setCurrentRow(row)
                QMessageBox.warning(
                    self, "Settings",
                    f"{stage.label}: the ideal ({plural(ideal.value(), 'day')}) is longer "
                    f"than the maximum ({plural(maximum.value(), 'day')}). A contact is "
                    "cooling after the ideal and cold after the maximum, so the ideal must "
                    "be the shorter.")
                ideal.setFocus()
                ideal.selectAll()
                return None
        return cadences

    def accept(self) -> None:
        """Validate everything first, then write in one go, so bad input changes nothing."""
        days = [n for n, box in enumerate(self.day_boxes) if box.isChecked()]
        planned = self.size.currentData() != NO_PLAN
        if planned and not days:
            QMessageBox.warning(self, "Settings", "Pick at least one day for time boxes.")
            return
        cadences = self._cadences()
        if cadences is None:
            return
        changes = {
            "timebox_minutes": {s.value: spin.value() for s, spin in self.size_minutes.items()},
            "timebox_sphere": self.sphere.currentData(),
            "quiet_start": self.quiet_start.time().toString("HH:mm"),
            "quiet_end": self.quiet_end.time().toString("HH:mm"),
            "notifications_enabled": self.notify_on.isChecked(),
            "link_while_fresh_days": self.fresh_days.value(),
            "digest_time": ("" if self.digest_with_box.isChecked()
                         else self.digest_time.time().toString("HH:mm")),
            "daily_cap": self.daily_cap.value()}
        plan = None
        if planned:
            size = BoxSize(self.size.currentData())
            plan = (size.value, self.size_minutes[size].value(), format_weekdays(days),
                    self.box_time.time().toString("HH:mm"))
        try:
            self._ctx.writer.write("settings", lambda: preferences.save_all(
                changes, plan, cadences), tell=False)
        except NotWritten as error:
            QMessageBox.warning(self, "Settings", f"The settings were not saved: {error}")
            return
        if self.autostart.isEnabled() and self.autostart.isChecked() != autostart.is_enabled():
            autostart.set_enabled(self.autostart.isChecked())
        # Said once both are in place (whoever listens may read the start-at-login entry).
        self._ctx.writer.announce(SETTINGS)
        super().accept()


def open_settings(ctx: AppContext, parent: QWidget | None = None,
                  extra_pages: Iterable[tuple[str, QWidget]] = (),
                  page: str | None = None) -> None:
    dialog = SettingsDialog(ctx, parent)
    for title, widget in extra_pages:
        dialog.add_page(title, widget)
    if page is not None:
        found = dialog.pages.findItems(page, Qt.MatchFlag.MatchExactly)
        if found:
            dialog.pages.setCurrentItem(found[0])
    dialog.exec()
    for _title, widget in extra_pages:
        if hasattr(widget, "shutdown"):
            widget.shutdown()  # a page's network check must not outlive its dialog
    # Each opening builds a new dialog as a child of the window: kept, every one stayed
    # alive until the interpreter's exit tore the window down, where one of its objects
    # was deleted while still shared ("shared QObject was deleted directly") and Quit
    # crashed. Deleted here, with its pages, once it is closed.
    dialog.deleteLater()
