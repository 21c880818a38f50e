"""The teacher's lesson plan, read back from PDF and DOCX, and the check that its timing fills the lesson."""

import io
import re
import shutil

import docx
import pytest
from pypdf import PdfReader

from lessonpress.documents.common import question_groups
from lessonpress.labels import Labels
from lessonpress.schema import Essay, Matching, MultipleChoice, Ordering, ShortAnswer, TrueFalse, points_of
from lessonpress.validate import load_project
from tests.conftest import COURSE, SAMPLE, docx_paragraphs, pdf_pages, squash

SECTIONS = ["Objectives", "Materials", "Procedure and timing (50 minutes)", "Warm-up", "Closing discussion",
            "Differentiation", "Answer key summary"]


@pytest.fixture(scope="module")
def lesson():
    project = load_project([SAMPLE, COURSE], SAMPLE.parent)
    assert not project.report.errors
    return project.lessons[0]


def clock(plan) -> list[tuple[str, str]]:
    """("0–5", "Warm-up"), ("5–10", …): each step's start and end minute and its name."""
    out, start = [], 0
    for step in plan.procedure:
        out.append((f"{start}–{start + step.minutes}", step.activity))
        start += step.minutes
    return out


def test_every_page_says_what_it_is_and_page_n_of_m(sample_output):
    reader = PdfReader(sample_output / "lesson-plan.pdf")
    assert reader.metadata.title == "Tensions and Treaties — Lesson Plan"
    pages = pdf_pages(sample_output / "lesson-plan.pdf")
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert "Tensions and Treaties · Lesson Plan" in text
        assert f"Page {n} of {len(pages)}" in squash(text)
    first = squash(pages[0])
    assert "Tensions and Treaties — Lesson Plan" in first
    assert "Soviet–Japanese Relations, 1905–1945 · Tensions and Treaties · Grades 9–12 · 50 minutes" in first


def test_sections_in_order_and_bookmarked(sample_output, lesson):
    reader = PdfReader(sample_output / "lesson-plan.pdf")
    titles = [item.title for item in reader.outline[1]]
    assert titles == SECTIONS
    text = squash("\n".join(pdf_pages(sample_output / "lesson-plan.pdf")))
    positions = [text.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    for objective in lesson.lesson.objectives:
        assert squash(objective) in text
    assert squash(lesson.lesson.warm_up) in text and squash(lesson.lesson.closing_discussion) in text
    for note in lesson.lesson.plan.differentiation:
        assert squash(note) in text


def test_materials_list_the_lessons_own_documents_first(sample_output, lesson):
    text = squash("\n".join(pdf_pages(sample_output / "lesson-plan.pdf")))
    own = ["Handout: the reading “Tensions and Treaties” (9 numbered paragraphs, key terms, timeline, key people)",
           "Worksheet: 16 questions, 35 points", "Answer key: for the teacher"]
    positions = [text.index(item) for item in own + [squash(m) for m in lesson.lesson.plan.materials]]
    assert positions == sorted(positions)


def test_timing_rows_give_clock_minutes_that_fill_the_lesson(sample_output, lesson):
    plan = lesson.lesson.plan
    text = squash("\n".join(pdf_pages(sample_output / "lesson-plan.pdf")))
    assert "Minutes Part What happens" in text
    rows = clock(plan)
    assert rows[0][0] == "0–5" and rows[-1][0].endswith(f"–{lesson.lesson.duration}")
    where = 0
    for (minutes, activity), step in zip(rows, plan.procedure, strict=True):
        row = f"{minutes} {activity} {squash(step.details)[:40]}"
        assert row in text, row
        assert text.index(row) > where
        where = text.index(row)


def test_answer_summary_agrees_with_the_worksheet_and_key(sample_output, lesson):
    plan = squash("\n".join(pdf_pages(sample_output / "lesson-plan.pdf")))
    key = squash("\n".join(pdf_pages(sample_output / "answer-key.pdf")))
    summary = plan[plan.index("Answer key summary"):]
    for group in question_groups(lesson):
        for n in group.items:
            q, pts = n.question, points_of(n.question)
            if isinstance(q, MultipleChoice):
                assert f" {n.number} Multiple Choice {q.answer} {pts} " in summary, n.number
                assert f" {n.number}. {q.answer}. " in key
            elif isinstance(q, TrueFalse):
                assert f" {n.number} True or False {'True' if q.answer else 'False'} {pts} " in summary
            elif isinstance(q, Matching):
                code = re.search(rf" {n.number} Matching ([0-9–A-L, ]+?) {pts} ", summary).group(1)
                assert f" {n.number}. {code} (" in key, code
            elif isinstance(q, Ordering):  # "A3 B1 C2", the number beside each letter; the key: "A 3 · B 1 · C 2"
                found = re.search(rf" {n.number} Chronological Order ((?:[A-L]\d+ )+){pts} ", summary)
                numbers = " · ".join(f"{c[0]} {c[1:]}" for c in found.group(1).split())
                assert f" {n.number}. {numbers} (" in key
            elif isinstance(q, (ShortAnswer, Essay)):
                assert re.search(rf" {n.number} (Short Answer|Essay) written {pts} ", summary), n.number
    total = sum(points_of(q) for q in lesson.lesson.questions)
    assert f" Total {len(lesson.lesson.questions)} questions {total} " in summary
    assert f"Total: {total} points" in key


def test_docx_headings_in_order_and_tables(sample_output, lesson):
    d = docx.Document(io.BytesIO((sample_output / "lesson-plan.docx").read_bytes()))
    styles = [p.style.name for p in docx_paragraphs(d) if p.text.strip()]
    assert styles[0] == "Heading 1" and docx_paragraphs(d)[0].text == "Tensions and Treaties — Lesson Plan"
    assert [p.text for p in docx_paragraphs(d) if p.style.name == "Heading 2"] == SECTIONS
    rows = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    timing = rows[:rows.index(["No.", "Type", "Answer", "Points"])]
    assert timing[0] == ["Minutes", "Part", "What happens"]
    assert [tuple(r[:2]) for r in timing[1:]] == clock(lesson.lesson.plan)
    summary = rows[len(timing):]
    numbered = [n for g in question_groups(lesson) for n in g.items]
    assert [r[0] for r in summary[1:-1]] == [str(n.number) for n in numbered]
    for row, n in zip(summary[1:-1], numbered, strict=True):
        if isinstance(n.question, MultipleChoice):
            assert row[1:] == ["Multiple Choice", n.question.answer, "1"]
    total = sum(points_of(q) for q in lesson.lesson.questions)
    assert summary[-1] == ["", "Total", f"{len(numbered)} questions", str(total)]


def test_a_lesson_without_a_plan_still_gets_one(cli, project):
    assert cli("build", "--format", "pdf", cwd=project, root=project).code == 0
    text = squash("\n".join(pdf_pages(project / "output" / "every-type" / "lesson-plan.pdf")))
    assert Labels()("no_plan") in text
    for title in ("Objectives", "Materials", "Procedure and timing (45 minutes)", "Warm-up", "Closing discussion",
                  "Answer key summary", "Total 8 questions 17"):
        assert title in text, title
    assert "Differentiation" not in text and "Minutes Part" not in text


@pytest.mark.parametrize(("change", "tail"), [(-5, "5 minutes short"), (1, "1 minute over")])
def test_plan_minutes_must_add_up_to_the_duration(cli, tmp_path, lesson, change, tail):
    steps = [step.minutes for step in lesson.lesson.plan.procedure]
    longest = steps.index(max(steps))
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    plan = lines.index("plan:\n")
    at = [i for i, text in enumerate(lines) if i > plan and text.startswith("    - minutes: ")][longest]
    steps[longest] += change
    lines[at] = f"    - minutes: {steps[longest]}\n"
    (tmp_path / "lesson.yaml").write_text("".join(lines), encoding="utf-8")
    shutil.copy(COURSE, tmp_path / "course.yaml")
    run = cli("check", "lesson.yaml", cwd=tmp_path, root=tmp_path)
    assert run.code == 1
    procedure = lines.index("  procedure:\n") + 1
    got = [line for line in run.err.splitlines() if not line.startswith("lessonpress:")]
    assert got == [f"lesson.yaml:{procedure}:3: error: the procedure's minutes add up to {50 + change} "
                   f"({' + '.join(map(str, steps))}), but the lesson's 'duration' is 50: the steps are {tail} "
                   "[plan.procedure]"]
