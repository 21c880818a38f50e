"""Answer keys a teacher can mark from: answers on the number line, points per part, ordering numbers, paragraphs."""

import io
import re
from fractions import Fraction

import docx
import pytest
from pypdf import PdfReader

from lessonpress.cli import main
from lessonpress.documents.common import question_groups
from lessonpress.schema import MultipleChoice, Ordering
from lessonpress.validate import load_project
from tests.conftest import COURSE, ROOT, SAMPLE, docx_paragraphs, docx_text, pdf_pages, squash


@pytest.fixture(scope="module")
def lesson():
    project = load_project([SAMPLE, COURSE], SAMPLE.parent)
    assert not project.report.errors
    return project.lessons[0]


@pytest.fixture(scope="module")
def course_keys(tmp_path_factory):
    """The answer key of every lesson of the course, standard profile, as PDF."""
    out = tmp_path_factory.mktemp("course")
    assert main(["build", str(ROOT / "lessons"), "--out", str(out), "--format", "pdf", "-q"], root=ROOT) == 0
    return sorted(out.glob("*/answer-key.pdf"))


def _ordering_numbers(sheet: str, q: Ordering) -> str:
    """What the key must give, read off the worksheet: each printed letter with its event's place in time."""
    placed = sorted((sheet.index(squash(item)[:40]), k) for k, item in enumerate(q.items))
    letters = {k: "ABCDEFGHIJ"[j] for j, (_, k) in enumerate(placed)}
    for k, letter in letters.items():  # the worksheet prints the letter before its event
        assert f"{letter}. {squash(q.items[k])[:40]}" in sheet
    return " · ".join(f"{letters[k]} {k + 1}" for k in sorted(letters, key=letters.get))


def test_ordering_key_gives_each_letters_number_in_pdf_and_docx(sample_output, lesson):
    q = next(q for q in lesson.lesson.questions if isinstance(q, Ordering))
    expected = _ordering_numbers(squash("\n".join(pdf_pages(sample_output / "worksheet.pdf"))), q)
    assert re.fullmatch(r"A \d · B \d · C \d · D \d · E \d", expected)
    pdf = squash("\n".join(pdf_pages(sample_output / "answer-key.pdf")))
    word = docx_text(sample_output / "answer-key.docx")
    for key in (pdf, word):
        assert expected in key.replace("\u00a0", " ")
        assert "Earliest first: " in key  # and the order itself


def test_multi_part_answers_give_each_parts_points(sample_output):
    pdf = squash("\n".join(pdf_pages(sample_output / "answer-key.pdf"))).replace("\u00a0", " ")
    word = docx_text(sample_output / "answer-key.docx").replace("\u00a0", " ")
    for key in (pdf, word):
        assert "(2 points, 1 per blank)" in key  # fill in the blank: 2 blanks, one point each by default
        assert "(5 points, 1 per pair)" in key  # matching: 5 pairs
        assert "(2 points, ⅖ per event)" in key  # ordering: 5 events


def test_uneven_points_are_marked_on_each_part(cli, project):
    lesson = project / "lessons" / "every-type.yaml"
    text = lesson.read_text(encoding="utf-8")
    text = text.replace("    answers: [treaty, auction]\n", "    answers: [treaty, auction]\n    points: 3\n", 1)
    pair = "      - {left: Three, right: Tres}\n"
    text = text.replace(f"{pair}    points: 3\n", f"{pair}    points: 4\n")
    lesson.write_text(text, encoding="utf-8")
    assert cli("build", "--format", "pdf", cwd=project, root=project).code == 0
    key = squash("\n".join(pdf_pages(project / "output" / "every-type" / "answer-key.pdf"))).replace("\u00a0", " ")
    # the remainder goes to the first parts: 3 over 2 blanks is 2 + 1, 4 over 3 pairs is 2 + 1 + 1
    assert "treaty [2 pts] came before the auction [1 pt]." in key
    assert "(3 points, as marked per blank)" in key and "(4 points, as marked per pair)" in key
    assert re.search(r"1\. One → [A-C]\. Uno \[2 pts\]", key) and re.search(r"Tres \[1 pt\]", key)


def test_shares_add_up_to_the_points():
    from lessonpress.documents.common import part_points, points_text

    for total in range(1, 13):
        for parts in range(1, 13):
            shares = part_points(total, parts)
            assert len(shares) == parts and sum(shares) == total
            assert shares == sorted(shares, reverse=True)
    assert [points_text(s) for s in part_points(5, 3)] == ["2", "2", "1"]
    assert points_text(Fraction(3, 2)) == "1½" and points_text(Fraction(2, 7)) == "2/7"


def test_objective_answers_sit_on_the_number_line_without_the_prompt(sample_output, lesson):
    lines = [" ".join(line.split()) for page in pdf_pages(sample_output / "answer-key.pdf")
             for line in page.splitlines()]
    text = " ".join(lines)
    word = docx_text(sample_output / "answer-key.docx")
    for group in question_groups(lesson):
        for n in group.items:
            q = n.question
            if not isinstance(q, MultipleChoice):
                continue
            right = " ".join(q.choices["ABCD".index(q.answer)].split())
            assert any(line.startswith(f"{n.number}. {q.answer}. {right[:20]}") for line in lines), n.number
            assert squash(q.prompt)[:40] not in text, n.number  # the choice says it all
            assert f"{n.number}.\t{q.answer}. {right}" in word
            assert q.prompt not in word


def test_the_course_keys_fit_in_28_pages(course_keys):
    pages = [len(PdfReader(f).pages) for f in course_keys]
    assert len(pages) == 6 and sum(pages) <= 28, pages  # 36 before the keys were made compact


def test_no_reading_paragraph_list_names_the_whole_reading(course_keys):
    project = load_project([ROOT / "lessons"], ROOT / "lessons")
    sizes = {ll.lesson.id: len(ll.paragraphs) for ll in project.lessons}
    seen = 0
    for f in course_keys:
        size = sizes[f.parent.name]
        for found in re.findall(r"Reading ¶ ((?:\d+, )*\d+)", squash("\n".join(pdf_pages(f)))):
            seen += 1
            assert len(found.split(", ")) < size or size == 1, (f.parent.name, found)


def test_a_quotation_points_to_its_paragraph(sample_output, lesson):
    # the essay quotes paragraph 1 and cites pages that every paragraph cites: ¶ 1, not ¶ 1–9
    key = squash("\n".join(pdf_pages(sample_output / "answer-key.pdf")))
    essay = key[key.index("Part G"):]
    assert re.search(r"Evidence: Jones, pg. 178; Jones, pg. 179; Jones, pg. 183 · Reading ¶ 1(?![\d,])", essay)
    doc = docx.Document(io.BytesIO((sample_output / "answer-key.docx").read_bytes()))
    assert not any("Reading ¶ 1, 2, 3, 4, 5, 6, 7, 8, 9" in p.text.replace("\xa0", " ") for p in docx_paragraphs(doc))


def test_key_grid_gives_each_letters_number_for_ordering(cli, project):
    assert cli("build", "--versions", "3", "--format", "debug", cwd=project, root=project).code == 0
    out = project / "output" / "every-type"
    grid = (out / "key-grid.txt").read_text(encoding="utf-8")
    row = next(line for line in grid.splitlines() if line.startswith("6 | "))
    for form, cell in zip("ABC", row.split(" | ")[2:], strict=True):
        key = (out / f"answer-key-{form}.txt").read_text(encoding="utf-8")
        numbers = re.search(r"^6\. ((?:[A-D] \d(?: · )?)+) \(", key.replace("\u00a0", " "), re.M).group(1)
        compact = numbers.replace(" · ", " ").replace(" ", "")  # "A 4 · B 3" -> "A4B3"
        assert cell.startswith(" ".join(compact[i:i + 2] for i in range(0, len(compact), 2))), (form, cell)
