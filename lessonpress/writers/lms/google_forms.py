"""Google Forms: an Apps Script file a teacher pastes into script.google.com and runs once to make the quiz, with
its points, right answers and feedback; the questions are data (JSON), the program a fixed file beside this one."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from lessonpress import quiz_model as qm
from lessonpress.writers import Output
from lessonpress.writers.lms import warn

PROGRAM = Path(__file__).with_name("google_forms.js")


def whole_shares(points: int, shares: tuple[Fraction, ...]) -> tuple[list[int], bool]:
    """Each part's points in whole numbers (Google Forms has no fractions), and whether they are the printed ones:
    the printed shares where they are whole, else one point each to the first parts (the total kept)."""
    if all(s.denominator == 1 for s in shares):
        return [int(s) for s in shares], True
    return [1 if k < points else 0 for k in range(len(shares))], False


def _feedback(q: qm.Item, first: tuple[str, ...] = ()) -> str:
    return "\n".join(first + q.feedback)


class GoogleFormsWriter:
    name = "google-forms"
    suffix = "-google-forms.gs"

    def __init__(self, profile: str = "standard", reference=None):
        pass

    def write(self, quiz: qm.Quiz) -> bytes:
        return self.render(quiz).data

    def render(self, quiz: qm.Quiz) -> Output:
        warnings: list = []
        parts = []
        for part in quiz.parts:
            items: list[dict] = []
            for q in part.questions:
                warning = self._question(q, items)
                if warning:
                    warnings.append(warning)
            parts.append({"heading": part.heading, "instructions": "\n".join(part.instructions), "items": items})
        data = {"title": quiz.title, "description": "\n".join(quiz.description), "parts": parts}
        text = json.dumps(data, ensure_ascii=False, indent=1).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        head = ("/**\n"
                " * A Google Forms quiz, made by lessonpress. To create it: open https://script.google.com, choose\n"
                " * New project, delete what is there, paste this whole file, click Save, then Run (makeQuiz).\n"
                " * Allow access when Google asks. The log below the code shows the quiz's links.\n"
                " */\n")
        program = PROGRAM.read_text(encoding="utf-8")
        return Output(f"{head}var QUIZ = {text};\n\n{program}".encode(), warnings=tuple(warnings))

    def _question(self, q: qm.Question, items: list[dict]):
        title = f"{q.number}. {q.prompt}"
        if isinstance(q, qm.Choice):
            items.append({"kind": "choice", "title": title, "points": q.points, "choices": list(q.options),
                          "correct": q.correct, "feedback": _feedback(q)})
            return None
        if isinstance(q, qm.TrueFalse):
            items.append({"kind": "choice", "title": title, "points": q.points, "choices": list(q.labels),
                          "correct": 0 if q.answer else 1, "feedback": _feedback(q)})
            return None
        if isinstance(q, qm.Written):
            items.append({"kind": "paragraph" if q.essay or q.lines > 3 else "text", "title": title,
                          "points": q.points, "feedback": _feedback(q, q.grader_info)})
            return warn(q, "google-forms", "rubric", "Google Forms holds no rubric: this question's rubric "
                        "is in its feedback as text; mark it by hand") if q.essay else None
        if isinstance(q, qm.Matching):
            rights = [q.pairs[k][1] for k in q.right_order]
            rows = [(left, rights, q.right_order.index(i)) for i, (left, _) in enumerate(q.pairs)]
            what = "a drop-down of the matches for each item"
        elif isinstance(q, qm.Ordering):
            rows = [(q.events[k], list(q.positions), k) for k in q.shown]
            what = "a drop-down of places (1 = earliest) for each event"
        elif isinstance(q, qm.Blanks):
            return self._blanks(q, title, items)
        else:  # pragma: no cover - the quiz model knows no other question
            raise TypeError(type(q).__name__)
        points, exact = whole_shares(q.points, q.shares)
        items.append({"kind": "header", "title": f"{title} ({q.points} point{'s' if q.points != 1 else ''})",
                      "help": ""})
        for (label, choices, right), p in zip(rows, points, strict=True):
            items.append({"kind": "dropdown", "title": label, "points": p, "choices": choices, "correct": right,
                          "feedback": _feedback(q)})
        kind = "matching" if isinstance(q, qm.Matching) else "ordering"
        return warn(q, "google-forms", kind, f"Google Forms has no {kind} question: this question is written "
                    f"as {what}" + ("" if exact else f"; Forms gives whole points, so its {q.points} point(s) go to "
                                    f"the first {q.points} of its {len(rows)} parts"))

    def _blanks(self, q: qm.Blanks, title: str, items: list[dict]):
        """A drop-down of the word bank for each blank where there is one, else a typed answer per blank, which
        Forms cannot mark (its script sets no accepted answers), so each blank's answer leads its feedback."""
        points, exact = whole_shares(q.points, q.shares)
        many = len(q.answers) > 1
        if many:
            sentence = "_____".join(q.pieces)
            items.append({"kind": "header", "title": f"{q.number}. {sentence}",
                          "help": q.bank(' • '.join(q.word_bank)) if q.word_bank else ""})
        for k, (answer, p) in enumerate(zip(q.answers, points, strict=True)):
            label = q.blank_label.format(n=k + 1) if many else f"{q.number}. {'_____'.join(q.pieces)}"
            if q.word_bank:
                items.append({"kind": "dropdown", "title": label, "points": p, "choices": list(q.word_bank),
                              "correct": q.word_bank.index(answer), "feedback": _feedback(q)})
            else:
                items.append({"kind": "text", "title": label, "points": p,
                              "feedback": _feedback(q, (f"Answer: {answer}",))})
        notes = []
        if not q.word_bank:
            notes.append("its typed answers are marked by hand (Forms' script sets no accepted answers; each "
                         "answer is in the blank's feedback)")
        if many:
            notes.append(f"its {len(q.answers)} blanks are {len(q.answers)} items under the sentence")
        if not exact:
            notes.append(f"Forms gives whole points, so its {q.points} point(s) go to its first {q.points} blank(s)")
        if notes:
            return warn(q, "google-forms", "blanks", "Google Forms has no fill-in-the-blank question: in this "
                        "question, " + "; ".join(notes))
        return None
