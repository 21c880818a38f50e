"""The key grid: every form's answers side by side, question by question, for fast marking."""

from __future__ import annotations

from lessonpress.documents.common import Form, Numbered, answer_code, document, order_code, question_groups
from lessonpress.labels import Labels
from lessonpress.model import Document, Heading, Para, Table, Text
from lessonpress.schema import Course, Ordering, points_of
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson

FORMS_PER_TABLE = 6


def _code(ll: LoadedLesson, n: Numbered, labels: Labels) -> str:
    """A cell's answer; an ordering's also in order, as the key gives it: "A3 B1 C2 (B, C, A)"."""
    code = answer_code(ll, n, labels)
    return f"{code} ({order_code(ll, n)})" if isinstance(n.question, Ordering) else code


def key_grid(ll: LoadedLesson, course: Course, templates: Templates, forms: list[Form],
             paper: str | None = None) -> Document:
    """Rows are question numbers, columns are forms; written answers are marked against each form's key."""
    numbered = {f.letter: [n for g in question_groups(ll, f) for n in g.items] for f in forms}
    count, labels = ll.lesson.question_count, templates.labels
    subtitle = labels("grid_subtitle", course=course.title, first=forms[0].letter, last=forms[-1].letter)
    if any(isinstance(q, Ordering) for q in (*ll.lesson.questions, *(g for _, _, g in ll.lesson.guiding_questions))):
        subtitle += " " + labels("grid_order_note")
    blocks: list = [
        Heading(1, (Text(labels("grid_title", title=ll.lesson.title)),), loc=ll.loc("title")),
        Para((Text(subtitle),), role="subtitle"),
    ]
    for start in range(0, len(forms), FORMS_PER_TABLE):
        chunk = forms[start:start + FORMS_PER_TABLE]
        header = ((Text(labels("grid_number")),), (Text(labels("grid_points")),),
                  *((Text(labels("form", form=f.letter)),) for f in chunk))
        rows = []
        for i in range(count):
            points = {points_of(numbered[f.letter][i].question) for f in forms}
            same = len(points) == 1  # within a part, forms may shuffle questions of different worth

            cells = [numbered[f.letter][i] for f in chunk]
            codes = [_code(ll, n, labels) + ("" if same else " " + labels("grid_points_of", n=points_of(n.question)))
                     for n in cells]
            rows.append(((Text(str(i + 1)),), (Text(str(points.pop()) if same else labels("grid_varies")),),
                         *((Text(code),) for code in codes)))
        width = (1 - 0.14) / len(chunk)
        blocks.append(Table(tuple(rows), header=header, widths=(0.07, 0.07, *(width for _ in chunk)),
                            role="grid", loc=ll.loc("questions")))
    return document("key-grid", labels("key_grid"), ll, course, templates, blocks, paper=paper)
