"""Small text stamped over pages already written (a student's name, a packet page number), placed inside the
0.75 in margin band: just below the running header's rule, clear of the text block and of the page edge."""

from __future__ import annotations

import io

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from lessonpress.compat.reportlab import canvas_operators
from lessonpress.writers import fonts
from lessonpress.writers.pdf_style import layout

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
SIZE = 8.0
"""The stamps' type size, and the least any stamped text is set in."""
EDGE = 54.0
"""No ink nearer the paper edge than 0.75 in."""


def band(height: float) -> tuple[float, float, float]:
    """The stamp line on a page of this height: (baseline, left, right), with the text block's left and right
    edges. The baseline sits 11 pt below the running header's rule (drawn 4 pt under its baseline), so the ink
    clears the rule by about 3 pt and the text block (which starts at the top margin) by about 7 pt."""
    p = layout().page
    return height - p["header_at"] - 4 - 11, p["left"], p["left"] + p["text_width"]


def fit(text: str, font: str, size: float, width: float, least: float = SIZE) -> tuple[str, float]:
    """Text and size that fit `width`: the size is brought down to `least` at most, then the text is cut with
    an ellipsis (its start kept, which is what a reader sorts by)."""
    need = stringWidth(text, font, size)
    if need <= width:
        return text, size
    size = max(least, size * width / need)
    if stringWidth(text, font, size) <= width:
        return text, size
    while len(text) > 1 and stringWidth(text.rstrip() + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…", size


def sorting_label(name: str, period: str, width: float) -> str:
    """"Name · Period 3" in `width` at 8 pt (`period` as worded, "Period 3"): a long name is shortened (its start
    kept), never the period."""
    tail = f" · {period}"
    room = width - stringWidth(tail, FONT, SIZE)
    if room < width / 3:  # a period name as long as the line: shorten both
        return fit(name + tail, FONT, SIZE, width)[0]
    return fit(name, FONT, SIZE, room)[0] + tail


class Sheet:
    """Draws stamps with reportlab: each stamp's operators, and one PDF holding the fonts they use."""

    def __init__(self):
        fonts.register(FONT)
        self.buf = io.BytesIO()
        self.canvas = Canvas(self.buf, invariant=1, initialFontName=FONT)

    def text(self, x: float, y: float, text: str, font: str = FONT, size: float = SIZE, align: str = "left") -> None:
        c = self.canvas
        c.setFillGray(0)
        c.setFont(font, size)
        {"left": c.drawString, "right": c.drawRightString}[align](x, y, text)

    def take(self) -> bytes:
        """The operators drawn since the last call: one stamp."""
        return canvas_operators(self.canvas)

    def finish(self) -> bytes:
        """The PDF whose (first) page's resources hold the stamps' fonts."""
        self.canvas.showPage()
        self.canvas.save()
        return self.buf.getvalue()

