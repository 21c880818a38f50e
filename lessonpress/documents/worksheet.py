"""The student worksheet: Name / Date / Period, then numbered questions grouped by type with answer space."""

from __future__ import annotations

from lessonpress.documents.common import (
    Form,
    Group,
    Numbered,
    answer_lines,
    choice_order,
    document,
    group_lines,
    match_order,
    ordering_order,
    question_groups,
    rubric_table,
    with_blanks,
)
from lessonpress.model import (
    AnswerSpace,
    Blank,
    Box,
    Choices,
    Document,
    Heading,
    KeepTogether,
    Para,
    Question,
    Table,
    Text,
)
from lessonpress.schema import (
    LETTERS,
    Course,
    Essay,
    FillInBlank,
    Matching,
    MultipleChoice,
    Ordering,
    TrueFalse,
    points_of,
)
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson

# printed where a long answer space goes on to the next page
CONTINUED = "Continue your answer on the next page \u2192"
# printed where a matching question too long for one page (in large print) goes on, its choices repeated
MATCH_CONTINUED = "Question {n} continued: match these items with the same choices, printed again below."


def question_block(ll: LoadedLesson, n: Numbered) -> Question:
    q = n.question
    loc = ll.loc("questions", n.index)
    prompt = (Text(q.prompt),)
    body: list = []
    if isinstance(q, MultipleChoice):
        order = choice_order(ll, n)
        body.append(Choices(tuple((LETTERS[j], (Text(q.choices[k]),)) for j, k in enumerate(order))))
    elif isinstance(q, TrueFalse):
        body.append(Choices((("T", (Text("True"),)), ("F", (Text("False"),))), inline=True))
    elif isinstance(q, FillInBlank):
        prompt = with_blanks(q.prompt)
        if q.word_bank:
            body.append(Box("word-bank", "Word bank", (Para((Text("  •  ".join(q.word_bank)),), role="bank"),)))
    elif isinstance(q, Matching):
        order = match_order(ll, n)
        rows = tuple(((Blank(5), Text(f"  {i + 1}. {p.left}")), (Text(f"{LETTERS[j]}. {q.pairs[k].right}"),))
                     for (i, p), (j, k) in zip(enumerate(q.pairs), enumerate(order), strict=True))
        body.append(Table(rows, widths=(0.42, 0.58), role="matching",
                          continued=(Text(MATCH_CONTINUED.format(n=n.number)),)))
    elif isinstance(q, Ordering):
        order = ordering_order(ll, n)
        rows = tuple(((Blank(5),), (Text(f"{LETTERS[j]}. {q.items[k]}"),)) for j, k in enumerate(order))
        body.append(Table(rows, widths=(0.14, 0.86), role="ordering"))
    if isinstance(q, Essay):
        body.append(rubric_table(q, "Your answer will be marked on"))
    lines = answer_lines(q)
    if lines:
        body.append(AnswerSpace(lines, continued=(Text(CONTINUED),)))
    return Question(n.number, prompt, points_of(q), tuple(body), loc=loc)


def group_blocks(ll: LoadedLesson, group: Group, templates: Templates) -> list:
    """A group's heading and instructions kept with its first question, then the rest of its questions."""
    heading, *instructions = group_lines(templates, group, ll)
    first = [Heading(2, heading), *(Para(line, role="instructions") for line in instructions),
             question_block(ll, group.items[0])]
    return [KeepTogether(tuple(first)), *(question_block(ll, n) for n in group.items[1:])]


def worksheet(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None,
              form: Form | None = None) -> Document:
    lesson = ll.lesson
    letter = form.letter if form else None
    header = tuple(Para(line, role="header-field") for line in
                   templates.lines("worksheet_header.j2", course=course, lesson=lesson, form=letter))
    version = f" · Form\u00a0{letter}" if letter else ""
    blocks: list = [
        Heading(1, (Text(lesson.title + (f" — Form\u00a0{letter}" if letter else "")),), loc=ll.loc("title")),
        Para((Text(f"{course.title} · Worksheet{version} · Use your handout: “{lesson.section}”"),),
             role="subtitle"),
    ]
    for group in question_groups(ll, form):
        blocks.extend(group_blocks(ll, group, templates))
    return document("worksheet", "Worksheet", ll, course, templates, blocks, header=header, paper=paper,
                    form=form)
