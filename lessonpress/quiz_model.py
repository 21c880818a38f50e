"""The online-quiz model: what a learning platform needs of each question (answers, points, feedback), built
from a lesson by documents/quiz.py and written by the writers in writers/lms/; plain text, every word decided."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from lessonpress.errors import Loc


@dataclass(frozen=True, kw_only=True)
class Item:
    """What every online question has: its printed number, a stable id, prompt, points and feedback."""

    number: int
    ident: str
    """Unique within the quiz and the same in every build (letters, digits and hyphens)."""
    name: str
    """A short title for the platform's question bank, e.g. "Q3 · Multiple Choice"."""
    prompt: str
    points: int
    feedback: tuple[str, ...]
    """Lines shown after answering: why the answer is right, the citation, the reading paragraph."""
    loc: Loc | None = None
    context: tuple[str, ...] = ()
    """Lines a platform that shows a question alone (Moodle, GIFT, Blackboard) prints above its prompt: a guiding
    question's document, its excerpt and source note (Canvas and Google Forms show them in the part's text)."""


@dataclass(frozen=True, kw_only=True)
class Choice(Item):
    """Pick one option (multiple choice); `options` in the printed order."""

    options: tuple[str, ...]
    correct: int


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Item):
    answer: bool
    labels: tuple[str, str] = ("True", "False")


@dataclass(frozen=True, kw_only=True)
class Blanks(Item):
    """A sentence with blanks: `pieces` is the text around them (one more piece than blanks)."""

    pieces: tuple[str, ...]
    answers: tuple[str, ...]
    word_bank: tuple[str, ...] | None
    shares: tuple[Fraction, ...]
    """Each blank's points, as the printed key gives them."""
    word_bank_label: str = "Word bank"
    """What the word bank is called, in the course's language."""
    blank_label: str = "Blank {n}"
    """The n-th blank's name where a platform asks for each one apart (Google Forms)."""

    def bank(self, words: str) -> str:
        """The word bank as a line, e.g. "Word bank: auction • treaty", from its words already escaped as the
        format needs (`words` is " • ".join of them)."""
        return f"{self.word_bank_label}: {words}"


@dataclass(frozen=True, kw_only=True)
class Matching(Item):
    """Pairs in the printed (numbered) order; `right_order` is the printed order of the lettered column."""

    pairs: tuple[tuple[str, str], ...]
    right_order: tuple[int, ...]
    shares: tuple[Fraction, ...]


@dataclass(frozen=True, kw_only=True)
class Ordering(Item):
    """Events in their correct order; `shown` is the order the worksheet prints them in (indexes)."""

    events: tuple[str, ...]
    shown: tuple[int, ...]
    positions: tuple[str, ...]
    """How each place is named where a platform matches events to places: "1 (earliest)", "2"…"""
    shares: tuple[Fraction, ...]


@dataclass(frozen=True, kw_only=True)
class Written(Item):
    """An answer marked by the teacher: a short answer or an essay."""

    essay: bool
    lines: int
    grader_info: tuple[str, ...]
    """What the marker needs: the model answer or a strong answer's notes, the rubric."""


Question = Choice | TrueFalse | Blanks | Matching | Ordering | Written


@dataclass(frozen=True)
class Part:
    """One part of the quiz, as printed: a question type's heading, its instructions and questions."""

    letter: str
    heading: str
    instructions: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Quiz:
    """One lesson's quiz for one form (or the unshuffled one)."""

    ident: str
    """The lesson's id, and the form's letter where versions are made: "01-tensions-and-treaties-form-b"."""
    title: str
    course_title: str
    description: tuple[str, ...]
    parts: tuple[Part, ...]
    form: str | None = None
    kind: str = "quiz"

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for p in self.parts for q in p.questions)

    @property
    def points(self) -> int:
        return sum(q.points for q in self.questions)
