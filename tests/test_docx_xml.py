"""The DOCX writer's own paragraphs, runs and properties, built as lxml elements: the XML python-docx's API makes."""

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor

from lessonpress.writers.docx_xml import (
    add_paragraph,
    add_run,
    add_table,
    keep_with_next,
    row_of,
    run_props,
    set_style,
    style_id_of,
)

TEXTS = ["word", "", " leading", "trailing ", "two  inner", "\u00a0no-break", "thin\u2009", "1.\t", "\tA",
         "a\tb\tc", "line\nbreak", "cr\rlf\r\n", "\n", "\t\t", " ", "tab \t space ", "ō “curly” — dash",
         "<script>&amp;"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("bold", "italic", "cite"), [(False, False, False), (True, False, False),
                                                      (False, True, False), (True, True, True), (None, None, None)])
def test_a_run_is_the_one_python_docx_makes(text, bold, italic, cite):
    d = docx.Document()
    ours, theirs = d.add_paragraph(), d.add_paragraph()
    add_run(ours._p, text, None if bold is None else run_props(bold, italic, cite))
    run = theirs.add_run(text)
    if bold is not None:
        if cite:
            run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
        run.bold = bold or None
        run.italic = italic or None
    assert ours._p.xml == theirs._p.xml
    assert ours.text == theirs.text == text.replace("\r", "\n")


def test_paragraphs_and_tables_go_before_the_section_and_at_the_end_of_a_cell():
    ours, theirs = docx.Document(), docx.Document()
    for d in (ours, theirs):
        d.add_paragraph("first")
        d.sections[-1].left_margin = 720_000
    add_table(ours, 1, 1)
    theirs.add_table(rows=1, cols=1)
    add_paragraph(ours.element.body, "Heading1")
    theirs.add_paragraph(style="Heading 1")
    add_paragraph(ours.element.body)
    theirs.add_paragraph()
    add_paragraph(ours.tables[0].cell(0, 0)._tc, "Quote")
    theirs.tables[0].cell(0, 0).add_paragraph(style="Quote")
    add_table(ours, 2, 3)
    theirs.add_table(rows=2, cols=3)
    assert ours.element.body.xml == theirs.element.body.xml
    assert ours.element.body[-1].tag == qn("w:sectPr")


PARAGRAPHS = [(None, ()), ("Heading1", ()), ("Quote", ("space_after",)), (None, ("space_after",)),
              ("Quote", ("alignment",)), ("Quote", ("keep",)), ("Quote", ("left_indent", "alignment"))]


def _paragraph(d, style, formats):
    p = d.add_paragraph("text, set before the properties")
    if style:
        p._p.style = style
    pf = p.paragraph_format
    for name in formats:
        if name == "space_after":
            pf.space_after = 12700
        elif name == "alignment":
            pf.alignment = 1
        elif name == "left_indent":
            pf.left_indent = 127000
        elif name == "keep":
            pf.keep_with_next = False  # a w:keepNext w:val="0", turned on again below
    return p


@pytest.mark.parametrize(("style", "formats"), PARAGRAPHS)
def test_keep_with_next_is_python_docxs(style, formats):
    d = docx.Document()
    ours, theirs = _paragraph(d, style, formats), _paragraph(d, style, formats)
    keep_with_next(ours._p)
    keep_with_next(ours._p)  # twice, as a question's paragraph kept with its group again
    theirs.paragraph_format.keep_with_next = True
    assert ours._p.xml == theirs._p.xml
    assert style_id_of(ours._p) == style == ours._p.style


@pytest.mark.parametrize(("style", "formats"), PARAGRAPHS)
def test_setting_a_style_is_python_docxs(style, formats):
    d = docx.Document()
    ours, theirs = _paragraph(d, style, formats), _paragraph(d, style, formats)
    set_style(ours._p, "TableText")
    theirs._p.style = "TableText"
    assert ours._p.xml == theirs._p.xml
    assert style_id_of(ours._p) == "TableText"


def test_a_paragraph_belongs_to_its_innermost_row():
    d = docx.Document()
    outer = d.add_table(rows=2, cols=1)
    cell = outer.cell(1, 0)
    inner = cell.add_table(rows=1, cols=2)
    inside = inner.cell(0, 1).paragraphs[0]._p
    assert row_of(inside) is inner.rows[0]._tr
    assert row_of(cell.paragraphs[0]._p) is outer.rows[1]._tr
    assert row_of(d.add_paragraph()._p) is None
