"""Page breaks forced: synthetic documents whose filler paragraphs push a heading, a question, a matching question,
an essay and a table to the foot of page 1, for every amount of filler around it, written by the PDF writer and
read back page by page (tests/pagecheck.py); and the course's Word files, whose table rows never split."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from lessonpress import model as m
from lessonpress.cli import main
from lessonpress.labels import Labels
from lessonpress.writers import get_writer
from tests.pagecheck import Page, Unit, _cells, _squash, read_pages

ROOT = Path(__file__).resolve().parent.parent
MIN_LINES = 3  # answer lines that must go with their prompt, and the fewest a page may hold on its own


def document(blocks: list, paper: str = "letter") -> m.Document:
    return m.Document(kind="worksheet", kind_label="Worksheet", title="Page breaks", course_title="Tests",
                      footer="Tests · Page breaks", blocks=tuple(blocks), paper=paper)


def filler(n: int) -> list[m.Block]:
    """n one-line paragraphs: each step moves what follows down by one line and its spacing."""
    return [m.Para((m.Text(f"Filler paragraph {i + 1} moves what follows down the page."),)) for i in range(n)]


def write(tmp_path: Path, name: str, blocks: list, profile: str = "standard") -> list[Page]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(get_writer("pdf", profile).write(document(blocks)))
    return read_pages(path, profile)


def where(pages: list[Page], text: str) -> list[tuple[int, int]]:
    """(page, unit index) of every unit whose text holds `text`."""
    return [(p.number, i) for p in pages for i, u in enumerate(p.units) if text in u.text]


def page_of(pages: list[Page], text: str) -> int:
    """The first page whose text (lines of a cell or paragraph joined, so wrapping does not matter) holds `text`."""
    needle = _squash(text)
    for p in pages:
        if any(needle in cell for _, cell in _cells(p)):
            return p.number
    raise AssertionError(f"'{text}' is not in the PDF")


def units_after(pages: list[Page], text: str) -> tuple[Page, list[Unit]]:
    number, i = where(pages, text)[0]
    page = pages[number - 1]
    return page, page.units[i + 1:]


def sweep(case, amounts, tmp_path: Path, variants: tuple = (None,), more: tuple = ()) -> None:
    """Run `case(n)` (or `case(n, variant)` for each variant) for each filler amount, and for each (variant, amounts)
    of `more`; report every placement that fails, not only the first."""
    failures, tried = [], 0
    for variant, ns in [*((v, amounts) for v in variants), *more]:
        for n in ns:
            tried += 1
            try:
                case(n) if variant is None else case(n, variant)
            except AssertionError as exc:
                label = f"{variant}, " if variant is not None else ""
                failures.append(f"{label}{n} filler paragraphs: {str(exc).splitlines()[0]}")
    assert not failures, f"{len(failures)} of {tried} placements fail:\n" + "\n".join(failures)


LONG = ("This paragraph follows the heading and runs over several lines, so that the heading can be kept with its "
        "first two lines while the rest of the paragraph goes on to the next page if it has to; it says nothing, "
        "at some length, and ends here.")


@pytest.mark.parametrize("kept", [False, True], ids=["heading-then-lines", "heading-kept-with-paragraph"])
def test_a_heading_travels_with_its_first_two_lines(tmp_path, kept):
    def case(n):
        head = m.Heading(2, (m.Text("Stranded Heading"),))
        if kept:  # as the handout keeps a section heading with its first block
            after = [m.KeepTogether((head, m.Para((m.Text(LONG),))))]
        else:
            after = [head, *(m.Para((m.Text(f"Line {k} after the heading."),)) for k in (1, 2, 3))]
        pages = write(tmp_path, f"heading-{n}", [*filler(n), *after, *filler(3)])
        page, rest = units_after(pages, "Stranded Heading")
        content = [u for u in rest if u.kind != "heading"]
        assert len(content) >= 2, f"heading on page {page.number} with {len(content)} line(s) after it"

    sweep(case, range(26, 36), tmp_path)


def test_a_question_keeps_its_prompt_with_its_first_answer_line(tmp_path):
    """A question on its own, and one as the worksheet prints a part's first: heading and instructions kept with
    it; in large print that one is taller than a page, so it must break inside its lines, never between prompt
    and lines."""
    def case(n, variant):
        profile, first = variant
        question = m.Question(2, (m.Text("Prompt of the written question, which asks for a long answer."),), 6,
                              (m.AnswerSpace(14 if first else 4),))
        if first:
            blocks = [m.KeepTogether((m.Heading(2, (m.Text("Part F: Short Answer (6 points)"),)),
                                      m.Para((m.Text("Answer in complete sentences."),), role="instructions"),
                                      question))]
        else:
            blocks = [question]
        pages = write(tmp_path, f"question-{n}", [*filler(n), *blocks, *filler(2)], profile)
        page, rest = units_after(pages, "Prompt of the written")
        while rest and rest[0].kind == "text":  # the prompt's own wrapped lines
            rest = rest[1:]
        assert rest and rest[0].kind == "answer-line", f"prompt on page {page.number} without its first answer line"

    sweep(case, (), tmp_path, more=((("standard", False), range(24, 36)), (("standard", True), range(20, 36)),
                                    (("large-print", True), range(0, 22))))


def matching(pairs: int = 5) -> m.Question:
    """A matching question that fits on a page in every profile (so it never has to split), though in large print
    (569 pt of the 641) not with its part's heading and instructions above it."""
    rows = tuple(((m.Blank(5), m.Text(f"  {i + 1}. Left item {i + 1}")),
                  (m.Text(f"{chr(65 + i)}. Right item {chr(65 + i)}, what it did, told at some length so that it "
                          "wraps over five lines in large print"),))
                 for i in range(pairs))
    return m.Question(1, (m.Text("Match each left item with its right item."),), pairs,
                      (m.Table(rows, widths=(0.42, 0.58), role="matching"),))


def test_a_matching_question_is_never_split(tmp_path):
    """As the worksheet prints it: the part's heading and instructions kept with its first question."""
    def case(n, profile):
        # five pairs do not fit a large-print page with the part's heading (they split where they fall, rather
        # than leave the heading alone on a page; see issue 8's note); four do, and never split
        pairs = 5 if profile == "standard" else 4
        part = m.KeepTogether((m.Heading(2, (m.Text("Part D: Matching (5 points)"),)),
                               m.Para((m.Text("Write the letter of the matching description on the line beside "
                                              "each item. Use each letter once."),), role="instructions"),
                               matching(pairs)))
        pages = write(tmp_path, f"matching-{n}", [*filler(n), part, *filler(2)], profile)
        on = {page_of(pages, "Match each left item")}
        for i in range(pairs):
            on.add(page_of(pages, f"Left item {i + 1}"))
            on.add(page_of(pages, f"Right item {chr(65 + i)},"))
        assert len(on) == 1, f"matching question split over pages {sorted(on)}"

    sweep(case, (), tmp_path, more=(("standard", range(18, 36)), ("large-print", range(0, 22))))


def essay() -> m.Question:
    rubric = m.Table(tuple(((m.Text(f"Criterion {k} of the essay."),), (m.Text(str(k)),)) for k in (1, 2, 3, 4)),
                     header=((m.Text("Your answer will be marked on"),), (m.Text("Points"),)), widths=(0.8, 0.2),
                     role="rubric")
    return m.Question(1, (m.Text("Essay prompt: argue a claim with evidence from the reading."),), 10,
                      (rubric, m.AnswerSpace(14, continued=(m.Text(Labels()("continued")),))))


@pytest.mark.parametrize("profile", ["standard", "large-print"])
def test_an_essay_keeps_prompt_rubric_and_first_lines_and_says_continue(tmp_path, profile):
    def case(n):
        pages = write(tmp_path, f"essay-{n}", [*filler(n), essay()], profile)
        start = page_of(pages, "Essay prompt")
        assert page_of(pages, "Criterion 4") == start, "the rubric is not on the prompt's page"
        counts = {p.number: sum(u.kind == "answer-line" for u in p.units) for p in pages}
        assert counts[start] >= MIN_LINES, f"{counts[start]} answer line(s) on the prompt's page {start}"
        assert sum(counts.values()) == 14, f"answer lines per page {counts}"
        thin = [f"page {k}: {c}" for k, c in counts.items() if 0 < c < MIN_LINES]
        assert not thin, f"a page holds only a few trailing answer lines ({', '.join(thin)})"
        for k in range(start, max(k for k, c in counts.items() if c)):
            last = [u for u in pages[k - 1].units if u.kind in ("text", "answer-line")][-1]
            assert last.kind == "text" and "continue" in last.text.lower(), \
                f"page {k} ends the essay's lines without a line saying to continue on the back"
        if start > 1:  # the essay may split, so it never leaves the page before it half empty
            before = pages[start - 2]
            used = (before.lowest - before.frame_top) / before.text_height
            assert used >= 0.5, f"the essay starts on page {start}, leaving page {start - 1} {used:.0%} used"

    sweep(case, range(4, 34) if profile == "standard" else range(0, 20), tmp_path)


def timeline(rows: int = 14) -> m.Table:
    body = tuple(((m.Text(f"19{10 + r}"),), (m.Text(f"R{r:02d}-start: an event of the timeline, described at "
                                                   f"enough length to wrap onto a second line R{r:02d}-end"),),
                  (m.Text("Jones, pg. 1"),)) for r in range(rows))
    return m.Table(body, header=((m.Text("Date"),), (m.Text("Event"),), (m.Text("Source"),)),
                   widths=(0.2, 0.58, 0.22), role="grid")


def test_a_continued_table_repeats_its_header_and_splits_no_row(tmp_path):
    """Two shapes: one table, and one table kept with its heading (as the handout's timeline)."""
    def case(n, shape):
        table = timeline()
        heading = m.Heading(2, (m.Text("Timeline"),))
        blocks = {"table": [table], "table kept with heading": [m.KeepTogether((heading, table))],
}[shape]
        pages = write(tmp_path, f"table-{n}", [*filler(n), *blocks, *filler(2)])
        for r in range(14):
            a, b = page_of(pages, f"R{r:02d}-start"), page_of(pages, f"R{r:02d}-end")
            assert a == b, f"row {r} split over pages {a} and {b}"
        for p in pages:
            rows = [u for u in p.units if u.kind in ("row", "header-row")]
            if rows:
                assert rows[0].kind == "header-row", f"page {p.number}: the table goes on without its header row"
                assert any(u.kind == "row" for u in rows), f"page {p.number}: the header row alone"

    sweep(case, range(22, 36), tmp_path, ("table", "table kept with heading"))


def test_word_table_rows_never_split_and_header_rows_repeat(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(ROOT / "lessons"), "--out", str(out), "-q", "--format", "docx"], root=ROOT) == 0
    files = sorted(out.rglob("*.docx"))
    assert files
    faults = []
    for path in files:
        body = docx.Document(io.BytesIO(path.read_bytes())).element.body
        for t, tbl in enumerate(body.iter(qn("w:tbl"))):
            for r, tr in enumerate(tbl.iter(qn("w:tr"))):
                pr = tr.find(qn("w:trPr"))
                where_ = f"{path.relative_to(out)}: table {t + 1} row {r + 1}"
                if pr is None or pr.find(qn("w:cantSplit")) is None:
                    faults.append(f"{where_} may split across pages (no w:cantSplit)")
                shaded = [tc.find(qn("w:tcPr")) for tc in tr.iter(qn("w:tc"))]
                if shaded and all(p is not None and p.find(qn("w:shd")) is not None for p in shaded) and \
                        (pr is None or pr.find(qn("w:tblHeader")) is None):
                    faults.append(f"{where_} is a shaded header row that does not repeat (no w:tblHeader)")
    assert not faults, "\n".join(faults[:40])
