"""Numbers a teacher never types twice, and sources as teachers have them: built, then read back from the papers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessonpress.citations import find_citations, parse_citation
from tests.conftest import FIXTURES, SAMPLE, docx_text, pdf_text, squash

TEACHER = FIXTURES / "teacher"


def _flat(text: str) -> str:
    return squash(text.replace("\u00a0", " "))


@pytest.fixture
def teacher(tmp_path: Path) -> Path:
    """A project folder holding the teacher's own Gettysburg lesson and a course.yaml without sources."""
    shutil.copytree(TEACHER, tmp_path / "lessons")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_col(path: Path, needle: str, occurrence: int = 0) -> str:
    """file:line:col of a piece of text in a lesson, as a message must give it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    seen = 0
    for i, line in enumerate(lines):
        col = line.find(needle)
        if col >= 0:
            if seen == occurrence:
                return f"lessons/{path.name}:{i + 1}:{col + 1}"
            seen += 1
    raise AssertionError(needle)


def test_a_teachers_own_lesson_builds_with_no_format_chores(cli, teacher):
    """A new topic, a web source listed in the lesson, the reading pasted as plain paragraphs, citations
    without pages, paragraphs found from quotations and part numbers written as references."""
    run = cli("build", cwd=teacher, root=teacher)
    assert run.code == 0, run.err
    assert "warning" not in run.err and "error" not in run.err
    out = teacher / "output" / "gettysburg"
    handout = _flat(pdf_text(out / "handout.pdf"))
    # three paragraphs, pasted with line breaks and blank lines, numbered and joined
    assert "1 Four score and seven years ago our fathers brought forth on this continent" in handout
    assert "2 Now we are engaged in a great civil war" in handout
    assert "3 But, in a larger sense, we can not dedicate" in handout
    # both web sources in the works cited, made from their title, address and date
    assert "Lincoln. “The Gettysburg Address (the Bliss copy), November 19, 1863.”" in handout
    assert "“About the Gettysburg Address.” https://bensguide.gpo.gov/about-the-gettysburg-address. Accessed 2 " \
           "Dec. 2026." in handout
    for key in (_flat(pdf_text(out / "answer-key.pdf")), _flat(docx_text(out / "answer-key.docx"))):
        assert "Evidence: Lincoln, par. 1 · Reading ¶ 1" in key  # found from the quote, no number typed
        assert "Evidence: Lincoln, n.p. · Reading ¶ 3" in key
        assert 'Evidence: "About the Gettysburg Address"' in key  # as the teacher wrote it, no "pg." added
        assert "(2 points, 1 per blank)" in key and "(3 points, 1 per pair)" in key
        assert "(4 points, 1 per event)" in key and "Total: 18 points (8 questions)" in key
    worksheet = _flat(pdf_text(out / "worksheet.pdf"))
    assert "Use a quotation from paragraph 3 to say what Lincoln asks the living to do." in worksheet
    for plan in (_flat(pdf_text(out / "lesson-plan.pdf")), _flat(docx_text(out / "lesson-plan.docx"))):
        assert "Students answer Parts A–E (questions 1–6) alone, then question 7 in Part F with a partner; the " \
               "Part G essay (4 points) is homework. The worksheet is worth 18 points." in plan
        assert "{" not in plan


def test_adding_a_question_moves_the_plans_numbers_with_it(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "  - type: true_false\n", "  - type: multiple_choice\n    prompt: Where was the speech given?\n"
          "    choices: [Gettysburg, Boston]\n    answer: A\n    cite: Lincoln\n  - type: true_false\n")
    assert cli("build", "--format", "pdf", cwd=teacher, root=teacher).code == 0
    plan = _flat(pdf_text(teacher / "output" / "gettysburg" / "lesson-plan.pdf"))
    assert "Parts A–E (questions 1–7)" in plan and "then question 8 in Part F" in plan and "worth 19 points" in plan


def test_the_shipped_plans_give_their_numbers_by_reference(cli, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    assert "Parts {parts: first..ordering} (questions {questions: first..ordering})" in text
    assert "questions 1–11" not in text
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(SAMPLE.parent / "course.yaml", lessons)
    (lessons / SAMPLE.name).write_text(text.replace("  - type: true_false\n", "  - type: multiple_choice\n"
                                                    "    prompt: Extra?\n    choices: [a, b]\n    answer: A\n"
                                                    "    cite: Jones, pg. 178\n  - type: true_false\n", 1),
                                       encoding="utf-8")
    assert cli("build", "--format", "docx", cwd=tmp_path, root=tmp_path).code == 0
    plan = _flat(docx_text(tmp_path / "output" / SAMPLE.stem / "lesson-plan.docx"))
    assert "Students answer Parts A–E (questions 1–12) alone" in plan


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("Part {part: short_answer} with", "Part {part: short_anser} with", "{part: short_anser}",
     "no part holds 'short_anser' questions; did you mean 'short_answer'? (parts hold: multiple_choice, true_false, "
     "fill_in_blank, matching, ordering, short_answer, essay, or write first or last)"),
    ("(questions {questions: first..ordering})", "(questions {quesions: first..ordering})", "{quesions:",
     "'{quesions: first..ordering}' is not a reference; did you mean 'questions'? References are {part: essay}, "
     "{questions: multiple_choice..matching}, {question: label}, {paragraph: label}, {figure: label}, {points} "
     "(to print braces as typed, write them double: {{ }})"),
    ("Part {part: essay} essay", "Part {part: G} essay", "{part: G}",
     "no part holds 'G' questions; for Part G, write its question type: {part: essay} (parts hold: multiple_choice, "
     "true_false, fill_in_blank, matching, ordering, short_answer, essay, or write first or last)"),
    ("Parts {parts: first..ordering} (", "Parts {parts: ordering..first} (", "{parts: ordering..first}",
     "the part range runs backwards; put the earlier part first"),
    ("Run the warm-up below.", "Run the warm-up, then read paragraph {paragraph opening}.", "{paragraph opening}",
     "no reading paragraph has the label 'opening' (no paragraph has a 'label:' yet)"),
    ("Run the warm-up below.", "Read paragraph {paragraph} aloud.", "{paragraph} aloud",
     "say which paragraph, e.g. {paragraph: auction}"),
    ("then\n        question {question: living}", "then\n        question {question: livng}", "{question: livng}",
     "'livng' is neither a part of this lesson (multiple_choice, true_false, fill_in_blank, matching, ordering, "
     "short_answer, essay) nor a question's label; did you mean 'living'?"),
    ("How many years is", "After question {question living}, how many years is", "{question living}",
     "a question's number changes between forms A, B…, so a question cannot name another by label; name its "
     "part instead, e.g. {part: essay}"),
])
def test_an_unknown_reference_is_an_error_at_its_place(cli, teacher, old, new, needle, message):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, old, new)
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert f"{_line_col(lesson, needle)}: error: {message} [reference.unknown]" in run.err.splitlines()
    assert "Traceback" not in run.err
    assert cli("build", cwd=teacher, root=teacher).code == 1 and not (teacher / "output").exists()


def test_braces_that_are_not_references_print_as_typed(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "Run the warm-up below.", '"Run the warm-up {{ 7*7 }} {% raw %} {{part: essay}} below."')
    run = cli("build", "--format", "pdf", cwd=teacher, root=teacher)
    assert run.code == 0, run.err
    assert (f"{_line_col(lesson, '{{part: essay}}')}: warning: '{{{{part: essay}}}}' is printed as typed: lesson "
            "text is never a template; a reference takes single braces, e.g. {part: essay} "
            "[reference.double-braces]") in run.err
    plan = _flat(pdf_text(teacher / "output" / "gettysburg" / "lesson-plan.pdf"))
    assert "Run the warm-up {{ 7*7 }} {% raw %} {{part: essay}} below." in plan


def _labelled(teacher: Path) -> Path:
    """The teacher's lesson with its reading as a list of labelled paragraphs."""
    lesson = teacher / "lessons" / "gettysburg.yaml"
    text = lesson.read_text(encoding="utf-8")
    start, end = text.index("reading: |\n"), text.index("works_cited:\n")
    paragraphs = [" ".join(p.split()) for p in text[start + len("reading: |\n"):end].split("\n\n")]
    labels = ["founding", "battlefield", "task"]
    body = "".join(f"  - label: {label}\n    text: >-\n      {p}\n"
                   for label, p in zip(labels, paragraphs, strict=True))
    lesson.write_text(text[:start] + "reading:\n" + body + text[end:], encoding="utf-8")
    return lesson


def test_paragraphs_named_by_label_follow_an_inserted_paragraph(cli, teacher):
    lesson = _labelled(teacher)
    for n in (1, 3, 3):  # "par. N" is a number too: an inserted paragraph makes it an error (tested below)
        _edit(lesson, f"cite: Lincoln, par. {n}\n", "cite: Lincoln\n")
    _edit(lesson, "    cite: Lincoln, n.p.\n", "    cite: Lincoln, n.p.\n    paragraph: task\n")
    _edit(lesson, "Run the warm-up below.", "'Run the warm-up, then reread paragraph {paragraph: task}.'")
    _edit(lesson, "reading:\n", "reading:\n  - A paragraph the teacher added at the top.\n")
    assert cli("build", cwd=teacher, root=teacher).code == 0
    out = teacher / "output" / "gettysburg"
    key = _flat(pdf_text(out / "answer-key.pdf"))
    assert "Evidence: Lincoln, n.p. · Reading ¶ 4" in key and "Evidence: Lincoln · Reading ¶ 2" in key
    assert "then reread paragraph 4." in _flat(docx_text(out / "lesson-plan.docx"))


def test_a_stale_paragraph_number_is_an_error_not_a_wrong_key(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "    quote: The world will little note", "    paragraph: 2\n    quote: The world will little note")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert (f"{_line_col(lesson, 'paragraph: 2')[:-1]}16: error: 'paragraph' says 2, but its quote is in paragraph "
            "3: the number is out of date (was a paragraph added or moved?); write 3, give the paragraph a label, "
            "or leave 'paragraph' out and let the quote find it (Part B, question 3) [question.stale]") in run.err


def test_a_quote_the_reading_lacks_or_an_unknown_label_is_located(cli, teacher):
    lesson = _labelled(teacher)
    _edit(lesson, "    quote: conceived in Liberty", "    quote: conceived in freedom")
    _edit(lesson, "    cite: Lincoln, n.p.\n", "    cite: Lincoln, n.p.\n    paragraph: tsak\n")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    lines = run.err.splitlines()
    assert (f"{_line_col(lesson, 'conceived in freedom')}: error: the quote 'conceived in freedom' is not in the "
            "reading; copy the words exactly as the reading gives them (use … for words left out) (Part C, question 4) "
            "[question.quote]") in lines
    assert (f"{_line_col(lesson, 'tsak')}: error: 'paragraph': no reading paragraph has the label 'tsak'; did you "
            "mean 'task'? (labels: founding, battlefield, task) (Part B, question 3) [question.paragraph]") in lines


def test_a_par_citation_that_disagrees_with_the_quote_is_an_error(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "    cite: Lincoln, par. 1\n", "    cite: Lincoln, par. 2\n")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert (f"{_line_col(lesson, 'Lincoln, par. 2')}: error: 'Lincoln, par. 2' names a paragraph other than the "
            "question's own (reading paragraph 1); is one of the numbers out of date? (Part A, question 1) "
            "[question.cite]") in run.err


def test_an_unknown_source_says_where_to_add_it(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "    cite: Lincoln\n    quote: conceived", "    cite: Lincon\n    quote: conceived")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert (f"{_line_col(lesson, 'Lincon')}: error: 'Lincon' is not a source in the works cited (Lincoln, About the "
            "Gettysburg Address); did you mean 'Lincoln'? If it is a new source, add '- author: Lincon' and its "
            "'entry:' under 'works_cited:' in lessons/course.yaml or in this lesson [cite.author]") in run.err


def test_multi_part_questions_default_to_one_point_per_item(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "        right: What the nation shall have, under God\n",
          "        right: What the nation shall have, under God\n    points: 6\n")
    assert cli("build", "--format", "pdf", cwd=teacher, root=teacher).code == 0
    key = _flat(pdf_text(teacher / "output" / "gettysburg" / "answer-key.pdf"))
    assert "(6 points, 2 per pair)" in key and "(4 points, 1 per event)" in key


@pytest.mark.parametrize(("text", "source", "pages", "paragraphs"), [
    ("Jones, pg. 178", "Jones", (178,), ()), ("Jones, p. 5", "Jones", (5,), ()), ("Jones 12", "Jones", (12,), ()),
    ("Jones, pp. 182-183", "Jones", (182, 183), ()), ("Smith, par. 3", "Smith", (), (3,)),
    ("Smith, ¶ 2", "Smith", (), (2,)), ("Smith, n.p.", "Smith", (), ()), ("Smith", "Smith", (), ()),
    ("“Sakhalin Island”", "Sakhalin Island", (), ()), ('"A Page," par. 4', "A Page", (), (4,)),
])
def test_citations_as_teachers_write_them_keep_their_wording(text, source, pages, paragraphs):
    cite = parse_citation(text)
    assert cite is not None and (cite.source, cite.pages, cite.paragraphs, cite.text) == (source, pages, paragraphs,
                                                                                          text)


def test_a_bare_name_in_brackets_is_a_citation_only_of_a_listed_source():
    text = "The USSR (Soviet Union) signed (Smith). It fell (Article 3) later (Jones, 12) (“A Page”)."
    found = [c.text for _, _, c in find_citations(text, ["Smith", "A Page"])]
    assert found == ["Smith", "Jones, 12", "“A Page”"]
    assert [c.text for _, _, c in find_citations(text)] == ["Jones, 12"]
    assert parse_citation("pg. 178") is None and parse_citation("178") is None


def test_a_pasted_paragraph_is_reported_at_its_own_line(cli, teacher):
    lesson = teacher / "lessons" / "gettysburg.yaml"
    _edit(lesson, "  gave their lives that that nation might live.\n",
          "  gave their lives that that nation might live (Lincon, n.p.).\n")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert (f"{_line_col(lesson, 'Now we are engaged')}: error: reading paragraph 2 cites 'Lincon', who is not in "
            "the works cited (Lincoln, About the Gettysburg Address); did you mean 'Lincoln'? If it is a new source, "
            "add '- author: Lincon' and its 'entry:' under 'works_cited:' in lessons/course.yaml or in this lesson "
            "[reading.cite]") in run.err.splitlines()


def test_a_paragraph_inserted_into_a_shipped_reading_moves_every_reference(cli, tmp_path):
    """The issue's case: a teacher adds a paragraph near the top of lesson 2; the answer key's paragraphs and the
    plan's paragraph numbers follow it, because the questions and the plan name paragraphs by label."""
    import re

    shipped = SAMPLE.parent / "02-japanese-aggression.yaml"

    def build(text: str, where: Path) -> tuple[list[str], str]:
        (where / "lessons").mkdir(parents=True)
        shutil.copy(SAMPLE.parent / "course.yaml", where / "lessons")
        (where / "lessons" / shipped.name).write_text(text, encoding="utf-8")
        assert cli("build", "--format", "docx", cwd=where, root=where).code == 0
        out = where / "output" / shipped.stem
        key = _flat(docx_text(out / "answer-key.docx"))
        return re.findall(r"Reading ¶ (\d+(?:, \d+)*)", key), _flat(docx_text(out / "lesson-plan.docx"))

    text = shipped.read_text(encoding="utf-8")
    before, plan = build(text, tmp_path / "before")
    assert "Read paragraphs 1–2 and list" in plan and "Read paragraphs 3–5 and fill" in plan
    added = text.replace("  - label: assurances\n",
                         "  - A paragraph the teacher added about Harbin (Eudin and Slusser, pg. 362).\n"
                         "  - label: assurances\n", 1)
    after, plan = build(added, tmp_path / "after")
    assert "Read paragraphs 1–3 and list" in plan and "Read paragraphs 4–6 and fill" in plan
    assert "read paragraph 5, the densest paragraph" in plan
    shifted = [", ".join(str(int(n) + (n != "1")) for n in found.split(", ")) for found in before]
    assert before and after == shifted


def test_a_label_given_twice_is_an_error(cli, teacher):
    lesson = _labelled(teacher)
    _edit(lesson, "  - label: task\n", "  - label: founding\n")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert (f"{_line_col(lesson, '- label: founding')}: error: 'reading' gives the label 'founding' to paragraphs 1 "
            "and 3; give each paragraph its own [reading]") in run.err.splitlines()
    lesson = teacher / "lessons" / "gettysburg.yaml"
    shutil.copy(TEACHER / "gettysburg.yaml", lesson)
    _edit(lesson, "    prompt: According to the speech,", "    label: living\n    prompt: According to the speech,")
    run = cli("check", cwd=teacher, root=teacher)
    assert run.code == 1
    assert (f"{_line_col(lesson, '    label: living', 1)[:-1]}12: error: question 1 has the label 'living' "
            "already; give each question its own [question.label]") in run.err.splitlines()
