"""The embedded TTF fonts of the PDF writer (vendored DejaVu), and which characters they can draw."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
