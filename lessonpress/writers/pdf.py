"""The PDF writer: document-model blocks to reportlab flowables, with embedded fonts and "Page N of M"."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from lessonpress import model as m
from lessonpress.writers import fonts

STYLE = yaml.safe_load((Path(__file__).parent / "pdf-style.yaml").read_text(encoding="utf-8"))
PAPER = {"letter": LETTER, "a4": A4}
# reportlab's tables default to Helvetica, which would list an unembedded font in every PDF.
_TABLE_FONT = [("FONTNAME", (0, 0), (-1, -1), STYLE["fonts"]["serif"])]


def grey(level: float) -> Color:
    return Color(level, level, level)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    s = STYLE["sizes"]
    serif, sans = STYLE["fonts"]["serif"], STYLE["fonts"]["sans"]
    body = ParagraphStyle("body", fontName=serif, bulletFontName=serif, fontSize=s["body"], leading=s["leading"],
                          spaceAfter=4, alignment=TA_LEFT)
    out = {
        "body": body,
        "h1": ParagraphStyle("h1", fontName=sans + "-Bold", fontSize=s["h1"], leading=s["h1"] * 1.25,
                             spaceAfter=4, keepWithNext=1),
        "h2": ParagraphStyle("h2", fontName=sans + "-Bold", fontSize=s["h2"], leading=s["h2"] * 1.3,
                             spaceBefore=12, spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", fontName=sans + "-Bold", fontSize=s["body"], leading=s["leading"],
                             spaceBefore=8, spaceAfter=2, keepWithNext=1),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName=sans, fontSize=10, leading=13,
                                   spaceAfter=10),
        "reading": ParagraphStyle("reading", parent=body, fontSize=s["reading"], leading=s["reading_leading"],
                                  leftIndent=s["reading_indent"], rightIndent=s["reading_right"], spaceAfter=7,
                                  bulletFontName=sans + "-Bold", bulletFontSize=s["small"], bulletIndent=0),
        "instructions": ParagraphStyle("instructions", parent=body, fontName=serif + "-Italic", spaceAfter=6),
        "header-field": ParagraphStyle("header-field", parent=body, fontName=sans, fontSize=11, leading=22,
                                       spaceAfter=2),
        "note": ParagraphStyle("note", parent=body, fontSize=10, leading=13, spaceAfter=2),
        "key-prompt": ParagraphStyle("key-prompt", parent=body, fontName=serif + "-Italic", fontSize=10,
                                     leading=13, spaceAfter=2),
        "evidence": ParagraphStyle("evidence", parent=body, fontName=sans, fontSize=s["small"], leading=12,
                                   spaceAfter=2),
        "term": ParagraphStyle("term", parent=body, fontSize=10.5, leading=13.5, leftIndent=12,
                               firstLineIndent=-12, spaceAfter=3),
        "hanging": ParagraphStyle("hanging", parent=body, fontSize=10, leading=13, leftIndent=28,
                                  firstLineIndent=-28, spaceAfter=4),
        "total": ParagraphStyle("total", parent=body, fontName=sans, spaceBefore=8),
        "bank": ParagraphStyle("bank", parent=body, fontName=sans, fontSize=10.5, leading=14, spaceAfter=0),
        "question": ParagraphStyle("question", parent=body, leftIndent=22, bulletIndent=0,
                                   bulletFontName=serif + "-Bold", bulletFontSize=s["body"], spaceBefore=4),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=13, spaceAfter=0),
        "cell-head": ParagraphStyle("cell-head", parent=body, fontName=sans + "-Bold", fontSize=9.5, leading=12,
                                    spaceAfter=0),
        "list": ParagraphStyle("list", parent=body, leftIndent=18, bulletIndent=4, spaceAfter=2),
        "box-title": ParagraphStyle("box-title", parent=body, fontName=sans + "-Bold", fontSize=10.5,
                                    leading=13, spaceAfter=2),
    }
    return out


def markup(content: m.Inlines) -> str:
    """Inlines to reportlab paragraph markup; every string from data is escaped."""
    out = []
    for node in content:
        if isinstance(node, m.Text):
            out.append(escape(node.text))
        elif isinstance(node, m.Strong):
            out.append(f"<b>{markup(node.children)}</b>")
        elif isinstance(node, m.Emph):
            out.append(f"<i>{markup(node.children)}</i>")
        elif isinstance(node, m.Cite):
            out.append(f'<font color="#404040">{escape(node.text)}</font>')
        elif isinstance(node, m.Blank):
            out.append("_" * node.width)
        else:
            raise TypeError(f"pdf writer: unknown inline {type(node).__name__}")
    return "".join(out)


class Bubble(Flowable):
    """An answer circle with its letter inside, for students to fill in."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self.size = STYLE["bubble"]

    def wrap(self, aw, ah):
        return self.size, self.size

    def draw(self):
        c, r = self.canv, self.size / 2
        c.setStrokeColor(grey(0))
        c.setLineWidth(0.7)
        c.circle(r, r, r - 0.5, stroke=1, fill=0)
        c.setFont(STYLE["fonts"]["sans"], 7.5)
        c.drawCentredString(r, r - 2.6, self.label)


class Lines(Flowable):
    """Wide-ruled handwriting lines across the full width."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count
        self.gap = STYLE["answer_line"]

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.count * self.gap + 4

    def split(self, aw, ah):
        fits = int((ah - 4) // self.gap)
        if fits < 1 or fits >= self.count:
            return []
        return [Lines(fits), Lines(self.count - fits)]

    def draw(self):
        c = self.canv
        c.setStrokeColor(grey(STYLE["grey"]))
        c.setLineWidth(0.6)
        for i in range(self.count):
            y = 4 + (self.count - 1 - i) * self.gap
            c.line(0, y, self.width, y)


class _NumberedCanvas(Canvas):
    """Defers page decoration until the page count is known, for "Page N of M"."""

    doc_info: m.Document

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for n, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._decorate(n, total)
            super().showPage()
        super().save()

    def _decorate(self, n: int, total: int):
        doc = self.doc_info
        p = STYLE["page"]
        width, height = self._pagesize
        left, right = p["left"], p["left"] + p["text_width"]
        sans = STYLE["fonts"]["sans"]
        self.saveState()
        self.setFillColor(grey(0.15))
        self.setStrokeColor(grey(STYLE["grey"]))
        self.setLineWidth(0.5)
        top = height - p["header_at"]
        self.setFont(sans, 8.5)
        self.drawString(left, top, f"{doc.title} · {doc.kind_label}")
        if doc.form:
            self.setFont(sans + "-Bold", 10)
            self.drawCentredString((left + right) / 2, top, f"Form {doc.form}")
            self.setFont(sans, 8.5)
        self.drawRightString(right, top, doc.course_title)
        self.line(left, top - 4, right, top - 4)
        bottom = p["header_at"]
        self.line(left, bottom + 10, right, bottom + 10)
        self.drawString(left, bottom, doc.footer)
        self.setFont(sans + "-Bold", 8.5)
        self.drawRightString(right, bottom, f"Page {n} of {total}")
        self.restoreState()


class _Doc(BaseDocTemplate):
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


class PdfWriter:
    name = "pdf"
    suffix = ".pdf"

    def __init__(self):
        fonts.register()
        self.st = styles()

    # -- rendering -------------------------------------------------------------------------
    def write(self, doc: m.Document) -> bytes:
        p = STYLE["page"]
        pagesize = PAPER[doc.paper]
        buf = io.BytesIO()
        frame = Frame(p["left"], pagesize[1] - p["top"] - p["text_height"], p["text_width"], p["text_height"],
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template = _Doc(buf, pagesize=pagesize, invariant=1, title=f"{doc.title} — {doc.kind_label}",
                        author=doc.author or doc.course_title, subject=doc.course_title, creator="lessonpress",
                        producer="lessonpress", lang=doc.language, initialFontName=STYLE["fonts"]["serif"],
                        leftMargin=p["left"], rightMargin=p["right"], topMargin=p["top"], bottomMargin=p["bottom"])
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])

        class Canvas_(_NumberedCanvas):
            doc_info = doc

        # A box of its own is kept on one page when it fits (KeepTogether may not nest inside questions).
        story = [KeepTogether([f]) if isinstance(b, m.Box) else f
                 for b in doc.header + doc.blocks for f in self.block(b)]
        template.build(story, canvasmaker=Canvas_)
        return buf.getvalue()

    def para(self, content: m.Inlines, style: str, bullet: str | None = None) -> Paragraph:
        return Paragraph(markup(content), self.st.get(style, self.st["body"]), bulletText=bullet)

    def block(self, b: m.Block) -> list[Flowable]:
        st = self.st
        if isinstance(b, m.Heading):
            f = self.para(b.content, f"h{min(b.level, 3)}")
            f._outline_level = b.level - 1
            return [f]
        if isinstance(b, m.Para):
            if b.number is not None:
                return [Paragraph(markup(b.content), st["reading"], bulletText=str(b.number))]
            return [self.para(b.content, b.role)]
        if isinstance(b, m.ItemList):
            return [self.para(item, "list", f"{i}." if b.ordered else "•") for i, item in enumerate(b.items, 1)]
        if isinstance(b, m.Choices):
            return [self.choices(b)]
        if isinstance(b, m.AnswerSpace):
            return [Lines(b.lines)]
        if isinstance(b, m.Table):
            return [self.table(b)]
        if isinstance(b, m.Box):
            return [self.box(b)]
        if isinstance(b, m.Question):
            prompt = Paragraph(markup(b.prompt) + _points(b.points), st["question"], bulletText=f"{b.number}.")
            body = [f for inner in b.body for f in self.block(inner)]
            return [KeepTogether([prompt, *[_Indented(f, 22) for f in body], Spacer(0, 6)])]
        if isinstance(b, m.Answer):
            content = [f for inner in b.content for f in self.block(inner)]
            number = Paragraph(f"<b>{b.number}.</b>" + _points(b.points), st["question"])
            return [KeepTogether([number, *[_Indented(f, 22) for f in content], Spacer(0, 5)])]
        if isinstance(b, m.KeepTogether):
            return [KeepTogether(_flat([f for inner in b.blocks for f in self.block(inner)]))]
        if isinstance(b, m.PageBreak):
            return [PageBreak()]
        raise TypeError(f"pdf writer: unknown block {type(b).__name__}")

    def choices(self, b: m.Choices) -> Table:
        cell = self.st["cell"]
        if b.inline:
            row: list = []
            for label, content in b.options:
                row += [Bubble(label), Paragraph(markup(content), cell)]
            data, widths = [row], [STYLE["bubble"] + 6, 60] * len(b.options)
        else:
            data = [[Bubble(label), Paragraph(markup(content), cell)] for label, content in b.options]
            widths = [STYLE["bubble"] + 8, None]
        t = Table(data, colWidths=widths, hAlign="LEFT")
        t.setStyle(TableStyle([*_TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return t

    def table(self, b: m.Table) -> Table:
        cell, head = self.st["cell"], self.st["cell-head"]
        rows = [[Paragraph(markup(c), cell) for c in row] for row in b.rows]
        if b.header:
            rows.insert(0, [Paragraph(markup(c), head) for c in b.header])
        total = STYLE["page"]["text_width"] - (22 if b.role in ("matching", "ordering", "rubric", "key") else 0)
        widths = [w * total for w in b.widths] if b.widths else None
        t = Table(rows, colWidths=widths, repeatRows=1 if b.header else 0, hAlign="LEFT")
        cmds = [*_TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        if b.role in ("grid", "continued", "rubric"):
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, grey(STYLE["grey"])))
        elif b.role in ("matching", "ordering"):
            cmds += [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
        if b.header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), grey(STYLE["shade"])))
        t.setStyle(TableStyle(cmds))
        return t

    def box(self, b: m.Box) -> Table:
        rows = [[self.para((m.Text(b.title),), "box-title")]] if b.title else []
        rows += [[f] for inner in b.blocks for f in self.block(inner)]
        t = Table(rows, colWidths=[STYLE["page"]["text_width"] - (22 if b.role == "word-bank" else 0)],
                  hAlign="LEFT", spaceBefore=6, spaceAfter=8)
        t.setStyle(TableStyle([*_TABLE_FONT, ("BOX", (0, 0), (-1, -1), 0.8, grey(STYLE["grey"])),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6)]))
        return t


def _points(points: int) -> str:
    return f' <font name="{STYLE["fonts"]["sans"]}" size="9">({points} point{"s" if points != 1 else ""})</font>'


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    """Unwrap nested KeepTogether: reportlab reports a nested one as infinitely tall and breaks the page."""
    out: list[Flowable] = []
    for f in flowables:
        out.extend(_flat(f._content) if isinstance(f, KeepTogether) else [f])
    return out


class _Indented(Flowable):
    """Shifts a flowable right, so question bodies line up under the prompt, not the number."""

    def __init__(self, inner: Flowable, indent: float):
        super().__init__()
        self.inner, self.indent = inner, indent

    def wrap(self, aw, ah):
        w, h = self.inner.wrapOn(self.canv, aw - self.indent, ah)
        return w + self.indent, h

    def split(self, aw, ah):
        return [_Indented(part, self.indent) for part in self.inner.split(aw - self.indent, ah)]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self.inner.drawOn(canvas, x + self.indent, y, _sW)
