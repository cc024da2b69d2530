"""The Network page: the user's ego network, a person's tie strength with its reasons,
who could introduce the user to them, and ideas for introductions to make.

The network is read and built on the page loader's worker (five queries, flat arrays);
the drawing shows the strongest ties first, up to the "People" limit. Clicking a person
shows their tie and warm paths beside the drawing; double-clicking opens the profile.
Nothing of a click runs on the UI thread: the warm paths (a Dijkstra over the whole
network) are found on the loader's worker and the tie panel reads on its own; an answer
for a person no longer chosen, or for a network since rebuilt, is dropped.
A change of contacts or interactions rebuilds the whole network (seconds of CPU at
100,000 contacts), so changes are gathered for :data:`REBUILD_AFTER_MS` after the last
one and rebuild once; a change of filter reads at once.
"Introduce…" opens the introduction dialog with the path's first introducer already
chosen, so asking for consent is the first step the Introductions page offers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.network import (
    ME,
    Suggestion,
    ego_network,
    idea_candidates,
    introduction_ideas,
)
from relmanager.domain.stages import BOARD_ORDER
from relmanager.domain.text import one_line
from relmanager.domain.warm_paths import OWN_TIE_ENOUGH, WarmPath, warm_paths
from relmanager.services.context import AppContext
from relmanager.store import network_reads
from relmanager.store.network_reads import NetworkSnapshot
from relmanager.ui.network.ego_items import Link, Person, is_derived
from relmanager.ui.network.ego_scene import EgoView
from relmanager.ui.network.strength_words import common_words
from relmanager.ui.network.tie_panel import TiePanel
from relmanager.ui.shared.page_loader import LoaderPage, PageLoader
from relmanager.ui.shared.tag_combo import fill_tag_combo

DEFAULT_PEOPLE = 300
PATHS_TITLE = "Who could introduce you, warmest first:"
MAX_PEOPLE = 2000
#: Quiet time after the last data change before the network is rebuilt: a burst of
#: edits (an import, a sync, typing in the profile) costs one rebuild, not one each.
REBUILD_AFTER_MS = 1000


@dataclass(frozen=True)
class NetworkView:
    """What one read gives the page."""

    snapshot: NetworkSnapshot
    people: list[Person]
    links: list[Link]
    ideas: list[Suggestion]
    names: dict[int, str]
    tags: list[str]
    parked: frozenset[int]  # no warm path goes through them (domain.warm_paths.may_ask)


def read_view(today, *, stage: str | None, sphere: str | None, tag: str | None,
              limit: int) -> NetworkView:
    """The network on ``today``, filtered and cut to the ``limit`` strongest ties. Only
    the people drawn and suggested are read by name: the paths read theirs when found."""
    snapshot = network_reads.read_network(today)
    network = snapshot.network
    filtered = network
    if stage or sphere or tag:
        keep = {cid for cid, row_stage, row_sphere in network_reads.stages_and_spheres()
                if (not stage or row_stage == stage)
                and (not sphere or row_sphere in (sphere, "both"))}
        if tag:
            keep &= network_reads.tagged(tag)
        filtered = network.restricted(keep)
    ego = ego_network(filtered, limit=limit)
    ideas = introduction_ideas(
        filtered, network_reads.common_ground(idea_candidates(filtered)), limit=10)
    rows = network_reads.people(sorted({*ego.nodes, *(n for i in ideas for n in (i.a, i.b))}
                                       - {ME}))
    # The names as the page shows them (the display rule, cut for one line): the
    # drawing's names and tooltips, the ideas, the paths.
    names = {cid: one_line(row.name) for cid, row in rows.items()}
    people = [Person(cid, names[cid], rows[cid].stage, network.ties[cid])
              for cid in ego.nodes if cid in rows]
    links = [Link(a, b, data["strength"], is_derived(data["kinds"]))
             for a, b, data in ego.edges() if a and b]
    return NetworkView(snapshot, people, links, ideas, names, network_reads.tag_names(),
                       snapshot.parked)


def find_paths(data: NetworkView, contact_id: int) -> tuple[list[WarmPath], dict[int, str]]:
    """The warm paths to ``contact_id`` and the names of the people on them (on the
    worker: a search over the whole network, then one read of a few names)."""
    if contact_id not in data.snapshot.network:
        return [], {}
    paths = warm_paths(data.snapshot.network, contact_id, k=5, avoid=data.parked)
    names = network_reads.names(sorted({n for p in paths for n in p.nodes[1:]}))
    return paths, {cid: one_line(name) for cid, name in names.items()}


class NetworkPage(LoaderPage, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loader = PageLoader(self, "the network", self._read, self._show, delay_ms=150)
        self.view_data: NetworkView | None = None
        self.selected_id: int | None = None
        self.paths: list[WarmPath] = []

        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage")
        self.stage.addItem("All stages", None)
        for stage in BOARD_ORDER:
            self.stage.addItem(stage.label, stage.value)
        self.sphere = QComboBox()
        self.sphere.setAccessibleName("Sphere")
        for text, value in (("Business and personal", None), ("Business", "business"),
                            ("Personal", "personal")):
            self.sphere.addItem(text, value)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag")
        self.tag.addItem("Any tag", None)
        self.limit = QSpinBox()
        self.limit.setAccessibleName("People shown")
        self.limit.setRange(10, MAX_PEOPLE)
        self.limit.setSingleStep(100)
        self.limit.setValue(DEFAULT_PEOPLE)
        self.limit.setPrefix("People: ")
        self.fit_button = QPushButton("Fi&t")
        for box in (self.stage, self.sphere, self.tag):
            box.currentIndexChanged.connect(self.loader.changed)
        self.limit.valueChanged.connect(self.loader.changed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        for widget in (self.stage, self.sphere, self.tag, self.limit):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.fit_button)

        self.view = EgoView()
        self.fit_button.clicked.connect(self.view.fit)
        self.view.person_clicked.connect(self.select_person)
        self.view.person_activated.connect(self.ctx.events.open_contact.emit)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.view.zoom(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.view.zoom(0.8))

        self.hint = QLabel("Click a person to see your tie and who could introduce you.")
        self.hint.setWordWrap(True)
        self.tie = TiePanel(ctx, named=True)
        self.tie.hide()
        self.paths_label = QLabel(PATHS_TITLE)
        self.paths_label.setWordWrap(True)
        self.paths_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_list = QListWidget()
        self.path_list.setAccessibleName("Warm paths")
        self.path_list.setWordWrap(True)
        self.introduce_button = QPushButton("&Ask for an introduction…")
        self.introduce_button.clicked.connect(self.ask_introduction)
        self.open_button = QPushButton("&Open profile")
        self.open_button.clicked.connect(
            lambda: self.selected_id and self.ctx.events.open_contact.emit(self.selected_id))
        self.idea_list = QListWidget()
        self.idea_list.setAccessibleName("Introduction ideas")
        self.idea_list.setWordWrap(True)
        self.idea_list.setAlternatingRowColors(True)
        self.path_list.setAlternatingRowColors(True)
        self.idea_button = QPushButton("&Introduce them…")
        self.idea_button.clicked.connect(self.make_introduction)

        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(self.hint)
        column.addWidget(self.tie)
        column.addWidget(self.paths_label)
        column.addWidget(self.path_list, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.introduce_button)
        buttons.addWidget(self.open_button)
        column.addLayout(buttons)
        column.addWidget(QLabel("People you could introduce to each other:"))
        column.addWidget(self.idea_list, 1)
        column.addWidget(self.idea_button)
        side.setMinimumWidth(300)
        side.setMaximumWidth(460)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 360])
        splitter.setChildrenCollapsible(False)
        legend = QLabel("Closer to the centre: a stronger tie. Colour: stage. Solid lines: "
                        "relations you entered; dashed: inferred from meetings together, "
                        "introductions and organisations. Drag to pan, wheel to zoom, "
                        "double-click to open a profile.")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.loader.wrap(splitter), 1)
        layout.addWidget(legend)
        self.rebuild_timer = QTimer(self, singleShot=True, interval=REBUILD_AFTER_MS)
        self.rebuild_timer.timeout.connect(self.loader.changed)
        for signal in (ctx.events.contacts_changed, ctx.events.interactions_changed,
                       ctx.events.contacts_removed):
            signal.connect(lambda _ids: self.rebuild_timer.start())
        ctx.events.introductions_changed.connect(self.rebuild_timer.start)
        self.path_list.currentRowChanged.connect(self._update_buttons)
        self.idea_list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- loading --------------------------------------------------------------------
    def _read(self) -> Callable[[], NetworkView]:
        today = self.ctx.clock.now().date()
        stage, sphere = self.stage.currentData(), self.sphere.currentData()
        tag, limit = self.tag.currentData(), self.limit.value()
        return lambda: read_view(today, stage=stage, sphere=sphere, tag=tag, limit=limit)

    def _show(self, data: NetworkView) -> None:
        self.view_data = data
        self.view.show_network(data.people, data.links)
        fill_tag_combo(self.tag, data.tags)
        self.idea_list.clear()
        for idea in data.ideas:
            # One line each (in common after a dot), on alternating rows: two lines each
            # with nothing between them ran into one another.
            item = QListWidgetItem(f"{data.names.get(idea.a)} and {data.names.get(idea.b)}"
                                   f" · in common: {common_words(idea.common)}")
            self.idea_list.addItem(item)
        if self.selected_id is not None:
            self.select_person(self.selected_id)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        if self.rebuild_timer.isActive():  # a change is waiting: it is read now
            self.rebuild_timer.stop()
            self.loader.changed()
        self.loader.shown()
        super().showEvent(event)

    def wait_loaded(self) -> None:
        """Block until the network, and the chosen person's paths and tie, are shown
        (tests, benchmarks, screenshots); a change waiting to rebuild is read now."""
        if self.rebuild_timer.isActive():
            self.rebuild_timer.stop()
            self.loader.changed()
        self.loader.wait_loaded()
        self.loader.reader.wait()
        QCoreApplication.processEvents()
        self.tie.wait_loaded()

    def shutdown(self) -> None:
        self.rebuild_timer.stop()
        self.tie.shutdown()
        self.loader.shutdown()

    # -- a person -------------------------------------------------------------------
    def select_person(self, contact_id: int) -> None:
        data = self.view_data
        if data is None:
            return
        self.selected_id = contact_id
        if contact_id in self.view.items_by_id and \
                not self.view.items_by_id[contact_id].isSelected():
            self.view.select(contact_id)  # chosen from the list or by a redraw: marked too
        self.hint.hide()
        self.tie.show()
        self.tie.set_contact(contact_id)
        self.paths = []
        self.path_list.clear()
        self.path_list.addItem("Looking for warm paths…")
        self._update_buttons()
        self.loader.reader.submit(lambda: (data, contact_id, *find_paths(data, contact_id)),
                                  self._show_paths, self.loader.fail, key="paths")

    def _show_paths(self, answer: tuple[NetworkView, int, list[WarmPath], dict[int, str]]
                    ) -> None:
        data, contact_id, paths, names = answer
        if data is not self.view_data or contact_id != self.selected_id:
            return  # for a network since rebuilt, or a person no longer chosen
        self.paths = paths
        own = data.snapshot.network.ties.get(contact_id, 0.0)
        # A strong tie of one's own needs no introduction: say so before other ways in.
        self.paths_label.setText(
            f"You know them yourself (tie {round(own * 100)}/100); other ways in:"
            if own >= OWN_TIE_ENOUGH else PATHS_TITLE)
        self.path_list.clear()
        for path in self.paths:
            steps = " → ".join(["You", *(names.get(n, f"#{n}") for n in path.nodes[1:])])
            why = "; ".join("/".join(kinds) for kinds in path.kinds[1:])
            self.path_list.addItem(f"{steps}\n{round(path.strength * 100)}% · {why}")
        if not self.paths:
            self.path_list.addItem("No warm path yet: add how people know each other "
                                   "on their profiles, or log a meeting you had together.")
        # Someone known well needs no introduction: no path is chosen for the user (nor
        # "Ask for an introduction…" enabled) until they pick one themselves.
        self.path_list.setCurrentRow(0 if self.paths and own < OWN_TIE_ENOUGH else -1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_person = self.selected_id is not None and self.view_data is not None and (
            self.selected_id in self.view_data.snapshot.network)
        self.open_button.setEnabled(has_person)
        self.introduce_button.setEnabled(bool(self.paths)
                                         and self.path_list.currentRow() >= 0)
        self.idea_button.setEnabled(self.idea_list.currentRow() >= 0)

    # -- introductions --------------------------------------------------------------
    def ask_introduction(self) -> None:
        row = self.path_list.currentRow()
        if not 0 <= row < len(self.paths) or self.selected_id is None:
            return
        path = self.paths[row]
        from relmanager.ui.introductions.intro_dialog import open_introduction_dialog

        open_introduction_dialog(self.ctx, self, introducer_id=path.introducer,
                                 target_id=self.selected_id)

    def make_introduction(self) -> None:
        data = self.view_data
        row = self.idea_list.currentRow()
        if data is None or not 0 <= row < len(data.ideas):
            return
        idea = data.ideas[row]
        from relmanager.ui.introductions.intro_dialog import open_introduction_dialog

        open_introduction_dialog(self.ctx, self, requester_id=idea.a, target_id=idea.b)
