"""The registry of commands (relmanager.commands.COMMANDS) against the areas' parsers:
``--help`` lists every command from the registry alone, and the command that runs is
parsed by its area's own parser, so a command an area adds must be in the registry (or
no command line could reach it) and each line of help is the one ``--help`` shows."""

from __future__ import annotations

import argparse

import pytest

from relmanager import commands
from relmanager.cli import build_parser, main


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


@pytest.mark.parametrize("area", sorted({area for _c, area, _h in commands.COMMANDS}))
def test_an_area_adds_exactly_the_commands_the_registry_gives_it(area):
    named = [c for c, a, _h in commands.COMMANDS if a == area]
    parser = build_parser(named[0])
    assert list(_subcommands(parser)) == named
    registry = {c: h for c, _a, h in commands.COMMANDS}
    assert _helps(parser) == {c: registry[c] for c in named}


def test_sync_gets_its_conflicts_and_resolve():
    sync = _subcommands(build_parser("sync"))["sync"]
    args = sync.parse_args(["resolve", "3", "--keep", "local"])
    assert args.sync_action == "resolve" and args.handler.__name__ == "cmd_resolve"


def test_help_lists_every_command_with_its_line(capsys):
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the help wraps its lines
    for name, _area, text in commands.COMMANDS:
        assert f"{name} {' '.join(text.split())}" in out, name


@pytest.mark.parametrize(("argv", "says"), [
    (["-h", "list"], "A desktop relationship manager"),  # help before the command
    (["--db", "x.sqlite3", "--help", "list"], "A desktop relationship manager"),
    (["list", "-h"], "usage: relmanager list [-h] [--db PATH] [--stage STAGE]"),
    (["sync", "resolve", "-h"], "usage: relmanager sync resolve"),
    (["capture", "mail", "--help"], "usage: relmanager capture mail"),
])
def test_help_is_the_one_asked_for(capsys, argv, says):
    assert main(argv) == 0
    assert says in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "error"), [
    (["lis"], "argument COMMAND: invalid choice: 'lis' (choose from 'list', 'add',"),
    (["--", "list"], "invalid choice: '--'"),
    (["--bogus", "list"], "unrecognized arguments: --bogus"),
    (["list", "--bogus"], "unrecognized arguments: --bogus"),
    (["--d", "x", "list"], "ambiguous option: --d could match --db, --demo"),
    (["capture"], "relmanager capture: error: the following arguments are required: SOURCE"),
    (["list", "--limit", "x"], "relmanager list: error: argument --limit: 'x' is not a"),
])
def test_usage_errors_are_said_as_the_full_parser_said_them(capsys, argv, error):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert error in err and len(err.strip().splitlines()) == 1
