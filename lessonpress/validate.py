"""Turns loaded YAML into a Course and Lessons, mapping every problem back to the user's file:line:col."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from lessonpress import figures as figs
from lessonpress.citations import Citation, find_citations, parse_citation
from lessonpress.errors import Diagnostic, LessonpressError, Loc, Report, did_you_mean, display_path, escaped
from lessonpress.filenames import refused
from lessonpress.glyphs import missing_glyphs
from lessonpress.labels import is_language, unknown_language
from lessonpress.lint import label, lint_lessons
from lessonpress.loader import Path_, Sourced, load_yaml
from lessonpress.references import Paragraph, reading_paragraphs, resolve
from lessonpress.schema import LETTERS, QUESTION_TYPES, Course, Lesson

COURSE_FILE = "course.yaml"
KINDS = {"questions": "question", "vocabulary": "vocabulary", "timeline": "timeline", "people": "person",
         "reading": "reading", "objectives": "objective", "works_cited": "works-cited", "plan": "plan",
         "figures": "figure", "documents": "document"}


@dataclass
class LoadedLesson:
    """A validated lesson (its references resolved) with its source marks, its numbered reading and the names
    of the sources its citations may give (course.yaml's and its own works cited)."""

    lesson: Lesson
    source: Sourced
    paragraphs: list[Paragraph] = field(default_factory=list)
    sources: tuple[str, ...] = ()
    figures: tuple[figs.PlacedFigure, ...] = ()

    def loc(self, *path: str | int, key: bool = False) -> Loc:
        return self.source.loc(path, key=key)


def _inner_models(annotation: object) -> list[type[BaseModel]]:
    """The BaseModel classes an annotation may hold (through Optional, tuple, list, Annotated, Union)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_inner_models(arg))
    return out


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Walk a pydantic error location to the model that owns its last field."""
    model: type[BaseModel] | None = root
    pending: list[type[BaseModel]] = []
    for part in loc:
        if isinstance(part, int):
            continue
        if pending and part in QUESTION_TYPES:
            model, pending = QUESTION_TYPES[part], []
            continue
        if model is None or part not in model.model_fields:
            return model
        inner = _inner_models(model.model_fields[part].annotation)
        if len(inner) == 1:
            model, pending = inner[0], []
        elif inner:
            model, pending = None, inner
        else:
            return model
    return model


def _data_path(data: object, loc: tuple) -> tuple[Path_, bool]:
    """The part of a pydantic location that exists in the data, and whether all of it did."""
    path: list[str | int] = []
    complete = True
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            path.append(part)
        elif isinstance(part, str) and part in QUESTION_TYPES:
            continue
        else:
            complete = False
    return tuple(path), complete


def _code(context: str, path: Path_, field_name: str | None = None) -> str:
    kind = context
    names: list[str] = []
    for part in path:
        if isinstance(part, str):
            if part in KINDS and kind == context:
                kind = KINDS[part]
                names = []
            else:
                names.append(part)
    if field_name and (not names or names[-1] != field_name):
        names.append(field_name)
    return ".".join([kind, *names]) if names else kind


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return escaped(str(value))


def _where(src: Sourced, path: Path_) -> str:
    """" (Part B, question 9)" for a place inside a question: the part and number the worksheet prints."""
    questions = src.data.get("questions") if isinstance(src.data, dict) else None
    if len(path) > 1 and path[0] == "documents" and isinstance(path[1], int) and path[1] < len(LETTERS):
        inner = f", question {path[3] + 1}" if len(path) > 3 and path[2] == "questions" and isinstance(path[3], int) \
            else ""
        return f" (Document {LETTERS[path[1]]}{inner})"
    for i, part in enumerate(path):
        if part == "questions" and i + 1 < len(path) and isinstance(path[i + 1], int) and isinstance(questions, list):
            return f" ({label([q.get('type') if isinstance(q, dict) else None for q in questions], path[i + 1])})"
    return ""


def _inherited_cite_echo(data: object, loc: tuple, errors: list) -> bool:
    """Whether an error is at the citation a document's question took from its document (it has no `cite:` of
    its own) while the document's own `cite` has an error too: the same mistake again, at the wrong line."""
    if len(loc) < 5 or loc[0] != "documents" or loc[2] != "questions" or "cite" not in loc[4:6]:
        return False
    try:
        question = data["documents"][loc[1]]["questions"][loc[3]]
    except (KeyError, IndexError, TypeError):
        return False
    own = isinstance(question, dict) and "cite" in question
    return not own and any(tuple(e["loc"][:3]) == ("documents", loc[1], "cite") for e in errors)


def map_errors(exc: ValidationError, src: Sourced, root: type[BaseModel], context: str, report: Report) -> None:
    """Report each pydantic error at the user's file:line:col with a plain-English message."""
    errors = exc.errors()
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "too_short" and any(len(e["loc"]) > len(loc) and tuple(e["loc"][:len(loc)]) == loc
                                       for e in errors):
            continue  # pydantic's echo of failed items ("0 items after validation"), not a real problem
        if _inherited_cite_echo(src.data, loc, errors):
            continue  # a document's wrong cite, which its questions share: said once, at the document
        path, complete = _data_path(src.data, loc)
        value = _lookup(src.data, path)
        field_name = next((p for p in reversed(loc) if isinstance(p, str) and p not in QUESTION_TYPES), None)
        model = _model_at(root, loc[:-1]) if loc else root
        if kind == "extra_forbidden":
            allowed = sorted(model.model_fields) if model else []
            report.error(src.loc(path, key=True),
                         f"unknown field '{field_name}'{did_you_mean(str(field_name), allowed)}"
                         f" (expected one of: {', '.join(allowed)})",
                         _code(context, path[:-1], "unknown-field"))
        elif kind == "missing":
            if isinstance(value, dict) and model and difflib.get_close_matches(
                    str(field_name), [k for k in value if k not in model.model_fields], n=1, cutoff=0.75):
                continue  # a misspelt key: its "unknown field … did you mean" says it once
            owner = f"{_model_label(model)}" if model else "this item"
            shared = "; give the question a 'cite:' or its document one, which its questions share" \
                if field_name == "cite" and path[:1] == ("documents",) else ""
            report.error(src.loc(path), f"missing required field '{field_name}' in {owner}{_where(src, path)}"
                         f"{shared}", _code(context, path, field_name))
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            got = value.get("type") if isinstance(value, dict) else None
            types_ = ", ".join(QUESTION_TYPES)
            typo = _misspelt(value, "type") if got is None else None
            if typo:
                report.error(src.loc(path + (typo,), key=True), f"unknown field '{typo}'; did you mean 'type'? "
                             f"(expected 'type: ' and one of: {types_})", _code(context, path, "unknown-field"))
            elif kind == "union_tag_not_found" or got is None:
                report.error(src.loc(path), f"question has no 'type' (expected one of: {types_})",
                             _code(context, path, "type"))
            else:
                report.error(src.loc(path + ("type",)),
                             f"unknown question type '{got}'{did_you_mean(str(got), list(QUESTION_TYPES))}"
                             f" (expected one of: {types_})", _code(context, path, "type"))
        elif shape := _shape(kind, value, src, path, str(field_name), _model_at(root, loc)):
            report.error(shape[0], f"{shape[1]}{_where(src, path)}",
                         shape[2] or _code(context, path, None if complete else field_name))
        else:
            report.error(src.loc(path), f"'{field_name}' {_explain(kind, err, value)}{_where(src, path)}",
                         _code(context, path, None if complete else field_name))


def _misspelt(value: object, name: str) -> str | None:
    """The key of a group of fields that looks like a misspelling of `name`, if any."""
    if not isinstance(value, dict):
        return None
    close = difflib.get_close_matches(name, [str(k) for k in value], n=1, cutoff=0.6)
    return close[0] if close else None


def _shape(kind: str, value: object, src: Sourced, path: Path_, name: str,
           model: type[BaseModel] | None) -> tuple[Loc, str, str | None] | None:
    """Where and how to say that text was given where a list belongs, or the reverse, in the words of the
    mistake that usually causes it; None for other mistakes. The code is None where the field's own fits."""
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        key_at, value_at = src.loc(path + (key,), key=True), src.loc(path + (key,))
        if key_at.line == value_at.line == src.loc(path).line and isinstance(inner, str) and isinstance(path[-1], int):
            return (Loc(key_at.path, key_at.line, key_at.col + len(key)), "this text contains ': ' (a colon and a "
                    "space), which YAML reads as a field name and its value; put the whole text in double quotes: "
                    f"{escaped(chr(34) + key + ': ' + inner + chr(34))[1:-1]}", "yaml.colon-in-text")
    if kind == "string_type" and isinstance(value, list):
        return (src.loc(path), f"'{name}' must be text, not a list; write the text after '{name}: ' without "
                "'- ' or [ ]", None)
    if kind in ("tuple_type", "list_type") and isinstance(value, str):
        first = " (the first item has no '- ' in front)" if " - " in value else ""
        return (src.loc(path), f"'{name}' must be a list, got the text {escaped(value, 40)}{first}; put each item "
                "on its own line under it, starting with '- ', or put them in [ ] with commas between", None)
    if kind in ("tuple_type", "list_type") and isinstance(value, dict):
        more = "…" if len(value) > 3 else ""
        return (src.loc(path), f"'{name}' must be a list, got fields ({', '.join(map(str, list(value)[:3]))}{more}); "
                "start each item with '- ' and no name before it"
                f"{' (the letters A, B, C… are printed for you)' if name == 'choices' else ''}", None)
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, str) and model:
        fields = [f for f, info in model.model_fields.items() if info.is_required()] or list(model.model_fields)
        named = [f"'{f}: …'" for f in fields[:3]]
        such = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
        return (src.loc(path), f"each item of '{name}' must be a group of fields such as {such}, one to a line, "
                f"got the text {escaped(value, 40)}", None)
    if value is None and path in src.comments and kind in ("string_type", "int_type", "list_type", "tuple_type"):
        return (src.comments[path], f"'{name}' is empty because the words after '#' are a comment to YAML; put "
                "the whole text in double quotes", None)
    return None


def _model_label(model: type[BaseModel]) -> str:
    for name, cls in QUESTION_TYPES.items():
        if cls is model:
            return f"a {name} question"
    return {"Lesson": "the lesson", "Course": "course.yaml", "LessonPlan": "the plan",
            "Step": "a procedure step", "Figure": "a figure", "SourceDocument": "a document",
            "DocumentSource": "a document's source"}.get(model.__name__, f"this {model.__name__} entry")


def _explain(kind: str, err: dict, value: object) -> str:
    ctx = err.get("ctx") or {}
    got = _describe(value)
    if kind == "lesson_value":
        return err["msg"]
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {got}"
    if kind in ("string_type",):
        return f"must be text, got {got}"
    if kind in ("tuple_type", "list_type"):
        return f"must be a list (lines starting with '- '), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a group of fields (name: value lines), got {got}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"takes at most {ctx.get('max_length')} item(s), got {ctx.get('actual_length')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {got}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {got}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {got}"
    if kind == "string_pattern_mismatch":
        return f"must use only lowercase letters, digits and hyphens, got {got}"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    return f"{err['msg'].lower()}, got {got}"


def _lookup(data: object, path: Path_) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def validate_course(src: Sourced, report: Report) -> Course | None:
    if not isinstance(src.data, dict):
        report.error(src.loc(()), "course.yaml must be a group of fields such as 'title:' and 'works_cited:'",
                     "course")
        return None
    try:
        course = Course.model_validate(src.data)
    except ValidationError as exc:
        map_errors(exc, src, Course, "course", report)
        return None
    if not is_language(course.language):
        report.error(src.loc(("language",)), unknown_language(course.language), "course.language")
        return None
    return course


def validate_lesson(src: Sourced, report: Report, course: Course | None = None,
                    pictures: bool = True) -> LoadedLesson | None:
    """The lesson checked and its references resolved; `pictures` False leaves its figures' files unread (a
    neighbour read only for its citations)."""
    if not isinstance(src.data, dict):
        report.error(src.loc(()), "a lesson must be a group of fields such as 'id:', 'title:', 'questions:'",
                     "lesson")
        return None
    try:
        lesson = Lesson.model_validate(src.data)
    except ValidationError as exc:
        map_errors(exc, src, Lesson, "lesson", report)
        return None
    if not lesson.question_count:  # the worksheet would be empty
        given = isinstance(src.data, dict) and "questions" in src.data
        report.error(src.loc(("questions",) if given else ()), "a lesson needs at least one question: list them "
                     "under 'questions:' (or under a document's 'questions:')", "lesson.questions")
        return None
    sources = tuple(dict.fromkeys(w.name for w in (*(course.works_cited if course else ()), *lesson.works_cited)))
    paragraphs = reading_paragraphs(src, lesson, lambda text: tuple(c for _, _, c in find_citations(text, sources)))
    placed = figs.place(lesson, src, paragraphs, report)
    resolved = resolve(lesson, src, paragraphs, report, figs.numbers(lesson, placed))
    figures = figs.read_pictures(lesson, src, placed, report) if pictures else tuple(placed)
    return LoadedLesson(resolved, src, paragraphs, sources, figures)


def check_course(lessons: list[LoadedLesson], report: Report, neighbours: list[LoadedLesson] = (),
                 course_file: str = COURSE_FILE, complete: bool = True) -> None:
    """Checks that span fields or lessons: the plan's timing, unique ids, citations.

    `neighbours` are the other lessons of the course, read only so that a synthesis lesson's
    citations can be found in the readings of the lessons they come from; `complete` is False when
    one of them could not be read, so a citation not found is not blamed on the lesson that makes it."""
    seen: dict[str, LoadedLesson] = {}
    for ll in lessons:
        lesson = ll.lesson
        if lesson.id in seen:
            report.error(ll.loc("id"), f"lesson id '{lesson.id}' is already used by "
                         f"{seen[lesson.id].source.file}; each lesson needs its own", "lesson.id")
        seen[lesson.id] = ll
        why = refused(lesson.id)
        if why:
            report.error(ll.loc("id"), f"lesson id '{lesson.id}' names the lesson's output folder, but {why}; "
                         f"choose another id, e.g. '{lesson.id}-lesson'", "lesson.id-name")
        if lesson.plan is not None:
            minutes = [step.minutes for step in lesson.plan.procedure]
            total, gap = sum(minutes), lesson.duration - sum(minutes)
            if gap:
                report.error(ll.loc("plan", "procedure", key=True),
                             f"the procedure's minutes add up to {total} ({' + '.join(map(str, minutes))}), but the "
                             f"lesson's 'duration' is {lesson.duration}: the steps are {abs(gap)} minute"
                             f"{'s' if abs(gap) != 1 else ''} {'short' if gap > 0 else 'over'}", "plan.procedure")
    check_citations(lessons, report, neighbours, course_file, complete)


def _unknown_source(name: str, ll: LoadedLesson, course_file: str) -> str:
    """Which sources are listed, the nearest one, and where to add a new one."""
    near = did_you_mean(name, list(ll.sources))
    return (f"the works cited ({', '.join(ll.sources)}){near}{' If' if near else '; if'} it is a new source, add "
            f"'- author: {name}' and its 'entry:' under 'works_cited:' in {course_file} or in this lesson")


def check_citations(lessons: list[LoadedLesson], report: Report, neighbours: list[LoadedLesson] = (),
                    course_file: str = COURSE_FILE, complete: bool = True) -> None:
    """Every citation names a listed source, and a question's citation is made in the paragraph it names."""
    all_cites = [c for ll in [*lessons, *neighbours] for c in [*(c for p in ll.paragraphs for c in p.cites),
                                                                *_documents_read(ll)]]
    inline: dict[str, list[Citation]] = {}  # a source pasted without citations in it is not compared with them
    for c in all_cites:
        inline.setdefault(c.source, []).append(c)
    for ll in lessons:
        lesson = ll.lesson
        check = bool(ll.sources)  # with no works cited anywhere, citations are not checked against a list
        cited: list[tuple[Path_, str]] = []
        for i, ev in enumerate(lesson.timeline):
            if ev.cite:
                cited.append((("timeline", i, "cite"), ev.cite))
        types = [q.type for q in lesson.questions]
        for qi, q in enumerate(lesson.questions):
            raw = ll.source.data["questions"][qi]["cite"]
            for ci, text in enumerate(q.cite):
                cited.append((("questions", qi, "cite") + (() if isinstance(raw, str) else (ci,)), text))
            named = [ll.paragraphs[n - 1] for n in q.paragraph or () if n <= len(ll.paragraphs)]
            if named:
                _check_named(ll, qi, named, check, report, label(types, qi))
        cited += _document_cites(ll)
        for path, text in cited:
            cite = parse_citation(text)
            if cite is None:
                continue
            if check and cite.source not in ll.sources:
                report.error(ll.source.loc(path), f"'{cite.source}' is not a source in "
                             f"{_unknown_source(cite.source, ll, course_file)}", "cite.author")
            elif complete and cite.source in inline and not any(cite.within(c) for c in inline[cite.source]) \
                    and not _checked_by_paragraph(ll, path):
                report.warning(ll.source.loc(path), f"'{text}' is not cited in the reading of any lesson "
                               "being built; check the page", "cite.not-in-reading")
        for p in ll.paragraphs:
            for c in p.cites:
                if check and c.source not in ll.sources:
                    report.error(p.loc or ll.loc("reading", p.number - 1),
                                 f"reading paragraph {p.number} cites '{c.source}', who is not in "
                                 f"{_unknown_source(c.source, ll, course_file)}",
                                 "reading.cite")


def _documents_read(ll: LoadedLesson) -> list:
    """What students read besides the reading: the citations in each document's excerpt, and the citation each
    document is taken from (a question citing the page its document quotes rests on what students have read)."""
    out = []
    for doc in ll.lesson.documents:
        for text in doc.excerpt:
            out += [c for _, _, c in find_citations(text, ll.sources)]
        cite = parse_citation(doc.cite) if doc.cite else None
        if cite is not None:
            out.append(cite)
    return out


def _document_cites(ll: LoadedLesson) -> list[tuple[Path_, str]]:
    """The citations a lesson's documents make, each at its place (a question's inherited one is its document's)."""
    out: list[tuple[Path_, str]] = []
    data = ll.source.data.get("documents") if isinstance(ll.source.data, dict) else None
    for d, doc in enumerate(ll.lesson.documents):
        if doc.cite:
            out.append((("documents", d, "cite"), doc.cite))
        raws = data[d].get("questions") if isinstance(data, list) and isinstance(data[d], dict) else None
        for qi, q in enumerate(doc.questions):
            raw = raws[qi].get("cite") if isinstance(raws, list) and isinstance(raws[qi], dict) else None
            if raw is None:
                continue  # its document's citation, checked there
            at: Path_ = ("documents", d, "questions", qi, "cite")
            out += [(at + (() if isinstance(raw, str) else (ci,)), text) for ci, text in enumerate(q.cite)]
    return out


def _check_named(ll: LoadedLesson, qi: int, named: list[Paragraph], check: bool, report: Report,
                 name: str) -> None:
    """A question's citations agree with the paragraphs it names: their pages are cited there, or, for a source
    the reading does not cite inline (a speech pasted from the web), a "par. N" is one of those paragraphs."""
    q = ll.lesson.questions[qi]
    numbers = ", ".join(str(p.number) for p in named)
    for text in q.cite:
        cite = parse_citation(text)
        if cite is None or (check and cite.source not in ll.sources):
            continue
        if not any(c.source == cite.source for p in ll.paragraphs for c in p.cites):
            if cite.paragraphs and not set(cite.paragraphs) <= {p.number for p in named}:
                report.error(ll.loc("questions", qi, "cite"),
                             f"'{text}' names a paragraph other than the question's own (reading paragraph {numbers})"
                             f"; is one of the numbers out of date? ({name})", "question.cite")
        elif not any(cite.within(c) for p in named for c in p.cites):
            have = ", ".join(dict.fromkeys(c.text for p in named for c in p.cites)) or "no citations"
            report.error(ll.loc("questions", qi, "cite"), f"'{text}' is not cited in reading paragraph {numbers} "
                         f"(it cites {have}) ({name})", "question.cite")


def awaiting_review(lessons: list[LoadedLesson]) -> list[Diagnostic]:
    """A note for every item that still carries a `review:` line (drafted by `lessonpress new`)."""
    notes = []
    for ll in lessons:
        lesson = ll.lesson
        groups: list[tuple[str, str, tuple]] = [("vocabulary", "key term", lesson.vocabulary),
                                                 ("timeline", "timeline event", lesson.timeline),
                                                 ("people", "person", lesson.people),
                                                 ("questions", "question", lesson.questions)]
        if lesson.review:
            notes.append(Diagnostic(ll.loc("review"), f"the lesson awaits review: {lesson.review}",
                                    "review.pending", "note"))
        for name, kind, items in groups:
            for i, item in enumerate(items):
                if item.review:
                    notes.append(Diagnostic(ll.loc(name, i, "review"), f"{kind} {i + 1} awaits review: "
                                            f"{item.review}", "review.pending", "note"))
        for d, doc in enumerate(lesson.documents):
            for path, item, what in [(("documents", d), doc, f"Document {LETTERS[d]}"),
                                     *((("documents", d, "questions", qi), q, f"Document {LETTERS[d]}, question "
                                        f"{qi + 1},") for qi, q in enumerate(doc.questions))]:
                if item.review:
                    notes.append(Diagnostic(ll.loc(*path, "review"), f"{what} awaits review: {item.review}",
                                            "review.pending", "note"))
    return notes


def _checked_by_paragraph(ll: LoadedLesson, path: Path_) -> bool:
    """A question that names its paragraph already gets a sharper error about its citation."""
    return path[0] == "questions" and ll.lesson.questions[path[1]].paragraph is not None  # type: ignore[index]


@dataclass
class Project:
    """Everything a run reads: the course settings and every lesson, validated."""

    course: Course
    lessons: list[LoadedLesson]
    report: Report
    course_source: Sourced | None = None


DEFAULT_COURSE = Course(title="Lessons")


def lesson_files(paths: list[Path], lessons_dir: Path) -> list[Path]:
    """The lesson files a run covers: the paths given (files or folders), or every lessons/*.yaml."""
    found: list[Path] = []
    for p in paths or [lessons_dir]:
        if p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.name != COURSE_FILE
                                and not q.name.startswith(".")))  # "._x.yaml": macOS metadata on shared drives
        elif p.name != COURSE_FILE:
            found.append(p)
    return found


def load_project(paths: list[Path], lessons_dir: Path) -> Project:
    """Load and validate the course and all lessons; every problem goes into the report."""
    report = Report()
    files = lesson_files(paths, lessons_dir)
    given = [p for p in paths if p.name == COURSE_FILE]
    candidates = given or [d / COURSE_FILE for d in sorted({f.parent for f in files})] + [lessons_dir / COURSE_FILE]
    course = DEFAULT_COURSE
    course_source = None
    for cf in candidates:
        if cf.is_file():
            try:
                course_source = load_yaml(cf)
                report.items.extend(course_source.warnings)
                course = validate_course(course_source, report) or course
            except LessonpressError as exc:
                report.items.extend(exc.diagnostics)
            break
    if not files:
        where = paths[0] if len(paths) == 1 else lessons_dir
        report.error(Loc(display_path(where)), "no lesson files (*.yaml) found", "file.no-lessons")
    lessons: list[LoadedLesson] = []
    for f in files:
        if not f.exists():
            report.error(Loc(display_path(f)), "no such file", "file.missing")
            continue
        try:
            src = load_yaml(f)
        except LessonpressError as exc:
            report.items.extend(exc.diagnostics)
            continue
        report.items.extend(src.warnings)
        ll = validate_lesson(src, report, course)
        if ll:
            lessons.append(ll)
    course_file = course_source.file if course_source else display_path(lessons_dir / COURSE_FILE)
    others = _other_files(files, lessons_dir)
    neighbours = _neighbours(others, course)
    complete = len(lessons) == len(files) and len(neighbours) == len(others)
    check_course(lessons, report, neighbours, course_file, complete)
    report.items.extend(lint_lessons(lessons, neighbours, complete))
    sources = [ll.source for ll in lessons] + ([course_source] if course_source else [])
    unprinted = {ll.loc("figures", i, "alt") for ll in lessons for i in range(len(ll.lesson.figures))}
    report.items.extend(missing_glyphs([s for src in sources for s in src.scalars
                                        if s[0] not in unprinted]))  # alt text is read aloud, never printed
    return Project(course, lessons, report, course_source)


def _other_files(files: list[Path], lessons_dir: Path) -> list[Path]:
    """The other lesson files in the same folders as the lessons of a run."""
    given = {f.resolve() for f in files}
    return [f for f in lesson_files(sorted({f.parent for f in files} | {lessons_dir}), lessons_dir)
            if f.resolve() not in given]


def _neighbours(others: list[Path], course: Course) -> list[LoadedLesson]:
    """The other valid lessons in the same folders, for cross-lesson checks only."""
    out = []
    for f in others:
        try:
            ll = validate_lesson(load_yaml(f), Report(), course, pictures=False)
        except LessonpressError:
            continue
        if ll:
            out.append(ll)
    return out


