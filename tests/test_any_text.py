"""Whatever `check` accepts, `build` prints: text of any length in any field, in every profile; input and
templates that would never end are stopped with a located error. The property-based test runs a fixed,
seeded budget in CI; LESSONPRESS_FUZZ_EXAMPLES=2000 runs the nightly-sized one (see README)."""

from __future__ import annotations

import copy
import io
import os
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from lessonpress.writers import pdf_page
from lessonpress.writers.pdf_style import layout
from tests.conftest import COURSE, FIXTURES, pdf_text, squash

LESSON = yaml.safe_load((FIXTURES / "valid" / "every-type.yaml").read_text(encoding="utf-8"))
LESSON["questions"][0]["answer"] = "C"
LESSON["questions"][1]["answer"] = False
LESSON["plan"] = {"materials": ["Map"], "procedure": [{"minutes": 45, "activity": "Reading", "details": "Read."}]}
LESSON["figures"] = [{"image": "images/map.png", "alt": "A map.", "caption": "A map.", "credit": "Drawn here."}]
LESSON["central_question"] = "Why did they agree?"
LESSON["documents"] = [{"title": "A pact", "excerpt": "They agreed to fish.", "source": {"author": "Japan"},
                        "cite": "Jones, pg. 178",
                        "questions": [{"type": "short_answer", "prompt": "What did they agree to?",
                                       "answer": "To fish."}]}]
BASE_COURSE = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
FIELDS = [("title",), ("objectives", 0), ("warm_up",), ("vocabulary", 0, "term"), ("vocabulary", 0, "definition"),
          ("timeline", 0, "date"), ("timeline", 0, "event"), ("people", 0, "role"), ("questions", 0, "prompt"),
          ("questions", 0, "choices", 0), ("questions", 3, "pairs", 0, "left"), ("questions", 3, "pairs", 0, "right"),
          ("questions", 4, "items", 0), ("questions", 7, "rubric", 0, "criterion"), ("questions", 2, "word_bank", 2),
          ("plan", "procedure", 0, "details"), ("course", "title"), ("course", "teacher"), ("course", "school"),
          ("figures", 0, "caption"), ("figures", 0, "credit"), ("figures", 0, "alt"), ("central_question",),
          ("documents", 0, "title"), ("documents", 0, "excerpt"), ("documents", 0, "source", "author"),
          ("documents", 0, "questions", 0, "prompt")]


def project(folder: Path, changes: dict[tuple, object]) -> Path:
    """A project folder holding the every-type lesson (and course) with `changes` made."""
    lesson, course = copy.deepcopy(LESSON), copy.deepcopy(BASE_COURSE)
    for path, value in changes.items():
        target, keys = (course, path[1:]) if path[0] == "course" else (lesson, path)
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value
    (folder / "lessons" / "images").mkdir(parents=True)
    Image.new("L", (1200, 700), 150).save(folder / "lessons" / "images" / "map.png")
    dump = {"allow_unicode": True, "width": 1 << 30, "sort_keys": False}
    (folder / "lessons" / "every-type.yaml").write_text(yaml.safe_dump(lesson, **dump), encoding="utf-8")
    (folder / "lessons" / "course.yaml").write_text(yaml.safe_dump(course, **dump), encoding="utf-8")
    return folder


LONG_WORD = "Verfassungsänderung" * 53  # one unbroken "word" of a thousand characters


@pytest.mark.parametrize(("field", "text", "profile"), [
    (("title",), "word " * 1000, "large-print"),  # the answer key's and packet contents' rows taller than a page
    (("course", "teacher"), "word " * 1000, "standard"),  # the worksheet's header line continues on
    (("course", "title"), "Unit " * 80, "dyslexia"),  # more than Word's 255 characters of a document property
    (("questions", 3, "pairs", 0, "right"), LONG_WORD, "large-print"),
    (("timeline", 0, "event"), "event " * 700, "standard"),
    (("documents", 0, "excerpt"), "excerpt " * 1500, "large-print"),  # a document longer than two pages
    (("figures", 0, "caption"), "caption " * 600, "dyslexia"),  # a caption that leaves its picture little room
])
def test_long_text_prints(cli, tmp_path, field, text, profile):
    folder = project(tmp_path, {field: text})
    assert cli("check", "-q", cwd=folder, root=folder).code == 0
    run = cli("build", "-q", "-j", "1", "--profile", profile, cwd=folder, root=folder)
    assert run.code == 0, run.err
    out = folder / "output" / "every-type"
    suffix = "" if profile == "standard" else f"-{profile}"
    printed = squash(" ".join(pdf_text(out / f"{kind}{suffix}.pdf") for kind in ("handout", "worksheet", "answer-key")))
    assert squash(text)[:300].replace(" ", "") in printed.replace(" ", "")
    word = docx.Document(io.BytesIO((out / f"answer-key{suffix}.docx").read_bytes()))
    assert len(word.core_properties.title) <= 255 and len(word.core_properties.subject) <= 255
    if field == ("course", "title"):
        assert word.core_properties.subject.endswith("…")


def test_running_header_work_is_linear(monkeypatch):
    """Shortening a 100,000-character title measures a few lines' worth, not the whole title again and again."""
    calls = []
    real = pdf_page.stringWidth

    def counted(text, *args):
        calls.append(len(text))
        return real(text, *args)

    monkeypatch.setattr(pdf_page, "stringWidth", counted)
    lines = pdf_page.wrap("W" * 100_000, layout("standard").sans, 8.5, 400)
    assert len(lines) == pdf_page.MAX_LINES and lines[-1].endswith("…")
    assert sum(calls) < 300_000  # characters measured: the title once, then a few lines of it


def test_aliases_count_the_text_they_expand_to(cli, tmp_path):
    big = "x" * 100_000
    f = tmp_path / "alias.yaml"
    f.write_text(f"id: a\ntitle: &t {big}\nsection: [{', '.join(['*t'] * 50)}]\n", encoding="utf-8")
    run = cli("check", f, cwd=tmp_path, root=tmp_path)
    assert run.code == 1 and "alias.yaml:2:8: error: the file expands to more than 2,000,000 characters" in run.err


@pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="no /dev/zero or pipes")
def test_devices_and_pipes_are_refused_by_name(cli, tmp_path):
    run = cli("check", "/dev/zero", cwd=tmp_path, root=tmp_path)
    assert run.code == 1 and "/dev/zero: error: is not an ordinary file" in run.err
    (tmp_path / "lessons").mkdir()
    os.mkfifo(tmp_path / "lessons" / "pipe.yaml")
    run = cli("check", cwd=tmp_path, root=tmp_path)
    assert run.code == 1 and "lessons/pipe.yaml: error: is not an ordinary file" in run.err
    (tmp_path / "lessons" / "pipe.yaml").unlink()
    project(tmp_path / "p", {})
    run = cli("build", "--roster", "/dev/zero", cwd=tmp_path / "p", root=tmp_path / "p")
    assert run.code == 1 and "/dev/zero: error: is not an ordinary file" in run.err


@pytest.mark.parametrize(("body", "limit", "what"), [
    ("{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}", "MAX_OUTPUT",
     "printed more than 100 characters"),
    ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}x", "MAX_SECONDS",
     "ran for more than 0.5 seconds"),
])
def test_endless_templates_are_stopped(cli, project, monkeypatch, body, limit, what):
    from lessonpress import templating

    monkeypatch.setattr(templating, limit, 100 if limit == "MAX_OUTPUT" else 0.5)
    (project / "templates").mkdir()
    (project / "templates" / "footer.j2").write_text(body + "\n", encoding="utf-8")
    run = cli("check", cwd=project, root=project)
    assert run.code == 1 and "templates/footer.j2" in run.err and what in run.err and "[template.limit]" in run.err


@pytest.mark.parametrize("lesson_id", ["con", "nul", "com1", "lpt9", "aux"])
def test_lesson_ids_that_no_folder_can_have(cli, tmp_path, lesson_id):
    folder = project(tmp_path, {("id",): lesson_id})
    run = cli("check", cwd=folder, root=folder)
    assert run.code == 1 and "lessons/every-type.yaml:1:5: error: lesson id" in run.err
    assert "a name Windows keeps for a device" in run.err and "[lesson.id-name]" in run.err


def test_a_roster_period_too_long_for_a_file_name(cli, project):
    (project / "roster.csv").write_text(f"name,period\nAda,{'P' * 300}\n", encoding="utf-8")
    run = cli("build", "--roster", "roster.csv", cwd=project, root=project)
    assert run.code == 1 and "roster.csv:2:" in run.err and "too long for a file name" in run.err
    assert not (project / "output").exists()


def test_source_date_epoch(cli, project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    run = cli("check", cwd=project, root=project)
    assert run.code == 1 and "SOURCE_DATE_EPOCH: error: must be a whole number of seconds since 1970" in run.err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("build", "-q", "-j", "1", cwd=project, root=project).code == 0
    out = project / "output" / "every-type"
    from pypdf import PdfReader

    assert PdfReader(out / "worksheet.pdf").metadata["/CreationDate"].startswith("D:20231114221320")
    created = docx.Document(io.BytesIO((out / "worksheet.docx").read_bytes())).core_properties.created
    assert created.isoformat().startswith("2023-11-14T22:13:20")


# -- whatever check accepts, build writes ------------------------------------------------------------------------
SCRIPTS = "aZ09 Tōgō Литвинов 東郷 مرحبا ‮e\u0301\u200d👩‍🏫 <b>&amp;</b> {{ x }} {% raw %} ___ …\u00ad\u00a0-*#:'\""
piece = st.one_of(
    st.text(alphabet=SCRIPTS, min_size=1, max_size=40),
    st.text(min_size=1, max_size=30),  # any Unicode: check refuses control characters with a located error
    st.builds(lambda c, n: c * n, st.sampled_from(["W", "ü", "東", "-", "_"]), st.integers(1, 1500)),
    st.builds(lambda w, n: " ".join([w] * n), st.sampled_from(["word", "Tōgō", "<b>", "a"]), st.integers(1, 1500)),
)
text = st.lists(piece, min_size=1, max_size=6).map(" ".join)
EXAMPLES = int(os.environ.get("LESSONPRESS_FUZZ_EXAMPLES", "6"))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# the failures an outside fuzz run found, always tried first
@example(changes={("title",): "word " * 1000}, profile="large-print", points=1, lines=1)
@example(changes={("course", "school"): "School " * 300, ("course", "title"): "Unit " * 80}, profile="standard",
         points=100, lines=30)
@given(changes=st.dictionaries(st.sampled_from(FIELDS), text, min_size=1, max_size=4),
       profile=st.sampled_from(["standard", "large-print", "dyslexia"]),
       points=st.sampled_from([1, 100]), lines=st.sampled_from([1, 30]))
def test_whatever_check_accepts_build_writes(cli, tmp_path_factory, changes, profile, points, lines):
    changes = {**changes, ("questions", 6, "points"): points, ("questions", 5, "lines"): lines}
    folder = project(tmp_path_factory.mktemp("fuzz"), changes)
    checked = cli("check", "-q", cwd=folder, root=folder)
    assert "internal error" not in checked.err
    if checked.code:
        assert all(": error: " in line or ": warning: " in line or line.startswith("lessonpress:")
                   for line in checked.err.splitlines() if line)
        return
    built = cli("build", "-q", "-j", "1", "--profile", profile, cwd=folder, root=folder)
    assert built.code == 0, built.err
    suffix = "" if profile == "standard" else f"-{profile}"
    assert {p.name for p in (folder / "output" / "every-type").iterdir()} >= {
        f"{k}{suffix}.{f}" for k in ("worksheet", "answer-key", "lesson-plan") for f in ("pdf", "docx")}


@pytest.mark.parametrize("words", [150, 1000])
def test_a_long_matching_item_prints_in_large_print(cli, tmp_path, words):
    """Found by a 60-example run of the test above: a matching item that cannot share a page with the choices
    (150 words), or is taller than a page itself (1,000), stopped a large-print build with reportlab's
    LayoutError; the stacked list now goes on where it falls, the item's text split between pages."""
    text = " ".join(f"word{n}" for n in range(words))
    folder = project(tmp_path, {("questions", 3, "pairs", 0, "left"): text})
    assert cli("check", "-q", cwd=folder, root=folder).code == 0
    run = cli("build", "-q", "-j", "1", "--profile", "large-print", "--format", "pdf", cwd=folder, root=folder)
    assert run.code == 0, run.err
    printed = squash(pdf_text(folder / "output" / "every-type" / "worksheet-large-print.pdf"))
    assert "word0 word1" in printed and f"word{words - 1}" in printed  # all of it, on whichever pages
