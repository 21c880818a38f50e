"""What the builders share: question groups and numbering, seeded shuffles, text with citations and blanks."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from lessonpress.citations import find_citations, parse_citation
from lessonpress.labels import Labels
from lessonpress.model import Blank, Cite, Document, Inlines, Strong, Table, Text, plain
from lessonpress.references import part_order, quoted_paragraphs, quoting_texts
from lessonpress.schema import (
    BLANK_RE,
    LETTERS,
    Course,
    Essay,
    FillInBlank,
    Matching,
    MultipleChoice,
    Ordering,
    QuestionBase,
    ShortAnswer,
    SourceDocument,
    TrueFalse,
    points_of,
)
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson

BLANK_WIDTH = 14
NBSP = "\u00a0"


@dataclass(frozen=True)
class Form:
    """One version of a worksheet: its letter and the seed its shuffles come from."""

    letter: str
    seed: str = "0"

    def key(self, ll: LoadedLesson, what: str) -> str:
        return f"{self.seed}:{ll.lesson.id}:{self.letter}:{what}"


def form_letter(index: int) -> str:
    """A, B, … Z, then AA, AB, … (as spreadsheet columns), for any number of forms."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def forms(count: int, seed: str) -> list[Form | None]:
    """Forms A, B, C… for `--versions N`; one unshuffled version when N is 1 or not given."""
    return [Form(form_letter(i), seed) for i in range(count)] if count > 1 else [None]


@dataclass(frozen=True)
class Numbered:
    """A question with its printed number, its index in the lesson file and the form it is printed in."""

    number: int
    index: int
    question: QuestionBase
    form: Form | None = None
    document: int | None = None
    """For a guiding question, the index of its document (`index` is then its place among the document's)."""

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where the question is written in the lesson file."""
        if self.document is None:
            return ("questions", self.index)
        return ("documents", self.document, "questions", self.index)

    @property
    def key(self) -> str:
        """The question's name in shuffle seeds and online-quiz ids: its index, or "d1.2" for a guiding one."""
        return str(self.index) if self.document is None else f"d{self.document + 1}.{self.index + 1}"


@dataclass(frozen=True)
class Group:
    """Questions of one type, printed together under one heading and instructions."""

    part: str
    type: str
    items: tuple[Numbered, ...]

    @property
    def points(self) -> int:
        return sum(points_of(n.question) for n in self.items)


def question_groups(ll: LoadedLesson, form: Form | None = None) -> list[Group]:
    """Group questions by type, in the order each type first appears; number them 1, 2, 3… across groups.

    A form shuffles the questions within each group; the groups themselves keep their order."""
    order = list(part_order(ll.lesson).items())
    if ll.lesson.documents:  # the documents' part before the essay, which answers the central question with them
        order = [t for t in order if t[0] != "essay"] + [(DOCUMENTS, [])] + [t for t in order if t[0] == "essay"]
    groups, number = [], 0
    for qtype, indexes in order:
        letter = chr(ord("A") + len(groups))
        if qtype == DOCUMENTS:
            guiding = document_questions(ll, number, form)
            if guiding:
                groups.append(Group(letter, DOCUMENTS, guiding))
                number += len(guiding)
            continue
        if form is not None:
            indexes = [indexes[k] for k in permutation(len(indexes), form.key(ll, f"group:{qtype}"))]
        items = []
        for i in indexes:
            number += 1
            items.append(Numbered(number, i, ll.lesson.questions[i], form))
        groups.append(Group(letter, qtype, tuple(items)))
    return groups


DOCUMENTS = "documents"
"""The type of the worksheet's part of the documents' guiding questions, grouped by document: after the other
parts, but before the essay (which answers the central question with the documents)."""


def document_questions(ll: LoadedLesson, after: int, form: Form | None = None) -> tuple[Numbered, ...]:
    """The documents' guiding questions, numbered on from `after`, in the documents' order (a form keeps it:
    each document's questions build on one another)."""
    return tuple(Numbered(after + n, qi, q, form, document=d)
                 for n, (d, qi, q) in enumerate(ll.lesson.guiding_questions, 1))


def document_letter(index: int) -> str:
    """A document's letter: A, B, C…"""
    return LETTERS[index]


def by_document(items: tuple[Numbered, ...]) -> list[tuple[int, list[Numbered]]]:
    """A documents part's questions, each document's together, in order."""
    out: list[tuple[int, list[Numbered]]] = []
    for n in items:
        if not out or out[-1][0] != n.document:
            out.append((n.document or 0, []))
        out[-1][1].append(n)
    return out


def source_line(doc: SourceDocument, labels: Labels) -> Inlines:
    """ "Source: author, kind, date, where." as the document's note under it (parts that hold commas themselves,
    "Japan, Germany, and Italy", are parted by semicolons)."""
    parts = doc.source.parts
    text = ("; " if any("," in p for p in parts) else ", ").join(p.rstrip(".;, ") for p in parts)
    return (Strong((Text(labels("document_source")),)),
            Text(text if text.endswith((".", "?", "!", "”", ")")) else text + "."))


def group_lines(templates: Templates, group: Group, ll: LoadedLesson) -> list[Inlines]:
    """The heading line and instruction lines of a group, from the question_group template."""
    cites = [c.text for p in ll.paragraphs for c in p.cites] + [t for q in ll.lesson.questions for t in q.cite]
    example = cites[0] if cites else templates.labels("example_cite")
    return templates.lines("question_group.j2", type=group.type, title=templates.labels(group.type),
                           part=group.part, count=len(group.items),
                           points=group.points, first=group.items[0].number, last=group.items[-1].number,
                           example_cite=example)


def permutation(size: int, seed: str) -> list[int]:
    """A permutation of range(size) fixed by `seed` (the same on every machine and Python version)."""
    rng = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    order = list(range(size))
    rng.shuffle(order)
    return order


def shuffled(size: int, seed: str) -> list[int]:
    """Like permutation(), but never the identity when it can be avoided (a list to put in order)."""
    order = permutation(size, seed)
    if size > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def _seed(ll: LoadedLesson, n: Numbered, what: str) -> str:
    return n.form.key(ll, f"{n.key}:{what}") if n.form else f"{ll.lesson.id}:{n.key}:{what}"


def choice_order(ll: LoadedLesson, n: Numbered) -> list[int]:
    """The order a multiple-choice question shows its choices: as written, or shuffled for a form."""
    assert isinstance(n.question, MultipleChoice)
    size = len(n.question.choices)
    return permutation(size, _seed(ll, n, "choices")) if n.form else list(range(size))


def match_order(ll: LoadedLesson, n: Numbered) -> list[int]:
    """The order of a matching question's right-hand column (indexes into its pairs)."""
    assert isinstance(n.question, Matching)
    return shuffled(len(n.question.pairs), _seed(ll, n, "matching"))


def ordering_order(ll: LoadedLesson, n: Numbered) -> list[int]:
    """The order in which an ordering question shows its events (indexes into its items)."""
    assert isinstance(n.question, Ordering)
    return shuffled(len(n.question.items), _seed(ll, n, "ordering"))


def letters_of(order: list[int]) -> dict[int, str]:
    """Printed letter of each item, by its index in the lesson, for a shown order of indexes."""
    return {k: LETTERS[j] for j, k in enumerate(order)}


def rubric_table(q: Essay, heading: str, labels: Labels, widths: tuple[float, float] = (0.8, 0.2)) -> Table:
    """An essay's criteria and their points, as printed on the worksheet and in the key."""
    return Table(tuple(((Text(c.criterion),), (Text(str(c.points)),)) for c in q.rubric),
                 header=((Text(heading),), (Text(labels("rubric_points")),)), widths=widths, role="rubric")


def points_label(points: int, labels: Labels) -> str:
    """The points after a question's prompt, on one line: "(2 points)"."""
    return f"({labels('points', count=points)})".replace(" ", NBSP)


def answer_letter(ll: LoadedLesson, n: Numbered) -> str:
    """The letter of a multiple-choice question's right answer as printed (after any shuffle)."""
    assert isinstance(n.question, MultipleChoice)
    return LETTERS[choice_order(ll, n).index(LETTERS.index(n.question.answer))]


def answer_code(ll: LoadedLesson, n: Numbered, labels: Labels) -> str:
    """The answer in a few characters, for a key grid: "B", "T", "1–C, 2–A", "A3 B1 C2", "80; 50".

    An ordering answer gives the number each printed letter gets, as students write them; see order_code()."""
    q = n.question
    if isinstance(q, MultipleChoice):
        return answer_letter(ll, n)
    if isinstance(q, TrueFalse):
        return labels("true") if q.answer else labels("false")
    if isinstance(q, FillInBlank):
        return "; ".join(q.answers)
    if isinstance(q, Matching):
        letter_of = letters_of(match_order(ll, n))
        return ", ".join(f"{i + 1}–{letter_of[i]}" for i in range(len(q.pairs)))
    if isinstance(q, Ordering):
        return " ".join(f"{letter}{number}" for letter, number in numbers_of(ll, n))
    return labels("written")


def numbers_of(ll: LoadedLesson, n: Numbered) -> list[tuple[str, int]]:
    """An ordering question's printed letters in the worksheet's order, each with its place (1 = earliest)."""
    return [(LETTERS[j], k + 1) for j, k in enumerate(ordering_order(ll, n))]


def order_code(ll: LoadedLesson, n: Numbered) -> str:
    """An ordering question's letters, earliest first: "C, A, B"."""
    letter_of = letters_of(ordering_order(ll, n))
    return ", ".join(letter_of[i] for i in range(len(n.question.items)))  # type: ignore[attr-defined]


def part_points(total: int, parts: int) -> list[Fraction]:
    """Each part's share of a question's points (a blank, a pair, an event); the shares add up to the total.

    Whole points where there are at least as many points as parts, the remainder one each to the first
    parts (5 points over 3 blanks: 2, 2, 1); an even fraction where there are fewer (2 over 6: ⅓ each)."""
    if total >= parts:
        base, extra = divmod(total, parts)
        return [Fraction(base + (i < extra)) for i in range(parts)]
    return [Fraction(total, parts)] * parts


_FRACTIONS = {(1, 2): "½", (1, 3): "⅓", (2, 3): "⅔", (1, 4): "¼", (3, 4): "¾", (1, 5): "⅕", (2, 5): "⅖",
              (3, 5): "⅗", (4, 5): "⅘", (1, 6): "⅙", (5, 6): "⅚", (1, 8): "⅛", (3, 8): "⅜", (5, 8): "⅝",
              (7, 8): "⅞"}


def points_text(value: Fraction) -> str:
    """A share of points as a teacher writes it: "2", "½", "1½", "2/7"."""
    whole, rest = divmod(value, 1)
    if not rest:
        return str(int(whole))
    part = _FRACTIONS.get((rest.numerator, rest.denominator), f"{rest.numerator}/{rest.denominator}")
    return f"{int(whole)}{part}" if whole else part


def parts_of(q: QuestionBase) -> tuple[str, int] | None:
    """What a multi-part answer is marked by, and how many there are: ("blank", 2), ("pair", 5)…"""
    if isinstance(q, FillInBlank):
        return "blank", len(q.answers)
    if isinstance(q, Matching):
        return "pair", len(q.pairs)
    if isinstance(q, Ordering):
        return "event", len(q.items)
    return None


def with_citations(text: str, sources: Iterable[str] = ()) -> Inlines:
    """Text whose parenthetical citations (of the given sources, or with a page) become Cite inlines."""
    out: list = []
    pos = 0
    for start, end, _ in find_citations(text, sources):
        if start > pos:
            out.append(Text(text[pos:start]))
        out.append(Cite(text[start:end]))
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)


def with_blanks(text: str, answers: tuple[str, ...] | None = None, marks: tuple[str, ...] = ()) -> Inlines:
    """Prompt text whose ___ runs become write-in blanks (or, for a key, the answers in their place,
    each followed by its mark, e.g. its points, where marks are given)."""
    out: list = []
    pos = 0
    for i, m in enumerate(BLANK_RE.finditer(text)):
        if m.start() > pos:
            out.append(Text(text[pos:m.start()]))
        if answers is None:
            out.append(Blank(BLANK_WIDTH))
        else:
            out.append(Strong((Text(answers[i]),)))
            if marks:
                out.append(Text(marks[i]))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)


def answer_lines(q: QuestionBase) -> int:
    """Ruled lines under a written answer: as set in the lesson, else sized by the points."""
    if isinstance(q, Essay):
        return q.lines or 14
    if isinstance(q, ShortAnswer):
        return q.lines or max(3, 2 * q.points)
    return 0


def paragraphs_for(ll: LoadedLesson, q: QuestionBase) -> list[int]:
    """Reading paragraphs an answer comes from, for the key's "Reading ¶": the ones the lesson names, else
    those holding a quotation the question makes, else those citing its pages.

    Cited pages that match every paragraph, or more than half of a reading of four or more, tell the
    teacher nothing: then none are given."""
    if q.paragraph is not None:
        return list(q.paragraph)
    quoted = quoted_paragraphs(ll.paragraphs, *quoting_texts(q))
    if quoted:
        return quoted
    cites = [c for c in (parse_citation(t) for t in q.cite) if c]
    found = [p.number for p in ll.paragraphs if any(c.within(pc) for c in cites for pc in p.cites)]
    size = len(ll.paragraphs)
    if (size > 1 and len(found) == size) or (size > 3 and len(found) * 2 > size):
        return []
    return found


def document(kind: str, label: str, ll: LoadedLesson, course: Course, templates: Templates, blocks: list,
             header: tuple = (), form: Form | None = None, paper: str | None = None) -> Document:
    """Wrap blocks in a Document with the running footer from the footer template."""
    letter = form.letter if form else None
    footer = " ".join(plain(line) for line in templates.lines("footer.j2", course=course, lesson=ll.lesson,
                                                               kind=label, form=letter))
    return Document(kind=kind, kind_label=label, title=ll.lesson.title, course_title=course.title,
                    footer=footer, blocks=tuple(blocks), header=header, author=course.teacher or "",
                    paper=paper or course.paper, form=letter, **page_labels(templates.labels, letter))


def page_labels(labels: Labels, form: str | None) -> dict[str, str]:
    """What every page of a document says besides its own text: its form, and "Page N of M" (each on one line)."""
    return {"language": labels.language, "form_label": labels("form", nowrap=True, form=form) if form else "",
            "page_label": labels("page", nowrap=True, n="{n}", total="{total}"),
            "blank_label": labels("blank_read", n="{n}"), "paragraph_label": labels("paragraph_read", n="{n}")}
