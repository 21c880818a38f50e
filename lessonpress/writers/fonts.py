"""The embedded TTF fonts of the PDF writer (vendored DejaVu), and which characters they can draw."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lessonpress.errors import Diagnostic, Loc

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FILES = {
    "DejaVuSerif": "DejaVuSerif.ttf", "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic": "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@lru_cache(maxsize=1)
def register() -> None:
    """Register the fonts and their bold/italic families with reportlab, once per process."""
    for name, file in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    for family, italic in (("DejaVuSerif", "Italic"), ("DejaVuSans", "Oblique")):
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, f"{family}-Bold")
        addMapping(family, 0, 1, f"{family}-{italic}")
        addMapping(family, 1, 1, f"{family}-Bold{italic}")


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Code points every embedded font can draw (a character missing from any of them is reported)."""
    register()
    sets = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in FILES]
    return frozenset(set.intersection(*sets))


def missing_glyphs(scalars: list[tuple[Loc, str]]) -> list[Diagnostic]:
    """A warning at the exact file:line:col of each text that holds a character the fonts cannot draw."""
    have = coverage()
    out = []
    for loc, text in scalars:
        missing = sorted({ch for ch in text if ord(ch) not in have and not ch.isspace()})
        if missing:
            names = ", ".join(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in missing)
            out.append(Diagnostic(loc, f"{names} cannot be drawn by the PDF fonts and would print as a box; "
                                  "replace or remove it", "font.missing-glyph", "warning"))
    return out
