"""The DOCX writer: document-model blocks to named Word styles, so teachers can restyle in Word."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat

from lessonpress import model as m
from lessonpress.compat.docx import open_document, package_members
from lessonpress.writers import document_time
from lessonpress.writers.docx_styles import ROLE_STYLE, header_styles, profile_for, style_document
from lessonpress.writers.docx_xml import (
    ANSWER_TAG,
    GREY,
    add_paragraph,
    add_run,
    add_table,
    content_control,
    field,
    keep_with_next,
    restart_numbering,
    row_of,
    run_props,
    set_language,
    set_style,
    set_table_props,
    style_id_of,
    table_text_offset,
)
from lessonpress.writers.docx_zip import normalised_zip

PAPER = {"letter": (Inches(8.5), Inches(11)), "a4": (Mm(210), Mm(297))}
TWIPS = 20  # per point
# Cell padding as the PDF's tables draw it (reportlab's 6 pt at the sides; style.yaml's boxes 8 pt):
# (left, right, top, bottom) in points, by table role; the rest as "grid".
PADDING = {"grid": (6, 6, 3, 4), "matching": (0, 6, 3, 8), "ordering": (0, 6, 3, 8), "box": (8, 8, 6, 6)}
NESTED = ("matching", "ordering", "rubric", "key", "word-bank")  # indented under the question, as in the PDF


LINES_KEPT = 3  # answer lines kept with their prompt, and together at the end of a long run


def _row_cells(table) -> list[list]:
    """Each row's `w:tc` elements, read once from the table's XML: python-docx's `table.cell(r, c)` walks the whole
    table at every call, so a table of 1,000 rows took minutes (the time grew with the square of its rows)."""
    return [tr.tc_lst for tr in table._tbl.tr_lst]


PROPERTY_LIMIT = 255  # characters python-docx (and Word) allow in a document property such as the title


def _property(text: str) -> str:
    """A document property (title, author, subject) within Word's limit: a longer one is cut at a space where it
    can be, and ends with "…"; the document itself prints the whole text."""
    if len(text) <= PROPERTY_LIMIT:
        return text
    cut = text[:PROPERTY_LIMIT - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > PROPERTY_LIMIT // 2 else cut).rstrip() + "…"


class DocxWriter:
    name = "docx"
    suffix = ".docx"

    def __init__(self, profile: str = "standard", reference: Path | None = None):
        self.reference = reference
        self.profile = profile_for(profile)
        self.profile_name = profile
        self.standard = profile == "standard"
        self.text_width = Pt(self.profile.text_width)
        self._bases: dict[str, bytes] = {}  # language -> the styled document each document starts from
        self._base_doc = None  # the first of them, read for its styles (every document has the same)
        self._named: dict[tuple, str | None] = {}  # (style name, type) -> id, as python-docx's setters find it
        self._table_style_names: dict[str | None, str | None] = {}  # a table's style id -> its style's name

    def prepare(self, languages: Iterable[str]) -> None:
        """Do now what the first document of each language would do (style its base document, read the faces
        the header's fields and the hanging labels are measured in): called before the workers fork, so that they
        share it, where each process did it again (0.2 s of its first Word file)."""
        from lessonpress.writers import fonts

        fonts.register(self.profile.pdf_sans, ("",))
        fonts.register("DejaVuSerif", ("",))
        for language in languages:
            self._base(language)

    def _start(self, language: str):
        """A new document with this profile's styles and the document's language: the reference (or python-docx's
        default) document styled once per writer and language and kept as bytes, each document opened from them
        (styling it again took a third of the time of a short worksheet). Nothing in a document changes its
        styles afterwards, so they need not be read again (see compat.docx.open_document)."""
        return open_document(self._base(language))

    def _base(self, language: str) -> bytes:
        """The package every document of `language` starts from (see `_start`)."""
        if language not in self._bases:
            d = docx.Document(str(self.reference) if self.reference else None)
            style_document(d, self.profile, self.profile_name, self.reference)
            header_styles(d, self.profile, self.reference)
            set_language(d, language)
            self._bases[language] = normalised_zip(package_members(d), compress=False)  # quicker to open
            if self._base_doc is None:
                self._base_doc = d
                self._style_ids = {st.name: st.style_id for st in d.styles}
        return self._bases[language]

    def write(self, doc: m.Document) -> bytes:
        d = self._start(doc.language)
        # The document is the writer's only while it is written: one still held when the build collects garbage
        # and freezes what is left (build.render_one) would never be freed.
        self._doc, self._body = d, d.element.body
        try:
            self._page(d, doc)
            self._list_count = 0
            self._controls = 0  # content controls so far: each one's id
            self._table_text = table_text_offset(d)
            for block in doc.header + doc.blocks:
                self.block(d, block)
        finally:
            self._doc = self._body = None
        props = d.core_properties
        props.title = _property(f"{doc.title} — {doc.kind_label}")
        props.author = _property(doc.author or doc.course_title)
        props.subject = _property(doc.course_title)
        props.language = doc.language
        props.last_modified_by = "lessonpress"
        props.created = props.modified = props.last_printed = document_time()
        props.revision = 1
        props.comments = ""
        return normalised_zip(package_members(d))

    # -- set-up ----------------------------------------------------------------------------
    def _page(self, d, doc: m.Document) -> None:
        """The PDF's page: its margins and text width on either paper, header and footer 0.75 in from the edge."""
        prof = self.profile
        sec = d.sections[0]
        sec.page_width, sec.page_height = PAPER[doc.paper]
        sec.left_margin = Pt(prof.left)
        sec.right_margin = Emu(sec.page_width - Pt(prof.left) - self.text_width)
        sec.top_margin, sec.bottom_margin = Pt(prof.top), Pt(prof.bottom)
        sec.header_distance = sec.footer_distance = Pt(prof.header_at)  # ink stays inside 0.75 in
        # As the PDF: the form letter at the right, else the course (left out in larger type, where it
        # would not fit on the line); the footer of larger type names only the lesson.
        head = sec.header.paragraphs[0]
        right = doc.form_label if doc.form else doc.course_title if self.standard else ""
        head.text = f"{doc.title} · {doc.kind_label}\t{right}"
        foot = sec.footer.paragraphs[0]
        foot.text = f"{doc.footer if self.standard else doc.title}\t"
        before, rest = doc.page_label.split("{n}", 1)
        between = rest.split("{total}", 1)[0]
        foot.add_run(before.replace("{{", "{").replace("}}", "}")).bold = True
        field(foot, "PAGE")
        foot.add_run(between.replace("{{", "{").replace("}}", "}")).bold = True
        field(foot, "NUMPAGES")

    # -- blocks ----------------------------------------------------------------------------
    def runs(self, p, content: m.Inlines, bold: bool = False, italic: bool = False) -> None:
        for node in content:
            if isinstance(node, m.Text):
                add_run(p, node.text, run_props(bold, italic))
            elif isinstance(node, m.Cite):
                add_run(p, node.text, run_props(bold, italic, cite=True))
            elif isinstance(node, m.Blank):
                add_run(p, "_" * node.width, run_props(bold, italic))
            elif isinstance(node, m.Strong):
                self.runs(p, node.children, True, italic)
            elif isinstance(node, m.Emph):
                self.runs(p, node.children, bold, True)
            else:
                raise TypeError(f"docx writer: unknown inline {type(node).__name__}")

    def para(self, box, content: m.Inlines, style: str):
        p = self.paragraph(box, style)
        self.runs(p, content)
        return p

    def paragraph(self, box, style: str):
        """A new paragraph's `w:p` in a named style (python-docx's own lookup by name scans every style, slowly)."""
        return add_paragraph(self._element(box), self._style_ids[style] if style != "Normal" else None)

    def _add_table(self, box, rows: int, cols: int) -> Table:
        """A table at the end of a cell or of the document, as python-docx's `add_table` makes it."""
        return box.add_table(rows, cols) if isinstance(box, _Cell) else add_table(self._doc, rows, cols)

    def _element(self, box):
        """The `w:body` or `w:tc` that blocks go into."""
        return box._tc if isinstance(box, _Cell) else self._body

    def _style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """A style's id as python-docx's style setters find it (None for the default style of its type), looked up
        once per writer: every document starts from the same styles."""
        if (name, kind) not in self._named:
            self._named[name, kind] = self._base_doc.styles.get_style_id(name, kind)
        return self._named[name, kind]

    def _table_style_name(self, table) -> str | None:
        """The name of a table's style (the default table style's without one), as `table.style.name` reads it."""
        sid = table._tbl.tblStyle_val
        if sid not in self._table_style_names:
            style = self._base_doc.part.get_style(sid, WD_STYLE_TYPE.TABLE)
            self._table_style_names[sid] = style.name if style is not None else None
        return self._table_style_names[sid]

    def block(self, box, b: m.Block) -> list:
        """Render a block into a document or table cell; returns the paragraphs it made."""
        if isinstance(b, m.Heading):
            p = self.para(box, b.content, f"Heading {min(b.level, 3)}")
            keep_with_next(p)
            return [p]
        if isinstance(b, m.Para):
            if b.role == "header-field":
                return [self.para(box, part, "Header Field") for part in self._field_lines(b.content)]
            if b.number is not None:
                p = self.paragraph(box, "Reading")
                add_run(p, f"{b.number}\t", run_props(True, False))
                self.runs(p, b.content)
                return [p]
            return [self.para(box, b.content, ROLE_STYLE.get(b.role, "Normal"))]
        if isinstance(b, m.ItemList):
            made = [self.para(box, item, "List Number" if b.ordered else "List Bullet") for item in b.items]
            if b.ordered and made:
                restart_numbering(self._doc.part, self._base_doc.part, made)
            return made
        if isinstance(b, m.Choices):
            if b.inline:
                p = self.paragraph(box, "Choice")
                for _label, content in b.options:
                    add_run(p, "○ ")
                    self.runs(p, content)
                    add_run(p, "\t")
                return [p]
            made = []
            for label, content in b.options:
                p = self.paragraph(box, "Choice")
                add_run(p, f"○ {label}.\t")
                self.runs(p, content)
                made.append(p)
            return made
        if isinstance(b, m.AnswerSpace):
            lines = [self.paragraph(box, "Answer Line") for _ in range(b.lines)]
            if lines:
                self._controls += 1
                content_control(lines, b.label, ANSWER_TAG, self._controls)
            return lines
        if isinstance(b, m.Table):
            return self.table(box, b)
        if isinstance(b, m.Box):
            table = self._add_table(box, 1, 1)
            table._tbl.tblStyle_val = self._style_id("Table Grid", WD_STYLE_TYPE.TABLE)
            self._table_layout(table, "box", b.role in NESTED, (1.0,))
            cell = table.cell(0, 0)
            cell.width = table.columns[0].width
            made = []
            if b.title:
                title = cell._tc.p_lst[0]
                title.style = self._style_id("Box Title", WD_STYLE_TYPE.PARAGRAPH)
                add_run(title, b.title)
                made.append(title)
            for inner in b.blocks:
                made += self.block(cell, inner)
            self._cant_split(table)
            return made
        if isinstance(b, (m.Question, m.Answer)):
            p = self.paragraph(box, "Question")
            add_run(p, f"{b.number}.\t", run_props(True, False))
            if isinstance(b, m.Question) or b.headline:
                self.runs(p, b.prompt if isinstance(b, m.Question) else b.headline)
                add_run(p, " ")
            add_run(p, b.points_label or f"({b.points})",  # the points in the PDF's size
                    run_props(False, False, size=max(9 * self.profile.scale, self.profile.min_size)))
            made = [p]
            for inner in (b.body if isinstance(b, m.Question) else b.content):
                made += self.block(box, inner)
            self._keep(made)
            return made
        if isinstance(b, m.KeepTogether):
            made = [p for inner in b.blocks for p in self.block(box, inner)]
            # as the PDF: a heading with a question is never split; a heading with a long passage, list or
            # table keeps only the start of it, so the rest flows on instead of leaving a page half empty
            if any(isinstance(inner, (m.Question, m.Answer)) for inner in b.blocks):
                self._keep(made)
            else:
                self._keep_start(made)
            return made
        if isinstance(b, m.Figure):
            return self.figure(box, b)
        if isinstance(b, m.PageBreak):
            p = add_paragraph(self._element(box))
            Paragraph(p, self._doc).add_run().add_break(WD_BREAK.PAGE)
            return [p]
        raise TypeError(f"docx writer: unknown block {type(b).__name__}")

    def figure(self, box, b: m.Figure) -> list:
        """The picture inline across the text width (narrower where the page is too short), its alt text in the
        drawing's description; the caption in Word's Caption style, kept on the picture's page."""
        prof = self.profile
        scale = min(prof.text_width / b.width, prof.text_height * m.FIGURE_SHARE / b.height)
        p = self.paragraph(box, "Normal")
        picture = Paragraph(p, self._doc)
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_before = Pt(6 * prof.scale)
        picture.add_run().add_picture(io.BytesIO(b.image), width=Pt(b.width * scale), height=Pt(b.height * scale))
        props = p.xpath(".//wp:docPr")[0]  # the drawing's properties, where Word keeps its alt text
        props.set("descr", " ".join(b.alt.split()))
        props.set("title", b.label)
        caption = self.paragraph(box, "Caption")
        self.runs(caption, (m.Strong((m.Text(f"{b.label}."),)), m.Text(" "), *b.caption))
        made = [p, caption]
        if b.credit:
            keep_with_next(caption)
            credit = self.paragraph(box, "Caption")
            self.runs(credit, b.credit)
            made.append(credit)
        return made

    def table(self, box, b: m.Table) -> list:
        stacked = b.role == "matching" and bool(self.profile.min_size) and len(b.widths or ()) == 2
        if stacked:
            # as the PDF's large print: the items, then the choices, one a line across the width, set closer
            b = m.Table(tuple((row[0],) for row in b.rows) + tuple((row[1],) for row in b.rows if len(row) > 1),
                        widths=(1.0,), role="matching")
        rows = ([b.header] if b.header else []) + list(b.rows)
        table, first = self._add_table(box, len(rows), len(rows[0])), 0
        if b.role in ("grid", "rubric"):
            table._tbl.tblStyle_val = self._style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        self._table_layout(table, b.role, b.role in NESTED, b.widths or tuple(1 / len(rows[0]) for _ in rows[0]))
        made = []
        widths, cells = [column.width for column in table.columns], _row_cells(table)
        for r, row in enumerate(rows, first):
            for c, content in enumerate(row):
                tc = cells[r][c]
                tc.width = widths[c]
                p = tc.p_lst[0]
                set_style(p, self._style_ids["Table Text"])
                if b.role in ("matching", "ordering", "key"):
                    content = self._hang(p, content)
                if stacked:
                    ParagraphFormat(p).line_spacing = 1.0
                self.runs(p, content, bold=bool(b.header) and r == 0)
                made.append(p)
        if b.header:
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            tr_pr.append(header)
            for cell in table.rows[0].cells:
                shade = OxmlElement("w:shd")
                for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E6E6E6")):
                    shade.set(qn(k), v)
                cell._tc.get_or_add_tcPr().append(shade)
        self._cant_split(table, first)
        if b.role in ("matching", "ordering", "key"):
            # A short paragraph closes the question, as the PDF's space below it: the table's last row can keep
            # with it, so every row keeps with the next and the whole table stays with its prompt (LibreOffice
            # lets a table leave its prompt when only some rows keep with the next).
            space = add_paragraph(self._element(box))
            spacing = ParagraphFormat(space)
            spacing.space_after = Pt(0)
            spacing.line_spacing = Pt(6)
            spacing.line_spacing_rule = 4  # exact
            made.append(space)
        return made

    LABEL = re.compile(r"^(\s*)((?:\d+|[A-Z]{1,2})\.)\s+")

    def _hang(self, p, content: m.Inlines) -> m.Inlines:
        """A cell's leading "1." or "A." (after a write-in blank) hangs, as in the PDF: wrapped lines align with
        the item's text, not with its number or blank. Returns the content with a tab after the label."""
        at = next((i for i, n in enumerate(content) if isinstance(n, m.Text) and self.LABEL.match(n.text)), None)
        if at is None:
            return content
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from lessonpress.writers import fonts

        fonts.register("DejaVuSerif", ())  # read when measured
        node = content[at]
        found = self.LABEL.match(node.text)
        size = max(10 * self.profile.scale, self.profile.min_size)
        lead = m.plain(content[:at]) + found.group(1) + found.group(2)
        hang = stringWidth(lead + "\u2002", "DejaVuSerif", size) * 1.1  # Word's font may be a little wider
        pf = ParagraphFormat(p)
        pf.left_indent = Pt(hang)
        pf.first_line_indent = Pt(-hang)
        pf.tab_stops.add_tab_stop(Pt(hang))
        tabbed = m.Text(found.group(1) + found.group(2) + "\t" + node.text[found.end():])
        return (*content[:at], tabbed, *content[at + 1:])

    def _table_layout(self, table, role: str, nested: bool, widths: tuple[float, ...]) -> None:
        """The PDF's table: its left edge at the margin (or under a question's text), its cell text padded
        inside, and as wide as the text (less the indent)."""
        indent = Pt(self.profile.question_indent) if nested else 0
        total = self.text_width - indent
        left, right, top, bottom = PADDING.get(role, PADDING["grid"])
        table.autofit = False
        for c, column in enumerate(table.columns):
            column.width = Emu(int(total * widths[c]))
        # In Word's older layout (LibreOffice follows it) the indent places the cell text, not the edge.
        set_table_props(table._tbl, round(total / 635), round(indent / 635) + self._table_text * left * TWIPS,
                        {"top": top, "left": left, "bottom": bottom, "right": right},
                        GREY if self._table_style_name(table) == "Table Grid" else None)

    def _field_lines(self, content: m.Inlines) -> list[m.Inlines]:
        """The header's write-in fields on one line, or one a line where the PDF gives each its own (when the
        line is wider than the text in the PDF's font: large print)."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from lessonpress.writers import fonts

        prof = self.profile
        fonts.register(prof.pdf_sans, ())
        if stringWidth(m.plain(content), prof.pdf_sans, max(11 * prof.scale, prof.min_size)) <= prof.text_width:
            return [content]
        parts, current = [], []
        for node in content:
            current.append(node)
            if isinstance(node, m.Blank):
                parts.append(tuple(current))
                current = []
        if current and m.plain(tuple(current)).strip():
            parts.append(tuple(current))
        return [(m.Text(p[0].text.lstrip()), *p[1:]) if isinstance(p[0], m.Text) else p for p in parts]

    # -- helpers ---------------------------------------------------------------------------
    def _keep(self, paragraphs: list) -> None:
        """Keep paragraphs on one page: each keeps with the next, except those of the last table row (a row
        keeps with what follows if any of its paragraphs does) and the middle of a long run of answer lines:
        the first lines stay with the prompt and the last few together, the rest may go to the next page."""
        if not paragraphs:
            return
        last_row = row_of(paragraphs[-1])
        line_style = self._style_ids.get("Answer Line")
        runs: list[list] = [[]]
        for p in paragraphs:
            if style_id_of(p) == line_style:
                runs[-1].append(p)
            elif runs[-1]:
                runs.append([])
        free = {id(p) for run in runs if len(run) > 2 * LINES_KEPT for p in run[LINES_KEPT - 1:-LINES_KEPT]}
        for p in paragraphs[:-1]:
            if id(p) not in free and (last_row is None or row_of(p) is not last_row):
                keep_with_next(p)

    def _keep_start(self, paragraphs: list) -> None:
        """Keep headings with the first two paragraphs after them, or with the first table row."""
        headings = {self._style_ids[f"Heading {n}"] for n in (1, 2, 3)}
        content = 0
        for p in paragraphs[:-1]:
            if row_of(p) is not None:
                break  # the paragraph before keeps with the row; rows keep with nothing
            if style_id_of(p) not in headings:
                content += 1
                if content == 2:
                    break
            keep_with_next(p)

    @staticmethod
    def _cant_split(table, first: int = 0) -> None:
        for row in table.rows[first:]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
