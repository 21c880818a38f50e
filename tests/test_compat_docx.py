"""python-docx's private internals: each checked when imported, and the fast and plain paths write the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, PartFactory
from docx.opc.pkgwriter import PackageWriter

from lessonpress.compat import docx as cd
from tests.conftest import COURSE, FIXTURES, ROOT, SAMPLE

BUILD = """
import sys
from lessonpress.compat import docx as cd
assert all(cd.active().values()) is {fast}, cd.active()
from lessonpress.cli import main
sys.exit(main(sys.argv[1:]))
"""
BUILDS = {"sample-versions": [str(SAMPLE), str(COURSE), "--versions", "2"],
          "every-type-large-print": [str(FIXTURES / "valid"), "--profile", "large-print"]}


def test_every_fast_path_is_used_at_the_tested_versions():
    """An upgrade that breaks an internal turns its fast path off; this says so instead of running slower."""
    if cd.SLOW:
        pytest.skip("LESSONPRESS_COMPAT=slow")
    assert cd.active() == {"package": True, "styles": True}


def _build(tmp_path, name: str, args: list[str], fast: bool):
    out = tmp_path / f"{name}-{'fast' if fast else 'slow'}"
    env = {k: v for k, v in os.environ.items() if k != "LESSONPRESS_COMPAT"}
    if not fast:
        env["LESSONPRESS_COMPAT"] = "slow"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", BUILD.format(fast=fast), "build", *args, "--format", "docx",
                           "--out", str(out), "-q"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("name", BUILDS)
def test_fast_and_plain_paths_write_the_same_bytes(tmp_path, name):
    fast, slow = (_build(tmp_path, name, BUILDS[name], f) for f in (True, False))
    names = sorted(p.relative_to(fast) for p in fast.rglob("*.docx"))
    assert names == sorted(p.relative_to(slow) for p in slow.rglob("*.docx"))
    assert any(p.name.startswith(("worksheet-B", "worksheet-large-print")) for p in names)
    for path in names:
        with zipfile.ZipFile(fast / path) as a, zipfile.ZipFile(slow / path) as b:
            assert a.namelist() == b.namelist(), path
            for member in a.namelist():
                assert a.read(member) == b.read(member), f"{path}: {member}"
        assert (fast / path).read_bytes() == (slow / path).read_bytes(), path


def _no_parts_writer(monkeypatch):
    monkeypatch.delattr(PackageWriter, "_write_parts")


def _saved_in_another_order(monkeypatch):
    write = PackageWriter.write
    monkeypatch.setattr(PackageWriter, "write", staticmethod(lambda file, rels, parts: write(file, rels, parts[::-1])))


def _selector_ignored(monkeypatch):
    new = PartFactory.__new__

    def ignoring(cls, partname, content_type, reltype, blob, package):
        selector = cls.part_class_selector
        cls.part_class_selector = None
        try:
            return new(cls, partname, content_type, reltype, blob, package)
        finally:
            cls.part_class_selector = selector

    monkeypatch.setattr(PartFactory, "__new__", ignoring)


@pytest.mark.parametrize(("check", "breakage"), [
    ("_check_package", _no_parts_writer), ("_check_package", _saved_in_another_order),
    ("_check_styles", _selector_ignored)])
def test_a_missing_or_changed_internal_turns_its_fast_path_off(monkeypatch, check, breakage):
    monkeypatch.setattr(cd, "FAST", dict.fromkeys(cd.FAST, True))
    monkeypatch.setattr(PartFactory, "part_class_selector", cd._select)  # as imported without LESSONPRESS_COMPAT
    assert cd._passes(getattr(cd, check))
    breakage(monkeypatch)
    assert not cd._passes(getattr(cd, check))


def test_documents_other_threads_open_meanwhile_read_their_styles(monkeypatch, tmp_path):
    """The writer opens its documents with their styles unread; a document another thread opens at that moment
    (the preview writes Word files in a thread of its own) has its styles as usual."""
    monkeypatch.setattr(PartFactory, "part_class_selector", cd._select)
    source = tmp_path / "plain.docx"
    docx.Document().save(str(source))
    opened = []
    cd._unread.styles = True  # this thread is inside open_document
    try:
        worker = threading.Thread(target=lambda: opened.append(docx.Document(str(source))))
        worker.start()
        worker.join()
        assert type(docx.Document(str(source)).part.part_related_by(RT.STYLES)) is Part
    finally:
        cd._unread.styles = False
    assert opened[0].styles["Normal"].name == "Normal"


def test_the_checks_probe_a_small_document_that_python_docx_opens():
    """The checks at import save a document made from python-docx's template with its 430 kB style parts cut
    down (saving those took 50 ms of every start): it must still be a document python-docx reads."""
    import io

    import docx

    small = cd._small_template()
    assert len(small) < 100_000  # stored, not compressed; the template holds 880 kB
    document = docx.Document(io.BytesIO(small))
    assert [s.style_id for s in document.styles] == ["Normal"]
    assert cd._passes(cd._check_package) and cd._passes(cd._check_styles)
