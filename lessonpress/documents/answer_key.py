"""The answer key: the worksheet's numbering, each answer with its points, explanation, citation and paragraph."""

from __future__ import annotations

from lessonpress.documents.common import (
    DOCUMENTS,
    Form,
    Numbered,
    answer_code,
    answer_letter,
    by_document,
    document,
    document_letter,
    group_lines,
    letters_of,
    match_order,
    numbers_of,
    order_code,
    ordering_order,
    paragraphs_for,
    part_points,
    parts_of,
    points_text,
    question_groups,
    rubric_table,
    with_blanks,
)
from lessonpress.labels import Labels
from lessonpress.model import Answer, Document, Emph, Heading, Inlines, ItemList, KeepTogether, Para, Strong, Text
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

NBSP = "\u00a0"


def _points(q, labels: Labels) -> tuple[str, list[str]]:
    """The number line's points label, and each part's points where they are not all the same.

    Even shares go in the label, "(5 points, 1 per pair)"; uneven ones (remainder on the first parts)
    are marked beside each part, "[2 pts]", and the label says so."""
    total = points_of(q)
    label = labels("points", count=total)
    parts = parts_of(q)
    marks: list[str] = []
    if parts is not None:
        unit, count = parts
        shares = part_points(total, count)
        if len(set(shares)) == 1:
            label = labels("points_share", points=label, share=points_text(shares[0]), unit=labels(f"unit_{unit}"))
        else:
            label = labels("points_as_marked", points=label, unit=labels(f"unit_{unit}"))
            marks = [f" [{labels('points_short', count=s, nowrap=True, n=points_text(s))}]" for s in shares]
    return f"({label})".replace(" ", NBSP), marks  # a label never breaks inside


def _answer(ll: LoadedLesson, n: Numbered, labels: Labels) -> Answer:
    """One answer: the answer itself on the number line where it is short (a letter and its text, True or
    False with the statement, the completed sentence, the pairs, each event's number), the prompt there
    where the answer alone would mean nothing (short answer, essay); below it what a marker needs."""
    q = n.question
    label, marks = _points(q, labels)
    blocks: list = []
    headline: Inlines
    if isinstance(q, MultipleChoice):
        headline = (Strong((Text(f"{answer_letter(ll, n)}."),)), Text(f" {q.choices[LETTERS.index(q.answer)]}"))
    elif isinstance(q, TrueFalse):
        headline = (Strong((Text(f"{answer_code(ll, n, labels)}."),)), Text(" "), Emph((Text(q.prompt),)))
    elif isinstance(q, FillInBlank):
        headline = with_blanks(q.prompt, q.answers, tuple(marks))
    elif isinstance(q, Matching):
        letter_of = letters_of(match_order(ll, n))
        headline = (Strong((Text(answer_code(ll, n, labels)),)),)
        # each pair on a line of the full width: the numbered item, then the lettered match
        blocks.append(ItemList(tuple((Text(f"{p.left} → "), Strong((Text(f"{letter_of[i]}."),)),
                                      Text(f" {p.right}" + (marks[i] if marks else "")))
                                     for i, p in enumerate(q.pairs)), ordered=True))
    elif isinstance(q, Ordering):
        # students write a number beside each lettered event: the key gives each letter's number
        headline = tuple(x for j, (letter, number) in enumerate(numbers_of(ll, n))
                         for x in ((Text(f"{NBSP}· ") if j else Text("")), Strong((Text(f"{letter}{NBSP}{number}"),))))
        letter_of = letters_of(ordering_order(ll, n))
        blocks.append(Para((Strong((Text(labels("earliest_first")),)), Text(order_code(ll, n))), role="note"))
        blocks.append(ItemList(tuple((Text(f"{item} ({letter_of[i]})" + (marks[i] if marks else "")),)
                                     for i, item in enumerate(q.items)), ordered=True))
    elif isinstance(q, ShortAnswer):
        headline = (Emph((Text(q.prompt),)),)
        blocks.append(Para((Strong((Text(labels("model_answer")),)), Text(q.answer)), role="note"))
    elif isinstance(q, Essay):
        headline = (Emph((Text(q.prompt),)),)
        if q.answer:
            blocks.append(Para((Strong((Text(labels("strong_answer")),)), Text(q.answer)), role="note"))
        blocks.append(rubric_table(q, labels("rubric"), labels, (0.83, 0.17)))
    else:  # pragma: no cover - the schema knows no other type
        raise TypeError(type(q).__name__)
    where = evidence_place(ll, n, labels)
    evidence = (Emph((Text(labels("evidence")),)), Text(f"{'; '.join(q.cite)}{where}"))
    if q.explanation:  # the evidence runs on after the explanation, one paragraph
        blocks.append(Para((Emph((Text(labels("why")),)), Text(f"{q.explanation} "), *evidence), role="note"))
    else:
        blocks.append(Para(evidence, role="note"))
    return Answer(n.number, points_of(q), tuple(blocks), headline=headline, points_label=label,
                  loc=ll.loc(*n.path))


def evidence_place(ll: LoadedLesson, n: Numbered, labels: Labels) -> str:
    """Where the evidence is, after its citation: " · Reading ¶ 3, 4", or for a guiding question " · Document A"."""
    if n.document is not None:
        return f" · {labels('document_ref', nowrap=True, letter=document_letter(n.document))}"
    paras = paragraphs_for(ll, n.question)
    numbers = ", ".join(str(p) for p in paras)
    return f" · {labels('reading_paragraphs', nowrap=True, numbers=numbers)}" if paras else ""


def _teacher_notes(ll: LoadedLesson, labels: Labels) -> list:
    """What the questions assess, before the answers, as a paragraph that flows like any other (so it never
    ends the key on a page of its own). The warm-up and closing discussion are printed in the lesson plan."""
    lesson = ll.lesson
    objectives = " ".join(f"({i}) {o}" for i, o in enumerate(lesson.objectives, 1))
    return [Para((Strong((Text(labels("objectives_note")),)), Text(f"{objectives} "),
                  Emph((Text(labels("see_plan", minutes=lesson.duration)),))), role="note")]


def answer_key(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None,
               form: Form | None = None) -> Document:
    lesson, labels = ll.lesson, templates.labels
    groups = question_groups(ll, form)
    title = (labels("key_title_form", title=lesson.title, form=labels("form", form=form.letter)) if form
             else labels("key_title", title=lesson.title))
    total = sum(g.points for g in groups)
    count = sum(len(g.items) for g in groups)
    blocks: list = [
        Heading(1, (Text(title),), loc=ll.loc("title")),
        Para((Text(labels("key_subtitle", course=course.title)),), role="subtitle"),
        # the total and the teacher notes open the key, so its last page ends with an answer, never with
        # a few lines of notes alone
        *(Para(line, role="total") for line in
          templates.lines("answer_key_total.j2", lesson=lesson, total=total, count=count)),
        *_teacher_notes(ll, labels),
    ]
    for group in groups:
        heading = group_lines(templates, group, ll)[0]
        if group.type == DOCUMENTS:  # the part's heading and each document's title, kept with its first answer
            head: list = [Heading(2, heading)]
            for d, items in by_document(group.items):
                title = Heading(3, (Text(labels("document_title", letter=document_letter(d),
                                                title=lesson.documents[d].title)),))
                answers = [_answer(ll, n, labels) for n in items]
                blocks += [KeepTogether((*head, title, answers[0])), *answers[1:]]
                head = []
            continue
        answers = [_answer(ll, n, labels) for n in group.items]
        # a long answer may run on over a page (in large print most do): the heading travels with what the
        # writer keeps of the answer (headings keep with what follows), not with the whole of it
        blocks += [Heading(2, heading), *answers]
    return document("answer-key", labels("answer_key"), ll, course, templates, blocks, paper=paper, form=form)
