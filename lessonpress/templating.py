"""Teacher-editable wording: sandboxed Jinja2 templates rendered into document-model inlines."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from lessonpress.errors import Diagnostic, LessonpressError, Loc, did_you_mean, display_path, one_line
from lessonpress.labels import LabelError, Labels
from lessonpress.model import Blank, Emph, Inline, Inlines, Strong, Text

BUILTIN = Path(__file__).parent / "templates"
_TAG = re.compile(r"<(/?)(b|i|blank)((?:\s+\w+=\"[^\"]*\")*)\s*(/?)>|<[^>]*>")
FIELDS = ("name", "date", "period")
"""The header blanks a class set can stamp: <blank name="name"/>, <blank name="period"/> (date is never stamped)."""


class _Missing(jinja2.UndefinedError):
    """A name or attribute a template used that is not there (raised instead of Jinja's own message)."""

    def __init__(self, owner: object, name: object):
        super().__init__(str(name))
        self.owner, self.name = owner, name


class _Undefined(jinja2.StrictUndefined):
    def _fail_with_undefined_error(self, *args, **kwargs):
        raise _Missing(self._undefined_obj, self._undefined_name)


# Jinja binds its failing operators (printing, comparing, adding…) to the base class's method: bind ours instead
for _name, _method in vars(jinja2.StrictUndefined).items() | vars(jinja2.Undefined).items():
    if _method is jinja2.Undefined._fail_with_undefined_error and _name != "_fail_with_undefined_error":
        setattr(_Undefined, _name, _Undefined._fail_with_undefined_error)


def _fields_of(value: object) -> list[str]:
    """What a template may read from a value: a model's fields, a mapping's keys."""
    if hasattr(type(value), "model_fields"):
        return list(type(value).model_fields)
    if isinstance(value, dict):
        return [str(k) for k in value]
    return []


def _missing_message(exc: _Missing, context: dict[str, object]) -> str:
    """"'course' has no 'titel'; did you mean 'title'? Course has: title, teacher…", in a teacher's words."""
    variables = sorted(context)
    if exc.owner is jinja2.utils.missing:
        name = str(exc.name)
        hint = did_you_mean(name, variables) or "."
        return (f"'{name}' is not a variable here{hint} The variables here are: "
                f"{', '.join(variables)}.")
    owner = next((k for k, v in context.items() if v is exc.owner), None)
    fields = _fields_of(exc.owner)
    what = f"'{owner}'" if owner else "this value"
    if not fields:
        return f"there is no '{exc.name}' in this value. The variables here are: {', '.join(variables)}."
    hint = did_you_mean(str(exc.name), fields) or "."
    return (f"{what} has no '{exc.name}'{hint} {(owner or 'it').capitalize()} "
            f"has: {', '.join(fields)}.")


MAX_SECONDS = 10.0
"""How long one template may run: the built-ins take a millisecond; longer is a loop that would not end."""
MAX_OUTPUT = 1_000_000
"""Characters one template may print: a page holds a few thousand."""


class TemplateLimit(Exception):
    """A template ran too long or printed too much (shown located, like any other template error)."""


class _Bounded(SandboxedEnvironment):
    """The sandbox, with a limit on each render's time and output, so a template that loops or prints without
    end is stopped with a located error. Time is checked at every call and attribute a template makes, and at
    every piece of output (a loop with neither repeats nothing that could take long)."""

    deadline = 0.0

    def render(self, template: jinja2.Template, context: dict) -> str:
        self.deadline = time.monotonic() + MAX_SECONDS
        out, size = [], 0
        for piece in template.generate(**context):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"it printed more than {MAX_OUTPUT:,} characters (a loop without end?)")
            self.tick()
            out.append(piece)
        return "".join(out)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"it ran for more than {MAX_SECONDS:g} seconds (a loop without end?)")

    def call(self, __context, __obj, *args, **kwargs):
        self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        self.tick()
        return super().getattr(obj, attribute)


_PLAIN = (str, int, bool, type(None))
"""Values whose rendering a template cannot change, and that say all there is to them when compared (Markup and
other kinds of str are left out: they print differently)."""


class Templates:
    """Finds templates in the user's folder first, then the built-ins (reachable as "!builtin/NAME")."""

    def __init__(self, user_dir: Path | None = None, language: str = "en"):
        self.user_dir = user_dir
        self.labels = Labels(language, user_dir)
        loaders: list[jinja2.BaseLoader] = []
        if user_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(user_dir)))
        loaders.append(jinja2.FileSystemLoader(str(BUILTIN)))
        loaders.append(jinja2.PrefixLoader({"!builtin": jinja2.FileSystemLoader(str(BUILTIN))}))
        # auto_reload off: a Templates lives for one run (preview makes one per rebuild), so the file of a template
        # already compiled need not be looked at again on every use
        self.env = _Bounded(
            loader=jinja2.ChoiceLoader(loaders), undefined=_Undefined, autoescape=True,
            trim_blocks=True, lstrip_blocks=True, auto_reload=False)
        self._rendered: dict[tuple, list[Inlines]] = {}

    def label(self, key: str, count: object = None, **values: object) -> Markup:
        """`label("points", count=3)` in a template: a label with its {names} filled in; values set in the
        template with markup (`{% set x %}<b>…</b>{% endset %}`) keep it, any other text is printed as it is."""
        pattern = self.labels.pattern(key, count)  # type: ignore[arg-type]
        if count is not None:
            values.setdefault("n", count)
        try:
            return Markup(escape(pattern)).format(**values)
        except KeyError as exc:
            raise LabelError(f"the label '{key}' needs {{{exc.args[0]}}}") from None

    def location(self, name: str) -> Loc:
        """Where a template comes from: the user's copy if there is one, else the built-in."""
        return self._where(name, None)

    def _where(self, name: str, line: int | None) -> Loc:
        for folder in ([self.user_dir] if self.user_dir else []) + [BUILTIN]:
            if (folder / name).is_file():
                return Loc(display_path(folder / name), line or 0, 1 if line else 0)
        return Loc(name, line or 0, 1 if line else 0)

    def lines(self, name: str, **context: object) -> list[Inlines]:
        """Render a template; each non-empty output line becomes one run of inlines. A template given only
        plain text and numbers is rendered once per run for each set of them (a question group's heading is
        asked for by every document and form: 420 renders in a `check` of the course, 42 different)."""
        if all(type(v) in _PLAIN for v in context.values()):
            key = (name, *sorted((k, type(v), v) for k, v in context.items()))
            if key not in self._rendered:
                self._rendered[key] = self._lines(name, context)
            return list(self._rendered[key])
        return self._lines(name, context)

    def _lines(self, name: str, context: dict[str, object]) -> list[Inlines]:
        context = {**context, "label": self.label}
        try:
            out = self.env.render(self.env.get_template(name), context)
        except jinja2.TemplateNotFound as exc:
            raise LessonpressError([Diagnostic(Loc(display_path(self.user_dir or BUILTIN)),
                                               f"template '{exc.name}' not found", "template.missing")]) from None
        except jinja2.TemplateSyntaxError as exc:
            raise LessonpressError([Diagnostic(self._where(exc.name or name, exc.lineno),
                                               f"template syntax: {exc.message}", "template.syntax")]) from None
        except _Missing as exc:
            raise LessonpressError([Diagnostic(self._where(*_template_frame(exc, name)),
                                               _missing_message(exc, context), "template.variable")]) from None
        except LabelError as exc:
            raise LessonpressError([Diagnostic(self._where(*_template_frame(exc, name)), str(exc),
                                               "template.label")]) from None
        except TemplateLimit as exc:
            raise LessonpressError([Diagnostic(self._where(*_template_frame(exc, name)), f"template stopped: {exc}",
                                               "template.limit")]) from None
        except Exception as exc:  # whatever a template does wrong (1/0, huge ranges, typos) is the template's
            raise LessonpressError([Diagnostic(self._where(*_template_frame(exc, name)),
                                               f"the template cannot be printed: {one_line(str(exc))}",
                                               "template.render")]) from None
        try:
            return [parse_markup(line, name) for line in out.splitlines() if line.strip()]
        except LessonpressError as exc:
            raise LessonpressError([Diagnostic(self.location(name), d.message, d.code)
                                    for d in exc.diagnostics]) from None


def _template_frame(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line that raised, from Jinja's rewritten traceback."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (name, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def parse_markup(line: str, name: str = "template") -> Inlines:
    """Turn one rendered line (HTML-escaped values, plus <b>, <i> and <blank width="N" name="…"/>) into inlines."""
    stack: list[tuple[str, list[Inline]]] = [("", [])]
    pos = 0
    for m in _TAG.finditer(line):
        if m.start() > pos:
            stack[-1][1].append(Text(html.unescape(line[pos:m.start()])))
        pos = m.end()
        closing, tag, attrs, selfclose = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        if tag is None:
            raise LessonpressError([Diagnostic(Loc(name), f"unknown markup {m.group(0)!r} in template output; "
                                               "use <b>, <i> or <blank/>", "template.markup")])
        if tag == "blank":
            width = re.search(r'width="(\d+)"', attrs)
            field = re.search(r'name="([^"]*)"', attrs)
            if field and field.group(1) not in FIELDS:
                raise LessonpressError([Diagnostic(Loc(name), f"<blank name=\"{field.group(1)}\"/>: a blank's name is "
                                                   f"one of {', '.join(FIELDS)}{did_you_mean(field.group(1), FIELDS)}",
                                                   "template.markup")])
            stack[-1][1].append(Blank(int(width.group(1)) if width else 12, field.group(1) if field else ""))
        elif not closing and not selfclose:
            stack.append((tag, []))
        elif closing and len(stack) > 1 and stack[-1][0] == tag:
            tag_, children = stack.pop()
            stack[-1][1].append((Strong if tag_ == "b" else Emph)(tuple(children)))
        else:
            raise LessonpressError([Diagnostic(Loc(name), f"unbalanced {m.group(0)!r} in template output",
                                               "template.markup")])
    if pos < len(line):
        stack[-1][1].append(Text(html.unescape(line[pos:])))
    if len(stack) != 1:
        raise LessonpressError([Diagnostic(Loc(name), f"<{stack[-1][0]}> is never closed in template output",
                                           "template.markup")])
    return tuple(stack[0][1])
