"""The build manifest: a build with nothing changed reads nothing and rewrites no file; any change to what a build
reads (lessons, course, templates, roster, options, the output itself) makes the next build run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessonpress import manifest
from lessonpress.cli import _inputs, parser
from tests.conftest import ROOT


def stats(out: Path) -> dict[Path, tuple[int, int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_ino, p.stat().st_size) for p in out.rglob("*") if p.is_file()}


def test_nothing_changed_writes_nothing(cli, project):
    out = project / "out"
    first = cli("build", "--out", out, "--format", "pdf", cwd=project, root=project)
    assert first.code == 0 and first.out.startswith("Built "), first.err
    before = stats(out)
    again = cli("build", "--out", out, "--format", "pdf", cwd=project, root=project)
    assert again.code == 0 and again.out.startswith("Up to date: nothing changed since the last build (6 files")
    assert stats(out) == before  # contents, times and inodes unchanged
    (project / "lessons" / "every-type.yaml").write_text(
        (project / "lessons" / "every-type.yaml").read_text(encoding="utf-8").replace("Argue.", "Argue well."),
        encoding="utf-8")
    edited = cli("build", "--out", out, "--format", "pdf", cwd=project, root=project)
    assert edited.out.startswith("Built "), edited.out
    assert stats(out)[out / "every-type" / "worksheet.pdf"] != before[out / "every-type" / "worksheet.pdf"]


def test_a_failed_build_is_not_remembered(cli, project):
    out = project / "out"
    assert cli("build", "--out", out, "--format", "pdf", "-q", cwd=project, root=project).code == 0
    lesson = project / "lessons" / "every-type.yaml"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("Argue.", "Argue: [broken", 1), encoding="utf-8")
    assert cli("build", "--out", out, "--format", "pdf", "-q", cwd=project, root=project).code == 1
    lesson.write_text(good, encoding="utf-8")
    assert cli("build", "--out", out, "--format", "pdf", cwd=project, root=project).out.startswith("Up to date")


def key(project: Path, *args: str) -> str:
    return _inputs(parser(project).parse_args(["build", *args]), project)


EDITS = {
    "lesson": lambda p: (p / "lessons" / "every-type.yaml").write_text(
        (p / "lessons" / "every-type.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"),
    "course": lambda p: (p / "lessons" / "course.yaml").write_text(
        (p / "lessons" / "course.yaml").read_text(encoding="utf-8").replace("title:", "title: X", 1),
        encoding="utf-8"),
    "new lesson": lambda p: shutil.copy(p / "lessons" / "every-type.yaml", p / "lessons" / "another.yaml"),
    "template": lambda p: ((p / "templates").mkdir(), (p / "templates" / "footer.j2").write_text("{{ kind }}\n")),
    "reference docx": lambda p: ((p / "templates").mkdir(), (p / "templates" / "reference.docx").write_bytes(b"x")),
    "roster": lambda p: (p / "roster.csv").write_text("name,period\nAna,3\nBo,3\n", encoding="utf-8"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_kind_of_edit_makes_the_build_run(project, edit):
    (project / "roster.csv").write_text("name,period\nAna,3\n", encoding="utf-8")
    roster = str(project / "roster.csv")
    before = key(project, "--roster", roster)
    assert key(project, "--roster", roster) == before  # the same inputs give the same key
    EDITS[edit](project)
    assert key(project, "--roster", roster) != before


@pytest.mark.parametrize("option", [["--paper", "a4"], ["--versions", "2"], ["--seed", "1"], ["--format", "pdf"],
                                    ["--profile", "large-print"], ["--strict"], ["--templates", "t"],
                                    ["lessons/every-type.yaml"]])
def test_every_option_that_changes_the_output_is_in_the_key(project, option):
    assert key(project, *option) != key(project)


def test_lessonpress_itself_is_in_the_key(project, monkeypatch, tmp_path):
    before = key(project)
    package = tmp_path / "lessonpress"
    shutil.copytree(ROOT / "lessonpress", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "PACKAGE", package)
    same = key(project)
    (package / "writers" / "style.yaml").write_text((package / "writers" / "style.yaml").read_text() + "\n")
    assert key(project) != same and before  # a change to the style data (or any module) rebuilds


def test_output_changed_by_hand_makes_the_build_run(tmp_path):
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    files = [out / "a" / "worksheet.pdf", out / "course-packet.pdf"]
    for f in files:
        f.write_bytes(b"%PDF-1.4 x")
    manifest.record(out, "k", files)
    assert manifest.up_to_date(out, "k") == ["a/worksheet.pdf", "course-packet.pdf"]
    assert manifest.up_to_date(out, "other") is None
    files[0].write_bytes(b"%PDF-1.4 y!")  # edited
    assert manifest.up_to_date(out, "k") is None
    manifest.record(out, "k", files)
    files[1].unlink()  # deleted
    assert manifest.up_to_date(out, "k") is None
    (out / manifest.NAME).write_text("{not json")
    assert manifest.up_to_date(out, "k") is None
