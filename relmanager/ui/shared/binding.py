"""Loading PySide6 for the window, without its per-import source scan.

PySide6 hooks ``__import__`` to support ``from __feature__ import snake_case``. After
every import it asks whether the new module uses PySide by reading the module's whole
source file (``inspect.getsource``) and looking for the word "PySide6". The window's
start imports about a hundred modules after PySide6, so that scan cost ~15 ms of the cold
start (30 ms under a profiler), more than any single widget.

This app never selects a ``__feature__``. Whatever a module's entry says, every module
then works with no feature, so an entry can be decided from what the module holds
instead of what its file says: a module that uses PySide has a name bound to a PySide
object. That check reads a dictionary instead of a file. When the binding's internals are
not the expected ones (another release), nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

_PREFIXES = ("PySide6", "shiboken6")


def _holds_pyside(module: ModuleType) -> bool:
    """Whether ``module`` has a name bound to PySide6 (a class, function or module).

    It runs inside every later ``import`` statement of the process, so it never raises:
    a module holding an object whose attribute access fails (a context-local proxy, a
    lazy loader) counts as not using PySide6, as a module with unreadable source does for
    the binding's own check."""
    try:
        for value in list(vars(module).values()):
            owner = value.__name__ if isinstance(value, ModuleType) else getattr(
                value, "__module__", None)
            if isinstance(owner, str) and owner.startswith(_PREFIXES):
                return True
    except Exception:  # see above: an import must not fail here
        return False
    return False


def skip_source_scan() -> bool:
    """Replace the binding's per-import source scan with :func:`_holds_pyside`; True when
    it was replaced. Call it after importing PySide6 and before the window's modules."""
    import PySide6.QtCore  # noqa: F401  (loads the hook being replaced)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    if not isinstance(getattr(feature, "pyside_feature_dict", None), dict):
        return False
    feature._mod_uses_pyside = _holds_pyside
    return True
