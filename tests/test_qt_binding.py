"""The Qt binding itself: guards against a PySide6 release that corrupts reference counts.

PySide6 6.12.0 dropped a reference to ``True`` on every ``Signal.emit()`` made from
Python; after a few hundred emissions (a busy session emits thousands) CPython aborts with
"bool_dealloc". pyproject.toml excludes that release; this test fails on any binding
with the same defect, so an upgrade cannot bring it back unnoticed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    number = Signal(int)
    anything = Signal(object)


def test_emitting_signals_keeps_reference_counts(qapp):
    emitter = _Emitter()
    received: list[type] = []  # the types only: holding the values would count as refs
    emitter.number.connect(lambda value: received.append(type(value)))
    emitter.anything.connect(lambda value: received.append(type(value)))
    before = {name: sys.getrefcount(value)
              for name, value in (("True", True), ("False", False), ("None", None))}
    for n in range(200):  # well below the ~500 that would abort a broken binding
        emitter.number.emit(n)
        emitter.anything.emit(None)
    after = {name: sys.getrefcount(value)
             for name, value in (("True", True), ("False", False), ("None", None))}
    assert len(received) == 400
    for name, count in before.items():
        assert abs(after[name] - count) < 50, (name, count, after[name])
