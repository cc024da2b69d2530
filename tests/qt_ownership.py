"""Qt ownership as the services' tests check it: a service and the Qt helper it runs on
(a timer, a thread pool) are destroyed with the object that owns the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject


def check_owned(make: Callable[[QObject], Any], helper: type[QObject]) -> None:
    """``make(owner)`` is a child of ``owner`` with one ``helper`` child of its own, so
    Qt destroys both with the owner; it is shut down afterwards."""
    owner = QObject()
    made = make(owner)
    try:
        assert made.parent() is owner
        assert len(made.findChildren(helper)) == 1
    finally:
        made.shutdown()
