"""Forms A, B, C…: seeded shuffles, the form letter on every page, and each key matching its own worksheet."""

import re

import pytest

from lessonpress.schema import MultipleChoice, TrueFalse
from lessonpress.validate import load_project
from tests.conftest import COURSE, SAMPLE, pdf_pages, squash

LESSON = "01-tensions-and-treaties"
FORMS = "ABC"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from lessonpress.cli import main

    out = tmp_path_factory.mktemp("versions")
    for name, seed in (("one", "1"), ("again", "1"), ("other", "2")):
        code = main(["build", str(SAMPLE), str(COURSE), "--versions", "3", "--seed", seed, "--format", "pdf",
                     "--out", str(out / name), "-q"])
        assert code == 0
    return out


@pytest.fixture(scope="module")
def lesson():
    return load_project([SAMPLE, COURSE], SAMPLE.parent).lessons[0].lesson


def test_files_per_form_and_a_key_grid(built):
    names = {p.name for p in (built / "one" / LESSON).iterdir()}
    assert names == {"handout.pdf", "lesson-plan.pdf", "key-grid.pdf",
                     *(f"{kind}-{f}.pdf" for kind in ("worksheet", "answer-key")
                                                      for f in FORMS)}


def test_same_seed_same_bytes_other_seed_other_forms(built):
    for name in ("worksheet-A.pdf", "worksheet-B.pdf", "answer-key-C.pdf", "key-grid.pdf"):
        assert (built / "one" / LESSON / name).read_bytes() == (built / "again" / LESSON / name).read_bytes()
    one = [squash(pdf_pages(built / "one" / LESSON / f"worksheet-{f}.pdf")[0]) for f in FORMS]
    other = [squash(pdf_pages(built / "other" / LESSON / f"worksheet-{f}.pdf")[0]) for f in FORMS]
    assert one != other
    assert len(set(one)) == 3  # the three forms differ from each other


def test_form_letter_on_every_page(built):
    for f in FORMS:
        for kind in ("worksheet", "answer-key"):
            for text in pdf_pages(built / "one" / LESSON / f"{kind}-{f}.pdf"):
                assert f"Form {f}" in text


def _choice_letter(sheet: str, number: int, prompt: str, choices: tuple[str, ...], answer: str) -> str:
    """The letter a worksheet prints before `answer`, from where its choices stand after the prompt."""
    start = sheet.index(f"{number}. {squash(prompt)[:40]}")
    positions = sorted((sheet.index(squash(c)[:35], start), c) for c in choices)
    return "ABCDEF"[[c for _, c in positions].index(answer)]


def test_each_forms_key_matches_its_own_worksheet_and_the_lesson(built, lesson):
    grids = squash("\n".join(pdf_pages(built / "one" / LESSON / "key-grid.pdf")))
    letters_by_form = {}
    for f in FORMS:
        sheet = squash("\n".join(pdf_pages(built / "one" / LESSON / f"worksheet-{f}.pdf")))
        key = squash("\n".join(pdf_pages(built / "one" / LESSON / f"answer-key-{f}.pdf")))
        letters = {}
        for q in lesson.questions:
            if not isinstance(q, (MultipleChoice, TrueFalse)):
                continue
            number = int(re.search(rf"(\d+)\. {re.escape(squash(q.prompt)[:40])}", sheet).group(1))
            # the key gives the answer on the number line: "3. B. <the choice>", "5. True. <the statement>"
            entry = re.search(rf"(?<!\d){number}\. (\S+) ", key)
            assert entry, (f, number)
            if isinstance(q, MultipleChoice):
                right = q.choices["ABCDEF".index(q.answer)]
                printed = _choice_letter(sheet, number, q.prompt, q.choices, right)
                assert entry.group(1) == f"{printed}.", (f, number)
                letters[number] = printed
            else:
                assert entry.group(1) == ("True." if q.answer else "False.")
        letters_by_form[f] = letters
    assert len({tuple(sorted(v.items())) for v in letters_by_form.values()}) > 1  # choices were shuffled
    assert "No. Pts Form A Form B Form C" in grids
    for number in letters_by_form["A"]:  # multiple choice stays Part A, so its numbers are the same in every form
        row = " ".join(letters_by_form[f][number] for f in FORMS)
        assert f" {number} 1 {row} " in f" {grids} ", number


def test_key_grid_gives_points_per_form_where_shuffles_mix_them(cli, project):
    lesson = project / "lessons" / "every-type.yaml"
    text = lesson.read_text(encoding="utf-8").replace(
        "  - type: essay", "  - type: short_answer\n    prompt: Why not?\n    answer: Because.\n    points: 9\n"
        "    cite: Jones, pg. 183\n  - type: essay", 1)
    lesson.write_text(text, encoding="utf-8")
    assert cli("build", "--versions", "6", "--format", "debug", cwd=project, root=project).code == 0
    grid = (project / "output" / "every-type" / "key-grid.txt").read_text(encoding="utf-8")
    assert "| varies |" in grid and "written (9 pt)" in grid and "written (2 pt)" in grid
