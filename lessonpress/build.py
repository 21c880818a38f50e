"""A whole run: every lesson's documents rendered in memory first, then written only if nothing failed."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lessonpress.documents.answer_key import answer_key
from lessonpress.documents.common import Form
from lessonpress.documents.handout import handout
from lessonpress.documents.key_grid import key_grid
from lessonpress.documents.lesson_plan import lesson_plan
from lessonpress.documents.worksheet import worksheet
from lessonpress.errors import Diagnostic, LessonpressError
from lessonpress.model import Document
from lessonpress.output import write_atomic
from lessonpress.roster import Student
from lessonpress.schema import Course
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson, Project
from lessonpress.writers import get_writer

# document kind -> (builder, file stem, formats it is made in)
KINDS: dict[str, tuple[Callable[..., Document], str, tuple[str, ...]]] = {
    "handout": (handout, "handout", ("pdf",)),
    "worksheet": (worksheet, "worksheet", ("pdf", "docx")),
    "answer-key": (answer_key, "answer-key", ("pdf", "docx")),
    "lesson-plan": (lesson_plan, "lesson-plan", ("pdf", "docx")),
}


@dataclass
class Rendered:
    path: Path
    data: bytes


# kinds printed once per form when versions are made
PER_FORM = {"worksheet", "answer-key"}


@dataclass(frozen=True)
class Made:
    """One document of a lesson: its kind, the form it is printed in, its file stem and formats."""

    kind: str
    form: Form | None
    stem: str
    formats: tuple[str, ...]
    doc: Document


def documents(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None,
              forms: list[Form | None] = (None,)):
    """Yield each document of one lesson (each form's, where versions are printed)."""
    for kind, (builder, stem, formats) in KINDS.items():
        if kind in PER_FORM:
            for form in forms:
                name = f"{stem}-{form.letter}" if form else stem
                yield Made(kind, form, name, formats, builder(ll, course, templates, paper=paper, form=form))
        else:
            yield Made(kind, None, stem, formats, builder(ll, course, templates, paper=paper))
    lettered = [f for f in forms if f is not None]
    if lettered:
        yield Made("key-grid", None, "key-grid", ("pdf",), key_grid(ll, course, templates, lettered, paper=paper))


@dataclass
class Run:
    """What one build makes: formats, paper, forms, profile, an optional roster and DOCX reference."""

    out: Path
    formats: list[str]
    paper: str | None = None
    forms: list[Form | None] = (None,)
    profile: str = "standard"
    students: list[Student] | None = None
    reference_docx: Path | None = None


def render(project: Project, run: Run, templates: Templates) -> tuple[list[Rendered], list[Diagnostic]]:
    """Render every document of every lesson into memory; return the files and any warnings."""
    writers = {fmt: get_writer(fmt, run.profile) for fmt in run.formats}
    if "docx" in writers and run.reference_docx is not None:
        writers["docx"].reference = run.reference_docx
    suffix = "" if run.profile == "standard" else f"-{run.profile}"
    files: list[Rendered] = []
    warnings: list[Diagnostic] = []
    if "pdf" in writers or run.students:
        from lessonpress.writers.fonts import missing_glyphs

        sources = [ll.source for ll in project.lessons] + ([project.course_source] if project.course_source else [])
        warnings = missing_glyphs([s for src in sources for s in src.scalars])
    packets: list[tuple[str, dict[str, bytes]]] = []  # (lesson title, {kind: first form's PDF})
    for ll in project.lessons:
        firsts: dict[str, bytes] = {}
        packets.append((ll.lesson.title, firsts))
        sheets: dict[tuple[str | None, str], object] = {}  # (form letter, profile) -> FormPdf, for class sets
        for made in documents(ll, project.course, templates, run.paper, run.forms):
            for fmt, writer in writers.items():
                if fmt not in made.formats and fmt != "debug":
                    continue
                data = writer.write(made.doc)
                files.append(Rendered(run.out / ll.lesson.id / f"{made.stem}{suffix}{writer.suffix}", data))
                if fmt == "pdf":
                    firsts.setdefault(made.kind, data)
                if fmt == "pdf" and made.kind == "worksheet" and run.students:
                    from lessonpress.classset import FormPdf

                    sheets[(made.form.letter if made.form else None, run.profile)] = FormPdf(data, dict(writer.slots))
                if fmt == "docx":
                    gc.collect()  # python-docx keeps memory across documents
        if run.students:
            files.extend(class_sets(ll, project.course, templates, run, sheets))
    if "pdf" in writers and packets:
        files.extend(packet_files(project.course, run, packets, suffix))
    return files, warnings


# packet -> (title on its cover, the kinds it holds in order, with their labels)
PACKETS = {
    "course-packet": ("Student packet", (("handout", "Handout"), ("worksheet", "Worksheet"))),
    "teacher-packet": ("Teacher packet", (("lesson-plan", "Lesson plan"), ("handout", "Handout"),
                                          ("worksheet", "Worksheet"), ("answer-key", "Answer key"),
                                          ("key-grid", "Key grid"))),
}


def packet_files(course: Course, run: Run, packets: list[tuple[str, dict[str, bytes]]],
                 suffix: str) -> list[Rendered]:
    """output/course-packet.pdf and output/teacher-packet.pdf: every lesson's documents in one binder."""
    from lessonpress.packet import Part, Section, build_packet

    out = []
    for name, (title, kinds) in PACKETS.items():
        sections = [Section(lesson, tuple(Part(label, pdfs[kind]) for kind, label in kinds if kind in pdfs))
                    for lesson, pdfs in packets]
        data = build_packet(course, title, sections, run.paper or course.paper)
        out.append(Rendered(run.out / f"{name}{suffix}.pdf", data))
    return out


def class_sets(ll: LoadedLesson, course: Course, templates: Templates, run: Run, sheets: dict) -> list[Rendered]:
    """One PDF per period: every student's copy of their form, stamped with name and period."""
    from lessonpress.classset import FormPdf, assemble

    forms = {f.letter if f else None: f for f in run.forms}
    by_period: dict[str, list[Student]] = {}
    for s in run.students or []:
        by_period.setdefault(s.period, []).append(s)
    out = []
    for period, students in by_period.items():
        used = {}
        for s in students:
            profile = "large-print" if s.large_print else run.profile
            key = (s.form, profile)
            if key not in sheets:  # e.g. a large-print copy: render that form once in that profile
                writer = get_writer("pdf", profile)
                data = writer.write(worksheet(ll, course, templates, paper=run.paper, form=forms[s.form]))
                sheets[key] = FormPdf(data, dict(writer.slots))
            used[(s.form, s.large_print)] = sheets[key]
        title = f"{ll.lesson.title} — Worksheets, Period {period}"
        name = f"class-set-period-{safe_name(period)}.pdf"
        out.append(Rendered(run.out / ll.lesson.id / name, assemble(students, used, title)))
    return out


def safe_name(text: str) -> str:
    """A period name that is safe in a file name on every system ("3rd/4th" -> "3rd-4th")."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")
    return cleaned or "unnamed"


def write_all(files: list[Rendered]) -> None:
    for f in files:
        write_atomic(f.path, f.data)


__all__ = ["render", "write_all", "KINDS", "LessonpressError"]
