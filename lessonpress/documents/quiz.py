"""The online quiz: the worksheet's parts, numbering and shuffles, with every answer, its points and feedback."""

from __future__ import annotations

from lessonpress import quiz_model as qm
from lessonpress.documents.common import (
    DOCUMENTS,
    Form,
    Group,
    Numbered,
    answer_lines,
    by_document,
    choice_order,
    document_letter,
    group_lines,
    match_order,
    ordering_order,
    paragraphs_for,
    part_points,
    question_groups,
    source_line,
)
from lessonpress.labels import Labels
from lessonpress.model import Text, plain
from lessonpress.schema import (
    BLANK_RE,
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

NAME_LENGTH = 60


def _name(number: int, prompt: str) -> str:
    text = " ".join(prompt.split())
    if len(text) > NAME_LENGTH:
        text = text[: NAME_LENGTH - 1].rstrip() + "…"
    return f"Q{number}. {text}"


def _document_feedback(n: Numbered, labels: Labels) -> tuple[str, ...]:
    """A guiding question's feedback: why the answer is right, the citation and its document."""
    q = n.question
    ref = labels("document_ref", letter=document_letter(n.document or 0))
    lines = [f"{labels('why')}{q.explanation}"] if q.explanation else []
    lines.append(f"{labels('evidence')}{'; '.join(q.cite)} · {ref}")
    return tuple(lines)


def _document_context(ll: LoadedLesson, d: int, labels: Labels) -> tuple[str, ...]:
    """The document a guiding question asks about: its letter and title, its excerpt and its source note."""
    doc = ll.lesson.documents[d]
    return (labels("document_title", letter=document_letter(d), title=doc.title), *doc.excerpt,
            plain(source_line(doc, labels)))


def _feedback(ll: LoadedLesson, q, labels: Labels) -> tuple[str, ...]:
    """Why the answer is right, the citation and the reading paragraph(s) it rests on, as the key gives them."""
    numbers = paragraphs_for(ll, q)
    where = f" · {labels('reading_paragraphs', numbers=', '.join(map(str, numbers)))}" if numbers else ""
    lines = [f"{labels('why')}{q.explanation}"] if q.explanation else []
    lines.append(f"{labels('evidence')}{'; '.join(q.cite)}{where}")
    text = {p.number: p.text for p in ll.paragraphs}
    lines += [f"¶ {n}: {text[n]}" for n in numbers if n in text]
    return tuple(lines)


def _positions(count: int, labels: Labels) -> tuple[str, ...]:
    return tuple(f"{i}" + (f" ({labels('earliest')})" if i == 1 else f" ({labels('latest')})" if i == count else "")
                 for i in range(1, count + 1))


def _rubric(q: Essay, labels: Labels) -> str:
    return f"{labels('rubric')}: " + "; ".join(f"{c.criterion} ({labels('points', count=c.points)})"
                                               for c in q.rubric)


def question(ll: LoadedLesson, n: Numbered, quiz_ident: str, labels: Labels) -> qm.Question:
    """One question as a platform holds it, in the order (and with the choices) its form prints."""
    q = n.question
    common = {"number": n.number, "ident": f"{quiz_ident}-q{n.index + 1}", "name": _name(n.number, q.prompt),
              "prompt": q.prompt, "points": points_of(q), "feedback": _feedback(ll, q, labels),
              "loc": ll.loc(*n.path)}
    if n.document is not None:  # which document it asks about, wherever a platform shows the question alone
        ref = labels("document_ref", letter=document_letter(n.document))
        common.update(ident=f"{quiz_ident}-q{n.key.replace('.', '-')}", name=_name(n.number, f"{ref}: {q.prompt}"),
                      prompt=f"{ref}: {q.prompt}", feedback=_document_feedback(n, labels),
                      context=_document_context(ll, n.document, labels))
    if isinstance(q, MultipleChoice):
        order = choice_order(ll, n)
        return qm.Choice(options=tuple(q.choices[k] for k in order),
                         correct=order.index(LETTERS.index(q.answer)), **common)
    if isinstance(q, TrueFalse):
        return qm.TrueFalse(answer=q.answer, labels=(labels("true"), labels("false")), **common)
    if isinstance(q, FillInBlank):
        pieces = tuple(BLANK_RE.split(common["prompt"]))  # a guiding question's prompt names its document
        return qm.Blanks(pieces=pieces, answers=q.answers, word_bank=q.word_bank,
                         shares=tuple(part_points(common["points"], len(q.answers))),
                         word_bank_label=labels("word_bank"), blank_label=labels("quiz_blank", n="{n}"), **common)
    if isinstance(q, Matching):
        return qm.Matching(pairs=tuple((p.left, p.right) for p in q.pairs), right_order=tuple(match_order(ll, n)),
                           shares=tuple(part_points(common["points"], len(q.pairs))), **common)
    if isinstance(q, Ordering):
        return qm.Ordering(events=q.items, shown=tuple(ordering_order(ll, n)),
                           positions=_positions(len(q.items), labels),
                           shares=tuple(part_points(common["points"], len(q.items))), **common)
    if isinstance(q, ShortAnswer):
        return qm.Written(essay=False, lines=answer_lines(q), grader_info=(f"{labels('model_answer')}{q.answer}",),
                         **common)
    if isinstance(q, Essay):
        info = ((f"{labels('strong_answer')}{q.answer}",) if q.answer else ()) + (_rubric(q, labels),)
        return qm.Written(essay=True, lines=answer_lines(q), grader_info=info, **common)
    raise TypeError(type(q).__name__)  # pragma: no cover - the schema knows no other type


def _part(ll: LoadedLesson, group: Group, templates: Templates, quiz_ident: str) -> qm.Part:
    heading = plain(group_lines(templates, group, ll)[0])
    instructions = tuple(plain(line) for line in templates.lines(
        "quiz_part.j2", type=group.type, title=templates.labels(group.type), part=group.part, count=len(group.items),
        points=group.points, first=group.items[0].number, last=group.items[-1].number))
    return qm.Part(group.part, heading, instructions, tuple(question(ll, n, quiz_ident, templates.labels)
                                                                for n in group.items))


def _document_parts(ll: LoadedLesson, group: Group, templates: Templates, quiz_ident: str) -> list[qm.Part]:
    """The documents part as one quiz part per document (C1, C2…): the part's heading and the document's title,
    the instructions and central question, then the excerpt and its source note, shown before its questions
    where a platform shows a part's text (Canvas, Google Forms); the others quote the document above each
    question (its `context`)."""
    labels = templates.labels
    lesson = ll.lesson
    base = _part(ll, group, templates, quiz_ident)
    central = (plain((Text(labels("central_question")), Text(lesson.central_question))),) \
        if lesson.central_question else ()
    out = []
    for d, items in by_document(group.items):
        doc = lesson.documents[d]
        title = labels("document_title", letter=document_letter(d), title=doc.title)
        questions = tuple(q for q in base.questions if q.number in {n.number for n in items})
        out.append(qm.Part(f"{group.part}{d + 1}", f"{base.heading} — {title}",
                           (*base.instructions, *central, *doc.excerpt, plain(source_line(doc, labels))), questions))
    return out


def quiz(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None,
         form: Form | None = None) -> qm.Quiz:
    """The lesson's quiz for one form: its parts and questions in the printed worksheet's order."""
    lesson = ll.lesson
    letter = form.letter if form else None
    ident = lesson.id + (f"-form-{letter.lower()}" if letter else "")
    labels = templates.labels
    title = lesson.title + (f" — {labels('form', form=letter)}" if letter else "")
    description = (labels("quiz_subtitle", course=course.title, section=lesson.section),)
    parts = tuple(p for g in question_groups(ll, form) for p in (
        _document_parts(ll, g, templates, ident) if g.type == DOCUMENTS else [_part(ll, g, templates, ident)]))
    return qm.Quiz(ident, title, course.title, description, parts, form=letter)
