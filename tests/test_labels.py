"""The label table: Spanish end to end (read back from the PDF and Word files), a teacher's own labels, mistakes."""

from __future__ import annotations

import io
import re

import docx
import pdfplumber
import pytest
from pypdf import PdfReader

from lessonpress.labels import _builtin, languages
from tests.conftest import docx_controls, docx_paragraphs, docx_text, pdf_text, squash

LESSON = "every-type"


def _spanish(project):
    course = project / "lessons" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("paper: letter", "paper: letter\nlanguage: es"),
                      encoding="utf-8")
    (project / "roster.csv").write_text("name,period,form\nAna Díaz,3,A\nBen Ode,3,B\n", encoding="utf-8")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    """The every-type lesson built in Spanish: two forms, a class set, packets."""
    import shutil

    from lessonpress.cli import main
    from tests.conftest import COURSE, FIXTURES

    project = tmp_path_factory.mktemp("es")
    (project / "lessons").mkdir()
    shutil.copy(COURSE, project / "lessons" / "course.yaml")
    shutil.copy(FIXTURES / "valid" / "every-type.yaml", project / "lessons" / "every-type.yaml")
    _spanish(project)
    assert main(["build", str(project / "lessons"), "--versions", "2", "--roster", str(project / "roster.csv"),
                 "--out", str(project / "output"), "-q"], root=project) == 0
    return project / "output"


def _english_only() -> list[str]:
    """English labels of two words or more (no blanks to fill in) that the Spanish table words otherwise."""
    english, spanish = _builtin("en")[0], _builtin("es")[0]
    out = []
    for key, value in english.items():
        for text in value if isinstance(value, tuple) else (value,):
            for piece in re.split(r"\{\w+\}", text):
                piece = piece.strip(" :().,·—\u00a0")
                if len(piece.split()) >= 2 and piece not in str(spanish[key]):
                    out.append(piece.replace("\u00a0", " "))
    return out


def test_spanish_worksheet_key_and_class_set_read_back(spanish):
    out = spanish / LESSON
    sheet = squash(pdf_text(out / "worksheet-A.pdf"))
    assert "Nombre ___" in sheet and "Fecha ___" in sheet and "Periodo ___" in sheet
    for text in ("Parte A: Opción múltiple (2 puntos)", "Rellena el círculo junto a la mejor respuesta.",
                 "(1 punto)", "Verdadero", "Falso", "Banco de palabras", "Página 1 de 3", "Forma A",
                 "Hoja de trabajo · Forma A · Usa tu lectura: «Tensions and Treaties»"):
        assert text in sheet, text
    key = squash(pdf_text(out / "answer-key-B.pdf"))
    for text in ("Clave de respuestas, Forma B", "Total: 17 puntos (8 preguntas)", "Evidencia: Jones, pg. 178",
                 "(2 puntos, 1 por espacio)", "(3 puntos, 1 por pareja)", "Falso.", "Respuesta modelo:", "Rúbrica"):
        assert text in key, text
    word = docx.Document(io.BytesIO((out / "worksheet-B.docx").read_bytes()))
    assert docx_paragraphs(word)[0].text.split() == ["Nombre", "_" * 34, "Fecha", "_" * 14, "Periodo", "_" * 6]
    section = word.sections[0]
    assert section.header.paragraphs[0].text.endswith("\tForma\u00a0B")
    assert section.footer.paragraphs[0].text.endswith("\tPágina\u00a0\u00a0de\u00a0")  # the numbers are Word fields
    headings = [p.text for p in docx_paragraphs(word) if p.style.name == "Heading 2"]
    assert headings[:2] == ["Parte A: Opción múltiple (2 puntos)", "Parte B: Verdadero o falso (1 punto)"]
    spaces = docx_controls(word, "lessonpress-answer-space")  # what a screen reader announces of each
    assert [title for title, _ in spaces] == [f"Espacio para la respuesta, {len(lines)} líneas" for _, lines in spaces]
    assert len(spaces) >= 2 and all(p.style.name == "Answer Line" for _, lines in spaces for p in lines)
    key_word = docx.Document(io.BytesIO((out / "answer-key-A.docx").read_bytes()))
    key_docx = "\n".join(p.text for p in docx_paragraphs(key_word))
    assert "Evidencia: " in key_docx and "(1\u00a0punto)" in key_docx
    # no English wording anywhere in the Spanish documents (the lesson's own text is English)
    texts = {name: squash(pdf_text(out / name)) for name in
             ("handout.pdf", "worksheet-A.pdf", "answer-key-A.pdf", "lesson-plan.pdf", "key-grid.pdf")}
    texts["packet"] = squash(pdf_text(spanish / "teacher-packet.pdf"))
    for name in ("worksheet-A.docx", "answer-key-A.docx", "lesson-plan.docx"):
        d = docx.Document(io.BytesIO((out / name).read_bytes()))
        texts[name] = squash(" ".join([docx_text(out / name), d.sections[0].header.paragraphs[0].text,
                                       d.sections[0].footer.paragraphs[0].text,
                                       *(title for title, _ in docx_controls(d))]).replace("\u00a0", " "))
    english = _english_only()
    assert len(english) > 40
    for name, text in texts.items():
        assert [e for e in english if e in text] == [], name
    for name in ("worksheet-A.pdf", "handout.pdf", "class-set-period-3.pdf"):
        assert PdfReader(out / name).trailer["/Root"]["/Lang"] == "es"
    assert PdfReader(spanish / "course-packet.pdf").trailer["/Root"]["/Lang"] == "es"


def test_spanish_class_set_stamps_name_and_period_on_their_blanks(spanish):
    path = spanish / LESSON / "class-set-period-3.pdf"
    reader = PdfReader(path)
    assert [item.title for item in reader.outline] == ["Ana Díaz · Forma A", "Ben Ode · Forma B"]
    assert reader.metadata.title == "Every <Type> & {{ 7*7 }} Test — Hojas de trabajo, periodo 3"
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words()
    assert "Ana Díaz · Periodo 3" in squash(pdf_text(path))

    def at(text):
        return [w for w in words if w["text"] == text]

    (label,) = at("Nombre")
    (period,) = [w for w in at("Periodo") if abs(w["bottom"] - label["bottom"]) < 4]
    def on(line, w):  # written on the line's blank (a little above its baseline), not on another line
        return 0 <= line["bottom"] - w["bottom"] < 8

    names = [w for w in at("Ana") if on(label, w)]
    assert names and names[0]["x0"] > label["x1"]  # on the name's blank, not only in the sorting line
    threes = [w for w in at("3") if on(period, w)]
    assert threes and threes[0]["x0"] > period["x1"]


def test_shipped_languages_are_complete():
    assert languages() == {"en": "English", "es": "Español"}
    english_table, english = _builtin("en")
    assert len(english) > 100
    for code in languages():
        table, shape = _builtin(code)
        assert shape == english, code  # the same labels, the same {names}, the same counted ones
        assert all(str(v).strip() for v in table.values()), code


def test_teacher_labels_override_single_entries(cli, project):
    (project / "templates").mkdir()
    (project / "templates" / "labels.yaml").write_text(
        'key_terms: Vocabulary\npoints: {one: "{n} mark", other: "{n} marks"}\npage: "{n}/{total}"\n',
        encoding="utf-8")
    assert cli("build", "--format", "pdf,docx", cwd=project, root=project).code == 0
    out = project / "output" / LESSON
    handout = squash(pdf_text(out / "handout.pdf"))
    assert "Vocabulary" in handout and "Key Terms" not in handout and "Timeline" in handout
    sheet = squash(pdf_text(out / "worksheet.pdf"))
    assert "Part A: Multiple Choice (2 marks)" in sheet and "(1 mark)" in sheet and "point" not in sheet
    assert re.search(r"Test · Worksheet 1/ ?\d", sheet) and "Page " not in sheet
    footer = docx.Document(io.BytesIO((out / "worksheet.docx").read_bytes())).sections[0].footer
    assert footer.paragraphs[0].text.endswith("\t/")


def test_worksheet_header_may_show_the_total_points(cli, project):
    (project / "templates").mkdir()
    (project / "templates" / "worksheet_header.j2").write_text(
        'Name <blank name="name" width="30"/> Period <blank name="period" width="5"/>\n'
        'Score: ____ / {{ label("points", count=total) }} ({{ label("questions", count=count) }})\n', encoding="utf-8")
    assert cli("build", "--format", "pdf", cwd=project, root=project).code == 0
    assert "Score: ____ / 17 points (8 questions)" in squash(pdf_text(project / "output" / LESSON / "worksheet.pdf"))


@pytest.mark.parametrize(("text", "message"), [
    ("wordbank: Words\n", "templates/labels.yaml:1:1: error: there is no label 'wordbank'; did you mean 'word_bank'?"
     " The labels are listed in docs/labels.md [labels.key]"),
    ('page: "Page {num} of {total}"\n', "templates/labels.yaml:1:7: error: 'page' may use {n} and {total}, not {num}"
     " [labels.braces]"),
    ('page: "{total} pages, page {n}"\n', "templates/labels.yaml:1:7: error: 'page' must end with {total} (the "
     "page count is printed last) [labels.braces]"),
    ('title_form: "{title} — {form"\n', "templates/labels.yaml:1:13: error: 'title_form': a '{' or '}' without its "
     "partner (write {{ or }} to print a brace) [labels.braces]"),
    ("points: {one: a mark, others: marks}\n", "templates/labels.yaml:1:9: error: 'points' needs exactly 'one:' and "
     "'other:', got 'others'; did you mean 'other'? [labels.value]"),
    ("key_terms: {one: a, other: b}\n", "templates/labels.yaml:1:12: error: 'key_terms' is one text, not 'one:' and "
     "'other:' [labels.value]"),
    ("key_terms: [a, b]\n", "templates/labels.yaml:1:12: error: 'key_terms' must be text, not a list [labels.value]"),
])
def test_labels_file_mistakes_are_located(cli, project, text, message):
    (project / "templates").mkdir()
    (project / "templates" / "labels.yaml").write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        run = cli(command, cwd=project, root=project)
        assert run.code == 1 and message in run.err, run.err
        assert run.err.endswith("lessonpress: 1 problem(s); nothing was written\n")
    assert not (project / "output").exists()


def test_unknown_language_is_located_and_lists_the_languages(cli, project):
    course = project / "lessons" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("paper: letter", "paper: letter\nlanguage: esp"),
                      encoding="utf-8")
    line = course.read_text(encoding="utf-8").splitlines().index("language: esp") + 1
    for command in ("check", "build"):
        run = cli(command, cwd=project, root=project)
        assert run.code == 1
        assert (f"lessons/course.yaml:{line}:11: error: lessonpress has no labels for the language 'esp'; did you "
                "mean 'es'? use one of: en (English), es (Español) [course.language]") in run.err, run.err
    assert not (project / "output").exists()


def test_reading_the_lessons_reads_no_labels(project):
    """Whether the course's language is one lessonpress prints is told by the label files' names: reading every
    language's labels for it cost a check a few milliseconds."""
    from lessonpress.validate import load_project

    _builtin.cache_clear()
    project_ = load_project([], project / "lessons")
    assert not project_.report.errors and _builtin.cache_info().currsize == 0


def test_a_label_the_fonts_cannot_print_warns_at_its_line(cli, project):
    (project / "templates").mkdir()
    (project / "templates" / "labels.yaml").write_text("word_bank: Words\nkey_terms: 用語\n", encoding="utf-8")
    run = cli("check", cwd=project, root=project)
    assert run.code == 0 and "templates/labels.yaml:2:12: warning: '用' (U+7528" in run.err, run.err


def test_a_spanish_pdf_reads_its_blanks_aloud_in_spanish(spanish):
    import pikepdf

    from tests.test_tagged import structure

    with pikepdf.open(spanish / LESSON / "worksheet-A.pdf") as pdf:
        _, _, actual = structure(pdf)
    assert any("Nombre espacio 1 Fecha espacio 2 Periodo espacio 3" in a for a in actual), actual
    assert not any("blank" in a for a in actual)


def test_a_spanish_quizs_feedback_is_in_spanish(cli, project):
    _spanish(project)
    assert cli("build", "--format", "gift,moodle", cwd=project, root=project).code == 0
    gift = (project / "output" / LESSON / "quiz.gift").read_text(encoding="utf-8").replace("\\", "")  # unescaped
    for spanish in ("Por qué: ", "Evidencia: ", "Rúbrica: ", "Respuesta modelo: "):
        assert spanish in gift, spanish
    for english in ("Why: ", "Evidence: ", "Rubric: ", "Model answer: ", "(earliest)"):
        assert english not in gift, english
    moodle = (project / "output" / LESSON / "quiz-moodle.xml").read_text(encoding="utf-8")
    assert "Por qué: " in moodle and "Why: " not in moodle
    assert "(el más antiguo)" in gift  # GIFT has no ordering question: events are matched to their places


def test_a_spanish_web_page_reads_its_numbers_blanks_and_answer_spaces_in_spanish(cli, project):
    from html.parser import HTMLParser

    _spanish(project)
    assert cli("build", "--format", "html", cwd=project, root=project).code == 0

    class Hidden(HTMLParser):  # the text only a screen reader hears (class="sr")
        def __init__(self):
            super().__init__()
            self.depth, self.said = 0, []

        def handle_starttag(self, tag, attrs):
            if self.depth or ("class", "sr") in attrs:
                self.depth += 1
                if self.depth == 1:
                    self.said.append("")

        def handle_endtag(self, tag):
            self.depth = max(0, self.depth - 1)

        def handle_data(self, data):
            if self.depth:
                self.said[-1] += data

    said = {}
    for name in ("handout", "worksheet"):
        page = Hidden()
        page.feed((project / "output" / LESSON / f"{name}.html").read_text(encoding="utf-8"))
        said[name] = [s.strip() for s in page.said]
    assert "Párrafo" in said["handout"] and "Paragraph" not in said["handout"], said["handout"][:5]
    assert {"espacio 1", "espacio 2", "espacio 3"} <= set(said["worksheet"]), said["worksheet"][:8]
    assert any(s.startswith("Espacio para la respuesta, ") and s.endswith("líneas") for s in said["worksheet"])
    assert not any("blank" in s or "Answer space" in s for s in said["worksheet"])


def test_a_spanish_quiz_speaks_spanish_on_every_platform(cli, project):
    import zipfile

    _spanish(project)
    assert cli("build", "--format", "canvas,moodle,gift,blackboard,google-forms", "--versions", "2",
               cwd=project, root=project).code == 0
    out = project / "output" / LESSON
    files = sorted(p for p in out.iterdir() if p.name.startswith("quiz"))
    assert len(files) >= 10, files  # two forms of five platforms

    def text(path):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                return "".join(z.read(n).decode("utf-8") for n in z.namelist())
        return path.read_text(encoding="utf-8").replace("\\", "")  # GIFT's escapes undone

    for path in files:
        said = text(path)
        assert "Banco de palabras: " in said, path.name  # the fill-in question's word bank
        for english in ("Word bank", "Use your handout", "Form A", "Form B"):
            assert english not in said, (path.name, english)
        if path.suffix == ".zip" or path.name.endswith(".gs"):
            assert "Usa tu lectura" in said and "Forma " in said, path.name  # the quiz's description and title
    forms = text(next(p for p in files if p.name.endswith(".gs")))
    assert '"Verdadero"' in forms and '"Falso"' in forms and '"True"' not in forms
    assert "Espacio 1" in forms and "Espacio 2" in forms and "Blank 1" not in forms
