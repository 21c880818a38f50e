"""What the builders share: question groups and numbering, seeded shuffles, text with citations and blanks."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from lessonpress.citations import find_citations, parse_citation
from lessonpress.model import Blank, Cite, Document, Inlines, Strong, Text
from lessonpress.schema import BLANK_RE, Course, Essay, QuestionBase, ShortAnswer, points_of
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson

BLANK_WIDTH = 14


@dataclass(frozen=True)
class Numbered:
    """A question with its printed number and its index in the lesson file."""

    number: int
    index: int
    question: QuestionBase


@dataclass(frozen=True)
class Group:
    """Questions of one type, printed together under one heading and instructions."""

    part: str
    type: str
    items: tuple[Numbered, ...]

    @property
    def points(self) -> int:
        return sum(points_of(n.question) for n in self.items)


def question_groups(ll: LoadedLesson) -> list[Group]:
    """Group questions by type, in the order each type first appears; number them 1, 2, 3… across groups."""
    order: dict[str, list[int]] = {}
    for i, q in enumerate(ll.lesson.questions):
        order.setdefault(q.type, []).append(i)
    groups, number = [], 0
    for g, (qtype, indexes) in enumerate(order.items()):
        items = []
        for i in indexes:
            number += 1
            items.append(Numbered(number, i, ll.lesson.questions[i]))
        groups.append(Group(chr(ord("A") + g), qtype, tuple(items)))
    return groups


def group_lines(templates: Templates, group: Group, ll: LoadedLesson) -> list[Inlines]:
    """The heading line and instruction lines of a group, from the question_group template."""
    cites = [c.text for p in ll.paragraphs for c in p.cites] + [t for q in ll.lesson.questions for t in q.cite]
    example = cites[0] if cites else "author, pg. page"
    return templates.lines("question_group.j2", type=group.type, part=group.part, count=len(group.items),
                           points=group.points, first=group.items[0].number, last=group.items[-1].number,
                           example_cite=example)


def shuffled(items: list, seed: str) -> list[int]:
    """A permutation of range(len(items)) fixed by `seed`, never the identity when it can be avoided."""
    rng = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    order = list(range(len(items)))
    rng.shuffle(order)
    if len(order) > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def with_citations(text: str) -> Inlines:
    """Text whose parenthetical citations become Cite inlines."""
    out: list = []
    pos = 0
    for start, end, _ in find_citations(text):
        if start > pos:
            out.append(Text(text[pos:start]))
        out.append(Cite(text[start:end]))
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)


def with_blanks(text: str, answers: tuple[str, ...] | None = None) -> Inlines:
    """Prompt text whose ___ runs become write-in blanks (or, for a key, the answers in their place)."""
    out: list = []
    pos = 0
    for i, m in enumerate(BLANK_RE.finditer(text)):
        if m.start() > pos:
            out.append(Text(text[pos:m.start()]))
        if answers is None:
            out.append(Blank(BLANK_WIDTH))
        else:
            out.append(Strong((Text(answers[i]),)))
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
    """Reading paragraphs an answer comes from: the one the lesson names, else those citing its pages."""
    if q.paragraph is not None:
        return list(q.paragraph)
    cites = [c for c in (parse_citation(t) for t in q.cite) if c]
    return [p.number for p in ll.paragraphs if any(c.within(pc) for c in cites for pc in p.cites)]


def document(kind: str, label: str, ll: LoadedLesson, course: Course, templates: Templates, blocks: list,
             header: tuple = (), form: str | None = None, paper: str | None = None) -> Document:
    """Wrap blocks in a Document with the running footer from the footer template."""
    footer = " ".join(t.text for line in templates.lines("footer.j2", course=course, lesson=ll.lesson,
                                                          kind=label, form=form)
                      for t in line if isinstance(t, Text))
    return Document(kind=kind, kind_label=label, title=ll.lesson.title, course_title=course.title,
                    footer=footer, blocks=tuple(blocks), header=header, author=course.teacher or "",
                    paper=paper or course.paper)
