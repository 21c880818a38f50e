"""The lesson format's questions, one model per type: their field docstrings are the format's reference
(lessonpress.docs reads them, as it reads schema.py's)."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

import lessonpress.compat.pydantic  # noqa: F401  before any model validates (it spares pydantic's plugin search)
from lessonpress.schema_types import (
    BLANK_RE,
    LETTERS,
    Cites,
    Label,
    Paragraphs,
    Points,
    Quotes,
    Strict,
    Text,
    _distinct,
)


class QuestionBase(Strict):
    prompt: Text
    """The question as students read it; it may name reading paragraphs by label, e.g. "Use a quotation from
    paragraph {paragraph: auction}", or its own with {paragraph} (see References)."""
    points: Points = 1
    """Marks the question is worth (1–100)."""
    cite: Cites
    """The citation(s) the answer rests on, e.g. "Jones, pg. 179", "Smith, par. 3", "Smith" or a title in
    quotes; one string or a list."""
    paragraph: Paragraphs | None = None
    """The reading paragraph(s) the answer comes from, by label or number, e.g. `auction`, 3 or [3, auction];
    found from `quote`, then from `cite`, when left out."""
    quote: Quotes | None = None
    """Words the answer quotes from the reading, e.g. "might be constrained to act in self-defense"; the
    paragraph holding them is found, and if `paragraph` names another one that is an error."""
    label: Label | None = None
    """A short name for the question, so the lesson plan can give its number: {question: threat}."""
    explanation: Text | None = None
    """Why the answer is right, for the answer key."""
    review: Text | None = None
    """A note for the teacher that this item was drafted by `lessonpress new` and awaits review, naming the
    sentence it comes from; `check` lists every item that still has one. Delete the line once checked."""


class MultipleChoice(QuestionBase):
    """Pick one of two to six options, labelled A, B, C…"""

    type: Literal["multiple_choice"]
    """`multiple_choice`."""
    choices: Annotated[tuple[Text, ...], Field(min_length=2, max_length=6), AfterValidator(_distinct)]
    """The options in order; they are labelled A, B, C… on the page."""
    answer: str
    """The letter of the right option, e.g. "B"."""

    @field_validator("answer")
    @classmethod
    def _letter(cls, value: str, info: ValidationInfo) -> str:
        choices = info.data.get("choices")
        if choices is None:
            return value
        letters = LETTERS[: len(choices)]
        letter = value.strip().upper().rstrip(").")
        if len(letter) != 1 or letter not in letters:
            raise PydanticCustomError(
                "lesson_value", "must be one of the choices {first}–{last}, got '{got}'",
                {"first": letters[0], "last": letters[-1], "got": value})
        return letter


class TrueFalse(QuestionBase):
    """A statement students mark True or False."""

    type: Literal["true_false"]
    """`true_false`."""
    answer: bool
    """`true` or `false`."""


class ShortAnswer(QuestionBase):
    """A written answer of a sentence or a few."""

    type: Literal["short_answer"]
    """`short_answer`."""
    answer: Text
    """A model answer for the key."""
    lines: Annotated[int, Field(ge=1, le=30)] | None = None
    """Answer lines on the worksheet; by default 2 per point, at least 3."""


def _per_item(data: object, field: str) -> object:
    """The question's fields with one point per item of `field` where `points` is not set."""
    if isinstance(data, dict) and data.get("points") is None and isinstance(data.get(field), list):
        return {**data, "points": max(1, min(100, len(data[field])))}
    return data


class FillInBlank(QuestionBase):
    """A sentence with blanks, written as three or more underscores: "The ___ Treaty of 1925"."""

    type: Literal["fill_in_blank"]
    """`fill_in_blank`."""
    points: Points | None = None  # type: ignore[assignment]
    """Marks the question is worth (1–100); by default one per blank."""
    answers: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The word(s) for each blank, in order."""
    word_bank: tuple[Text, ...] | None = None
    """Words printed in a box for students to choose from; must contain every answer."""

    @field_validator("prompt")
    @classmethod
    def _has_blank(cls, value: str) -> str:
        if not BLANK_RE.search(value):
            raise PydanticCustomError(
                "lesson_value", "must contain at least one blank, written as ___ (three underscores)")
        return value

    @field_validator("answers")
    @classmethod
    def _count(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        prompt = info.data.get("prompt")
        if prompt is not None:
            blanks = len(BLANK_RE.findall(prompt))
            if blanks != len(value):
                raise PydanticCustomError(
                    "lesson_value",
                    "must give one answer per blank: the prompt has {blanks} blank(s), {n} answer(s) given",
                    {"blanks": blanks, "n": len(value)})
        return value

    @field_validator("word_bank")
    @classmethod
    def _bank(cls, value: tuple[str, ...] | None, info: ValidationInfo) -> tuple[str, ...] | None:
        for answer in info.data.get("answers") or ():
            if value is not None and answer not in value:
                raise PydanticCustomError(
                    "lesson_value", "must contain every answer; '{a}' is missing", {"a": answer})
        return value

    @model_validator(mode="before")
    @classmethod
    def _one_per_blank(cls, data: object) -> object:
        return _per_item(data, "answers")


class Pair(Strict):
    """One row of a matching question."""

    left: Text
    """The numbered item (a term, a person, a date)."""
    right: Text
    """What it matches; these are shuffled and lettered."""


class Matching(QuestionBase):
    """Two columns: students write the letter of the match beside each numbered item."""

    type: Literal["matching"]
    """`matching`."""
    points: Points | None = None  # type: ignore[assignment]
    """Marks the question is worth (1–100); by default one per pair."""
    pairs: Annotated[tuple[Pair, ...], Field(min_length=2, max_length=12)]
    """The right pairs; the right-hand column is shuffled the same way every build."""

    @field_validator("pairs")
    @classmethod
    def _unique_sides(cls, value: tuple[Pair, ...]) -> tuple[Pair, ...]:
        for side in ("left", "right"):
            _distinct(tuple(getattr(p, side) for p in value))
        return value

    @model_validator(mode="before")
    @classmethod
    def _one_per_pair(cls, data: object) -> object:
        return _per_item(data, "pairs")


class Ordering(QuestionBase):
    """Events students put in chronological order."""

    type: Literal["ordering"]
    """`ordering`."""
    points: Points | None = None  # type: ignore[assignment]
    """Marks the question is worth (1–100); by default one per event."""
    items: Annotated[tuple[Text, ...], Field(min_length=3, max_length=10), AfterValidator(_distinct)]
    """The events in their correct order; the worksheet shows them shuffled."""

    @model_validator(mode="before")
    @classmethod
    def _one_per_event(cls, data: object) -> object:
        return _per_item(data, "items")


class Criterion(Strict):
    """One line of an essay rubric."""

    criterion: Text
    """What a strong answer does."""
    points: Points
    """Marks for it."""


class Essay(QuestionBase):
    """An extended written answer marked against a rubric."""

    type: Literal["essay"]
    """`essay`."""
    rubric: Annotated[tuple[Criterion, ...], Field(min_length=1)]
    """The criteria and their points; the question is worth their sum."""
    answer: Text | None = None
    """Notes on what a strong answer includes, for the key."""
    lines: Annotated[int, Field(ge=1, le=60)] | None = None
    """Answer lines on the worksheet; by default 14."""
    points: Points | None = None  # type: ignore[assignment]
    """Leave out: an essay is worth the sum of its rubric points."""

    @field_validator("points")
    @classmethod
    def _no_points(cls, value: int | None) -> int | None:
        if value is not None:
            raise PydanticCustomError(
                "lesson_value", "must be left out of an essay question: it is the sum of the rubric points")
        return value

    @property
    def total(self) -> int:
        return sum(c.points for c in self.rubric)


Question = Annotated[
    Union[MultipleChoice, TrueFalse, ShortAnswer, FillInBlank, Matching, Ordering, Essay],
    Field(discriminator="type"),
]
QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    "multiple_choice": MultipleChoice, "true_false": TrueFalse, "short_answer": ShortAnswer,
    "fill_in_blank": FillInBlank, "matching": Matching, "ordering": Ordering, "essay": Essay,
}


def points_of(question: QuestionBase) -> int:
    """The marks a question is worth (an essay's is its rubric total)."""
    return question.total if isinstance(question, Essay) else question.points  # type: ignore[return-value]
