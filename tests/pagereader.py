"""Reads a written PDF's pages for the page checker (tests/pagecheck.py): text lines, ruled grids, and units."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTLine, LTRect

FOOTER_RE = re.compile(r"Page\s*(\d+)\s*of\s*(\d+)")


@dataclass(frozen=True)
class Profile:
    """What the checker needs of a profile: margins, text height, the heading font and sizes, body size."""

    name: str
    top: float
    bottom: float
    text_height: float
    bold_sans: str
    heading_sizes: tuple[float, ...]
    body: float
    answer_line: float
    shade: float
    bold_body: bool  # the body's bold is the headings' font (one family for serif and sans: dyslexia)


@cache
def profile_of(name: str) -> Profile:
    from lessonpress.writers.pdf_style import layout, styles

    lay, st = layout(name), styles(name)
    return Profile(name, lay.page["top"], lay.page["bottom"], lay.page["text_height"], f"{lay.sans}-Bold",
                   tuple(sorted({round(st[h].fontSize, 2) for h in ("h1", "h2", "h3")})), st["body"].fontSize,
                   lay.answer_line, lay.shade, lay.serif == lay.sans)


# -- reading pages ----------------------------------------------------------------------------------------

@dataclass
class Line:
    """One text line (chars on one baseline), top-down coordinates; `segs` are its runs split at wide gaps."""

    baseline: float
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    chars: list = field(repr=False)
    segs: list[tuple[float, float, str]] = field(default_factory=list, repr=False)


@dataclass
class Grid:
    """A ruled table or box: its horizontal rules (top-down y), x extent and column rule positions."""

    x0: float
    x1: float
    ys: list[float]
    cols: tuple[float, ...]
    shaded: list[tuple[float, float]] = field(default_factory=list)  # header rows (top, bottom)

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def is_table(self) -> bool:
        return len(self.ys) >= 3

    def rows(self) -> list[tuple[float, float, bool]]:
        out = []
        for a, b in zip(self.ys, self.ys[1:], strict=False):
            if b - a < 2:
                continue  # a doubled rule where reportlab split a table on one page
            head = any(s0 <= a + 1.5 and s1 >= b - 1.5 for s0, s1 in self.shaded)
            out.append((a, b, head))
        return out


@dataclass
class Unit:
    top: float
    bottom: float
    kind: str  # "text", "heading", "row", "header-row", "answer-line"
    text: str = ""
    grid: Grid | None = None
    bold: bool = False  # its first character is set in a bold font
    lines: int = 1  # text lines (a table row: its tallest cell's)


@dataclass
class Page:
    number: int
    width: float
    height: float
    profile: Profile
    lines: list[Line]  # content text lines
    running: list[Line]  # header and footer lines
    grids: list[Grid]
    units: list[Unit]
    ink: list[tuple[float, float, float, float, str]]  # x0, y0, x1, y1 (PDF coordinates), what
    lowest: float  # top-down y of the lowest content ink (0 when none)
    doc_page: tuple[int, int] | None  # (N, M) from the footer
    header_rule: float  # top-down y of the running header's rule: the text block starts below it
    footer_rule: float

    @property
    def frame_top(self) -> float:
        from lessonpress.writers.pdf_page import STAMP_GAP

        return max(self.profile.top, self.header_rule + STAMP_GAP)  # the writer's gap under the rule

    @property
    def frame_bottom(self) -> float:
        from lessonpress.writers.pdf_page import FOOTER_GAP

        return min(self.height - self.profile.bottom, self.footer_rule - FOOTER_GAP)  # and above the footer's

    @property
    def text_height(self) -> float:
        return self.frame_bottom - self.frame_top

    @property
    def inner(self) -> bool:
        """A page of a document other than its last."""
        return self.doc_page is not None and self.doc_page[0] < self.doc_page[1]


def _walk(objs, out):
    for o in objs:
        if isinstance(o, LTFigure):
            _walk(o, out)
        else:
            out.append(o)


def _font(name: str) -> str:
    return name.split("+", 1)[-1]


def _lines(chars: list, height: float) -> list[Line]:
    by_base: dict[float, list] = {}
    last = None
    for c in sorted(chars, key=lambda c: -c.matrix[5]):  # baselines within 1 pt are one line
        base = height - c.matrix[5]
        if last is None or base - last >= 1.0:
            by_base[base] = []
            last = base
        by_base[last].append(c)
    out = []
    for base, cs in sorted(by_base.items()):
        cs.sort(key=lambda c: c.x0)
        segs, start, prev = [], 0, None
        for i, c in enumerate(cs):
            if prev is not None and c.x0 - prev.x1 > 1.5:
                segs.append(cs[start:i])
                start = i
            prev = c
        segs.append(cs[start:])
        seg_t = [(s[0].x0, s[-1].x1, "".join(c.get_text() for c in s)) for s in segs]
        seg_t = [s for s in seg_t if s[2].strip()]
        cs = [c for c in cs if c.get_text().strip()]
        if cs:
            out.append(Line(base, height - max(c.y1 for c in cs), height - min(c.y0 for c in cs), cs[0].x0,
                            cs[-1].x1, " ".join(t.strip() for _, _, t in seg_t), cs, seg_t))
    return out


def _grey(color) -> float | None:
    if color is None:
        return None
    if isinstance(color, (int, float)):
        return float(color)
    if isinstance(color, (tuple, list)) and len(color) == 3 and max(color) - min(color) < 0.01:
        return float(color[0])
    if isinstance(color, (tuple, list)) and len(color) == 1:
        return float(color[0])
    return None


def _grids(h: list[tuple[float, float, float]], v: list[tuple[float, float, float]], shades) -> list[Grid]:
    """Horizontal rules (y, x0, x1) joined by vertical ones (x, y0, y1) into grids; top-down y."""
    groups: dict[tuple[int, int], list[float]] = {}
    for y, x0, x1 in h:
        touching = any(abs(vx - x0) < 1.5 and vy0 - 1.5 <= y <= vy1 + 1.5 for vx, vy0, vy1 in v)
        if touching:
            groups.setdefault((round(x0), round(x1)), []).append(y)
    grids = []
    for (gx0, gx1), ys in groups.items():
        # a table split over pages may leave its side rules without the closing rule: their ends close it
        ys = ys + [end for vx, vy0, vy1 in v if abs(vx - gx0) < 1.5
                   and any(vy0 - 1.5 <= y <= vy1 + 1.5 for y in ys) for end in (vy0, vy1)]
        ys = sorted(set(round(y, 1) for y in ys))
        current = [ys[0]]
        for a, b in zip(ys, ys[1:], strict=False):
            if any(abs(vx - gx0) < 1.5 and vy0 <= a + 1.5 and vy1 >= b - 1.5 for vx, vy0, vy1 in v):
                current.append(b)
            else:
                grids.append(_grid(current, gx0, gx1, v, shades))
                current = [b]
        grids.append(_grid(current, gx0, gx1, v, shades))
    return sorted((g for g in grids if len(g.ys) >= 2), key=lambda g: g.top)


def _grid(ys, x0, x1, v, shades) -> Grid:
    cols = tuple(sorted({round(vx) for vx, vy0, vy1 in v if x0 - 1.5 <= vx <= x1 + 1.5
                         and vy0 <= ys[-1] + 1.5 and vy1 >= ys[0] - 1.5}))
    shaded = [(t, b) for sx0, t, sx1, b in shades if abs(sx0 - x0) < 2 and abs(sx1 - x1) < 2
              and ys[0] - 1.5 <= t and b <= ys[-1] + 1.5]
    return Grid(x0, x1, ys, cols, shaded)


def read_pages(path: Path | str, profile: str | tuple[str, ...] = "standard", front_only: bool = False) -> list[Page]:
    """Every page of a PDF, as lines, grids and units. With several profiles (a class set with a large-print
    copy), each page is read with the one whose body size its text is set in most. `front_only` stops at the
    first page of a document ("Page N of M" in its footer): a packet's cover and contents."""
    names = (profile,) if isinstance(profile, str) else tuple(profile)
    profiles = [profile_of(n) for n in names]
    pages = []
    with pdfplumber.open(str(path)) as pdf:
        try:  # the writer bookmarks every heading: where bold body text looks like one, the outline decides
            titles = [_squash(str(o[1])) for o in pdf.doc.get_outlines()]
        except Exception:  # no outline (pdfminer raises PDFNoOutlines)
            titles = None
        for number, pl in enumerate(pdf.pages, 1):
            objs: list = []
            _walk(pl.layout, objs)
            width, height = float(pl.width), float(pl.height)
            chars = [o for o in objs if isinstance(o, LTChar)]
            prof = profiles[0]
            if len(profiles) > 1 and chars:
                sizes = Counter(round(c.size, 1) for c in chars)
                prof = min(profiles, key=lambda p: -sizes.get(round(p.body, 1), 0))
            page = _page(number, width, height, prof, objs, chars, titles)
            if front_only and page.doc_page is not None:
                break
            pages.append(page)
    return pages


def _page(number, width, height, prof: Profile, objs, chars, titles: list[str] | None = None) -> Page:
    # the running header and footer end at their full-width rules, which move with their size and lines
    rules = [height - (o.y0 + o.y1) / 2 for o in objs if isinstance(o, (LTLine, LTRect)) and o.x1 - o.x0 > 400
             and o.y1 - o.y0 < 1.5]
    tops, bottoms_ = [r for r in rules if r < 150], [r for r in rules if r > height - 150]
    top_band = min(tops) + 9 if tops else prof.top - 1  # under the rule: the stamp line of class sets, packets
    bottom_band = max(bottoms_) - 1 if bottoms_ else height - prof.bottom + 1

    def content(y0, y1):  # PDF coordinates -> inside the text block?
        mid = height - (y0 + y1) / 2
        return top_band < mid < bottom_band

    ink, h, v, shades, curves = [], [], [], [], []
    for c in chars:
        if c.get_text().strip():
            ink.append((c.x0, c.y0, c.x1, c.y1, c.get_text()))
    for o in objs:
        if isinstance(o, LTChar):
            continue
        if not isinstance(o, (LTLine, LTRect, LTCurve)):
            continue
        lw = (getattr(o, "linewidth", 0) or 0) / 2 if o.stroke else 0
        x0, y0, x1, y1 = o.x0 - lw, o.y0 - lw, o.x1 + lw, o.y1 + lw
        fill_grey = _grey(o.non_stroking_color) if o.fill else None
        if o.fill and fill_grey is not None and fill_grey > 0.97:
            continue  # white fill draws no ink
        ink.append((x0, y0, x1, y1, type(o).__name__[2:].lower()))
        if not content(o.y0, o.y1):
            continue
        w, hh = o.x1 - o.x0, o.y1 - o.y0
        if isinstance(o, LTRect) and o.fill and fill_grey is not None and w > 20 and hh > 4:
            shades.append((o.x0, height - o.y1, o.x1, height - o.y0))
            if not o.stroke:
                continue
        if isinstance(o, (LTLine, LTRect)) and hh < 1.5 and w > 5:
            h.append((height - (o.y0 + o.y1) / 2, o.x0, o.x1))
        elif isinstance(o, (LTLine, LTRect)) and w < 1.5 and hh > 2:
            v.append(((o.x0 + o.x1) / 2, height - o.y1, height - o.y0))
        elif isinstance(o, LTRect):  # a stroked box drawn as one rectangle: its four sides
            t, b = height - o.y1, height - o.y0
            h += [(t, o.x0, o.x1), (b, o.x0, o.x1)]
            v += [(o.x0, t, b), (o.x1, t, b)]
        else:
            curves.append((height - o.y1, height - o.y0))
    all_lines = _lines(chars, height)
    lines = [ln for ln in all_lines if top_band < (ln.top + ln.bottom) / 2 < bottom_band]
    running = [ln for ln in all_lines if ln not in lines]
    grids = _grids(h, v, shades)
    units = _units(lines, grids, h, prof, titles)
    bottoms = [u.bottom for u in units] + [b for _, b in curves] + [g.bottom for g in grids]
    doc_page = None
    for ln in running:
        m = FOOTER_RE.search(ln.text.replace(" ", ""))
        if m and ln.top > height / 2:
            doc_page = (int(m.group(1)), int(m.group(2)))
    return Page(number, width, height, prof, lines, running, grids, units, ink, max(bottoms, default=0.0), doc_page,
                top_band + 1, bottom_band - 1)


def _units(lines: list[Line], grids: list[Grid], h, prof: Profile, titles: list[str] | None) -> list[Unit]:
    units: list[Unit] = []
    rows_done: set[tuple[int, float]] = set()
    for ln in lines:
        mid = (ln.top + ln.bottom) / 2
        grid = next((g for g in grids if g.top <= mid <= g.bottom and g.x0 - 1 <= ln.x0 <= g.x1 + 1), None)
        if grid is not None and grid.is_table:
            for a, b, head in grid.rows():
                if a <= mid <= b:
                    if (id(grid), a) not in rows_done:
                        rows_done.add((id(grid), a))
                        units.append(Unit(a, b, "header-row" if head else "row", ln.text, grid))
                    else:
                        row = next(u for u in units if u.grid is grid and u.top == a)
                        row.text += " " + ln.text
                        row.lines += 1
                    break
            continue
        heading = grid is None and _is_heading(ln, prof, titles)
        units.append(Unit(ln.top, ln.bottom, "heading" if heading else "text", ln.text, grid,
                          "Bold" in ln.chars[0].fontname))
    for y, x0, x1 in h:
        if x1 - x0 < 100 or any(g.x0 - 1.5 <= x0 and x1 <= g.x1 + 1.5 and g.top - 1.5 <= y <= g.bottom + 1.5
                                for g in grids):
            continue
        units.append(Unit(y - prof.answer_line * 0.8, y, "answer-line"))
    units.sort(key=lambda u: (u.top, u.bottom))
    return units


def _is_heading(ln: Line, prof: Profile, titles: list[str] | None = None) -> bool:
    sizes = Counter((_font(c.fontname), round(c.size, 1)) for c in ln.chars)
    (font, size), n = sizes.most_common(1)[0]
    looks = (font == prof.bold_sans and n * 2 > len(ln.chars)
             and any(abs(size - s) < 0.2 for s in prof.heading_sizes))
    if looks and prof.bold_body and titles is not None and abs(size - prof.body) < 0.2:
        return any(_squash(ln.text) in t for t in titles)
    return looks


def _squash(text: str) -> str:
    """Text for comparing: blanks and runs of spaces as one space, no case, and a word broken after its hyphen
    at a line end ("Turkestan- Siberian", as the lines of a cell are joined) whole again."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.replace("_", " ").split())).casefold()
