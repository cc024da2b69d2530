"""Subcommands of the ``relmanager`` command line, one module per area.

A command line runs one command, and a command's module imports the store and domain
code it works with (the demo generator, merging, the network's scores, ...): importing
every area to parse one command was most of a ``relmanager list``'s start-up. So this
registry names each command, its area's module and its one line of ``--help``, and
nothing is imported from here until the command line names a command: ``--help`` lists
every command from :data:`COMMANDS` alone, and the command that runs loads its own area
(:func:`modules_for`). Each module has ``register(subparsers)``, which adds its commands
through :func:`add_command` (so the one-line help is written here only) with a
``handler``.

To add a command: one more entry in :data:`COMMANDS` (the order is ``--help``'s), and
its parser in its area's ``register``.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

#: Every command: its name, the module (in this package) that registers and runs it, and
#: its one line of help, in the order ``relmanager --help`` lists them.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("list", "listing", "list contacts"),
    ("add", "contacts", "add a contact"),
    ("log", "contacts", "log an interaction with one or more contacts (several: one group "
     "event, e.g. a dinner)"),
    ("move", "contacts", "move a contact to another stage"),
    ("demo", "maintenance", "fill the database with a believable demo network"),
    ("check", "maintenance", "check the database: integrity, schema, counts, backups"),
    ("import", "importing", "import contacts from a vCard, a LinkedIn, Google or Outlook "
     "CSV export, or a spreadsheet CSV with a Name column"),
    ("undo-import", "importing", "remove the contacts an import added and undo what it "
     "merged (default: the latest import)"),
    ("imports", "importing", "list past imports"),
    ("export", "export", "export contacts (vCard 4.0 or CSV) or follow-ups and time boxes "
     "(iCalendar); files are written privately (0600)"),
    ("backup", "backup", "back the database up now (default: into backups/ beside it, "
     "keeping the newest few)"),
    ("backups", "backup", "list (and check) this database's backups"),
    ("restore", "backup", "check a backup and put it in place of the database (the current "
     "one is kept in backups/)"),
    ("encrypt", "encryption", "encrypt the database at rest (the key goes into the system "
     "keyring; close the app first)"),
    ("decrypt", "encryption", "turn encryption at rest off again (close the app first)"),
    ("sync", "sync", "sync with a CardDAV/CalDAV server (set it up once with --setup); "
     "never sends anything to your contacts"),
    ("relate", "network", "record how two contacts know each other"),
    ("strength", "network", "a contact's tie strength and its reasons"),
    ("paths", "network", "who could introduce you to a contact"),
    ("ideas", "network", "contacts you could introduce to each other"),
    ("merge", "merging", "merge two or more contacts into one"),
    ("duplicates", "merging", "list contacts that look like one person"),
    ("capture", "capture", "log interactions from your own mail or calendar (read only; "
     "nothing is sent)"),
    ("captures", "capture", "list past capture runs"),
    ("undo-capture", "capture", "remove the interactions a capture run added (default: the "
     "latest)"),
    ("me", "capture", "your own e-mail addresses (never matched as a contact)"),
    ("history", "history", "a contact's interactions, newest first"),
    ("export-interactions", "history", "every interaction to iCalendar (one event per "
     "meeting, an attendee per person) or CSV (a row per person, a Group column); written "
     "privately (0600)"),
    ("brief", "brief", "what to remember before meeting someone: intent, how you met, "
     "common ground, last interactions, what is open"),
    ("meetings", "brief", "coming meetings with contacts (from the calendars you capture "
     "from)"),
    ("log-meeting", "brief", "log a meeting that has ended as one interaction with everyone "
     "there (once)"),
)

#: Modules that add subcommands to another area's command, loaded after it:
#: ``sync conflicts`` and ``sync resolve`` hang on ``sync``.
EXTENSIONS: dict[str, tuple[str, ...]] = {"sync": ("sync_conflicts",)}

_HELP = {name: text for name, _module, text in COMMANDS}
_AREA = {name: module for name, module, _text in COMMANDS}


def add_command(sub: argparse._SubParsersAction, name: str,
                **kwargs: object) -> argparse.ArgumentParser:
    """The parser of command ``name``, with its one line of help from :data:`COMMANDS`;
    ``kwargs`` go to ``add_parser`` (a ``description``, say)."""
    return sub.add_parser(name, help=_HELP[name], **kwargs)


def add_listing(sub: argparse._SubParsersAction) -> None:
    """Every command as a name and its line of help, without importing any area: what
    ``relmanager --help`` lists, and enough to tell which command a command line names.
    The parsers take no arguments and no ``-h`` (what follows the name is left over)."""
    for name, _module, text in COMMANDS:
        sub.add_parser(name, help=text, add_help=False)


def modules_for(name: str) -> list[ModuleType]:
    """The modules that register command ``name``: its area's, then any that extend it.
    Importing them is the cost of running the command, and only its."""
    return [importlib.import_module(f"relmanager.commands.{area}")
            for area in (_AREA[name], *EXTENSIONS.get(name, ()))]

