"""The DOCX writer: document-model blocks to named Word styles, so teachers can restyle in Word."""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Mm, Pt, RGBColor

from lessonpress import model as m
from lessonpress.writers.style_data import profile_values

PAPER = {"letter": (Inches(8.5), Inches(11)), "a4": (Mm(210), Mm(297))}
FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
TEXT_WIDTH = Inches(6.5)  # fits A4 (6.52 in between 1 in and 0.75 in margins) and Letter (6.75 in)


@dataclass(frozen=True)
class Profile:
    """Type and spacing of one profile, from style.yaml (the same sizes as the PDF)."""

    scale: float
    min_size: float
    line_spacing: float
    answer_line: float
    font: str | None  # Word uses it where installed, else substitutes; the PDF embeds its font


def profile_for(name: str) -> Profile:
    v, base = profile_values(name), profile_values("standard")
    return Profile(v["body"] / base["body"], v["min_size"], v["word_line_spacing"], v["answer_line"], v["word_font"])


# style name -> (base, size pt, bold, italic, left indent in, hanging in, space after pt)
CUSTOM_STYLES = {
    "Reading": ("Normal", 11.5, False, False, 0.35, 0.35, 6),
    "Instructions": ("Normal", 11, False, True, 0, 0, 4),
    "Question": ("Normal", 11, False, False, 0.3, 0.3, 2),
    "Choice": ("Normal", 10.5, False, False, 0.55, 0.25, 0),
    "Answer Line": ("Normal", 11, False, False, 0.3, 0, 0),
    "Evidence": ("Normal", 9, False, False, 0.3, 0, 4),
    "Key Prompt": ("Normal", 10, False, True, 0.3, 0, 2),
    "Note": ("Normal", 10, False, False, 0.3, 0, 2),
    "Header Field": ("Normal", 11, False, False, 0, 0, 8),
    "Hanging": ("Normal", 10, False, False, 0.4, 0.4, 4),
    "Box Title": ("Normal", 10.5, True, False, 0, 0, 2),
    "Total": ("Normal", 12, False, False, 0, 0, 4),
}
ROLE_STYLE = {"body": "Normal", "reading": "Reading", "subtitle": "Subtitle", "instructions": "Instructions",
              "header-field": "Header Field", "note": "Note", "key-prompt": "Key Prompt", "evidence": "Evidence",
              "term": "Normal", "hanging": "Hanging", "total": "Total", "bank": "Normal"}


def _zip_normalised(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps and order, so the same input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _field(paragraph, instr: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _font(style, name: str) -> None:
    """Set a style's font for every script slot, so Word does not keep the theme font anywhere."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)


def _border_bottom(style) -> None:
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    # Word joins neighbouring paragraphs with the same border into one box: "between" rules each line.
    for edge in ("w:bottom", "w:between"):
        rule = OxmlElement(edge)
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "595959")):
            rule.set(qn(k), v)
        bdr.append(rule)
    ppr.append(bdr)


class DocxWriter:
    name = "docx"
    suffix = ".docx"

    def __init__(self, profile: str = "standard", reference: Path | None = None):
        self.reference = reference
        self.profile = profile_for(profile)
        self.standard = profile == "standard"

    def write(self, doc: m.Document) -> bytes:
        d = docx.Document(str(self.reference) if self.reference else None)
        self._styles(d)
        self._style_ids = {st.name: st.style_id for st in d.styles}
        self._page(d, doc)
        self._list_count = 0
        for block in doc.header + doc.blocks:
            self.block(d, block)
        props = d.core_properties
        props.title = f"{doc.title} — {doc.kind_label}"
        props.author = doc.author or doc.course_title
        props.subject = doc.course_title
        props.language = doc.language
        props.last_modified_by = "lessonpress"
        props.created = props.modified = FIXED_TIME
        props.last_printed = FIXED_TIME
        props.revision = 1
        props.comments = ""
        buf = io.BytesIO()
        d.save(buf)
        return _zip_normalised(buf.getvalue())

    # -- set-up ----------------------------------------------------------------------------
    def _styles(self, d) -> None:
        styles = d.styles
        normal = styles["Normal"]
        prof = self.profile
        if self.reference is None:
            normal.font.size = Pt(11 * prof.scale)
            normal.paragraph_format.space_after = Pt(4 * prof.scale)
            normal.paragraph_format.line_spacing = prof.line_spacing
            if prof.font:
                for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
                    _font(styles[name], prof.font)
            for level, size in ((1, 16), (2, 13), (3, 11)):
                styles[f"Heading {level}"].font.size = Pt(max(size * prof.scale, prof.min_size))
        names = {s.name for s in styles}
        for name, (base, size, bold, italic, left, hanging, after) in CUSTOM_STYLES.items():
            if name in names:
                continue
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles[base]
            small = name in ("Evidence",)
            st.font.size = Pt(size * prof.scale if small else max(size * prof.scale, prof.min_size))
            st.font.bold = bold or None
            st.font.italic = italic or None
            pf = st.paragraph_format
            if name == "Choice":  # room for "○ A." before the text at every type size, so the tab reaches
                hanging = 0.45 * max(prof.scale, 1)  # the indent and wrapped lines align with the first
                left = 0.3 + hanging
            pf.left_indent = Inches(left) if left else None
            pf.first_line_indent = -Inches(hanging) if hanging else None
            pf.space_after = Pt(after)
            if name == "Answer Line":
                pf.line_spacing = Pt(prof.answer_line)
                pf.line_spacing_rule = 4  # exact
                _border_bottom(st)
            st.quick_style = True
        if "Question" not in names:
            styles["Question"].paragraph_format.space_before = Pt(8)

    def _page(self, d, doc: m.Document) -> None:
        sec = d.sections[0]
        sec.page_width, sec.page_height = PAPER[doc.paper]
        sec.left_margin, sec.right_margin = Inches(1), Inches(0.75)
        sec.top_margin, sec.bottom_margin = Inches(1.1), Inches(1)
        sec.header_distance = sec.footer_distance = Inches(0.6)
        for name in ("Header", "Footer"):
            style = d.styles[name]
            style.font.size = Pt(min(8.5 * self.profile.scale, 12))  # as in the PDF
            stops = style.paragraph_format.tab_stops
            stops.clear_all()
            stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        # As the PDF: the form letter at the right, else the course (left out in larger type, where it
        # would not fit on the line); the footer of larger type names only the lesson.
        head = sec.header.paragraphs[0]
        right = f"Form {doc.form}" if doc.form else doc.course_title if self.standard else ""
        head.text = f"{doc.title} · {doc.kind_label}\t{right}"
        foot = sec.footer.paragraphs[0]
        foot.text = f"{doc.footer if self.standard else doc.title}\t"
        foot.add_run("Page ").bold = True
        _field(foot, "PAGE")
        foot.add_run(" of ").bold = True
        _field(foot, "NUMPAGES")

    # -- blocks ----------------------------------------------------------------------------
    def runs(self, paragraph, content: m.Inlines, bold: bool = False, italic: bool = False) -> None:
        for node in content:
            if isinstance(node, (m.Text, m.Cite)):
                run = paragraph.add_run(node.text)
                if isinstance(node, m.Cite):
                    run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
            elif isinstance(node, m.Blank):
                run = paragraph.add_run("_" * node.width)
            elif isinstance(node, m.Strong):
                self.runs(paragraph, node.children, True, italic)
                continue
            elif isinstance(node, m.Emph):
                self.runs(paragraph, node.children, bold, True)
                continue
            else:
                raise TypeError(f"docx writer: unknown inline {type(node).__name__}")
            run.bold = bold or None
            run.italic = italic or None

    def para(self, box, content: m.Inlines, style: str):
        p = self.paragraph(box, style)
        self.runs(p, content)
        return p

    def paragraph(self, box, style: str):
        """A new paragraph in a named style (python-docx's own lookup by name scans every style, slowly)."""
        p = box.add_paragraph()
        if style != "Normal":
            p._p.style = self._style_ids[style]
        return p

    def block(self, box, b: m.Block) -> list:
        """Render a block into a document or table cell; returns the paragraphs it made."""
        if isinstance(b, m.Heading):
            p = self.para(box, b.content, f"Heading {min(b.level, 3)}")
            p.paragraph_format.keep_with_next = True
            return [p]
        if isinstance(b, m.Para):
            if b.number is not None:
                p = self.paragraph(box, "Reading")
                p.add_run(f"{b.number}\t").bold = True
                self.runs(p, b.content)
                return [p]
            return [self.para(box, b.content, ROLE_STYLE.get(b.role, "Normal"))]
        if isinstance(b, m.ItemList):
            made = [self.para(box, item, "List Number" if b.ordered else "List Bullet") for item in b.items]
            if b.ordered and made:
                self._restart_numbering(box, made)
            return made
        if isinstance(b, m.Choices):
            if b.inline:
                p = self.paragraph(box, "Choice")
                for _label, content in b.options:
                    p.add_run("○ ")
                    self.runs(p, content)
                    p.add_run("\t")
                return [p]
            made = []
            for label, content in b.options:
                p = self.paragraph(box, "Choice")
                p.add_run(f"○ {label}.\t")
                self.runs(p, content)
                made.append(p)
            return made
        if isinstance(b, m.AnswerSpace):
            return [self.paragraph(box, "Answer Line") for _ in range(b.lines)]
        if isinstance(b, m.Table):
            return self.table(box, b)
        if isinstance(b, m.Box):
            table = box.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            cell = table.cell(0, 0)
            made = []
            if b.title:
                cell.paragraphs[0].style = "Box Title"
                cell.paragraphs[0].add_run(b.title)
                made.append(cell.paragraphs[0])
            for inner in b.blocks:
                made += self.block(cell, inner)
            self._cant_split(table)
            return made
        if isinstance(b, (m.Question, m.Answer)):
            p = self.paragraph(box, "Question")
            p.add_run(f"{b.number}.\t").bold = True
            if isinstance(b, m.Question) or b.headline:
                self.runs(p, b.prompt if isinstance(b, m.Question) else b.headline)
                p.add_run(" ")
            label = b.points_label if isinstance(b, m.Answer) and b.points_label else None
            points = p.add_run(label or f"({b.points} point{'s' if b.points != 1 else ''})")
            points.font.size = Pt(9 * self.profile.scale)  # as in the PDF
            made = [p]
            for inner in (b.body if isinstance(b, m.Question) else b.content):
                made += self.block(box, inner)
            self._keep(made)
            return made
        if isinstance(b, m.KeepTogether):
            made = [p for inner in b.blocks for p in self.block(box, inner)]
            self._keep(made)
            return made
        if isinstance(b, m.PageBreak):
            p = box.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
            return [p]
        raise TypeError(f"docx writer: unknown block {type(b).__name__}")

    def table(self, box, b: m.Table) -> list:
        rows = ([b.header] if b.header else []) + list(b.rows)
        ncols = len(rows[0])
        table = box.add_table(rows=len(rows), cols=ncols)
        if b.role in ("grid", "continued", "rubric"):
            table.style = "Table Grid"
        widths = b.widths or tuple(1 / ncols for _ in range(ncols))
        table.autofit = False
        for c, column in enumerate(table.columns):
            column.width = Emu(int(TEXT_WIDTH * widths[c]))
        made = []
        for r, row in enumerate(rows):
            for c, content in enumerate(row):
                cell = table.cell(r, c)
                cell.width = Emu(int(TEXT_WIDTH * widths[c]))
                p = cell.paragraphs[0]
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
        self._cant_split(table)
        return made

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _keep(paragraphs: list) -> None:
        """Keep paragraphs on one page: each keeps with the next, except the last."""
        for p in paragraphs[:-1]:
            p.paragraph_format.keep_with_next = True

    @staticmethod
    def _cant_split(table) -> None:
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    def _restart_numbering(self, box, paragraphs: list) -> None:
        """Make this numbered list start at 1 instead of continuing the previous one."""
        part = paragraphs[0].part
        numbering = part.numbering_part.numbering_definitions._numbering
        style = paragraphs[0].style
        num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
        if num_pr is None or num_pr.find(qn("w:numId")) is None:
            return
        base_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        base = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == base_id)
        new = copy.deepcopy(base)
        new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
        new.set(qn("w:numId"), new_id)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        new.append(override)
        numbering.append(new)
        for p in paragraphs:
            ppr = p._p.get_or_add_pPr()
            pr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            num = OxmlElement("w:numId")
            num.set(qn("w:val"), new_id)
            pr.append(ilvl)
            pr.append(num)
            ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, pr)
