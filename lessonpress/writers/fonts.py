"""The embedded TTF fonts of the PDF writer (vendored DejaVu; Atkinson Hyperlegible from PyPI for the
dyslexia profile), and which characters they can draw."""

from __future__ import annotations

from functools import cache, lru_cache, partial
from pathlib import Path
from weakref import WeakKeyDictionary

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


FACES = ("", "-Bold", "-Italic", "-BoldItalic")
"""A family's faces, as suffixes of its name: NAME, NAME-Bold, NAME-Italic, NAME-BoldItalic."""
_LOADED: set[str] = set()
_SEEDING: WeakKeyDictionary = WeakKeyDictionary()  # canvases drawing now -> (families, characters) they seeded


@cache
def register(family: str = "DejaVuSerif", eager: tuple[str, ...] = ("", "-Bold")) -> None:
    """Register a family's four faces as NAME, NAME-Bold, NAME-Italic, NAME-BoldItalic, once per process: the
    faces in `eager` are read now (before the workers fork, so that they share them), the others when something
    first measures or draws in them (the sans italics of a course are often never used: 6 MB and 45 ms spared).

    The DejaVu families are always registered too, read when first used: they are the fallback for missing
    characters."""
    for fam in dict.fromkeys((family, *STANDARD)):
        folder = _folder(fam)
        names = tuple(fam + suffix for suffix in FACES)
        for suffix, name, file in zip(FACES, names, FAMILIES[fam], strict=True):
            now = fam == family and suffix in eager
            if name in _LOADED:
                if now and rl.pending(name):  # registered lazily, as another family's fallback: read it now
                    pdfmetrics.getFont(name)
                continue
            _LOADED.add(name)
            load = partial(_load, name, folder / file, fam)
            if now:
                load()
            else:
                rl.lazy_font(name, load)
        for (bold, italic), name in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names, strict=True):
            addMapping(fam, bold, italic, name)


def _load(name: str, path: Path, family: str) -> None:
    font = rl.cache_font_work(TTFont(name, str(path)))
    pdfmetrics.registerFont(font)
    for canvas, (families, characters) in list(_SEEDING.items()):  # read while a document is drawn: seeded now,
        if family in families:  # before its first character is drawn, as `seed` seeds the faces read before
            rl.seed_font(canvas, font, characters)


def seed(canvas, families: tuple[str, ...], characters: str) -> None:
    """Give every character a code in each face before anything is drawn, in code-point order.

    reportlab numbers a font's characters in the order they are first drawn, so two forms of one worksheet
    (the same text, shuffled) would embed different font subsets. Numbered up front, they embed the same
    bytes: a class set shares one copy of each font between its forms, and each subset is made only once
    per process. A face never drawn in is not embedded; a face not read yet is numbered when it is read, which
    is still before it is drawn. (On reportlab's plain path, nothing is numbered ahead.)"""
    _SEEDING[canvas] = (families, characters)
    for family in families:
        for name in (family + suffix for suffix in FACES):
            if not rl.pending(name):
                rl.seed_font(canvas, pdfmetrics.getFont(name), characters)


@cache
def coverage_of(font: str) -> frozenset[int]:
    """Code points one registered font can draw."""
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Code points every standard embedded font can draw (a character missing from any is reported)."""
    register()
    faces = [fam + suffix for fam in STANDARD for suffix in FACES]
    return frozenset(set.intersection(*(set(coverage_of(f)) for f in faces)))
