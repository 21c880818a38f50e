"""Invalid lessons: each fixture pins the exact diagnostics a teacher sees."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
INVALID = [p for p in INVALID if p.name != "course.yaml"]


@pytest.mark.parametrize("lesson", INVALID, ids=lambda p: p.stem)
def test_invalid_lesson_prints_exactly_its_expected_lines(cli, lesson: Path):
    run = cli("check", lesson.name, cwd=lesson.parent, root=lesson.parent)
    assert run.code == 1
    assert "Traceback" not in run.err
    got = [line for line in run.err.splitlines() if not line.startswith("lessonpress:")]
    assert got == lesson.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def test_every_invalid_fixture_has_expected_lines():
    assert INVALID and all(p.with_suffix(".expected").is_file() for p in INVALID)


def test_all_lessons_are_reported_before_failing_once(cli, tmp_path):
    for p in INVALID:
        shutil.copy(p, tmp_path / p.name)
    shutil.copy(FIXTURES / "invalid" / "course.yaml", tmp_path / "course.yaml")
    run = cli("check", tmp_path, cwd=tmp_path, root=tmp_path)
    assert run.code == 1
    files = {line.split(":")[0] for line in run.err.splitlines() if ": error: " in line}
    assert files == {p.name for p in INVALID}
    assert run.err.rstrip().splitlines()[-1].startswith("lessonpress: ")


def test_duplicate_lesson_ids_name_both_files(cli, project):
    text = (project / "lessons" / "every-type.yaml").read_text(encoding="utf-8")
    (project / "lessons" / "zz-copy.yaml").write_text(text, encoding="utf-8")
    run = cli("check", cwd=project, root=project)
    assert run.code == 1
    assert ("lessons/zz-copy.yaml:2:5: error: lesson id 'every-type' is already used by "
            "lessons/every-type.yaml; each lesson needs its own [lesson.id]") in run.err


def test_missing_glyph_is_a_warning_that_strict_turns_into_failure(cli, project):
    out = project / "output"
    run = cli("build", "--out", out, cwd=project, root=project)
    assert run.code == 0
    assert ("lessons/every-type.yaml:10:21: warning: '東' (U+6771 CJK UNIFIED IDEOGRAPH-6771), '郷' (U+90F7 "
            "CJK UNIFIED IDEOGRAPH-90F7) cannot be drawn by the PDF fonts") in run.err
    shutil.rmtree(out)
    run = cli("build", "--strict", "--out", out, cwd=project, root=project)
    assert run.code == 1 and not out.exists()



def test_defining_the_schema_makes_no_validator():
    """Start-up: pydantic makes a model's validator when it first validates (defer_build), and only Lesson and
    Course ever do; nor does it read schema.py's source for the field docstrings (only lessonpress.docs does)."""
    code = ("from pydantic import BaseModel; from lessonpress import schema; "
            "print([n for n, m in vars(schema).items() if isinstance(m, type) and issubclass(m, BaseModel) "
            "and m.__pydantic_complete__], schema.Strict.model_config.get('use_attribute_docstrings', False))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split() == ["[]", "False"], done.stderr
