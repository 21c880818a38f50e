"""A whole run: every lesson's documents rendered in memory first, then written only if nothing failed."""

from __future__ import annotations

import gc
import importlib
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
from lessonpress.writers import REGISTRY, get_writer

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
    jobs: int = 1


def render(project: Project, run: Run, templates: Templates) -> tuple[list[Rendered], list[Diagnostic]]:
    """Render every document of every lesson into memory; return the files and any warnings.

    Builders run here; writers run in `run.jobs` processes when there is enough to share out."""
    suffix = "" if run.profile == "standard" else f"-{run.profile}"
    warnings: list[Diagnostic] = []
    if "pdf" in run.formats or run.students:
        from lessonpress.writers.fonts import missing_glyphs

        sources = [ll.source for ll in project.lessons] + ([project.course_source] if project.course_source else [])
        warnings = missing_glyphs([s for src in sources for s in src.scalars])
    todo: list[tuple[LoadedLesson, Made, str]] = []
    for ll in project.lessons:
        for made in documents(ll, project.course, templates, run.paper, run.forms):
            todo += [(ll, made, fmt) for fmt in run.formats if fmt in made.formats or fmt == "debug"]
    # With a roster, worksheet PDFs are written first: the class sets are assembled here while the
    # writer processes go on with the rest.
    order = sorted(range(len(todo)), key=lambda i: not (run.students and todo[i][1].kind == "worksheet"
                                                          and todo[i][2] == "pdf"))
    sheet_count = sum(1 for i in order if run.students and todo[i][1].kind == "worksheet" and todo[i][2] == "pdf")
    results = render_jobs([(fmt, run.profile, run.reference_docx, made.doc) for _, made, fmt in
                           (todo[i] for i in order)], run.jobs)
    files: dict[int, list[Rendered]] = {}
    packets: dict[str, tuple[str, dict[str, bytes]]] = {ll.lesson.id: (ll.lesson.title, {}) for ll in project.lessons}
    sheets: dict[str, dict] = {ll.lesson.id: {} for ll in project.lessons}  # for class sets, by (form, profile)
    for done, (i, (data, slots)) in enumerate(zip(order, results, strict=True), 1):
        ll, made, fmt = todo[i]
        ext = {"pdf": ".pdf", "docx": ".docx", "debug": ".txt"}[fmt]
        files[i] = [Rendered(run.out / ll.lesson.id / f"{made.stem}{suffix}{ext}", data)]
        if fmt == "pdf":
            packets[ll.lesson.id][1][made.kind] = packets[ll.lesson.id][1].get(made.kind, data)
            if made.kind == "worksheet" and run.students:
                from lessonpress.classset import FormPdf

                sheets[ll.lesson.id][(made.form.letter if made.form else None, run.profile)] = FormPdf(data, slots)
        if done == sheet_count and run.students:
            for k, lesson in enumerate(project.lessons):
                files[-1 - k] = class_sets(lesson, project.course, templates, run, sheets[lesson.lesson.id])
    out = [f for key in [*range(len(todo)), *range(-len(project.lessons), 0)] for f in files.get(key, [])]
    if "pdf" in run.formats and project.lessons:
        out.extend(packet_files(project.course, run, list(packets.values()), suffix))
    return out, warnings


_WRITERS: dict[tuple, object] = {}


def render_one(job: tuple) -> tuple[bytes, dict]:
    """Write one document: (format, profile, reference DOCX, Document) -> (bytes, where its blanks are)."""
    fmt, profile, reference, doc = job
    writer = _WRITERS.get((fmt, profile, reference))
    if writer is None:
        writer = _WRITERS[(fmt, profile, reference)] = get_writer(fmt, profile)
        if fmt == "docx" and reference is not None:
            writer.reference = reference
    data = writer.write(doc)
    if fmt == "docx":
        gc.collect()  # python-docx keeps memory across documents
    return data, dict(getattr(writer, "slots", {}))


def render_jobs(jobs: list[tuple], workers: int):
    """Write documents, yielding results in order, in several processes when there are enough to be worth
    starting them. The work is handed out at once, so the caller may use early results while it goes on."""
    for fmt in {job[0] for job in jobs}:  # imported before the workers start, so forked ones share it
        importlib.import_module(REGISTRY[fmt][0])
    if workers <= 1 or len(jobs) < 4 * workers:
        yield from map(render_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(render_one, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


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
    from lessonpress.classset import FormPdf, Readers, assemble

    forms = {f.letter if f else None: f for f in run.forms}
    by_period: dict[str, list[Student]] = {}
    for s in run.students or []:
        by_period.setdefault(s.period, []).append(s)
    out, todo = [], []
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
        todo.append((students, used, title))
        out.append(run.out / ll.lesson.id / f"class-set-period-{safe_name(period)}.pdf")
    # in this process: each form is parsed once for every period (measured faster than one process a period)
    readers = Readers()
    author = course.teacher or course.title
    return [Rendered(path, assemble(students, used, title, readers=readers, author=author))
            for path, (students, used, title) in zip(out, todo, strict=True)]


def safe_name(text: str) -> str:
    """A period name that is safe in a file name on every system ("3rd/4th" -> "3rd-4th")."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")
    return cleaned or "unnamed"


def write_all(files: list[Rendered]) -> None:
    for f in files:
        write_atomic(f.path, f.data)


__all__ = ["render", "write_all", "KINDS", "LessonpressError"]
