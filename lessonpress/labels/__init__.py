"""The words printed around a lesson's own text, one table per language, which a teacher's labels.yaml may override."""

from __future__ import annotations

import string
from fractions import Fraction
from functools import cache
from pathlib import Path

from lessonpress.errors import Diagnostic, LessonpressError, Loc, did_you_mean, display_path, escaped
from lessonpress.glyphs import missing_glyphs
from lessonpress.loader import Sourced, load_yaml

HERE = Path(__file__).parent
NBSP = "\u00a0"
USER_FILE = "labels.yaml"
"""The name of a teacher's own labels in the templates folder."""
PLURAL = ("one", "other")

Value = str | tuple[str, str]
"""A label: its text, or its (one, other) forms for a number."""


def languages() -> dict[str, str]:
    """The languages lessonpress prints, by code: {"en": "English", "es": "Español"}."""
    return {code: _builtin(code)[0]["language"] for code in _codes()}


def _codes() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.yaml"))


def is_language(code: str) -> bool:
    """Whether lessonpress prints `code` (found without reading its labels)."""
    return code in _codes()


def unknown_language(code: str) -> str:
    """The message for a `language:` lessonpress has no labels for."""
    have = ", ".join(f"{c} ({name})" for c, name in languages().items())
    hint = did_you_mean(code, _codes()) or ";"
    return f"lessonpress has no labels for the language {escaped(code)}{hint} use one of: {have}"


def _fields(text: str) -> list[str] | str:
    """The {names} a label's text uses, or what is wrong with its braces."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "a '{' or '}' without its partner (write {{ or }} to print a brace)"
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return f"'{{{name}{':' + spec if spec else ''}}}' is not a word in braces such as {{n}}"
        names.append(name)
    return names


def _read(src: Sourced, allowed: dict[str, tuple[list[str], bool]] | None) -> tuple[dict[str, Value], list[Diagnostic]]:
    """The labels of one file, and its mistakes; `allowed` gives each known key's {names} and whether it counts."""
    problems: list[Diagnostic] = []
    if not isinstance(src.data, dict):
        return {}, [Diagnostic(src.loc(()), "a labels file is a list of lines such as 'key_terms: Vocabulary'",
                               "labels.shape")]
    table: dict[str, Value] = {}
    for key, value in src.data.items():
        where = src.loc((key,), key=True)
        if allowed is not None and key not in allowed:
            hint = did_you_mean(key, list(allowed)) or "."
            problems.append(Diagnostic(where, f"there is no label {escaped(key)}{hint} The labels are listed in "
                                       "docs/labels.md", "labels.key"))
            continue
        names, counts = allowed[key] if allowed is not None else (None, isinstance(value, dict))
        if isinstance(value, dict):
            if not counts:
                problems.append(Diagnostic(src.loc((key,)), f"'{key}' is one text, not 'one:' and 'other:'",
                                           "labels.value"))
                continue
            extra = [k for k in value if k not in PLURAL]
            if extra or not all(k in value for k in PLURAL):
                problems.append(Diagnostic(src.loc((key,)), f"'{key}' needs exactly 'one:' and 'other:'"
                                           + (f", got {escaped(extra[0])}{did_you_mean(extra[0], PLURAL)}"
                                              if extra else ""), "labels.value"))
                continue
            forms = [(value[k], (key, k)) for k in PLURAL]
        elif isinstance(value, str):
            forms = [(value, (key,))]
        else:
            problems.append(Diagnostic(src.loc((key,)), f"'{key}' must be text, not a list", "labels.value"))
            continue
        bad = False
        for text, path in forms:
            if not isinstance(text, str):
                problems.append(Diagnostic(src.loc(path), f"'{key}' must be text, not a list", "labels.value"))
                bad = True
                continue
            used = _fields(text)
            if isinstance(used, str):
                problems.append(Diagnostic(src.loc(path), f"'{key}': {used}", "labels.braces"))
                bad = True
            elif key == "page" and not text.rstrip().endswith("{total}"):
                problems.append(Diagnostic(src.loc(path), "'page' must end with {total} (the page count is printed "
                                           "last)", "labels.braces"))
                bad = True
            elif names is not None and (unknown := [n for n in used if n not in names]):
                may = " and ".join(f"{{{n}}}" for n in names) if names else "no words in braces"
                problems.append(Diagnostic(src.loc(path), f"'{key}' may use {may}, not {{{unknown[0]}}}"
                                           f"{did_you_mean(unknown[0], names)}", "labels.braces"))
                bad = True
        if not bad:
            table[key] = (value["one"], value["other"]) if isinstance(value, dict) else value
    return table, problems


@cache
def _builtin(code: str) -> tuple[dict[str, Value], dict[str, tuple[list[str], bool]]]:
    """A shipped language's labels, and each key's {names} and whether it counts something."""
    table, problems = _read(load_yaml(HERE / f"{code}.yaml"), None)
    if problems:  # pragma: no cover - the shipped files are checked by the tests
        raise LessonpressError(problems)
    shape = {}
    for key, value in table.items():
        texts = value if isinstance(value, tuple) else (value,)
        shape[key] = (sorted({n for t in texts for n in _fields(t)}), isinstance(value, tuple))
    return table, shape


class LabelError(LookupError):
    """A label asked for that does not exist, or without what it needs (a template's mistake)."""

    def __str__(self) -> str:
        return str(self.args[0])


def _count_form(number: int | Fraction) -> int:
    """Which plural form a number takes: 0 ("one": 1 or less, above 0) or 1 ("other")."""
    return 0 if 0 < number <= 1 else 1


class Labels:
    """The labels of one language, with a teacher's own labels.yaml (if any) laid over them."""

    def __init__(self, language: str = "en", user_dir: Path | None = None):
        if language not in _codes():
            raise LessonpressError([Diagnostic(Loc("course.yaml"), unknown_language(language), "course.language")])
        self.language = language
        english, shape = _builtin("en")
        table, _ = _builtin(language)
        missing = [k for k in english if k not in table]
        if missing:  # pragma: no cover - the shipped files are checked by the tests
            raise LessonpressError([Diagnostic(Loc(display_path(HERE / f"{language}.yaml")),
                                               f"labels missing: {', '.join(missing)}", "labels.missing")])
        self.table = dict(table)
        self.source = dict.fromkeys(table, display_path(HERE / f"{language}.yaml"))
        self.warnings: list[Diagnostic] = []
        """What a teacher's labels.yaml should know: a character the PDF fonts cannot draw, a dropped comment."""
        own = user_dir / USER_FILE if user_dir is not None else None
        if own is not None and own.is_file():
            src = load_yaml(own)
            overrides, problems = _read(src, {k: v for k, v in shape.items() if k != "language"})
            if problems:
                raise LessonpressError(problems)
            self.warnings = [*src.warnings, *missing_glyphs(src.scalars)]
            self.table.update(overrides)
            self.source.update(dict.fromkeys(overrides, display_path(own)))
        self.shape = shape

    def keys(self) -> list[str]:
        return list(self.shape)

    def pattern(self, key: str, number: int | Fraction | None = None) -> str:
        """A label's text before its {names} are filled in (its "one" or "other" form for `number`)."""
        if key not in self.table:
            raise LabelError(f"there is no label '{key}'{did_you_mean(key, self.keys())}")
        value = self.table[key]
        if isinstance(value, tuple):
            if number is None:
                raise LabelError(f"the label '{key}' counts something: give it count=")
            return value[_count_form(number)]
        return value

    def text(self, key: str, count: int | Fraction | None = None, nowrap: bool = False, **values: object) -> str:
        """A label with its {names} filled in; `count` picks "one" or "other" (and is {n} unless given);
        `nowrap` keeps the label's own words on one line (its spaces become non-breaking)."""
        pattern = self.pattern(key, count)
        if nowrap:
            pattern = pattern.replace(" ", NBSP)
        if count is not None:
            values.setdefault("n", count)
        try:
            return pattern.format(**values)
        except KeyError as exc:
            raise LabelError(f"the label '{key}' needs {{{exc.args[0]}}}") from None

    __call__ = text
