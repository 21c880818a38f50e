"""The document model: a small closed set of frozen nodes that builders make and writers render."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Union

from lessonpress.errors import Loc

# Inlines ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """Plain text, printed literally."""

    text: str


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    """Italic text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Blank:
    """A write-in line inside a sentence, `width` characters wide; a named one (name, period) is where a class
    set stamps a student's details."""

    width: int = 12
    name: str = ""


@dataclass(frozen=True)
class Cite:
    """A source citation such as "(Jones, pg. 178)", printed as given."""

    text: str


Inline = Union[Text, Strong, Emph, Blank, Cite]
Inlines = tuple[Inline, ...]


# Blocks ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the document title, 2 a section, 3 a sub-section."""

    level: int
    content: Inlines
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Para:
    """A paragraph; `number` puts a paragraph number in the margin; `role` picks a style."""

    content: Inlines
    number: int | None = None
    role: str = "body"
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class ItemList:
    """A bulleted or numbered list."""

    items: tuple[Inlines, ...]
    ordered: bool = False
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Choices:
    """Options a student marks: (label, text) pairs; `inline` keeps them on one line (True / False)."""

    options: tuple[tuple[str, Inlines], ...]
    inline: bool = False
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class AnswerSpace:
    """Ruled lines for a handwritten answer; `continued` is the note printed where the lines go on to the
    next page (only long answer spaces may; without a note they never split from their question)."""

    lines: int
    continued: Inlines = ()
    label: str = ""
    """What a screen reader says of it, e.g. "Answer space, 4 lines" (Word's content control title)."""
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Table:
    """A table of inline cells; `widths` are fractions of the text width; rows never split."""

    rows: tuple[tuple[Inlines, ...], ...]
    header: tuple[Inlines, ...] | None = None
    widths: tuple[float, ...] | None = None
    role: str = "grid"
    continued: Inlines = ()
    """Printed where a matching table too tall for a page goes on to the next (whose choices it repeats)."""
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Box:
    """A framed group of blocks with an optional title, e.g. key terms or a word bank."""

    role: str
    title: str | None
    blocks: tuple[Block, ...]
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Question:
    """A numbered question: its prompt, its points and the answer space below it; never split."""

    number: int
    prompt: Inlines
    points: int
    body: tuple[Block, ...]
    points_label: str = ""
    """The points as printed after the prompt, e.g. "(2 points)"; empty: writers print "(N)"."""
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Answer:
    """A numbered answer in a key: the points and the blocks that give the answer and its evidence."""

    number: int
    points: int
    content: tuple[Block, ...]
    headline: Inlines = ()
    """Printed on the number line, before the points: the answer itself where it is short."""
    points_label: str = ""
    """The points as printed, e.g. "(5 points, 1 per pair)"; empty: writers print "(N)"."""
    loc: Loc | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class KeepTogether:
    """Blocks kept together: all but the last whole, on the page with the start of the last (two lines of a
    paragraph, two table rows, or a question whole): a heading with its first question or paragraph. A single
    block is kept whole on one page (unless it is taller than a page)."""

    blocks: tuple[Block, ...]
    loc: Loc | None = field(default=None, kw_only=True)


FIGURE_SHARE = 0.75
"""The most of the text block's height a figure's picture takes, so a tall one leaves room on its page for its
caption and some text: writers scale it to the text width or to this height, whichever is smaller."""


@dataclass(frozen=True)
class Figure:
    """A picture with its caption below it, never apart: the image (PNG or JPEG bytes in RGB or greyscale), its
    size in pixels, the alt text a screen reader says for it, the label ("Figure 1"), caption and credit. Writers
    scale it to the text width, and smaller where the page is too short for it and its caption."""

    image: bytes = field(repr=False)
    mime: str
    width: int
    height: int
    alt: str
    label: str
    caption: Inlines
    credit: Inlines = ()
    loc: Loc | None = field(default=None, kw_only=True)
    digest: str = field(init=False, default="")
    """The picture's SHA-256: its repr stands for the bytes (which it leaves out), so that a build's record of what
    a document was made from changes with the picture."""

    def __post_init__(self):
        object.__setattr__(self, "digest", hashlib.sha256(self.image).hexdigest())


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""

    loc: Loc | None = field(default=None, kw_only=True)


Block = Union[Heading, Para, ItemList, Choices, AnswerSpace, Table, Box, Question, Answer, KeepTogether, Figure,
              PageBreak]


@dataclass(frozen=True)
class Document:
    """One printable document: what it is, the running footer, the header fields and the blocks."""

    kind: str
    """Machine name of the document kind: handout, worksheet, answer-key."""
    kind_label: str
    """How the page names the document, e.g. "Worksheet"."""
    title: str
    """The lesson title."""
    course_title: str
    footer: str
    """Running footer text; writers add "Page N of M"."""
    blocks: tuple[Block, ...]
    header: tuple[Block, ...] = ()
    """Blocks printed above the title on the first page only (Name / Date / Period)."""
    author: str = ""
    language: str = "en"
    paper: str = "letter"
    form: str | None = None
    """The form letter (A, B, C…) where versions are printed."""
    form_label: str = ""
    """The form as every page names it, e.g. "Form A" (empty where no versions are printed)."""
    page_label: str = "{n}\u00a0/\u00a0{total}"
    """How a page gives its number, e.g. "Page {n} of {total}": writers fill in {n} and {total} (the last)."""
    blank_label: str = "blank {n}"
    """What a screen reader says for the n-th write-in blank of a paragraph, e.g. "blank {n}" (see `blank_said`)."""
    paragraph_label: str = "Paragraph {n}"
    """What a screen reader says before the n-th numbered paragraph of a reading, e.g. "Paragraph {n}"."""


def plain(content: Inlines) -> str:
    """The text of inlines, blanks as underscores (for tests, search and metadata)."""
    out = []
    for node in content:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Cite):
            out.append(node.text)
        elif isinstance(node, (Strong, Emph)):
            out.append(plain(node.children))
        elif isinstance(node, Blank):
            out.append("_" * node.width)
        else:
            raise TypeError(f"unknown inline node {type(node).__name__}")
    return "".join(out)


def blank_said(label: str, n: int, of: int) -> str:
    """What a screen reader says for blank `n` of the `of` write-in blanks in one run of text: the label with its
    number ("blank 2") where the run has more than one; where the blank is alone, as in each row of a matching
    question (which the item's own number follows), the words before a closing number ("blank {n}" -> "blank").
    A label with its number elsewhere ("the {n}th blank", "{n}.º espacio") or with no words keeps the number."""
    head = label.rstrip()
    if of == 1 and head.endswith("{n}") and head[:-3].strip():
        return " ".join(head[:-3].split())
    return label.replace("{n}", str(n))


def characters(value: object) -> str:
    """Every character in the text of a document (or any part of one), each once, in code-point order."""
    seen: set[str] = set()
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, str):
            seen.update(v)
        elif isinstance(v, (tuple, list)):
            todo.extend(v)
        elif hasattr(v, "__dataclass_fields__") and not isinstance(v, (type, Loc)):
            todo.extend(v.__dict__.values())
    return "".join(sorted(seen))
