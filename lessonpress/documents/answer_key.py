"""The answer key: the worksheet's numbering, each answer with its explanation, citation and paragraph."""

from __future__ import annotations

from lessonpress.documents.common import (
    Form,
    answer_code,
    answer_letter,
    document,
    group_lines,
    letters_of,
    match_order,
    ordering_order,
    paragraphs_for,
    question_groups,
    rubric_table,
    with_blanks,
)
from lessonpress.model import Answer, Box, Document, Emph, Heading, ItemList, KeepTogether, Para, Strong, Table, Text
from lessonpress.schema import (
    LETTERS,
    Course,
    Essay,
    FillInBlank,
    Matching,
    MultipleChoice,
    Ordering,
    ShortAnswer,
    TrueFalse,
    points_of,
)
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson

ANSWER = Strong((Text("Answer: "),))


def _answer_blocks(ll: LoadedLesson, n) -> list:
    q = n.question
    blocks: list = [Para(with_blanks(q.prompt, getattr(q, "answers", None)) if isinstance(q, FillInBlank)
                         else (Text(q.prompt),), role="key-prompt")]
    if isinstance(q, MultipleChoice):
        blocks.append(Para((ANSWER, Strong((Text(answer_letter(ll, n)),)),
                            Text(f". {q.choices[LETTERS.index(q.answer)]}"))))
    elif isinstance(q, (TrueFalse, FillInBlank)):
        blocks.append(Para((ANSWER, Strong((Text(answer_code(ll, n)),)))))
    elif isinstance(q, Matching):
        letter_of = letters_of(match_order(ll, n))
        blocks.append(Para((ANSWER, Strong((Text(answer_code(ll, n)),)))))
        blocks.append(Table(tuple(((Text(f"{i + 1}. {p.left}"),), (Strong((Text(letter_of[i]),)), Text(f". {p.right}")))
                                  for i, p in enumerate(q.pairs)), widths=(0.42, 0.58), role="key"))
    elif isinstance(q, Ordering):
        letter_of = letters_of(ordering_order(ll, n))
        blocks.append(Para((ANSWER, Strong((Text(answer_code(ll, n)),)), Text(" (earliest first)"))))
        blocks.append(ItemList(tuple((Text(f"{item} ({letter_of[i]})"),) for i, item in enumerate(q.items)),
                               ordered=True))
    elif isinstance(q, ShortAnswer):
        blocks.append(Para((Strong((Text("Model answer: "),)), Text(q.answer))))
    elif isinstance(q, Essay):
        if q.answer:
            blocks.append(Para((Strong((Text("A strong answer: "),)), Text(q.answer))))
        blocks.append(rubric_table(q, "Rubric"))
    if q.explanation:
        blocks.append(Para((Emph((Text("Why: "),)), Text(q.explanation)), role="note"))
    paras = paragraphs_for(ll, q)
    where = f" · Reading ¶ {', '.join(str(p) for p in paras)}" if paras else ""
    blocks.append(Para((Text(f"Evidence: {'; '.join(q.cite)}{where}"),), role="evidence"))
    return blocks


def answer_key(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None,
               form: Form | None = None) -> Document:
    lesson = ll.lesson
    groups = question_groups(ll, form)
    version = f", Form {form.letter}" if form else ""
    blocks: list = [
        Heading(1, (Text(f"{lesson.title} — Answer Key{version}"),), loc=ll.loc("title")),
        Para((Text(f"{course.title} · For the teacher"),), role="subtitle"),
    ]
    for group in groups:
        heading = group_lines(templates, group, ll)[0]
        answers = [Answer(n.number, points_of(n.question), tuple(_answer_blocks(ll, n)),
                          loc=ll.loc("questions", n.index)) for n in group.items]
        blocks.append(KeepTogether((Heading(2, heading), answers[0])))
        blocks.extend(answers[1:])
    total = sum(g.points for g in groups)
    count = sum(len(g.items) for g in groups)
    blocks.extend(Para(line, role="total") for line in
                  templates.lines("answer_key_total.j2", lesson=lesson, total=total, count=count))
    notes: list = [Para((Strong((Text("Objectives"),)),)),
                   ItemList(tuple((Text(o),) for o in lesson.objectives))]
    if lesson.warm_up:
        notes.append(Para((Strong((Text("Warm-up: "),)), Text(lesson.warm_up))))
    if lesson.closing_discussion:
        notes.append(Para((Strong((Text("Closing discussion: "),)), Text(lesson.closing_discussion))))
    blocks.append(Box("teacher-notes", f"Teacher notes · {lesson.duration} minutes", tuple(notes)))
    return document("answer-key", "Answer Key", ll, course, templates, blocks, paper=paper, form=form)
