"""Whether the end-to-end tests' event lines are on (``RELMANAGER_E2E_LOG``).

Asked at every start; answered here so that a normal start does not import
:mod:`relmanager.ui.shell.e2e_log`, whose Qt classes (and their enums) only a run with
the variable uses."""

from __future__ import annotations

import os

ENV = "RELMANAGER_E2E_LOG"


def enabled() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")
