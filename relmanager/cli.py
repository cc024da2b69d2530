"""The command-line face of Relmanager: the same store and services as the GUI.

``relmanager`` with no subcommand opens the window. Every subcommand takes ``--db PATH``,
exits 0 on success, and on any error prints one line to stderr and exits non-zero;
a traceback never reaches the user (it goes to the log file instead).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from relmanager import __version__
from relmanager.domain.clock import Clock, clock_from_env

log = logging.getLogger(__name__)

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 3


class OneLineParser(argparse.ArgumentParser):
    """argparse prints a usage block on error; a script wants one line it can grep."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="database file (default: user data dir, "
                        "or RELMANAGER_DB)")
    parser.add_argument("--demo", action="store_true",
                        help="open a demo network (a separate database) to look around")
    parser.add_argument("--minimized", action="store_true",
                        help="start in the system tray (used by start at login)")
    # For the benchmarks and CI's smoke test of the frozen app: open the contact list,
    # report the first populated paint on stdout, visit every page, then quit.
    parser.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)


def build_parser(command: str | None = None, *,
                 with_commands: bool = True) -> argparse.ArgumentParser:
    """The parser for a command line that names ``command``: the window's options, every
    command's name and line of help (from :mod:`relmanager.commands`' registry, with no
    area imported) and the full parser of ``command``'s area alone, so running one
    command never pays for importing the others. ``with_commands=False`` gives just the
    window's options: opening the window pays for no command at all."""
    parser = OneLineParser(
        prog="relmanager",
        description="A desktop relationship manager. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"relmanager {__version__}")
    _window_options(parser)
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    from relmanager import commands

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    if command is None:
        commands.add_listing(sub)
    else:
        for module in commands.modules_for(command):
            module.register(sub)
    return parser


def _gui_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The parsed options when the command line only opens the window, else None."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        return None
    parsed, extra = build_parser(with_commands=False).parse_known_args(args)
    return None if extra else parsed


class _UnsureError(Exception):
    """The probe cannot tell which command a command line names."""


class _Probe(argparse.ArgumentParser):
    """The window's options and a command with whatever follows it, as argparse reads
    them for the full parser (a subcommand is a positional of ``nargs=PARSER`` there
    too), without a parser per command. It never prints: help, the version and every
    error are left to the parser that lists the commands, which says them as before."""

    def error(self, message: str) -> NoReturn:
        raise _UnsureError(message)


def _named_command(argv: Sequence[str] | None) -> str | None:
    """The command this command line runs, if the probe is sure of it."""
    from relmanager.commands import COMMANDS

    probe = _Probe(prog="relmanager", add_help=False)
    _window_options(probe)
    probe.add_argument("-h", "--help", "--version", action="store_true", dest="asks")
    probe.add_argument("command", nargs=argparse.PARSER)
    try:
        parsed, _extra = probe.parse_known_args(argv)
    except _UnsureError:
        return None
    name = parsed.command[0]
    return None if parsed.asks or name not in {c for c, _m, _h in COMMANDS} else name


def _command_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line parsed by the command's own parser: only its area is imported.
    Which command that is, the probe says; when it is unsure (``--help``, ``--version``,
    no command or an unknown one, an error before the command) the parser listing every
    command decides, printing what it prints and exiting as the full parser did."""
    named = _named_command(argv) or build_parser().parse_known_args(argv)[0].command
    return build_parser(named).parse_args(argv)


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"relmanager: error: {message}", file=sys.stderr)
    return code


def _pipe_closed() -> int:
    """``relmanager list | head -1``: the reader has what it wanted, which is success.
    BrokenPipeError is an OSError, which the store's error mapping would otherwise call a
    "database error"; and Python's own flush of stdout at exit would fail again and print
    "Exception ignored", so stdout is pointed at /dev/null first (the documented recipe in
    the signal module's notes on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    return 0


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    """Run the command line (or the window). ``clock`` is the one clock of this run,
    passed down to every command and the window (tests pass a FakeClock); by default the
    system clock, or the end-to-end tests' scaled one (RELMANAGER_FAKE_NOW)."""
    try:
        args = _gui_args(argv) or _command_args(argv)
        args.clock = clock or clock_from_env()
    except SystemExit as done:  # --help, --version, usage errors: already printed
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    if args.command is None:
        from relmanager import collector

        collector.hold_for_start()  # run_gui resumes it once the window is up
        from relmanager.app import run_gui

        return run_gui(args)
    from relmanager.commands.common import CommandError
    from relmanager.services.logs import setup_logging
    from relmanager.store.errors import DB_EXCEPTIONS, StoreError, translate

    log_file = setup_logging(console=False, rotate=None)  # rotating a full log only
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a pipe closed by the reader shows here, not at exit
        return code
    except BrokenPipeError:
        return _pipe_closed()
    except (CommandError, StoreError) as error:
        return _fail(str(error))
    except DB_EXCEPTIONS as error:
        return _fail(str(translate(error, getattr(args, "db", None))))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as error:  # a bug: say so in one line, keep the traceback in the log
        log.exception("unexpected error in %s", args.command)
        return _fail(f"unexpected {type(error).__name__}: {error} (details in {log_file})",
                     EXIT_BUG)


def entry_point() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
