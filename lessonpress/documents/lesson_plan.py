"""The teacher's lesson plan: objectives, materials, timing, warm-up, closing, differentiation, answer summary."""

from __future__ import annotations

from lessonpress.documents.common import Numbered, answer_code, document, question_groups
from lessonpress.errors import Loc
from lessonpress.labels import Labels
from lessonpress.model import Document, Emph, Heading, Inlines, ItemList, KeepTogether, Para, Strong, Table, Text
from lessonpress.schema import Course, Essay, MultipleChoice, Ordering, ShortAnswer, TrueFalse, points_of
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson


def _section(title: str, first: list, loc: Loc | None) -> KeepTogether:
    """A section heading kept on the page with its first blocks."""
    return KeepTogether((Heading(2, (Text(title),), loc=loc), *first), loc=loc)


def _grade(grade: str, labels: Labels) -> str:
    if not grade[:1].isdigit():
        return grade
    return labels("grades" if any(c in grade for c in "–-") else "grade", nowrap=True, grade=grade)


def _materials(ll: LoadedLesson, labels: Labels) -> ItemList:
    """The lesson's own handout, worksheet and answer key, then what the plan asks the teacher to prepare."""
    lesson = ll.lesson
    parts = [labels("numbered_paragraphs", count=len(lesson.reading))]
    parts += [labels(name) for name, has in (("has_key_terms", lesson.vocabulary), ("has_timeline", lesson.timeline),
                                             ("has_key_people", lesson.people)) if has]
    if lesson.documents:
        parts.append(labels("has_documents", count=len(lesson.documents)))
    points = lesson.total_points
    items: list[Inlines] = [
        (Strong((Text(labels("materials_handout")),)),
         Text(labels("materials_handout_details", section=lesson.section, contents=", ".join(parts)))),
        (Strong((Text(labels("materials_worksheet")),)),
         Text(labels("materials_worksheet_details", questions=labels("questions", count=lesson.question_count),
                     points=labels("points", count=points)))),
        (Strong((Text(labels("materials_answer_key")),)), Text(labels("materials_answer_key_details"))),
    ]
    items += [(Text(m),) for m in (lesson.plan.materials if lesson.plan else ())]
    return ItemList(tuple(items), loc=ll.loc("plan", "materials") if lesson.plan else None)


def _timing(ll: LoadedLesson, labels: Labels) -> list:
    """The timing table: clock minutes from the start of the lesson, the part, and what happens in it.

    A long plan runs on to the next page between rows, its header row repeated."""
    lesson = ll.lesson
    title = labels("procedure", minutes=lesson.duration)
    if lesson.plan is None:
        return [_section(title, [Para((Emph((Text(labels("no_plan")),)),))], ll.loc("duration"))]
    loc = ll.loc("plan", "procedure")
    rows, start = [], 0
    for step in lesson.plan.procedure:
        end = start + step.minutes
        rows.append(((Text(f"{start}–{end}"),), (Strong((Text(step.activity),)),), (Text(step.details),)))
        start = end
    widths = (0.14, 0.22, 0.64)
    header = tuple((Text(labels(k)),) for k in ("timing_minutes", "timing_part", "timing_what"))
    return [_section(title, [Table(tuple(rows), header=header, widths=widths, loc=loc)], loc)]


def _short_answer(ll: LoadedLesson, n: Numbered, labels: Labels) -> Inlines:
    """The answer in a few characters, with the worksheet's numbering and letters."""
    code = answer_code(ll, n, labels)
    if isinstance(n.question, (MultipleChoice, TrueFalse)):
        return (Strong((Text(code),)),)
    if isinstance(n.question, Ordering):  # the number beside each letter, as students write them
        return (Text(code),)
    if isinstance(n.question, (ShortAnswer, Essay)):
        return (Emph((Text(code),)),)
    return (Text(code),)


def _summary(ll: LoadedLesson, labels: Labels) -> KeepTogether:
    """Every question's answer in short, and the total; kept whole, as the teacher marks from it."""
    rows = [((Text(str(n.number)),), (Text(labels(n.question.type)),),
             _short_answer(ll, n, labels), (Text(str(points_of(n.question))),))
            for group in question_groups(ll) for n in group.items]
    total = ll.lesson.total_points
    rows.append(((Text(""),), (Strong((Text(labels("summary_total")),)),),
                 (Text(labels("questions", count=ll.lesson.question_count)),), (Strong((Text(str(total)),)),)))
    header = tuple((Text(labels(k)),) for k in ("summary_number", "summary_type", "summary_answer", "summary_points"))
    table = Table(tuple(rows), header=header, widths=(0.08, 0.28, 0.52, 0.12), loc=ll.loc("questions"))
    return _section(labels("summary"), [Para((Text(labels("summary_note")),), role="note"), table],
                    ll.loc("questions", key=True))


def lesson_plan(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None) -> Document:
    lesson, labels = ll.lesson, templates.labels
    subtitle = labels("plan_subtitle", course=course.title, section=lesson.section, grade=_grade(lesson.grade, labels),
                      minutes=lesson.duration)
    blocks: list = [
        Heading(1, (Text(labels("plan_title", title=lesson.title)),), loc=ll.loc("title")),
        Para((Text(subtitle),), role="subtitle", loc=ll.loc("section")),
        _section(labels("objectives"), [
            Para((Text(labels("objectives_intro")),), loc=ll.loc("objectives")),
            ItemList(tuple((Text(o),) for o in lesson.objectives), loc=ll.loc("objectives"))],
            ll.loc("objectives", key=True)),
        _section(labels("materials"), [_materials(ll, labels)],
                 ll.loc("plan", "materials", key=True) if lesson.plan else None),
        *_timing(ll, labels),
    ]
    if lesson.warm_up:
        blocks.append(_section(labels("warm_up"), [Para((Text(lesson.warm_up),), loc=ll.loc("warm_up"))],
                               ll.loc("warm_up", key=True)))
    if lesson.closing_discussion:
        blocks.append(_section(labels("closing_discussion"),
                               [Para((Text(lesson.closing_discussion),), loc=ll.loc("closing_discussion"))],
                               ll.loc("closing_discussion", key=True)))
    if lesson.plan and lesson.plan.differentiation:
        loc = ll.loc("plan", "differentiation")
        blocks.append(_section(labels("differentiation"), [
            ItemList(tuple((Text(d),) for d in lesson.plan.differentiation), loc=loc)], loc))
    blocks.append(_summary(ll, labels))
    return document("lesson-plan", labels("lesson_plan"), ll, course, templates, blocks, paper=paper)
