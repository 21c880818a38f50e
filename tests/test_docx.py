"""The Word files of the sample lesson, read back with python-docx: text, named styles, page set-up."""

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import docx.document
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from lessonpress.writers.style_data import profile_values
from tests.conftest import SAMPLE as SAMPLE_LESSON
from tests.conftest import docx_controls, docx_paragraphs, docx_parts, docx_text

TWIP = Twips(1)


def open_docx(path):
    return docx.Document(io.BytesIO(path.read_bytes()))


def test_worksheet_uses_named_styles_in_order(sample_output):
    d = open_docx(sample_output / "worksheet.docx")
    styles = [p.style.name for p in docx_paragraphs(d) if p.text.strip()]
    assert styles[0] == "Header Field" and styles[1] == "Heading 1"
    headings = [p.text for p in docx_paragraphs(d) if p.style.name == "Heading 2"]
    assert headings == ["Part A: Multiple Choice (4 points)", "Part B: True or False (3 points)",
                        "Part C: Fill in the Blank (4 points)", "Part D: Matching (5 points)",
                        "Part E: Chronological Order (2 points)", "Part F: Short Answer (7 points)",
                        "Part G: Essay (10 points)"]
    questions = [p.text.split("\t")[0] for p in docx_paragraphs(d) if p.style.name == "Question"]
    assert questions == [f"{n}." for n in range(1, 17)]
    assert sum(1 for p in docx_paragraphs(d) if p.style.name == "Answer Line") >= 20
    assert any(t.style.name == "Table Grid" for t in d.tables)


def test_question_keeps_with_its_answer_space(sample_output):
    d = open_docx(sample_output / "worksheet.docx")
    paragraphs = docx_paragraphs(d)
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
    assert "Total: 35 points (16 questions)" in key
    assert "Evidence: Jones, pg. 183 · Reading\u00a0¶\u00a06" in key  # never broken inside


def test_ordered_lists_restart_at_one(sample_output):
    d = open_docx(sample_output / "answer-key.docx")
    numbered = [p for p in docx_paragraphs(d) if p.style.name == "List Number"]
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
        levels = [int(p.style.name.split()[-1]) for p in docx_paragraphs(d) if p.style.name.startswith("Heading ")]
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
    assert head.split("\t")[1] == "Form\u00a0B" and head.split("\t")[0].endswith(" · Worksheet"), head
    large = open_docx(out / "worksheet-large-print.docx")
    sec = large.sections[0]
    assert sec.header.paragraphs[0].text.endswith("\t")  # no course title squeezed in beside the lesson's
    assert sec.footer.paragraphs[0].text.split("\t")[0] == large.core_properties.title.split(" — ")[0]
    points = [r for p in docx_paragraphs(large) for r in p.runs if r.text.startswith("(") and "point" in r.text]
    assert points and all(r.font.size >= Pt(14) for r in points)
    choice = large.styles["Choice"].paragraph_format
    assert choice.left_indent + choice.first_line_indent >= Pt(20)  # "○ A." starts where the question text does
    assert -choice.first_line_indent >= Inches(0.7)  # and room to end before the text's tab at 18 pt


# -- the Word copies match the PDFs (issue 8) -----------------------------------------------------------------

PROFILES = ("standard", "large-print", "dyslexia")


@pytest.fixture(scope="module")
def word_copies(tmp_path_factory) -> dict[str, Path]:
    """The sample lesson's Word files in every profile and on A4: {"standard": folder, ..., "a4": folder}."""
    from lessonpress.cli import main
    from tests.conftest import COURSE, ROOT, SAMPLE

    out = tmp_path_factory.mktemp("word")
    folders = {}
    for name, args in [(p, ["--profile", p]) for p in PROFILES] + [("a4", ["--paper", "a4"])]:
        assert main(["build", str(SAMPLE), str(COURSE), "--out", str(out / name), "-q", "--format", "docx", *args],
                    root=ROOT) == 0
        folders[name] = out / name / SAMPLE.stem
    return folders


def worksheet(folders, name) -> docx.document.Document:
    suffix = "" if name in ("standard", "a4") else f"-{name}"
    return open_docx(folders[name] / f"worksheet{suffix}.docx")


def text_width(sec) -> int:
    return Emu(sec.page_width - sec.left_margin - sec.right_margin)


def test_page_and_text_width_are_the_pdfs_on_letter_and_a4(word_copies):
    page = profile_values()["page"]
    for name in ("standard", "a4"):
        sec = worksheet(word_copies, name).sections[0]
        assert abs(sec.page_width - (Inches(8.5) if name == "standard" else Mm(210))) <= TWIP, name
        assert sec.left_margin == Pt(page["left"])
        assert abs(text_width(sec) - Pt(page["text_width"])) <= TWIP, (name, text_width(sec).pt)
        assert (sec.top_margin, sec.bottom_margin) == (Pt(page["top"]), Pt(page["bottom"]))
        assert min(sec.header_distance, sec.footer_distance) >= Inches(0.75)  # header and footer ink inside
        for style in ("Header", "Footer"):
            stops = worksheet(word_copies, name).styles[style].paragraph_format.tab_stops
            assert [s.position for s in stops] == [Pt(page["text_width"])], (name, style)


def test_every_row_stays_whole_and_header_rows_repeat(word_copies):
    for folder in word_copies.values():
        for path in folder.glob("*.docx"):
            for tbl in open_docx(path).element.body.iter(qn("w:tbl")):
                rows = tbl.findall(qn("w:tr"))
                assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows), path.name
                shaded = [tr for tr in rows if tr.find(f".//{qn('w:shd')}") is not None]  # the header fill
                assert all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in shaded), path.name
    # a table the builder splits after its first row (the timing) is one Word table, so its header repeats
    plan = open_docx(word_copies["standard"] / "lesson-plan.docx")
    timing = [t for t in plan.tables if t.cell(0, 0).text == "Minutes"]
    assert len(timing) == 1 and len(timing[0].rows) > 2
    assert timing[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_headings_are_black(word_copies):
    for name in PROFILES:
        styles = worksheet(word_copies, name).styles
        for style in ("Heading 1", "Heading 2", "Heading 3", "Subtitle"):
            color = styles[style].element.rPr.find(qn("w:color"))
            assert color is None or (color.get(qn("w:val")) == "000000"
                                     and color.get(qn("w:themeColor")) is None), (name, style)


def test_tables_start_at_the_text_edge_with_the_pdfs_padding(word_copies):
    """Word's older table layout (python-docx's template: compatibility mode 14, followed by LibreOffice) puts
    the first cell's text at the indent, so the indent is the edge's offset plus the left cell margin; the edge
    sits at the margin, or under the question's text for a question's table, as in the PDF."""
    for name in PROFILES:
        d = worksheet(word_copies, name)
        assert d.settings.element.xpath('.//w:compatSetting[@w:name="compatibilityMode"]/@w:val') == ["14"]
        question = Emu(-d.styles["Question"].paragraph_format.first_line_indent)
        tables = list(d.element.body.iter(qn("w:tbl")))
        assert tables
        for tbl in tables:
            pr = tbl.tblPr
            indent = int(pr.find(qn("w:tblInd")).get(qn("w:w")))
            pad = int(pr.find(f"{qn('w:tblCellMar')}/{qn('w:left')}").get(qn("w:w")))
            width = int(pr.find(qn("w:tblW")).get(qn("w:w")))
            edge = Emu(Twips(indent - pad))
            assert abs(edge) <= TWIP or abs(edge - question) <= TWIP, (name, edge.pt)
            assert abs(edge + Twips(width) - Pt(469)) <= TWIP, (name, edge.pt, width)  # right edge at the text's
            assert pad in (0, 120, 160)  # the PDF's: none for matching and ordering, 6 pt, 8 pt in a box


def test_large_print_header_puts_each_field_on_its_own_line(word_copies):
    fields = [p.text for p in docx_paragraphs(worksheet(word_copies, "large-print")) if p.style.name == "Header Field"]
    assert [f.split(" ")[0] for f in fields[:3]] == ["Name", "Date", "Period"], fields
    assert all(f.count("_") == len(f) - len(f.split(" ")[0]) - 1 for f in fields[:3])  # no other text
    standard = [p.text for p in docx_paragraphs(worksheet(word_copies, "standard")) if p.style.name == "Header Field"]
    assert standard[0].startswith("Name") and "Period" in standard[0]  # one line where it fits, as the PDF


def test_question_number_never_touches_its_text(word_copies):
    """The hanging indent holds "10." in the widest bold font Word may draw it in (DejaVu, LibreOffice's stand-in
    for Calibri) and a quarter em of space, at the profile's size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from lessonpress.writers import fonts

    for family in ("DejaVuSans", "DejaVuSerif"):
        fonts.register(family)
    for name in PROFILES:
        style = worksheet(word_copies, name).styles["Question"]
        size = style.font.size.pt
        need = max(stringWidth("10.", f"{f}-Bold", size) for f in ("DejaVuSans", "DejaVuSerif")) + size / 4
        hanging = Emu(-style.paragraph_format.first_line_indent)
        assert hanging.pt >= need, (name, hanging.pt, need)
        assert style.paragraph_format.left_indent == hanging  # the number at the margin, the text at the indent


def test_answer_lines_stay_inside_the_text(word_copies):
    for name in (*PROFILES, "a4"):
        d = worksheet(word_copies, name)
        line = d.styles["Answer Line"].paragraph_format
        assert (line.right_indent or 0) >= 0 and (line.left_indent or 0) >= 0
        right = Emu(text_width(d.sections[0]) - (line.right_indent or 0))
        assert right <= Pt(469) + TWIP, (name, right.pt)
        assert line.left_indent == -d.styles["Question"].paragraph_format.first_line_indent  # under the text


def test_matching_and_ordering_stay_with_their_prompt(word_copies):
    """Every paragraph from the prompt to the table's last row keeps with the next (Word keeps a table whole
    when every row keeps with the next); the short paragraph closing the question does not."""
    for name in PROFILES:
        d = worksheet(word_copies, name)
        body = list(d.element.body)
        for prompt in ("Match each", "Put these"):
            i = next(i for i, e in enumerate(body) if e.tag == qn("w:p") and prompt in "".join(e.itertext()))
            assert body[i + 1].tag == qn("w:tbl") and body[i + 2].tag == qn("w:p"), (name, prompt)
            kept = [body[i], *body[i + 1].iter(qn("w:p"))]
            assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in kept), (name, prompt)
            assert body[i + 2].find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_draws_the_worksheet_inside_the_pdfs_text_block(word_copies, tmp_path):
    """Converted by LibreOffice: every character and rule lies within the PDF's text block (72 to 541 pt), and
    the rubric table's edge lines up with the question text with its cell text 6 pt in, as the PDF draws it."""
    import pdfplumber

    src = word_copies["standard"] / "worksheet.docx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    with pdfplumber.open(tmp_path / "worksheet.pdf") as pdf:
        for page in pdf.pages:
            xs = [(c["x0"], c["x1"]) for c in page.chars if c["text"].strip()]
            xs += [(e["x0"], e["x1"]) for e in page.edges]
            assert min(x0 for x0, _ in xs) >= 72 - 1 and max(x1 for _, x1 in xs) <= 72 + 469 + 1, page.page_number
            words = page.extract_words()
            heads = [w for w in words if w["text"] == "Part"]
            assert all(abs(w["x0"] - 72) <= 2 for w in heads)  # body text at the margin
            if any(w["text"] == "16." for w in words):
                number = next(w for w in words if w["text"] == "16.")
                text = min((w for w in words if abs(w["top"] - number["top"]) < 2 and w["x0"] > number["x1"]),
                           key=lambda w: w["x0"])
                cell = next(w for w in words if w["text"] == "States")  # the rubric's first criterion
                edge = min(e["x0"] for e in page.edges if e["orientation"] == "v" and e["top"] <= cell["top"] + 2
                           and e["bottom"] >= cell["bottom"] - 2)
                assert abs(edge - text["x0"]) <= 2, (edge, text["x0"])
                assert abs(cell["x0"] - edge - 6) <= 2, (cell["x0"], edge)
                assert text["x0"] - number["x1"] >= 11 / 4  # the number clear of the prompt


def test_long_groups_keep_only_their_start_and_long_essays_may_continue(word_copies):
    """A heading with a list keeps with its first two paragraphs, not the whole list (which would leave a page
    half empty); an essay's many answer lines keep their first and last three together, the middle may break."""
    plan = docx_paragraphs(open_docx(word_copies["large-print"] / "lesson-plan-large-print.docx"))
    i = next(i for i, p in enumerate(plan) if p.text == "Materials")
    kept = [p.paragraph_format.keep_with_next for p in plan[i:i + 4]]
    assert kept == [True, True, None, None], kept
    for name in PROFILES:
        paragraphs = docx_paragraphs(worksheet(word_copies, name))
        lines = [p for p in paragraphs[next(i for i, p in enumerate(paragraphs) if p.text.startswith("16.")):]
                 if p.style.name == "Answer Line"]
        assert len(lines) > 6, name
        kept = [bool(p.paragraph_format.keep_with_next) for p in lines]
        assert kept[:3] == [True, True, False] and kept[-3:] == [True, True, False], (name, kept)
        assert not any(kept[2:-3]), (name, kept)


def test_word_files_declare_their_language_title_and_header_rows_for_screen_readers(sample_output):
    for name in ("worksheet", "answer-key", "lesson-plan"):
        d = open_docx(sample_output / f"{name}.docx")
        lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "en", name  # the course's language
        assert d.core_properties.title.endswith(("Worksheet", "Answer Key", "Lesson Plan")), d.core_properties.title
    plan = open_docx(sample_output / "lesson-plan.docx")
    headed = [t for t in plan.tables if t.rows[0]._tr.trPr is not None
              and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert headed, "the lesson plan's tables mark their header rows to repeat"


def test_large_print_running_text_and_points_are_at_least_18_pt(word_copies):
    """As the PDF: in large print the header, the footer and every points label are 18 pt or more."""
    d = worksheet(word_copies, "large-print")
    for name in ("Header", "Footer"):
        assert d.styles[name].font.size >= Pt(18), name
    points = [r for p in docx_paragraphs(d) for r in p.runs if r.text.startswith("(") and "point" in r.text]
    assert points and all(r.font.size >= Pt(18) for r in points)


def test_matching_items_hang_so_wrapped_lines_align_with_their_text(word_copies):
    """A matching item's "1." (after its blank) is followed by a tab to a hanging indent, so its wrapped lines
    start under its text, not under the blank; in large print the items and choices are stacked, one a line."""
    for name in PROFILES:
        d = worksheet(word_copies, name)
        table = next(t for t in d.tables if any("1." in c.text and "_" in c.text for c in t.columns[0].cells))
        items = [c.paragraphs[0] for c in table.columns[0].cells if "_" in c.text]
        assert items, name
        for p in items:
            fmt = p.paragraph_format
            assert "\t" in p.text and fmt.left_indent and fmt.left_indent == -fmt.first_line_indent, (name, p.text)
        assert (len(table.columns) == 1) == (name == "large-print"), name


# -- answer spaces a screen reader announces, no floating text boxes (issue 13) ----------------------------------------

ANSWER_TAG = "lessonpress-answer-space"


def answer_spaces(d) -> list[tuple[str, str, list[str]]]:
    """(the number of the question before it, its title, its paragraphs' styles) for each answer space's content
    control, in document order; checks that each one is a block-level control holding nothing else."""
    found, number = [], None
    for el in d.element.body:
        if el.tag == qn("w:p"):
            p = Paragraph(el, d)
            assert p.style.name != "Answer Line", "an answer line outside its answer space"
            if p.style.name == "Question":
                number = p.text.split(".\t")[0]
        elif el.tag == qn("w:sdt"):
            props = el.find(qn("w:sdtPr"))
            assert props.find(qn("w:tag")).get(qn("w:val")) == ANSWER_TAG
            assert props.find(qn("w:showingPlcHdr")) is None  # nothing printed in the lines but what is typed
            content = list(el.find(qn("w:sdtContent")))
            assert all(child.tag == qn("w:p") for child in content)
            found.append((number, props.find(qn("w:alias")).get(qn("w:val")),
                          [Paragraph(p, d).style.name for p in content]))
    return found


def test_each_answer_space_is_one_content_control_announcing_its_lines(word_copies):
    """Each question's ruled lines are one block content control titled "Answer space, N lines" (what Word shows
    and a screen reader announces), right after its question and in its order, holding exactly its N lines; the
    control ids are unique, and a reader that looks inside controls still sees every line."""
    from lessonpress.documents.common import answer_lines, question_groups
    from lessonpress.validate import load_project
    from tests.conftest import COURSE, SAMPLE

    ll = load_project([SAMPLE, COURSE], SAMPLE.parent).lessons[0]
    expected = [(str(n.number), f"Answer space, {k} {'line' if k == 1 else 'lines'}", ["Answer Line"] * k)
                for g in question_groups(ll) for n in g.items if (k := answer_lines(n.question))]
    assert len(expected) >= 4 and any(len(lines) > 6 for *_, lines in expected)
    for name in (*PROFILES, "a4"):
        d = worksheet(word_copies, name)
        assert answer_spaces(d) == expected, name
        ids = [sdt.find(qn("w:sdtPr")).find(qn("w:id")).get(qn("w:val")) for sdt in d.element.body.iter(qn("w:sdt"))]
        assert len(set(ids)) == len(ids) == len(expected), name
        assert [title for title, _ in docx_controls(d, ANSWER_TAG)] == [title for _, title, _ in expected]
        lines = [p for p in docx_paragraphs(d) if p.style.name == "Answer Line"]
        assert len(lines) == sum(len(styles) for *_, styles in expected), name


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FLOATING = {"anchor": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",  # wp:anchor
            "pict": W,  # w:pict, the VML of Word 2003 shapes and text boxes
            "textbox": "urn:schemas-microsoft-com:vml",  # v:textbox
            "txbx": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"}  # wps:txbx


def test_no_word_file_has_a_floating_text_box(cli, project):
    """Issue 13: nothing floats over the text where a screen reader cannot follow it: no Word file of any profile,
    form or kind holds an anchored drawing, a VML shape or a text box, in its body, headers, footers or notes."""
    shutil.copy(SAMPLE_LESSON, project / "lessons" / SAMPLE_LESSON.name)
    for profile in PROFILES:
        assert cli("build", "--format", "docx", "--versions", "2", "--profile", profile, "--out", f"out-{profile}",
                   cwd=project, root=project).code == 0
    files = sorted(project.glob("out-*/*/*.docx"))
    assert len(files) >= 2 * 3 * 5, len(files)  # two lessons, three profiles: A and B of worksheet and key, a plan
    for path in files:
        for part, root in docx_parts(path).items():
            for local, ns in FLOATING.items():
                assert next(root.iter(f"{{{ns}}}{local}"), None) is None, (path, part, local)


def test_each_word_file_is_freed_once_written(monkeypatch):
    """The build collects garbage after each Word file and freezes what is left (python-docx leaves reference
    cycles): a document the writer still held then would never be freed, a megabyte a file."""
    import weakref

    from lessonpress.build import documents, render_one
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project
    from lessonpress.writers import docx as writer

    root = SAMPLE_LESSON.parent.parent
    project = load_project([SAMPLE_LESSON, root / "lessons" / "course.yaml"], root)
    docs = [made.doc for ll in project.lessons for made in documents(ll, project.course, Templates(root), None)
            if "docx" in made.formats]
    written = []  # each document's part, weakly
    open_document = writer.open_document

    def opening(data: bytes):
        d = open_document(data)
        written.append(weakref.ref(d.part))
        return d

    monkeypatch.setattr(writer, "open_document", opening)
    for doc in docs:
        render_one(("docx", "standard", None, doc))
    assert len(written) == 3 and [ref() for ref in written] == [None] * 3


PREPARED = """
import sys
from pathlib import Path

import docx

import lessonpress.build as build
from lessonpress.validate import load_project
from lessonpress.writers import fonts, get_writer

lesson = Path(sys.argv[1])
project = load_project([lesson], lesson.parent)
docs = [made.doc for made in build.documents(project.lessons[0], project.course, build.Templates(), None)
        if "docx" in made.formats]
writer = get_writer("docx", "dyslexia")
writer.prepare({doc.language for doc in docs})
opened, read = docx.Document, []

def opening(source=None):
    assert source is not None, "a base document was styled after prepare()"  # its template: python-docx's
    return opened(source)

docx.Document = opening
real = fonts.TTFont
fonts.TTFont = lambda name, *a: (read.append(name), real(name, *a))[1]  # a face read from its file
for doc, name in zip(docs, sys.argv[2:], strict=True):
    Path(name).write_bytes(writer.write(doc))
print("faces read after prepare():", read)
"""


def test_a_prepared_writer_styles_nothing_and_reads_no_font_when_it_writes(tmp_path):
    """The build prepares each Word writer before its workers fork (build.render_jobs): the base document of
    each language is styled and the header's measuring face read once, shared by every process, where each
    process did both for its first Word file (0.2 s). Written afterwards (in a fresh process, where no face is
    read yet), a document does neither, and its bytes are those of an unprepared writer's."""
    import lessonpress.build as build
    from lessonpress.validate import load_project
    from lessonpress.writers import get_writer

    project = load_project([SAMPLE_LESSON], SAMPLE_LESSON.parent)
    docs = [made.doc for made in build.documents(project.lessons[0], project.course, build.Templates(), None)
            if "docx" in made.formats]
    names = [str(tmp_path / f"{i}.docx") for i in range(len(docs))]
    done = subprocess.run([sys.executable, "-c", PREPARED, str(SAMPLE_LESSON), *names], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "faces read after prepare(): []"
    plain = get_writer("docx", "dyslexia")
    assert [Path(name).read_bytes() for name in names] == [plain.write(doc) for doc in docs]
