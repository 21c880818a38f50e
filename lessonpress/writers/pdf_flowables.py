"""The PDF writer's own flowables: answer circles, ruled lines, indented bodies, stampable header lines,
and the canvas that draws the running header and "Page N of M"."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph

from lessonpress import model as m
from lessonpress.compat import reportlab as rl
from lessonpress.writers import fonts
from lessonpress.writers.pdf_style import Layout, grey


class Bubble(Flowable):
    """An answer circle with its letter inside, for students to fill in."""

    def __init__(self, label: str, lay: Layout):
        super().__init__()
        self.label, self.size, self.font = label, lay.bubble, lay.sans

    def wrap(self, aw, ah):
        return self.size, self.size

    def draw(self):
        c, r = self.canv, self.size / 2
        c.setStrokeColor(grey(0))
        c.setLineWidth(0.7)
        c.circle(r, r, r - 0.5, stroke=1, fill=0)
        size = self.size * 0.58
        c.setFont(self.font, size)
        c.drawCentredString(r, r - size * 0.35, self.label)


class Lines(Flowable):
    """Wide-ruled handwriting lines across the full width; they continue on the next page if need be."""

    def __init__(self, count: int, lay: Layout):
        super().__init__()
        self.count, self.lay, self.gap = count, lay, lay.answer_line

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.count * self.gap + 4

    def split(self, aw, ah):
        fits = int((ah - 4) // self.gap)
        if fits < 1 or fits >= self.count:
            return []
        return [Lines(fits, self.lay), Lines(self.count - fits, self.lay)]

    def draw(self):
        c = self.canv
        c.setStrokeColor(grey(self.lay.grey))
        c.setLineWidth(0.6)
        for i in range(self.count):
            y = 4 + (self.count - 1 - i) * self.gap
            c.line(0, y, self.width, y)


class Indented(Flowable):
    """Shifts a flowable right, so question bodies line up under the prompt, not the number."""

    def __init__(self, inner: Flowable, indent: float):
        super().__init__()
        self.inner, self.indent = inner, indent

    def wrap(self, aw, ah):
        w, h = self.inner.wrapOn(self.canv, aw - self.indent, ah)
        return w + self.indent, h

    def split(self, aw, ah):
        return [Indented(part, self.indent) for part in self.inner.split(aw - self.indent, ah)]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self.inner.drawOn(canvas, x + self.indent, y, _sW)


class FieldLine(Paragraph):
    """A header line such as "Name ___ Date ___": records where each blank is drawn, so a class set can
    stamp a student's name onto a form rendered once. A blank is named by the word before it."""

    def __init__(self, text: str, content: m.Inlines, style, slots: dict, markup):
        super().__init__(text, style)
        self._slots = slots
        self._blanks: list[tuple[str, float, float]] = []
        underscore = stringWidth("_", style.fontName, style.fontSize)
        label = ""
        for k, node in enumerate(content):
            if isinstance(node, m.Blank):
                # Where reportlab sets the blank: the line up to it, measured as it is set (runs of spaces
                # collapsed, bold, italic and fallback fonts as drawn), less one underscore of the blank.
                probe = Paragraph(markup((*content[:k], m.Blank(1))), style)
                probe.wrap(1e6, 1e6)
                x = probe.getActualLineWidths0()[0] - underscore
                words = label.replace(":", " ").split()
                self._blanks.append((words[-1].lower() if words else "", x,
                                     stringWidth("_" * node.width, style.fontName, style.fontSize)))
                label = ""
            else:
                label += m.plain((node,))

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y, _sW)
        lines = self.blPara.lines
        if len(lines) == 1:  # a wrapped line's blanks cannot be placed exactly; not stamped
            ascent = getattr(self.blPara, "ascent", None)  # one font in the line; else each line has its own
            baseline = y + self.height - (ascent if ascent is not None else lines[0].ascent)
            for label, dx, width in self._blanks:
                self._slots.setdefault(label, (canvas.getPageNumber(), x + dx, baseline, width,
                                               self.style.fontSize))


class NumberedCanvas(Canvas):
    """Draws the running header and footer on each page as it ends, with "Page N of M": M is a form
    drawn once the page count is known, so pages (and their bookmarks) are never held back."""

    doc_info: m.Document
    lay: Layout
    TOTAL = "lessonpress-page-total"
    # Characters the writer itself draws besides the document's text (bullets, "…" cuts, the page count).
    OWN = "".join(map(chr, range(32, 127))) + "•…·—–"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fonts.seed(self, self.lay.families, m.characters(self.doc_info) + self.OWN)

    def showPage(self):
        self._decorate(self.getPageNumber())
        super().showPage()

    def save(self):
        lay = self.lay
        self.beginForm(self.TOTAL)
        self.setFont(lay.sans + "-Bold", min(8.5 * lay.scale, 12))
        self.setFillColor(grey(0.15))
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()

    def _text(self, x: float, y: float, text: str, size: float, width: float, bold: bool = False,
              right: bool = False) -> float:
        """Draw running-header text in the profile's font (DejaVu Sans where it lacks a character), cut
        with an ellipsis to fit `width`; return the width drawn."""
        lay = self.lay
        font = lay.sans
        if lay.fallback and any(ord(ch) not in fonts.coverage_of(font) for ch in text if not ch.isspace()):
            font = lay.fallback
        font += "-Bold" if bold else ""
        if stringWidth(text, font, size) > width:
            while text and stringWidth(text + "…", font, size) > width:
                text = text[:-1]
            text = text.rstrip() + "…"
        self.setFont(font, size)
        (self.drawRightString if right else self.drawString)(x, y, text)
        return stringWidth(text, font, size)

    def _decorate(self, n: int):
        doc, lay = self.doc_info, self.lay
        p = lay.page
        _, height = self._pagesize
        left, right, gap = p["left"], p["left"] + p["text_width"], 12
        size = min(8.5 * lay.scale, 12)
        self.saveState()
        self.setFillColor(grey(0.15))
        self.setStrokeColor(grey(lay.grey))
        self.setLineWidth(0.5)
        top = height - p["header_at"]
        if doc.form:
            used = self._text(right, top, f"Form {doc.form}", size + 1.5, p["text_width"] / 3, bold=True, right=True)
        elif lay.name == "standard":
            used = self._text(right, top, doc.course_title, size, p["text_width"] / 2, right=True)
        else:
            used = 0
        self._text(left, top, f"{doc.title} · {doc.kind_label}", size, p["text_width"] - used - gap)
        self.line(left, top - 4, right, top - 4)
        bottom = p["header_at"]
        self.line(left, bottom + size + 1.5, right, bottom + size + 1.5)
        room = stringWidth("999", lay.sans + "-Bold", size)  # the total is drawn later, left-aligned in this room
        label = f"Page {n} of "
        footer = doc.footer if lay.name == "standard" else doc.title
        self._text(left, bottom, footer, size, p["text_width"] - room - stringWidth(label, lay.sans, size) - gap)
        self._text(right - room, bottom, label, size, p["text_width"], bold=True, right=True)
        self.translate(right - room, bottom)
        self.doForm(self.TOTAL)
        self.restoreState()


class BodyFrame(rl.ShallowCopiedFrame):
    """The page's text frame, copied shallowly when reportlab measures a KeepTogether group (a tenth of the cost)."""


class OutlinedDoc(BaseDocTemplate):
    """Adds a PDF bookmark for each heading so the outline mirrors the document."""

    def beforeDocument(self):
        self._outline = [0, -1]  # bookmarks made, level of the last one

    def afterFlowable(self, flowable):
        level = getattr(flowable, "_outline_level", None)
        if level is not None:
            count, last = self._outline
            level = min(level, last + 1)  # the outline may not skip a level
            key = f"h{count}"  # deterministic names keep builds byte-identical
            self._outline = [count + 1, level]
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


class Para(rl.CachedParagraph):
    """A Paragraph that parses its markup and breaks its lines once per process: forms and keys repeat
    the same prompts and choices, so a class set's documents share the work (same output, less time)."""
