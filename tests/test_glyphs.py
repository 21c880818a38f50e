"""The coverage table that lets `check` warn about characters without loading the fonts."""

from lessonpress.glyphs import coverage
from lessonpress.writers.fonts import coverage as from_fonts


def test_coverage_table_matches_the_fonts():
    assert coverage() == from_fonts(), "run: python -m lessonpress.glyphs"
    assert ord("ō") in coverage() and ord("東") not in coverage()
