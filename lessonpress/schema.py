"""The lesson and course format: strict pydantic models whose field docstrings document the format."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

import lessonpress.compat.pydantic  # noqa: F401  before any model validates (it spares pydantic's plugin search)
from lessonpress.citations import source_name

# the questions and the building blocks live in their own modules; schema is the format's one name for all of it
from lessonpress.schema_questions import (  # noqa: F401  (used by the builders, the references and the docs)
    QUESTION_TYPES,
    Criterion,
    Essay,
    FillInBlank,
    Matching,
    MultipleChoice,
    Ordering,
    Pair,
    Question,
    QuestionBase,
    ShortAnswer,
    TrueFalse,
    points_of,
)
from lessonpress.schema_types import (  # noqa: F401
    BLANK_RE,
    LETTERS,
    Cite,
    Cites,
    Label,
    ParagraphRef,
    Paragraphs,
    Quotes,
    Strict,
    Text,
    _reading,
    pasted_paragraphs,
)


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
