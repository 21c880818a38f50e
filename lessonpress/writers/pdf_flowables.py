"""The PDF writer's own flowables: answer circles, ruled lines, indented bodies, stampable header lines,
and the canvas that draws the running header and "Page N of M"."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph

from lessonpress import model as m
from lessonpress.compat import reportlab as rl
from lessonpress.writers import fonts
from lessonpress.writers.pdf_page import Page, running_font
from lessonpress.writers.pdf_style import Layout, grey
from lessonpress.writers.pdf_tags import PAGINATION, draw_marked


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
        # the circle is an artifact; its letter is the choice's label
        draw_marked(self, c, lambda: c.drawCentredString(r, r - size * 0.35, self.label))


class Picture(Flowable):
    """A figure's image at the width it is given, or narrower (centred) where `max_height` is reached first."""

    def __init__(self, image: bytes, width: int, height: int, max_height: float):
        super().__init__()
        self.image, self.px, self.max_height = image, (width, height), max_height

    def wrap(self, aw, ah):
        w, h = self.px
        scale = min(aw / w, self.max_height / h)
        self.width, self.height = aw, h * scale
        self.draw_size = (w * scale, h * scale)
        return self.width, self.height

    def draw(self):
        c = self.canv
        w, h = self.draw_size
        reader = ImageReader(io.BytesIO(self.image))
        x = (self.width - w) / 2
        elem = self.__dict__.get("_struct")
        if elem is not None and elem.bbox is None:
            elem.bbox = (*c.absolutePosition(x, 0), *c.absolutePosition(x + w, h))
        draw_marked(self, c, lambda: c.drawImage(reader, x, 0, w, h))


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

    @property
    def children(self) -> tuple[Flowable, ...]:
        return (self.inner,)

    def wrap(self, aw, ah):
        w, h = self.inner.wrapOn(self.canv, aw - self.indent, ah)
        self.width, self.height = w + self.indent, h
        return self.width, self.height

    def split(self, aw, ah):
        return [Indented(part, self.indent) for part in self.inner.split(aw - self.indent, ah)]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self.inner.drawOn(canvas, x + self.indent, y, _sW)


class FieldLine(Paragraph):
    """A header line such as "Name ___ Date ___": records where each named blank is drawn (the template's
    <blank name="name"/>), so a class set can stamp a student's name onto a form rendered once."""

    def __init__(self, text: str, content: m.Inlines, style, slots: dict, markup):
        super().__init__(text, style)
        self._slots = slots
        self._blanks: list[tuple[str, float, float]] = []
        underscore = stringWidth("_", style.fontName, style.fontSize)
        for k, node in enumerate(content):
            if isinstance(node, m.Blank) and node.name:
                # Where reportlab sets the blank: the line up to it, measured as it is set (runs of spaces
                # collapsed, bold, italic and fallback fonts as drawn), less one underscore of the blank.
                probe = Paragraph(markup((*content[:k], m.Blank(1))), style)
                probe.wrap(1e6, 1e6)
                x = probe.getActualLineWidths0()[0] - underscore
                self._blanks.append((node.name, x, stringWidth("_" * node.width, style.fontName, style.fontSize)))

    def split(self, aw, ah):
        """A header line taller than the room left (a very long school or teacher name) continues as plain
        paragraphs: a wrapped line's blanks are not stamped anyway."""
        return Paragraph(self.text, self.style).split(aw, ah)

    def drawOn(self, canvas, x, y, _sW=0):
        draw_marked(self, canvas, lambda: Paragraph.drawOn(self, canvas, x, y, _sW))
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
    page: Page
    TOTAL = "lessonpress-page-total"
    # Characters the writer itself draws besides the document's text (bullets, "…" cuts, the page count).
    OWN = "".join(map(chr, range(32, 127))) + "•…·—–\u00a0"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fonts.seed(self, self.lay.families, m.characters(self.doc_info) + self.OWN)

    def showPage(self):
        self._decorate(self.getPageNumber())
        super().showPage()

    def save(self):
        lay = self.lay
        self.beginForm(self.TOTAL)
        self.setFont(running_font(lay, "", bold=True), self.page.size)
        self.setFillColor(grey(0.15))
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()

    def _line(self, x: float, y: float, text: str, font: str, right: bool = False) -> float:
        """Draw one line of running text; return its width."""
        size = self.page.size
        self.setFont(font, size)
        (self.drawRightString if right else self.drawString)(x, y, text)
        return stringWidth(text, font, size)

    def _decorate(self, n: int):
        page, lay = self.page, self.lay
        left, right = page.left, page.left + page.width
        self.addLiteral(PAGINATION)  # running header, footer and rules: pagination artifacts
        self.saveState()
        self.setFillColor(grey(0.15))
        self.setStrokeColor(grey(lay.grey))
        self.setLineWidth(0.5)
        baselines = page.header_baselines()
        if page.header_right:
            bold = bool(self.doc_info.form)
            font = running_font(lay, page.header_right, bold=bold)
            self.setFont(font, page.size)
            self.drawRightString(right, baselines[0], page.header_right)
        for y, text in zip(baselines, page.header, strict=True):
            self._line(left, y, text, page.header_font)
        rule = page.header_rule()
        self.line(left, rule, right, rule)
        rule = page.footer_rule()
        self.line(left, rule, right, rule)
        baselines = page.footer_baselines()
        for y, text in zip(baselines, page.footer, strict=True):
            self._line(left, y, text, page.footer_font)
        if self.doc_info.page_label:  # none on a packet's front pages, which the packet numbers itself
            bold = running_font(lay, "", bold=True)
            room = stringWidth("999", bold, page.size)  # the total is drawn later, left-aligned in this room
            label = self.doc_info.page_label.split("{total}")[0].format(n=n)
            self._line(right - room, baselines[-1], label, bold, right=True)
            self.translate(right - room, baselines[-1])
            self.doForm(self.TOTAL)
        self.restoreState()
        self.addLiteral("EMC")


class BodyFrame(rl.ShallowCopiedFrame):
    """The page's text frame, copied shallowly when reportlab measures a KeepTogether group (a tenth of the cost)."""


class OutlinedDoc(BaseDocTemplate):
    """Adds a PDF bookmark for each heading so the outline mirrors the document."""

    def beforeDocument(self):
        self._outline = [0, -1]  # bookmarks made, level of the last one

    def afterFlowable(self, flowable):
        for f in _drawn(flowable):
            level = getattr(f, "_outline_level", None)
            if level is None:
                continue
            count, last = self._outline
            level = min(level, last + 1)  # the outline may not skip a level
            key = f"h{count}"  # deterministic names keep builds byte-identical
            self._outline = [count + 1, level]
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(f._outline_text, key, level=level, closed=False)


def _drawn(flowable: Flowable):
    """A flowable and, in order, the flowables a group of the writer's drew inside it (headings are kept in
    groups with what follows them)."""
    yield flowable
    for inner in getattr(flowable, "children", ()):
        yield from _drawn(inner)


class Para(rl.CachedParagraph):
    """A Paragraph that parses its markup and breaks its lines once per process: forms and keys repeat
    the same prompts and choices, so a class set's documents share the work (same output, less time)."""

    def drawOn(self, canvas, x, y, _sW=0):
        draw_marked(self, canvas, lambda: super(Para, self).drawOn(canvas, x, y, _sW))

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:  # the parts of a paragraph split across pages are one element
            part.__dict__["_struct"] = self.__dict__.get("_struct")
        return parts
