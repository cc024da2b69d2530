"""The board's card details, held in memory for the delegate, read on the worker.

Why: the delegate paints while Qt lays out and scrolls, on the UI thread. When it read
the cards it was painting (through peewee, a page at a time), a first paint of the board
cost 4.4x the same SQL run raw plus an empty window. Now the first cards of every column
come with the columns in the page loader's read, and a card painted before it was read is
drawn empty while :meth:`CardCache.request` gathers the missing pages of the moment and
reads them in one go on the same worker; the columns repaint when they arrive.

One cache for the whole board (not one per column), so a card moved to another column is
painted at once from what was already read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.services.background import BackgroundReader
from relmanager.store import board_cards
from relmanager.store.board_cards import Card

#: Cards kept (least recently painted go first): a few screens of every column.
MAX_CARDS = 3000


class CardCache(QObject):
    """Cards by contact id. ``arrived`` fires when a read of missing cards is in;
    ``failed(error)`` when it failed (the board then says it could not load)."""

    arrived = Signal()
    failed = Signal(object)

    def __init__(self, reader: BackgroundReader, now: Callable[[], datetime],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._now = now
        self._cards: OrderedDict[int, Card] = OrderedDict()
        #: Ids read since the board's last full read; others are shown but read again.
        self._fresh: set[int] = set()
        #: Ids asked for and not answered yet (one read answers all of them).
        self._pending: set[int] = set()
        self._generation = 0
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._submit)

    def get(self, contact_id: int) -> Card | None:
        card = self._cards.get(contact_id)
        if card is not None:
            self._cards.move_to_end(contact_id)
        return card

    def is_fresh(self, contact_id: int) -> bool:
        return contact_id in self._fresh

    def replace(self, cards: dict[int, Card]) -> None:
        """A full read of the board is in: these cards are current, every other card
        held is shown until it is read again (when next painted)."""
        self._generation += 1
        self._fresh = set(cards)
        self._pending.clear()
        self._store(cards)

    def request(self, ids: Iterable[int]) -> None:
        """Read the cards among ``ids`` not read since the last full read, soon: the
        requests of one event-loop turn (every column's paint) are one read."""
        wanted = [i for i in ids if i not in self._fresh and i not in self._pending]
        if not wanted or self._reader.closed:
            return
        self._pending.update(wanted)
        self._flush.start()

    def _submit(self) -> None:
        # Newest wins on the worker: this read covers every id still pending, including
        # those of a read it supersedes, so no request goes unanswered.
        ids, now, generation = list(self._pending), self._now(), self._generation
        if ids:
            self._reader.submit(lambda: board_cards.cards(ids, now),
                                lambda cards: self._done(generation, ids, cards),
                                self._failed, key="cards")

    def _done(self, generation: int, ids: list[int], cards: dict[int, Card]) -> None:
        self._pending.difference_update(ids)
        if generation != self._generation:
            # Read before the board's newest full read: show what is not newer, and
            # read it again when painted.
            self._store({i: c for i, c in cards.items() if i not in self._fresh})
        else:
            self._fresh.update(ids)  # deleted contacts too: nothing to read again
            self._store(cards)
        self.arrived.emit()

    def _failed(self, error: BaseException) -> None:
        self._pending.clear()
        self.failed.emit(error)

    def _store(self, cards: dict[int, Card]) -> None:
        for contact_id, card in cards.items():
            self._cards[contact_id] = card
            self._cards.move_to_end(contact_id)
        while len(self._cards) > MAX_CARDS:
            gone, _card = self._cards.popitem(last=False)
            self._fresh.discard(gone)
