"""Numbers a teacher never types twice: paragraphs found by label or quotation, and {part: …}, {questions: …},
{paragraph: …} references in lesson text, resolved when a lesson is read and located when they are wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lessonpress.citations import Citation
from lessonpress.errors import Loc, Report, did_you_mean, escaped
from lessonpress.lint import label
from lessonpress.loader import Path_, Sourced
from lessonpress.schema import (
    LETTERS,
    QUESTION_TYPES,
    Essay,
    Lesson,
    MultipleChoice,
    QuestionBase,
    ShortAnswer,
    points_of,
)


@dataclass(frozen=True)
class Paragraph:
    """A numbered reading paragraph: its text, the citations it makes, its label and where it is written."""

    number: int
    text: str
    cites: tuple[Citation, ...] = ()
    label: str | None = None
    loc: Loc | None = None


# ---- paragraphs found by quotation ----------------------------------------------------------------------------

_QUOTE_RE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_ELLIPSIS_RE = re.compile(r"\s*(?:…|\.\.\.|\[[^\]]*\])\s*")


@lru_cache(maxsize=4096)  # each paragraph is compared with every quotation of its lesson
def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w'\s-]", " ", text.lower()).split())


def quoting(paragraphs: list[Paragraph], quote: str) -> list[int]:
    """The paragraphs that hold a quotation (its pieces around any "…" or "[…]"), by number."""
    pieces = [p for p in (_norm(piece) for piece in _ELLIPSIS_RE.split(quote)) if p]
    if not pieces:
        return []
    return [p.number for p in paragraphs if all(piece in _norm(p.text) for piece in pieces)]


def quotations(*texts: str) -> list[str]:
    """The quotations of three words or more made in the texts ("…" or “…”)."""
    found = []
    for text in texts:
        for m in _QUOTE_RE.finditer(text):
            quote = m[1] or m[2]
            pieces = [p for p in (_norm(piece) for piece in _ELLIPSIS_RE.split(quote)) if len(p.split()) >= 2]
            if pieces and sum(len(p.split()) for p in pieces) >= 3:
                found.append(quote)
    return found


def quoting_texts(q: QuestionBase) -> list[str]:
    """The texts of a question that may quote the reading: the prompt and the right answer."""
    texts = [q.prompt]
    if isinstance(q, MultipleChoice):
        texts.append(q.choices[LETTERS.index(q.answer)])
    elif isinstance(q, (ShortAnswer, Essay)) and q.answer:
        texts.append(q.answer)
    return texts


def quoted_paragraphs(paragraphs: list[Paragraph], *texts: str) -> list[int]:
    """Reading paragraphs that hold a quotation (of three words or more) made in the texts."""
    return sorted({n for quote in quotations(*texts) for n in quoting(paragraphs, quote)})


def numbers_text(numbers: list[int] | tuple[int, ...]) -> str:
    """Paragraph or question numbers as a reader wants them: "3", "3–5", "1, 4"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


# ---- where a piece of text is written -------------------------------------------------------------------------

def _file_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n"))
    except (OSError, UnicodeDecodeError):
        return ()


def locate(start: Loc, needle: str, occurrence: int = 0) -> Loc:
    """Where `needle` is written in the file, searching from `start` (a value's own place): the exact line and
    column of a word inside a long text, else the value's place."""
    lines = _file_lines(start.path)
    needle = needle.split("\n")[0].split("  ")[0]
    seen = 0
    for i in range(max(start.line - 1, 0), len(lines)):
        col = start.col - 1 if i == start.line - 1 else 0
        while (col := lines[i].find(needle, col)) >= 0:
            if seen == occurrence:
                return Loc(start.path, i + 1, col + 1)
            seen, col = seen + 1, col + 1
    return start


def reading_paragraphs(src: Sourced, lesson: Lesson, cites: Callable[[str], tuple[Citation, ...]]) -> list[Paragraph]:
    """The lesson's numbered paragraphs with their labels and places, however the reading was written."""
    data = src.data.get("reading") if isinstance(src.data, dict) else None
    out = []
    after = src.loc(("reading",))  # a pasted paragraph is looked for after the one before it
    for i, text in enumerate(lesson.reading):
        label, loc = None, src.loc(("reading", i))
        if isinstance(data, list) and isinstance(data[i], dict):
            label, loc = str(data[i]["label"]).strip(), src.loc(("reading", i, "text"))
        elif isinstance(data, str):  # pasted as one text: find where each paragraph starts
            words = text.split()
            loc = next((found for n in (3, 2, 1) if (found := locate(after, " ".join(words[:n]))) != after), after)
            after = Loc(loc.path, loc.line, loc.col + 1)
        out.append(Paragraph(i + 1, text, cites(text), label, loc))
    return out


# ---- parts and questions ----------------------------------------------------------------------------------------

def part_order(lesson: Lesson) -> dict[str, list[int]]:
    """Question indexes grouped by type, in the order each type first appears: the worksheet's parts."""
    order: dict[str, list[int]] = {}
    for i, q in enumerate(lesson.questions):
        order.setdefault(q.type, []).append(i)
    return order


@dataclass(frozen=True)
class Part:
    """A worksheet part as references see it: its letter, question type and numbers."""

    letter: str
    type: str
    numbers: tuple[int, ...]
    points: int


def parts(lesson: Lesson) -> list[Part]:
    out, number = [], 0
    for g, (qtype, indexes) in enumerate(part_order(lesson).items()):
        numbers = tuple(range(number + 1, number + len(indexes) + 1))
        number += len(indexes)
        out.append(Part(chr(ord("A") + g), qtype, numbers, sum(points_of(lesson.questions[i]) for i in indexes)))
    guiding = [q for _, _, q in lesson.guiding_questions]
    if guiding:  # the worksheet's last part: {part: documents}, {questions: documents}
        out.append(Part(chr(ord("A") + len(out)), "documents", tuple(range(number + 1, number + len(guiding) + 1)),
                        sum(points_of(q) for q in guiding)))
    return out


def question_numbers(lesson: Lesson) -> dict[int, int]:
    """Each question's printed number (unshuffled), by its index in the file."""
    return {i: n for n, i in enumerate((i for idx in part_order(lesson).values() for i in idx), 1)}


# ---- references in text -----------------------------------------------------------------------------------------

KINDS = {"part": "part", "parts": "part", "question": "question", "questions": "question",
         "paragraph": "paragraph", "paragraphs": "paragraph", "points": "points", "figure": "figure",
         "figures": "figure"}
EXAMPLE_OF = {"part": "{part: essay}", "question": "{questions: first..last}", "paragraph": "{paragraph: auction}",
              "figure": "{figure: map}"}
EXAMPLES = ("{part: essay}, {questions: multiple_choice..matching}, {question: label}, {paragraph: label}, "
            "{figure: label}, {points}")
# one brace, then a letter: "{part: essay}"; "{{ … }}" and "{% … %}" are printed as typed
REF_RE = re.compile(r"(?<!\{)\{(?!\{)\s*([A-Za-z][^{}\n]*?)\s*\}(?!\})")
DOUBLE_RE = re.compile(r"\{\{\s*([A-Za-z_]+)\s*(?::[^{}]*)?\}\}")


class Unresolved(Exception):
    """A reference that names nothing: the message says what to write instead."""


@dataclass
class Context:
    """What references in one lesson can name."""

    lesson: Lesson
    paragraphs: list[Paragraph]
    parts: list[Part]
    numbers: dict[int, int]
    own: tuple[int, ...] | None = None  # the paragraphs of the question whose text is resolved
    in_question: bool = False
    figures: dict[str, int] = field(default_factory=dict)  # the number of each labelled figure

    def figure(self, name: str) -> int:
        if name in self.figures:
            return self.figures[name]
        have = f"labels: {', '.join(self.figures)}" if self.figures else "no figure has a 'label:' yet"
        if name.isdigit():
            raise Unresolved(f"a figure is named here by its label, not its number, so that it follows the figures' "
                             f"order; give figure {name} a 'label:' and write that ({have})")
        raise Unresolved(f"no figure has the label '{name}'{did_you_mean(name, list(self.figures))} ({have})")

    def part(self, name: str) -> Part:
        by_type = {p.type: p for p in self.parts}
        if name in ("first", "last"):
            return self.parts[0 if name == "first" else -1]
        if name in by_type:
            return by_type[name]
        names = ", ".join(by_type)
        if name in QUESTION_TYPES:
            raise Unresolved(f"this lesson has no {name} questions (its parts hold: {names})")
        by_letter = {p.letter: p for p in self.parts}
        hint = f"; for Part {name}, write its question type: {{part: {by_letter[name].type}}}" \
            if name in by_letter else did_you_mean(name, [*by_type, "first", "last"])
        raise Unresolved(f"no part holds '{name}' questions{hint} (parts hold: {names}, or write first or last)")

    def paragraph(self, name: str) -> int:
        labels = {p.label: p.number for p in self.paragraphs if p.label}
        if name in labels:
            return labels[name]
        if name.isdigit():
            raise Unresolved(f"a paragraph is named here by its label, not its number, so that it follows the "
                             f"reading; give paragraph {name} a 'label:' and write that")
        have = f"labels: {', '.join(labels)}" if labels else "no paragraph has a 'label:' yet"
        raise Unresolved(f"no reading paragraph has the label '{name}'{did_you_mean(name, list(labels))} ({have})")


def _resolve_one(body: str, ctx: Context) -> str:
    kind, colon, target = body.partition(":")
    if not colon:  # "{part essay}": the colon may be left out, as a one-line YAML text cannot hold ": "
        kind, _, target = body.partition(" ")
    kind, target = kind.strip(), " ".join(target.split())
    if kind not in KINDS:
        near = did_you_mean(kind, list(KINDS))
        raise Unresolved(f"'{{{body}}}' is not a reference{near}{' References' if near else '; references'} are "
                         f"{EXAMPLES} (to print braces as typed, write them double: {{{{ }}}})")
    kind = KINDS[kind]
    ends = [e.strip() for e in target.split("..")] if target else []
    if len(ends) > 2 or any(not e for e in ends):
        raise Unresolved(f"write a range with two dots between its ends, e.g. {{{kind}s: first..last}}")
    if kind == "points":
        if not ends:
            return str(sum(p.points for p in ctx.parts))
        chosen = _range([ctx.parts.index(ctx.part(e)) for e in ends], "part")
        return str(sum(ctx.parts[i].points for i in chosen))
    if not ends:
        if kind == "paragraph" and ctx.in_question:
            if not ctx.own:
                raise Unresolved("{paragraph} stands for this question's own paragraph, but it names none: "
                                 "give it 'paragraph:' or 'quote:'")
            return numbers_text(ctx.own)
        raise Unresolved(f"say which {kind}, e.g. {EXAMPLE_OF[kind]}")
    if kind == "part":
        chosen = _range([ctx.parts.index(ctx.part(e)) for e in ends], "part")
        letters = [ctx.parts[i].letter for i in chosen]
        return letters[0] if len(letters) == 1 else f"{letters[0]}–{letters[-1]}"
    if kind == "question":
        if ctx.in_question and any(e not in [p.type for p in ctx.parts] + ["first", "last"] for e in ends):
            raise Unresolved("a question's number changes between forms A, B…, so a question cannot name "
                             "another by label; name its part instead, e.g. {part: essay}")
        spans = [_question_numbers(ctx, e) for e in ends]
        return numbers_text(_range([spans[0][0], spans[-1][-1]], "question"))
    if kind == "figure":
        return numbers_text(_range([ctx.figure(e) for e in ends], "figure"))
    return numbers_text(_range([ctx.paragraph(e) for e in ends], "paragraph"))


def _question_numbers(ctx: Context, end: str) -> tuple[int, ...]:
    """The numbers an end of {questions: …} stands for: a part's questions, or one labelled question."""
    types = [p.type for p in ctx.parts]
    if end in types or end in ("first", "last") or end in QUESTION_TYPES:
        return ctx.part(end).numbers
    labels = {q.label: ctx.numbers[i] for i, q in enumerate(ctx.lesson.questions) if q.label}
    after = len(ctx.lesson.questions)  # a document's questions are numbered after the lesson's own
    labels |= {q.label: after + n for n, (_, _, q) in enumerate(ctx.lesson.guiding_questions, 1) if q.label}
    if end in labels:
        return (labels[end],)
    raise Unresolved(f"'{end}' is neither a part of this lesson ({', '.join(types)}) nor a question's label"
                     f"{did_you_mean(end, [*types, *labels])}")


def _range(ends: list[int], what: str) -> list[int]:
    if len(ends) == 2 and ends[1] < ends[0]:
        raise Unresolved(f"the {what} range runs backwards; put the earlier {what} first")
    return list(range(ends[0], ends[-1] + 1))


def resolve_text(text: str, ctx: Context, at: Loc, report: Report) -> str:
    """The text with each {reference} replaced; a reference that names nothing is an error at its place."""
    if "{" not in text:
        return text
    for m in DOUBLE_RE.finditer(text):
        if m[1] in KINDS:
            report.warning(locate(at, m[0][:12]), f"{escaped(m[0])} is printed as typed: lesson text is never a "
                           f"template; a reference takes single braces, e.g. {{{m[0].strip('{} ')}}}",
                           "reference.double-braces")
    counts: dict[str, int] = {}

    def replace(m: re.Match) -> str:
        occurrence = counts.get(m[0], 0)
        counts[m[0]] = occurrence + 1
        try:
            return _resolve_one(m[1], ctx)
        except Unresolved as problem:
            report.error(locate(at, m[0], occurrence), str(problem), "reference.unknown")
            return m[0]

    return REF_RE.sub(replace, text)


# ---- a lesson's references, resolved -----------------------------------------------------------------------------

PLAN_TEXT = ("warm_up", "closing_discussion")
QUESTION_TEXT = ("prompt", "answer", "explanation")


def _question_paragraphs(q: QuestionBase, qi: int, src: Sourced, ctx: Context, report: Report,
                         name: str) -> tuple[int, ...] | None:
    """The paragraphs a question names (by number or label) or quotes; a number that the labels or quotations
    contradict is an error, never a silently wrong answer key."""
    where = f" ({name})"
    raw = src.data["questions"][qi] if isinstance(src.data, dict) else {}
    named: list[int] = []
    for pi, ref in enumerate(q.paragraph or ()):
        path: Path_ = ("questions", qi, "paragraph") + ((pi,) if isinstance(raw.get("paragraph"), list) else ())
        if isinstance(ref, int):
            if ref > len(ctx.paragraphs):
                report.error(src.loc(path), f"'paragraph' is {ref} but the reading has only {len(ctx.paragraphs)} "
                             f"paragraph(s){where}", "question.paragraph")
                continue
            named.append(ref)
        else:
            try:
                named.append(ctx.paragraph(ref))
            except Unresolved as problem:
                report.error(src.loc(path), f"'paragraph': {problem}{where}", "question.paragraph")
    for ki, quote in enumerate(q.quote or ()):
        path = ("questions", qi, "quote") + ((ki,) if isinstance(raw.get("quote"), list) else ())
        found = quoting(ctx.paragraphs, quote)
        if not found:
            report.error(src.loc(path), f"the quote {escaped(quote)} is not in the reading; copy the words exactly "
                         f"as the reading gives them (use … for words left out){where}", "question.quote")
        elif q.paragraph is None:
            named += [n for n in found if n not in named]
        elif named and not set(found) & set(named):
            report.error(src.loc(("questions", qi, "paragraph")), _stale(named, found, "its quote") + where,
                         "question.stale")
    if q.paragraph is not None and named and not q.quote:  # a prompt may quote another paragraph as context
        for quote in quotations(*quoting_texts(q)[1:]):
            found = quoting(ctx.paragraphs, quote)
            if found and not set(found) & set(named):
                report.error(src.loc(("questions", qi, "paragraph")),
                             _stale(named, found, f"the quotation {escaped(quote, 40)}") + where, "question.stale")
    return tuple(sorted(set(named))) or None


def _stale(named: list[int], found: list[int], what: str) -> str:
    return (f"'paragraph' says {numbers_text(named)}, but {what} is in paragraph {numbers_text(found)}: the number "
            f"is out of date (was a paragraph added or moved?); write {numbers_text(found)}, give the paragraph a "
            f"label, or leave 'paragraph' out and let the quote find it")


def resolve(lesson: Lesson, src: Sourced, paragraphs: list[Paragraph], report: Report,
            figures: dict[str, int] | None = None) -> Lesson:
    """The lesson with every question's paragraphs as numbers and every {reference} in its text filled in;
    `figures` gives the number of each labelled figure."""
    ctx = Context(lesson, paragraphs, parts(lesson), question_numbers(lesson), figures=figures or {})

    def text(value: str | None, path: Path_) -> str | None:
        return value if value is None else resolve_text(value, ctx, src.loc(path), report)

    labelled: dict[str, int] = {}
    for qi, q in enumerate(lesson.questions):
        if q.label and labelled.setdefault(q.label, qi) != qi:
            report.error(src.loc(("questions", qi, "label")), f"question {ctx.numbers[labelled[q.label]]} has the "
                         f"label '{q.label}' already; give each question its own", "question.label")
    questions = []
    types = [q.type for q in lesson.questions]
    for qi, q in enumerate(lesson.questions):
        own = _question_paragraphs(q, qi, src, ctx, report, label(types, qi))
        ctx.own, ctx.in_question = own, True
        update: dict = {"paragraph": own}
        for name in QUESTION_TEXT:
            value = getattr(q, name, None)
            if isinstance(value, str):
                update[name] = text(value, ("questions", qi, name))
        questions.append(q.model_copy(update=update))
    ctx.own, ctx.in_question = None, False
    documents = _resolve_documents(lesson, src, ctx, report)
    update = {"questions": tuple(questions), "documents": documents, "objectives": tuple(
        text(o, ("objectives", i)) for i, o in enumerate(lesson.objectives))}
    for name in PLAN_TEXT:
        update[name] = text(getattr(lesson, name), (name,))
    if lesson.plan is not None:
        plan = lesson.plan
        steps = tuple(s.model_copy(update={"activity": text(s.activity, ("plan", "procedure", i, "activity")),
                                           "details": text(s.details, ("plan", "procedure", i, "details"))})
                      for i, s in enumerate(plan.procedure))
        update["plan"] = plan.model_copy(update={
            "procedure": steps,
            "materials": tuple(text(m, ("plan", "materials", i)) for i, m in enumerate(plan.materials)),
            "differentiation": tuple(text(d, ("plan", "differentiation", i))
                                     for i, d in enumerate(plan.differentiation))})
    return lesson.model_copy(update=update)


def _resolve_documents(lesson: Lesson, src: Sourced, ctx: Context, report: Report) -> tuple:
    """The documents with their guiding questions checked against their own excerpt and any {reference} in their
    text filled in: a guiding question's `quote` must be words of its document, and it names no reading paragraph
    (its evidence is the document)."""
    documents = []
    for d, doc in enumerate(lesson.documents):
        letter = LETTERS[d]
        excerpt = [Paragraph(i + 1, text) for i, text in enumerate(doc.excerpt)]
        raw = src.data["documents"][d].get("questions") if isinstance(src.data, dict) else None
        questions = []
        for qi, q in enumerate(doc.questions):
            at: Path_ = ("documents", d, "questions", qi)
            where = f" (Document {letter}, question {qi + 1})"
            if q.paragraph is not None:
                report.error(src.loc(at + ("paragraph",), key=True), "a document's question takes its evidence from "
                             f"the document, not from a reading paragraph; leave 'paragraph' out{where}",
                             "document.question.paragraph")
            item = raw[qi] if isinstance(raw, list) and isinstance(raw[qi], dict) else {}
            for ki, quote in enumerate(q.quote or ()):
                if not quoting(excerpt, quote):
                    path = at + ("quote",) + ((ki,) if isinstance(item.get("quote"), list) else ())
                    report.error(src.loc(path), f"the quote {escaped(quote)} is not in Document {letter}'s excerpt; "
                                 f"copy the words exactly as the excerpt gives them (use … for words left out){where}",
                                 "document.question.quote")
            update: dict = {}
            for name in QUESTION_TEXT:
                value = getattr(q, name, None)
                if isinstance(value, str):
                    update[name] = resolve_text(value, ctx, src.loc(at + (name,)), report)
            questions.append(q.model_copy(update=update))
            if q.label:
                _unique_label(q.label, at, lesson, src, report)
        documents.append(doc.model_copy(update={"questions": tuple(questions)}))
    return tuple(documents)


def _unique_label(name: str, at: Path_, lesson: Lesson, src: Sourced, report: Report) -> None:
    """A document's question's label names no other question (of the lesson or of a document before it)."""
    numbers = question_numbers(lesson)
    after = len(lesson.questions)
    earlier = [numbers[i] for i, q in enumerate(lesson.questions) if q.label == name]
    for n, (d, qi, q) in enumerate(lesson.guiding_questions, after + 1):
        if ("documents", d, "questions", qi) == at:
            break
        if q.label == name:
            earlier.append(n)
    if earlier:
        report.error(src.loc(at + ("label",)), f"question {earlier[0]} has the label '{name}' already; give each "
                     "question its own", "question.label")
