"""Warnings for lessons that are valid but would print something wrong or puzzling: repeats, stray terms and dates.

Each check compares a lesson's own parts with each other and with the reading; a check that falls back on the
other lessons' readings (a closing lesson's timeline drawn from the whole unit) stays silent when one of those
lessons could not be read, so an error in one lesson never causes warnings in another."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from lessonpress.errors import Diagnostic, escaped
from lessonpress.schema import LETTERS, MultipleChoice, ShortAnswer

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# words that say nothing about which event is meant
STOP = frozenset("""a about after again against also among an and are as at be been before being between both but by
can could did does during each for from had has have he her his how in into is it its more most not of on once only or
other our out over own same she so some such than that the their them then there these they this those through to
under until very was were what when where which while who whom why will with would""".split())


_LAST: list = []  # the types of the last call and its answer: the checks name question after question of one lesson


def question_numbers(types: list[object]) -> list[tuple[str, int]]:
    """The part letter and number the worksheet prints for each question, in file order: questions are
    grouped by type in the order each type first appears, and numbered 1, 2, 3… across the parts."""
    snapshot = tuple(types)
    if _LAST and _LAST[0] == snapshot:  # not worked out again for each question (a 1,000-question lesson)
        return list(_LAST[1])
    numbers = _question_numbers(types)
    _LAST[:] = [snapshot, tuple(numbers)]
    return numbers


def _question_numbers(types: list[object]) -> list[tuple[str, int]]:
    order: dict[object, list[int]] = {}
    for i, t in enumerate(types):
        order.setdefault(t if isinstance(t, str) else ("?", i), []).append(i)
    out: dict[int, tuple[str, int]] = {}
    number = 0
    for g, indexes in enumerate(order.values()):
        for i in indexes:
            number += 1
            out[i] = (LETTERS[g] if g < len(LETTERS) else str(g + 1), number)
    return [out[i] for i in range(len(types))]


def label(types: list[object], index: int) -> str:
    """"Part B, question 9": how the worksheet names the question at `index` in the file."""
    part, number = (_LAST[1] if _LAST and _LAST[0] == tuple(types) else question_numbers(types))[index]
    return f"Part {part}, question {number}"


@functools.lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """Text folded for comparing: compatibility forms, case, curly apostrophes and dashes, spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[‐‑‒–—-]", "-", text)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+", _norm(text))


_SUFFIXES = ("ies", "ied", "es", "ed", "ing", "s", "y", "e")


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """A crude stem, so 'canneries' finds 'cannery' and 'auctioned' finds 'auction'."""
    if word.endswith(_SUFFIXES):
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                return word[: -len(suffix)]
    return word


def _mentions(phrase: str, text: str) -> bool:
    """Whether `text` uses the phrase: its words in order, each word in any of its simple forms."""
    pattern = _phrase_pattern(phrase)
    return pattern is None or pattern.search(_joined(text)) is not None


@functools.lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern | None:
    """What `_mentions` looks for (made once for a phrase, which is looked for in every paragraph); None for a
    phrase without words."""
    words = _words(re.sub(r"\(.*?\)", " ", phrase)) or _words(phrase)
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"[\s-]*".join(re.escape(_stem(w)) + r"[\w']*" for w in words))


@functools.lru_cache(maxsize=1024)
def _joined(text: str) -> str:
    """Folded text with its hyphens taken out, so "non-aggression" and "nonaggression" read alike."""
    return _norm(text).replace("-", "")


@functools.lru_cache(maxsize=1024)
def _stems(text: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """The stems of a text's words, as a set and sorted (to find the stems that start with a given one), and
    its words themselves."""
    words = frozenset(_words(text))
    have = frozenset(_stem(w) for w in words)
    return have, tuple(sorted(have)), words


def _date_parts(date: str) -> list[list[str]]:
    """The month names and numbers of each date in a timeline date ("1932 and 1933" is two dates)."""
    out = []
    for one in re.split(r"\s+(?:and|or|to)\s+|\s*[–—-]\s*", _norm(date)):
        parts = [w for w in _words(one) if w.isdigit() or w in MONTHS]
        if parts:
            out.append(parts)
    return out


def _has_date(parts: list[str], paragraph: str) -> bool:
    words = _stems(paragraph)[2]
    return all(p in words for p in parts)


def _share(words: set[str], paragraph: str) -> float:
    """How many of an event's words (stems) a paragraph uses, from 0 to 1."""
    have, ordered, _ = _stems(paragraph)

    def used(w: str) -> bool:  # a stem of the paragraph starts with w, or w starts with one of 4+ letters
        i = bisect.bisect_left(ordered, w)
        return i < len(ordered) and ordered[i].startswith(w) or any(w[:k] in have for k in range(4, len(w)))
    return sum(1 for w in words if used(w)) / len(words)


@dataclass
class Readings:
    """The texts a lesson's terms and dates are looked for in: its own reading (with the introduction) first,
    then the other lessons' readings; `complete` is False when some lesson of the course could not be read."""

    own: list[str]
    others: list[str]
    complete: bool = True

    def find(self, test) -> bool | None:
        """True if found in the lesson's own reading or (for a unit's closing lesson) another's; None when the
        answer would depend on a lesson that could not be read."""
        if any(test(p) for p in self.own) or any(test(p) for p in self.others):
            return True
        return False if self.complete else None


def lint_lesson(ll, readings: Readings) -> list[Diagnostic]:
    """The warnings of one valid lesson (`ll` is a validate.LoadedLesson)."""
    lesson, out = ll.lesson, []

    def warn(path: tuple, message: str, code: str) -> None:
        out.append(Diagnostic(ll.source.loc(path), message, code, "warning"))

    types = [q.type for q in lesson.questions]
    prompts: dict[str, int] = {}
    answers: dict[str, int] = {}
    for i, q in enumerate(lesson.questions):
        key = f"{q.type}:{_norm(q.prompt)}"
        if key in prompts:
            j = prompts[key]
            warn(("questions", i, "prompt"), f"this question ({label(types, i)}) repeats {label(types, j)} on "
                 f"line {ll.source.loc(('questions', j, 'prompt')).line}; delete one of them, or change its prompt",
                 "question.repeated")
            continue
        prompts[key] = i
        answer = q.choices[LETTERS.index(q.answer)] if isinstance(q, MultipleChoice) else \
            q.answer if isinstance(q, ShortAnswer) else None
        if answer is None:
            continue
        if _norm(answer) in answers:
            j = answers[_norm(answer)]
            warn(("questions", i, "answer"), f"the answer {escaped(answer)} ({label(types, i)}) is also the "
                 f"answer of {label(types, j)} on line {ll.source.loc(('questions', j, 'answer')).line}; if the "
                 "question was copied, change its choices and answer too", "question.same-answer")
        else:
            answers[_norm(answer)] = i
    for i, term in enumerate(lesson.vocabulary):
        found = readings.find(lambda p, t=term.term: _mentions(t, p))
        if found is False:
            warn(("vocabulary", i, "term"), f"the key term {escaped(term.term)} does not occur in the reading; "
                 "check its spelling, or use the word as the reading does", "vocabulary.not-in-reading")
    for i, ev in enumerate(lesson.timeline):
        dates = _date_parts(ev.date)
        if dates:
            found = readings.find(lambda p, ds=dates: any(_has_date(d, p) for d in ds))
            if found is False:
                warn(("timeline", i, "date"), f"the date {escaped(ev.date)} does not occur in the reading; "
                     "check it against the essay", "timeline.date-not-in-reading")
                continue
        words = {_stem(w) for w in _words(ev.event) if w not in STOP and len(w) > 2}
        dated = [p for p in readings.own + readings.others if not dates or any(_has_date(d, p) for d in dates)]
        best = max((_share(words, p) for p in dated), default=0.0)
        if words and best < 0.5 and readings.complete:
            on = f" of {escaped(ev.date)}" if dates else ""
            warn(("timeline", i, "event"), f"the reading does not tell this event{on} (only {best:.0%} of its "
                 "words occur there); check it against the essay", "timeline.event-not-in-reading")
    return out


def lint_lessons(lessons: list, neighbours: list, complete: bool) -> list[Diagnostic]:
    """The warnings of every lesson of a run; `neighbours` are the course's other lessons, read for their
    readings only, and `complete` says whether every lesson of the course could be read."""
    def texts(ll) -> list[str]:
        return [t for t in (ll.lesson.introduction, *ll.lesson.reading) if t]

    out = []
    for ll in lessons:
        others = [t for other in [*lessons, *neighbours] if other is not ll for t in texts(other)]
        out.extend(lint_lesson(ll, Readings(texts(ll), others, complete)))
    return out
