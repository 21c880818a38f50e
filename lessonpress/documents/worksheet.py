"""The student worksheet: Name / Date / Period, then numbered questions grouped by type with answer space."""

from __future__ import annotations

from lessonpress.documents.common import (
    DOCUMENTS,
    Form,
    Group,
    Numbered,
    answer_lines,
    by_document,
    choice_order,
    document,
    document_letter,
    group_lines,
    match_order,
    ordering_order,
    points_label,
    question_groups,
    rubric_table,
    source_line,
    with_blanks,
)
from lessonpress.labels import Labels
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
    Strong,
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


def question_block(ll: LoadedLesson, n: Numbered, labels: Labels) -> Question:
    q = n.question
    loc = ll.loc(*n.path)
    prompt = (Text(q.prompt),)
    body: list = []
    if isinstance(q, MultipleChoice):
        order = choice_order(ll, n)
        body.append(Choices(tuple((LETTERS[j], (Text(q.choices[k]),)) for j, k in enumerate(order))))
    elif isinstance(q, TrueFalse):
        body.append(Choices(((labels("true_letter"), (Text(labels("true")),)),
                             (labels("false_letter"), (Text(labels("false")),))), inline=True))
    elif isinstance(q, FillInBlank):
        prompt = with_blanks(q.prompt)
        if q.word_bank:
            body.append(Box("word-bank", labels("word_bank"), (Para((Text("  •  ".join(q.word_bank)),), role="bank"),)))
    elif isinstance(q, Matching):
        order = match_order(ll, n)
        rows = tuple(((Blank(5), Text(f"  {i + 1}. {p.left}")), (Text(f"{LETTERS[j]}. {q.pairs[k].right}"),))
                     for (i, p), (j, k) in zip(enumerate(q.pairs), enumerate(order), strict=True))
        body.append(Table(rows, widths=(0.42, 0.58), role="matching",
                          continued=(Text(labels("match_continued", n=n.number)),)))
    elif isinstance(q, Ordering):
        order = ordering_order(ll, n)
        rows = tuple(((Blank(5),), (Text(f"{LETTERS[j]}. {q.items[k]}"),)) for j, k in enumerate(order))
        body.append(Table(rows, widths=(0.14, 0.86), role="ordering"))
    if isinstance(q, Essay):
        body.append(rubric_table(q, labels("rubric_intro"), labels))
    lines = answer_lines(q)
    if lines:
        body.append(AnswerSpace(lines, continued=(Text(labels("continued")),),
                                label=labels("answer_space", count=lines)))
    return Question(n.number, prompt, points_of(q), tuple(body), points_label(points_of(q), labels), loc=loc)


def document_blocks(ll: LoadedLesson, group: Group, templates: Templates) -> list:
    """The documents part: its heading, instructions and the central question, then each document's letter,
    title and source note kept with its first guiding question, then the rest of its questions."""
    labels = templates.labels
    heading, *instructions = group_lines(templates, group, ll)
    head: list = [Heading(2, heading), *(Para(line, role="instructions") for line in instructions)]
    if ll.lesson.central_question:
        head.append(central_question(ll, labels))
    blocks: list = []
    for d, items in by_document(group.items):
        doc = ll.lesson.documents[d]
        title = Heading(3, (Text(labels("document_title", letter=document_letter(d), title=doc.title)),),
                        loc=ll.loc("documents", d, "title"))
        first = [*head, title, Para(source_line(doc, labels), role="source"), question_block(ll, items[0], labels)]
        blocks += [KeepTogether(tuple(first)), *(question_block(ll, n, labels) for n in items[1:])]
        head = []
    return blocks


def central_question(ll: LoadedLesson, labels: Labels) -> Para:
    return Para((Strong((Text(labels("central_question")),)), Text(ll.lesson.central_question or "")),
                role="central", loc=ll.loc("central_question"))


def group_blocks(ll: LoadedLesson, group: Group, templates: Templates) -> list:
    """A group's heading and instructions kept with its first question, then the rest of its questions."""
    if group.type == DOCUMENTS:
        return document_blocks(ll, group, templates)
    heading, *instructions = group_lines(templates, group, ll)
    first = [Heading(2, heading), *(Para(line, role="instructions") for line in instructions),
             question_block(ll, group.items[0], templates.labels)]
    return [KeepTogether(tuple(first)), *(question_block(ll, n, templates.labels) for n in group.items[1:])]


def worksheet(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None,
              form: Form | None = None) -> Document:
    lesson, labels = ll.lesson, templates.labels
    letter = form.letter if form else None
    groups = question_groups(ll, form)
    header = tuple(Para(line, role="header-field") for line in
                   templates.lines("worksheet_header.j2", course=course, lesson=lesson, form=letter,
                                   total=sum(g.points for g in groups), count=lesson.question_count))
    named = labels("form", nowrap=True, form=letter) if letter else ""
    title = labels("title_form", title=lesson.title, form=named) if letter else lesson.title
    subtitle = labels("worksheet_subtitle_form" if letter else "worksheet_subtitle", course=course.title,
                      kind=labels("worksheet"), form=named, section=lesson.section)
    blocks: list = [Heading(1, (Text(title),), loc=ll.loc("title")), Para((Text(subtitle),), role="subtitle")]
    for group in groups:
        blocks.extend(group_blocks(ll, group, templates))
    return document("worksheet", labels("worksheet"), ll, course, templates, blocks, header=header, paper=paper,
                    form=form)
