"""Blackboard's test upload: one tab-separated line per question (MC, TF, FIB, FIB_PLUS, MAT, ORD, SR, ESS)."""

from __future__ import annotations

from lessonpress import quiz_model as qm
from lessonpress.writers import Output
from lessonpress.writers.lms import html_context, html_text, warn

MAX_VARIABLES = 10
"""Blackboard's limit on the blanks of one FIB_PLUS question."""


def field(text: str) -> str:
    """One field of a line: HTML-escaped lesson text (Blackboard shows question text as HTML), a tab as a space."""
    return html_text(text.replace("\t", " "))


def line(*fields: str) -> str:
    return "\t".join(fields)


class BlackboardWriter:
    name = "blackboard"
    suffix = "-blackboard.txt"

    def __init__(self, profile: str = "standard", reference=None):
        pass

    def write(self, quiz: qm.Quiz) -> bytes:
        return self.render(quiz).data

    def render(self, quiz: qm.Quiz) -> Output:
        lines, warnings = [], []
        for q in quiz.questions:
            text, warning = self._question(q)
            lines.append(text)
            if warning:
                warnings.append(warning)
        first = quiz.questions[0]
        warnings.append(warn(first, "blackboard", "points", "Blackboard's upload file holds no points or feedback: "
                             "give each question its points after the upload (the printed key lists them); "
                             "the explanations and citations stay in the answer key", whole_file=True))
        return Output(("\r\n".join(lines) + "\r\n").encode("utf-8"), warnings=tuple(warnings))

    def _question(self, q: qm.Question) -> tuple[str, object]:
        prompt = html_context(q) + field(q.prompt)  # Blackboard shows question text as HTML
        if isinstance(q, qm.Choice):
            return line("MC", prompt, *(f for k, o in enumerate(q.options)
                                        for f in (field(o), "correct" if k == q.correct else "incorrect"))), None
        if isinstance(q, qm.TrueFalse):
            return line("TF", prompt, "true" if q.answer else "false"), None
        if isinstance(q, qm.Matching):
            return line("MAT", prompt, *(field(f) for pair in q.pairs for f in pair)), None
        if isinstance(q, qm.Ordering):
            return line("ORD", prompt, *(field(e) for e in q.events)), None
        if isinstance(q, qm.Written):
            sample = " ".join(q.grader_info)
            if q.essay:
                return line("ESS", prompt, field(sample)), warn(
                    q, "blackboard", "rubric", "Blackboard's upload holds no rubric: this question's rubric "
                    "is in its sample answer as text; attach a Blackboard rubric to mark with it")
            return line("SR", prompt, field(sample)), None
        if isinstance(q, qm.Blanks):
            bank = f" ({q.bank(' • '.join(q.word_bank))})" if q.word_bank else ""
            if len(q.answers) == 1:
                return line("FIB", html_context(q) + field("_____".join(q.pieces) + bank), field(q.answers[0])), None
            if len(q.answers) > MAX_VARIABLES:
                return line("ESS", html_context(q) + field("_____".join(q.pieces) + bank),
                            field("; ".join(q.answers))), warn(
                    q, "blackboard", "blanks", f"Blackboard takes at most {MAX_VARIABLES} blanks a question: this "
                    "question is uploaded as an essay question with the answers as its sample, marked by hand")
            names = [f"blank{k + 1}" for k in range(len(q.answers))]
            # a "[" of the lesson's own as a character reference, so Blackboard reads only [blankN] as blanks
            text = "".join(field(p).replace("[", "&#91;") + (f"[{names[k]}]" if k < len(names) else "")
                           for k, p in enumerate(q.pieces))
            text = html_context(q) + text
            fields = [f for name, answer in zip(names, q.answers, strict=True) for f in ("", name, field(answer))]
            return line("FIB_PLUS", text + field(bank), *fields[1:]), None
        raise TypeError(type(q).__name__)  # pragma: no cover - the quiz model knows no other question
