"""The teacher's lesson plan: objectives, materials, timing, warm-up, closing, differentiation, answer summary."""

from __future__ import annotations

from lessonpress.documents.common import TYPE_TITLES, Numbered, answer_code, document, question_groups
from lessonpress.errors import Loc
from lessonpress.model import Document, Emph, Heading, Inlines, ItemList, KeepTogether, Para, Strong, Table, Text
from lessonpress.schema import Course, Essay, MultipleChoice, Ordering, ShortAnswer, TrueFalse, points_of
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson

NO_PLAN = "No timing plan given in the lesson file."
SUMMARY_NOTE = ("Numbers and letters as on the worksheet (for lettered forms A, B…, use that form's answer key "
                "or the key grid). Model answers, explanations and rubrics are in the answer key.")


def _section(title: str, first: list, loc: Loc | None) -> KeepTogether:
    """A section heading kept on the page with its first blocks."""
    return KeepTogether((Heading(2, (Text(title),), loc=loc), *first), loc=loc)


def _grade(grade: str) -> str:
    if not grade[:1].isdigit():
        return grade
    return f"Grades\u00a0{grade}" if any(c in grade for c in "–-") else f"Grade\u00a0{grade}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _materials(ll: LoadedLesson) -> ItemList:
    """The lesson's own handout, worksheet and answer key, then what the plan asks the teacher to prepare."""
    lesson = ll.lesson
    parts = [_plural(len(lesson.reading), "numbered paragraph")]
    parts += [name for name, has in (("key terms", lesson.vocabulary), ("timeline", lesson.timeline),
                                     ("key people", lesson.people)) if has]
    points = sum(points_of(q) for q in lesson.questions)
    items: list[Inlines] = [
        (Strong((Text("Handout"),)), Text(f": the reading “{lesson.section}” ({', '.join(parts)}); one per student")),
        (Strong((Text("Worksheet"),)),
         Text(f": {_plural(len(lesson.questions), 'question')}, {_plural(points, 'point')}; one per student")),
        (Strong((Text("Answer key"),)), Text(": for the teacher")),
    ]
    items += [(Text(m),) for m in (lesson.plan.materials if lesson.plan else ())]
    return ItemList(tuple(items), loc=ll.loc("plan", "materials") if lesson.plan else None)


def _timing(ll: LoadedLesson) -> list:
    """The timing table: clock minutes from the start of the lesson, the part, and what happens in it.

    A long plan runs on to the next page between rows, its header row repeated."""
    lesson = ll.lesson
    title = f"Procedure and timing ({lesson.duration} minutes)"
    if lesson.plan is None:
        return [_section(title, [Para((Emph((Text(NO_PLAN),)),))], ll.loc("duration"))]
    loc = ll.loc("plan", "procedure")
    rows, start = [], 0
    for step in lesson.plan.procedure:
        end = start + step.minutes
        rows.append(((Text(f"{start}–{end}"),), (Strong((Text(step.activity),)),), (Text(step.details),)))
        start = end
    widths = (0.14, 0.22, 0.64)
    header = ((Text("Minutes"),), (Text("Part"),), (Text("What happens"),))
    return [_section(title, [Table(tuple(rows), header=header, widths=widths, loc=loc)], loc)]


def _short_answer(ll: LoadedLesson, n: Numbered) -> Inlines:
    """The answer in a few characters, with the worksheet's numbering and letters."""
    code = answer_code(ll, n)
    if isinstance(n.question, (MultipleChoice, TrueFalse)):
        return (Strong((Text(code),)),)
    if isinstance(n.question, Ordering):  # the number beside each letter, as students write them
        return (Text(code),)
    if isinstance(n.question, (ShortAnswer, Essay)):
        return (Emph((Text(code),)),)
    return (Text(code),)


def _summary(ll: LoadedLesson) -> KeepTogether:
    """Every question's answer in short, and the total; kept whole, as the teacher marks from it."""
    rows = [((Text(str(n.number)),), (Text(TYPE_TITLES[n.question.type]),),
             _short_answer(ll, n), (Text(str(points_of(n.question))),))
            for group in question_groups(ll) for n in group.items]
    total = sum(points_of(q) for q in ll.lesson.questions)
    rows.append(((Text(""),), (Strong((Text("Total"),)),), (Text(_plural(len(ll.lesson.questions), "question")),),
                 (Strong((Text(str(total)),)),)))
    header = ((Text("No."),), (Text("Type"),), (Text("Answer"),), (Text("Points"),))
    table = Table(tuple(rows), header=header, widths=(0.08, 0.28, 0.52, 0.12), loc=ll.loc("questions"))
    return _section("Answer key summary", [Para((Text(SUMMARY_NOTE),), role="note"), table],
                    ll.loc("questions", key=True))


def lesson_plan(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None) -> Document:
    lesson = ll.lesson
    subtitle = f"{course.title} · {lesson.section} · {_grade(lesson.grade)} · {lesson.duration}\u00a0minutes"
    blocks: list = [
        Heading(1, (Text(f"{lesson.title} — Lesson Plan"),), loc=ll.loc("title")),
        Para((Text(subtitle),), role="subtitle", loc=ll.loc("section")),
        _section("Objectives", [
            Para((Text("By the end of the lesson, students will be able to:"),), loc=ll.loc("objectives")),
            ItemList(tuple((Text(o),) for o in lesson.objectives), loc=ll.loc("objectives"))],
            ll.loc("objectives", key=True)),
        _section("Materials", [_materials(ll)], ll.loc("plan", "materials", key=True) if lesson.plan else None),
        *_timing(ll),
    ]
    if lesson.warm_up:
        blocks.append(_section("Warm-up", [Para((Text(lesson.warm_up),), loc=ll.loc("warm_up"))],
                               ll.loc("warm_up", key=True)))
    if lesson.closing_discussion:
        blocks.append(_section("Closing discussion",
                               [Para((Text(lesson.closing_discussion),), loc=ll.loc("closing_discussion"))],
                               ll.loc("closing_discussion", key=True)))
    if lesson.plan and lesson.plan.differentiation:
        loc = ll.loc("plan", "differentiation")
        blocks.append(_section("Differentiation", [
            ItemList(tuple((Text(d),) for d in lesson.plan.differentiation), loc=loc)], loc))
    blocks.append(_summary(ll))
    return document("lesson-plan", "Lesson Plan", ll, course, templates, blocks, paper=paper)
