"""The lesson and course format: strict pydantic models whose field docstrings document the format."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from lessonpress.citations import parse_citation

BLANK_RE = re.compile(r"_{3,}")
LETTERS = "ABCDEFGHIJKL"


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("lesson_value", "must not be empty")
    return value


def _cite(value: str) -> str:
    cite = parse_citation(value)
    if cite is None:
        hint = ""
        if "," not in value:
            hint = "; in a [ ] list, put each citation in quotes: [\"Jones, pg. 178\", \"Jones, pg. 179\"]"
        raise PydanticCustomError(
            "lesson_value", "must look like 'Jones, pg. 178' (author, comma, page), got '{got}'{hint}",
            {"got": value, "hint": hint})
    return cite.text


def _distinct(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise PydanticCustomError("lesson_value", "must not repeat '{v}': students could not tell which is meant",
                                      {"v": v})
        seen.add(v)
    return values


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, (str, int)) else value


Text = Annotated[str, AfterValidator(_text)]
Cite = Annotated[str, AfterValidator(_cite)]
Cites = Annotated[
    tuple[Cite, ...], BeforeValidator(_one_or_many), Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}),
]
Points = Annotated[int, Field(ge=1, le=100)]
Paragraphs = Annotated[
    tuple[Annotated[int, Field(ge=1)], ...], BeforeValidator(_one_or_many), Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1},
                              {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1}]}),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                              hide_input_in_errors=True)


class VocabularyTerm(Strict):
    """A key term for the handout's key-terms box."""

    term: Text
    """The word or phrase, as the reading uses it."""
    definition: Text
    """A student-friendly definition that agrees with the essay."""


class TimelineEvent(Strict):
    """One dated event for the handout's timeline."""

    date: Text
    """The date exactly as the essay gives it, e.g. "March 13, 1939" or "1925"."""
    event: Text
    """What happened, in a sentence."""
    cite: Cite | None = None
    """The essay citation for the event, e.g. "Jones, pg. 183"."""


class Person(Strict):
    """A key person for the handout."""

    name: Text
    """The name as the essay spells it, e.g. "Shigenori Tōgō"."""
    role: Text
    """Who they were, as the essay presents them."""


class QuestionBase(Strict):
    prompt: Text
    """The question as students read it."""
    points: Points = 1
    """Marks the question is worth (1–100)."""
    cite: Cites
    """The essay citation(s) the answer rests on, e.g. "Jones, pg. 179"; one string or a list."""
    paragraph: Paragraphs | None = None
    """The reading paragraph(s) the answer comes from, e.g. 3 or [3, 4]; found from `cite` when left out."""
    explanation: Text | None = None
    """Why the answer is right, for the answer key."""


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


class FillInBlank(QuestionBase):
    """A sentence with blanks, written as three or more underscores: "The ___ Treaty of 1925"."""

    type: Literal["fill_in_blank"]
    """`fill_in_blank`."""
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
    pairs: Annotated[tuple[Pair, ...], Field(min_length=2, max_length=12)]
    """The right pairs; the right-hand column is shuffled the same way every build."""

    @field_validator("pairs")
    @classmethod
    def _unique_sides(cls, value: tuple[Pair, ...]) -> tuple[Pair, ...]:
        for side in ("left", "right"):
            _distinct(tuple(getattr(p, side) for p in value))
        return value


class Ordering(QuestionBase):
    """Events students put in chronological order."""

    type: Literal["ordering"]
    """`ordering`."""
    items: Annotated[tuple[Text, ...], Field(min_length=3, max_length=10), AfterValidator(_distinct)]
    """The events in their correct order; the worksheet shows them shuffled."""


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


class Step(Strict):
    """One part of the lesson in the plan's timing table."""

    minutes: Annotated[int, Field(ge=1, le=300)]
    """How long the part takes, in minutes (1–300); the parts of a plan add up to the lesson's `duration`."""
    activity: Text
    """A short name for the part, e.g. "Warm-up" or "Guided reading"."""
    details: Text
    """What the teacher and students do in it."""


class LessonPlan(Strict):
    """The teacher's plan for the lesson: materials, timed procedure and differentiation."""

    materials: tuple[Text, ...] = ()
    """What to prepare besides the lesson's handout, worksheet and answer key (which the plan always lists)."""
    procedure: Annotated[tuple[Step, ...], Field(min_length=1)]
    """The parts of the lesson in order; their minutes must add up to the lesson's `duration`."""
    differentiation: tuple[Text, ...] = ()
    """Notes for differentiation: support for struggling readers, extension for advanced students,
    accommodations."""


class Lesson(Strict):
    """One lesson: a section of the essay, its reading, key terms and questions."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    """Short name used for the output folder: lowercase letters, digits and hyphens, e.g. "01-tensions-and-treaties"."""
    title: Text
    """The lesson title printed at the top of every document."""
    section: Text
    """The essay heading the lesson comes from, e.g. "Tensions and Treaties"."""
    grade: Text
    """Grade or grade band, e.g. "9–12"."""
    duration: Annotated[int, Field(ge=5, le=600)]
    """Class time in minutes."""
    objectives: Annotated[tuple[Text, ...], Field(min_length=1)]
    """What students will be able to do after the lesson."""
    warm_up: Text | None = None
    """A short opening activity or question for the teacher (printed in the lesson plan and the answer key's
    teacher notes)."""
    closing_discussion: Text | None = None
    """A closing discussion question for the teacher (printed in the lesson plan and the answer key's
    teacher notes)."""
    introduction: Text | None = None
    """An optional passage printed before the reading, e.g. the essay's opening paragraph."""
    reading: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The passage, one string per paragraph, exactly as the essay gives it, citations such as
    "(Jones, pg. 178)" included; paragraphs are numbered 1, 2, 3… on the handout."""
    vocabulary: tuple[VocabularyTerm, ...] = ()
    """Key terms and definitions."""
    timeline: tuple[TimelineEvent, ...] = ()
    """Dated events, in order."""
    people: tuple[Person, ...] = ()
    """Key people and their roles."""
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    """The worksheet questions; they are grouped by type, in the order each type first appears."""
    plan: LessonPlan | None = None
    """The teacher's lesson plan: materials, timed procedure, differentiation; without it the lesson-plan
    document shows only the objectives, warm-up, closing discussion and answer summary."""


class WorkCited(Strict):
    """One source in the works cited."""

    author: Text
    """The author as citations name them, e.g. "Eudin and Slusser"."""
    entry: Text
    """The full bibliography entry."""


class Course(Strict):
    """Unit-wide settings from lessons/course.yaml."""

    title: Text
    """The unit title, printed on every document."""
    teacher: Text | None = None
    """The teacher's name, printed in the worksheet header."""
    school: Text | None = None
    """The school's name, printed in the worksheet header."""
    grade_band: Text | None = None
    """Grade band of the unit, e.g. "9–12"."""
    paper: Literal["letter", "a4"] = "letter"
    """Paper size: `letter` or `a4` (`--paper` overrides it)."""
    language: Text = "en"
    """The language of the printed wording around the lessons ("Name", "Answer Key", "Page 1 of 2"…): `en`
    (English) or `es` (Spanish); a `labels.yaml` in `templates/` changes single words (see labels.md)."""
    works_cited: tuple[WorkCited, ...] = ()
    """The sources the essay cites; every lesson citation must name one of these authors."""
