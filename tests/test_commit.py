"""A build is a transaction: the output folder keeps the previous complete set when writing fails or the
process is killed, a second build at once is refused, links inside the folder are never followed out."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonpress.manifest import NAME as MANIFEST
from lessonpress.output import Lock, recover
from tests.conftest import ROOT

ARGS = ("build", "--format", "pdf", "-q", "-j", "1")


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under `out` (the lock file aside) by its relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".lessonpress.lock"}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    """A project built once; each test copies it, changes the lesson and builds again."""
    from lessonpress.cli import main

    folder = tmp_path_factory.mktemp("built")
    (folder / "lessons").mkdir()
    shutil.copy(ROOT / "lessons" / "course.yaml", folder / "lessons")
    shutil.copy(ROOT / "tests" / "fixtures" / "valid" / "every-type.yaml", folder / "lessons")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        assert main([*ARGS]) == 0
    finally:
        os.chdir(cwd)
    return folder


@pytest.fixture
def built(first_build, tmp_path) -> Path:
    """A copy of the built project whose lesson now has a new title, so every file of a rebuild differs."""
    folder = tmp_path / "project"
    shutil.copytree(first_build, folder, symlinks=True)
    lesson = folder / "lessons" / "every-type.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Every <Type>", "Changed <Type>"), encoding="utf-8")
    return folder


def failing(real, after: int, error: OSError, once: bool = False):
    """`real`, raising `error` from its `after`-th call on (or at that call only)."""
    calls = []

    def call(*args, **kwargs):
        calls.append(args)
        if len(calls) == after or len(calls) > after and not once:
            raise error
        return real(*args, **kwargs)

    return call


def test_disk_full_while_writing_changes_nothing(cli, built, monkeypatch):
    before = snapshot(built / "output")
    monkeypatch.setattr(os, "fsync", failing(os.fsync, 3, OSError(errno.ENOSPC, "No space left on device")))
    run = cli(*ARGS, cwd=built, root=built)
    monkeypatch.undo()
    assert run.code == 1 and "Traceback" not in run.err
    assert "the disk is full" in run.err and "nothing was changed" in run.err
    assert len([line for line in run.err.splitlines() if ": error: " in line]) == 1
    assert snapshot(built / "output") == before  # byte-identical, no temporary file left


def test_locked_file_while_switching_rolls_back(cli, built, monkeypatch):
    before = snapshot(built / "output")
    # the fourth file is open in another program (Windows refuses to replace it)
    monkeypatch.setattr(os, "replace", failing(os.replace, 4, PermissionError(errno.EACCES, "Permission denied"),
                                                  once=True))
    run = cli(*ARGS, cwd=built, root=built)
    monkeypatch.undo()
    assert run.code == 1 and "nothing was changed" in run.err and "open in another program" in run.err
    assert snapshot(built / "output") == before


KILL = """
import os, sys
from lessonpress.cli import main
real, calls = os.replace, []
def replace(*args):
    calls.append(args)
    if len(calls) == 5:
        os._exit(9)  # killed in the middle of switching the new files in
    return real(*args)
os.replace = replace
main(sys.argv[1:])
"""


def test_killed_build_is_rolled_back_and_cleaned_by_the_next(cli, built):
    out = built / "output"
    before = snapshot(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", KILL, *ARGS], cwd=built, env=env, capture_output=True)
    assert proc.returncode == 9
    assert any(name.startswith(".lessonpress-") for name in os.listdir(out / "every-type") + os.listdir(out))
    with Lock(out):
        recover(out)
    assert snapshot(out) == before
    # leftovers of a killed older lessonpress too
    (out / "every-type" / ".worksheet.pdf.a1b2c3d4.tmp").write_bytes(b"half")
    (out / ".lessonpress-0123.tmp").write_bytes(b"half")
    assert cli(*ARGS, cwd=built, root=built).code == 0
    after = snapshot(out)
    assert after.keys() == before.keys() and after != before
    assert not [n for n in after if Path(n).name.startswith(".") and Path(n).name != MANIFEST]  # the build's record


def test_a_second_build_into_the_same_folder_is_refused(cli, built):
    before = snapshot(built / "output")
    with Lock(built / "output"):
        run = cli(*ARGS, cwd=built, root=built)
    assert run.code == 1
    assert "another lessonpress build is writing to this folder" in run.err and "nothing was changed" in run.err
    assert snapshot(built / "output") == before
    assert cli(*ARGS, cwd=built, root=built).code == 0  # released when the first ends


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="this system has no symbolic links")
def test_links_inside_the_output_folder_are_not_followed(cli, built, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.pdf").write_bytes(b"keep me")
    out = built / "output"
    (out / "every-type" / "handout.pdf").unlink()
    (out / "every-type" / "handout.pdf").symlink_to(outside / "precious.pdf")
    assert cli(*ARGS, cwd=built, root=built).code == 0
    assert (outside / "precious.pdf").read_bytes() == b"keep me"
    assert not (out / "every-type" / "handout.pdf").is_symlink()
    assert (out / "every-type" / "handout.pdf").read_bytes().startswith(b"%PDF")

    shutil.rmtree(out / "every-type")
    (out / "every-type").symlink_to(outside, target_is_directory=True)
    before = snapshot(out)
    run = cli(*ARGS, cwd=built, root=built)
    assert run.code == 1 and "is a link to another folder" in run.err and "nothing was changed" in run.err
    assert sorted(os.listdir(outside)) == ["precious.pdf"]
    assert snapshot(out) == before


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_replaced_file_gets_normal_permissions(cli, built):
    target = built / "output" / "every-type" / "worksheet.pdf"
    target.chmod(0o400)
    assert cli(*ARGS, cwd=built, root=built).code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
