"""The preview's builds: the unit's pages as HTML first (quick), then its PDF and Word files, each time making
only the documents whose content changed and rewriting only the files whose bytes changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.build import Options, assemble, commit, documents, fit_forms, plan, same_bytes, write
from lessonpress.errors import LessonpressError
from lessonpress.figures import picture_files
from lessonpress.model import Document
from lessonpress.output import Lock
from lessonpress.templating import Templates
from lessonpress.validate import Project, lesson_files, load_project
from lessonpress.writers import Output, get_writer


@dataclass(frozen=True)
class LessonView:
    """One lesson as the page lists it: its id, title and documents as (file stem, label)."""

    id: str
    title: str
    documents: tuple[tuple[str, str], ...]


@dataclass
class Pages:
    """What one HTML pass found: the lessons, the problems (one line each) and which pages changed."""

    lessons: tuple[LessonView, ...] = ()
    problems: tuple[str, ...] = ()
    failed: bool = False
    changed: list[tuple[str, str]] = field(default_factory=list)
    snapshot: tuple[Project, Templates] | None = None
    """What the PDF and Word files are then made from (None after a mistake)."""


@dataclass(frozen=True)
class Settings:
    """What the preview builds from and into (the same meaning as `lessonpress build`'s options)."""

    root: Path
    paths: tuple[Path, ...]
    out: Path
    templates: Path | None
    paper: str | None = None
    profile: str = "standard"
    formats: tuple[str, ...] = ("pdf", "docx")

    @property
    def lessons_dir(self) -> Path:
        return self.root / "lessons"

    @property
    def templates_dir(self) -> Path:
        return self.templates if self.templates is not None else self.root / "templates"


class Rebuilder:
    """Keeps the last good HTML of every document and the last output record of every written document, so an
    edit re-renders only what it changed. `pages` and `files` may run at once, each from one thread."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.html: dict[tuple[str, str], tuple[Document, bytes]] = {}
        self._outputs: dict[tuple, tuple[Document, Output]] = {}
        self._writer = get_writer("html", settings.profile)
        self.pictures: tuple[Path, ...] = ()
        """The picture files the lessons' figures name, as last read: saving one over updates the pages too."""

    def pages(self) -> Pages:
        """Load and validate every lesson and make the HTML of each document whose content changed. On a
        mistake the problems are returned and the last good pages kept."""
        s = self.settings
        project = load_project(list(s.paths), s.lessons_dir)
        self.pictures = tuple(picture_files(project.lessons)) or self.pictures
        problems = tuple(str(d) for d in project.report.sorted())
        if project.report.errors:
            return Pages(problems=problems, failed=True)
        templates = Templates(s.templates_dir if s.templates_dir.is_dir() else None, project.course.language)
        try:
            made = [(ll, [d for d in documents(ll, project.course, templates, s.paper) if "html" in d.formats])
                    for ll in project.lessons]
        except LessonpressError as exc:  # a mistake in a template or label file
            return Pages(problems=problems + tuple(str(d) for d in exc.diagnostics), failed=True)
        html, result = {}, Pages(problems=problems)
        for ll, docs in made:
            for d in docs:
                key = (ll.lesson.id, d.stem)
                old = self.html.get(key)
                if old is None or old[0] != d.doc:
                    old = (d.doc, self._writer.write(d.doc))
                    result.changed.append(key)
                html[key] = old
        result.changed += [key for key in self.html if key not in html]
        self.html = html
        result.lessons = tuple(LessonView(ll.lesson.id, ll.lesson.title, tuple((d.stem, d.doc.kind_label)
                                                                               for d in docs)) for ll, docs in made)
        result.snapshot = (project, templates)
        return result

    def files(self, snapshot: tuple[Project, Templates],
              pause: Callable[[], bool] = lambda: False) -> tuple[list[Path], list[Path]] | None:
        """Write the PDF and Word files of a good `pages` pass: only documents whose content changed are written
        again, and only files whose bytes changed are rewritten. `pause` is called before each document; it may
        wait (while pages are being made) and returns True to give up (newer pages are waiting), then nothing is
        committed and None returned. Otherwise returns (every file, files rewritten)."""
        project, templates = snapshot
        s = self.settings
        reference = s.templates_dir / "reference.docx"
        whole = {p.resolve() for p in lesson_files([], s.lessons_dir)}
        covered = {p.resolve() for p in lesson_files(list(s.paths), s.lessons_dir)}
        options = Options(s.out, s.formats, s.paper, (None,), s.profile, None,
                          reference if reference.is_file() else None, jobs=1,
                          packets=not s.paths or whole <= covered)
        plan_ = plan(project, options, templates)
        outputs = {job.key: kept[1] for job in plan_.jobs
                   if (kept := self._outputs.get(job.key)) is not None and kept[0] == job.doc}
        for job in plan_.jobs:
            if job.key not in outputs:
                if pause():
                    return None
                outputs = write([job], options, outputs)
                self._outputs[job.key] = (job.doc, outputs[job.key])
        if pause():
            return None
        plan_, outputs = fit_forms(project, options, templates, plan_, outputs)
        results = assemble(project, options, templates, plan_, outputs)
        changed = [f for f in results.files if not same_bytes(f.path, f.data)]
        with Lock(s.out):  # never beside a build into the same folder
            commit(s.out, changed)
        return [f.path for f in results.files], [f.path for f in changed]
