"""Readers for the online-quiz files, written from each platform's published format (not from our writers), and
the lesson questions each file must hold, in the printed worksheet's order."""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from lessonpress.cli import main
from lessonpress.documents.common import Form, question_groups
from lessonpress.validate import LoadedLesson, load_project

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QTI_SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "qti-1.2-subset.xsd")))
ALL_FORMATS = "canvas,moodle,gift,blackboard,google-forms"
FILES = {"canvas": "quiz{form}-canvas.zip", "moodle": "quiz{form}-moodle.xml", "gift": "quiz{form}.gift",
         "blackboard": "quiz{form}-blackboard.txt", "google-forms": "quiz{form}-google-forms.gs"}
# the question types Canvas's importer knows (classic quizzes), from Canvas's QTI exporter
CANVAS_TYPES = {"multiple_choice_question", "true_false_question", "short_answer_question", "essay_question",
                "matching_question", "multiple_dropdowns_question", "fill_in_multiple_blanks_question",
                "multiple_answers_question", "numerical_question", "calculated_question", "text_only_question",
                "file_upload_question"}


ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "lessons"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "quiz"


def build_all(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The course, the hostile lesson and the course in three forms, built in every quiz format (and as
    debug dumps, which give the order each form's worksheet printed); conftest's quiz_builds runs it once."""
    out = {}
    for name, args in (("course", [str(COURSE)]), ("hostile", [str(HOSTILE)]),
                       ("versions", [str(COURSE), "--versions", "3"])):
        folder = tmp_path_factory.mktemp(name)
        assert main(["build", *args, "--out", str(folder), "--format", f"{ALL_FORMATS},debug", "-q"], root=ROOT) == 0
        out[name] = folder
    return out


def lessons(folder: Path) -> list[LoadedLesson]:
    project = load_project([folder], folder)
    assert not project.report.errors, project.report.errors
    return project.lessons


def printed(ll: LoadedLesson, form: Form | None = None) -> list:
    """The lesson's questions in the order the worksheet numbers them (for a form: its shuffle)."""
    return [n.question for g in question_groups(ll, form) for n in g.items]


def printed_in(out: Path, ll: LoadedLesson, letter: str) -> list:
    """The lesson's questions in the order a form's worksheet really printed them (read from the worksheet's
    debug dump, so a form re-shuffled to fit its page count is read as printed)."""
    by_prompt = {re.sub(r"_{3,}", "___", q.prompt): q for q in ll.lesson.questions}
    dump = (out / ll.lesson.id / f"worksheet-{letter}.txt").read_text(encoding="utf-8")
    found = [re.sub(r"_{3,}", "___", m[1]) for m in re.finditer(r"^\d+\. (.*) \(\d+ pt\)$", dump, re.M)]
    assert len(found) == len(ll.lesson.questions)
    return [by_prompt[p] for p in found]


def quiz_file(out: Path, ll: LoadedLesson, fmt: str, form: str | None = None) -> Path:
    return out / ll.lesson.id / FILES[fmt].format(form=f"-{form}" if form else "")


# Canvas ------------------------------------------------------------------------------------------

@dataclass
class CanvasPackage:
    names: list[str]
    manifest: etree._Element
    assessment: etree._Element
    meta: etree._Element
    assessment_path: str


def read_canvas(path: Path) -> CanvasPackage:
    """Open a Canvas export as Canvas's importer does: the manifest first, then the files it names."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        manifest = etree.fromstring(z.read("imsmanifest.xml"))
        resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
        for r in resources.values():  # every path and dependency the manifest gives must resolve
            for f in r.iter(f"{CP}file"):
                assert f.get("href") in names, f"manifest names a missing file {f.get('href')}"
            for d in r.iter(f"{CP}dependency"):
                assert d.get("identifierref") in resources
        qti = [r for r in resources.values() if r.get("type") == "imsqti_xmlv1p2"]
        assert len(qti) == 1
        apath = qti[0].find(f"{CP}file").get("href")
        meta_path = [r.get("href") for r in resources.values() if r.get("href", "").endswith("assessment_meta.xml")]
        assert len(meta_path) == 1
        return CanvasPackage(names, manifest, etree.fromstring(z.read(apath)),
                             etree.fromstring(z.read(meta_path[0])), apath)


def canvas_fields(item: etree._Element) -> dict[str, str]:
    return {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") or ""
            for f in item.find(f"{QTI}itemmetadata").iter(f"{QTI}qtimetadatafield")}


def canvas_rules(item: etree._Element) -> None:
    """What Canvas's importer relies on: every varequal names a response of the item and, for a choice response,
    one of its labels; responses, each response's labels and feedback ids unique; displayfeedback points at
    feedback that exists. (A matching question's rows share their labels, as Canvas exports them.)"""
    found = list(item.iter(f"{QTI}response_lid", f"{QTI}response_str"))
    responses = {r.get("ident"): r for r in found}
    assert len(responses) == len(found), "response identifiers repeat"
    for r in found:
        labels = [lab.get("ident") for lab in r.iter(f"{QTI}response_label")]
        assert len(labels) == len(set(labels)), "response labels repeat"
    for v in item.iter(f"{QTI}varequal"):
        response = responses.get(v.get("respident"))
        assert response is not None, f"varequal names no response: {v.get('respident')}"
        if response.tag == f"{QTI}response_lid":
            assert v.text in {lab.get("ident") for lab in response.iter(f"{QTI}response_label")}
    feedback = {f.get("ident") for f in item.iter(f"{QTI}itemfeedback")}
    for d in item.iter(f"{QTI}displayfeedback"):
        assert d.get("linkrefid") in feedback


def mattext(el: etree._Element) -> str:
    """The text a student sees in a mattext (HTML read back to text)."""
    text = el.find(f"{QTI}material/{QTI}mattext")
    return html_to_text(text.text or "") if text.get("texttype") == "text/html" else text.text


def shown(text: str) -> str:
    """Lesson text as a platform shows it: Unicode's line and paragraph separators are line breaks."""
    return text.replace("\u2028", "\n").replace("\u2029", "\n")


def html_to_text(value: str) -> str:
    value = re.sub(r"<br>", "\n", value)
    value = re.sub(r"</p>|</h3>", "\n", value)
    return html.unescape(re.sub(r"<[^>]+>", "", value)).strip()


# Moodle -------------------------------------------------------------------------------------------

CLOZE_FIELD = re.compile(r"\{(\d*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|MULTICHOICE|MC|NUMERICAL|NM):"
                         r"((?:\\.|[^\\}])*)\}")


def cloze_fields(text: str) -> list[tuple[int, str, list[tuple[bool, str]]]]:
    """Moodle's cloze syntax read as Moodle reads it: each {weight:TYPE:answers} field, its answers split at
    unescaped '~', each right ('=' or %100%) or not, backslash escapes undone."""
    out = []
    for m in CLOZE_FIELD.finditer(text):
        answers = []
        for raw in re.split(r"(?<!\\)~", m[3]):
            right = raw.startswith("=") or raw.startswith("%100%")
            raw = raw[1:] if raw.startswith("=") else re.sub(r"^%\d+%", "", raw)
            answers.append((right, html.unescape(re.sub(r"\\(.)", r"\1", raw))))
        out.append((int(m[1] or 1), m[2], answers))
    return out


# Blackboard ---------------------------------------------------------------------------------------

def read_blackboard(path: Path) -> list[dict]:
    """Blackboard's upload format read back: one question a line, tab-separated, its fields by type."""
    out = []
    data = path.read_bytes().decode("utf-8")
    assert "\n\n" not in data.replace("\r\n", "\n"), "a blank line fails Blackboard's upload"
    for line in data.replace("\r\n", "\n").rstrip("\n").split("\n"):
        kind, prompt, *rest = [html.unescape(f.replace("<br>", "\n")) for f in line.split("\t")]
        q = {"type": kind, "prompt": prompt}
        if kind == "MC":
            q["choices"] = rest[0::2]
            q["correct"] = [i for i, mark in enumerate(rest[1::2]) if mark == "correct"]
            assert set(rest[1::2]) <= {"correct", "incorrect"}
        elif kind == "TF":
            assert rest in (["true"], ["false"])
            q["answer"] = rest[0] == "true"
        elif kind == "MAT":
            q["pairs"] = list(zip(rest[0::2], rest[1::2], strict=True))
        elif kind == "ORD":
            q["items"] = rest
        elif kind == "FIB":
            q["answers"] = [rest]
        elif kind == "FIB_PLUS":
            variables: dict[str, list[str]] = {}
            for group in "\t".join(rest).split("\t\t"):
                name, *answers = group.split("\t")
                variables[name] = answers
            assert [f"[{v}]" for v in variables] == re.findall(r"\[[^\]]+\]", prompt), "a blank without a variable"
            q["answers"] = list(variables.values())
        elif kind in ("ESS", "SR"):
            q["sample"] = rest[0] if rest else ""
        else:
            raise AssertionError(f"unknown Blackboard question type {kind}")
        out.append(q)
    return out
