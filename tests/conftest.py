"""Shared fixtures: run the command line in-process and read back what it wrote."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import docx.document
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree
from pypdf import PdfReader

from lessonpress.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "lessons" / "01-tensions-and-treaties.yaml"
COURSE = ROOT / "lessons" / "course.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `lessonpress ARGS` in a given folder; return exit code and printed text."""

    def run(*args: str | Path, cwd: Path | None = None, root: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main([str(a) for a in args], root=root)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away project folder with lessons/ holding course.yaml and the every-type fixture."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    shutil.copy(FIXTURES / "valid" / "every-type.yaml", lessons / "every-type.yaml")
    return tmp_path


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory) -> Path:
    """The sample lesson built once: output/01-tensions-and-treaties/ with all its files."""
    out = tmp_path_factory.mktemp("sample")
    assert main(["build", str(SAMPLE), str(COURSE), "--out", str(out), "-q"], root=ROOT) == 0
    return out / "01-tensions-and-treaties"


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def squash(text: str) -> str:
    """Whitespace folded to single spaces, for comparing text that the PDF wraps across lines."""
    return " ".join(text.split())


def docx_paragraphs(container) -> list[Paragraph]:
    """Every paragraph of a Word document (or of a header, footer or table cell) outside tables, in reading
    order, those inside block content controls too (lessonpress's answer spaces): python-docx's `.paragraphs`
    sees only the container's own children and would miss them."""
    root = container.element.body if isinstance(container, docx.document.Document) else container._element

    def walk(element):
        for child in element:
            if child.tag == qn("w:p"):
                yield Paragraph(child, container)
            elif child.tag == qn("w:sdt"):
                yield from walk(child.find(qn("w:sdtContent")))

    return list(walk(root))


def docx_controls(d, tag: str | None = None) -> list[tuple[str, list[Paragraph]]]:
    """The block content controls of a Word document in order, as (title, paragraphs), optionally only those of
    a `w:tag`."""
    found = []
    for sdt in d.element.body.iter(qn("w:sdt")):
        props = sdt.find(qn("w:sdtPr"))
        own = props.find(qn("w:tag"))
        if tag is not None and (own is None or own.get(qn("w:val")) != tag):
            continue
        alias = props.find(qn("w:alias"))
        found.append((alias.get(qn("w:val")) if alias is not None else "",
                      [Paragraph(p, d) for p in sdt.find(qn("w:sdtContent")).iter(qn("w:p"))]))
    return found


def docx_parts(path: Path) -> dict[str, etree._Element]:
    """The XML of a Word file's story parts (body, headers, footers, notes, comments) by part name: where its text,
    drawings and images are (for checks over every story at once)."""
    stories = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
    with zipfile.ZipFile(path) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist() if stories.fullmatch(name)}


def docx_text(path: Path) -> str:
    d = docx.Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in docx_paragraphs(d)]
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in docx_paragraphs(cell))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def quiz_builds(tmp_path_factory) -> dict[str, Path]:
    """The course, a hostile lesson and three forms in every online-quiz format, built once (tests/quizfiles.py)."""
    from tests.quizfiles import build_all

    return build_all(tmp_path_factory)


def figure_outside_lessons(root: Path, lesson: Path, shade: int = 128) -> Path:
    """Give `lesson` a figure whose picture is kept outside lessons/, in root/pictures/map.png (a grey
    rectangle of the given shade); return the picture's path."""
    from PIL import Image

    pictures = root / "pictures"
    pictures.mkdir(exist_ok=True)
    Image.new("L", (1200, 600), shade).save(pictures / "map.png")
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("\nquestions:", """
figures:
  - image: ../pictures/map.png
    alt: A grey rectangle standing for a map.
    caption: A map.
questions:""", 1), encoding="utf-8")
    return pictures / "map.png"
