"""reportlab's private internals that make the PDF writer fast, each checked once when imported, with reportlab's
plain public path used when one is missing or misbehaves (or everywhere under LESSONPRESS_COMPAT=slow)."""

from __future__ import annotations

import copy
import io
import os
import zlib
from collections.abc import Callable
from functools import lru_cache

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Table

SLOW = os.environ.get("LESSONPRESS_COMPAT", "").strip().lower() == "slow"
# Each fast path, on when reportlab's internals it relies on are there and behave (checked below, at import).
FAST = {"fonts": not SLOW, "paragraph": not SLOW, "frame": not SLOW, "lazy": not SLOW}
PROBE_FONT = "Vera.ttf"  # a small font shipped with reportlab, found on its font search path
# given by its path where reportlab keeps it: by its bare name, reportlab first tries it as a web address
_SHIPPED = os.path.join(os.path.dirname(reportlab.__file__), "fonts", PROBE_FONT)
PROBE = _SHIPPED if os.path.isfile(_SHIPPED) else PROBE_FONT
_CACHE_SIZE = 50_000  # entries a long run may cache before a cache starts afresh


def active() -> dict[str, bool]:
    """Which fast paths this process uses."""
    return dict(FAST)


# -- fonts: font.face.makeSubset / addSubsetObjects, font.splitString, font.state[doc].nextCode, doc.idToObject,
#    canvas._doc -----------------------------------------------------------------------------------------------

def cache_font_work(font: TTFont) -> TTFont:
    """Make a TTF font do its work once per process rather than once per PDF: each subset made and deflated once
    (forms share subsets), each run of text encoded once in documents numbered by `seed_font`.
    Slow path: the font as reportlab made it."""
    if FAST["fonts"]:
        _cache(font)
    return font


def seed_font(canvas: Canvas, font: TTFont, characters: str) -> None:
    """Give every one of `characters` a code in `font` for the canvas's document, in the order given, before
    anything is drawn (reportlab numbers characters as they are first drawn). Slow path: nothing."""
    if FAST["fonts"]:
        doc = canvas._doc
        font.splitString(characters, doc)
        state = font.state[doc]
        state.lessonpress_seed, state.lessonpress_next = characters, state.nextCode
        if state.nextCode <= 256:  # all in the first subset: a character's code is its byte
            codes = dict(state.assignments)
            if 32 in codes:
                codes[0xA0] = codes[32]  # reportlab draws a no-break space as a space
            state.lessonpress_codes = (frozenset(map(chr, codes)), codes)


def _cache(font: TTFont) -> TTFont:
    face = font.face
    face.makeSubset = _as_list(face.makeSubset)
    face.addSubsetObjects = _compressed_once(face)
    font.splitString = _split_once(font)
    return font


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
    """Embeds each font subset compressed once per process, not once per PDF."""
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
    """Encodes a run of text whose characters were all numbered up front, in the first subset, as one table
    lookup (str.translate) rather than reportlab's loop over its characters, which numbers new ones; else each
    run once per process for documents seeded with the same characters: once they are numbered up front, a
    run's encoding depends only on the seed and the run. A run that numbers a character beyond the seed is not
    cached."""
    split = font.splitString
    runs: dict[tuple[str, str], list] = {}

    def split_string(text, doc, encoding="utf-8"):
        state = font.state.get(doc)
        seeded = getattr(state, "lessonpress_seed", None)
        if seeded is None or not isinstance(text, str):
            return split(text, doc, encoding)
        numbered = getattr(state, "lessonpress_codes", None)
        if numbered is not None and text and numbered[0].issuperset(text):
            return [(0, text.translate(numbered[1]).encode("latin-1"))]
        if (seeded, text) in runs:
            return runs[seeded, text]
        result = split(text, doc, encoding)
        if state.nextCode == state.lessonpress_next:  # the run used only seeded characters
            if len(runs) > _CACHE_SIZE:
                runs.clear()
            runs[seeded, text] = result
        return result

    return split_string


def _check_fonts() -> bool:
    """The cached and seeded font writes the very bytes the plain font does, and really reaches the internals."""
    pdfmetrics.registerFont(TTFont("LessonpressCompatProbe", PROBE))
    font = pdfmetrics.getFont("LessonpressCompatProbe")  # the first registered of its face: made plain again
    font.__dict__.pop("splitString", None)
    for name in ("makeSubset", "addSubsetObjects"):
        font.face.__dict__.pop(name, None)
    reached = []

    def pdf(seed) -> bytes:
        buf = io.BytesIO()
        c = Canvas(buf, invariant=1, initialFontName="Helvetica")
        seed(c)
        c.setFont(font.fontName, 10)
        for y, text in ((10, "cäb"), (30, "cäb\xa0bä"), (50, "zébra ñ"), (70, "cäb")):  # reportlab numbers non-ASCII
            c.drawString(10, y, text)
        c.showPage()
        state = font.state[c._doc]
        reached.append(isinstance(state.nextCode, int) and getattr(state, "lessonpress_next", 0) < state.nextCode)
        c.save()
        reached[-1] &= any(str(k).startswith(f"fontFile:{font.face.filename}(") for k in c._doc.idToObject)
        return buf.getvalue()

    def by_hand(c: Canvas) -> None:  # what seed_font does, on the font before it is cached
        font.splitString("abcäé ", c._doc)

    plain = pdf(by_hand)
    _cache(font)
    first, again = (pdf(lambda c: seed_font(c, font, "abcäé ")) for _ in range(2))
    c = Canvas(io.BytesIO())
    seed_font(c, font, "abcäé " + "".join(map(chr, range(0xC0, 0x100))))  # codes past 127 too
    run = "cäb\xa0aÿ"  # numbered up front: encoded by the table, as reportlab's loop encodes it
    reached.append(hasattr(font.state[c._doc], "lessonpress_codes")
                   and font.splitString(run, c._doc) == TTFont.splitString(font, run, c._doc))
    return plain == first == again and all(reached)


# -- faces loaded when first asked for: pdfmetrics.findFontAndRegister --------------------------------------------

_LAZY: dict[str, Callable[[], object]] = {}
_FIND = pdfmetrics.findFontAndRegister
_CHECKED: list[str] = []


def lazy_font(name: str, load: Callable[[], object]) -> None:
    """Have `load()` register the font `name` when reportlab first asks for it (to measure or draw), not now: a
    face the documents never use is never read. Slow path: loaded now."""
    if FAST["lazy"]:
        _LAZY[name] = load
    else:
        load()


def pending(name: str) -> bool:
    """Whether `name` is registered lazily and not read yet."""
    return name in _LAZY


def _find_lazily(fontName):
    """reportlab's `getFont` calls this for a name not yet registered: a lazy face is loaded then."""
    load = _LAZY.pop(fontName, None)
    if load is None:
        return _FIND(fontName)
    load()
    return pdfmetrics.getFont(fontName)


def _check_lazy() -> bool:
    """A lazily registered font is loaded, once, by the first measuring of its name."""
    name, loads = f"LessonpressCompatLazy{len(_CHECKED)}", []  # a name of its own each time it is checked
    _CHECKED.append(name)

    def load() -> None:
        loads.append(name)
        pdfmetrics.registerFont(pdfmetrics.Font(name, "Helvetica", "WinAnsiEncoding"))

    pdfmetrics.findFontAndRegister = _find_lazily
    _LAZY[name] = load
    try:
        widths = {pdfmetrics.stringWidth("probe", name, 10) for _ in range(2)}
        # (not checked: an unknown name, which reportlab looks for on the disk, for a third of a second)
        return loads == [name] and widths == {pdfmetrics.stringWidth("probe", "Helvetica", 10)}
    finally:
        _LAZY.pop(name, None)


# -- paragraphs: Paragraph's state after __init__ (text, frags, style, bulletText…), copied ----------------------

class CachedParagraph(Paragraph):
    """A Paragraph that parses its markup and breaks its lines once per process: forms and keys repeat the same
    prompts and choices, so a class set's documents share the work. Slow path: a plain Paragraph."""

    _parsed: dict[tuple, tuple] = {}
    _broken: dict[tuple, object] = {}

    def __init__(self, text, style=None, bulletText=None, frags=None, **kw):
        self._lessonpress_key = None
        if frags is not None or text is None or kw or style is None or not FAST["paragraph"]:
            super().__init__(text, style, bulletText, frags, **kw)  # e.g. a part split off by reportlab
            return
        key = (text, id(style), bulletText)
        if key not in CachedParagraph._parsed:
            if len(CachedParagraph._parsed) > _CACHE_SIZE:
                CachedParagraph._parsed.clear()
                CachedParagraph._broken.clear()
            probe = Paragraph(text, style, bulletText=bulletText)
            # the style is kept so that its id is not reused while the entry lives
            CachedParagraph._parsed[key] = (style, dict(probe.__dict__))
        self.__dict__.update(CachedParagraph._parsed[key][1])
        self._lessonpress_key = key

    def breakLines(self, width):
        if self._lessonpress_key is None:
            return super().breakLines(width)
        key = (self._lessonpress_key, tuple(width) if isinstance(width, (list, tuple)) else width)
        if key not in CachedParagraph._broken:
            CachedParagraph._broken[key] = super().breakLines(width)
        return CachedParagraph._broken[key]

    def split(self, availWidth, availHeight):
        # reportlab's split edits the words of the lines it splits (a space after each line's last word), and
        # those are shared with every paragraph of the same text: split a copy of its own.
        if self._lessonpress_key is not None:
            self._lessonpress_key = None
            self.__dict__.update(copy.deepcopy({k: v for k, v in self.__dict__.items() if k in ("frags", "blPara")}))
        return super().split(availWidth, availHeight)


def _check_paragraph() -> bool:
    """Cached paragraphs, whole and split, draw what plain ones do."""
    style = ParagraphStyle("lessonpress-compat-probe", fontName="Helvetica", fontSize=10, leading=12)
    text = "A <b>bold</b> and <i>italic</i> run, &amp; a <font size='8'>small</font> one: " + "word " * 16

    def pdf(make) -> bytes:
        buf = io.BytesIO()
        c = Canvas(buf, invariant=1)
        for x in (10, 300):
            p = make(text, style, bulletText="1")
            _, h = p.wrap(120, 1000)
            p.drawOn(c, x, 780 - h)
            for k, part in enumerate(p.split(120, h / 2)):
                _, ph = part.wrap(120, 1000)
                part.drawOn(c, x, 400 - k * 200 - ph)
        c.showPage()
        c.save()
        return buf.getvalue()

    try:
        return pdf(Paragraph) == pdf(CachedParagraph) == pdf(CachedParagraph)
    finally:
        CachedParagraph._parsed.clear()
        CachedParagraph._broken.clear()


# -- frames: Frame.__deepcopy__ ----------------------------------------------------------------------------------

class ShallowCopiedFrame(Frame):
    """A frame copied shallowly: reportlab deep-copies the frame each time it measures a KeepTogether group, only
    to hide generated content from the copy, and a frame holds nothing that measuring changes, so a shallow copy
    does the same at a tenth of the cost. Slow path: the deep copy."""

    def __deepcopy__(self, memo):
        new = copy.copy(self)
        memo[id(self)] = new
        if not FAST["frame"]:
            new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return new


_PLAIN_VALUES = (int, float, str, bytes, bool, type(None))


def _check_frame() -> bool:
    """A frame, fresh and after laying out a paragraph, holds only plain values (reportlab's own
    _generated_content list aside, which reportlab detaches from its copy)."""
    frame = ShallowCopiedFrame(0, 0, 200, 200, id="probe")
    fresh = dict(frame.__dict__)
    frame.addFromList([Paragraph("probe", ParagraphStyle("lessonpress-compat-frame"))], Canvas(io.BytesIO()))
    return all(isinstance(v, _PLAIN_VALUES) for d in (fresh, frame.__dict__)
               for k, v in d.items() if k != "_generated_content")


def _passes(check) -> bool:
    try:
        return bool(check())
    except Exception:  # an internal gone or changed: the plain path
        return False


for _name, _check in (("fonts", _check_fonts), ("paragraph", _check_paragraph), ("frame", _check_frame),
                      ("lazy", _check_lazy)):
    FAST[_name] = FAST[_name] and _passes(_check)
if not FAST["lazy"]:
    pdfmetrics.findFontAndRegister = _FIND


# -- tables: Table._cellvalues ---------------------------------------------------------------------------------

_TABLE_CELLS = hasattr(Table([["x"]]), "_cellvalues")


def table_cells(table: Table) -> list[list]:
    """The cells of a table, row by row (`Table._cellvalues`). Slow path: none, and its cells go untagged."""
    return list(table._cellvalues) if _TABLE_CELLS else []


def table_rows(table: Table) -> int:
    """How many rows a table (or a part of one that reportlab split off) holds; 2 plus its repeated header
    rows when it cannot be told, which is what the page-break rules need at least under a heading."""
    if _TABLE_CELLS:
        return len(table._cellvalues)
    return 2 + table.repeatRows


def table_row_cells(table: Table) -> list[list] | None:
    """The cells of a table's rows (flowables or lists of them, as given), or None when they cannot be told."""
    return [list(row) for row in table._cellvalues] if _TABLE_CELLS else None


# -- stamps: Canvas._code ---------------------------------------------------------------------------------------

def _has_code_list() -> bool:
    """Whether a canvas keeps the current page's operators in a list `_code` (reportlab 3 to 5.x)."""
    canvas = Canvas(io.BytesIO())
    code = getattr(canvas, "_code", None)
    if not isinstance(code, list):
        return False
    canvas.setFont("Helvetica", 8)
    canvas.drawString(0, 0, "x")
    return bool(code) and canvas.getCurrentPageContent() == "\n".join(code)


FAST["stamps"] = not SLOW and _has_code_list()


def canvas_operators(canvas: Canvas) -> bytes:
    """The operators drawn on the canvas's current page since the last call, taken off it.

    Fast path: the operator list is emptied in place, so every stamp shares one page (and one font set). Plain
    path: the page is read through the public `getCurrentPageContent()` and ended with `showPage()`, so each
    stamp has a page of its own; the fonts of every page of a reportlab PDF are in one shared dictionary."""
    if FAST["stamps"]:
        code, canvas._code = canvas._code, []
        return "\n".join(code).encode("latin-1")
    code = canvas.getCurrentPageContent()
    canvas.showPage()
    return code.encode("latin-1")
