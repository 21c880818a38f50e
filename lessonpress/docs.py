"""Generates docs/lesson-format.md and the JSON Schemas from schema.py (and the two modules it gathers), and
docs/labels.md from the label tables, so the references cannot drift."""

from __future__ import annotations

import ast
import inspect
import json
import sys
import typing
from functools import cache
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lessonpress import schema, schema_questions, schema_types
from lessonpress.labels import _builtin, languages
from lessonpress.schema import (
    QUESTION_TYPES,
    Course,
    Criterion,
    DocumentSource,
    Figure,
    Lesson,
    LessonPlan,
    Pair,
    Person,
    QuestionBase,
    ReadingParagraph,
    SourceDocument,
    Step,
    TimelineEvent,
    VocabularyTerm,
    WorkCited,
)

DOCS = Path(__file__).resolve().parent.parent / "docs"
MODULES = (schema_types, schema_questions, schema)
"""The modules of the lesson format, in the order they build on each other (their field docstrings are the
reference)."""

INTRO = """\
# The lesson format

<!-- Generated from lessonpress/schema.py by `python -m lessonpress.docs`; do not edit by hand. -->

A lesson is one YAML file in `lessons/`, one per section of the essay. The unit's settings live in
`lessons/course.yaml`. Every value is read as text first (so `answer: no` stays "no" and `1.10`
stays "1.10"), then checked against the fields below; a problem is reported with its file, line and
column, and nothing is written until every lesson is right.

Tips:
- Long text: write `>-` after the colon and continue on indented lines; they are joined with spaces.
- Put text that contains `: ` or starts with a quote in quotes. Write dates as text: `date: "1925"`.
- A list of citations: `cite: ["Jones, pg. 178", "Jones, pg. 179"]` (quotes needed because of the commas).
- Editors with the YAML language server check lessons as you type: start a lesson with
  `# yaml-language-server: $schema=../docs/lesson.schema.json`.
- Lessons drafted by `lessonpress new` mark each drafted item with a `review:` line; `lessonpress check`
  lists those still there. Delete the line once you have checked the item.
- A message you do not understand: [troubleshooting.md](troubleshooting.md) says what to do for the
  most common ones.
"""


REFERENCES = """\
## References: numbers you never type twice

Paragraph, part and question numbers change when you add a paragraph or a question. Let lessonpress
work them out instead, and it tells you (with the file, line and column) when one no longer fits.

**Which paragraph a question comes from.** The answer key prints "Reading ¶ 6" beside each answer.
Name the paragraph in one of three ways:

```yaml
reading:
  - The first paragraph, as plain text.
  - label: auction            # a short name of your choice
    text: >-
      By the end of 1938 the Soviet Union announced …
questions:
  - type: short_answer
    prompt: How did Japan answer the auction plan?
    paragraph: auction        # by label: still right when a paragraph is added above it
    # paragraph: 6            # by number: works, but goes out of date
    quote: might be constrained to act in self-defense   # by the words the answer quotes
```

With `quote:` alone the tool finds the paragraph holding those words (use … for words left out).
With `paragraph:` and `quote:` both, they must agree: a number that names another paragraph than the
quote is an error ("the number is out of date"), never a wrong answer key. A quotation in a model
answer or the right choice is checked against `paragraph:` the same way, and so is a citation such
as "Smith, par. 3".

**Numbers in the text.** In the prompt, answer and explanation of a question, and in the objectives,
warm-up, closing discussion, materials, procedure and differentiation, write a reference in braces;
it is replaced by the number when the lesson is built:

| you write | printed (example) | means |
|---|---|---|
| `{part: essay}` | G | the letter of the part holding the essay questions |
| `{parts: first..ordering}` | A–E | the letters from the first part to the ordering part |
| `{questions: short_answer}` | 12–15 | the numbers of the questions in that part |
| `{questions: first..ordering}` | 1–11 | the numbers from the first part to the ordering part |
| `{question: threat}` | 14 | the number of the question with `label: threat` (lesson plan only) |
| `{paragraph: auction}` | 6 | the number of the reading paragraph with `label: auction` |
| `{paragraphs: portsmouth..auction}` | 1–6 | a range of paragraphs, by their labels |
| `{paragraph}` | 6 | in a question: the paragraph that question comes from |
| `{figure: timeline}` | 2 | the number of the figure with `label: timeline` ("Look at Figure {figure: timeline}") |
| `{points}`, `{points: essay}` | 35, 10 | the worksheet's points, or a part's |

A part is named by its question type (`multiple_choice`, `true_false`, `fill_in_blank`, `matching`,
`ordering`, `short_answer`, `essay`) or by `first` or `last`; the plural and singular (`part`,
`parts`) mean the same. For example, `Students answer Parts {parts: first..ordering} (questions
{questions: first..ordering}) alone` prints "Students answer Parts A–E (questions 1–11) alone", and
after you add a question it prints "questions 1–12" by itself. A reference that names nothing
(a misspelt type or label) is an error at its line and column, with a "did you mean".

- A text on one line cannot hold `: ` in YAML, so write such text after `>-` on the next lines (as
  the lesson files do), put it in double quotes, or leave the colon out: `{part essay}`.
- Lesson text is never a template: `{{ … }}` and `{% … %}` are printed exactly as typed.

## Citations and sources

Write citations the way your source allows; the handout and answer key print them as you wrote them.

| citation | for |
|---|---|
| `Jones, pg. 178`, `Jones, p. 178`, `Jones 178`, `Jones, pp. 182-183` | a page or pages |
| `Smith, par. 3` (also `para.`, `¶`) | a numbered paragraph of a source without pages |
| `Smith, n.p.` or just `Smith` | a source without page numbers, such as a web page |
| `About the Gettysburg Address`, `“About the Gettysburg Address”, par. 2` | an unsigned source, by its title |

In the reading, the same forms in brackets, "(Jones, pg. 178)", are citations; a bare "(Smith)" or
"(“Title”)" counts only when that source is listed, so "(USSR)" stays plain text.

Every source a citation names must be listed under `works_cited:`, in `course.yaml` for the whole
unit or in the lesson itself for its own sources. An entry is either written out in full, or made
from its parts for a web page:

```yaml
works_cited:
  - author: Jones
    entry: Jones, F. C. Japan's New Order in East Asia. London: Oxford UP, 1954. Print.
  - title: About the Gettysburg Address        # unsigned: cite it as "About the Gettysburg Address"
    url: https://bensguide.gpo.gov/about-the-gettysburg-address
    accessed: 2 Dec. 2026
```

The handout's Works Cited lists the sources the lesson cites. A citation naming a source that is not
listed is an error that names the nearest listed one ("did you mean 'Jones'?") and says where to add it.

**A reading pasted as it comes.** Paste the whole passage after `reading: |` (each line indented),
with a blank line between paragraphs; the lines of a paragraph are joined, and the paragraphs are
numbered 1, 2, 3… Use `quote:` to tie questions to them.

**Points.** Matching, ordering and fill-in-the-blank questions are worth one point per pair, event or
blank unless you give `points:`.

## Figures

A picture (a map, a photograph, a chart) goes in the handout under `figures:`. Put the file beside the
lesson, or in a folder next to it, and write its path from the lesson's folder:

```yaml
figures:
  - image: images/treaties-timeline.png
    label: timeline
    after: portsmouth
    alt: A time line of 1905 to 1930 marking the Treaty of Portsmouth (1905), the Russo-Japanese
      Fishery Convention (1907), the general Treaty (1925) and the Fishery Convention of 1928.
    caption: The agreements on the fisheries, 1905–1928.
    credit: "Drawn from the essay (Jones, pg. 178)"
questions:
  - type: short_answer
    prompt: "Look at Figure {figure: timeline}. Which agreement came first?"
```

The picture is printed across the text width (smaller where a tall one would not leave room on the
page), with "Figure 1." and its caption under it, never on another page. Figures are numbered in the
order they are printed. The `alt` text is what a screen reader says instead of the picture, in the PDF,
Word and web copies: say what the picture shows that a student needs for the questions.

`check` opens every picture: a missing file (with the nearest name in its folder), a file that is not
PNG or JPEG (GIF, WebP, HEIC, SVG… — open and save it as PNG or JPEG), a damaged one, and one too big
(over 15 MB or 40 million pixels) are errors at the `image:` line. A picture narrower than 650
pixels prints blurred across the page and gets a warning. A path from another computer
(`C:\\Users\\…` or `/home/…`) is refused, so the lessons keep working when copied; `../images/…`
for a folder shared by several lessons is fine. Pictures larger than 2,400 pixels are scaled down
for printing, and a phone photo is turned upright.
"""


DOCUMENTS_GUIDE = """\
## Sourced documents

A lesson's `documents:` are short primary or secondary source excerpts, in the manner of a
document-based lesson: the handout prints them after the reading under the heading "Documents", the
lesson's `central_question` first, then each in a box as "Document A: title", its excerpt and its
source note ("Source: author, kind, date, where."). A short document is kept on one page; one longer
than a page splits between its paragraphs, its title repeated. The worksheet's "Document-Based Questions"
part, after the other parts but before the essay (which answers the central question with the documents),
gives each document's guiding questions under its letter, numbered in print order; the answer key
answers them with their evidence ("Jones, pg. 197 · Document A"); online quizzes put each document in
its own part, its excerpt in the part's text (Canvas, Google Forms) or, where a platform shows each
question alone (Moodle, GIFT, Blackboard), quoted above each of its questions.

```yaml
central_question: Why did the Soviet Union see the Tripartite Pact as a threat?
documents:
  - title: The Tripartite Pact, Article 3
    excerpt: >-
      … undertake to declare war on such Power and to assist one another with all political,
      economic and military means
    source:
      author: Japan, Germany, and Italy
      kind: pact
      date: September 27, 1940
      where: Article 3, as quoted in Jones, pg. 197
    cite: Jones, pg. 197          # its questions' evidence, unless they give their own `cite`
    questions:
      - type: short_answer
        prompt: What does Article 3 promise?
        answer: To “declare war on such Power”.
        quote: declare war on such Power   # must be words of this document's excerpt
```

Copy excerpts exactly as the source gives them (use … for words left out). A guiding question is any
question type; its `quote` is looked for in its own document, and it names no reading `paragraph`.
In the plan, `{part: documents}`, `{questions: documents}` and `{points: documents}` name the documents
part, and a guiding question's `label` is named like any question's: `{question: soviet-view}`.
A full sample: `lessons/examples/tripartite-pact-documents.yaml`.
"""


def _field_docstrings() -> dict[str, dict[str, str]]:
    """The docstring under each field of each class of the format's modules (the string right after the field's
    line), by class and field name, cleaned as Python cleans a docstring."""
    found: dict[str, dict[str, str]] = {}
    for node in (n for module in MODULES for n in ast.parse(Path(module.__file__).read_text(encoding="utf-8")).body):
        if isinstance(node, ast.ClassDef):
            pairs = zip(node.body, node.body[1:], strict=False)
            found[node.name] = {
                field.target.id: inspect.cleandoc(doc.value.value) for field, doc in pairs
                if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)}
    return found


@cache
def described() -> None:
    """Give every schema field its docstring as its description and rebuild the models, so the reference and the
    JSON Schemas print them. Only the docs need this: schema.Strict leaves pydantic's use_attribute_docstrings off
    because with it pydantic reads and parses schema.py's source for every model, in every run (60 ms of a `check`
    here). A field without a description of its own takes the docstring of the class that declares it."""
    docs = _field_docstrings()
    models = [m for module in MODULES for m in vars(module).values()
              if isinstance(m, type) and issubclass(m, schema.Strict) and m.__module__ == module.__name__]
    for model in models:  # in the order the modules define them, so a model is rebuilt after the models it holds
        for name, info in model.model_fields.items():
            if info.description is None:
                owner = next(c for c in model.__mro__ if name in c.__dict__.get("__annotations__", {}))
                info.description = docs.get(owner.__name__, {}).get(name)
        model.model_rebuild(force=True)


def _type_name(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(_type_name(a) for a in args)
    if origin in (tuple, list):
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is typing.Literal:
        return " or ".join(f"`{a}`" for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "text", int: "whole number", bool: "true or false"}.get(annotation, str(annotation))


def _field_row(name: str, info: FieldInfo) -> str:
    required = "required" if info.is_required() else f"optional (default {_default(info)})"
    desc = " ".join((info.description or "").split())
    return f"| `{name}` | {_type_name(info.annotation)} | {required} | {desc} |"


def _default(info: FieldInfo) -> str:
    d = info.default
    if d is None:
        return "none"
    if d == ():
        return "empty"
    return f"`{d}`"


def _model_section(model: type[BaseModel], title: str | None = None, skip: tuple[str, ...] = ()) -> list[str]:
    lines = [f"## {title or model.__name__}", "", " ".join((model.__doc__ or "").split()), "",
             "| field | type | | meaning |", "|---|---|---|---|"]
    lines += [_field_row(n, f) for n, f in model.model_fields.items() if n not in skip]
    return lines + [""]


def reference() -> str:
    described()
    out = [INTRO, REFERENCES]
    out += _model_section(Lesson)
    out += ["## Questions", "",
            "Every question has a `type` and these common fields; each type adds its own below.", "",
            "| field | type | | meaning |", "|---|---|---|---|"]
    out += [_field_row(n, f) for n, f in QuestionBase.model_fields.items()] + [""]
    for name, model in QUESTION_TYPES.items():
        own = [n for n in model.model_fields if n not in QuestionBase.model_fields or n == "points" and
               model.model_fields[n].description != QuestionBase.model_fields[n].description]
        out += [f"### `{name}`", "", " ".join((model.__doc__ or "").split()), "",
                "| field | type | | meaning |", "|---|---|---|---|"]
        out += [_field_row(n, model.model_fields[n]) for n in own] + [""]
    for model in (Pair, Criterion, ReadingParagraph, VocabularyTerm, TimelineEvent, Person, Figure, LessonPlan, Step):
        out += _model_section(model)
    out += _model_section(WorkCited)
    out += [DOCUMENTS_GUIDE, *_model_section(SourceDocument), *_model_section(DocumentSource)]
    out += ["# course.yaml", ""] + _model_section(Course, "Course")[1:]
    return "\n".join(out).rstrip() + "\n"


def schemas() -> dict[str, str]:
    described()
    lesson = Lesson.model_json_schema()
    lesson["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    course = Course.model_json_schema()
    course["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return {"lesson.schema.json": json.dumps(lesson, indent=2, ensure_ascii=False) + "\n",
            "course.schema.json": json.dumps(course, indent=2, ensure_ascii=False) + "\n"}


LABELS_INTRO = """\
# Labels

<!-- Generated from lessonpress/labels/*.yaml by `python -m lessonpress.docs`; do not edit. -->

Every word lessonpress prints around a lesson's own text, in each language it ships (`language:` in
`course.yaml` picks one). To change some of them, put a file `labels.yaml` in your `templates/` folder
with only the lines you want to change, one a line:

```yaml
key_terms: Vocabulary
points: {one: "{n} mark", other: "{n} marks"}
```

A word in braces, such as `{n}` or `{title}`, is filled in when printing; your text may leave any of
them out but cannot use others. A label given as `one` / `other` prints its `one` form for 1 (or
less) and its `other` form for any other number. `page` must end with `{total}`.

"""


def _cell(value: str | tuple[str, str]) -> str:
    texts = [f"one: {value[0]}", f"other: {value[1]}"] if isinstance(value, tuple) else [value]
    return "<br>".join(t.replace("|", "\\|").replace("\u00a0", "&nbsp;") for t in texts)


def labels_reference() -> str:
    """docs/labels.md: every label, in every shipped language."""
    codes = list(languages())
    tables = {code: _builtin(code)[0] for code in codes}
    lines = ["| label | " + " | ".join(f"{name} (`{code}`)" for code, name in languages().items()) + " |",
             "|---|" + "---|" * len(codes)]
    for key in tables["en"]:
        if key != "language":
            lines.append(f"| `{key}` | " + " | ".join(_cell(tables[c][key]) for c in codes) + " |")
    return LABELS_INTRO + "\n".join(lines) + "\n"


def generated() -> dict[str, str]:
    """Every generated file, by name inside docs/."""
    return {"lesson-format.md": reference(), "labels.md": labels_reference(), **schemas()}


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    for name, text in generated().items():
        (DOCS / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
