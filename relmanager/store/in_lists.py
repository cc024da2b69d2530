"""Long ``IN (...)`` lists, split so that no statement binds more values than SQLite takes.

SQLite refuses a statement with more bound variables than its
``SQLITE_MAX_VARIABLE_NUMBER`` ("too many SQL variables"): 999 before 3.32 (2020), and
still in builds compiled with the old default; 32,766 since. A bulk action on every
selected contact, a capture's addresses or an import's e-mails easily pass 999, so every
read or write that puts a caller's list into an ``IN`` goes through here, :data:`CHUNK`
values a statement, and the rule lives once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

__all__ = ["CHUNK", "chunks", "marks", "rows_in"]

T = TypeVar("T")

#: Values bound per statement: under the oldest limit (999), with room left for the few
#: other parameters a statement binds next to its list (a kind, a date). A statement that
#: binds its list twice takes half (``CHUNK // 2``) a time.
CHUNK = 900


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``values`` in order, ``size`` at a time, each part a list (what the drivers bind);
    nothing for no values. Any iterable: a set of ids or a generator is read once."""
    rest = iter(values)
    while part := list(islice(rest, size)):
        yield part


def marks(count: int) -> str:
    """The placeholders of an ``IN`` list of ``count`` values: ``?,?,?``."""
    return ",".join("?" * count)


def rows_in(sql: str, values: Iterable[object],
            params: Callable[[list], Sequence[object]] | None = None,
            size: int = CHUNK) -> Iterator[tuple]:
    """The rows of ``sql`` for every value, one statement per ``size`` values.

    ``sql``'s ``{marks}`` becomes each part's placeholders; it is run with the part as
    its parameters, or with ``params(part)`` when the statement binds more (its list and
    a kind, say). Plain SQL on the raw cursor: peewee building each 900-value ``IN``
    list, value by value, was a tenth of a 100,000-message capture."""
    # The models (and peewee) when asked: ``chunks`` and ``marks`` are on the way to the
    # window's first paint, which reads without peewee (store/first_look.py).
    from relmanager.store.models import database

    for part in chunks(values, size):
        yield from database.execute_sql(sql.format(marks=marks(len(part))),
                                        part if params is None else params(part))
