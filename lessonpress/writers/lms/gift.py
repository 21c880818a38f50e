"""Moodle GIFT: questions as text a teacher pastes or imports; what GIFT cannot hold (ordering, several blanks in
one sentence, points) is written in its closest faithful form, with one warning per question."""

from __future__ import annotations

from lessonpress import quiz_model as qm
from lessonpress.writers import Output
from lessonpress.writers.lms import html_context, html_paras, html_text, warn
from lessonpress.writers.lms.moodle import category_path

SPECIAL = "\\~=#{}:"


def gift_text(text: str) -> str:
    """Lesson text inside GIFT: as HTML, then GIFT's special characters backslashed."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in html_text(text))


def _html(html: str) -> str:
    """Ready-made HTML (of escaped lesson text) with GIFT's special characters backslashed."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in html)


def _feedback(q: qm.Item, extra: tuple[str, ...] = ()) -> str:
    return f"\t####{_html(html_paras(extra + q.feedback))}\n"


def gift_name(name: str) -> str:
    """A question's name (plain text in the question bank), GIFT's special characters backslashed."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in " ".join(name.split()))


def _head(name: str, html: str) -> str:
    return f"::{gift_name(name)}::[html]{_html(html)}"


class GiftWriter:
    name = "gift"
    suffix = ".gift"

    def __init__(self, profile: str = "standard", reference=None):
        pass

    def write(self, quiz: qm.Quiz) -> bytes:
        return self.render(quiz).data

    def render(self, quiz: qm.Quiz) -> Output:
        blocks = [f"// {quiz.title} ({quiz.points} points), written by lessonpress".replace("\n", " ")]
        warnings = []
        for part in quiz.parts:
            path = category_path(quiz.course_title, quiz.title, part.heading)
            blocks.append(f"$CATEGORY: {path}")
            for q in part.questions:
                text, warning = self._question(q)
                blocks.append(f"// {q.number}. ({q.points} point{'s' if q.points != 1 else ''})\n{text}")
                if warning:
                    warnings.append(warning)
        unmarked = [q for q in quiz.questions if q.points != 1]
        if unmarked:
            warnings.append(warn(unmarked[0], "gift", "points", "GIFT holds no points: Moodle imports every "
                                 "question worth 1 mark; set the marks in the quiz, or import quiz-moodle.xml, "
                                 "which keeps them", whole_file=True))
        return Output(("\n\n".join(blocks) + "\n").encode("utf-8"), warnings=tuple(warnings))

    def _question(self, q: qm.Question):
        prompt = f"{html_context(q)}<p>{html_text(q.prompt)}</p>"
        if isinstance(q, qm.Choice):
            lines = "".join(f"\t{'=' if k == q.correct else '~'}{gift_text(o)}\n" for k, o in enumerate(q.options))
            return f"{_head(q.name, prompt)}{{\n{lines}{_feedback(q)}}}", None
        if isinstance(q, qm.TrueFalse):
            return f"{_head(q.name, prompt)}{{{'TRUE' if q.answer else 'FALSE'}\n{_feedback(q)}}}", None
        if isinstance(q, qm.Matching):
            pairs = "".join(f"\t={gift_text(left)} -> {gift_name(right)}\n" for left, right in q.pairs)
            return f"{_head(q.name, prompt)}{{\n{pairs}{_feedback(q)}}}", None
        if isinstance(q, qm.Ordering):
            pairs = "".join(f"\t={gift_text(q.events[k])} -> {gift_name(q.positions[k])}\n" for k in q.shown)
            return f"{_head(q.name, prompt)}{{\n{pairs}{_feedback(q)}}}", warn(
                q, "gift", "ordering", "GIFT has no ordering question: this question is written as matching "
                "each event to its place (1 = earliest); import quiz-moodle.xml for Moodle's ordering question")
        if isinstance(q, qm.Written):
            return f"{_head(q.name, prompt)}{{\n{_feedback(q, q.grader_info)}}}", (
                warn(q, "gift", "rubric", "GIFT holds no structured rubric: in quiz.gift this question's rubric "
                     "is in its general feedback as text; build the rubric in Moodle to mark with it")
                if q.essay else None)
        if isinstance(q, qm.Blanks):
            return self._blanks(q)
        raise TypeError(type(q).__name__)  # pragma: no cover - the quiz model knows no other question

    def _blanks(self, q: qm.Blanks):
        """A missing-word question per blank (GIFT holds one blank a question), the other blanks shown as lines."""
        out = []
        bank = f"<p>{html_text(q.bank(' • '.join(q.word_bank)))}</p>" if q.word_bank else ""
        many = len(q.answers) > 1
        for k, answer in enumerate(q.answers):
            before = "_____".join(q.pieces[: k + 1])
            after = "_____".join(q.pieces[k + 1:])
            if q.word_bank:
                field = " ".join(("=" if w == answer else "~") + gift_text(w) for w in q.word_bank)
            else:
                field = "=" + gift_text(answer)
            name = f"{q.name} (blank {k + 1} of {len(q.answers)})" if many else q.name
            head = _html(html_context(q) + bank)
            out.append(f"::{gift_name(name)}::[html]{head}<p>{gift_text(before)}"
                       f"{{{field}\n{_feedback(q)}}}{gift_text(after)}</p>")
        warning = warn(q, "gift", "blanks", f"GIFT holds one blank a question: its "
                       f"{len(q.answers)} blanks are written as {len(q.answers)} questions, one per blank; import "
                       "quiz-moodle.xml for one cloze question") if many else None
        return "\n\n".join(out), warning
