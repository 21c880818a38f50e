"""The `lessonpress new SOURCE` command: read, draft, write, check the drafts, and report what was found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessonpress.draft.emit import course_file, lessons_of, write_all
from lessonpress.draft.source import read_source
from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path
from lessonpress.loader import load_yaml


def _ids(folder: Path) -> set[str]:
    ids = set()
    for p in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        try:
            data = load_yaml(p).data
        except LessonpressError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.add(data["id"])
    return ids


def run_new(args: argparse.Namespace, root: Path) -> int:
    from lessonpress.validate import awaiting_review, load_project

    folder: Path = args.out if args.out is not None else root / "lessons"
    if folder.exists() and not folder.is_dir():
        raise LessonpressError([Diagnostic(Loc(display_path(folder)), "is a file; --out needs a folder",
                                           "output.folder")])
    src = read_source(args.source)
    if not src.sections:
        raise LessonpressError([Diagnostic(Loc(display_path(args.source)), "has no paragraphs of text to draft "
                                           "lessons from", "new.empty")])
    files, counts, authors = lessons_of(src, folder, args.grade, args.duration, _ids(folder))
    if not files:
        for note in counts.notes:
            print(f"note: {note}")
        raise LessonpressError([Diagnostic(Loc(display_path(args.source)), "no lesson could be drafted: no section "
                                           "cites a source with a page; nothing was written", "new.nothing")])
    course, course_notes = course_file(src, folder, authors, args.grade)
    counts.notes.extend(course_notes)
    if not src.works_cited:
        counts.notes.append("the source has no works cited (a heading such as 'Works Cited', 'Bibliography' or "
                            "'References' followed by one entry a paragraph); add its sources to course.yaml")
    if course is not None:
        files.append((folder / "course.yaml", course))
        if src.titled_by_name:
            counts.notes.append(f"the unit title '{src.title}' was made from the file name; change it in "
                                f"{display_path(folder / 'course.yaml')}")
    write_all(files)
    lessons = [p for p, _ in files if p.name != "course.yaml"]
    project = load_project(lessons, folder)
    problems = project.report.sorted()
    for d in problems:
        print(d, file=sys.stderr)
    pending = awaiting_review(project.lessons)
    q = counts.questions
    print(f"Drafted {len(lessons)} lesson(s) from {display_path(args.source)} into {display_path(folder)}/:")
    for p in lessons:
        print(f"  {display_path(p)}")
    if course is not None:
        print(f"  {display_path(folder / 'course.yaml')} (title and works cited)")
    print(f"Found {counts.sections} section(s), {counts.paragraphs} paragraph(s), {counts.citations} citation(s), "
          f"{len(src.works_cited)} works-cited entr{'y' if len(src.works_cited) == 1 else 'ies'}, "
          f"{len(src.notes)} note(s), {counts.dates} dated event(s), {counts.terms} key term(s), "
          f"{counts.people} people; {sum(q.values())} question(s): "
          + ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in q.items()) + ".")
    if src.skipped:
        print(f"Headings with no text under them were skipped: {', '.join(src.skipped)}")
    for note in counts.notes:
        print(f"note: {note}")
    errors = [d for d in problems if d.severity == "error"]
    warnings = [d for d in problems if d.severity == "warning"]
    passed = "the drafts pass check." if not warnings else (
        f"the drafts pass check with {len(warnings)} warning(s) above (footnotes, and citations of authors "
        "not in the works cited, are not matched to the reading's paragraphs).")
    print(f"For a teacher's eye: {len(pending)} drafted item(s) marked `review:` "
          f"(`lessonpress check {display_path(folder)}` lists them); "
          + (passed if not errors else f"{len(errors)} problem(s) above need fixing."))
    return 1 if errors else 0
