"""Command-line edges: the export kinds and import formats it names itself (so building
the parser stays cheap) must stay the ones the code knows; odd paths are plain errors."""

from relmanager.commands.export import EXPORT_KINDS
from relmanager.commands.importing import IMPORT_FORMATS
from relmanager.interchange import FORMATS
from relmanager.store.exporter import KINDS


def test_choices_match_what_the_code_supports():
    assert EXPORT_KINDS == KINDS
    assert IMPORT_FORMATS == FORMATS


def test_a_tilde_path_of_no_such_user_is_a_plain_error(tmp_path, capsys, monkeypatch):
    """Path.expanduser raises for "~nobody"; the command line says the file is missing."""
    from relmanager.cli import main

    monkeypatch.chdir(tmp_path)
    code = main(["restore", "~no-such-user-here/backup.sqlite3",
                 "--db", str(tmp_path / "db.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1 and "does not exist" in err and "unexpected" not in err
