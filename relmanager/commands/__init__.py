"""Subcommands of the ``relmanager`` command line, one module per area.

Each module has ``register(subparsers)`` that adds its commands with a ``handler``. They
are named here and imported only when a command line is parsed, so opening the window
(which also imports ``relmanager.commands.common``) does not pay for every subcommand.
To add an area: one more name in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

COMMAND_MODULES = (
    "contacts",
    "maintenance",
    "importing",
    "export",
    "backup",
    "encryption",
    "sync",
    "sync_conflicts",  # after "sync": it adds `sync conflicts` and `sync resolve`
    "network",
    "merging",
    "capture",
    "history",
    "brief",
)


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"relmanager.commands.{name}") for name in COMMAND_MODULES]
