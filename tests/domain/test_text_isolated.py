"""Contact text shown on one line keeps no bidi control of its own
(relmanager.domain.text.visible and isolated), character for character: an override
inside a name reversed the name itself ("<RLO>evil" read "live", "Bob<RLO>gpj.exe" read
"Bobexe.jpg"), so a file could make one person look like another; it had been put in a
first-strong isolate, which kept the words after it but not the name. The window, the
tray and the command line rely on this (tests/cli/test_bidi_output.py,
tests/services/test_bidi_notices.py and tests/hostile/test_hostile_pages.py see it from
outside; these pin the rule itself, in the fast subset mutmut runs)."""

from __future__ import annotations

from relmanager.domain.text import LINE_CHARS, cut, one_line, visible

FSI, PDI = "\u2068", "\u2069"
LRI, RLI, RLO, PDF = "\u2066", "\u2067", "\u202e", "\u202c"
LRE, RLE, LRO = "\u202a", "\u202b", "\u202d"
HEBREW = "\u05d3\u05e0\u05d4 \u05db\u05d4\u05df"  # Dana Cohen
ARABIC = "\u0645\u062d\u0645\u062f \u0639\u0644\u064a"  # Muhammad Ali


def test_text_without_bidi_controls_is_returned_as_it_is():
    assert visible("Ann Smith") == "Ann Smith"
    assert visible("") == ""
    assert visible("שלום Ann") == "שלום Ann"  # right-to-left letters are no control
    assert visible(HEBREW) == HEBREW and visible(ARABIC) == ARABIC
    assert visible("Ann\u200fSmith\u200e") == "Ann\u200fSmith\u200e"  # marks stay


def test_every_explicit_embedding_override_and_isolate_is_dropped_for_display():
    assert visible(f"{RLO}evil") == "evil"
    assert visible(f"Bob{RLO}gpj.exe") == "Bobgpj.exe"
    for control in (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI):
        assert visible(f"a{control}b") == "ab", ascii(control)
        assert visible(f"a{control}b\n{control}c", lines=True) == "ab\nc", ascii(control)
    assert visible(f"{LRE}+1 555 0100{PDF}") == "+1 555 0100"  # a messenger's wrapping
    assert visible(f"{RLE}{HEBREW}{PDF}") == HEBREW
    assert visible(f"{RLO}{PDF}") == "\ufffd"  # nothing but controls: still something


def test_controls_and_bidi_controls_together():
    assert visible(f"{RLO}A\x00") == "A\ufffd"
    assert visible(f"\x1b{RLO}x") == "\ufffdx"


def test_one_line_cuts_a_long_text_with_an_ellipsis_and_shows_it():
    assert one_line("Acme") == "Acme"
    long = "A" * 100_000
    shown = one_line(long)
    assert len(shown) == LINE_CHARS and shown.endswith("\u2026") and shown[0] == "A"
    assert one_line("x" * LINE_CHARS) == "x" * LINE_CHARS  # at the limit: whole
    assert one_line(f"{RLO}ab\x00", limit=3) == "a\u2026"
    assert one_line("abcdef", limit=4) == "abc\u2026"
    assert cut("abcd", 4) == "abcd" and cut("abcde", 4) == "abc\u2026"
    assert cut(f"a\x00{RLO}bcd", 4) == f"a\x00{RLO}\u2026"  # cut only, nothing shown


def test_fold_keeps_runs_of_letters_without_marks_whole():
    """(The search's fold, the module's other rule: a run of several non-ASCII letters
    comes back whole, its combining marks taken out and the letters people write plainly
    written so: "ÆØÅ" is three letters, found by "aeoa".)"""
    from relmanager.domain.text import fold

    assert fold("ÆØÅ Bjørn") == "aeoa bjorn"
    assert fold("ŁÓDŹ José") == "lodz jose"
    assert fold("Straße ŒUVRE") == "strasse oeuvre"
