"""The PDFs of the sample lesson, read back: text, order, pages, fonts, and what a page may not do."""

import os
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from lessonpress.documents.common import question_groups
from lessonpress.schema import Essay, Matching, MultipleChoice, Ordering, TrueFalse, points_of
from lessonpress.validate import load_project
from tests.conftest import COURSE, ROOT, SAMPLE, pdf_pages, squash


@pytest.fixture(scope="module")
def lesson():
    project = load_project([SAMPLE, COURSE], SAMPLE.parent)
    assert not project.report.errors
    return project.lessons[0]


def test_every_page_says_what_it_is_and_page_n_of_m(sample_output):
    for name, kind in (("handout.pdf", "Handout"), ("worksheet.pdf", "Worksheet"), ("answer-key.pdf", "Answer Key")):
        pages = pdf_pages(sample_output / name)
        assert len(pages) >= 2
        for n, text in enumerate(pages, 1):
            assert f"Tensions and Treaties · {kind}" in text
            assert f"Page {n} of {len(pages)}" in squash(text)


def test_fonts_are_embedded_truetype_and_no_base14(sample_output):
    for name in ("handout.pdf", "worksheet.pdf", "answer-key.pdf"):
        reader = PdfReader(sample_output / name)
        seen = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                seen.add(font["/BaseFont"])
                descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
        assert seen and all("DejaVu" in str(f) for f in seen), seen


def test_metadata_and_bookmarks(sample_output):
    reader = PdfReader(sample_output / "worksheet.pdf")
    assert reader.metadata.title == "Tensions and Treaties — Worksheet"
    assert reader.metadata.author == "Soviet–Japanese Relations, 1905–1945"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0] == "Tensions and Treaties"
    parts = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline[1]]
    assert [t.split(":")[0] for t, _ in parts] == [f"Part {c}" for c in "ABCDEFG"]
    pages = [p for _, p in parts]
    assert pages == sorted(pages) and pages[-1] == len(reader.pages) - 1  # each bookmark opens its own page
    for title, page in parts:
        assert title in reader.pages[page].extract_text()


def test_handout_reading_is_verbatim_numbered_and_in_order(sample_output, lesson):
    text = squash("\n".join(pdf_pages(sample_output / "handout.pdf")))
    positions = []
    for p in lesson.paragraphs:
        start = squash(p.text)[:60]
        assert f"{p.number} {start}" in text, p.number
        positions.append(text.index(start))
    assert positions == sorted(positions)
    for needle in ("Shigenori Tōgō", "“right to pursue their calling in Russian Far Eastern waters”—i.e.",
                   "Key Terms", "Timeline", "Key People", "Works Cited", "Jones, F. C. Japan's New Order"):
        assert needle in text
    assert "Eudin, Xenia" not in text  # works cited lists only the sources this lesson cites


def test_worksheet_numbers_points_and_header(sample_output, lesson):
    pages = pdf_pages(sample_output / "worksheet.pdf")
    assert "Name" in pages[0] and "Date" in pages[0] and "Period" in pages[0]
    assert "Period" not in "".join(pages[1:])
    text = squash("\n".join(pages))
    where = 0
    for group in question_groups(lesson):
        for n in group.items:
            marker = f"{n.number}. {squash(n.question.prompt)[:40]}"
            assert marker in text, marker
            assert text.index(marker) > where
            where = text.index(marker)
            pts = points_of(n.question)
            assert f"({pts} point{'s' if pts != 1 else ''})" in text


def _last_line_of(question, lesson, n) -> str:
    q = question
    if isinstance(q, MultipleChoice):
        return q.choices[-1]
    if isinstance(q, TrueFalse):
        return "False"
    if isinstance(q, Matching):
        return q.pairs[-1].left
    if isinstance(q, Ordering):
        from lessonpress.documents.worksheet import ordering_order

        return q.items[ordering_order(lesson, n)[-1]]
    if isinstance(q, Essay):
        return q.rubric[-1].criterion
    return ""


def test_a_question_never_splits_from_its_answers(sample_output, lesson):
    pages = [squash(p) for p in pdf_pages(sample_output / "worksheet.pdf")]
    for group in question_groups(lesson):
        for n in group.items:
            tail = squash(_last_line_of(n.question, lesson, n))[:30]
            if not tail:
                continue
            head = f"{n.number}. {squash(n.question.prompt)[:30]}"
            page = next(i for i, p in enumerate(pages) if head in p)
            assert tail in pages[page], f"question {n.number} split from its answers"


def test_headings_never_end_a_page(sample_output):
    for name in ("handout.pdf", "worksheet.pdf", "answer-key.pdf"):
        for text in pdf_pages(sample_output / name):
            body = [line for line in text.splitlines() if line.strip() and "Page " not in line
                    and "Soviet–Japanese Relations, 1905–1945" not in line and not line.strip().isdigit()]
            assert not re.match(r"^(Part [A-G]:|Timeline$|Key People$|Works Cited$|Reading:)", body[-1]), body[-1]


def test_answer_key_matches_the_lesson_and_totals(sample_output, lesson):
    text = squash("\n".join(pdf_pages(sample_output / "answer-key.pdf")))
    for group in question_groups(lesson):
        for n in group.items:
            q = n.question
            if isinstance(q, MultipleChoice):
                right = squash(q.choices["ABCD".index(q.answer)])
                assert f" {n.number}. {q.answer}. {right} (1 point)" in text
            if isinstance(q, TrueFalse):
                assert f" {n.number}. {'True' if q.answer else 'False'}. {squash(q.prompt)} (1 point)" in text
    total = sum(points_of(q) for q in lesson.lesson.questions)
    assert f"Total: {total} points ({len(lesson.lesson.questions)} questions)" in text
    assert "Evidence: Jones, pg. 178 · Reading ¶ 1" in text
    assert "Evidence: Jones, pg. 183 · Reading ¶ 6" in text


def test_matching_key_letters_agree_with_the_worksheet(sample_output, lesson):
    sheet = squash("\n".join(pdf_pages(sample_output / "worksheet.pdf")))
    key = squash("\n".join(pdf_pages(sample_output / "answer-key.pdf")))
    q = next(q for q in lesson.lesson.questions if isinstance(q, Matching))
    answer = re.search(r"(?<!\d)\d+\. ((?:\d–[A-L], )+\d–[A-L]) \(", key).group(1)
    for item in answer.split(", "):
        number, letter = item.split("–")
        right = squash(q.pairs[int(number) - 1].right)
        assert f"{letter}. {right[:25]}" in sheet, item


@pytest.mark.parametrize("profile", ["standard", "large-print"])
def test_long_titles_wrap_in_the_running_header_and_footer_never_cut(cli, project, profile):
    import pdfplumber

    lesson = project / "lessons" / "every-type.yaml"
    long = "A Very Long Lesson Title About Fisheries, Canneries, Treaties and Auctions in the Far East"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('title: "Every <Type> & {{ 7*7 }} Test"',
                                                                 f'title: "{long}"'), encoding="utf-8")
    assert cli("build", "--format", "pdf", "--profile", profile, cwd=project, root=project).code == 0
    suffix = "" if profile == "standard" else f"-{profile}"
    with pdfplumber.open(project / "output" / "every-type" / f"worksheet{suffix}.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        rules = sorted(line["top"] for line in page.lines if line["x1"] - line["x0"] > 400)
        header = " ".join(w["text"] for w in words if w["bottom"] < rules[0])
        footer = " ".join(w["text"] for w in words if w["top"] > rules[-1])
        for band in (header, footer):
            assert " ".join(long.split()) in band and "Worksheet" in band and "…" not in band, band
        ink = [*page.chars, *page.lines, *page.rects]
        assert min(c["top"] for c in ink) >= 53.99 and max(c["bottom"] for c in ink) <= page.height - 53.99
        assert min(c["x0"] for c in ink) >= 53.99 and max(c["x1"] for c in ink) <= page.width - 53.99


def test_what_one_process_caches_never_changes_a_byte(tmp_path):
    """Fonts, subsets and encoded text are kept across documents in a process (the forms of a class set
    share them). A form made first in a fresh process equals the same form made last in a warm one."""
    import subprocess
    import sys

    from lessonpress.cli import main

    args = ["build", str(SAMPLE), str(COURSE), "--versions", "3", "--format", "pdf", "-j", "1", "-q"]
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    done = subprocess.run([sys.executable, "-m", "lessonpress", *args, "--seed", "7", "--out", str(cold)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert main([*args, "--out", str(warm)]) == 0  # warms the caches with other forms first
    assert main([*args, "--seed", "7", "--out", str(warm)]) == 0
    names = sorted(p.relative_to(cold) for p in cold.rglob("*.pdf"))
    assert len(names) >= 8
    for name in names:
        assert (cold / name).read_bytes() == (warm / name).read_bytes(), name


@pytest.mark.parametrize("profile", ["standard", "dyslexia"])
def test_header_blanks_are_found_where_they_print(profile):
    """A class set stamps names where the header's blanks were drawn. Runs of spaces print as one, and bold,
    italic and fallback-font labels have their own widths; a header mixing them once crashed the writer."""
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from lessonpress import model as m
    from lessonpress.writers import get_writer

    header = (m.Strong((m.Text("Name"),)), m.Text(" "), m.Blank(10, "name"), m.Text("   "), m.Emph((m.Text("Период"),)),
              m.Text("  Period "), m.Blank(4, "period"))
    doc = m.Document("worksheet", "Worksheet", "T", "C", "F", (m.Para((m.Text("Body."),)),),
                     header=(m.Para(header, role="header-field"),))
    writer = get_writer("pdf", profile)
    output = writer.render(doc)
    assert PdfReader(io.BytesIO(output.data)).pages[0].extract_text().count("_") == 14
    assert output.pages == 1 and not hasattr(writer, "slots")  # an output record; nothing left on the writer
    style = writer.st["header-field"]
    font, size, left = style.fontName, style.fontSize, writer.lay.page["left"]
    name, period = output.fields["name"], output.fields["period"]
    bold = font + "-Bold"
    assert name[1] == pytest.approx(left + stringWidth("Name", bold, size) + stringWidth(" ", font, size), abs=0.01)
    assert name[3] == pytest.approx(stringWidth("_" * 10, font, size))
    italic = (writer.lay.fallback or font) + "-Italic"  # Atkinson lacks Cyrillic: DejaVu Sans draws it
    label = stringWidth(" ", font, size) + stringWidth("Период", italic, size) + stringWidth(" Period ", font, size)
    assert period[1] == pytest.approx(name[1] + name[3] + label, abs=0.01)
    assert name[2] == period[2] and name[0] == period[0] == 1


def test_labels_the_profile_font_lacks_are_drawn_in_the_fallback(tmp_path):
    """Atkinson Hyperlegible has no ⅖: the key's per-part points ("⅖ per event") must not print as a box."""
    import pdfplumber

    from lessonpress.cli import main
    from lessonpress.writers import fonts

    assert main(["build", str(SAMPLE), str(COURSE), "--profile", "dyslexia", "--format", "pdf", "--out",
                 str(tmp_path), "-q"]) == 0
    with pdfplumber.open(tmp_path / "01-tensions-and-treaties" / "answer-key-dyslexia.pdf") as pdf:
        drawn = [(c["text"], c["fontname"].split("+")[-1]) for p in pdf.pages for c in p.chars]
    fractions = [(ch, font) for ch, font in drawn if ch in "⅓⅔⅕⅖⅗⅘"]
    assert fractions
    for ch, font in fractions:
        assert ord(ch) in fonts.coverage_of(font), (ch, font)


def test_the_pdf_writer_starts_without_urllib():
    """Every build makes the PDF writer before its workers start: neither its escaping (xml.sax.saxutils) nor
    the compat probe font (named bare, reportlab tries it as a web address first) imports urllib.request."""
    code = ("import sys, reportlab; import reportlab.lib.utils, reportlab.platypus, reportlab.pdfgen.canvas, "
            "reportlab.pdfbase.ttfonts; print(reportlab.Version, 'urllib.request' in sys.modules); "
            "from lessonpress.writers import get_writer; get_writer('pdf', 'standard', None); "
            "from lessonpress.compat import reportlab as rl; assert rl.active()['fonts']; "
            "print('urllib.request' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    version, by_reportlab, after = done.stdout.split()
    if by_reportlab == "True":  # reportlab 4.0 imports it in reportlab.lib.utils (5.x only when it opens a URL)
        pytest.skip(f"reportlab {version} imports urllib.request itself")
    assert after == "False"
