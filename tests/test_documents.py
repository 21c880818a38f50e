"""Sourced documents (`documents:`): the handout's boxed documents with their source notes, the worksheet's and
key's document part, online quizzes, the sample lesson in lessons/examples/ (kept out of the course build), errors."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pikepdf
import pytest

from lessonpress.cli import main
from lessonpress.validate import lesson_files, load_project
from tests.conftest import COURSE, FIXTURES, ROOT, squash

EXAMPLE = ROOT / "lessons" / "examples" / "tripartite-pact-documents.yaml"
FIXTURE = FIXTURES / "valid" / "documents.yaml"
ESSAYS = ROOT.parent / "shared" / "essay"  # the source essay, beside the project on the team's machine
ESSAY = next(ESSAYS.glob("*.txt"), None) if ESSAYS.is_dir() else None


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample and the fixture lesson built once in PDF, DOCX, HTML and the online-quiz formats."""
    out = tmp_path_factory.mktemp("documents")
    args = ["build", str(EXAMPLE), str(FIXTURE), str(COURSE), "--out", str(out), "-q",
            "--format", "pdf,docx,html,canvas,moodle,gift,blackboard,google-forms"]
    assert main(args, root=ROOT) == 0
    return out


def words(page) -> list[dict]:
    return page.extract_words(keep_blank_chars=False, use_text_flow=True)


def line_top(page, text: str) -> float:
    """The top of the first text line of a page that holds `text` (squashed), or fail."""
    for line in page.extract_text_lines():
        if text in squash(line["text"]):
            return line["top"]
    raise AssertionError(f"{text!r} not on page {page.page_number}: {page.extract_text()[:300]}")


def pages_with(pdf, text: str) -> list[int]:
    return [i for i, p in enumerate(pdf.pages) if text in squash(p.extract_text() or "")]


# ---- the sample lesson ---------------------------------------------------------------------------------------

def test_sample_lesson_is_not_part_of_the_course_build(cli, tmp_path):
    assert EXAMPLE not in lesson_files([], ROOT / "lessons")
    assert all(p.parent == ROOT / "lessons" for p in lesson_files([], ROOT / "lessons"))
    lessons = tmp_path / "lessons"
    shutil.copytree(EXAMPLE.parent, lessons / "examples")  # the sample and its picture
    shutil.copy(COURSE, lessons / "course.yaml")
    shutil.copy(FIXTURES / "valid" / "every-type.yaml", lessons)
    run = cli("check", cwd=tmp_path, root=tmp_path)
    assert run.code == 0 and "1 lesson(s) OK" in run.out, run.err
    run = cli("build", "--format", "pdf", "-q", cwd=tmp_path, root=tmp_path)
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "output").iterdir() if p.is_dir()) == ["every-type"]
    # asked for by name or folder, it is checked and built, with lessons/course.yaml's works cited
    for named in ("lessons/examples/tripartite-pact-documents.yaml", "lessons/examples"):
        run = cli("check", named, cwd=tmp_path, root=tmp_path)
        assert run.code == 0 and "1 lesson(s) OK" in run.out, run.err
    run = cli("build", "lessons/examples", "--out", "example-out", "--format", "pdf", "-q", cwd=tmp_path,
              root=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / "example-out" / "ex-tripartite-pact-documents" / "handout.pdf").is_file()


@pytest.mark.skipif(ESSAY is None, reason="the source essay is not on this machine")
def test_sample_documents_are_verbatim_from_the_essay():
    """Lessons never invent: every excerpt, and every date, name and citation of a source note, is the essay's."""
    essay = " ".join(ESSAY.read_text(encoding="utf-8").split())
    project = load_project([EXAMPLE, COURSE], ROOT / "lessons")
    assert not project.report.errors
    lesson = project.lessons[0].lesson
    assert len(lesson.documents) == 2
    for doc in lesson.documents:
        for text in doc.excerpt:
            for piece in re.split(r"\s*…\s*", text):
                assert piece in essay, piece[:80]
        src = doc.source
        for part in (src.author, src.date):
            for piece in (part or "").split(", "):
                assert piece in essay, piece
    for text in lesson.reading:
        assert text in essay


def test_handout_prints_each_document_boxed_with_its_source_on_one_page(built):
    with pdfplumber.open(built / "ex-tripartite-pact-documents" / "handout.pdf") as pdf:
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
        assert text.index("Documents Central question: Why did the Soviet Union see the Tripartite Pact") \
            < text.index("Document A: The Tripartite Pact, Article 3") < text.index("Document B:") \
            < text.index("Works Cited")
        for title, excerpt, source in (
                ("Document A: The Tripartite Pact, Article 3", "… commits and act of aggression",
                 "Source: Japan, Germany, and Italy; pact; September 27, 1940, Berlin; Article 3, as quoted"),
                ("Document B: How the Soviet Union Saw the Pact", "Article 5 of the pact said that",
                 "Source: essay (a secondary source); the unit's essay")):
            (at,) = pages_with(pdf, title)
            page = pdf.pages[at]
            assert pages_with(pdf, excerpt) == [at] and source in squash(page.extract_text())
            assert line_top(page, title) < line_top(page, excerpt) < line_top(page, "Source:" + source[7:20])
            sides = [ln for ln in page.lines if ln["x0"] == ln["x1"]]  # the frame's left and right rules
            assert any(s["top"] < line_top(page, title) and s["bottom"] > line_top(page, source[:20]) for s in sides)
        # the Works Cited lists the source the documents cite
        assert "Jones, F. C. Japan's New Order" in text


def test_sample_has_its_figure_after_the_reading_with_alt_text_and_a_question_on_it(built):
    """The sample shows pictures and documents together: the time line after the reading's second paragraph, its
    caption on the same page, its alt text in the PDF's structure, and a question that names it by number."""
    import pikepdf

    folder = built / "ex-tripartite-pact-documents"
    with pdfplumber.open(folder / "handout.pdf") as pdf:
        (at,) = pages_with(pdf, "Figure 1. The pacts of 1936–1941.")
        page = pdf.pages[at]
        assert len(page.images) == 1 and page.images[0]["bottom"] < line_top(page, "Figure 1.")
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
        assert text.index("entered into the Tripartite Pact") < text.index("Figure 1.") < text.index("Documents")
    with pikepdf.open(folder / "handout.pdf") as pdf:
        todo, figures = [pdf.Root.StructTreeRoot.K], []
        while todo:  # every structure element, depth first
            e = todo.pop()
            figures += [e] if e.get("/S") == "/Figure" else []
            kids = e.get("/K")
            todo += [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
                     if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert len(figures) == 1 and str(figures[0].Alt).startswith("A time line from 1935 to 1942")
    with pdfplumber.open(folder / "worksheet.pdf") as pdf:
        worksheet = squash(" ".join(p.extract_text() for p in pdf.pages))
        assert "the time line of Figure 1 and Documents A and B" in worksheet
    html = (folder / "handout.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="A time line from 1935 to 1942', html)


def test_a_document_longer_than_a_page_splits_between_paragraphs_with_its_title_again(built):
    with pdfplumber.open(built / "documents" / "handout.pdf") as pdf:
        long = pages_with(pdf, "Document B: A Long Secondary Source")
        assert len(long) == 2 and long[1] == long[0] + 1
        first = squash(pdf.pages[long[0]].extract_text())
        assert "Within two years Japan’s interest in Outer Mongolia" in first and "Source: essay" not in first
        assert "Source: essay; the unit's essay" in squash(pdf.pages[long[1]].extract_text())
        # a short one after it is kept whole, on one page
        assert pages_with(pdf, "Document C: One Line") == pages_with(pdf, "Source: Jones, pg. 202.")
        # text from the lesson is printed literally
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
        assert "Document A: Article 3 <of> the Pact & more" in text
        assert "{{ 7*7 }} <b>not bold</b> Tōgō" in text
        assert "Central question: Why did Japan & the Soviet Union <not> trust each other?" in text


def test_worksheet_gives_the_guiding_questions_under_their_document_with_room_to_answer(built):
    with pdfplumber.open(built / "ex-tripartite-pact-documents" / "worksheet.pdf") as pdf:
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
        lines = sum(len([ln for ln in p.lines if ln["width"] > 300]) for p in pdf.pages)
    part = text.index("Part B: Document-Based Questions (6 points)")
    # the documents before the essay, which answers the central question with them
    assert part < text.index("Central question:", part) \
        < text.index("Document A: The Tripartite Pact, Article 3", part) \
        < text.index("2. Sourcing: who made Document A?") \
        < text.index("3. According to Article 3") < text.index("Document B: How the Soviet Union Saw the Pact") \
        < text.index("4. Article 5 said") < text.index("5. How did the Soviet Union see") \
        < text.index("Part C: Essay") < text.index("6. Answer the central question")
    assert "Source: Japan, Germany, and Italy" in text
    assert lines >= 14 + 4 + 4  # the essay's lines and room under both 2-point short answers


def test_answer_key_answers_them_with_the_document_as_evidence(built):
    with pdfplumber.open(built / "ex-tripartite-pact-documents" / "answer-key.pdf") as pdf:
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
    assert "Total: 15 points (6 questions)" in text
    assert "2. A. Japan, Germany, and Italy" in text
    assert "Evidence: Jones, pg. 197 · Document A" in text  # the document's cite, shared by its questions
    assert "4. False." in text and "Evidence: Jones, pg. 197 · Document B" in text
    assert "Model answer: As “a restructuring of the Anti-Comintern Pact" in text
    assert text.index("Document A: The Tripartite Pact") < text.index("Document B: How the Soviet Union")


def test_docx_worksheet_and_key(built):
    folder = built / "ex-tripartite-pact-documents"
    d = docx.Document(io.BytesIO((folder / "worksheet.docx").read_bytes()))
    styled = [(p.style.name, p.text) for p in d.paragraphs if p.text.strip()]
    assert ("Heading 3", "Document A: The Tripartite Pact, Article 3") in styled
    assert ("Heading 3", "Document B: How the Soviet Union Saw the Pact") in styled
    notes = [t for s, t in styled if s == "Source Note"]
    assert notes == ["Source: Japan, Germany, and Italy; pact; September 27, 1940, Berlin; Article 3, as quoted in "
                     "Jones, pg. 197.", "Source: essay (a secondary source); the unit's essay “Soviet–Japanese "
                     "Relations, 1905–1945”, section “Defensive Pacts”"]
    texts = [t for _, t in styled]
    assert texts.index("Document A: The Tripartite Pact, Article 3") < next(
        i for i, t in enumerate(texts) if t.startswith("2.\tSourcing"))
    key = "\n".join(p.text for p in docx.Document(io.BytesIO((folder / "answer-key.docx").read_bytes())).paragraphs)
    assert "Evidence: Jones, pg. 202 · Document\u00a0B" in key  # never broken between "Document" and its letter


def test_html_handout_boxes_each_document(built):
    page = (built / "documents" / "handout.html").read_text(encoding="utf-8")
    assert page.count('class="box source-document"') == 3
    assert '<h3 class="box-title">Document C: One Line</h3>' in page
    assert 'aria-label="Document A: Article 3 &lt;of&gt; the Pact &amp; more"' in page
    assert '<p class="source"><strong>Source: </strong>Japan, Germany, and Italy; pact; September 27, 1940; quoted ' \
           'in Jones, pg. 197.</p>' in page
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page and "<b>not bold" not in page
    sheet = (built / "documents" / "worksheet.html").read_text(encoding="utf-8")
    assert "<h3>Document B: A Long Secondary Source</h3>" in sheet


def test_online_quizzes_carry_the_documents(built):
    folder = built / "ex-tripartite-pact-documents"
    with zipfile.ZipFile(folder / "quiz-canvas.zip") as z:
        qti = next(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith("documents.xml"))
    # each document a part of its own, its excerpt in the part's text shown before its questions
    assert "Part B: Document-Based Questions (6 points) — Document A: The Tripartite Pact, Article 3" in qti
    assert qti.index("undertake to declare war on such Power") < qti.index("Document A: Sourcing: who made")
    # where a platform shows each question alone, the document is quoted above its prompt
    gift = (folder / "quiz.gift").read_text(encoding="utf-8")
    assert "::[html]<blockquote><p>Document B\\: How the Soviet Union Saw the Pact</p><p>Article 5 of the pact" \
           in gift and "</blockquote><p>Document B\\: How did the Soviet Union see the Tripartite Pact" in gift
    assert "####<p>Model answer\\: As “a restructuring of the Anti-Comintern Pact but with a more aggressive posture " \
           "toward the Soviet Union.”</p><p>Evidence\\: Jones, pg. 202 · Document B</p>" in gift
    moodle = (folder / "quiz-moodle.xml").read_text(encoding="utf-8")
    texts = re.findall(r"<questiontext format=\"html\">\s*<text>(.*?)</text>", moodle, re.S)
    assert sum("&lt;blockquote&gt;" in t or "<![CDATA[<blockquote>" in t for t in texts) == 4, texts[:3]
    board = (folder / "quiz-blackboard.txt").read_text(encoding="utf-8").splitlines()
    assert board[1].startswith("MC\t<blockquote><p>Document A: The Tripartite Pact, Article 3</p><p>… commits and")
    assert board[0].startswith("MC\tWhat did Japan hope")  # the lesson's own questions have none
    forms = (folder / "quiz-google-forms.gs").read_text(encoding="utf-8")
    assert "Document A: The Tripartite Pact, Article 3" in forms


def test_every_page_tagged_and_pdfua_clean_in_each_profile(tmp_path):
    pdfua = pytest.importorskip("pdfua", reason="the PDF/UA checker (pip install pdfua) is not installed")
    from lessonpress.writers.pdf_style import layout
    from tests.pagecheck import check_pdf
    from tests.test_tagged import content_marks, structure

    for profile in ("standard", "large-print", "dyslexia"):
        out = tmp_path / profile
        args = ["build", str(FIXTURE), str(EXAMPLE), str(COURSE), "--out", str(out), "-q", "--format", "pdf"]
        assert main(args + (["--profile", profile] if profile != "standard" else []), root=ROOT) == 0
        for path in sorted(out.glob("*/*.pdf")):
            assert [(f.rule_id, f.message) for f in pdfua.validate(str(path)).findings] == [], path
            with pikepdf.open(path) as pdf:
                marks, drawn = content_marks(pdf)
                assert not [m for m in marks if m[2] == "bare"], path
                roles, items, _ = structure(pdf)
                assert sorted(items) == sorted(drawn), path
            if path.name.startswith("handout") and path.parent.name == "documents":
                # each document's letter and title is a heading a screen reader can jump to (once, though a
                # document split over two pages prints it on both)
                assert [r for r in roles if r.startswith("H")] == ["H1", "H2", "H2", "H3", "H3", "H3", "H2"], path
            assert check_pdf(path, profile=profile) == [], path
        if profile == "large-print":  # every letter of the documents and their questions at 18 pt or more
            with pdfplumber.open(out / "documents" / "handout-large-print.pdf") as pdf:
                lay = layout(profile).page
                sizes = {round(c["size"], 1) for p in pdf.pages if "Document" in (p.extract_text() or "")
                         for c in p.chars if lay["top"] < c["top"] < p.height - lay["bottom"]
                         and c["x0"] > lay["left"] + 4}  # not the reading's paragraph numbers in the margin
            assert sizes and min(sizes) >= 18, sizes


def test_versions_keep_each_documents_questions_under_it(cli, tmp_path):
    run = cli("build", str(EXAMPLE), str(COURSE), "--out", str(tmp_path), "--versions", "2", "--format", "pdf",
              "-q", root=ROOT)
    assert run.code == 0, run.err
    for form in ("A", "B"):
        with pdfplumber.open(tmp_path / "ex-tripartite-pact-documents" / f"worksheet-{form}.pdf") as pdf:
            text = squash(" ".join(p.extract_text() for p in pdf.pages))
        assert text.index("Document A:") < text.index("Sourcing: who made Document A?") < text.index("Document B:") \
            < text.index("How did the Soviet Union see")
    assert (tmp_path / "ex-tripartite-pact-documents" / "key-grid.pdf").is_file()


def test_spanish_labels(cli, tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "course.yaml").write_text(COURSE.read_text(encoding="utf-8").replace(
        "paper: letter", "paper: letter\nlanguage: es"), encoding="utf-8")
    shutil.copy(FIXTURE, lessons)
    run = cli("build", "--format", "pdf,docx", "-q", cwd=tmp_path, root=tmp_path)
    assert run.code == 0, run.err
    folder = tmp_path / "output" / "documents"
    with pdfplumber.open(folder / "handout.pdf") as pdf:
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
    assert "Documentos Pregunta central: Why did Japan" in text
    assert "Documento A: Article 3 <of> the Pact & more" in text and "Fuente: Japan, Germany" in text
    with pdfplumber.open(folder / "answer-key.pdf") as pdf:
        key = squash(" ".join(p.extract_text() for p in pdf.pages))
    assert "Preguntas sobre documentos" in key and "Evidencia: Jones, pg. 202 · Documento C" in key
    sheet = "\n".join(p.text for p in docx.Document(io.BytesIO((folder / "worksheet.docx").read_bytes())).paragraphs)
    assert "Lee cada documento de tu hoja de lectura" in sheet and "Fuente: essay;" in sheet


# ---- mistakes ----------------------------------------------------------------------------------------------------

BAD_DOCUMENT = """\
documents:
  - title: Article 3
    excerpt: undertake to declare war on such Power
    source:
      date: September 27, 1940
    cite: Jones, pg. 197
    questions:
      - type: short_answer
        prompt: What do they undertake?
        answer: To declare war.
        quote: declare peace
"""


@pytest.mark.parametrize("mistake, message", [
    ("", "11:16: error: the quote 'declare peace' is not in Document A's excerpt; copy the words exactly as the "
         "excerpt gives them (use … for words left out) (Document A, question 1) [document.question.quote]"),
    ("source", "2:5: error: missing required field 'source' in a document (Document A) [document.source]"),
    ("kind", "4:13: error: 'source' needs at least one of 'author', 'kind', 'date' or 'where', so students can "
             "source the document (Document A) [document.source]"),
    ("cite", "6:11: error: 'Jonse' is not a source in the works cited"),
    ("bad cite", "6:11: error: 'cite' must be a citation such as 'Jones, pg. 178', 'Jones, par. 3', 'Jones, n.p.', "
                 "'Jones' or a title in quotes, got '0'"),
])
def test_mistakes_are_located_and_nothing_is_written(cli, tmp_path, mistake, message):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    good = (FIXTURE.read_text(encoding="utf-8").split("documents:\n")[0]
            + "questions:\n  - type: true_false\n    prompt: It was Berlin.\n    answer: true\n"
            "    cite: Jones, pg. 199\n")
    bad = BAD_DOCUMENT
    if mistake == "source":
        bad = bad.replace("    source:\n      date: September 27, 1940\n", "")
    elif mistake == "kind":
        bad = bad.replace("      date: September 27, 1940\n", "      date: \"\"\n").replace(
            "    source:\n      date: \"\"\n", "    source: {}\n")
    elif mistake == "cite":
        bad = bad.replace("cite: Jones", "cite: Jonse").replace("declare peace", "declare war")
    elif mistake == "bad cite":  # said once, at the document: not again at the question that shares it
        bad = bad.replace("cite: Jones, pg. 197", "cite: 0").replace("declare peace", "declare war")
    offset = good.count("\n")
    (lessons / "documents.yaml").write_text(good + bad, encoding="utf-8")
    run = cli("build", "--format", "pdf", cwd=tmp_path, root=tmp_path)
    assert run.code == 1 and "Traceback" not in run.err
    line, rest = message.split(":", 1)
    assert f"lessons/documents.yaml:{int(line) + offset}:{rest}" in run.err, run.err
    assert not (tmp_path / "output").exists()
    if mistake == "bad cite":
        assert run.err.count(": error: ") == 1, run.err


def test_readme_example_is_a_valid_document(tmp_path):
    """The README's `documents:` example checks as written (in a lesson with the sample's other fields)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Sourced documents"):]
    example = section[section.index("```yaml\n") + 8:section.index("```\n", section.index("```yaml"))]
    lesson = EXAMPLE.read_text(encoding="utf-8")
    head = lesson[:lesson.index("central_question:")]
    reading = lesson[lesson.index("reading:"):lesson.index("documents:")]
    rest = lesson[lesson.index("\nquestions:") + 1:]
    (tmp_path / "readme.yaml").write_text(head + reading + example + rest, encoding="utf-8")
    shutil.copytree(EXAMPLE.parent / "images", tmp_path / "images")  # the sample's figure
    project = load_project([tmp_path / "readme.yaml", COURSE], ROOT / "lessons")
    assert not project.report.errors, [str(e) for e in project.report.errors]
    assert project.lessons[0].lesson.documents[0].source.kind == "pact"


def test_check_lists_documents_awaiting_review(cli, tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "    cite: Jones, pg. 202\n", "    cite: Jones, pg. 202\n    review: drafted from the essay's paragraph 39\n")
    (lessons / "documents.yaml").write_text(text, encoding="utf-8")
    run = cli("check", cwd=tmp_path, root=tmp_path)
    assert run.code == 0, run.err
    line = text[:text.index("    review: drafted")].count("\n") + 1
    assert f"lessons/documents.yaml:{line}:13: note: Document C awaits review: drafted from the essay's " \
           "paragraph 39 [review.pending]" in run.out + run.err


LONG_WORD = "Verfassungsänderung" * 53  # one unbroken "word" of a thousand characters


@pytest.mark.parametrize(("field", "text", "profile"), [
    ("excerpt", "word " * 3000, "large-print"),  # one paragraph taller than a page, in its box
    ("title", LONG_WORD, "standard"),
    ("where", "where " * 400, "dyslexia"),
    ("central_question", LONG_WORD, "large-print"),
])
def test_long_text_in_a_document_prints(cli, tmp_path, field, text, profile):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    lesson = FIXTURE.read_text(encoding="utf-8")
    if field == "central_question":
        lesson = re.sub(r"central_question: .*", f"central_question: {text}", lesson)
    elif field == "title":
        lesson = lesson.replace('title: "Article 3 <of> the Pact & more"', f"title: {text}")
    elif field == "where":
        lesson = lesson.replace("where: Jones, pg. 202", f"where: {text}")
    else:
        lesson = lesson.replace("excerpt: the Soviet Union saw this", f"excerpt: {text} the Soviet Union saw this")
    (lessons / "documents.yaml").write_text(lesson, encoding="utf-8")
    assert cli("check", "-q", cwd=tmp_path, root=tmp_path).code == 0
    run = cli("build", "-q", "-j", "1", "--format", "pdf,docx,html", "--profile", profile, cwd=tmp_path,
              root=tmp_path)
    assert run.code == 0, run.err
    suffix = "" if profile == "standard" else f"-{profile}"
    out = tmp_path / "output" / "documents"
    with pdfplumber.open(out / f"handout{suffix}.pdf") as pdf:
        printed = "".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "").replace("\n", "")
    assert squash(text)[:300].replace(" ", "") in printed
    assert text.split()[0] in (out / f"handout{suffix}.html").read_text(encoding="utf-8")


def test_the_plan_names_the_documents_part_and_a_guiding_question_by_label(cli, tmp_path, built):
    with pdfplumber.open(built / "ex-tripartite-pact-documents" / "lesson-plan.pdf") as pdf:
        plan = squash(" ".join(p.extract_text() for p in pdf.pages))
    assert "answer Part C (questions 3–6)" in plan and "Part B (question 2)" in plan
    assert "Handout: the reading “Defensive Pacts” (2 numbered paragraphs, 2 sourced documents)" in plan
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "        quote: a more aggressive posture toward the Soviet Union\n",
        "        quote: a more aggressive posture toward the Soviet Union\n        label: soviet-view\n").replace(
        "(question {questions: essay})", "(question {questions: essay}; see question {question: soviet-view})")
    (lessons / "ex.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(EXAMPLE.parent / "images", lessons / "images")  # the sample's figure
    run = cli("build", "--format", "pdf", "-q", cwd=tmp_path, root=tmp_path)
    assert run.code == 0, run.err
    plan = load_project([lessons / "ex.yaml"], lessons).lessons[0].lesson.plan
    assert plan.procedure[-1].details.startswith("Students write the essay in Part B (question 2; see question 6)")
    # a label a question of the lesson has already is an error at the document's question
    twice = text.replace("    cite: Jones, pg. 182\n", "    cite: Jones, pg. 182\n    label: soviet-view\n")
    (lessons / "ex.yaml").write_text(twice, encoding="utf-8")
    run = cli("check", cwd=tmp_path, root=tmp_path)
    assert run.code == 1
    assert re.search(r"lessons/ex\.yaml:\d+:16: error: question 1 has the label 'soviet-view' already; give each "
                     r"question its own \[question\.label\]", run.err), run.err


def test_a_lesson_of_documents_only_builds_and_one_with_no_question_anywhere_is_refused(cli, tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    only = FIXTURE.read_text(encoding="utf-8").split("\nquestions:\n")[0] + "\n"
    (lessons / "documents.yaml").write_text(only, encoding="utf-8")
    run = cli("build", "--format", "pdf,docx,canvas,moodle,gift,blackboard,google-forms", "-q", cwd=tmp_path,
              root=tmp_path)
    assert run.code == 0, run.err
    with pdfplumber.open(tmp_path / "output" / "documents" / "worksheet.pdf") as pdf:
        text = squash(" ".join(p.extract_text() for p in pdf.pages))
    assert "Part A: Document-Based Questions (6 points)" in text and "1. The members undertake to declare" in text
    none = only.split("documents:\n")[0]
    (lessons / "documents.yaml").write_text(none, encoding="utf-8")
    run = cli("check", cwd=tmp_path, root=tmp_path)
    assert run.code == 1 and "Traceback" not in run.err
    assert "lessons/documents.yaml:3:1: error: a lesson needs at least one question: list them under 'questions:' " \
           "(or under a document's 'questions:') [lesson.questions]" in run.err


def test_citations_in_the_documents_count_as_read(cli, tmp_path):
    """The sample checks clean on its own (with no course lesson beside it that cites its pages): a question may
    cite a page its document quotes, or one cited in a document's excerpt; a page found nowhere still warns."""
    lessons = tmp_path / "lessons"
    shutil.copytree(EXAMPLE.parent, lessons)
    shutil.copy(COURSE, lessons / "course.yaml")
    run = cli("check", "--strict", cwd=tmp_path, root=tmp_path)
    assert run.code == 0 and "1 lesson(s) OK" in run.out, run.err
    lesson = lessons / EXAMPLE.name
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "        cite: Jones, pg. 197\n        explanation: Article 5", "        cite: Jones, pg. 250\n"
        "        explanation: Article 5", 1), encoding="utf-8")
    run = cli("check", cwd=tmp_path, root=tmp_path)
    assert "'Jones, pg. 250' is not cited in the reading of any lesson being built" in run.err, run.err
    assert run.err.count("cite.not-in-reading") == 1, run.err
