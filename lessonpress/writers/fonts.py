"""The embedded TTF fonts of the PDF writer (vendored DejaVu; Atkinson Hyperlegible from PyPI for the
dyslexia profile), and which characters they can draw."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lessonpress.compat import reportlab as rl

# Every PDF lessonpress draws (documents, stamps, packet covers) imports this module first: streams deflated
# only, not also ASCII85-armoured, are a quarter smaller and quicker to write.
rl_config.useA85 = 0

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# family -> faces (regular, bold, italic, bold italic) as file names
FAMILIES = {
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    "AtkinsonHyperlegible": ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
                             "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf"),
}
STANDARD = ("DejaVuSerif", "DejaVuSans")


def _folder(family: str) -> Path:
    if family.startswith("DejaVu"):
        return FONT_DIR
    import fontpkg_atkinson_hyperlegible  # only the dyslexia profile needs it

    return fontpkg_atkinson_hyperlegible.ROOT / "files"


@cache
def register(family: str = "DejaVuSerif") -> None:
    """Register a family's four faces as NAME, NAME-Bold, NAME-Italic, NAME-BoldItalic, once per process.

    The DejaVu families are always registered too: they are the fallback for missing characters."""
    for fam in {family, *STANDARD}:
        if fam in pdfmetrics.getRegisteredFontNames():
            continue
        folder = _folder(fam)
        names = (fam, f"{fam}-Bold", f"{fam}-Italic", f"{fam}-BoldItalic")
        for name, file in zip(names, FAMILIES[fam], strict=True):
            pdfmetrics.registerFont(rl.cache_font_work(TTFont(name, str(folder / file))))
        for (bold, italic), name in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names, strict=True):
            addMapping(fam, bold, italic, name)


def seed(canvas, families: tuple[str, ...], characters: str) -> None:
    """Give every character a code in each face before anything is drawn, in code-point order.

    reportlab numbers a font's characters in the order they are first drawn, so two forms of one worksheet
    (the same text, shuffled) would embed different font subsets. Numbered up front, they embed the same
    bytes: a class set shares one copy of each font between its forms, and each subset is made only once
    per process. A face never drawn in is not embedded. (On reportlab's plain path, nothing is numbered ahead.)"""
    for family in families:
        for name in (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"):
            rl.seed_font(canvas, pdfmetrics.getFont(name), characters)


@cache
def coverage_of(font: str) -> frozenset[int]:
    """Code points one registered font can draw."""
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Code points every standard embedded font can draw (a character missing from any is reported)."""
    register()
    faces = [name for fam in STANDARD for name in (fam, f"{fam}-Bold", f"{fam}-Italic", f"{fam}-BoldItalic")]
    return frozenset(set.intersection(*(set(coverage_of(f)) for f in faces)))
