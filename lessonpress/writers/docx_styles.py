"""The Word styles of a profile: the type sizes, indents and spacing the PDF uses (from style.yaml), set on the
named styles a teacher can restyle in Word (Normal, Heading 1-3, Caption) and on lessonpress's own."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from lessonpress.writers.docx_xml import black, border, font
from lessonpress.writers.style_data import profile_values


@dataclass(frozen=True)
class Profile:
    """Type and spacing of one profile, from style.yaml (the same sizes as the PDF)."""

    scale: float
    min_size: float
    line_spacing: float
    answer_line: float
    font: str | None  # Word uses it where installed, else substitutes; the PDF embeds its font
    pdf_sans: str  # the PDF's sans font, to decide as the PDF does when the header fields need a line each
    left: float  # the PDF's page: left margin, text width, top and bottom margins, header/footer distance
    text_width: float
    text_height: float
    top: float
    bottom: float
    header_at: float
    number_em: float  # a question's hanging indent, in ems of its type size

    @property
    def question_indent(self) -> float:
        """Points from the margin to a question's text: room for "10." and a gap at the profile's size."""
        return round(self.number_em * max(11 * self.scale, self.min_size), 1)


def profile_for(name: str) -> Profile:
    v, base = profile_values(name), profile_values("standard")
    page = v["page"]
    return Profile(v["body"] / base["body"], v["min_size"], v["word_line_spacing"], v["answer_line"], v["word_font"],
                   v["fonts"]["sans"], page["left"], page["text_width"], page["text_height"], page["top"],
                   page["bottom"], page["header_at"], v["word_number_em"])


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
    "Table Text": ("Normal", 10, False, False, 0, 0, 0),  # the PDF's table cells: 10 pt, no space after
    "Excerpt": ("Normal", 11, False, False, 0, 0, 5),  # a source document's text, in its box
    "Source Note": ("Normal", 9.5, False, False, 0, 0, 2),  # "Source: author, kind, date, where."
}
ROLE_STYLE = {"body": "Normal", "reading": "Reading", "subtitle": "Subtitle", "instructions": "Instructions",
              "header-field": "Header Field", "note": "Note", "key-prompt": "Key Prompt", "evidence": "Evidence",
              "term": "Normal", "hanging": "Hanging", "total": "Total", "bank": "Normal",
              "excerpt": "Excerpt", "source": "Source Note", "central": "Normal"}


def style_document(d, prof: Profile, profile_name: str, reference) -> None:
    """Word's named styles as the profile sets them (the PDF's sizes and spacing), and lessonpress's own; a
    reference document keeps its own type and headings."""
    styles = d.styles
    normal = styles["Normal"]
    k = prof.scale
    if reference is None:
        normal.font.size = Pt(11 * k)
        normal.paragraph_format.space_after = Pt(4 * k)
        normal.paragraph_format.line_spacing = prof.line_spacing
        normal.paragraph_format.widow_control = True  # as the PDF: no last line alone atop a page
        if prof.font:
            for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
                font(styles[name], prof.font)
        sp = profile_values(profile_name)["paragraph_space"]
        for level, size, before, after in ((1, 18, 0, 4), (2, 13, 12, 4), (3, 11, 8, 2)):  # the PDF's
            heading = styles[f"Heading {level}"]
            heading.font.size = Pt(max(size * k, prof.min_size))
            heading.paragraph_format.space_before = Pt(before * k * sp)
            heading.paragraph_format.space_after = Pt(after * k * sp)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
            black(styles[name])
        subtitle = styles["Subtitle"]  # the PDF's: upright, 10 pt scaled, no letter spacing
        subtitle.font.italic = None
        subtitle.font.size = Pt(10 * k)
        spacing = subtitle.element.rPr.find(qn("w:spacing"))
        if spacing is not None:
            subtitle.element.rPr.remove(spacing)
    q = prof.question_indent / 72  # inches, as the table below
    names = {s.name for s in styles}
    for name, (base, size, bold, italic, left, hanging, after) in CUSTOM_STYLES.items():
        if name in names:
            continue
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        small = name in ("Evidence",)
        st.font.size = Pt(size * k if small else max(size * k, prof.min_size))
        st.font.bold = bold or None
        st.font.italic = italic or None
        pf = st.paragraph_format
        # indents grow with the type, as the PDF's; question bodies line up under the question's text
        left, hanging = left * k, hanging * k
        if name in ("Question", "Answer Line", "Evidence", "Key Prompt", "Note"):
            left, hanging = q, q if hanging else 0
        if name == "Choice":  # room for "○ A." before the text at every type size, so the tab reaches
            hanging = 0.45 * max(k, 1)  # the indent and wrapped lines align with the first
            left = q + hanging
        pf.left_indent = Inches(left) if left else None
        pf.first_line_indent = -Inches(hanging) if hanging else None
        pf.space_after = Pt(after)
        if name == "Reading":
            pf.right_indent = Pt(20 * k)  # as the PDF's reading passage
        if name == "Answer Line":
            pf.line_spacing = Pt(prof.answer_line)
            pf.line_spacing_rule = 4  # exact
            border(st, ("w:bottom", "w:between"))
        st.quick_style = True
    if "Question" not in names:
        styles["Question"].paragraph_format.space_before = Pt(8)
    _caption_style(styles, "Caption" in names, prof, reference)


def _caption_style(styles, present: bool, prof: Profile, reference) -> None:
    """Word's Caption style as the PDF sets a figure's caption: black, upright, 9.5 pt scaled (never under the
    profile's least size); a reference document's own Caption is kept as it is."""
    if present and reference is not None:
        return
    st = styles["Caption"] if present else styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)
    if not present:
        st.base_style = styles["Normal"]
    st.font.size = Pt(max(9.5 * prof.scale, prof.min_size))
    st.font.italic = st.font.bold = None
    black(st)
    st.paragraph_format.space_before = Pt(2 * prof.scale)
    st.paragraph_format.space_after = Pt(6 * prof.scale)
    st.quick_style = True


def header_styles(d, prof: Profile, reference) -> None:
    """The header's and footer's styles: the profile's type size, a tab stop at the right edge of the text."""
    for name, edge in (("Header", "w:bottom"), ("Footer", "w:top")):
        style = d.styles[name]
        # as in the PDF: never under the profile's least size (18 pt in large print)
        style.font.size = Pt(max(8.5 * prof.scale, prof.min_size) if prof.min_size else min(8.5 * prof.scale, 12))
        stops = style.paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Pt(prof.text_width), WD_TAB_ALIGNMENT.RIGHT)
        if reference is None:
            border(style, (edge,), space=3)  # the PDF's rule under the header, over the footer
