"""reportlab internals the stamps use, checked when imported, with a plain public-API path when they are missing."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas


def _has_code_list() -> bool:
    """Whether a canvas keeps the current page's operators in a list `_code` (reportlab 3 to 4.x)."""
    canvas = Canvas(io.BytesIO())
    code = getattr(canvas, "_code", None)
    if not isinstance(code, list):
        return False
    canvas.setFont("Helvetica", 8)
    canvas.drawString(0, 0, "x")
    return bool(code) and canvas.getCurrentPageContent() == "\n".join(code)


FAST = _has_code_list()
"""Whether the fast path is used; tests turn it off to show both paths print the same."""


def canvas_operators(canvas: Canvas) -> bytes:
    """The operators drawn on the canvas's current page since the last call, taken off it.

    Fast path: the operator list is emptied in place, so every stamp shares one page (and one font set). Plain
    path: the page is read through the public `getCurrentPageContent()` and ended with `showPage()`, so each
    stamp has a page of its own; the fonts of every page of a reportlab PDF are in one shared dictionary."""
    if FAST:
        code, canvas._code = canvas._code, []
        return "\n".join(code).encode("latin-1")
    code = canvas.getCurrentPageContent()
    canvas.showPage()
    return code.encode("latin-1")
