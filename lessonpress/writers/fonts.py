"""The embedded TTF fonts of the PDF writer (vendored DejaVu; Atkinson Hyperlegible from PyPI for the
dyslexia profile), and which characters they can draw."""

from __future__ import annotations

import zlib
from functools import cache, lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
            font = TTFont(name, str(folder / file))
            font.face.makeSubset = _as_list(font.face.makeSubset)
            font.face.addSubsetObjects = _compressed_once(font.face)
            font.splitString = _split_once(font)
            pdfmetrics.registerFont(font)
        for (bold, italic), name in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names, strict=True):
            addMapping(fam, bold, italic, name)


def _as_list(make_subset):
    """reportlab passes the subset as a list; the cache needs it as a tuple."""
    def by_tuple(subset: tuple) -> bytes:
        return make_subset(list(subset))

    cached = lru_cache(maxsize=64)(by_tuple)
    return lambda subset: cached(tuple(subset))


@lru_cache(maxsize=64)
def _deflate(data: bytes) -> bytes:
    return zlib.compress(data)


def _compressed_once(face):
    """Embeds each font subset compressed once per process, not once per PDF (forms share subsets)."""
    add = face.addSubsetObjects

    def add_subset_objects(doc, fontname, subset):
        ref = add(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and stream.filters and doc.compression:
            stream.content = _deflate(stream.content)
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        return ref

    return add_subset_objects


def _split_once(font):
    """Encodes each run of text once per process for documents seeded with the same characters.

    reportlab re-encodes every run it draws, character by character. Once a document's characters are
    numbered by `seed`, a run's encoding depends only on the seed and the run, so forms and keys that repeat
    the same prompts and choices reuse it. A document that numbers anything beyond its seed is not cached."""
    split = font.splitString
    runs: dict[tuple[str, str], list] = {}

    def split_string(text, doc, encoding="utf-8"):
        state = font.state.get(doc)
        seeded = getattr(state, "lessonpress_seed", None)
        if seeded is None or not isinstance(text, str):
            return split(text, doc, encoding)
        if (seeded, text) in runs:
            return runs[seeded, text]
        result = split(text, doc, encoding)
        if state.nextCode == state.lessonpress_next:  # the run used only seeded characters
            if len(runs) > 50_000:
                runs.clear()
            runs[seeded, text] = result
        return result

    return split_string


def seed(doc, families: tuple[str, ...], characters: str) -> None:
    """Give every character a code in each face before anything is drawn, in code-point order.

    reportlab numbers a font's characters in the order they are first drawn, so two forms of one worksheet
    (the same text, shuffled) would embed different font subsets. Numbered up front, they embed the same
    bytes: a class set shares one copy of each font between its forms, and each subset is made only once
    per process. A face never drawn in is not embedded."""
    for family in families:
        for name in (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"):
            font = pdfmetrics.getFont(name)
            font.splitString(characters, doc)
            state = font.state[doc]
            state.lessonpress_seed, state.lessonpress_next = characters, state.nextCode


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
