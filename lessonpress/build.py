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
from lessonpress.documents.worksheet import worksheet
from lessonpress.errors import Diagnostic, LessonpressError
from lessonpress.model import Document
from lessonpress.output import write_atomic
from lessonpress.schema import Course
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson, Project
from lessonpress.writers import get_writer

# document kind -> (builder, file stem, formats it is made in)
KINDS: dict[str, tuple[Callable[..., Document], str, tuple[str, ...]]] = {
    "handout": (handout, "handout", ("pdf",)),
    "worksheet": (worksheet, "worksheet", ("pdf", "docx")),
    "answer-key": (answer_key, "answer-key", ("pdf", "docx")),
}


@dataclass
class Rendered:
    path: Path
    data: bytes


# kinds printed once per form when versions are made
PER_FORM = {"worksheet", "answer-key"}


def documents(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None,
              forms: list[Form | None] = (None,)):
    """Yield (file stem, formats, Document) for each document of one lesson (each form's, where versions)."""
    for kind, (builder, stem, formats) in KINDS.items():
        if kind in PER_FORM:
            for form in forms:
                name = f"{stem}-{form.letter}" if form else stem
                yield name, formats, builder(ll, course, templates, paper=paper, form=form)
        else:
            yield stem, formats, builder(ll, course, templates, paper=paper)
    lettered = [f for f in forms if f is not None]
    if lettered:
        yield "key-grid", ("pdf",), key_grid(ll, course, templates, lettered, paper=paper)


def render(project: Project, out: Path, formats: list[str], templates: Templates, paper: str | None,
           reference_docx: Path | None = None, forms: list[Form | None] = (None,),
           ) -> tuple[list[Rendered], list[Diagnostic]]:
    """Render every document of every lesson into memory; return the files and any warnings."""
    writers = {}
    for fmt in formats:
        writers[fmt] = get_writer(fmt)
        if fmt == "docx" and reference_docx is not None:
            writers[fmt].reference = reference_docx
    files: list[Rendered] = []
    warnings: list[Diagnostic] = []
    if "pdf" in writers:
        from lessonpress.writers.fonts import missing_glyphs

        sources = [ll.source for ll in project.lessons] + ([project.course_source] if project.course_source else [])
        warnings = missing_glyphs([s for src in sources for s in src.scalars])
    for ll in project.lessons:
        for stem, kinds_formats, doc in documents(ll, project.course, templates, paper, forms):
            for fmt, writer in writers.items():
                if fmt not in kinds_formats and fmt != "debug":
                    continue
                files.append(Rendered(out / ll.lesson.id / f"{stem}{writer.suffix}", writer.write(doc)))
                if fmt == "docx":
                    gc.collect()  # python-docx keeps memory across documents
    return files, warnings


def write_all(files: list[Rendered]) -> None:
    for f in files:
        write_atomic(f.path, f.data)


__all__ = ["render", "write_all", "KINDS", "LessonpressError"]
