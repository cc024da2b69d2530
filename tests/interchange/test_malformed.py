"""Generated broken vCards and CSVs: no exception ever escapes the readers or the import
command, and a rejected file leaves the database byte-identical."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmanager.cli import EXIT_BUG, main
from relmanager.interchange.csv_in import parse_csv_bytes
from relmanager.interchange.vcard_in import parse_vcard_bytes

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = [p.read_bytes() for p in sorted(FIXTURES.iterdir())
         if p.suffix in (".vcf", ".csv")]
TRIED = {"vcard": 0, "csv": 0, "cli": 0}

properties = st.sampled_from([
    "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0", "FN:", "N:;;;;",
    "EMAIL:", "TEL;TYPE=cell:", "item1.EMAIL:", "item1.X-ABLabel:", "ORG:", "NOTE:",
    "BDAY:", "PHOTO;ENCODING=b;TYPE=JPEG:", "CATEGORIES:", "X-RELMANAGER-STAGE:",
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:", "URL:", "UID:", " ", "\t",
    "BEGIN:VCARD\r\nBEGIN:VCARD", ";;;;;;;;", "=\r\n", "==", "\x00", "\ufeff",
])
card_text = st.lists(st.tuples(properties, st.text(max_size=40)), max_size=25).map(
    lambda parts: "\r\n".join(p + v for p, v in parts))


def _mutate(seed: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(seed)
    for position, length, junk in cuts:
        if not data:
            break
        at = position % len(data)
        data[at:at + length] = junk
    return bytes(data)


mutations = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 30),
                               st.binary(max_size=12)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.one_of(card_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.tuples(st.sampled_from(SEEDS), mutations).map(lambda a: _mutate(*a)),
                 st.binary(max_size=400)))
def test_vcard_reader_never_raises(data):
    TRIED["vcard"] += 1
    result = parse_vcard_bytes(data, "generated.vcf")
    assert result.fatal or isinstance(result.contacts, list)
    for problem in result.problems:
        assert problem.source_ref and problem.message


@settings(max_examples=150, deadline=None)
@given(st.tuples(st.sampled_from(SEEDS), mutations).map(lambda a: _mutate(*a)),
       st.sampled_from(["linkedin", "google", "outlook"]))
def test_csv_reader_never_raises(data, fmt):
    TRIED["csv"] += 1
    result = parse_csv_bytes(data, "generated.csv", fmt)
    for problem in result.problems:
        assert problem.source_ref and problem.message


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.tuples(st.sampled_from(SEEDS), mutations).map(lambda a: _mutate(*a)))
def test_import_command_never_crashes_and_rejections_change_nothing(tmp_path, db_path, clock,
                                                                     capsys, data):
    TRIED["cli"] += 1
    main(["add", "--db", str(db_path), "Kept Contact"], clock=clock)
    source = tmp_path / "generated.vcf"
    source.write_bytes(data)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    code = main(["import", "--db", str(db_path), str(source)], clock=clock)
    _out, err = capsys.readouterr()
    assert code != EXIT_BUG, err
    if code != 0:
        assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
        assert err.startswith("relmanager: error: ")



