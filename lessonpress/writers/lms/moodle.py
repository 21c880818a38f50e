"""Moodle XML: every question in its own Moodle type (ordering and cloze included), a category per lesson and part,
shaped like the import fixtures of Moodle's own question types."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lessonpress import quiz_model as qm
from lessonpress.writers import Output
from lessonpress.writers.lms import (
    essay_warning,
    html_context,
    html_paras,
    html_text,
    number,
    short_name,
    sub,
    warn,
    whole,
    xml_bytes,
)

PENALTY = "0.3333333"
FIELD_LINES = (5, 10, 15, 20, 25, 30, 35, 40)
"""The response box heights Moodle's essay form offers."""
CLOZE_SPECIAL = "\\}#~/\"{"


def category_path(*names: str) -> str:
    """A Moodle category path: names joined by '/', a '/' inside a name doubled as Moodle reads it."""
    return "/".join(["$course$", "top", *(short_name(n).replace("/", "//") for n in names)])


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    el = sub(parent, tag, **({"format": fmt} if fmt else {}))
    sub(el, "text", value)
    return el


def cloze_answer(text: str) -> str:
    """An answer inside a cloze {…} field: HTML-escaped, then Moodle's special characters backslashed."""
    out = html_text(text)
    return "".join("\\" + ch if ch in CLOZE_SPECIAL else ch for ch in out)


def cloze_text(text: str) -> str:
    """Text around cloze fields: braces as character references, so no text is ever read as a field."""
    return html_text(text).replace("{", "&#123;").replace("}", "&#125;")


class MoodleWriter:
    name = "moodle"
    suffix = "-moodle.xml"

    def __init__(self, profile: str = "standard", reference=None):
        pass

    def write(self, quiz: qm.Quiz) -> bytes:
        return self.render(quiz).data

    def render(self, quiz: qm.Quiz) -> Output:
        root = ET.Element("quiz")
        warnings: list = []
        for part in quiz.parts:
            cat = sub(root, "question", type="category")
            _text(cat, "category", category_path(quiz.course_title, quiz.title, part.heading), None)
            _text(cat, "info", html_paras(part.instructions))
            for q in part.questions:
                warnings += self._question(root, q)
        return Output(xml_bytes(root), warnings=tuple(warnings))

    def _question(self, root: ET.Element, q: qm.Question) -> list:
        qtype = {qm.Choice: "multichoice", qm.TrueFalse: "truefalse", qm.Blanks: "cloze", qm.Matching: "matching",
                 qm.Ordering: "ordering", qm.Written: "essay"}[type(q)]
        el = sub(root, "question", type=qtype)
        _text(el, "name", q.name, None)
        warnings: list = []
        if isinstance(q, qm.Blanks):
            text, weights = self._cloze(q)
            _text(el, "questiontext", html_context(q) + text)
            if sum(weights) != q.points:
                warnings.append(warn(q, "moodle", "cloze-marks", f"Moodle marks each blank of a cloze question in "
                                     f"whole marks: this question imports worth {sum(weights)}, not "
                                     f"{q.points}; set its mark to {q.points} in the quiz"))
        else:
            _text(el, "questiontext", f"{html_context(q)}<p>{html_text(q.prompt)}</p>")
        _text(el, "generalfeedback", html_paras(q.feedback))
        if not isinstance(q, qm.Blanks):  # a cloze question's mark is the sum of its fields' weights
            sub(el, "defaultgrade", number(q.points))
        sub(el, "penalty", "0" if isinstance(q, qm.Written) else PENALTY)
        sub(el, "hidden", "0")
        sub(el, "idnumber", q.ident)
        if isinstance(q, qm.Choice):
            sub(el, "single", "true")
            sub(el, "shuffleanswers", "false")  # the printed order, so a form's letters match its paper copy
            sub(el, "answernumbering", "ABCD")
            for k, option in enumerate(q.options):
                answer = _text(el, "answer", f"<p>{html_text(option)}</p>")
                answer.set("fraction", "100" if k == q.correct else "0")
                _text(answer, "feedback", "")
        elif isinstance(q, qm.TrueFalse):
            for value in (True, False):
                answer = sub(el, "answer", fraction="100" if q.answer is value else "0", format="moodle_auto_format")
                sub(answer, "text", "true" if value else "false")
                _text(answer, "feedback", "")
        elif isinstance(q, qm.Matching):
            sub(el, "shuffleanswers", "true")
            for left, right in q.pairs:
                s = _text(el, "subquestion", f"<p>{html_text(left)}</p>")
                sub(sub(s, "answer"), "text", right)
        elif isinstance(q, qm.Ordering):
            for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                               ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                               ("numberingstyle", "none")):
                sub(el, tag, value)
            for k, event in enumerate(q.events, 1):  # in the right order: Moodle shuffles them for students
                answer = _text(el, "answer", html_text(event))
                answer.set("fraction", f"{k}.0000000")
        elif isinstance(q, qm.Written):
            for tag, value in (("responseformat", "editor"), ("responserequired", "1"),
                               ("responsefieldlines", str(next((n for n in FIELD_LINES if n >= q.lines), 40))),
                               ("attachments", "0"), ("attachmentsrequired", "0")):
                sub(el, tag, value)
            _text(el, "graderinfo", html_paras(q.grader_info))
            _text(el, "responsetemplate", "")
            if q.essay:
                warnings.append(essay_warning(q, "moodle", "Moodle", "its information for graders"))
        return warnings

    def _cloze(self, q: qm.Blanks) -> tuple[str, list[int]]:
        """The sentence with a cloze field per blank: a drop-down of the word bank where there is one, else a
        typed short answer (not case-sensitive), each weighted by the blank's printed points."""
        weights = [int(s) for s in q.shares] if whole(q.shares) else [1] * len(q.answers)
        out = []
        for k, piece in enumerate(q.pieces):
            out.append(cloze_text(piece))
            if k < len(q.answers):
                answer = q.answers[k]
                if q.word_bank:
                    options = "~".join(("=" if w == answer else "") + cloze_answer(w) for w in q.word_bank)
                    out.append(f"{{{weights[k]}:MULTICHOICE:{options}}}")
                else:
                    out.append(f"{{{weights[k]}:SHORTANSWER:={cloze_answer(answer)}}}")
        bank = f"<p>{cloze_text(q.bank(' • '.join(q.word_bank)))}</p>" if q.word_bank else ""
        return f"<p>{''.join(out)}</p>{bank}", weights
