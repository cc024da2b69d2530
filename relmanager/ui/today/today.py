"""Today: the week's time box, who is going cold, fresh encounters to link with,
follow-ups due and introductions waiting on someone. Every entry leads to its contact
(Enter or double-click); going-cold entries have a one-click "Log".
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.clock import real_delay_ms
from relmanager.domain.timebox import WeekProgress
from relmanager.domain.warmth import Warmth
from relmanager.services.context import AppContext
from relmanager.services.reminders import clamp_interval
from relmanager.ui.shared.icons import dot_icon
from relmanager.ui.shared.page_loader import LoaderPage, PageLoader
from relmanager.ui.shared.palette import warmth_color
from relmanager.ui.shared.plain import contact_tip, one_line
from relmanager.ui.today import today_queries as tq
from relmanager.ui.today.list_place import place_of, restore_place
from relmanager.ui.today.log_cells import (
    LOG_COLUMN,
    chain_tab_order,
    log_button,
    log_column_fixed,
)
from relmanager.ui.today.quiet_note import QuietNote

ID_ROLE = Qt.ItemDataRole.UserRole
MAX_COLUMN = 260
#: The narrowest a Today column is cut to when the list is narrow.
MIN_COLUMN = 44
#: Rows of room Introductions and Occasions keep however few they list.
MIN_BOTTOM_ROWS = 3

log = logging.getLogger(__name__)


class Section(QGroupBox):
    """A titled list of entries; ``chosen`` carries the contact id of an activated row."""

    chosen = Signal(int)

    def __init__(self, title: str, headers: list[str], empty: str) -> None:
        super().__init__(title)
        self.base_title = title
        self.empty_text = empty
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(headers)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setMinimumSectionSize(MIN_COLUMN)
        self.tree.setAccessibleName(title)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(self._activated)
        self.tree.viewport().installEventFilter(self)
        #: Once the layout has settled (after every resize of this pass).
        self._refit = QTimer(self, singleShot=True, interval=0)
        self._refit.timeout.connect(self._fit)
        self._natural: list[int] = []
        #: The columns' full text widths (``_natural`` is cut to MAX_COLUMN).
        self._full: list[int] = []
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.footer = QHBoxLayout()
        #: A button made for each row (Going cold's "Log"), and those of the last read.
        self.row_button: Callable[[QTreeWidgetItem], QPushButton] | None = None
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(self.footer)

    def set_rows(self, rows: list[tuple[int, tuple[str, ...], Warmth | None]],
                 total: int | None = None) -> None:
        """The section's rows now (each read), the user's row and scroll kept."""
        place = place_of(self.tree, ID_ROLE)
        self.tree.clear()
        items = []
        for contact_id, columns, warmth in rows:
            # The display rule (stranger4 2e: an ESC in a name showed as a box here, U+FFFD
            # in the list and the tray) and a cut for one line; a cell is read in full in
            # its tooltip.
            item = QTreeWidgetItem([one_line(text) for text in columns])
            item.setData(0, ID_ROLE, contact_id)
            for column, text in enumerate(columns):
                item.setToolTip(column, contact_tip(text))
            if warmth is not None:
                item.setIcon(0, dot_icon(warmth_color(warmth)))
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.buttons = [self.row_button(item) for item in items] if self.row_button else []
        self._natural, self._full = [], []
        laid_out_by_header = \
            self.tree.header().sectionResizeMode(0) != QHeaderView.ResizeMode.Interactive
        header = self.tree.header()
        for column in range(self.tree.columnCount() - laid_out_by_header):
            self.tree.resizeColumnToContents(column)
            # What the text needs, not the column's width: a stretched last section
            # reports its stretch (Link while fresh's "Where" as 113 px for 76), and the
            # names beside it were cut for room it did not use.
            full = max(self.tree.sizeHintForColumn(column), header.sectionSizeHint(column))
            self._full.append(full)
            # a long reason or name is elided rather than pushing "Log…" out of sight
            self._natural.append(min(full, MAX_COLUMN))
        self._fit()
        count = total if total is not None else len(rows)
        self.setTitle(f"{self.base_title} ({count:,})" if count else self.base_title)
        self.tree.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        # Once the rows have their buttons and the columns their widths: the rows' height
        # and the scroll range are then the ones shown.
        restore_place(self.tree, items, place, ID_ROLE)

    def wanted_height(self, min_rows: int) -> int:
        """The box's height for its rows (at least ``min_rows``), or for its "nothing
        here" line when it lists no one."""
        outer, inner = self.contentsMargins(), self.layout().contentsMargins()
        chrome = outer.top() + outer.bottom() + inner.top() + inner.bottom()
        count = self.tree.topLevelItemCount()
        if not count:
            return chrome + self.empty.sizeHint().height()
        rows = max(count, min_rows) * self.tree.sizeHintForRow(0)
        return (chrome + rows + self.tree.header().sizeHint().height()
                + 2 * self.tree.frameWidth()
                + self.tree.horizontalScrollBar().sizeHint().height())  # a narrow window

    def _fit(self) -> None:
        """The columns' text widths, the widest cut down first until every column shows
        in the list's width (no sideways scroll; a cut cell has its text in its tooltip).
        Room left over goes first to the columns cut to MAX_COLUMN (Introductions' "Next
        step" was clipped at 1366x768 while "Since" stretched over empty room); the last
        column then stretches into what is left. Going cold's columns are laid
        out by its header instead (log_cells: the Log buttons keep their width)."""
        header = self.tree.header()
        if not self._natural or \
                header.sectionResizeMode(0) != QHeaderView.ResizeMode.Interactive:
            return
        # A scroll bar that will come once the rows are laid out: keep its width spare.
        # Only then: Link while fresh's four rows never scroll, and the bar's 15 px kept
        # for nothing cut the names ("Rania Karls…") beside a half-empty "Where".
        bar = self.tree.verticalScrollBar()
        rows = self.tree.topLevelItemCount()
        scrolls = rows * self.tree.sizeHintForRow(0) > self.tree.viewport().height() \
            if rows else False
        room = self.tree.viewport().width() - \
            (bar.sizeHint().width() if scrolls and not bar.isVisible() else 0)
        widths = list(self._natural)
        while sum(widths) > room and max(widths) > MIN_COLUMN:
            widest = widths.index(max(widths))
            widths[widest] = max(MIN_COLUMN, widths[widest] - (sum(widths) - room))
        spare = room - sum(widths)
        for column, full in enumerate(self._full):
            grow = min(full - widths[column], spare)
            if grow > 0:
                widths[column] += grow
                spare -= grow
        for column, width in enumerate(widths):
            self.tree.setColumnWidth(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list's own width settles after the box's (a neighbour's rows landing moves
        the grid again): fit the columns to that last width too, not a stale one."""
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._refit.start()
        return False

    def selected_contact(self) -> int | None:
        """The contact of the row that looks selected, if one does. Not the current
        item: a list given the focus makes its first row current without selecting it,
        and Ctrl+L then logged with someone the user had not picked."""
        items = self.tree.selectedItems()
        return items[0].data(0, ID_ROLE) if items else None

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.chosen.emit(item.data(0, ID_ROLE))


WELL_KEPT = "Nobody is going cold. Well kept!"
NO_CONTACTS_YET = ("No one here yet. Add someone you have met with File > New contact… "
                   "(Ctrl+N), bring in an address book with File > Import…, or start "
                   "Relmanager with --demo to look around a sample network first.")


class TodayView(LoaderPage, QWidget):
    """``contact_requested`` opens a profile; ``log_requested`` opens the log dialog;
    ``show_all_cold`` asks for the contact list filtered to going cold."""

    contact_requested = Signal(int)
    log_requested = Signal(int)
    show_all_cold = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._fed = False  # the reminder service has sent a time-box status
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.timebox_text = QLabel("No time box running")
        self.timebox_text.setTextFormat(Qt.TextFormat.PlainText)
        self.timebox_text.setAccessibleName("Time box")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("This week's invested time")
        self.progress.setTextVisible(True)
        self.progress_text = QLabel()
        self.progress_text.setTextFormat(Qt.TextFormat.PlainText)
        timebox = QGroupBox("Time box")
        box_layout = QGridLayout(timebox)
        box_layout.addWidget(self.timebox_text, 0, 0)
        box_layout.addWidget(self.progress_text, 0, 1, Qt.AlignmentFlag.AlignRight)
        box_layout.addWidget(self.progress, 1, 0, 1, 2)

        self.cold = Section("Going cold", ["Name", "Stage", "Why now", "Last two-way", "Log"],
                            WELL_KEPT)
        log_column_fixed(self.cold.tree)
        self.cold.row_button = self._add_log_button
        self.log_button = QPushButton("&Log interaction with selected")
        self.log_button.setToolTip("Log an interaction with the selected person (L)")
        self.log_button.clicked.connect(self._log_selected)
        self.all_cold = QPushButton("Show &all going cold")
        self.all_cold.clicked.connect(self.show_all_cold)
        self.cold.footer.addWidget(self.log_button)
        self.cold.footer.addStretch(1)
        self.cold.footer.addWidget(self.all_cold)
        QShortcut(QKeySequence("L"), self.cold.tree, self._log_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.fresh = Section("Link while fresh", ["Name", "Met", "Window", "Where"],
                             "No new encounters waiting for a follow-up.")
        self.follow_ups = Section("Follow-ups due", ["Name", "Follow-up", "Due"],
                                  "No follow-ups due.")
        self.intros = Section("Introductions waiting", ["Who", "Next step", "When"],
                              "No introductions waiting on anyone.")
        self.occasions = Section("Occasions", ["Name", "Why now"],
                                 "No birthdays or anniversaries of a meeting today.")
        grid = QGridLayout()
        grid.addWidget(self.cold, 0, 0, 2, 1)
        grid.addWidget(self.fresh, 0, 1)
        grid.addWidget(self.follow_ups, 1, 1)
        grid.addWidget(self.intros, 2, 0)
        grid.addWidget(self.occasions, 2, 1)
        grid.setColumnStretch(0, 2)  # going cold has the most columns: "Why now" needs room
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        # Today is read on a worker thread, and only while it is on screen: a change made
        # elsewhere marks it stale, and showing it again brings it up to date. A failed
        # read shows "Could not load" with Retry, never "Nobody is going cold".
        self.loader = PageLoader(self, "Today", self._read, self._show)
        sections = QWidget()
        sections.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.quiet_note = QuietNote(ctx.settings)
        layout.addWidget(self.quiet_note)
        #: Re-read when quiet hours begin or end, so the note comes and goes on time.
        self._quiet_timer = QTimer(self, singleShot=True)
        self._quiet_timer.timeout.connect(self.loader.changed)
        layout.addWidget(timebox)
        layout.addWidget(self.loader.wrap(sections), 1)
        for section in (self.cold, self.fresh, self.follow_ups, self.intros, self.occasions):
            section.chosen.connect(self.contact_requested)
        events = ctx.events
        for signal in (events.contacts_changed, events.contacts_removed,
                       events.interactions_changed):
            signal.connect(lambda _ids: self.loader.changed())
        for signal in (events.follow_ups_changed, events.introductions_changed,
                       events.settings_changed):
            signal.connect(self.loader.changed)
        self.heading.setText(f"Today, {ctx.clock.now():%A %-d %B}")

    # -- the reminder service's feed ------------------------------------------------
    def set_timebox_status(self, text: str, remaining_seconds: int | None,
                           week_progress: WeekProgress | None) -> None:
        """Called by the reminder service whenever its time-box state changes."""
        self._fed = True
        if remaining_seconds is not None and remaining_seconds > 0:
            minutes, seconds = divmod(int(remaining_seconds), 60)
            text = f"{text}  ·  {minutes}:{seconds:02d} left"
        self.timebox_text.setText(text)
        if week_progress is not None:
            self._show_progress(week_progress)

    def _show_progress(self, progress: WeekProgress) -> None:
        self.progress.setRange(0, max(progress.committed_minutes, 1))
        self.progress.setValue(min(progress.invested_minutes, max(progress.committed_minutes, 1)))
        self.progress.setFormat(f"{progress.fraction:.0%}")
        self.progress_text.setText(progress.describe())

    # -- content --------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload every section in the background (the newest request wins)."""
        self.loader.reload()

    def _read(self) -> Callable[[], tq.TodayData]:
        now = self.ctx.clock.now()
        return lambda: tq.load(now)

    def _show(self, data: tq.TodayData) -> None:
        self.heading.setText(f"Today, {data.now:%A %-d %B}")
        self._show_progress(data.progress)  # the newest read: a box's log shows at once
        self.cold.set_rows(data.cold, data.cold_total)
        chain_tab_order([self.cold.tree, *self.cold.buttons, self.log_button])
        self.log_button.setEnabled(bool(data.cold))
        self.all_cold.setVisible(data.cold_total > len(data.cold))
        # "Well kept!" for an empty address book praised nothing and left a first run
        # with no way forward: say how to begin instead.
        self.cold.empty.setText(WELL_KEPT if data.has_contacts else NO_CONTACTS_YET)
        self.fresh.set_rows(data.fresh)
        self.follow_ups.set_rows(data.follow_ups)
        self.intros.set_rows(data.intros)
        self.occasions.set_rows(data.occasions)
        self._size_bottom_row()
        self.quiet_note.show_held(data.quiet_until)
        if data.quiet_change is not None:
            delay = (data.quiet_change - self.ctx.clock.now()).total_seconds() * 1000 + 50
            self._quiet_timer.start(int(real_delay_ms(self.ctx.clock, clamp_interval(delay))))

    def _size_bottom_row(self) -> None:
        """Introductions and Occasions no taller than their rows need, so Going cold
        (which scrolled) has the room: on a large screen they kept big empty areas (a
        first user's report). A long list still gets its share of the grid."""
        wanted = max(s.wanted_height(MIN_BOTTOM_ROWS) for s in (self.intros, self.occasions))
        for section in (self.intros, self.occasions):
            section.setMaximumHeight(wanted)

    def shutdown(self) -> None:
        self.loader.shutdown()

    def _add_log_button(self, item: QTreeWidgetItem) -> QPushButton:
        contact_id = item.data(0, ID_ROLE)
        button = log_button(item.text(0))
        button.clicked.connect(lambda: self.log_requested.emit(contact_id))
        item.setSizeHint(LOG_COLUMN, button.sizeHint())  # rows tall enough for it
        self.cold.tree.setItemWidget(item, LOG_COLUMN, button)
        return button

    def selected_contact(self) -> int | None:
        """The contact of the focused section's selected entry (for Ctrl+L); with no
        section focused, going cold's. None when no row is selected: the Log dialog then
        opens with nobody chosen rather than with a row the user never picked."""
        for section in (self.cold, self.fresh, self.follow_ups, self.intros,
                        self.occasions):
            if section.tree.hasFocus():
                return section.selected_contact()
        return self.cold.selected_contact()

    def _log_selected(self) -> None:
        """L or "Log interaction with selected": the selected going-cold row, else the
        dialog with nobody chosen (0 reads as nobody)."""
        self.log_requested.emit(self.cold.selected_contact() or 0)

    def showEvent(self, event: QShowEvent) -> None:
        self.loader.shown()
        super().showEvent(event)
