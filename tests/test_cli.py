"""The command line: exit codes, nothing written on error, atomic and reproducible output, options."""

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from lessonpress import __version__, manifest
from tests.conftest import ROOT, docx_text, pdf_text

FILES = {"handout.pdf", "worksheet.pdf", "worksheet.docx", "answer-key.pdf", "answer-key.docx",
         "lesson-plan.pdf", "lesson-plan.docx"}


def test_build_writes_seven_files_per_lesson_and_two_packets(cli, project):
    run = cli("build", cwd=project, root=project)
    assert run.code == 0, run.err
    assert {p.name for p in (project / "output" / "every-type").iterdir()} == FILES
    assert {p.name for p in (project / "output").glob("*.pdf")} == {"course-packet.pdf", "teacher-packet.pdf"}
    assert "Built 1 lesson(s): 9 files" in run.out


def test_generate_py_builds_into_out(tmp_path, sample_output):
    out = tmp_path / "out"
    lesson = ROOT / "lessons" / "01-tensions-and-treaties.yaml"
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), str(lesson), "--out", str(out), "-q"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in (out / "01-tensions-and-treaties").iterdir()} == FILES
    for name in FILES:  # another process, same bytes: nothing depends on ids, time or hash seeds
        assert (out / "01-tensions-and-treaties" / name).read_bytes() == (sample_output / name).read_bytes(), name


def test_bad_lesson_writes_nothing_and_keeps_previous_output(cli, project):
    assert cli("build", cwd=project, root=project).code == 0
    good = project / "output" / "every-type" / "worksheet.pdf"
    before = good.read_bytes()
    lesson = project / "lessons" / "every-type.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("answer: c", "answer: Q"), encoding="utf-8")
    (project / "lessons" / "new.yaml").write_text("id: new\n", encoding="utf-8")
    run = cli("build", cwd=project, root=project)
    assert run.code == 1
    assert "Traceback" not in run.err
    assert ("every-type.yaml:30:13: error: 'answer' must be one of the choices A–D, got 'Q' (Part A, question 1)"
            in run.err)
    assert "new.yaml:1:1: error: missing required field 'title' in the lesson [lesson.title]" in run.err
    assert good.read_bytes() == before
    assert not (project / "output" / "new").exists()
    assert not list((project / "output").rglob("*.tmp"))


def test_same_input_gives_byte_identical_output(cli, project, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("build", "--out", a, cwd=project, root=project).code == 0
    assert cli("build", "--out", b, cwd=project, root=project).code == 0
    for name in FILES:
        assert (a / "every-type" / name).read_bytes() == (b / "every-type" / name).read_bytes(), name


def test_format_option_limits_the_files(cli, project):
    assert cli("build", "--format", "docx", cwd=project, root=project).code == 0
    names = {p.name for p in (project / "output" / "every-type").iterdir()}
    assert names == {"worksheet.docx", "answer-key.docx", "lesson-plan.docx"}


def test_paper_a4_from_option_and_letter_by_default(cli, project, tmp_path):
    assert cli("build", "--format", "pdf", "--out", tmp_path / "l", cwd=project, root=project).code == 0
    assert cli("build", "--paper", "a4", "--out", tmp_path / "a", cwd=project, root=project).code == 0
    letter = PdfReader(tmp_path / "l" / "every-type" / "worksheet.pdf").pages[0].mediabox
    a4 = PdfReader(tmp_path / "a" / "every-type" / "worksheet.pdf").pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_paper_from_course_yaml(cli, project):
    course = project / "lessons" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("paper: letter", "paper: a4"), encoding="utf-8")
    assert cli("build", "--format", "pdf", cwd=project, root=project).code == 0
    box = PdfReader(project / "output" / "every-type" / "handout.pdf").pages[0].mediabox
    assert round(float(box.width)) == 595


def test_wrong_command_line_use_exits_2(cli, project, capsys):
    import pytest

    for args in (["build", "--format", "xls"], ["build", "--paper", "legal"], ["check", "--bogus"]):
        with pytest.raises(SystemExit) as exc:
            cli(*args, cwd=project, root=project)
        assert exc.value.code == 2
    assert "unknown format 'xls'" in capsys.readouterr().err


def test_version(capsys):
    import pytest

    from lessonpress.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"lessonpress {__version__}"


def test_check_writes_nothing_and_does_not_import_writers(project):
    # nor Pillow, which only a lesson with a figure needs
    code = ("import sys; from lessonpress.cli import main; rc = main(['check']); "
            "heavy = [m for m in ('reportlab', 'docx', 'PIL') if m in sys.modules]; print(rc, heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
    assert not (project / "output").exists()


def test_missing_path_is_an_error_not_a_traceback(cli, project):
    run = cli("check", "lessons/nope.yaml", cwd=project, root=project)
    assert run.code == 1 and "lessons/nope.yaml: error: no such file [file.missing]" in run.err


def test_text_from_yaml_is_never_markup_or_template(cli, project):
    assert cli("build", cwd=project, root=project).code == 0
    out = project / "output" / "every-type"
    for text in (pdf_text(out / "worksheet.pdf"), docx_text(out / "worksheet.docx")):
        assert "Which is right — <this> or &that?" in text
        assert "<b>not bold</b>" in text and "{{ 7*7 }}" in text
    handout = " ".join(pdf_text(out / "handout.pdf").split())
    assert 'A & B < C > D {{ not_a_variable }} <font name="x">no</font>.' in handout
    assert "Every <Type> & {{ 7*7 }} Test" in handout
    plan = pdf_text(out / "lesson-plan.pdf")  # the warm-up is printed in the lesson plan
    assert "{% raw %} stays literal" in plan


def test_user_template_overrides_and_extends_the_builtin(cli, project):
    templates = project / "templates"
    templates.mkdir()
    (templates / "worksheet_header.j2").write_text(
        '{% extends "!builtin/worksheet_header.j2" %}', encoding="utf-8")
    (templates / "footer.j2").write_text("Room 12 · {{ lesson.title }} · {{ kind }}\n", encoding="utf-8")
    assert cli("build", cwd=project, root=project).code == 0
    out = project / "output" / "every-type"
    assert "Room 12 · Every <Type> & {{ 7*7 }} Test · Worksheet" in pdf_text(out / "worksheet.pdf")
    assert "Name" in pdf_text(out / "worksheet.pdf")


def test_template_typo_names_the_template_and_line(cli, project):
    templates = project / "other"
    templates.mkdir()
    (templates / "footer.j2").write_text("{{ course.title }}\n{{ lesson.titel }}\n", encoding="utf-8")
    run = cli("build", "--templates", templates, cwd=project, root=project)
    assert run.code == 1 and "Traceback" not in run.err
    message = ("other/footer.j2:2:1: error: 'lesson' has no 'titel'; did you mean 'title'? Lesson has: id, title, "
               "section, grade, duration, ")
    assert message in run.err and run.err.endswith("lessonpress: 1 problem(s); nothing was written\n"), run.err
    assert not (project / "output").exists()
    check = cli("check", "--templates", templates, cwd=project, root=project)  # check says the same
    assert check.code == 1 and message in check.err


def test_templates_are_sandboxed(cli, project):
    templates = project / "templates"
    templates.mkdir()
    (templates / "footer.j2").write_text("{{ lesson.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    run = cli("build", cwd=project, root=project)
    assert run.code == 1 and "templates/footer.j2:1:1: error: 'lesson' has no '__class__'" in run.err
    assert "Traceback" not in run.err


def test_answer_space_taller_than_a_page_flows_on(cli, project):
    lesson = project / "lessons" / "every-type.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("lines: 4", "lines: 60"), encoding="utf-8")
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    pages = PdfReader(project / "output" / "every-type" / "worksheet.pdf").pages
    assert len(pages) >= 4


def test_parallel_writers_give_the_same_bytes(cli, project, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    args = ("build", "--versions", "4", "--format", "pdf,docx")
    assert cli(*args, "-j", "1", "--out", serial, cwd=project, root=project).code == 0
    assert cli(*args, "-j", "2", "--out", parallel, cwd=project, root=project).code == 0
    names = sorted(p.relative_to(serial) for p in serial.rglob("*.*") if p.name != manifest.NAME)
    assert len(names) > 8 and names == sorted(p.relative_to(parallel) for p in parallel.rglob("*.*")
                                              if p.name != manifest.NAME)
    for name in names:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


def test_building_one_lesson_keeps_the_course_packets(cli, tmp_path):
    out = tmp_path / "out"
    lesson = ROOT / "lessons" / "02-japanese-aggression.yaml"
    run = cli("build", lesson, ROOT / "lessons" / "course.yaml", "--format", "pdf", "--out", out, root=ROOT)
    assert run.code == 0 and not (out / "course-packet.pdf").exists()
    assert "note: course-packet.pdf and teacher-packet.pdf were left as they were" in run.out


def test_setup_problems_are_user_errors(cli, project):
    (project / "afile").write_text("x", encoding="utf-8")
    run = cli("build", "--out", "afile", cwd=project, root=project)
    assert run.code == 1 and "afile: error: is a file; --out needs a folder [output.folder]" in run.err
    (project / "templates").mkdir()
    (project / "templates" / "reference.docx").write_text("not a docx", encoding="utf-8")
    run = cli("build", cwd=project, root=project)
    assert run.code == 1 and "reference.docx: error: is not a Word (.docx) document" in run.err
    assert "internal error" not in run.err


def test_misspelt_command_is_a_usage_error(cli, project):
    run = cli("chek", cwd=project, root=project)
    assert run.code == 2 and "unknown command 'chek'; did you mean 'check'?" in run.err


def test_files_are_readable_by_others_and_hidden_files_skipped(cli, project):
    (project / "lessons" / "._every-type.yaml").write_bytes(b"\x00\x05\x16\x07")  # macOS metadata
    assert cli("build", "--format", "pdf", cwd=project, root=project).code == 0
    mode = (project / "output" / "every-type" / "handout.pdf").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 or sys.platform == "win32"


def test_a_build_without_pdf_does_not_warn_of_the_pdf_fonts(cli, project):
    """The project's lessons hold characters the PDF fonts lack: a build of web pages or Word files alone draws
    with no PDF font, so it says nothing of them; a build with PDF does."""
    for formats, warned in (("html", False), ("docx,html", False), ("pdf", True)):
        run = cli("build", "--format", formats, "-q", cwd=project, root=project)
        assert run.code == 0, run.err
        assert ("[font.missing-glyph]" in run.err) is warned, (formats, run.err)


def test_check_strict_fails_on_glyphs_like_build(cli, project):
    run = cli("check", "--strict", cwd=project, root=project)
    assert run.code == 1 and "[font.missing-glyph]" in run.err


def test_forms_an_earlier_run_made_are_deleted_unless_changed_by_hand(cli, project):
    """Form C of a build with three forms is gone after a build with two (nobody prints an old form by mistake);
    a form changed since lessonpress wrote it is kept with a note, and files of a format or profile the build
    does not make are left alone."""
    out = project / "output" / "every-type"
    assert cli("build", "--versions", "3", "--format", "pdf,docx", cwd=project, root=project).code == 0
    assert cli("build", "--versions", "3", "--profile", "large-print", "--format", "pdf", "-q", cwd=project,
               root=project).code == 0
    with (out / "worksheet-C.docx").open("ab") as fh:  # a teacher's edit
        fh.write(b"\0")
    run = cli("build", "--versions", "2", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    names = {p.name for p in out.iterdir()}
    assert {"worksheet-C.pdf", "answer-key-C.pdf"}.isdisjoint(names)
    assert {"worksheet-C.docx", "answer-key-C.docx", "worksheet-C-large-print.pdf"} <= names  # not this build's
    assert "worksheet-C" not in run.out
    run = cli("build", "--format", "pdf,docx", cwd=project, root=project)
    assert run.code == 0, run.err
    names = {p.name for p in out.iterdir()}
    assert not any(n.startswith(("worksheet-A", "answer-key-B", "key-grid")) and "large-print" not in n for n in names)
    assert "worksheet-C.docx" in names and "answer-key-C.docx" not in names
    assert ("note: output/every-type/ still holds files from an earlier build that this one did not make: "
            "worksheet-C.docx (kept, as they may have been changed by hand;" in run.out), run.out


def test_a_renamed_lessons_old_output_is_deleted_unless_another_unit_or_a_teacher_put_files_there(cli, project):
    """A lesson given a new id builds into a new folder: the next build of the unit deletes the old folder's files
    that lessonpress made and nobody changed, and the folder once empty, with a note. A file of the teacher's is
    kept with its folder; another unit built into the same output folder (drafts) deletes nothing of the course."""
    lesson = project / "lessons" / "every-type.yaml"
    out = project / "output"
    assert cli("build", "--format", "pdf", "-q", cwd=project, root=project).code == 0
    (out / "every-type" / "my-notes.txt").write_text("mine")
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: every-type", "id: renamed", 1), encoding="utf-8")
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    assert sorted(p.name for p in (out / "every-type").iterdir()) == ["my-notes.txt"]
    assert ("note: output/every-type/ is from a lesson no longer in the unit (renamed or removed): lessonpress "
            "deleted the files it had made there, but left what lessonpress did not make (my-notes.txt); delete the "
            "folder yourself if it is no longer wanted") in run.out
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / "draft.yaml").write_text(lesson.read_text(encoding="utf-8").replace("id: renamed", "id: draft", 1),
                                       encoding="utf-8")
    assert cli("build", "drafts", "--format", "pdf", "-q", cwd=project, root=project).code == 0
    assert (out / "draft" / "worksheet.pdf").is_file() and (out / "renamed" / "worksheet.pdf").is_file()
    (out / "every-type" / "my-notes.txt").unlink()
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: renamed", "id: every-type", 1),
                      encoding="utf-8")
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    assert (out / "renamed" / "worksheet.pdf").is_file() and "renamed" not in run.out  # the last unit was drafts/
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: every-type", "id: again", 1), encoding="utf-8")
    with (out / "every-type" / "worksheet.pdf").open("ab") as fh:  # a teacher's edit
        fh.write(b"\n")
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    assert sorted(p.name for p in (out / "every-type").iterdir()) == ["worksheet.pdf"]
    assert "but kept worksheet.pdf (changed since it was made); delete the folder yourself" in run.out
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: again", "id: every-type", 1), encoding="utf-8")
    (out / "every-type" / "worksheet.pdf").unlink()
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0 and not (out / "again").exists() and "note: deleted output/again/: an earlier" in run.out


def test_an_old_form_open_in_another_program_is_deleted_by_the_next_build(cli, project, monkeypatch):
    """Form B of an earlier build, open in a reader (Windows refuses to delete it): the note says so, and the next
    build, with nothing else changed, is not "up to date" but deletes it."""
    out = project / "output" / "every-type"
    assert cli("build", "--versions", "2", "--format", "pdf", "-q", cwd=project, root=project).code == 0
    unlink = Path.unlink

    def open_elsewhere(path, *args, **kwargs):
        if path.name == "worksheet-B.pdf":
            raise PermissionError(13, "in use")
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", open_elsewhere)
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0 and (out / "worksheet-B.pdf").is_file() and not (out / "answer-key-B.pdf").exists()
    assert ("worksheet-B.pdf (they could not be deleted: open in another program? close them, and the next build "
            "deletes them)") in run.out
    monkeypatch.setattr(Path, "unlink", unlink)
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0 and "Up to date" not in run.out and not (out / "worksheet-B.pdf").exists()
    assert "Up to date" in cli("build", "--format", "pdf", cwd=project, root=project).out


def _rename(lesson: Path, old: str, new: str) -> None:
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(f"id: {old}", f"id: {new}", 1), encoding="utf-8")


def test_a_renamed_lessons_folder_goes_though_finder_left_a_file_there_or_a_file_was_open(cli, project,
                                                                                          monkeypatch):
    """Outside review: Finder's .DS_Store kept the folder; a file open in another program (it cannot be deleted)
    was called changed, and no later build tried again."""
    lesson, out = project / "lessons" / "every-type.yaml", project / "output"
    assert cli("build", "--format", "pdf", "-q", cwd=project, root=project).code == 0
    (out / "every-type" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (out / "every-type" / "._handout.pdf").write_bytes(b"\0")
    _rename(lesson, "every-type", "renamed")
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0 and not (out / "every-type").exists()
    assert "note: deleted output/every-type/: an earlier build made it for a lesson no longer in the unit" in run.out
    _rename(lesson, "renamed", "again")
    unlink = Path.unlink

    def open_elsewhere(path, *args, **kwargs):  # as Windows refuses to delete a PDF open in a reader
        if path.name == "worksheet.pdf" and path.parent.name == "renamed":
            raise PermissionError(13, "in use")
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", open_elsewhere)
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0 and sorted(p.name for p in (out / "renamed").iterdir()) == ["worksheet.pdf"]
    assert ("but could not delete worksheet.pdf (open in another program? close it, and the next build deletes "
            "it)\n") in run.out and "changed since" not in run.out
    monkeypatch.setattr(Path, "unlink", unlink)
    run = cli("build", "--format", "pdf", cwd=project, root=project)  # the teacher closed it: not "up to date"
    assert run.code == 0 and not (out / "renamed").exists() and "note: deleted output/renamed/" in run.out


def test_a_lesson_moved_to_drafts_and_built_there_keeps_its_output_and_a_hand_edited_manifest_deletes_nothing(
        cli, project):
    """Outside review: a lesson moved to drafts/ and built from there was deleted by the course's next build as
    a removed lesson; a manifest naming ghost/../<lesson>/worksheet.pdf deleted a current file."""
    import json
    import shutil

    lesson, out = project / "lessons" / "every-type.yaml", project / "output"
    second = project / "lessons" / "second.yaml"
    shutil.copy(lesson, second)
    _rename(second, "every-type", "second")
    assert cli("build", "--format", "pdf", "-q", cwd=project, root=project).code == 0
    (project / "drafts").mkdir()
    shutil.move(second, project / "drafts" / "second.yaml")
    shutil.copy(lesson, project / "drafts" / "other.yaml")
    _rename(project / "drafts" / "other.yaml", "every-type", "other")
    assert cli("build", "drafts/second.yaml", "--format", "pdf", "-q", cwd=project, root=project).code == 0
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0 and (out / "second" / "worksheet.pdf").is_file() and "second" not in run.out
    manifest = out / ".lessonpress-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    real = "every-type/worksheet.pdf"
    data["made"]["ghost/../" + real] = data["made"][real]
    data["files"]["ghost/../" + real] = data["files"][real]
    data["made"]["ghost/sub/" + real] = data["made"][real]  # through a link the teacher (or anyone) made
    data["files"]["ghost/sub/" + real] = data["files"][real]
    data["unit"]["lessons"].append("ghost")
    (out / "ghost").mkdir()
    (out / "ghost" / "sub").symlink_to(out, target_is_directory=True)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with lesson.open("a", encoding="utf-8") as fh:
        fh.write("\n# a change the next build sees\n")
    run = cli("build", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    assert (out / real).is_file() and (out / "ghost" / "sub").is_symlink()
    assert "output/ghost/ is from a lesson no longer in the unit" in run.out


def test_run_outside_a_lessonpress_folder_says_where_it_looked_and_where_to_go(cli, project):
    inside = project / "notes"
    inside.mkdir()
    (project / "generate.py").write_text("")
    run = cli("build", cwd=inside, root=inside)
    assert run.code == 1 and not (inside / "output").exists()
    assert (f"lessons: error: no lessons/ folder here (lessonpress looks in the folder it is run from, {inside}): "
            f"run it in {project}, which has them, or name the lesson files: lessonpress build my-lessons/"
            " [file.no-lessons-folder]") in run.err
    (project / "generate.py").unlink()  # no lessonpress folder above any more
    elsewhere = cli("check", cwd=inside, root=inside)
    assert "open the terminal in your lessonpress folder" in elsewhere.err and elsewhere.code == 1


def test_check_holds_off_the_garbage_collector_and_the_writers_do_not(cli, project, monkeypatch, capsys):
    import gc

    from lessonpress import build
    from lessonpress.cli import main

    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    monkeypatch.chdir(project)
    gc.callbacks.append(count)
    try:
        code = main(["check"], root=project)
    finally:
        gc.callbacks.remove(count)
    assert code == 0 and "1 lesson(s) OK" in capsys.readouterr().out
    assert collections == [] and gc.isenabled()
    enabled = []
    run = build.run
    monkeypatch.setattr(build, "run", lambda *args, **kw: enabled.append(gc.isenabled()) or run(*args, **kw))
    assert cli("build", "--format", "debug", cwd=project, root=project).code == 0
    assert enabled == [True] and gc.isenabled()


def test_check_makes_each_document_once_though_it_plans_twice(cli, project, monkeypatch):
    """check plans without and with versions; the documents both make (handout, lesson plan, the unshuffled
    worksheet) are made once."""
    from lessonpress import build

    made: list[str] = []
    for kind, (builder, formats) in list(build.KINDS.items()):
        monkeypatch.setitem(build.KINDS, kind, (lambda *a, _b=builder, _k=kind, **kw: made.append(_k) or _b(*a, **kw),
                                                formats))
    assert cli("check", cwd=project, root=project).code == 0
    assert sorted(made) == ["answer-key", "answer-key", "answer-key", "handout", "lesson-plan",
                            "quiz", "quiz", "quiz", "worksheet", "worksheet", "worksheet"]
