"""Turns a read source into lesson files: safe YAML checked by the project's loader, never over a teacher's file."""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from lessonpress.citations import find_citations, parse_citation
from lessonpress.draft.items import draft, kind_values
from lessonpress.draft.source import Source
from lessonpress.draft.text import author_keys, borrow_citations, sentences
from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path
from lessonpress.loader import load_yaml
from lessonpress.schema import Course, Lesson

WIDTH = 100
HEADER = ("# yaml-language-server: $schema=../docs/lesson.schema.json\n"
          "# Drafted by `lessonpress new` from {source}.\n"
          "# Every item marked `review:` was found by rules, not written by a person: check it against\n"
          "# the source, then delete its `review:` line.\n"
          "# `lessonpress check` lists what still awaits review. Format: docs/lesson-format.md\n")


@dataclass
class Counts:
    """What `new` found and wrote, for its closing report."""

    sections: int = 0
    paragraphs: int = 0
    citations: int = 0
    dates: int = 0
    terms: int = 0
    people: int = 0
    questions: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what needs a teacher's eye
    written: list[Path] = field(default_factory=list)


def scalar(text: str, indent: int) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), folded at single spaces so long text stays
    readable; YAML reads each fold back as one space."""
    quoted = json.dumps(text, ensure_ascii=False)
    pad = " " * indent
    lines, line = [], ""
    for word in re.split(r"(?<=[^ ]) (?=[^ ])", quoted):
        if line and len(line) + 1 + len(word) > WIDTH - indent:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ("\n" + pad).join(lines)


def dump(value: object, indent: int = 0) -> str:
    """YAML for plain data (dicts, lists, text): every value quoted, so nothing is read as a number or a date."""
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                if not v:
                    out.append(f"{pad}{k}: {'[]' if isinstance(v, list) else '{}'}\n")
                else:
                    out.append(f"{pad}{k}:\n{dump(v, indent + 2)}")
            else:
                out.append(f"{pad}{k}: {scalar(str(v), indent + 2)}\n")
        return "".join(out)
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict):
                inner = dump(v, indent + 2)
                out.append(f"{pad}- {inner[indent + 2:]}")
            else:
                out.append(f"{pad}- {scalar(str(v), indent + 2)}\n")
        return "".join(out)
    return f"{pad}{scalar(str(value), indent)}\n"


def _as_text(value: object) -> object:
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return str(value)


def verified(text: str, data: dict, name: str, model: type[BaseModel] | None = None) -> str:
    """The YAML text, after reading it back through the project's loader and finding the same data (and, with
    `model`, data the schema accepts), so that nothing is written that `check` would refuse."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.yaml"
        probe.write_text(text, encoding="utf-8")
        back = load_yaml(probe).data
    if back != _as_text(data):
        raise LessonpressError([Diagnostic(Loc(name), "the drafted YAML did not read back as written; this is a "
                                           "bug in lessonpress new, nothing was written", "new.round-trip")])
    if model is not None:
        try:
            model.model_validate(back)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise LessonpressError([Diagnostic(
                Loc(name), f"the draft does not fit the lesson format ({first['loc']}: {first['msg']}); this is a bug "
                "in lessonpress new, nothing was written", "new.invalid-draft")]) from None
    return text


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:40].strip("-") or "section"


def free_name(folder: Path, stem: str, taken: set[str]) -> tuple[str, bool]:
    """A file stem not used in the folder (a teacher's lesson is never replaced): `stem`, else `stem-draft`,
    `stem-draft-2`…; and whether it had to change."""
    candidates = [stem, f"{stem}-draft", *(f"{stem}-draft-{n}" for n in range(2, 100))]
    for c in candidates:
        if c not in taken and not any((folder / f"{c}{ext}").exists() for ext in (".yaml", ".yml")):
            return c, c != stem
    raise LessonpressError([Diagnostic(Loc(display_path(folder)), f"too many drafts named '{stem}'; delete old "
                                       "ones first", "new.name")])


def lessons_of(src: Source, folder: Path, grade: str, duration: int, ids: set[str]) -> tuple[list[tuple[Path, str]],
                                                                                             Counts, list[str]]:
    """The lesson files to write (path, YAML), the counts, and the authors the works cited give."""
    authors = author_keys(src.works_cited)
    counts = Counts(sections=len(src.sections))
    everything = [s for sec in src.sections for s in sentences(sec.paragraphs, authors, src.notes)]
    kinds = kind_values(everything)
    out: list[tuple[Path, str]] = []
    taken: set[str] = set(ids)
    for n, sec in enumerate(src.sections, 1):
        sents = sentences(sec.paragraphs, authors, src.notes)
        if not any(s.cites for s in sents):
            borrow_citations(sents, everything)
        d = draft(sec.title, sents, kinds)
        stem, renamed = free_name(folder, f"{n:02d}-{slug(sec.title)}", taken)
        taken.add(stem)
        if renamed:
            counts.notes.append(f"{display_path(folder / stem)}.yaml: a lesson named {n:02d}-{slug(sec.title)} "
                                "already exists and was left as it was; the draft has this new name")
        counts.paragraphs += len(sec.paragraphs)
        counts.citations += sum(1 for s in sents for c in s.cites if s.own_cite)
        counts.dates += len(d.timeline)
        counts.terms += len(d.vocabulary)
        counts.people += len(d.people)
        pageless = {c.written for s in sents for c in s.cites if not c.pages}
        if pageless:
            counts.notes.append(f"'{sec.title}': citations without a page ({', '.join(sorted(pageless))}) cannot be "
                                "cited by questions; their sentences were not used for questions")
        if not d.questions:
            counts.notes.append(f"'{sec.title}': the section cites no source with a page, so no question could "
                                "cite it; it was not drafted (add citations, or write this lesson by hand)")
            continue
        for q in d.questions:
            counts.questions[q["type"]] = counts.questions.get(q["type"], 0) + 1
        types = {q["type"] for q in d.questions}
        if len(types) < 5:
            counts.notes.append(f"'{sec.title}': only {len(types)} kinds of question could be drafted from its "
                                "sentences; add more by hand")
        if d.unused_terms:
            counts.notes.append(f"'{sec.title}': words you may want to define (the text does not): "
                                f"{', '.join(d.unused_terms[:12])}")
        lesson: dict = {"id": stem, "title": sec.title, "section": sec.title, "grade": grade,
                        "duration": str(duration),
                        "objectives": [f"Explain the main events and ideas of “{sec.title}”, citing the reading.",
                                       "Put the dated events of the reading in order and explain how they are "
                                       "connected."],
                        "review": f"Title, objectives, grade ({grade}) and duration ({duration} minutes) are "
                                  "defaults drafted by lessonpress new"}
        if n == 1 and src.intro:
            lesson["introduction"] = " ".join(src.intro)
        lesson["reading"] = sec.paragraphs
        for key, items in (("vocabulary", d.vocabulary), ("timeline", d.timeline), ("people", d.people)):
            if items:
                lesson[key] = items
        lesson["questions"] = [_checkable(q, sec.paragraphs, authors) for q in d.questions]
        path = folder / f"{stem}.yaml"
        body = HEADER.format(source=src.path.name) + dump(lesson)
        out.append((path, verified(body, lesson, display_path(path), Lesson)))
    return out, counts, authors


def _checkable(question: dict, paragraphs: list[str], authors: list[str]) -> dict:
    """The question without its `paragraph` when `check` would not find its citation there (a footnote, or an
    author–page citation of an author the works cited do not list): `check` then only warns."""
    number = question.get("paragraph")
    if number is None:
        return question
    seen = [c for _, _, c in find_citations(paragraphs[int(number) - 1], set(authors))]
    wanted = [parse_citation(c) for c in question["cite"]]
    if all(w is not None and any(w.within(c) for c in seen) for w in wanted):
        return question
    return {k: v for k, v in question.items() if k != "paragraph"}


def course_file(src: Source, folder: Path, authors: list[str], grade: str) -> tuple[str | None, list[str]]:
    """course.yaml for the folder (None when it has one: it is the teacher's), and notes on missing authors."""
    existing = folder / "course.yaml"
    entries = [{"author": a, "entry": e} for a, e in zip(authors, src.works_cited, strict=True)]
    if existing.exists():
        try:
            data = load_yaml(existing).data
        except LessonpressError:
            data = {}
        have = {w.get("author") for w in (data or {}).get("works_cited") or [] if isinstance(w, dict)} \
            if isinstance(data, dict) else set()
        missing = [e for e in entries if e["author"] not in have]
        notes = [f"{display_path(existing)} was left as it was; add these to its works_cited: "
                 + "; ".join(f"{e['author']} ({e['entry'][:60]}…)" for e in missing)] if missing else []
        return None, notes
    course = {"title": src.title, "grade_band": grade, "works_cited": entries}
    text = ("# Settings for the unit drafted by `lessonpress new`. Format: docs/lesson-format.md\n"
            + dump(course))
    return verified(text, course, display_path(existing), Course), []


def write_all(files: list[tuple[Path, str]]) -> None:
    """Write every file to a temporary name beside it, then rename it into place; never over an existing file."""
    for path, text in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".new-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        if path.exists():  # appeared since we looked: still never replace it
            os.unlink(tmp)
            raise LessonpressError([Diagnostic(Loc(display_path(path)), "appeared while drafting; it was left as "
                                               "it was and nothing more was written", "new.exists")])
        os.replace(tmp, path)
