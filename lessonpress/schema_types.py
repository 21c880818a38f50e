"""The lesson format's building blocks: its text, citation, label and paragraph types, with the checks that
give a teacher a plain message, and `Strict`, the base of every model (see schema.py)."""

from __future__ import annotations

import re
from typing import Annotated, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

import lessonpress.compat.pydantic  # noqa: F401  before any model validates (it spares pydantic's plugin search)
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
