"""A whole run, one way: plan every document (builders and templates) → write them (the writers, in a process
pool) → assemble class sets and packets from the writers' output records → commit the files, only if nothing
failed. `check` runs the plan alone."""

from __future__ import annotations

import gc
import importlib
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from lessonpress.documents.answer_key import answer_key
from lessonpress.documents.common import Form
from lessonpress.documents.handout import handout
from lessonpress.documents.key_grid import key_grid
from lessonpress.documents.lesson_plan import lesson_plan
from lessonpress.documents.packet import Section, packet_front, wording
from lessonpress.documents.quiz import quiz
from lessonpress.documents.worksheet import worksheet
from lessonpress.errors import Diagnostic
from lessonpress.model import Document, plain
from lessonpress.output import commit as write_all
from lessonpress.roster import Student, safe_name
from lessonpress.schema import Course
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson, Project
from lessonpress.writers import QUIZ_FORMATS, REGISTRY, Output, get_writer

if TYPE_CHECKING:  # `check` never imports the manifest
    from lessonpress.manifest import Cache

# document kind (also its file name) -> (builder, formats it is made in)
KINDS: dict[str, tuple[Callable[..., Document], tuple[str, ...]]] = {
    "handout": (handout, ("pdf", "html")),
    "worksheet": (worksheet, ("pdf", "docx", "html")),
    "answer-key": (answer_key, ("pdf", "docx", "html")),
    "lesson-plan": (lesson_plan, ("pdf", "docx", "html")),
    "quiz": (quiz, QUIZ_FORMATS),  # a quiz is no page: not made as HTML
}
# kinds printed once per form when versions are made
PER_FORM = {"worksheet", "answer-key", "quiz"}
# packet -> the kinds it holds, in order (each labelled in the packet as its document names itself)
PACKETS = {"course-packet": ("handout", "worksheet"),
           "teacher-packet": ("lesson-plan", "handout", "worksheet", "answer-key", "key-grid")}
EVERY_KIND = ("debug",)
"""Formats every document kind is made in when asked for (the test dump, not only the kinds' own formats)."""
FIT_TRIES = 3
"""Further shuffles tried for a form whose worksheet has another page count than the unshuffled one."""


@dataclass(frozen=True)
class Options:
    """What one build makes: formats, paper, forms, profile, an optional roster and DOCX reference."""

    out: Path
    formats: tuple[str, ...]
    paper: str | None = None
    forms: tuple[Form | None, ...] = (None,)
    profile: str = "standard"
    students: tuple[Student, ...] | None = None
    reference_docx: Path | None = None
    jobs: int = 1
    packets: bool = True
    """Whether the run covers the whole course, so the packets may be rewritten."""

    @property
    def suffix(self) -> str:
        return "" if self.profile == "standard" else f"-{self.profile}"


@dataclass(frozen=True)
class Rendered:
    path: Path
    data: bytes
    kept: bool = False
    """The file is already in the output folder as the last build wrote it (not committed again)."""


@dataclass
class Results:
    """What a run made: the files to commit, warnings and notes for the user."""

    files: list[Rendered] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Made:
    """One document of a lesson: its kind, the form it is printed in, its file stem and formats."""

    kind: str
    form: Form | None
    stem: str
    formats: tuple[str, ...]
    doc: Document


@dataclass(frozen=True)
class Job:
    """One document to write in one format and profile, and the name of the file it is committed to (None when
    only assembly needs it: a roster's large-print copy, or a worksheet the forms are fitted to)."""

    lesson: str
    kind: str
    form: Form | None
    fmt: str
    profile: str
    doc: Document
    stem: str | None

    def path(self, options: Options) -> Path:
        """The file it is committed to (the writer's module is imported here, after the plan)."""
        return options.out / self.lesson / f"{self.stem}{options.suffix}{_suffix(self.fmt)}"

    @property
    def key(self) -> tuple:
        return self.lesson, self.kind, self.form, self.fmt, self.profile


@dataclass(frozen=True)
class Plan:
    """Every document of a run, and the forms each lesson is printed in."""

    jobs: tuple[Job, ...]
    forms: dict[str, tuple[Form | None, ...]]


def documents(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None,
              forms: Iterable[Form | None] = (None,), built: dict | None = None):
    """Yield each document of one lesson (each form's, where versions are printed). `built` keeps each document
    made, by lesson, kind and form, for a caller that plans again with the same course and templates (`check`
    plans without and with versions: the handout and lesson plan are the same in both)."""
    forms = tuple(forms)
    for kind, (builder, formats) in KINDS.items():
        for form in forms if kind in PER_FORM else (None,):
            stem = f"{kind}-{form.letter}" if form else kind
            make = partial(builder, ll, course, templates, paper=paper, **({"form": form} if kind in PER_FORM else {}))
            yield Made(kind, form, stem, formats, _build(built, (ll.lesson.id, kind, form, paper), make))
    lettered = [f for f in forms if f is not None]
    if lettered:
        yield Made("key-grid", None, "key-grid", ("pdf",), key_grid(ll, course, templates, lettered, paper=paper))


def _build(built: dict | None, key: tuple, make: Callable[[], Document]) -> Document:
    if built is None:
        return make()
    if key not in built:
        built[key] = make()
    return built[key]


def _suffix(fmt: str) -> str:
    return importlib.import_module(REGISTRY[fmt][0]).__dict__[REGISTRY[fmt][1]].suffix


def lesson_jobs(ll: LoadedLesson, course: Course, templates: Templates, options: Options,
                forms: tuple[Form | None, ...], built: dict | None = None) -> list[Job]:
    """Every document of one lesson: its files, its roster copies (a large-print student's, or a PDF one in a
    run that writes only Word files) and, where versions are printed, the standard PDF worksheets the forms'
    page counts are compared by."""
    lid = ll.lesson.id
    jobs = {}
    for made in documents(ll, course, templates, options.paper, forms, built):
        for fmt in options.formats:
            if fmt in made.formats or fmt in EVERY_KIND:
                job = Job(lid, made.kind, made.form, fmt, options.profile, made.doc, made.stem)
                jobs[job.key] = job
    by_letter = {f.letter if f else None: f for f in forms}
    needed = [(f, "standard") for f in forms] + [(None, "standard")] if by_letter.keys() != {None} else []
    needed += [(by_letter[s.form], "large-print" if s.large_print else options.profile)
               for s in options.students or ()]
    for form, profile in dict.fromkeys(needed):
        if (lid, "worksheet", form, "pdf", profile) not in jobs:
            doc = _build(built, (lid, "worksheet", form, options.paper),
                         partial(worksheet, ll, course, templates, paper=options.paper, form=form))
            jobs[(lid, "worksheet", form, "pdf", profile)] = Job(lid, "worksheet", form, "pdf", profile, doc, None)
    return list(jobs.values())


def plan(project: Project, options: Options, templates: Templates, built: dict | None = None) -> Plan:
    """Build every document of the run (no writer runs); a template mistake fails here, in `check` too. `built`:
    see `documents`."""
    jobs: list[Job] = []
    forms = {ll.lesson.id: tuple(options.forms) for ll in project.lessons}
    for ll in project.lessons:
        jobs += lesson_jobs(ll, project.course, templates, options, forms[ll.lesson.id], built)
    if "pdf" in options.formats and options.packets and project.lessons:
        for name in PACKETS:  # the packets' wording, checked now; their page numbers come after the writers
            packet_front(project.course, templates, name, [Section(ll.lesson.title, ()) for ll in project.lessons],
                         form=_packet_form(options.forms), forms=len(options.forms))
            wording(templates, "stamp", packet=name, course=project.course, lessons=[], form=None, forms=1,
                    number=1)
    return Plan(tuple(jobs), forms)


_WRITERS: dict[tuple, object] = {}


def _writer(fmt: str, profile: str, reference):
    """One writer per format, profile and reference DOCX in each process (fonts and styles load once)."""
    if (fmt, profile, reference) not in _WRITERS:
        _WRITERS[(fmt, profile, reference)] = get_writer(fmt, profile, reference)
    return _WRITERS[(fmt, profile, reference)]


def render_one(job: tuple) -> Output:
    """Write one document: (format, profile, reference DOCX, Document) -> its output record."""
    fmt, profile, reference, doc = job
    writer = _writer(fmt, profile, reference)
    if hasattr(writer, "render"):
        return writer.render(doc)
    data = writer.write(doc)
    if fmt == "docx":
        gc.collect()  # python-docx leaves each document in reference cycles: free it now, not at the end
        gc.freeze()  # what is left lives on (fonts, styles, caches): the next collection need not go through it
    return Output(data)


def _cost(job: tuple) -> int:
    """A rough measure of how long a document takes to write: its blocks, and the blocks inside them."""
    parts = getattr(job[3], "blocks", None) or getattr(job[3], "questions", None) or ()
    return sum(1 + len(getattr(b, "body", ()) or getattr(b, "content", ()) or getattr(b, "blocks", ()) or ())
               + len(getattr(b, "rows", ())) for b in parts)


def render_jobs(jobs: list[tuple], workers: int) -> list[Output]:
    """Write documents, returning output records in order: in this process and `workers - 1` others when there
    are two or more, the longest first (so that one long lesson's documents are spread over the processes too)."""
    for fmt, profile, reference in sorted({job[:3] for job in jobs}, key=repr):
        writer = _writer(fmt, profile, reference)  # made (fonts loaded) before the workers start, so they share it
        if hasattr(writer, "prepare"):  # and what its first document of each language would do
            writer.prepare(sorted({job[3].language for job in jobs if job[:3] == (fmt, profile, reference)}))
    if workers <= 1 or len(jobs) < 2:
        return list(map(render_one, jobs))
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # What this process holds now (libraries, lessons, documents, writers) lives to the end of the run: frozen,
    # no collection here or in a worker goes through it again (the first one took 60-75 ms in each process, most
    # of it a forked worker copying the pages it touched, to free a hundred objects)
    gc.freeze()
    results: list = [None] * len(jobs)
    queue = deque(sorted(range(len(jobs)), key=lambda i: -_cost(jobs[i])))
    pending: dict = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)) - 1) as pool:
        while queue or pending:
            while queue and len(pending) < min(workers, len(jobs)) - 1:
                i = queue.popleft()  # the others take the longest documents
                pending[pool.submit(render_one, jobs[i])] = i
            if queue:
                i = queue.pop()  # this process the shortest, meanwhile
                results[i] = render_one(jobs[i])
            else:
                wait(pending, return_when=FIRST_COMPLETED)
            for future in [f for f in pending if f.done()]:
                results[pending.pop(future)] = future.result()
    return results


def write(jobs: Iterable[Job], options: Options, done: dict[tuple, Output] | None = None,
          cache: Cache | None = None) -> dict[tuple, Output]:
    """Write every job not already in `done`; return all output records by job key. With a cache, a job whose
    file the last build made from the same document is read back instead, and one the last build made but
    whose file is gone (or that goes to no file) gets its page record, its bytes made only when read (see
    `realize`)."""
    done = dict(done or {})
    todo = [job for job in jobs if job.key not in done]
    reference = options.reference_docx
    if cache is not None:
        rest = []
        for job in todo:
            found = _cached(cache, job, options)
            if found is None:
                rest.append(job)
            else:
                done[job.key] = found
        todo = rest
    for job, output in zip(todo, render_jobs([(j.fmt, j.profile, reference, j.doc) for j in todo], options.jobs),
                           strict=True):
        done[job.key] = output
        if cache is not None:
            cache.note(cache.key(job.fmt, job.profile, job.doc), output)
    return done


def _cached(cache: Cache, job: Job, options: Options):
    """The output of a job as the last build made it from the same document, or None."""
    from lessonpress.manifest import output_of

    key = cache.key(job.fmt, job.profile, job.doc)
    try:
        found = cache.kept(job.path(options), key) if job.stem else None
        if found is not None:
            output = output_of(found[1], found[0])
        else:
            made = cache.remembered(key)
            if made is None:
                return None
            output = output_of(made, lambda: render_one((job.fmt, job.profile, options.reference_docx, job.doc)))
    except (TypeError, ValueError, AttributeError, KeyError):  # a manifest changed by hand: make it again
        return None
    cache.note(key, output)
    return output


def realize(jobs: Iterable[Job], options: Options, outputs: dict[tuple, Output],
            cache: Cache) -> dict[tuple, Output]:
    """Make, in the worker pool, the bytes of every job that goes to a file and has only a page record."""
    from lessonpress.manifest import Later

    todo = [job for job in jobs if job.stem and isinstance(outputs[job.key], Later)]
    outputs = dict(outputs)
    made = render_jobs([(j.fmt, j.profile, options.reference_docx, j.doc) for j in todo], options.jobs)
    for job, output in zip(todo, made, strict=True):
        outputs[job.key] = output
        cache.note(cache.key(job.fmt, job.profile, job.doc), output)
    return outputs


def fit_forms(project: Project, options: Options, templates: Templates, plan_: Plan,
              outputs: dict[tuple, Output], cache: Cache | None = None) -> tuple[Plan, dict[tuple, Output]]:
    """Forms of one worksheet should not differ in page count when a shuffle makes it avoidable: a form whose
    standard PDF worksheet has another page count than the unshuffled one is shuffled again with the next
    seeds ("0+1", "0+2"…, so the same seed always gives the same forms), up to FIT_TRIES; the first that
    matches is kept with all its documents (key, key grid, copies). Forms that still differ from each other
    are then fitted the same way to the page count most of them have."""
    lessons = {ll.lesson.id: ll for ll in project.lessons}
    forms = {lid: list(f) for lid, f in plan_.forms.items() if any(f)}

    def pages(lid: str, form: Form | None) -> int:
        return outputs[(lid, "worksheet", form, "pdf", "standard")].pages

    def refit(target: dict[str, int], first: int) -> set[str]:
        nonlocal outputs
        todo = {lid: [i for i, f in enumerate(forms[lid]) if pages(lid, f) != n] for lid, n in target.items()}
        changed = set()
        for attempt in range(first, first + FIT_TRIES):
            tries = [(lid, i, Form(forms[lid][i].letter, f"{options.forms[i].seed}+{attempt}"))
                     for lid, indexes in todo.items() for i in indexes]
            if not tries:
                break
            jobs = [Job(lid, "worksheet", form, "pdf", "standard",
                        worksheet(lessons[lid], project.course, templates, paper=options.paper, form=form), None)
                    for lid, _, form in tries]
            outputs = write(jobs, options, outputs, cache)
            for lid, i, form in tries:
                if pages(lid, form) == target[lid]:
                    forms[lid][i] = form
                    todo[lid].remove(i)
                    changed.add(lid)
        return changed

    changed = refit({lid: pages(lid, None) for lid in forms}, 1)
    mixed = {lid: Counter(pages(lid, f) for f in fs) for lid, fs in forms.items()}
    changed |= refit({lid: min(c, key=lambda n: (-c[n], n)) for lid, c in mixed.items() if len(c) > 1},
                     1 + FIT_TRIES)
    if not changed:
        return plan_, outputs
    jobs = []
    for ll in project.lessons:
        lid = ll.lesson.id
        jobs += (lesson_jobs(ll, project.course, templates, options, tuple(forms[lid])) if lid in changed
                 else [j for j in plan_.jobs if j.lesson == lid])
    new = Plan(tuple(jobs), {**plan_.forms, **{lid: tuple(fs) for lid, fs in forms.items()}})
    return new, write(new.jobs, options, outputs, cache)


def _packet_form(forms: Iterable[Form | None]) -> str | None:
    """The form a packet holds: the first (A) where versions are printed; the key grid gives every form."""
    first = next(iter(forms), None)
    return first.letter if first else None


def assemble(project: Project, options: Options, templates: Templates, plan_: Plan,
             outputs: dict[tuple, Output], cache: Cache | None = None) -> Results:
    """The files of the run: every written document that goes to a file, the class sets and the packets. With a
    cache, a file the last build made from the same inputs is marked kept (and not assembled again)."""
    if cache is not None:
        outputs = realize(plan_.jobs, options, outputs, cache)
    results = Results()
    for job in plan_.jobs:
        if job.stem:
            path, output = job.path(options), outputs[job.key]
            key = cache.key(job.fmt, job.profile, job.doc) if cache is not None else ""
            kept = cache is not None and cache.is_kept(path, key)
            results.files.append(Rendered(path, output.data, kept))
            if cache is not None:
                cache.note_file(path, key, output.data, output)
            results.warnings += output.warnings
    if options.students:
        for ll in project.lessons:
            made, warnings = class_sets(ll, project.course, templates, options, plan_.forms[ll.lesson.id], outputs,
                                        cache)
            results.files += made
            results.warnings += warnings
    if "pdf" in options.formats and project.lessons:
        if options.packets:
            results.files += packet_files(project, options, templates, plan_, outputs, cache)
        else:
            results.notes.append("course-packet.pdf and teacher-packet.pdf were left as they were: this run "
                                 "builds only some of the lessons (build them all to refresh the packets)")
    return results


def run(project: Project, options: Options, templates: Templates, cache: Cache | None = None) -> Results:
    """Plan, write and assemble; the caller commits the results (see `commit`). With a cache (see
    lessonpress.manifest), only what changed since the last build is made."""
    plan_ = plan(project, options, templates)
    outputs = write(plan_.jobs, options, cache=cache)
    plan_, outputs = fit_forms(project, options, templates, plan_, outputs, cache)
    return assemble(project, options, templates, plan_, outputs, cache)


def _assembled(cache: Cache | None, path: Path, parts: tuple, make: Callable[[], bytes]) -> Rendered:
    """A class set or packet: kept when the last build assembled it from the same parts, else made."""
    if cache is None:
        return Rendered(path, make())
    key = cache.key("assembled", *parts)
    found = cache.kept(path, key)
    data = found[0] if found is not None else make()
    cache.note_file(path, key, data)
    return Rendered(path, data, found is not None)


def _front(cache: Cache | None, options: Options, doc: Document):
    """A packet's cover and contents, written (or, when the last build wrote the same, its page record)."""
    from lessonpress.manifest import output_of

    job = ("pdf", options.profile, None, doc)
    if cache is None:
        return render_one(job)
    key, output = cache.key("pdf", options.profile, doc), None
    made = cache.remembered(key)
    if made is not None:
        try:
            output = output_of(made, lambda: render_one(job))
        except (TypeError, ValueError, AttributeError, KeyError):
            output = None
    output = output or render_one(job)
    cache.note(key, output)
    return output


def packet_files(project: Project, options: Options, templates: Templates, plan_: Plan,
                 outputs: dict[tuple, Output], cache: Cache | None = None) -> list[Rendered]:
    """output/course-packet.pdf and output/teacher-packet.pdf: every lesson's documents in one binder."""
    from lessonpress.packet import Part, build_packet, starts

    course, out, todo = project.course, [], []
    letter = _packet_form(options.forms)
    files = {(j.lesson, j.kind): j for j in plan_.jobs
             if j.fmt == "pdf" and j.stem is not None and (j.form is None or j.form.letter == letter)}
    for name, kinds in PACKETS.items():
        context = {"packet": name, "course": course, "lessons": [ll.lesson.title for ll in project.lessons],
                   "form": letter, "forms": len(options.forms)}
        jobs = [(ll.lesson.title, [files[key] for kind in kinds if (key := (ll.lesson.id, kind)) in files])
                for ll in project.lessons]
        sections = [(title, [Part(j.doc.kind_label, outputs[j.key]) for j in js]) for title, js in jobs]
        front_pages, front = 2, None
        for _ in range(3):  # a long contents list: lay out again with its real length
            if front is not None:
                if front.pages == front_pages:
                    break
                front_pages = front.pages
            numbered = [Section(title, tuple((p.label, n) for p, n in zip(parts, first, strict=True)))
                        for (title, parts), first in zip(sections, starts(front_pages, [p for _, p in sections]),
                                                         strict=True)]
            doc = packet_front(course, templates, name, numbered, form=letter, forms=len(options.forms),
                               paper=options.paper)
            front = _front(cache, options, doc)

        def stamp(number: int, context=context) -> str:
            return plain(wording(templates, "stamp", number=number, **context)[0])

        title, author = f"{course.title} — {doc.title}", course.teacher or course.title
        pages = front.pages + front.pages % 2 + sum(p.pdf.pages + p.pdf.pages % 2 for _, ps in sections for p in ps)
        stamps = tuple(stamp(n) for n in range(1, pages + 1))
        path = options.out / f"{name}{options.suffix}.pdf"
        key = cache.key("assembled", "packet", cache.output_key(front), repr([(t, [(j.doc.kind_label, cache.output_key(
            outputs[j.key])) for j in js]) for t, js in jobs]), repr(stamps), title, author,
            templates.labels.language) if cache is not None else ""  # what it is assembled from
        found = cache.kept(path, key) if cache is not None else None
        if found is not None:
            cache.note_file(path, key, found[0])
            out.append(Rendered(path, found[0], True))
        else:  # made below: what a process is sent (the front's bytes made now, if they were not)
            front = Output(front.data, front.pages, front.fields, front.stamp_at)
            todo.append((len(out), path, key, partial(build_packet, front, sections, partial(_nth, stamps),
                                                      title=title, author=author,
                                                      language=templates.labels.language)))
            out.append(None)
    if len(todo) > 1 and options.jobs > 1:  # the two packets at once, one in another process
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=1) as pool:
            other = pool.submit(todo[0][3])
            made = [other.result() if i == 0 else make() for i, (_, _, _, make) in reversed(list(enumerate(todo)))]
            made.reverse()
    else:
        made = [make() for _, _, _, make in todo]
    for (index, path, key, _), data in zip(todo, made, strict=True):
        if cache is not None:
            cache.note_file(path, key, data)
        out[index] = Rendered(path, data)
    return out


def _nth(stamps: tuple[str, ...], number: int) -> str:
    """The stamp of packet page `number` (counting from 1)."""
    return stamps[number - 1]


def class_sets(ll: LoadedLesson, course: Course, templates: Templates, options: Options,
               forms: tuple[Form | None, ...], outputs: dict[tuple, Output],
               cache: Cache | None = None) -> tuple[list[Rendered], list[Diagnostic]]:
    """One PDF per period: every student's copy of their form, stamped with name and period."""
    from lessonpress.classset import Readers
    from lessonpress.classset import assemble as assemble_set

    lid = ll.lesson.id
    by_letter = {f.letter if f else None: f for f in forms}
    by_period: dict[str, list[Student]] = {}
    for s in options.students or ():
        by_period.setdefault(s.period, []).append(s)
    readers, author, out, used_all = Readers(), course.teacher or course.title, [], []
    labels = templates.labels
    names = {s.form: labels("form", form=s.form) for s in options.students or () if s.form}
    for period, students in by_period.items():
        used, keys = {}, {}
        for s in students:
            profile = "large-print" if s.large_print else options.profile
            job_key = (lid, "worksheet", by_letter[s.form], "pdf", profile)
            used[(s.form, s.large_print)] = outputs[job_key]
            keys[(s.form, s.large_print)] = job_key
        used_all += used.values()
        title = labels("class_set_title", title=ll.lesson.title, period=period)
        period_label = labels("class_set_period", period=period)
        path = options.out / lid / f"class-set-period-{safe_name(period)}{options.suffix}.pdf"
        parts: tuple = ()
        if cache is not None:  # what the set is assembled from: the students, the labels and the forms' documents
            parts = ("class set", repr(students), title, author, period_label, repr(sorted(names.items())),
                     labels.language, repr(sorted((repr(k), cache.output_key(outputs[v])) for k, v in keys.items())))
        out.append(_assembled(cache, path, parts, lambda students=students, used=used, title=title,
                              period_label=period_label: assemble_set(
                                  students, used, title, readers=readers, author=author, period_label=period_label,
                                  form_labels=names, language=labels.language)))
    warnings = []
    unnamed = [f for f in ("name", "period") if any(f not in sheet.fields for sheet in used_all)]
    if unnamed:
        blanks = " or ".join(f'<blank name="{f}"/>' for f in unnamed)
        warnings.append(Diagnostic(templates.location("worksheet_header.j2"), f"the worksheet header has no {blanks} "
                                   "on a line that fits the page, so class sets print each name only at the top of "
                                   "the page; name the blanks as the built-in header does", "classset.unstamped",
                                   "warning"))
    return out, warnings


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether `path` is a file (not a link) that holds exactly `data`: written again, it would change only its
    time (after a build whose manifest is gone, or a preview that wrote the same file)."""
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def commit(out: Path, files: list[Rendered]) -> None:
    """Write every file of the run into `out` as one change (see lessonpress.output); the caller holds the
    folder's lock."""
    write_all(out, [(f.path, f.data) for f in files])
