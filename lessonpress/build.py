"""A whole run: every lesson's documents rendered in memory first, then written only if nothing failed."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.documents.answer_key import answer_key
from lessonpress.documents.common import Form
from lessonpress.documents.handout import handout
from lessonpress.documents.key_grid import key_grid
from lessonpress.documents.lesson_plan import lesson_plan
from lessonpress.documents.worksheet import worksheet
from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path
from lessonpress.model import Document
from lessonpress.output import write_atomic
from lessonpress.roster import Student, safe_name
from lessonpress.schema import Course
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson, Project
from lessonpress.writers import REGISTRY, get_writer

# document kind (also its file name) -> (builder, formats it is made in)
KINDS: dict[str, tuple[Callable[..., Document], tuple[str, ...]]] = {
    "handout": (handout, ("pdf",)),
    "worksheet": (worksheet, ("pdf", "docx")),
    "answer-key": (answer_key, ("pdf", "docx")),
    "lesson-plan": (lesson_plan, ("pdf", "docx")),
}
# kinds printed once per form when versions are made
PER_FORM = {"worksheet", "answer-key"}


@dataclass
class Rendered:
    path: Path
    data: bytes


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
    for kind, (builder, formats) in KINDS.items():
        for form in forms if kind in PER_FORM else (None,):
            stem = f"{kind}-{form.letter}" if form else kind
            yield Made(kind, form, stem, formats, builder(ll, course, templates, paper=paper, form=form)
                       if kind in PER_FORM else builder(ll, course, templates, paper=paper))
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
    packets: bool = True
    """Whether the run covers the whole course, so the packets may be rewritten."""
    notes: list[str] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return "" if self.profile == "standard" else f"-{self.profile}"


def render(project: Project, run: Run, templates: Templates) -> tuple[list[Rendered], list[Diagnostic]]:
    """Render every document of every lesson into memory; return the files and any warnings.

    Builders run here; writers run in `run.jobs` processes when there is enough to share out."""
    todo = [(ll, made, fmt) for ll in project.lessons
            for made in documents(ll, project.course, templates, run.paper, run.forms)
            for fmt in run.formats if fmt in made.formats or fmt == "debug"]
    jobs = [(fmt, run.profile, run.reference_docx, made.doc) for _, made, fmt in todo]
    files: list[Rendered] = []
    warnings: list[Diagnostic] = []
    firsts: dict[str, dict[str, bytes]] = {ll.lesson.id: {} for ll in project.lessons}  # for the packets
    sheets: dict[str, dict] = {ll.lesson.id: {} for ll in project.lessons}  # for class sets
    # A lesson's class sets are assembled as soon as its last PDF worksheet is back, while the workers go on
    # with its answer keys.
    waiting = {ll.lesson.id: sum(1 for owner, made, fmt in todo if owner is ll and made.kind == "worksheet"
                                 and fmt == "pdf") for ll in project.lessons} if run.students else {}

    def add_class_sets(ll: LoadedLesson) -> None:
        made_sets, notes = class_sets(ll, project.course, templates, run, sheets[ll.lesson.id])
        files.extend(made_sets)
        warnings.extend(notes)

    for ll in project.lessons:
        if waiting.get(ll.lesson.id) == 0:  # no PDF worksheets in this run: class_sets writes its own
            add_class_sets(ll)
    for (ll, made, fmt), (data, slots) in zip(todo, render_jobs(jobs, run.jobs), strict=True):
        suffix = importlib.import_module(REGISTRY[fmt][0]).__dict__[REGISTRY[fmt][1]].suffix
        files.append(Rendered(run.out / ll.lesson.id / f"{made.stem}{run.suffix}{suffix}", data))
        if fmt == "pdf":
            firsts[ll.lesson.id].setdefault(made.kind, data)
            if made.kind == "worksheet" and run.students:
                from lessonpress.classset import FormPdf

                sheets[ll.lesson.id][(made.form.letter if made.form else None, run.profile)] = FormPdf(data, slots)
                waiting[ll.lesson.id] -= 1
                if waiting[ll.lesson.id] == 0:
                    add_class_sets(ll)
    if "pdf" in run.formats and project.lessons:
        if run.packets:
            packets = [(ll.lesson.title, firsts[ll.lesson.id]) for ll in project.lessons]
            files.extend(packet_files(project.course, run, packets))
        else:
            run.notes.append("course-packet.pdf and teacher-packet.pdf were left as they were: this run "
                             "builds only some of the lessons (build them all to refresh the packets)")
    return files, warnings


_WRITERS: dict[tuple, object] = {}


def _writer(fmt: str, profile: str, reference):
    """One writer per format, profile and reference DOCX in each process (fonts and styles load once)."""
    if (fmt, profile, reference) not in _WRITERS:
        _WRITERS[(fmt, profile, reference)] = get_writer(fmt, profile, reference)
    return _WRITERS[(fmt, profile, reference)]


def render_one(job: tuple) -> tuple[bytes, dict]:
    """Write one document: (format, profile, reference DOCX, Document) -> (bytes, where its blanks are)."""
    fmt, profile, reference, doc = job
    writer = _writer(fmt, profile, reference)
    data = writer.write(doc)
    if fmt == "docx":
        gc.collect()  # python-docx keeps memory across documents
    return data, dict(getattr(writer, "slots", {}))


def render_jobs(jobs: list[tuple], workers: int):
    """Write documents, yielding results in order, in several processes when there are enough to be worth
    starting them."""
    for fmt, profile, reference in sorted({job[:3] for job in jobs}, key=repr):
        _writer(fmt, profile, reference)  # made (fonts loaded) before the workers start, so forked ones share it
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


def packet_files(course: Course, run: Run, packets: list[tuple[str, dict[str, bytes]]]) -> list[Rendered]:
    """output/course-packet.pdf and output/teacher-packet.pdf: every lesson's documents in one binder."""
    from lessonpress.packet import Part, Section, build_packet

    out = []
    for name, (title, kinds) in PACKETS.items():
        sections = [Section(lesson, tuple(Part(label, pdfs[kind]) for kind, label in kinds if kind in pdfs))
                    for lesson, pdfs in packets]
        data = build_packet(course, title, sections, run.paper or course.paper)
        out.append(Rendered(run.out / f"{name}{run.suffix}.pdf", data))
    return out


def class_sets(ll: LoadedLesson, course: Course, templates: Templates, run: Run,
               sheets: dict) -> tuple[list[Rendered], list[Diagnostic]]:
    """One PDF per period: every student's copy of their form, stamped with name and period."""
    from lessonpress.classset import FormPdf, Readers, assemble

    forms = {f.letter if f else None: f for f in run.forms}
    by_period: dict[str, list[Student]] = {}
    for s in run.students or []:
        by_period.setdefault(s.period, []).append(s)
    readers, author, out = Readers(), course.teacher or course.title, []
    for period, students in by_period.items():
        used = {}
        for s in students:
            profile = "large-print" if s.large_print else run.profile
            key = (s.form, profile)
            if key not in sheets:  # not written by this run (large print, or --format docx): write it once
                data, slots = render_one(("pdf", profile, None, worksheet(ll, course, templates, paper=run.paper,
                                                                          form=forms[s.form])))
                sheets[key] = FormPdf(data, slots)
            used[(s.form, s.large_print)] = sheets[key]
        title = f"{ll.lesson.title} — Worksheets, Period {period}"
        path = run.out / ll.lesson.id / f"class-set-period-{safe_name(period)}{run.suffix}.pdf"
        out.append(Rendered(path, assemble(students, used, title, readers=readers, author=author)))
    warnings = []
    if any("name" not in sheet.slots or "period" not in sheet.slots for sheet in sheets.values()):
        warnings.append(Diagnostic(templates.location("worksheet_header.j2"), "the worksheet header has no blank "
                                   "after 'Name' or 'Period', so class sets print each name only at the top of "
                                   "the page; end those labels with a <blank/>", "classset.unstamped", "warning"))
    return out, warnings


def write_all(files: list[Rendered]) -> None:
    """Write every file atomically; a folder that cannot be written is the user's problem, not a bug."""
    for f in files:
        try:
            write_atomic(f.path, f.data)
        except OSError as exc:
            raise LessonpressError([Diagnostic(Loc(display_path(f.path)), f"cannot write the file: "
                                               f"{exc.strerror or exc}", "output.unwritable")]) from None
