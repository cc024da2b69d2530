"""Contact text joined with other words keeps its bidi controls to itself
(relmanager.domain.text.isolated), character for character: the window, the tray and the
command line rely on the exact isolate it returns (tests/cli/test_bidi_output.py and
tests/services/test_bidi_notices.py see it from outside; these pin the rule itself, in
the fast subset mutmut runs)."""

from __future__ import annotations

from relmanager.domain.text import isolated

FSI, PDI = "\u2068", "\u2069"
LRI, RLI, RLO, PDF = "\u2066", "\u2067", "\u202e", "\u202c"


def test_text_without_bidi_controls_is_returned_as_it_is():
    assert isolated("Ann Smith") == "Ann Smith"
    assert isolated("") == ""
    assert isolated("שלום Ann") == "שלום Ann"  # right-to-left letters are no control


def test_an_override_is_put_in_one_first_strong_isolate():
    assert isolated(f"Ann{RLO}evil") == f"{FSI}Ann{RLO}evil{PDI}"
    assert isolated(f"{RLO}x{PDF}") == f"{FSI}{RLO}x{PDF}{PDI}"
    assert isolated(f"XAVIER {RLO}X") == f"{FSI}XAVIER {RLO}X{PDI}"


def test_isolates_left_open_get_a_pdi_each_before_ours():
    assert isolated(f"a{RLI}b") == f"{FSI}a{RLI}b{PDI}{PDI}"
    assert isolated(f"{LRI}{LRI}x") == f"{FSI}{LRI}{LRI}x{PDI}{PDI}{PDI}"
    assert isolated(f"{FSI}a{RLI}b{LRI}c") == f"{FSI}{FSI}a{RLI}b{LRI}c{PDI * 4}"


def test_a_pdi_closing_the_texts_own_isolate_is_kept_and_a_stray_one_dropped():
    assert isolated(f"{RLI}x{PDI}y") == f"{FSI}{RLI}x{PDI}y{PDI}"
    # a PDI with nothing to close would close ours: dropped, and what follows it is kept
    assert isolated(f"a{PDI}b{RLO}c") == f"{FSI}ab{RLO}c{PDI}"
    assert isolated(f"{RLI}x{PDI}y{PDI}z") == f"{FSI}{RLI}x{PDI}yz{PDI}"
    assert isolated(PDI) == f"{FSI}{PDI}"
    assert isolated(f"{PDI}{PDI}{LRI}a{PDI}b") == f"{FSI}{LRI}a{PDI}b{PDI}"


def test_fold_keeps_runs_of_letters_without_marks_whole():
    """(The search's fold, the module's other rule: a run of several non-ASCII letters
    comes back whole, its combining marks taken out and the letters people write plainly
    written so: "ÆØÅ" is three letters, found by "aeoa".)"""
    from relmanager.domain.text import fold

    assert fold("ÆØÅ Bjørn") == "aeoa bjorn"
    assert fold("ŁÓDŹ José") == "lodz jose"
    assert fold("Straße ŒUVRE") == "strasse oeuvre"
