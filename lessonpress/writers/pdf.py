"""The PDF writer: document-model blocks to reportlab flowables, with embedded fonts and "Page N of M"."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from lessonpress import model as m
from lessonpress.writers import Output, fonts
from lessonpress.writers.pdf_flowables import (
    BodyFrame,
    Bubble,
    FieldLine,
    Indented,
    Lines,
    NumberedCanvas,
    OutlinedDoc,
    Para,
)
from lessonpress.writers.pdf_style import PAPER, Layout, grey, layout, styles
from lessonpress.writers.style_data import PROFILES


def markup(content: m.Inlines, fallback: str | None = None, have: frozenset[int] = frozenset()) -> str:
    """Inlines to reportlab paragraph markup; every string from data is escaped.

    With a fallback font, characters the main font lacks (`have` is what it can draw) are set in it."""
    out = []
    for node in content:
        if isinstance(node, (m.Text, m.Cite)):
            text = _fallback(node.text, fallback, have) if fallback else escape(node.text)
            out.append(f'<font color="#404040">{text}</font>' if isinstance(node, m.Cite) else text)
        elif isinstance(node, m.Strong):
            out.append(f"<b>{markup(node.children, fallback, have)}</b>")
        elif isinstance(node, m.Emph):
            out.append(f"<i>{markup(node.children, fallback, have)}</i>")
        elif isinstance(node, m.Blank):
            out.append("_" * node.width)
        else:
            raise TypeError(f"pdf writer: unknown inline {type(node).__name__}")
    return "".join(out)


def _fallback(text: str, font: str, have: frozenset[int]) -> str:
    out, run, missing = [], [], False
    for ch in text:
        lacks = ord(ch) not in have and not ch.isspace()
        if run and lacks != missing:
            out.append(f'<font name="{font}">{escape("".join(run))}</font>' if missing else escape("".join(run)))
            run = []
        run.append(ch)
        missing = lacks
    if run:
        out.append(f'<font name="{font}">{escape("".join(run))}</font>' if missing else escape("".join(run)))
    return "".join(out)


class PdfWriter:
    name = "pdf"
    suffix = ".pdf"

    def __init__(self, profile: str = "standard", reference=None):
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}")
        self.lay: Layout = layout(profile)
        self.st = styles(profile)
        self.have = fonts.coverage_of(self.lay.serif) & fonts.coverage_of(self.lay.sans)
        self.indent = 22 * self.lay.scale
        # reportlab's tables default to Helvetica, which would list an unembedded font in every PDF.
        self.table_font = [("FONTNAME", (0, 0), (-1, -1), self.lay.serif)]

    def points(self, points: int) -> str:
        return (f' <font name="{self.lay.sans}" size="{9 * self.lay.scale:.1f}">'
                f'({points} point{"s" if points != 1 else ""})</font>')

    # -- rendering -------------------------------------------------------------------------
    def write(self, doc: m.Document) -> bytes:
        """The PDF's bytes."""
        return self.render(doc).data

    def render(self, doc: m.Document) -> Output:
        """The PDF as an output record: its bytes, its page count and where the header's blanks (name,
        period…) were drawn. The blanks are collected while it renders; nothing is left on the writer."""
        self.slots: dict[str, tuple[int, float, float, float, float]] = {}
        p = self.lay.page
        pagesize = PAPER[doc.paper]
        buf = io.BytesIO()
        frame = BodyFrame(p["left"], pagesize[1] - p["top"] - p["text_height"], p["text_width"], p["text_height"],
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template = OutlinedDoc(buf, pagesize=pagesize, invariant=1, title=f"{doc.title} — {doc.kind_label}",
                        author=doc.author or doc.course_title, subject=doc.course_title, creator="lessonpress",
                        producer="lessonpress", lang=doc.language, initialFontName=self.lay.serif,
                        leftMargin=p["left"], rightMargin=p["right"], topMargin=p["top"], bottomMargin=p["bottom"])
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])

        class Canvas_(NumberedCanvas):
            doc_info, lay = doc, self.lay

        # A box of its own is kept on one page when it fits (KeepTogether may not nest inside questions).
        story = [KeepTogether([f]) if isinstance(b, m.Box) else f
                 for b in doc.header + doc.blocks for f in self.block(b)]
        template.build(story, canvasmaker=Canvas_)
        return Output(buf.getvalue(), template.page, self.__dict__.pop("slots"))

    def para(self, content: m.Inlines, style: str, bullet: str | None = None) -> Paragraph:
        return Para(self.markup(content), self.st.get(style, self.st["body"]), bulletText=bullet)

    def markup(self, content: m.Inlines) -> str:
        return markup(content, self.lay.fallback, self.have)

    def block(self, b: m.Block) -> list[Flowable]:
        st = self.st
        if isinstance(b, m.Heading):
            f = self.para(b.content, f"h{min(b.level, 3)}")
            f._outline_level = b.level - 1
            return [f]
        if isinstance(b, m.Para):
            if b.role == "header-field":
                return self.field_lines(b.content)
            if b.number is not None:
                return [Para(self.markup(b.content), st["reading"], bulletText=str(b.number))]
            return [self.para(b.content, b.role)]
        if isinstance(b, m.ItemList):
            return [self.para(item, "list", f"{i}." if b.ordered else "•") for i, item in enumerate(b.items, 1)]
        if isinstance(b, m.Choices):
            return [self.choices(b)]
        if isinstance(b, m.AnswerSpace):
            return [Lines(b.lines, self.lay)]
        if isinstance(b, m.Table):
            return [self.table(b)]
        if isinstance(b, m.Box):
            return [self.box(b)]
        if isinstance(b, m.Question):
            prompt = Para(self.markup(b.prompt) + self.points(b.points), st["question"],
                               bulletText=f"{b.number}.")
            body = [f for inner in b.body for f in self.block(inner)]
            return [KeepTogether([prompt, *[Indented(f, self.indent) for f in body], Spacer(0, 6)])]
        if isinstance(b, m.Answer):
            content = [f for inner in b.content for f in self.block(inner)]
            number = Para(f"<b>{b.number}.</b>" + self.points(b.points), st["question"])
            return [KeepTogether([number, *[Indented(f, self.indent) for f in content], Spacer(0, 5)])]
        if isinstance(b, m.KeepTogether):
            # a heading with a question is never split; a heading with a long passage may follow on once a
            # third of the page is free, rather than leave the page empty
            strict = any(isinstance(inner, (m.Question, m.Answer)) for inner in b.blocks)
            return [KeepTogether(_flat([f for inner in b.blocks for f in self.block(inner)]),
                                 maxHeight=None if strict else self.lay.page["text_height"] / 3)]
        if isinstance(b, m.PageBreak):
            return [PageBreak()]
        raise TypeError(f"pdf writer: unknown block {type(b).__name__}")

    def field_lines(self, content: m.Inlines) -> list[Flowable]:
        """A header line of write-in fields; one field a line when they do not fit on one (large print)."""
        style = self.st["header-field"]
        whole = stringWidth(m.plain(content), style.fontName, style.fontSize)
        parts: list[m.Inlines] = [content]
        if whole > self.lay.page["text_width"]:
            parts, current = [], []
            for node in content:
                current.append(node)
                if isinstance(node, m.Blank):
                    parts.append(tuple(current))
                    current = []
            if current:
                parts.append(tuple(current))
            parts = [tuple([m.Text(p[0].text.lstrip()), *p[1:]]) if isinstance(p[0], m.Text) else p for p in parts]
        return [FieldLine(self.markup(part), part, style, self.slots, self.markup) for part in parts]

    def choices(self, b: m.Choices) -> Table:
        cell = self.st["cell"]
        if b.inline:
            row: list = []
            for label, content in b.options:
                row += [Bubble(label, self.lay), Para(self.markup(content), cell)]
            data, widths = [row], [self.lay.bubble + 6, 60 * self.lay.scale] * len(b.options)
        else:
            data = [[Bubble(label, self.lay), Para(self.markup(content), cell)] for label, content in b.options]
            widths = [self.lay.bubble + 8, None]
        t = Table(data, colWidths=widths, hAlign="LEFT")
        t.setStyle(TableStyle([*self.table_font, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return t

    def table(self, b: m.Table) -> Table:
        cell, head = self.st["cell"], self.st["cell-head"]
        rows = [[Para(self.markup(c), cell) for c in row] for row in b.rows]
        if b.header:
            rows.insert(0, [Para(self.markup(c), head) for c in b.header])
        nested = b.role in ("matching", "ordering", "rubric", "key")
        total = self.lay.page["text_width"] - (self.indent if nested else 0)
        widths = [w * total for w in b.widths] if b.widths else None
        t = Table(rows, colWidths=widths, repeatRows=1 if b.header else 0, hAlign="LEFT")
        cmds = [*self.table_font, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        if b.role in ("grid", "continued", "rubric"):
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, grey(self.lay.grey)))
        elif b.role in ("matching", "ordering"):
            cmds += [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
        if b.header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), grey(self.lay.shade)))
        t.setStyle(TableStyle(cmds))
        return t

    def box(self, b: m.Box) -> Table:
        rows = [[self.para((m.Text(b.title),), "box-title")]] if b.title else []
        rows += [[f] for inner in b.blocks for f in self.block(inner)]
        t = Table(rows, colWidths=[self.lay.page["text_width"] - (self.indent if b.role == "word-bank" else 0)],
                  hAlign="LEFT", spaceBefore=6, spaceAfter=8)
        t.setStyle(TableStyle([*self.table_font, ("BOX", (0, 0), (-1, -1), 0.8, grey(self.lay.grey)),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6)]))
        return t


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    """Unwrap nested KeepTogether: reportlab reports a nested one as infinitely tall and breaks the page."""
    out: list[Flowable] = []
    for f in flowables:
        out.extend(_flat(f._content) if isinstance(f, KeepTogether) else [f])
    return out
