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


def test_nothing_changed_prints_the_last_builds_warnings_again(cli, project):
    """The warnings of a build still hold when nothing changed: "Up to date" says them again (the project's
    lessons hold characters the fonts lack), so a second run does not look as if they were dealt with."""
    out = project / "out"
    first = cli("build", "--out", out, "--format", "pdf", cwd=project, root=project)
    warned = [line for line in first.err.splitlines() if ": warning: " in line]
    assert first.code == 0 and any("[font.missing-glyph]" in line for line in warned), first.err
    again = cli("build", "--out", out, "--format", "pdf", cwd=project, root=project)
    assert again.code == 0 and again.out.startswith("Up to date"), again.out
    assert [line for line in again.err.splitlines() if ": warning: " in line] == warned


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


# -- a build after an edit makes only what the edit changed ------------------------------------------------------

OWN = ("handout.pdf", "worksheet.pdf", "answer-key.pdf", "lesson-plan.pdf")
PACKETS = {"course-packet.pdf", "teacher-packet.pdf"}


def two_lessons(project: Path) -> Path:
    """The project with a second lesson (the every-type fixture under another id); returns the output folder."""
    lesson = (project / "lessons" / "every-type.yaml").read_text(encoding="utf-8")
    (project / "lessons" / "second.yaml").write_text(lesson.replace("id: every-type", "id: second", 1),
                                                    encoding="utf-8")
    return project / "out"


def files(out: Path) -> dict[str, tuple[int, int, int, bytes]]:
    """Each file of the output (not the manifest or lock) by name: time, inode, size and bytes."""
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino, p.stat().st_size, p.read_bytes())
            for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}


def rebuilt(cli, project: Path, change, *args: str) -> set[str]:
    """Build, apply `change`, build again: the files the second build rewrote (every other file is left with its
    time, inode and bytes), after checking it says so."""
    out = project / "out"
    first = cli("build", "--out", out, *args, cwd=project, root=project)
    assert first.code == 0, first.err
    before = files(out)
    change(project)
    second = cli("build", "--out", out, *args, cwd=project, root=project)
    assert second.code == 0, second.err
    after = files(out)
    assert before.keys() <= after.keys()
    changed = {name for name, stat in after.items() if before.get(name) != stat}
    for name in changed & before.keys():
        assert after[name][1] != before[name][1]  # replaced whole (the commit's new file), never written into
    if changed:
        kept = len(after) - len(changed)
        assert f"({len(changed)} made, {kept} unchanged since the last build;" in second.out or not kept, second.out
    return changed


def edit(path: str, old: str, new: str):
    def change(project: Path) -> None:
        f = project / path
        text = f.read_text(encoding="utf-8")
        assert old in text
        f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def test_editing_one_lesson_remakes_only_its_files_and_the_packets(cli, project):
    two_lessons(project)
    changed = rebuilt(cli, project, edit("lessons/second.yaml", "Argue.", "Argue well."), "--format", "pdf,docx")
    # the edited essay prompt is printed on the worksheet and in the key; not in the handout or the lesson plan
    assert changed == {f"second/{name}" for name in ("worksheet.pdf", "worksheet.docx", "answer-key.pdf",
                                                     "answer-key.docx")} | PACKETS


def test_the_edit_is_in_the_files_it_remade(cli, project):
    out = two_lessons(project)
    rebuilt(cli, project, edit("lessons/second.yaml", "Argue.", "Argue wisely."), "--format", "pdf")
    from tests.conftest import pdf_text

    assert "Argue wisely." in squash(pdf_text(out / "second" / "worksheet.pdf"))
    assert "Argue wisely." not in squash(pdf_text(out / "every-type" / "worksheet.pdf"))
    assert squash(pdf_text(out / "teacher-packet.pdf")).count("Argue wisely.") >= 2  # worksheet and key


def squash(text: str) -> str:
    return " ".join(text.split())


def test_a_course_edit_remakes_everything(cli, project):
    two_lessons(project)
    changed = rebuilt(cli, project, edit("lessons/course.yaml", "title: ", "title: Renamed "), "--format", "pdf")
    assert changed == {f"{lid}/{name}" for lid in ("every-type", "second") for name in OWN} | PACKETS


def test_a_template_edit_remakes_only_the_documents_that_use_it(cli, project):
    two_lessons(project)

    def header(p: Path) -> None:
        (p / "templates").mkdir(exist_ok=True)
        (p / "templates" / "worksheet_header.j2").write_text(
            '{% extends "!builtin/worksheet_header.j2" %}\n', encoding="utf-8")  # the same words: nothing changes
    assert rebuilt(cli, project, header, "--format", "pdf") == set()
    changed = rebuilt(cli, project, lambda p: (p / "templates" / "worksheet_header.j2").write_text(
        'Student <blank name="name" width="30"/> Period <blank name="period" width="6"/>\n', encoding="utf-8"),
        "--format", "pdf")
    assert changed == {f"{lid}/worksheet.pdf" for lid in ("every-type", "second")} | PACKETS
    changed = rebuilt(cli, project, lambda p: (p / "templates" / "packet.j2").write_text(
        (ROOT / "lessonpress" / "templates" / "packet.j2").read_text(encoding="utf-8").replace(
            '{{ label("contents") }}', 'Binder {{ label("contents") }}', 1), encoding="utf-8"), "--format", "pdf")
    assert changed == PACKETS


def test_a_label_edit_remakes_only_the_documents_that_print_it(cli, project):
    two_lessons(project)

    def labels(p: Path) -> None:
        (p / "templates").mkdir(exist_ok=True)
        (p / "templates" / "labels.yaml").write_text("key_terms: Words to Know\n", encoding="utf-8")
    changed = rebuilt(cli, project, labels, "--format", "pdf,docx")
    assert changed == {f"{lid}/handout.pdf" for lid in ("every-type", "second")} | PACKETS


def test_options_remake_what_they_change(cli, project):
    two_lessons(project)
    out = project / "out"
    assert cli("build", "--out", out, "--format", "pdf", "-q", cwd=project, root=project).code == 0
    before = files(out)
    (project / "empty").mkdir()
    same = cli("build", "--out", out, "--format", "pdf", "--templates", "empty", cwd=project, root=project)
    assert same.code == 0 and files(out) == before  # another option, the same documents: nothing rewritten
    assert "(0 made, 10 unchanged since the last build;" in same.out, same.out
    paper = cli("build", "--out", out, "--format", "pdf", "--paper", "a4", "-q", cwd=project, root=project)
    assert paper.code == 0
    after = files(out)
    assert all(after[name][1] != before[name][1] for name in before)  # every page is another size


def test_a_roster_edit_remakes_only_the_class_sets(cli, project):
    two_lessons(project)
    roster = project / "roster.csv"
    roster.write_text("name,period\nAna,3\nBo,4\n", encoding="utf-8")
    changed = rebuilt(cli, project, lambda p: roster.write_text("name,period\nAna,3\nBo,4\nCy,4\n",
                                                                encoding="utf-8"),
                      "--format", "pdf", "--roster", str(roster))
    assert changed == {f"{lid}/class-set-period-4.pdf" for lid in ("every-type", "second")}


def test_versions_kept_when_nothing_they_hold_changed(cli, project):
    two_lessons(project)
    changed = rebuilt(cli, project, edit("lessons/second.yaml", "Argue.", "Argue well."),
                      "--format", "pdf", "--versions", "2")
    assert {n for n in changed if n.startswith("every-type/")} == set()
    assert changed - PACKETS == {f"second/{n}" for n in ("worksheet-A.pdf", "worksheet-B.pdf", "answer-key-A.pdf",
                                                         "answer-key-B.pdf")}  # the key grid has no essay prompts


@pytest.mark.parametrize("damage", ["deleted", "edited", "touched"])
def test_an_output_file_changed_by_hand_is_made_again(cli, project, damage):
    out = two_lessons(project)
    assert cli("build", "--out", out, "--format", "pdf", "-q", cwd=project, root=project).code == 0
    made = files(out)
    target = out / "second" / "worksheet.pdf"
    if damage == "deleted":
        target.unlink()
    elif damage == "edited":
        target.write_bytes(target.read_bytes().replace(b"%%EOF", b"%%EO_"))
    else:  # the same bytes written again: its time and inode changed
        target.write_bytes(target.read_bytes() + b"")
    # the lesson changed too, so the whole-build shortcut does not apply and the per-file record decides
    edit("lessons/every-type.yaml", "Argue.", "Argue well.")(project)
    again = cli("build", "--out", out, "--format", "pdf", cwd=project, root=project)
    assert again.code == 0, again.err
    now = files(out)
    assert now["second/worksheet.pdf"][3] == made["second/worksheet.pdf"][3]  # made again: the bytes it should have
    assert now["second/handout.pdf"] == made["second/handout.pdf"]


@pytest.mark.parametrize("manifest_text", [None, "{not json", '{"files": [], "made": 3}',
                                           '{"files": {"second/worksheet.pdf": "x"}, "made": {"second/worksheet.pdf":'
                                           ' {"key": 1, "sha": null, "pages": "many", "fields": 7}}, "pages": []}'])
def test_a_missing_or_broken_manifest_makes_everything(cli, project, manifest_text):
    out = two_lessons(project)
    assert cli("build", "--out", out, "--format", "pdf", "-q", cwd=project, root=project).code == 0
    made = files(out)
    if manifest_text is None:
        (out / manifest.NAME).unlink()
    else:
        (out / manifest.NAME).write_text(manifest_text, encoding="utf-8")
    again = cli("build", "--out", out, "--format", "pdf", "-v", cwd=project, root=project)
    assert again.code == 0, again.err
    assert not again.out.startswith("Up to date")  # every document made again, none taken on trust
    assert f"(0 made, {len(made)} unchanged since the last build;" in again.out, again.out
    assert files(out) == made  # and none rewritten: each came out as the bytes already there (times, inodes kept)


def test_a_build_of_some_lessons_leaves_the_others_known_to_the_next(cli, project):
    """A build of one lesson remembers the other lessons' files as the earlier build wrote them: the next build of
    the unit keeps them, and makes only the packets (it used to make every other lesson's files again)."""
    out = two_lessons(project)
    assert cli("build", "--out", out, "--format", "pdf,docx", "-q", cwd=project, root=project).code == 0
    edit("lessons/second.yaml", "Argue.", "Argue well.")(project)
    one = cli("build", project / "lessons" / "second.yaml", "--out", out, "--format", "pdf,docx", cwd=project,
              root=project)
    assert one.code == 0 and "(4 made, 3 unchanged since the last build;" in one.out, one.out
    remembered = manifest.load(out)["made"]  # what each file was made from: the other lesson's too
    assert {f"every-type/{n}" for n in ("worksheet.pdf", "answer-key.docx", "handout.pdf")} <= remembered.keys()
    before = files(out)
    whole = cli("build", "--out", out, "--format", "pdf,docx", cwd=project, root=project)
    assert whole.code == 0, whole.err
    after = files(out)
    assert {name for name in after if after[name] != before.get(name)} == PACKETS


def test_a_replaced_picture_remakes_the_handouts_that_show_it(cli, project):
    """A figure's picture is read only through its lesson, wherever it is kept (here a folder beside lessons/):
    saving a new picture over it makes the next build remake the handout, not say "Up to date"."""
    from PIL import Image

    from tests.conftest import figure_outside_lessons

    picture = figure_outside_lessons(project, project / "lessons" / "every-type.yaml")

    def repaint(project: Path) -> None:
        Image.new("L", (1200, 600), 30).save(picture)

    changed = rebuilt(cli, project, repaint, "--format", "pdf")
    assert "every-type/handout.pdf" in changed and "every-type/worksheet.pdf" not in changed, changed
    again = cli("build", "--out", project / "out", "--format", "pdf", cwd=project, root=project)
    assert again.out.startswith("Up to date"), again.out  # and once made, it is up to date again
