"""reportlab's private internals: each checked when imported, and the fast and plain paths print the same; and no
build needs pypdf (the tests' reader only). pydantic's: its plugin search spared only where no package declares a
plugin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile
from reportlab.platypus import Frame, Paragraph

from lessonpress.compat import reportlab as rl
from tests.conftest import COURSE, ROOT, SAMPLE

ROSTER = "name,period,form,large_print\nAna Díaz,3,,\n\"Nguyễn, Văn An\",3,B,yes\nTōgō Heihachirō,3,,\n"
BUILD = """
import sys
from lessonpress.compat import reportlab as rl
assert all(rl.active().values()) is {fast}, rl.active()
from lessonpress.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_every_fast_path_is_used_at_the_tested_versions():
    """An upgrade that breaks an internal turns its fast path off; this says so instead of running slower."""
    if rl.SLOW:
        pytest.skip("LESSONPRESS_COMPAT=slow")
    assert rl.active() == {"fonts": True, "paragraph": True, "frame": True, "lazy": True, "stamps": True}


def _build(tmp_path, name: str, fast: bool):
    out = tmp_path / name
    env = {k: v for k, v in os.environ.items() if k != "LESSONPRESS_COMPAT"}
    if not fast:
        env["LESSONPRESS_COMPAT"] = "slow"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", BUILD.format(fast=fast), "build", str(SAMPLE), str(COURSE),
                           "--versions", "2", "--roster", str(tmp_path / "roster.csv"), "--format", "pdf",
                           "--out", str(out), "-q"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def _pixels(pdf) -> bytes:
    """Every page at 50 dpi, in grey, as one stream of PGM images."""
    return subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf)], capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compat")
    (tmp / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return _build(tmp, "fast", True), _build(tmp, "slow", False)


def test_fast_and_plain_paths_print_the_same(both):
    fast, slow = both
    names = sorted(p.relative_to(fast) for p in fast.rglob("*.pdf"))
    assert names == sorted(p.relative_to(slow) for p in slow.rglob("*.pdf"))
    assert any("class-set" in p.name for p in names) and any(p.name == "worksheet-B.pdf" for p in names)
    for name in names:
        a, b = PdfReader(fast / name), PdfReader(slow / name)
        assert len(a.pages) == len(b.pages), name
        for n, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True), 1):
            assert pa.extract_text() == pb.extract_text(), f"{name} page {n}"
            assert pa.mediabox == pb.mediabox, f"{name} page {n}"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_fast_and_plain_paths_draw_the_same_pixels(both):
    fast, slow = both
    for pdf in sorted(fast.rglob("*.pdf")):
        assert _pixels(pdf) == _pixels(slow / pdf.relative_to(fast)), pdf.relative_to(fast)


def _missing_subsets(monkeypatch):
    monkeypatch.delattr(TTFontFile, "makeSubset")


def _state_renamed(monkeypatch):
    init = TTFont.State.__init__

    def renamed(self, *args, **kw):
        init(self, *args, **kw)
        self.next_code = self.__dict__.pop("nextCode")

    monkeypatch.setattr(TTFont.State, "__init__", renamed)


def _paragraph_keeps_state_elsewhere(monkeypatch):
    init = Paragraph.__init__
    made = {}

    def elsewhere(self, *args, **kw):
        init(self, *args, **kw)
        made[id(self)] = self.__dict__.pop("frags")

    monkeypatch.setattr(Paragraph, "frags", property(lambda self: made[id(self)]), raising=False)
    monkeypatch.setattr(Paragraph, "__init__", elsewhere)


def _frame_with_a_list(monkeypatch):
    init = Frame.__init__

    def with_list(self, *args, **kw):
        init(self, *args, **kw)
        self._measured = []

    monkeypatch.setattr(Frame, "__init__", with_list)


def _font_lookup_bound_at_import(monkeypatch):
    """A reportlab whose getFont calls the font search it imported, not the module's name for it."""
    find, registered = rl._FIND, pdfmetrics._fonts

    def get_font(name):
        try:
            return registered[name]
        except KeyError:
            return find(name)

    monkeypatch.setattr(pdfmetrics, "getFont", get_font)


@pytest.mark.parametrize(("check", "breakage"), [
    ("_check_fonts", _missing_subsets), ("_check_fonts", _state_renamed),
    ("_check_paragraph", _paragraph_keeps_state_elsewhere), ("_check_frame", _frame_with_a_list),
    ("_check_lazy", _font_lookup_bound_at_import)])
def test_a_missing_or_changed_internal_turns_its_fast_path_off(monkeypatch, check, breakage):
    monkeypatch.setattr(rl, "FAST", dict.fromkeys(rl.FAST, True))
    assert rl._passes(getattr(rl, check))
    breakage(monkeypatch)
    assert not rl._passes(getattr(rl, check))


NO_PYPDF = """
import sys
sys.modules["pypdf"] = None  # importing it fails: lessonpress assembles with pikepdf; pypdf is a test extra
from lessonpress.cli import main
code = main(sys.argv[1:])
assert not any(name == "pypdf" or name.startswith("pypdf.") for name in sys.modules if sys.modules[name]), "pypdf"
sys.exit(code)
"""


def test_packets_and_class_sets_need_no_pypdf(project):
    """pypdf is only the tests' reader: a build with packets and a class set runs where it is not installed."""
    (project / "roster.csv").write_text(ROSTER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", NO_PYPDF, "build", "--versions", "2", "--roster", "roster.csv",
                           "--format", "pdf", "-q"], env=env, cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    copies = PdfReader(project / "output" / "every-type" / "class-set-period-3.pdf")
    assert [item.title.split(" · ")[0] for item in copies.outline] == ["Ana Díaz", "Văn An Nguyễn",
                                                                        "Tōgō Heihachirō"]
    assert PdfReader(project / "output" / "course-packet.pdf").outline[0].title == "Every <Type> & {{ 7*7 }} Test"


CHECK = """
import sys
from lessonpress.cli import main
code = main(["check", "-q"])
from lessonpress.compat import pydantic as pc
print(code, pc.active()["plugins"], "importlib.metadata" in sys.modules)
"""


def _check(cwd, slow: bool, path: str = "") -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "LESSONPRESS_COMPAT"}
    if slow:
        env["LESSONPRESS_COMPAT"] = "slow"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), path, env.get("PYTHONPATH", "")) if p)
    done = subprocess.run([sys.executable, "-c", CHECK], env=env, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_pydantic_plugin_search_is_spared_where_no_package_declares_a_plugin(tmp_path):
    """The fast path hands pydantic an empty list of plugins, so `check` never imports importlib.metadata; the
    plain path (and a package that declares a pydantic plugin) leaves pydantic's own search."""
    assert _check(ROOT, slow=False) == ["0", "True", "False"]
    assert _check(ROOT, slow=True) == ["0", "False", "True"]
    plugin = tmp_path / "a_pydantic_plugin-1.0.dist-info"
    plugin.mkdir()
    (plugin / "entry_points.txt").write_text("[pydantic]\nmine = a_pydantic_plugin:plugin\n", encoding="utf-8")
    assert _check(ROOT, slow=False, path=str(tmp_path)) == ["0", "False", "True"]


def test_a_plugin_is_found_where_pydantic_would_look(tmp_path):
    from lessonpress.compat.pydantic import declares_plugin

    other = tmp_path / "tool-1.0.dist-info"
    other.mkdir()
    (other / "entry_points.txt").write_text("[console_scripts]\ntool = tool:main\n", encoding="utf-8")
    assert not declares_plugin([str(tmp_path), str(tmp_path / "missing")])
    egg = tmp_path / "old.egg-info"
    egg.mkdir()
    (egg / "entry_points.txt").write_text("[ pydantic ]\nold = old:plugin\n", encoding="utf-8")
    assert declares_plugin([str(tmp_path)])
    (tmp_path / "packages.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # only importlib.metadata reads a zip
    assert declares_plugin([str(tmp_path / "packages.zip")])


LAZY = """
import hashlib, sys
from reportlab.pdfbase import pdfmetrics
searched, type_face = [], pdfmetrics.getTypeFace
def looked_for(name):  # a font name reportlab does not know is looked for on the disk: a third of a second
    if name not in pdfmetrics.standardFonts:
        searched.append(name)
    return type_face(name)
pdfmetrics.getTypeFace = looked_for
from lessonpress import model as m
from lessonpress.compat import reportlab as rl
from lessonpress.writers import fonts, get_writer
if sys.argv[1] == "eager":
    fonts.register("DejaVuSans", fonts.FACES)
writer = get_writer("pdf", "standard", None)
before = [rl.pending(f"DejaVuSans{s}") for s in fonts.FACES]
text = (m.Text("Zebras quartz "), m.Emph((m.Text("vexing jumbled fox"),)))
doc = m.Document("handout", "Handout", "T", "C", "F",
                 (m.Heading(2, text), m.Para((m.Text("A subtitle in the sans face."),), role="subtitle")))
data = writer.write(doc)
assert not searched, searched
print(before, [rl.pending(f"DejaVuSans{s}") for s in fonts.FACES], hashlib.sha256(data).hexdigest())
"""


def _lazy_run(mode: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "LESSONPRESS_COMPAT"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", LAZY, mode], env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("] ")


def test_a_face_is_read_only_when_drawn_and_prints_as_if_read_at_once():
    """The sans italics are read when a document first draws in one (here a heading's italic: DejaVu Sans Bold
    Oblique), never when none does; read halfway through a document, a face is still numbered up front, so the
    PDF is the same bytes as when every face is read before the document starts. No font is looked for on the
    disk, by the import checks or the writer."""
    if rl.SLOW:
        pytest.skip("LESSONPRESS_COMPAT=slow")
    lazy, eager = _lazy_run("lazy"), _lazy_run("eager")
    assert lazy[0] == "[False, False, True, True"  # regular and bold read with the writer, the italics not
    assert lazy[1] == "[False, False, True, False"  # the heading's bold italic read as it was drawn; italic never
    assert eager[0] == "[False, False, False, False"
    assert lazy[2] == eager[2]
