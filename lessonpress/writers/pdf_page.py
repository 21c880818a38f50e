"""The page of a PDF document: its running header and footer, fitted to the width by rule, and the text block
left between them, so no ink comes within 0.75 in of the paper's edge and no running text is cut off."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from lessonpress import model as m
from lessonpress.writers import fonts
from lessonpress.writers.pdf_style import PAPER, Layout

EDGE = 54.0  # 0.75 in: office printers cannot print nearer the edge, and nothing we draw comes nearer
GAP = 12.0  # between the left and right parts of a running line
MAX_LINES = 4  # a running header or footer wraps onto at most this many lines
STAMP_GAP = 10.0  # under the header's rule: room for an 8 pt stamp line (a class set's name, a packet page)


def running_font(lay: Layout, text: str, bold: bool = False) -> str:
    """The profile's sans face, or DejaVu Sans when the text holds a character the face lacks."""
    font = lay.sans
    if lay.fallback and any(ord(ch) not in fonts.coverage_of(font) for ch in text if not ch.isspace()):
        font = lay.fallback
    return font + ("-Bold" if bold else "")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is broken between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while stringWidth(word, font, size) > width:  # a very long word: cut where the line is full
            lo, hi = 1, len(word)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if stringWidth(word[:mid], font, size) <= width else (lo, mid - 1)
            lines.append(word[:lo])
            word = word[lo:]
        line = word
    if line:
        lines.append(line)
    if len(lines) > MAX_LINES:
        last = lines[MAX_LINES - 1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = [*lines[:MAX_LINES - 1], last.rstrip() + "…"]
    return lines or [""]


def _one_line(candidates: list[str], font: str, size: float, width: float) -> list[str]:
    """The first candidate that fits on one line, else the last (shortest) one wrapped."""
    for text in candidates:
        if stringWidth(text, font, size) <= width:
            return [text]
    return wrap(candidates[-1], font, size, width)


@dataclass(frozen=True)
class Page:
    """Where everything goes on one document's pages (points; heights from the paper's edges)."""

    paper: tuple[float, float]
    left: float
    width: float
    top: float
    """From the top edge to the top of the text block."""
    bottom: float
    """From the bottom edge to the foot of the text block."""
    size: float
    """Type size of the running header and footer."""
    header: tuple[str, ...]
    header_right: str
    header_font: str
    footer: tuple[str, ...]
    footer_font: str

    @property
    def text_height(self) -> float:
        return self.paper[1] - self.top - self.bottom

    @property
    def leading(self) -> float:
        return self.size * 1.2

    def header_baselines(self) -> list[float]:
        """Baselines of the header lines, from the bottom edge."""
        ascent, _ = getAscentDescent(self.header_font, self.size)
        first = self.paper[1] - EDGE - ascent
        return [first - i * self.leading for i in range(len(self.header))]

    def header_rule(self) -> float:
        _, descent = getAscentDescent(self.header_font, self.size)
        return self.header_baselines()[-1] + descent - 2.5

    def stamp_baseline(self) -> float:
        """Where an 8 pt stamp line goes, from the bottom edge: between the header's rule and the text block."""
        return self.header_rule() - STAMP_GAP + 2  # capitals 2 pt under the rule, descenders above the text

    def footer_baselines(self) -> list[float]:
        """Baselines of the footer lines, from the bottom edge, the first (top) line first."""
        _, descent = getAscentDescent(self.footer_font, self.size)
        last = EDGE - descent
        n = len(self.footer)
        return [last + (n - 1 - i) * self.leading for i in range(n)]

    def footer_rule(self) -> float:
        ascent, _ = getAscentDescent(self.footer_font, self.size)
        return self.footer_baselines()[0] + ascent + 2.5


def page_of(lay: Layout, doc: m.Document, paper: str) -> Page:
    """Fit the running header and footer of a document to the text width: drop the course title first, then
    wrap; the lesson title and the document's name are never lost. The text block is what is left."""
    p = lay.page
    size = max(8.5 * lay.scale, lay.min_size) if lay.min_size else min(8.5 * lay.scale, 12)
    width = p["text_width"]
    name = f"{doc.title} · {doc.kind_label}"
    right = doc.form_label if doc.form else doc.course_title
    header_font = running_font(lay, name + right)
    bold = running_font(lay, right, bold=True) if doc.form else header_font
    if stringWidth(name, header_font, size) + GAP + stringWidth(right, bold, size) > width and not doc.form:
        right = ""
    room = width - (GAP + stringWidth(right, bold, size) if right else 0)
    header = wrap(name, header_font, size, room)

    footer_font = running_font(lay, doc.footer + name)
    room = width - GAP - stringWidth(doc.page_label.format(n=999, total=999), running_font(lay, "", bold=True), size)
    candidates = [doc.footer]
    if doc.course_title and doc.footer.startswith(doc.course_title):
        candidates.append(doc.footer[len(doc.course_title):].lstrip(" ·–—-|,:"))
    candidates.append(name + (f" · {doc.form_label}" if doc.form else ""))
    footer = _one_line([c for c in candidates if c.strip()] or [name], footer_font, size, room)
    if len(footer) > 2:  # "Page N of M" takes a line of its own, the names the whole width above it
        footer = [*wrap(candidates[-1], footer_font, size, width), ""]

    draft = Page(PAPER[paper], p["left"], width, p["top"], p["bottom"], size, tuple(header), right, header_font,
                 tuple(footer), footer_font)
    top = max(p["top"], draft.paper[1] - draft.header_rule() + STAMP_GAP)
    bottom = max(p["bottom"], draft.footer_rule() + 8)
    return Page(draft.paper, draft.left, width, top, bottom, size, draft.header, right, header_font, draft.footer,
                footer_font)
