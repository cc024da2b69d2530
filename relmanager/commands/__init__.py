"""Subcommands of the ``relmanager`` command line, one module per area.

Each module has ``register(subparsers)`` that adds its commands with a ``handler``.
"""

from relmanager.commands import contacts, maintenance

COMMAND_MODULES = (contacts, maintenance)
