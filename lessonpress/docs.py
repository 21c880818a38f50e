"""Generates docs/lesson-format.md and the JSON Schemas from schema.py, and docs/labels.md from the label
tables, so the references cannot drift."""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lessonpress.labels import _builtin, languages
from lessonpress.schema import (
    QUESTION_TYPES,
    Course,
    Criterion,
    Lesson,
    LessonPlan,
    Pair,
    Person,
    QuestionBase,
    Step,
    TimelineEvent,
    VocabularyTerm,
    WorkCited,
)

DOCS = Path(__file__).resolve().parent.parent / "docs"

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
- A message you do not understand: [troubleshooting.md](troubleshooting.md) says what to do for the
  most common ones.
"""


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
    out = [INTRO]
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
    for model in (Pair, Criterion, VocabularyTerm, TimelineEvent, Person, LessonPlan, Step):
        out += _model_section(model)
    out += ["# course.yaml", ""] + _model_section(Course, "Course")[1:] + _model_section(WorkCited)
    return "\n".join(out).rstrip() + "\n"


def schemas() -> dict[str, str]:
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
