"""Figures (issue 14): pictures checked when a lesson is read, placed and numbered, printed in every format with
their alt text and never apart from their caption; every bad picture a located error that writes nothing."""

from __future__ import annotations

import base64
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import pdfplumber
import pikepdf
import pytest
from PIL import Image, ImageDraw

from lessonpress import figures
from lessonpress.cli import main
from lessonpress.documents.handout import handout
from lessonpress.errors import Loc, Report
from lessonpress.templating import Templates
from lessonpress.validate import load_project
from lessonpress.writers import get_writer
from tests.conftest import FIXTURES, ROOT

ALT_MAP = "A rectangle standing for the island, split by a line: “north” & <south> (Tōgō, Литвинов)."
ALT_TALL = "A tall grey panel, darker at the top."
LESSON = f"""\
id: figured
title: Pictures & <Maps>
section: Tensions and Treaties
grade: "9–12"
duration: 45
objectives:
  - Read a map and a chart.
reading:
  - label: portsmouth
    text: The first paragraph tells of the Treaty of Portsmouth (Jones, pg. 178).
  - label: auction
    text: The second paragraph tells of the auction (Jones, pg. 179).
  - The third paragraph ends the reading (Jones, pg. 179).
figures:
  - image: images/tall.jpg
    alt: {ALT_TALL}
    caption: A tall picture, printed at the end of the reading.
  - image: images/map.png
    label: map
    after: portsmouth
    alt: "{ALT_MAP}"
    caption: "The island & its <border> (Jones, pg. 178)"
    credit: "Drawing: made for the tests"
questions:
  - type: short_answer
    prompt: "Look at Figure {{figure: map}}. What does the line across the island show?"
    answer: The border.
    cite: Jones, pg. 178
    paragraph: portsmouth
  - type: true_false
    prompt: Figure 2 is a map.
    answer: false
    cite: Jones, pg. 179
"""


def make_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (1200, 700), "white")
    d = ImageDraw.Draw(im)
    d.rectangle((60, 60, 1140, 640), outline="black", width=10)
    d.line((60, 350, 1140, 350), fill="black", width=6)
    im.save(folder / "map.png")
    tall = Image.new("L", (800, 2000), 200)
    ImageDraw.Draw(tall).rectangle((0, 0, 800, 400), fill=60)
    tall.save(folder / "tall.jpg", quality=85)


def make_project(tmp: Path, lesson: str = LESSON) -> Path:
    project = tmp / "project"
    (project / "lessons").mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "course.yaml", project / "lessons" / "course.yaml")
    (project / "lessons" / "figured.yaml").write_text(lesson, encoding="utf-8")
    make_images(project / "lessons" / "images")
    return project


def lesson_text(**changes: str) -> str:
    text = LESSON
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The lesson's handout as PDF and HTML in every profile (and its debug dump): profile -> folder."""
    tmp = tmp_path_factory.mktemp("figures")
    project = make_project(tmp)
    out = {}
    for profile in ("standard", "large-print", "dyslexia"):
        folder = tmp / profile
        args = ["build", str(project / "lessons"), "--out", str(folder), "-q", "--format", "pdf,html,debug"]
        assert main(args + (["--profile", profile] if profile != "standard" else []), root=project) == 0
        out[profile] = folder / "figured"
    out["project"] = project
    return out


def handout_pdf(built, profile: str) -> Path:
    return built[profile] / ("handout.pdf" if profile == "standard" else f"handout-{profile}.pdf")


def test_figures_are_placed_after_their_paragraph_and_numbered_in_print_order(built):
    dump = (built["standard"] / "handout.txt").read_text(encoding="utf-8").splitlines()
    at = {key: next(i for i, line in enumerate(dump) if key in line)
          for key in ("[1] The first", "[2] The second", "[3] The third", "Figure 1.", "Figure 2.")}
    assert at["[1] The first"] < at["Figure 1."] < at["[2] The second"] < at["[3] The third"] < at["Figure 2."]
    assert dump[at["Figure 1."]].startswith("Figure 1. The island & its <border> (Jones, pg. 178) "
                                            "(Drawing: made for the tests)")
    assert f"alt: {ALT_MAP}" in dump[at["Figure 1."] - 1] and "image/png 1200x700" in dump[at["Figure 1."] - 1]
    assert "image/jpeg 800x2000" in dump[at["Figure 2."] - 1]
    # the map is listed second but printed first: it is Figure 1, and a question's reference says so
    worksheet = (built["standard"] / "worksheet.txt").read_text(encoding="utf-8")
    assert "Look at Figure 1. What does the line" in worksheet


def _caption_chars(page, label: str) -> list[dict]:
    words = page.extract_words(extra_attrs=["size"])
    start = next(i for i, w in enumerate(words) if w["text"] == label.split()[0] and
                 words[i + 1]["text"] == label.split()[1])
    return words[start:start + 4]


@pytest.mark.parametrize("profile", ["standard", "large-print", "dyslexia"])
def test_pdf_pictures_fit_the_text_block_with_their_caption_on_the_same_page(built, profile):
    with pdfplumber.open(handout_pdf(built, profile)) as pdf:
        found = []
        for n, page in enumerate(pdf.pages):
            text = page.extract_text()
            for image in page.images:
                found.append(n)
                # the text block: 72 pt from the left, 469 pt wide; 79 pt from the top, 641 pt high
                assert image["x0"] >= 72 - 0.5 and image["x1"] <= 72 + 469 + 0.5, image
                assert image["top"] >= 79 - 0.5 and image["bottom"] <= 79 + 641 + 0.5, image
                label = "Figure 1." if image["srcsize"] == (1200, 700) else "Figure 2."
                assert label in text, f"page {n + 1}: the caption is not on the picture's page"
                caption = _caption_chars(page, label)
                assert caption[0]["top"] > image["bottom"], "the caption is under its picture"
                if profile == "large-print":
                    assert min(w["size"] for w in caption) >= 18 - 0.01
        assert len(found) == 2
        wide = next(im for p in pdf.pages for im in p.images if im["srcsize"] == (1200, 700))
        assert wide["x1"] - wide["x0"] == pytest.approx(469, abs=0.5), "a wide picture takes the text width"
        tall = next(im for p in pdf.pages for im in p.images if im["srcsize"] == (800, 2000))
        assert tall["bottom"] - tall["top"] <= 0.75 * 641 + 0.5, "a tall one is scaled to leave room"
        assert (tall["x1"] - tall["x0"]) / (tall["bottom"] - tall["top"]) == pytest.approx(0.4, rel=0.01)


def _figures_in_tree(path: Path) -> list[tuple[str, str | None, list[str]]]:
    """(role, Alt, roles of its siblings) of each Figure element in the structure tree."""
    out = []
    with pikepdf.open(path) as pdf:
        def walk(elem):
            kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
            elems = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            for k in elems:
                if k.S == "/Figure":
                    out.append((str(elem.S), str(k.Alt) if "/Alt" in k else None, [str(e.S) for e in elems]))
                walk(k)
        walk(pdf.Root.StructTreeRoot.K)
    return out


@pytest.mark.parametrize("profile", ["standard", "large-print", "dyslexia"])
def test_pdf_figure_is_tagged_with_its_alt_text_and_caption_and_passes_pdfua(built, profile):
    path = handout_pdf(built, profile)
    tree = _figures_in_tree(path)
    assert [alt for _, alt, _ in tree] == [ALT_MAP, ALT_TALL]
    assert all(parent == "/Div" and siblings == ["/Figure", "/Caption"] for parent, _, siblings in tree)
    with pikepdf.open(path) as pdf:  # the picture is drawn inside the Figure's marked content
        ops = [(str(op), operands) for page in pdf.pages for operands, op in pikepdf.parse_content_stream(page)]
    stack = []
    for op, operands in ops:
        if op in ("BDC", "BMC"):
            stack.append(str(operands[0]))
        elif op == "EMC":
            stack.pop()
        elif op == "Do" and "page-total" not in str(operands[0]):  # not the footer's page count
            assert stack[-1] == "/Figure"
    with pikepdf.open(path) as pdf, pdfplumber.open(path) as plumbed:  # each Figure says where it is drawn
        boxes = []

        def walk(elem):
            kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
            for k in kids:
                if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                    if k.S == "/Figure":
                        assert k.A.O == "/Layout"
                        boxes.append([float(v) for v in k.A.BBox])
                    walk(k)
        walk(pdf.Root.StructTreeRoot.K)
        drawn = [im for page in plumbed.pages for im in page.images]
        assert len(boxes) == len(drawn) == 2
        for box, im in zip(boxes, drawn, strict=True):
            assert box == pytest.approx([im["x0"], im["y0"], im["x1"], im["y1"]], abs=0.05)
    pdfua = pytest.importorskip("pdfua", reason="the PDF/UA checker (pip install pdfua) is not installed")
    report = pdfua.validate(str(path))
    assert not [f for o in report.outcomes for f in o.findings], report


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.captions, self._in = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag == "figcaption":
            self._in = True
            self.captions.append("")

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.captions[-1] += data


def test_html_figure_has_alt_text_a_self_contained_picture_and_its_caption(built):
    page = _Page()
    page.feed((built["standard"] / "handout.html").read_text(encoding="utf-8"))
    assert [im["alt"] for im in page.images] == [ALT_MAP, ALT_TALL]
    head, data = page.images[0]["src"].split(",", 1)
    assert head == "data:image/png;base64"
    assert Image.open(io.BytesIO(base64.b64decode(data))).size == (1200, 700)
    assert page.images[1]["src"].startswith("data:image/jpeg;base64,")
    assert page.images[0]["width"] == "1200" and page.images[0]["height"] == "700"
    assert " ".join(page.captions[0].split()) == ("Figure 1. The island & its <border> (Jones, pg. 178) "
                                                  "Drawing: made for the tests")


def _handout_docx(project: Path, profile: str) -> docx.document.Document:
    """The handout through the Word writer (the build makes the handout as PDF and HTML only)."""
    lessons = project / "lessons"
    loaded = load_project([lessons / "figured.yaml", lessons / "course.yaml"], lessons)
    assert not loaded.report.errors
    doc = handout(loaded.lessons[0], loaded.course, Templates())
    return docx.Document(io.BytesIO(get_writer("docx", profile).write(doc)))


@pytest.mark.parametrize("profile", ["standard", "large-print"])
def test_word_figure_is_an_inline_picture_with_its_alt_text_kept_with_its_caption(built, profile):
    d = _handout_docx(built["project"], profile)
    shapes = d.inline_shapes
    assert len(shapes) == 2
    section = d.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    assert shapes[0].width == pytest.approx(width, rel=0.002)
    assert shapes[1].width < width and shapes[1].height <= 0.75 * 641 * 12700 + 1
    assert abs(shapes[0].width / shapes[0].height - 1200 / 700) < 0.01
    props = [p for s in shapes for p in s._inline.xpath("./wp:docPr")]
    assert [p.get("descr") for p in props] == [ALT_MAP, ALT_TALL]
    assert [p.get("title") for p in props] == ["Figure 1", "Figure 2"]
    paragraphs = d.paragraphs
    with_picture = [i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic")]
    for i in with_picture:
        assert paragraphs[i].paragraph_format.keep_with_next
        assert paragraphs[i + 1].style.name == "Caption"
        assert paragraphs[i + 1].text.startswith(("Figure 1. The island & its <border>", "Figure 2. A tall"))
    assert paragraphs[with_picture[0] + 2].text == "Drawing: made for the tests"
    assert paragraphs[with_picture[0] + 1].paragraph_format.keep_with_next  # the caption stays with its credit
    caption = d.styles["Caption"]
    assert not caption.font.italic and caption.font.size.pt >= (18 if profile == "large-print" else 9)


# ---- pictures that need care --------------------------------------------------------------------------------

def _dump(tmp_path: Path, lesson: str, cli) -> tuple[int, str, str]:
    project = make_project(tmp_path, lesson)
    run = cli("build", "--format", "debug", "--out", tmp_path / "out", "-q", cwd=project, root=project)
    dump = tmp_path / "out" / "figured" / "handout.txt"
    return run.code, dump.read_text(encoding="utf-8") if dump.exists() else "", run.err


def test_a_phone_photo_is_turned_upright_and_a_transparent_one_printed_on_white(tmp_path, cli):
    project = make_project(tmp_path)
    images = project / "lessons" / "images"
    photo = Image.new("RGB", (3000, 1000), (120, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side: shown turned a quarter right
    photo.save(images / "tall.jpg", exif=exif)
    clear = Image.new("RGBA", (1200, 700), (0, 0, 0, 0))
    ImageDraw.Draw(clear).rectangle((100, 100, 300, 300), fill=(0, 0, 0, 255))
    clear.save(images / "map.png")
    run = cli("build", "--format", "debug,html", "--out", tmp_path / "out", "-q", cwd=project, root=project)
    assert run.code == 0, run.err
    dump = (tmp_path / "out" / "figured" / "handout.txt").read_text(encoding="utf-8")
    assert "image/jpeg 800x2400 px" in dump  # upright, and scaled to 2,400 pixels on its long side
    html = (tmp_path / "out" / "figured" / "handout.html").read_text(encoding="utf-8")
    data = html.split('src="data:image/png;base64,', 1)[1].split('"', 1)[0]
    printed = Image.open(io.BytesIO(base64.b64decode(data)))
    assert printed.mode == "RGB" and printed.getpixel((10, 10)) == (255, 255, 255)
    assert printed.getpixel((200, 200)) == (0, 0, 0)


def test_a_phone_jpeg_holding_several_pictures_is_printed_as_its_first(tmp_path, cli):
    """Many phones save a .jpg with more pictures inside (depth, HDR: Pillow calls it MPO): it is a JPEG, and its
    first picture is the photo."""
    project = make_project(tmp_path)
    photo, depth = Image.new("RGB", (1600, 1000), (20, 90, 160)), Image.new("RGB", (1600, 1000), (250, 250, 0))
    photo.save(project / "lessons" / "images" / "tall.jpg", format="MPO", save_all=True, append_images=[depth])
    assert Image.open(project / "lessons" / "images" / "tall.jpg").format == "MPO"
    run = cli("build", "--format", "debug,html", "--out", tmp_path / "out", "-q", cwd=project, root=project)
    assert run.code == 0, run.err
    assert "image/jpeg 1600x1000 px" in (tmp_path / "out" / "figured" / "handout.txt").read_text(encoding="utf-8")
    html = (tmp_path / "out" / "figured" / "handout.html").read_text(encoding="utf-8")
    data = html.split('src="data:image/jpeg;base64,', 1)[1].split('"', 1)[0]
    printed = Image.open(io.BytesIO(base64.b64decode(data)))
    assert printed.format == "JPEG" and getattr(printed, "n_frames", 1) == 1
    assert all(abs(a - b) < 8 for a, b in zip(printed.getpixel((50, 50)), (20, 90, 160), strict=True))


def test_a_16_bit_greyscale_png_keeps_its_greys(tmp_path, cli):
    project = make_project(tmp_path)
    deep = Image.new("I;16", (1000, 600), 40000)
    deep.save(project / "lessons" / "images" / "map.png")
    run = cli("build", "--format", "html,pdf", "--out", tmp_path / "out", "-q", cwd=project, root=project)
    assert run.code == 0, run.err
    html = (tmp_path / "out" / "figured" / "handout.html").read_text(encoding="utf-8")
    data = html.split('src="data:image/png;base64,', 1)[1].split('"', 1)[0]
    printed = Image.open(io.BytesIO(base64.b64decode(data)))
    assert printed.mode == "L" and printed.getpixel((5, 5)) == 40000 // 256


def test_a_small_picture_prints_with_a_warning_that_it_will_be_blurred(tmp_path, cli):
    project = make_project(tmp_path)
    Image.new("RGB", (300, 200), "white").save(project / "lessons" / "images" / "map.png")
    run = cli("check", cwd=project, root=project)
    assert run.code == 0
    line = _line_of(project / "lessons" / "figured.yaml", "image: images/map.png")
    assert (f"lessons/figured.yaml:{line}:12: warning: the picture 'images/map.png' is only 300 pixels wide, so "
            "across the page it prints blurred; a copy at least 652 pixels wide prints sharp "
            "[figure.image-small]") in run.err
    # a tall one prints narrower than the text width, so fewer pixels across are sharp enough
    Image.new("RGB", (300, 900), "white").save(project / "lessons" / "images" / "map.png")
    run = cli("check", cwd=project, root=project)
    assert run.code == 0 and "figure.image-small" not in run.err


# ---- bad pictures: located errors, nothing written ----------------------------------------------------------

def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _broken(images: Path, name: str, how: str) -> None:
    if how == "gif":
        Image.new("RGB", (800, 500), "white").save(images / name, "GIF")
    elif how == "text":
        (images / name).write_text("not a picture at all", encoding="utf-8")
    elif how == "truncated":
        buf = io.BytesIO()
        Image.effect_noise((900, 600), 60).save(buf, "PNG")
        (images / name).write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    elif how == "truncated-jpeg":
        buf = io.BytesIO()
        Image.effect_noise((900, 600), 60).convert("RGB").save(buf, "JPEG")
        (images / name).write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    elif how == "huge":
        Image.new("1", (8000, 6000)).save(images / name)
    elif how == "giant":  # past the 89 million pixels Pillow warns about
        Image.new("1", (10000, 10000)).save(images / name)
    elif how == "folder":
        (images / name).unlink()
        (images / name).mkdir()


BAD = [
    ("missing alt", {f'    alt: "{ALT_MAP}"\n': ""}, "image: images/map.png", 5,
     "missing required field 'alt' in a figure", "figure.alt"),
    ("empty alt", {f'alt: "{ALT_MAP}"': 'alt: " "'}, 'alt: " "', 10, "'alt' must not be empty", "figure.alt"),
    ("missing file", {"image: images/map.png": "image: images/Map.png"}, "image: images/Map.png", 12,
     "the picture 'images/Map.png' cannot be found: there is no file 'lessons/images/Map.png'; did you mean "
     "'map.png'?; the path is read from the lesson's folder (lessons), and capitals count", "figure.image-missing"),
    ("full path", {"image: images/map.png": "image: C:\\Users\\me\\map.png"}, "image: C:", 12,
     "the picture 'C:\\Users\\me\\map.png' is a full path, which breaks when the lessons are copied to another "
     "computer or shared; write it from the lesson's folder, e.g. 'images/map.png' (or '../images/map.png' for a "
     "shared folder)", "figure.image-path"),
    ("web address", {"image: images/map.png": "image: https://example.com/map.png"}, "image: https:", 12,
     "the picture 'https://example.com/map.png' is a web address; lessons print only pictures kept with them: save "
     "the picture (right-click, Save image as…) into the lesson's folder, e.g. as 'images/map.png', and write that",
     "figure.image-path"),
    ("unknown paragraph", {"after: portsmouth": "after: portsmuth"}, "after: portsmuth", 12,
     "'after': no reading paragraph has the label 'portsmuth'; did you mean 'portsmouth'? (labels: portsmouth, "
     "auction)", "figure.after"),
    ("paragraph zero", {"after: portsmouth": "after: 0"}, "after: 0", 12,
     "'after' must be a paragraph's number, counting from 1, or its label; got '0'", "figure.after"),
    ("paragraph as a list", {"after: portsmouth": "after: [portsmouth]"}, "after: [", 12,
     "'after' must be one paragraph, by its number or its label (e.g. 3 or 'auction'), not a list or a group of "
     "fields", "figure.after"),
    ("paragraph past the end", {"after: portsmouth": "after: 7"}, "after: 7", 12,
     "'after' is 7, but the reading has only 3 paragraph(s); leave 'after' out to print the figure at the end of "
     "the reading", "figure.after"),
    ("unknown figure", {"Look at Figure {figure: map}": "Look at Figure {figure: mpa}"}, "{figure: mpa}", None,
     "no figure has the label 'mpa'; did you mean 'map'? (labels: map)", "reference.unknown"),
    ("same label twice", {"    alt: " + ALT_TALL: "    label: map\n    alt: " + ALT_TALL}, "    label: map", 12,
     "figure 1 in the list has the label 'map' already; give each figure its own", "figure.label"),
]


@pytest.mark.parametrize("name, changes, needle, col, message, code", BAD, ids=[b[0] for b in BAD])
def test_a_bad_figure_is_a_located_error_and_nothing_is_written(tmp_path, cli, name, changes, needle, col, message,
                                                                code):
    lesson = lesson_text(**changes)
    project = make_project(tmp_path, lesson)
    path = project / "lessons" / "figured.yaml"
    run = cli("check", cwd=project, root=project)
    assert run.code == 1 and "Traceback" not in run.err
    line = _line_of(path, needle) if name != "same label twice" else \
        [n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in t][-1]
    if col is None:
        col = path.read_text(encoding="utf-8").splitlines()[line - 1].index(needle) + 1
    assert f"lessons/figured.yaml:{line}:{col}: error: {message} [{code}]" in run.err.splitlines(), run.err
    build = cli("build", "--out", tmp_path / "out", cwd=project, root=project)
    assert build.code == 1 and "Traceback" not in build.err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("how, message, code", [
    ("gif", "the picture 'images/map.png' is a GIF file, not PNG or JPEG; open it and save (or export) it as PNG "
     "or JPEG", "figure.image-format"),
    ("text", "the picture 'images/map.png' is not a picture lessonpress can read; lessons take PNG or JPEG "
     "pictures: open it and save (or export) it as PNG or JPEG", "figure.image-format"),
    ("truncated", "the picture 'images/map.png' is damaged or cut short and cannot be shown; open it in a picture "
     "program and save it again, or copy it again from where it came from", "figure.image-damaged"),
    ("truncated-jpeg", "the picture 'images/map.png' is damaged or cut short and cannot be shown; open it in a "
     "picture program and save it again, or copy it again from where it came from", "figure.image-damaged"),
    ("huge", "the picture 'images/map.png' has 8,000 x 6,000 pixels, more than the 40 million a picture may have; "
     "save a smaller copy (about 2,000 pixels wide is plenty for a page)", "figure.image-too-big"),
    ("giant", "the picture 'images/map.png' has 10,000 x 10,000 pixels, more than the 40 million a picture may "
     "have; save a smaller copy (about 2,000 pixels wide is plenty for a page)", "figure.image-too-big"),
    ("folder", "the picture 'images/map.png' cannot be found: 'lessons/images/map.png' is a folder; the path is "
     "read from the lesson's folder (lessons), and capitals count", "figure.image-missing"),
])
def test_a_bad_picture_file_is_an_error_at_its_image_line(tmp_path, cli, how, message, code):
    project = make_project(tmp_path, LESSON)
    _broken(project / "lessons" / "images", "map.png", how)
    run = cli("check", cwd=project, root=project)
    assert run.code == 1 and "Traceback" not in run.err and "Warning" not in run.err
    line = _line_of(project / "lessons" / "figured.yaml", "image: images/map.png")
    assert f"lessons/figured.yaml:{line}:12: error: {message} [{code}]" in run.err.splitlines(), run.err
    build = cli("build", "--out", tmp_path / "out", cwd=project, root=project)
    assert build.code == 1 and not (tmp_path / "out").exists()


def test_a_picture_file_too_large_is_refused_before_it_is_read(tmp_path, cli, monkeypatch):
    project = make_project(tmp_path, LESSON)
    monkeypatch.setattr(figures, "MAX_BYTES", 2 * 2**20)
    Image.effect_noise((1500, 1500), 80).convert("RGB").save(project / "lessons" / "images" / "map.png")
    size = (project / "lessons" / "images" / "map.png").stat().st_size
    assert size > 2 * 2**20
    run = cli("check", cwd=project, root=project)
    assert run.code == 1
    assert (f"error: the picture 'images/map.png' is {size / 2**20:.0f} MB, more than the 2 MB a picture may be; "
            "save a smaller copy (about 2,000 pixels wide is plenty for a page) as JPEG [figure.image-too-big]"
            ) in run.err


def test_a_shared_folder_beside_the_lessons_is_fine(tmp_path, cli):
    project = make_project(tmp_path, LESSON.replace("image: images/map.png", "image: ../shared/map.png"))
    (project / "shared").mkdir()
    shutil.copy(project / "lessons" / "images" / "map.png", project / "shared" / "map.png")
    run = cli("check", cwd=project, root=project)
    assert run.code == 0, run.err


def test_shipped_sample_picture_is_a_readable_png():
    sample = ROOT / "docs" / "images" / "treaties-timeline.png"
    report = Report()
    picture = figures.read_picture(sample.name, sample.parent, Loc("x"), report)
    assert picture is not None and picture.mime == "image/png" and not report.items


def test_a_picture_never_leaves_its_caption_wherever_it_falls_on_the_page(tmp_path):
    """The map, with a caption of four lines, after a first paragraph of 8 to 30 sentences: the picture reaches
    the foot of page 1 at some length; wherever it falls, its caption and credit are on its page."""
    project = make_project(tmp_path)
    lessons = project / "lessons"
    sentence = "The first paragraph tells of the Treaty of Portsmouth and of the fisheries it opened. "
    writer = get_writer("pdf", "standard")
    pages_seen = set()
    caption = "A caption long enough to take four lines under the picture. " * 6
    for count in range(8, 31):
        text = lesson_text(**{"text: The first paragraph tells of the Treaty of Portsmouth (Jones, pg. 178).":
                              f"text: {sentence * count}(Jones, pg. 178).",
                              "The island & its <border> (Jones, pg. 178)": caption})
        (lessons / "figured.yaml").write_text(text, encoding="utf-8")
        loaded = load_project([lessons / "figured.yaml", lessons / "course.yaml"], lessons)
        assert not loaded.report.errors, loaded.report.errors
        out = tmp_path / "handout.pdf"
        out.write_bytes(writer.write(handout(loaded.lessons[0], loaded.course, Templates())))
        with pdfplumber.open(out) as pdf:
            for n, page in enumerate(pdf.pages):
                if any(im["srcsize"] == (1200, 700) for im in page.images):
                    pages_seen.add(n)
                    words = page.extract_text()
                    assert "Figure 1." in words and "Drawing: made for the tests" in words, (count, n)
    assert len(pages_seen) >= 2  # the lengths pushed the picture over to the next page at least once


@pytest.mark.parametrize("size", [(5000, 1), (1, 3000), (1, 1)], ids=["a thread", "a needle", "a dot"])
def test_a_picture_of_any_shape_prints_inside_the_text_block(tmp_path, cli, size):
    project = make_project(tmp_path)
    Image.new("RGB", size, "black").save(project / "lessons" / "images" / "map.png")
    run = cli("build", "--format", "pdf", "--out", tmp_path / "out", "-q", cwd=project, root=project)
    assert run.code == 0, run.err
    with pdfplumber.open(tmp_path / "out" / "figured" / "handout.pdf") as pdf:
        images = [(n, im) for n, page in enumerate(pdf.pages) for im in page.images]
        assert len(images) == 2
        for n, im in images:
            assert 72 - 0.5 <= im["x0"] <= im["x1"] <= 72 + 469 + 0.5
            assert 79 - 0.5 <= im["top"] <= im["bottom"] <= 79 + 641 + 0.5
            assert im["bottom"] - im["top"] <= 0.75 * 641 + 0.5
            assert "Figure" in pdf.pages[n].extract_text()


def test_alt_text_is_never_printed_so_letters_the_fonts_lack_are_fine_there(tmp_path, cli):
    """Alt text is read aloud (PDF /Alt, Word's description, the web page's alt), not drawn: a letter the PDF fonts
    lack warns in a caption, which prints, and not in the alt text."""
    lesson = lesson_text(**{f'alt: "{ALT_MAP}"': 'alt: "A map with 東郷 written on it."',
                            "caption: ": "caption: 東 "})
    project = make_project(tmp_path, lesson)
    run = cli("check", cwd=project, root=project)
    assert run.code == 0, run.err
    warned = [line for line in run.err.splitlines() if "font.missing-glyph" in line]
    path = project / "lessons" / "figured.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = [int(w.split("figured.yaml:", 1)[1].split(":", 1)[0]) for w in warned]
    assert at and all(lines[n - 1].lstrip().startswith("caption: 東") for n in at), run.err  # both captions
    assert _line_of(path, "A map with 東郷") not in at


def test_a_caption_too_long_for_its_picture_warns_at_its_line(tmp_path, cli):
    caption = "The island & its border, as the reading tells it. " * 12
    lesson = lesson_text(**{'caption: "The island & its <border> (Jones, pg. 178)"': f'caption: "{caption.strip()}"'})
    project = make_project(tmp_path, lesson)
    run = cli("check", cwd=project, root=project)
    assert run.code == 0, run.err
    line = _line_of(project / "lessons" / "figured.yaml", "caption: \"The island & its border, as")
    assert any(w.startswith(f"lessons/figured.yaml:{line}:") and "figure.caption-long" in w
               for w in run.err.splitlines()), run.err
    assert run.err.count("figure.caption-long") == 1  # the other, short caption is fine
