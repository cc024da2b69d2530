"""The command line names export kinds and import formats itself (so that building the
parser stays cheap); they must stay the ones the exporter and the readers know."""

from relmanager.commands.export import EXPORT_KINDS
from relmanager.commands.importing import IMPORT_FORMATS
from relmanager.interchange import FORMATS
from relmanager.store.exporter import KINDS


def test_choices_match_what_the_code_supports():
    assert EXPORT_KINDS == KINDS
    assert IMPORT_FORMATS == FORMATS
