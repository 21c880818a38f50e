"""The Word files of the sample lesson, read back with python-docx: text, named styles, page set-up."""

import io
import zipfile

import docx
from docx.shared import Inches

from tests.conftest import docx_text


def open_docx(path):
    return docx.Document(io.BytesIO(path.read_bytes()))


def test_worksheet_uses_named_styles_in_order(sample_output):
    d = open_docx(sample_output / "worksheet.docx")
    styles = [p.style.name for p in d.paragraphs if p.text.strip()]
    assert styles[0] == "Header Field" and styles[1] == "Heading 1"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Part A: Multiple Choice (4 points)", "Part B: True or False (3 points)",
                        "Part C: Fill in the Blank (2 points)", "Part D: Matching (5 points)",
                        "Part E: Chronological Order (2 points)", "Part F: Short Answer (7 points)",
                        "Part G: Essay (10 points)"]
    questions = [p.text.split("\t")[0] for p in d.paragraphs if p.style.name == "Question"]
    assert questions == [f"{n}." for n in range(1, 17)]
    assert sum(1 for p in d.paragraphs if p.style.name == "Answer Line") >= 20
    assert any(t.style.name == "Table Grid" for t in d.tables)


def test_question_keeps_with_its_answer_space(sample_output):
    d = open_docx(sample_output / "worksheet.docx")
    paragraphs = d.paragraphs
    for i, p in enumerate(paragraphs):
        if p.style.name == "Question" and i + 1 < len(paragraphs) and paragraphs[i + 1].style.name == "Choice":
            assert p.paragraph_format.keep_with_next
            j = i + 1
            while paragraphs[j + 1].style.name == "Choice":
                assert paragraphs[j].paragraph_format.keep_with_next
                j += 1


def test_page_setup_header_footer_and_properties(sample_output):
    d = open_docx(sample_output / "worksheet.docx")
    sec = d.sections[0]
    assert (sec.page_width, sec.page_height) == (Inches(8.5), Inches(11))
    assert min(sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin) >= Inches(0.75)
    assert "Tensions and Treaties · Worksheet" in sec.header.paragraphs[0].text
    footer_xml = sec.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    props = d.core_properties
    assert props.title == "Tensions and Treaties — Worksheet" and props.language == "en"


def test_text_is_complete_and_unicode_survives(sample_output):
    text = docx_text(sample_output / "worksheet.docx")
    assert "Name" in text and "Period" in text
    assert "The “right to pursue their calling in Russian Far Eastern waters”" in text
    key = docx_text(sample_output / "answer-key.docx")
    assert "1.\tB. The “right to pursue their calling in Russian Far Eastern waters”" in key
    assert "Total: 33 points (16 questions)" in key
    assert "Evidence: Jones, pg. 183 · Reading ¶ 6" in key


def test_ordered_lists_restart_at_one(sample_output):
    d = open_docx(sample_output / "answer-key.docx")
    numbered = [p for p in d.paragraphs if p.style.name == "List Number"]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert numbered and len(num_ids) >= 1
    numbering = d.part.numbering_part.element
    for num_id in num_ids:
        num = next(n for n in numbering.num_lst if n.numId == num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_package_is_reproducible_zip(sample_output):
    with zipfile.ZipFile(sample_output / "worksheet.docx") as z:
        assert z.testzip() is None
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_every_docx_uses_heading_styles_in_order(sample_output):
    for path in sorted(sample_output.glob("*.docx")):
        d = open_docx(path)
        levels = [int(p.style.name.split()[-1]) for p in d.paragraphs if p.style.name.startswith("Heading ")]
        assert levels and levels[0] == 1, path.name
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path.name, levels)


def test_forms_and_large_print_in_word(cli, project):
    """Word copies carry the form letter at the right of the header, as the PDF; in large print the header
    and footer fit on one line, points are as large as the PDF's, and choice text lines up when it wraps."""
    from docx.shared import Pt

    assert cli("build", "--format", "docx", "--versions", "2", cwd=project, root=project).code == 0
    assert cli("build", "--format", "docx", "--profile", "large-print", cwd=project, root=project).code == 0
    out = project / "output" / "every-type"
    head = open_docx(out / "worksheet-B.docx").sections[0].header.paragraphs[0].text
    assert head.split("\t")[1] == "Form B" and head.split("\t")[0].endswith(" · Worksheet"), head
    large = open_docx(out / "worksheet-large-print.docx")
    sec = large.sections[0]
    assert sec.header.paragraphs[0].text.endswith("\t")  # no course title squeezed in beside the lesson's
    assert sec.footer.paragraphs[0].text.split("\t")[0] == large.core_properties.title.split(" — ")[0]
    points = [r for p in large.paragraphs for r in p.runs if r.text.startswith("(") and "point" in r.text]
    assert points and all(r.font.size >= Pt(14) for r in points)
    choice = large.styles["Choice"].paragraph_format
    assert choice.left_indent + choice.first_line_indent >= Pt(20)  # "○ A." starts where the question text does
    assert -choice.first_line_indent >= Inches(0.7)  # and room to end before the text's tab at 18 pt
