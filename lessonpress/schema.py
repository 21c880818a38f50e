"""The lesson and course format: strict pydantic models whose field docstrings document the format."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

import lessonpress.compat.pydantic  # noqa: F401  before any model validates (it spares pydantic's plugin search)
from lessonpress.citations import parse_citation, source_name

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
        if "," not in value and not value[:1].isupper():  # "pg. 179" or "179": the rest of a split "Jones, 179"
            hint = "; in a [ ] list, put each citation in quotes: [\"Jones, pg. 178\", \"Jones, pg. 179\"]"
        raise PydanticCustomError(
            "lesson_value", "must be a citation such as 'Jones, pg. 178', 'Jones, par. 3', 'Jones, n.p.', 'Jones' "
            "or a title in quotes, got '{got}'{hint}", {"got": value, "hint": hint})
    return cite.text


LABEL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def _label(value: str) -> str:
    value = value.strip()
    if not LABEL_RE.match(value):
        raise PydanticCustomError(
            "lesson_value", "must be a short name that starts with a letter and has only letters, digits and "
            "hyphens, such as 'auction' or 'sakhalin-oil', got '{got}'", {"got": value})
    return value


def _paragraph_ref(value: object) -> object:
    """A paragraph given by its number ("3") or by its label ("auction")."""
    if isinstance(value, str) and value.strip().isdigit():
        if int(value) < 1:
            raise PydanticCustomError("lesson_value", "must be a paragraph's number, counting from 1, or its label; "
                                      "got {got}", {"got": repr(value.strip())})
        return int(value)
    if isinstance(value, str):
        return _label(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PydanticCustomError("lesson_value", "must be one paragraph, by its number or its label (e.g. 3 or "
                                  "'auction'), not a list or a group of fields")
    return value


def pasted_paragraphs(text: str) -> list[str]:
    """A reading pasted as one text: paragraphs are separated by blank lines (or, with none, by line breaks);
    the lines of a paragraph are joined with spaces."""
    text = text.strip()
    chunks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    return [" ".join(c.split()) for c in chunks if c.strip()]


def _reading(value: object) -> object:
    if isinstance(value, str):
        return pasted_paragraphs(value) or [""]
    return value


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
Label = Annotated[str, AfterValidator(_label)]
ParagraphRef = Annotated[Union[Annotated[int, Field(ge=1)], Label], BeforeValidator(_paragraph_ref)]
_REF_SCHEMA = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]}
Paragraphs = Annotated[
    tuple[ParagraphRef, ...], BeforeValidator(_one_or_many), Field(min_length=1),
    WithJsonSchema({"anyOf": [_REF_SCHEMA, {"type": "array", "items": _REF_SCHEMA, "minItems": 1}]}),
]
Quotes = Annotated[
    tuple[Text, ...], BeforeValidator(_one_or_many), Field(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}),
]


class Strict(BaseModel):
    # The field docstrings below are the format's reference: lessonpress.docs reads them (pydantic's
    # use_attribute_docstrings would read and parse this file's source for every model, in every run).
    # defer_build: a model's validator is made when it first validates, not when it is defined; only Lesson and
    # Course validate, and theirs hold every other model, so the others' validators are never made at all.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True)


class VocabularyTerm(Strict):
    """A key term for the handout's key-terms box."""

    term: Text
    """The word or phrase, as the reading uses it."""
    definition: Text
    """A student-friendly definition that agrees with the essay."""
    review: Text | None = None
    """A note for the teacher that this item was drafted by `lessonpress new` and awaits review, naming the
    sentence it comes from; `check` lists every item that still has one. Delete the line once checked."""


class TimelineEvent(Strict):
    """One dated event for the handout's timeline."""

    date: Text
    """The date exactly as the essay gives it, e.g. "March 13, 1939" or "1925"."""
    event: Text
    """What happened, in a sentence."""
    cite: Cite | None = None
    """The essay citation for the event, e.g. "Jones, pg. 183"."""
    review: Text | None = None
    """A note for the teacher that this item was drafted by `lessonpress new` and awaits review, naming the
    sentence it comes from; `check` lists every item that still has one. Delete the line once checked."""


class Person(Strict):
    """A key person for the handout."""

    name: Text
    """The name as the essay spells it, e.g. "Shigenori Tōgō"."""
    role: Text
    """Who they were, as the essay presents them."""
    review: Text | None = None
    """A note for the teacher that this item was drafted by `lessonpress new` and awaits review, naming the
    sentence it comes from; `check` lists every item that still has one. Delete the line once checked."""


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


class Step(Strict):
    """One part of the lesson in the plan's timing table."""

    minutes: Annotated[int, Field(ge=1, le=300)]
    """How long the part takes, in minutes (1–300); the parts of a plan add up to the lesson's `duration`."""
    activity: Text
    """A short name for the part, e.g. "Warm-up" or "Guided reading"."""
    details: Text
    """What the teacher and students do in it."""


class ReadingParagraph(Strict):
    """A reading paragraph with a label, so questions and the lesson plan can name it (see References)."""

    label: Label
    """A short name for the paragraph, e.g. "auction"; questions may then say `paragraph: auction`."""
    text: Text
    """The paragraph, exactly as the source gives it."""


def _texts(value: tuple[str | ReadingParagraph, ...]) -> tuple[str, ...]:
    first: dict[str, int] = {}
    for n, p in enumerate(value, 1):
        if isinstance(p, ReadingParagraph) and first.setdefault(p.label, n) != n:
            raise PydanticCustomError(
                "lesson_value", "gives the label '{label}' to paragraphs {a} and {b}; give each paragraph its own",
                {"label": p.label, "a": first[p.label], "b": n})
    return tuple(p.text if isinstance(p, ReadingParagraph) else p for p in value)


def _is_labelled(value: object) -> str:
    return "labelled" if isinstance(value, dict) else "text"


ReadingItem = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[ReadingParagraph, Tag("labelled")]], Discriminator(_is_labelled)]
Reading = Annotated[
    tuple[ReadingItem, ...], BeforeValidator(_reading), Field(min_length=1), AfterValidator(_texts),
    WithJsonSchema({"anyOf": [
        {"type": "string", "description": "the whole reading pasted as one text, paragraphs separated by blank "
                                          "lines"},
        {"type": "array", "minItems": 1, "items": {"anyOf": [
            {"type": "string"},
            {"type": "object", "required": ["label", "text"], "additionalProperties": False,
             "properties": {"label": {"type": "string"}, "text": {"type": "string"}}}]}}]}),
]


class LessonPlan(Strict):
    """The teacher's plan for the lesson: materials, timed procedure and differentiation."""

    materials: tuple[Text, ...] = ()
    """What to prepare besides the lesson's handout, worksheet and answer key (which the plan always lists)."""
    procedure: Annotated[tuple[Step, ...], Field(min_length=1)]
    """The parts of the lesson in order; their minutes must add up to the lesson's `duration`."""
    differentiation: tuple[Text, ...] = ()
    """Notes for differentiation: support for struggling readers, extension for advanced students,
    accommodations."""


class WorkCited(Strict):
    """One source in the works cited: a book or article with its entry, or a web page with its address."""

    author: Text | None = None
    """The author as citations name them, e.g. "Eudin and Slusser"; leave out for an unsigned source, which
    citations name by its title in quotes."""
    title: Text | None = None
    """The title; needed when there is no author (citations then name it, e.g. (“About the Gettysburg Address”))."""
    entry: Text | None = None
    """The full bibliography entry, printed as written; without it one is made from the other fields."""
    url: Text | None = None
    """A web page's address, e.g. "https://bensguide.gpo.gov/about-the-gettysburg-address"."""
    accessed: Text | None = None
    """When you read the web page, as you want it printed, e.g. "2 Dec. 2026"."""

    @model_validator(mode="after")
    def _named(self) -> WorkCited:
        if not (self.author or self.title):
            raise PydanticCustomError("lesson_value", "needs an 'author' or, for an unsigned source, a 'title'")
        if not (self.entry or self.url or self.title):
            raise PydanticCustomError("lesson_value", "needs its 'entry' (or for a web page its 'title' and 'url')")
        return self

    @property
    def name(self) -> str:
        """The source as citations name it: the author, else the title."""
        return source_name(self.author or self.title or "")

    @property
    def printed(self) -> str:
        """The entry as the works cited prints it: as written, or made from author, title, address and date."""
        if self.entry:
            return self.entry
        parts = [f"{self.author.rstrip('.')}." if self.author else "",
                 f"“{self.title.rstrip('.')}.”" if self.title else "", f"{self.url}." if self.url else "",
                 f"Accessed {self.accessed.rstrip('.')}." if self.accessed else ""]
        return " ".join(p for p in parts if p)


class Figure(Strict):
    """A picture in the handout (a map, a photograph, a chart): a PNG or JPEG file with its alt text, caption
    and credit, printed across the text width and never apart from its caption (see "Figures")."""

    image: Text
    """The picture file, PNG or JPEG, written relative to the lesson file, e.g. "images/manchuria-map.png"
    or "../images/map.jpg" (a folder of pictures shared by several lessons)."""
    alt: Text
    """What the picture shows, in a sentence or two, for students who cannot see it: a screen reader says it
    in the PDF, Word and web copies. Required."""
    caption: Text
    """The caption printed under the picture after "Figure 1."; questions may point students to it."""
    credit: Text | None = None
    """Where the picture comes from and who made it, printed after the caption, e.g. "Map: Library of
    Congress"."""
    label: Label | None = None
    """A short name for the figure, so text can give its number: "Look at Figure {figure: map}"."""
    after: ParagraphRef | None = None
    """The reading paragraph the figure follows, by its label (or number); without it the figure comes at the
    end of the reading. Figures are numbered 1, 2, 3… in the order they are printed."""


# ---- sourced documents (documents:) ------------------------------------------------------------------------------

class DocumentSource(Strict):
    """Where a document comes from, printed under it as "Source: author, kind, date, where"."""

    author: Text | None = None
    """Who wrote or made the document, e.g. "Japan, Germany and Italy" or "Japanese Foreign Ministry"; leave out
    when the source does not say."""
    kind: Text | None = None
    """What kind of document it is, e.g. "treaty", "speech", "letter", "newspaper article", "textbook"."""
    date: Text | None = None
    """When it was written or made, exactly as the source gives it, e.g. "September 27, 1940"."""
    where: Text | None = None
    """Where the excerpt comes from, e.g. "quoted in Jones, Japan's New Order in East Asia, pg. 197"."""

    @model_validator(mode="after")
    def _something(self) -> DocumentSource:
        if not (self.author or self.kind or self.date or self.where):
            raise PydanticCustomError(
                "lesson_value", "needs at least one of 'author', 'kind', 'date' or 'where', so students can source "
                "the document")
        return self

    @property
    def parts(self) -> tuple[str, ...]:
        """The source note's parts in print order: author, kind, date, where."""
        return tuple(p for p in (self.author, self.kind, self.date, self.where) if p)


def _inherit_cite(data: object) -> object:
    """A guiding question without its own `cite` rests on its document's."""
    if isinstance(data, dict) and isinstance(data.get("questions"), list) and data.get("cite") is not None:
        return {**data, "questions": [{**q, "cite": data["cite"]} if isinstance(q, dict) and "cite" not in q else q
                                      for q in data["questions"]]}
    return data


class SourceDocument(Strict):
    """A short primary or secondary source excerpt for the document-based section, with its source note and
    guiding questions; printed as "Document A: title" on the handout, its questions on the worksheet."""

    title: Text
    """What the document is, printed after its letter: "Document A: The Tripartite Pact, Article 3"."""
    excerpt: Reading
    """The excerpt exactly as the source gives it (use … for words left out): one text, paragraphs separated by
    blank lines, or a list with one text per paragraph."""
    source: DocumentSource
    """The source note: `author`, `kind`, `date` and `where` (give at least one)."""
    cite: Cite | None = None
    """The citation the excerpt is taken from in the course's works cited, e.g. "Jones, pg. 197"; its guiding
    questions use it when they give no `cite` of their own."""
    questions: tuple[Question, ...] = ()
    """Guiding questions on this document, of any question type; the worksheet prints them under the document's
    letter, in a part after the other questions but before the essay, and the answer key answers them. A `quote`
    must be words of the excerpt."""
    review: Text | None = None
    """A note for the teacher that this document awaits review; `check` lists it. Delete the line once checked."""

    @model_validator(mode="before")
    @classmethod
    def _cites(cls, data: object) -> object:
        return _inherit_cite(data)


MAX_DOCUMENTS = 12


class Lesson(Strict):
    """One lesson: a section of the essay, its reading, key terms and questions."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    """Short name used for the output folder: lowercase letters, digits and hyphens, e.g. "01-tensions-and-treaties";
    not a name Windows keeps for a device (con, nul, aux, prn, com1…, lpt1…)."""
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
    reading: Reading
    """The passage exactly as the source gives it, citations such as "(Jones, pg. 178)" included: a list with
    one text per paragraph (or `label:` and `text:` for a paragraph that questions name), or the whole
    passage pasted as one text, paragraphs separated by blank lines (see "A reading pasted as it comes").
    Paragraphs are numbered 1, 2, 3… on the handout."""
    vocabulary: tuple[VocabularyTerm, ...] = ()
    """Key terms and definitions."""
    timeline: tuple[TimelineEvent, ...] = ()
    """Dated events, in order."""
    people: tuple[Person, ...] = ()
    """Key people and their roles."""
    questions: tuple[Question, ...] = ()
    """The worksheet questions; they are grouped by type, in the order each type first appears. A lesson needs
    at least one, here or among its documents' questions."""
    plan: LessonPlan | None = None
    """The teacher's lesson plan: materials, timed procedure, differentiation; without it the lesson-plan
    document shows only the objectives, warm-up, closing discussion and answer summary."""
    works_cited: tuple[WorkCited, ...] = ()
    """Sources this lesson cites besides those in course.yaml, in the same form."""
    figures: tuple[Figure, ...] = ()
    """Pictures printed in the handout, each after a reading paragraph or at the end of the reading."""
    central_question: Text | None = None
    """The question the lesson's documents help students answer, e.g. "Why did the Soviet Union see the
    Tripartite Pact as a threat?"; printed above the documents on the handout and worksheet."""
    documents: Annotated[tuple[SourceDocument, ...], Field(max_length=MAX_DOCUMENTS)] = ()
    """Short primary or secondary source excerpts, lettered Document A, B, C…, each with its source note and
    guiding questions, printed as the handout's document-based section (see "Sourced documents")."""
    review: Text | None = None
    """A note for the teacher that the lesson's title, objectives, grade or duration were drafted by
    `lessonpress new` and await review; `check` lists it. Delete the line once checked."""

    @property
    def guiding_questions(self) -> tuple[tuple[int, int, QuestionBase], ...]:
        """Every document's guiding questions as (document index, question index, question), in print order."""
        return tuple((d, qi, q) for d, doc in enumerate(self.documents) for qi, q in enumerate(doc.questions))

    @property
    def question_count(self) -> int:
        """The worksheet's questions: the lesson's and its documents'."""
        return len(self.questions) + len(self.guiding_questions)

    @property
    def total_points(self) -> int:
        return sum(points_of(q) for q in self.questions) + sum(points_of(q) for _, _, q in self.guiding_questions)



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
    """The sources the lessons cite; every citation must name one of these (or one in the lesson's own
    `works_cited`)."""
