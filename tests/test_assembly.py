"""Assembly after the writers: packet page numbers and forms, the contents page, class-set stamps in the
margins, forms of one page count, `check` running the builders, and the library fast paths against the plain."""

import io
import re
from collections import defaultdict

import pdfplumber
import pytest
from pypdf import PdfReader

from tests.conftest import COURSE, ROOT, SAMPLE

EDGE = 54  # 0.75 in: no ink nearer the paper edge


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The whole course in three forms, PDF only."""
    from lessonpress.cli import main

    out = tmp_path_factory.mktemp("versions")
    assert main(["build", "--versions", "3", "--format", "pdf", "--out", str(out), "-q"], root=ROOT) == 0
    return out


def _lines(page) -> list[dict]:
    return page.extract_text_lines()


def _inside_margins(chars, width, height) -> bool:
    return all(c["x0"] >= EDGE - 0.01 and c["x1"] <= width - EDGE + 0.01 and c["top"] >= EDGE - 0.01
               and c["bottom"] <= height - EDGE + 0.01 for c in chars)


@pytest.mark.parametrize("name", ["course-packet.pdf", "teacher-packet.pdf"])
def test_every_printed_packet_page_carries_its_packet_page_number(versions, name):
    reader = PdfReader(versions / name)
    starts = [reader.get_destination_page_number(item) + 1 for group in reader.outline if isinstance(group, list)
              for item in group]
    blank = {n for n, page in enumerate(reader.pages, 1) if "/Contents" not in page}
    # only the padding after a document of an odd page count is blank
    assert all(n % 2 == 0 and (n + 1 in starts or n == len(reader.pages)) for n in blank), (blank, starts)
    # every document's first two pages and the front (reading every page of every packet takes too long)
    sample = sorted({1, 2, 3, *starts, *(n + 1 for n in starts)} - blank)
    with pdfplumber.open(versions / name) as pdf:
        for number in sample:
            page = pdf.pages[number - 1]
            # everything between the running header's rule (58 pt from the top) and the text block (79 pt)
            band = sorted((c for c in page.chars if 58 < c["top"] and c["bottom"] < 79), key=lambda c: c["x0"])
            text = "".join(c["text"] for c in band)
            assert text.replace(" ", "") == f"Packetpage{number}", (number, text)
            assert min(c["size"] for c in band) >= 8 and _inside_margins(band, page.width, page.height)
            # the outer corner: right on a right-hand page, left on a left-hand one
            if number % 2:
                assert band[-1]["x1"] == pytest.approx(72 + 469, abs=0.5)
            else:
                assert band[0]["x0"] == pytest.approx(72, abs=0.5)
    # and no printed page without its number (its stamp drawn after the page's own content)
    assert all(page.get_contents() is not None and b"/LPStamp Do" in page.get_contents().get_data()
               for n, page in enumerate(reader.pages, 1) if n not in blank)


def test_versions_packets_say_which_form_they_hold_and_keep_each_lesson_together(versions):
    for name in ("course-packet.pdf", "teacher-packet.pdf"):
        reader = PdfReader(versions / name)
        first = reader.get_destination_page_number(reader.outline[0])
        cover = reader.pages[0].extract_text()
        contents = [reader.pages[k].extract_text() for k in range(1, first) if reader.pages[k].extract_text().strip()]
        assert "Form A of 3" in cover and all("Form A" in page for page in contents), name
        assert "Form A" in reader.metadata.title
        # each lesson's title row and all its documents are on one contents page: no row alone
        titles = [item.title for item in reader.outline if not isinstance(item, list)]
        groups = [[c.title for c in group] for group in reader.outline if isinstance(group, list)]
        for i, (title, parts) in enumerate(zip(titles, groups, strict=True), 1):
            pages = [page for page in contents if f"{i}. {title}" in " ".join(page.split())]
            assert len(pages) == 1, title
            after = " ".join(pages[0].split()).split(f"{i}. {title}", 1)[1]
            assert all(part in after for part in parts), (title, parts)


def test_packet_wording_comes_from_the_templates(cli, project):
    """The cover and contents are a Document worded by templates/packet.j2, which a teacher may replace."""
    (project / "templates").mkdir()
    (project / "templates" / "packet.j2").write_text(
        '{% if part == "name" %}Binder for {{ packet }}\n{% elif part == "contents" %}Inhalt\n'
        '{% elif part == "page" %}Seite\n{% elif part == "footer" %}Room 12\n'
        '{% elif part == "stamp" %}p. {{ number }}\n{% endif %}', encoding="utf-8")
    assert cli("build", "--format", "pdf", cwd=project, root=project).code == 0
    reader = PdfReader(project / "output" / "course-packet.pdf")
    cover, contents = (" ".join(reader.pages[k].extract_text().split()) for k in (0, 1))
    assert "Binder for course-packet" in cover and "Room 12" in cover and "p. 1" in cover
    assert "Inhalt" in contents and "Seite" in contents and "p. 2" in contents
    assert "Student packet" not in cover + contents
    assert reader.metadata.title.endswith("Binder for course-packet")


def test_contents_table_fits_the_a4_text_width(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--format", "pdf", "--paper", "a4", "--out", out, "-q", root=ROOT).code == 0
    with pdfplumber.open(out / "teacher-packet.pdf") as pdf:
        page = pdf.pages[1]
        assert page.width == pytest.approx(595.28, abs=0.1)
        ink = [*page.chars, *page.rects, *page.lines]
        assert max(x["x1"] for x in ink) <= page.width - EDGE + 0.01
        rows = [line for line in _lines(page) if re.search(r"\d+$", line["text"])]
        assert len(rows) >= 5


def test_forms_of_a_worksheet_have_one_page_count(versions):
    """The course in three forms: where a shuffle gives a form another page count, another shuffle is tried."""
    for folder in sorted(p for p in versions.iterdir() if p.is_dir()):
        counts = {f.name: len(PdfReader(f).pages) for f in folder.glob("worksheet-*.pdf")}
        assert len(counts) == 3 and len(set(counts.values())) == 1, (folder.name, counts)


def test_a_reshuffled_form_keeps_its_key_and_key_grid_in_step(tmp_path):
    """Lesson 4's Form B comes out a page longer than the others with seed 0: it is shuffled again, and its
    answer key and the key grid are built from the same shuffle as its worksheet."""
    from lessonpress.build import Options, fit_forms, plan, write
    from lessonpress.documents.common import forms
    from lessonpress.documents.key_grid import key_grid
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project
    from lessonpress.writers.debug import DebugWriter

    project = load_project([ROOT / "lessons" / "04-defensive-pacts.yaml", COURSE], COURSE.parent)
    options, templates = Options(tmp_path, ("pdf",), forms=tuple(forms(3, "0"))), Templates()
    planned = plan(project, options, templates)
    fitted, outputs = fit_forms(project, options, templates, planned, write(planned.jobs, options))
    chosen = fitted.forms["04-defensive-pacts"]
    assert [f.seed for f in chosen] != ["0", "0", "0"]  # at least one form shuffled again
    files = {(j.kind, j.form.letter if j.form else None): j for j in fitted.jobs if j.stem}
    for form in chosen:
        assert files[("worksheet", form.letter)].form == files[("answer-key", form.letter)].form == form
        assert outputs[files[("worksheet", form.letter)].key].pages == outputs[files[("worksheet", "A")].key].pages
    grid = key_grid(project.lessons[0], project.course, templates, list(chosen))
    assert DebugWriter().write(files[("key-grid", None)].doc) == DebugWriter().write(grid)


def test_check_runs_the_builders_and_templates(cli, project):
    """A template mistake fails `check` with the same located message as `build`."""
    (project / "templates").mkdir()
    (project / "templates" / "footer.j2").write_text("{{ course.title }} {{ nope }}\n", encoding="utf-8")
    built = cli("build", cwd=project, root=project)
    checked = cli("check", cwd=project, root=project)
    assert built.code == checked.code == 1
    message = [line for line in built.err.splitlines() if "templates/footer.j2:1:1: error:" in line]
    assert message and "'nope' is not a variable here. The variables here are: course, form, kind, label" in message[0]
    assert message[0] in checked.err.splitlines() and "Traceback" not in checked.err
    assert not (project / "output").exists()


def test_check_also_runs_the_packet_templates(cli, project):
    (project / "templates").mkdir()
    (project / "templates" / "packet.j2").write_text("{{ packet.nope() }}\n", encoding="utf-8")
    assert cli("check", cwd=project, root=project).code == 1


LONG = ("Maximiliana Alexandrina Konstantinopoulou-Vanderbilt de la Cruz y Montenegro-Szczepańska Ōkubo "
        "Featherstonehaugh")


def test_class_set_stamp_sits_inside_the_margins_at_8_pt_and_fits_a_long_name(cli, tmp_path):
    name = (LONG + " " + LONG)[:120]
    assert len(name) == 120
    csv = tmp_path / "roster.csv"
    csv.write_text(f'name,period,large_print\n"{name}",3,\n"{name}",3,yes\n', encoding="utf-8")
    out = tmp_path / "out"
    assert cli("build", SAMPLE, COURSE, "--roster", csv, "--format", "pdf", "--out", out, "-q",
               root=tmp_path, cwd=tmp_path).code == 0
    path = out / "01-tensions-and-treaties" / "class-set-period-3.pdf"
    with pdfplumber.open(path) as pdf:
        stamped = 0
        for page in pdf.pages:
            if not page.chars:
                continue
            line = next(line for line in _lines(page) if "· Period 3" in line["text"])
            chars = [c for c in page.chars if line["top"] - 1 <= c["top"] <= line["bottom"]]
            assert min(c["size"] for c in chars) >= 8
            assert _inside_margins(chars, page.width, page.height)
            assert line["text"].startswith(name[:40]) and line["text"].endswith("… · Period 3"), line["text"]
            # and the name typed into the Name blank is never below 8 pt either
            words = defaultdict(list)
            for c in page.chars:
                if c["fontname"].endswith("DejaVuSans-Bold") and line["bottom"] < c["top"] < page.height / 2:
                    words[round(c["top"])].append(c)
            for chars in words.values():
                assert min(c["size"] for c in chars) >= 8 and _inside_margins(chars, page.width, page.height)
            stamped += 1
        assert stamped >= 10


def _pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_fast_and_plain_library_paths_print_the_same(monkeypatch, tmp_path):
    """Class sets and packets stamped through reportlab's internals and through its public API print the same
    pages; and assembling the same documents again gives the same bytes."""
    from lessonpress.build import Options, assemble, plan, write
    from lessonpress.compat import reportlab as compat_reportlab
    from lessonpress.documents.common import forms
    from lessonpress.roster import Student
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project

    assert compat_reportlab.FAST["stamps"]  # the versions tested here have the internals
    project = load_project([SAMPLE, COURSE], SAMPLE.parent)
    students = (Student("Ana Díaz", "3", "A", False, 2), Student("Zoë Tōgō", "3", "B", True, 3),
                Student("Ben Okafor", "3", "A", False, 4))
    options = Options(tmp_path, ("pdf",), forms=tuple(forms(2, "0")), students=students)
    templates = Templates()
    planned = plan(project, options, templates)
    outputs = write(planned.jobs, options)  # written once; only assembly differs

    def made(fast_reportlab: bool) -> dict:
        monkeypatch.setitem(compat_reportlab.FAST, "stamps", fast_reportlab)
        files = assemble(project, options, templates, planned, outputs).files
        return {f.path.name: f.data for f in files if f.path.name.startswith(("class-set", "course-packet"))}

    fast, plain = made(True), made(False)
    assert len(fast) == 2 and plain.keys() == fast.keys()
    for name in fast:
        assert _pages_text(plain[name]) == _pages_text(fast[name]), name
        assert [len(p) for p in _pages_text(fast[name])] and PdfReader(io.BytesIO(plain[name])).outline
    assert all(p.outline for p in (PdfReader(io.BytesIO(d)) for d in fast.values()))
    assert made(True) == fast  # same input, same bytes


@pytest.mark.parametrize("name", ["course-packet.pdf", "teacher-packet.pdf"])
def test_a_packets_cover_and_contents_carry_only_their_packet_page_number(versions, name):
    """The front pages are numbered by the packet ("Packet page 1"), not also "Page 1 of 2" as a document."""
    reader = PdfReader(versions / name)
    first = min(reader.get_destination_page_number(item) for group in reader.outline if isinstance(group, list)
                for item in group)
    front = [page.extract_text() for page in reader.pages[:first] if "/Contents" in page]  # not the blank padding
    assert len(front) >= 2
    first_document = reader.pages[first].extract_text()
    assert all("Packet page" in text and not re.search(r"Page\s+\d+\s+of\s+\d+", text) for text in front), front
    assert re.search(r"Page\s+1\s+of\s+\d+", first_document)  # a document keeps its own page count


def test_a_packet_holds_each_form_xobject_of_a_document_once(tmp_path):
    """Pages of one document whose resources differ (a figure on one) share their page-count form: its digest
    is kept for the whole document, not made again for each page after the binder has copied it."""
    import pikepdf

    from lessonpress.cli import main
    from lessonpress.structure_tree import digest

    out = tmp_path / "out"
    assert main(["build", str(ROOT / "tests" / "fixtures" / "valid"), "--format", "pdf", "--out", str(out), "-q"],
                root=ROOT) == 0
    with pikepdf.open(out / "teacher-packet.pdf") as pdf:
        forms = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.stream_dict.get("/Subtype") == "/Form"
                 and "/Resources" in o.stream_dict]
        memo: dict = {}
        found = [digest(form, memo, pdf) for form in forms]
    assert len(forms) > 10 and len(set(found)) == len(found)
