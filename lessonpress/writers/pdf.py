"""The PDF writer: document-model blocks to reportlab flowables, with embedded fonts and "Page N of M"."""

from __future__ import annotations

import io
import re
from functools import cache, partial
from html import escape as _escape_html

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
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
    Picture,
)
from lessonpress.writers.pdf_keep import Matched, Sticky, Whole
from lessonpress.writers.pdf_page import page_of
from lessonpress.writers.pdf_style import Layout, grey, layout, styles
from lessonpress.writers.pdf_tags import Tags, tag
from lessonpress.writers.style_data import PROFILES

# &, < and > escaped for reportlab's markup, as xml.sax.saxutils.escape does: importing that imports
# urllib.request, 26 ms of every build's start
escape = partial(_escape_html, quote=False)


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


@cache  # kept for the process: paragraphs are cached by their style's id, which must not be reused
def _tight(style: ParagraphStyle) -> ParagraphStyle:
    """The style set closer, for the long lists of a stacked matching question (1.2 times the size)."""
    return ParagraphStyle(f"{style.name}-tight", parent=style, leading=min(style.leading, style.fontSize * 1.2))


@cache
def _hanging(style: ParagraphStyle, hang: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-hang", parent=style, leftIndent=style.leftIndent + hang,
                          firstLineIndent=-hang)


def _words(content: m.Inlines, font: str):
    """The words of inline content with the face each is set in (bold, italic), for measuring."""
    for node in content:
        if isinstance(node, (m.Strong, m.Emph)):
            face = "Bold" if isinstance(node, m.Strong) else "Italic"
            inner = font if font.endswith(("-Bold", "-Italic")) else f"{font}-{face}"
            yield from _words(node.children, inner)
        elif isinstance(node, (m.Text, m.Cite)):
            for w in node.text.split():
                yield w, font


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
        self.indent = self.st["question"].leftIndent  # question bodies line up under the prompt
        # reportlab's tables default to Helvetica, which would list an unembedded font in every PDF.
        self.table_font = [("FONTNAME", (0, 0), (-1, -1), self.lay.serif)]

    def points(self, points: int, label: str = "") -> str:
        """The points after a prompt or answer: the builder's label, e.g. "(2 points)"."""
        size = max(9 * self.lay.scale, self.lay.min_size)
        text = label or f"({points})"
        # through markup(), so a character the profile's font lacks (⅖ in Atkinson) is set in the fallback
        return f' <font name="{self.lay.sans}" size="{size:.1f}">{self.markup((m.Text(text),))}</font>'

    # -- rendering -------------------------------------------------------------------------
    def write(self, doc: m.Document) -> bytes:
        """The PDF's bytes."""
        return self.render(doc).data

    def render(self, doc: m.Document) -> Output:
        """The PDF as an output record: its bytes, its page count and where the header's blanks (name,
        period…) were drawn. The blanks are collected while it renders; nothing is left on the writer."""
        self.slots: dict[str, tuple[int, float, float, float, float]] = {}
        page = page_of(self.lay, doc, doc.paper)
        self.page_height = page.text_height
        buf = io.BytesIO()
        frame = BodyFrame(page.left, page.bottom, page.width, page.text_height,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template = OutlinedDoc(buf, pagesize=page.paper, invariant=1, title=f"{doc.title} — {doc.kind_label}",
                               author=doc.author or doc.course_title, subject=doc.course_title, creator="lessonpress",
                               producer="lessonpress", lang=doc.language, initialFontName=self.lay.serif,
                               leftMargin=page.left, rightMargin=page.paper[0] - page.left - page.width,
                               topMargin=page.top, bottomMargin=page.bottom)
        self.tags = tags = Tags(doc.blank_label)
        template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=tags.page_begins,
                                                onPageEnd=tags.page_ends)])

        class Canvas_(NumberedCanvas):
            doc_info, lay = doc, self.lay

        Canvas_.page, Canvas_.tags = page, tags
        template.build(self.story(doc.header + doc.blocks), canvasmaker=Canvas_)
        del self.tags
        data = tags.finish(buf.getvalue(), f"{doc.title} — {doc.kind_label}", doc.language)
        return Output(data, template.page, self.__dict__.pop("slots"), page.stamp_baseline())

    def story(self, blocks: tuple[m.Block, ...]) -> list[Flowable]:
        """Flowables of a run of blocks; a heading is kept with the start of the block after it."""
        out: list[Flowable] = []
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if isinstance(b, m.Heading):
                # kept with the next two blocks at most (the first may be a single line; the rule is two lines)
                after = []
                for x in blocks[i + 1:i + 3]:
                    if isinstance(x, (m.Heading, m.PageBreak)):
                        break
                    after.append(x)
                if after:
                    out.append(Sticky(self.block(b), [f for x in after for f in self.block(x)], self.page_height))
                    i += 1 + len(after)
                    continue
            out.extend(self.block(b))
            i += 1
        return out

    def para(self, content: m.Inlines, style: str, bullet: str | None = None) -> Paragraph:
        return Para(self.markup(content), self.st.get(style, self.st["body"]), bulletText=bullet)

    def markup(self, content: m.Inlines) -> str:
        return markup(content, self.lay.fallback, self.have)

    def block(self, b: m.Block) -> list[Flowable]:
        """The flowables of one block, each carrying its element of the PDF's structure tree."""
        flowables = self._block(b)
        tag(self.tags, b, flowables)
        return flowables

    def _block(self, b: m.Block) -> list[Flowable]:
        st = self.st
        if isinstance(b, m.Heading):
            f = self.para(b.content, f"h{min(b.level, 3)}")
            f._outline_level = b.level - 1
            f._outline_text = " ".join(m.plain(b.content).split())  # from the model: a paragraph's own text
            # may differ once reportlab has laid it out elsewhere
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
            prompt = Para(self.markup(b.prompt) + self.points(b.points, b.points_label), st["question"],
                          bulletText=f"{b.number}.")
            body = [f for inner in b.body for f in self.block(inner)]
            notes = [s.continued for s in b.body if isinstance(s, m.AnswerSpace) and s.continued]
            note = Indented(self.para(notes[0], "continued"), self.indent) if notes else None
            return [Whole([prompt, *[Indented(f, self.indent) for f in body], Spacer(0, 6)], self.page_height, note)]
        if isinstance(b, m.Answer):
            # the answer (or the prompt) on the number line, as the worksheet sets a question
            number = Para(self.markup(b.headline) + self.points(b.points, b.points_label), st["question"],
                          bulletText=f"{b.number}.")
            body = [Indented(f, self.indent) for inner in b.content for f in self.block(inner)]
            # only a paragraph (a model answer, an explanation) may run on; pairs and events stay whole
            runs_on = bool(b.content) and isinstance(b.content[0], m.Para)
            return [Whole([number, *body, Spacer(0, 3)], self.page_height, runs_on=runs_on)]
        if isinstance(b, m.KeepTogether):
            # the blocks before the last are kept whole, with the start of the last (two lines, a table's
            # first row, a question)
            if len(b.blocks) == 1:  # one block kept whole on a page (a lesson's rows in the contents)
                return [Whole([f for inner in b.blocks for f in self.block(inner)], self.page_height)]
            *head, last = b.blocks
            return [Sticky([f for inner in head for f in self.block(inner)], self.block(last), self.page_height)]
        if isinstance(b, m.Figure):
            return [self.figure(b)]
        if isinstance(b, m.PageBreak):
            return [PageBreak()]
        raise TypeError(f"pdf writer: unknown block {type(b).__name__}")

    def figure(self, b: m.Figure) -> Flowable:
        """The picture across the text width (narrower where the page is too short), kept with its caption."""
        caption = self.para((m.Strong((m.Text(f"{b.label}."),)), m.Text(" "), *b.caption), "caption")
        below = [caption] + ([self.para(b.credit, "credit")] if b.credit else [])
        width = self.lay.page["text_width"]
        room = sum(f.wrap(width, self.page_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in below)
        gap = 6 * self.lay.scale
        picture = Picture(b.image, b.width, b.height, min(self.page_height * m.FIGURE_SHARE,
                                                          self.page_height - room - 2 * gap))
        return Whole([Spacer(0, gap), picture, *below, Spacer(0, gap)], self.page_height)

    def field_lines(self, content: m.Inlines) -> list[Flowable]:
        """A header line of write-in fields, as many fields a line as fit (large print takes two or three)."""
        style = self.st["header-field"]
        fields, current = [], []
        for node in content:
            current.append(node)
            if isinstance(node, m.Blank):
                fields.append(current)
                current = []
        if current:
            fields.append(current)
        parts: list[list[m.Inline]] = []
        for f in fields:
            if parts and self._width(m.plain((*parts[-1], *f)), style) <= self.lay.page["text_width"]:
                parts[-1] += f
            else:
                parts.append([m.Text(f[0].text.lstrip()), *f[1:]] if parts and isinstance(f[0], m.Text) else f)
        return [FieldLine(self.markup(tuple(part)), tuple(part), style, self.slots, self.markup) for part in parts]

    @staticmethod
    def _width(text: str, style) -> float:
        """Width of text as reportlab sets it (runs of spaces print as one)."""
        return stringWidth(" ".join(text.split()), style.fontName, style.fontSize)

    def choices(self, b: m.Choices) -> Table:
        cell = self.st["cell"]
        if b.inline:
            row: list = []
            widths = []
            for label, content in b.options:
                row += [Bubble(label, self.lay), Para(self.markup(content), cell)]
                # room for the word in any language ("Verdadero" in large print), at least as wide as "False"
                widths += [self.lay.bubble + 6, max(60 * self.lay.scale, self._width(m.plain(content), cell) + 8)]
            data = [row]
        else:
            data = [[Bubble(label, self.lay), Para(self.markup(content), cell)] for label, content in b.options]
            widths = [self.lay.bubble + 8, None]
        room = self.lay.page["text_width"] - self.indent - self.lay.bubble - 8
        t = Table(data, colWidths=widths, hAlign="LEFT", splitInRow=self._row_split(data, [0, room]))
        t.setStyle(TableStyle([*self.table_font, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return t

    def table(self, b: m.Table) -> Table:
        cell, head = self.st["cell"], self.st["cell-head"]
        nested = b.role in ("matching", "ordering", "rubric", "key")
        total = self.lay.page["text_width"] - (self.indent if nested else 0)
        pad = 0 if b.role in ("matching", "ordering") else 12
        columns = len(b.header or b.rows[0]) if (b.header or b.rows) else 1
        widths = self._column_widths([w * total for w in (b.widths or [1 / columns] * columns)],
                                     [*([b.header] if b.header else []), *b.rows], pad, bool(b.header))
        labelled = b.role in ("matching", "ordering", "key")
        if b.role == "matching" and len(widths) == 2:
            # short items on the left give their spare room to the descriptions on the right
            style = self.st["cell"]
            left = max(self._width(m.plain(row[0]), style) for row in b.rows) + pad + style.fontSize
            if left < widths[0]:
                widths = [left, sum(widths) - left]
        if b.role == "matching" and (self._too_narrow(b, widths, pad) or self._stacks_shorter(b, widths, pad, total)):
            return self._stacked(b, total)
        rows = [[self._cell(c, cell, w - pad if labelled else None) for c, w in zip(row, widths, strict=False)]
                for row in b.rows]
        if b.header:
            rows.insert(0, [Para(self.markup(c), head) for c in b.header])
        inner = [w - 12 for w in widths]  # less the cells' padding
        t = Table(rows, colWidths=widths, repeatRows=self._repeat(rows[0], inner) if b.header else 0, hAlign="LEFT",
                  splitInRow=self._row_split(rows, inner))
        cmds = [*self.table_font, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        if b.role in ("grid", "rubric"):
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, grey(self.lay.grey)))
        elif b.role == "contents":  # a packet's contents: rows closer, so the course's fit one page in print
            cmds += [("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
        elif b.role in ("matching", "ordering"):
            cmds += [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 5.5 * self.lay.scale)]
        if b.header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), grey(self.lay.shade)))
        t.setStyle(TableStyle(cmds))
        return t

    def _repeat(self, row: list[Flowable], widths: list[float]) -> int:
        """1, so a table's header row repeats on each page it continues on, unless the row takes more than a
        quarter of a page (a very long title): then it is printed once, and may itself continue on the next page."""
        return 1 if self._tallest(row, widths) <= self.page_height / 4 else 0

    def _row_split(self, rows: list[list[Flowable]], widths: list[float]) -> int:
        """1 (a row may continue on the next page) only for a table with a row taller than half a page, which
        could not print otherwise; every other table breaks between its rows."""
        return int(any(self._tallest(row, widths) > self.page_height / 2 for row in rows))

    @staticmethod
    def _tallest(row: list[Flowable], widths: list[float]) -> float:
        """The height of a row's tallest paragraph, set at its column's width (`widths`: inside the padding)."""
        return max((f.wrap(max(w, 1), 1e9)[1] for f, w in zip(row, widths, strict=False)
                    if isinstance(f, Paragraph) and w), default=0.0)

    def _column_widths(self, widths: list[float], rows: list, pad: float, header: bool = False) -> list[float]:
        """The given column widths, widened where a column's longest word would not fit (so "December"
        never breaks in large print), taking the room from the other columns in proportion."""
        need = [0.0] * len(widths)
        for r, row in enumerate(rows):
            # the header row is set bold in the sans face, the others in the cell face
            style = self.st["cell-head"] if r == 0 and header else self.st["cell"]
            for i, c in enumerate(row[:len(widths)]):
                words = list(_words(c, style.fontName))
                if words:
                    longest = max(stringWidth(w, font, style.fontSize) for w, font in words)
                    need[i] = max(need[i], min(longest + pad + 2, sum(widths) * 0.4))
        short = sum(max(n - w, 0) for n, w in zip(need, widths, strict=True))
        spare = [max(w - n, 0) for n, w in zip(need, widths, strict=True)]
        if not short or sum(spare) < short:
            return widths
        return [max(w, n) if n > w else w - short * sp / sum(spare)
                for w, n, sp in zip(widths, need, spare, strict=True)]

    LABEL = re.compile(r"^\s*(_*)\s*((?:\d+|[A-Z]{1,2})\.)\s+")

    def _cell(self, content: m.Inlines, style, width: float | None) -> Para:
        """A table cell; in matching, ordering and key tables a leading "1." or "A." (after a write-in blank)
        hangs, so wrapped lines align with the item's text, not with its number or blank."""
        text = m.plain(content)
        label = self.LABEL.match(text) if width is not None else None
        if not label:
            return Para(self.markup(content), style)
        hang = self._width(label.group(0) + "x", style) - self._width("x", style)
        hang = min(hang, width / 2)
        return Para(self.markup(content), _hanging(style, hang))

    def _too_narrow(self, b: m.Table, widths: list[float], pad: float) -> bool:
        """Whether a matching table's items would wrap more than twice in their columns."""
        style = self.st["cell"]
        for row in b.rows:
            for c, w in zip(row, widths, strict=False):
                p = self._cell(c, style, w - pad)
                p.wrap(w - pad, 1e6)
                if len(p.blPara.lines) > 3:
                    return True
        return False

    def _stacks_shorter(self, b: m.Table, widths: list[float], pad: float, total: float) -> bool:
        """Whether a matching table takes less height stacked than in its two columns (large print)."""
        if not self.lay.min_size:
            return False
        style = self.st["cell"]
        rows = 0.0
        for row in b.rows:
            cells = [self._cell(c, style, w - pad) for c, w in zip(row, widths, strict=False)]
            padding = 3 + 5.5 * self.lay.scale
            rows += max(c.wrap(w - pad, 1e6)[1] for c, w in zip(cells, widths, strict=False)) + padding
        stacked = self._stacked(b, total)
        return stacked.wrap(total, 1e6)[1] < rows

    def _stacked(self, b: m.Table, total: float) -> Matched:
        """A matching table too wide for two columns (large print): the items, then the choices, one per line,
        set a little closer (the size stays); one taller than a page repeats its choices on every page."""
        cell = _tight(self.st["cell"])
        items = [self._cell(row[0], cell, total) for row in b.rows]
        texts = [row[1] for row in b.rows if len(row) > 1]

        def choices() -> list[Flowable]:
            return [self._cell(c, cell, total) for c in texts]

        def more() -> Flowable:
            return Para(self.markup(b.continued), self.st["continued"])

        return Matched(items, choices, gap=0.6 * cell.fontSize if texts else 0, pad=1,
                       more=more if b.continued else None, page_height=self.page_height)

    def box(self, b: m.Box) -> Table:
        rows = [[self.para((m.Text(b.title),), "box-title")]] if b.title else []
        rows += [[f] for inner in b.blocks for f in self.block(inner)]
        width = self.lay.page["text_width"] - (self.indent if b.role == "word-bank" else 0)
        t = Table(rows, colWidths=[width], hAlign="LEFT", spaceBefore=6, spaceAfter=8,
                  repeatRows=self._repeat(rows[0], [width - 16]) if b.title else 0,
                  splitInRow=self._row_split(rows, [width - 16]))
        t.setStyle(TableStyle([*self.table_font, ("BOX", (0, 0), (-1, -1), 0.8, grey(self.lay.grey)),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6)]))
        return t
