"""Class sets from a roster, accessible profiles and packets, read back from the PDFs written."""

import re
import shutil
from collections import Counter

import pytest
from pypdf import PdfReader

from tests.conftest import COURSE, FIXTURES, SAMPLE

LESSON = "01-tensions-and-treaties"
NAMES = ["Ana Díaz", "Ben Okafor", "Zoë Tōgō", "Nguyễn Văn An", "Li Wei", "O'Brien, Siobhán"]


def roster(path, count: int, period: str = "3", extra: str = "") -> None:
    rows = ["name,period,form,large_print" + extra]
    for i in range(count):
        name = NAMES[i % len(NAMES)] + (f" {i}" if i >= len(NAMES) else "")
        rows.append(f'"{name}",{period},,')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def build_with_roster(cli, tmp_path, csv_text: str, *options):
    """Write a roster, build the sample lesson with it, and return the run and the lesson's output folder."""
    csv = tmp_path / "roster.csv"
    csv.write_text(csv_text, encoding="utf-8")
    out = tmp_path / "out"
    run = cli("build", SAMPLE, COURSE, "--roster", csv, "--out", out, *options, cwd=tmp_path, root=tmp_path)
    return run, out / LESSON


@pytest.fixture(scope="module")
def class_set(tmp_path_factory):
    from lessonpress.cli import main

    tmp = tmp_path_factory.mktemp("classset")
    roster(tmp / "roster.csv", 31)
    code = main(["build", str(SAMPLE), str(COURSE), "--versions", "3", "--roster", str(tmp / "roster.csv"),
                 "--format", "pdf", "--out", str(tmp / "out"), "-q"])
    assert code == 0
    return tmp / "out" / LESSON


def test_31_students_each_start_on_a_new_sheet(class_set):
    reader = PdfReader(class_set / "class-set-period-3.pdf")
    sheet = PdfReader(class_set / "worksheet-A.pdf")
    per_copy = len(sheet.pages) + len(sheet.pages) % 2
    assert len(reader.pages) == 31 * per_copy
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert len(starts) == 31 and all(s % 2 == 0 for s in starts)  # 0-based even = odd page number = front
    for start in starts:
        first = reader.pages[start].extract_text()
        assert "Name" in first and "Page 1 of" in first
        if len(sheet.pages) % 2:
            assert reader.pages[start + per_copy - 1].extract_text().strip() == ""  # the padding page


def test_names_periods_and_forms_are_dealt_in_turn(class_set):
    reader = PdfReader(class_set / "class-set-period-3.pdf")
    titles = [item.title for item in reader.outline]
    assert titles[:4] == ["Ana Díaz · Form A", "Ben Okafor · Form B", "Zoë Tōgō · Form C", "Nguyễn Văn An · Form A"]
    assert Counter(t[-1] for t in titles) == {"A": 11, "B": 10, "C": 10}
    start = reader.get_destination_page_number(reader.outline[2])
    page = reader.pages[start].extract_text()
    assert "Zoë Tōgō · Period 3" in page and "Form C" in page
    assert "Zoë Tōgō · Period 3" in reader.pages[start + 1].extract_text()  # on every page, not just the first


def test_each_copy_is_its_forms_worksheet(class_set):
    reader = PdfReader(class_set / "class-set-period-3.pdf")
    for item in reader.outline[:3]:
        form = item.title[-1]
        sheet = PdfReader(class_set / f"worksheet-{form}.pdf")
        start = reader.get_destination_page_number(item)
        for k, page in enumerate(sheet.pages):
            assert page.extract_text() in reader.pages[start + k].extract_text()


def test_roster_errors_are_located_and_nothing_is_written(cli, tmp_path):
    bad = tmp_path / "roster.csv"
    bad.write_text('name,perod\n"Ana",3\n', encoding="utf-8")
    out = tmp_path / "out"
    run = cli("build", SAMPLE, COURSE, "--roster", bad, "--out", out, root=tmp_path, cwd=tmp_path)
    assert run.code == 1 and not out.exists()
    assert ("roster.csv:1:1: error: no 'period' column; is 'perod' meant to be 'period'? (the header row has: "
            "name, perod; it needs name and period, and may have form and large_print) [roster.column]") in run.err
    bad.write_text("name,period,form,large_print\nAna,3,D,\n,3,,\nBen,,,\nCy,4,,maybe\n", encoding="utf-8")
    run = cli("build", SAMPLE, COURSE, "--versions", "3", "--roster", bad, "--out", out, root=tmp_path, cwd=tmp_path)
    assert run.code == 1 and not out.exists()
    lines = [line for line in run.err.splitlines() if "error" in line]
    assert lines == [
        "roster.csv:2:1: error: form 'D' for 'Ana', but forms A–C are built; build more with --versions "
        "[roster.form]",
        "roster.csv:3:1: error: the name is empty [roster.name]",
        "roster.csv:4:1: error: no period for 'Ben' [roster.period]",
        "roster.csv:5:1: error: large_print must be yes or no, got 'maybe' [roster.large_print]",
    ]
    bad.write_text("", encoding="utf-8")
    run = cli("build", SAMPLE, COURSE, "--roster", bad, "--out", out, root=tmp_path, cwd=tmp_path)
    assert run.code == 1 and "roster.csv: error: the roster is empty" in run.err


def _sizes(page) -> list[float]:
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(round(size * abs(tm[3] or 1) * abs(cm[3] or 1), 1))

    page.extract_text(visitor_text=visit)
    return sizes


def test_profiles_large_print_and_dyslexia(cli, project):
    shutil.copy(FIXTURES / "valid" / "every-type.yaml", project / "lessons" / "every-type.yaml")
    assert cli("build", "--profile", "large-print", "--format", "pdf", cwd=project, root=project).code == 0
    assert cli("build", "--profile", "dyslexia", "--format", "pdf", cwd=project, root=project).code == 0
    out = project / "output" / "every-type"
    sizes = Counter(s for page in PdfReader(out / "worksheet-large-print.pdf").pages for s in _sizes(page))
    body = sizes.most_common(1)[0][0]
    assert body >= 18, sizes
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for page in PdfReader(out / "handout-dyslexia.pdf").pages
             for f in page["/Resources"]["/Font"].values()}
    assert {"AtkinsonHyperlegible-Regular", "DejaVuSans"} <= fonts  # DejaVu only for 'ō' and the like
    assert not any(f.startswith("DejaVuSerif") for f in fonts)
    assert "Shigenori Tōgō" in PdfReader(out / "handout-dyslexia.pdf").pages[0].extract_text()


def test_large_print_roster_rows_get_large_print_copies(cli, tmp_path):
    run, out = build_with_roster(cli, tmp_path, "name,period,large_print\nAna,1,yes\nBen,1,no\n", "--format", "pdf")
    assert run.code == 0
    reader = PdfReader(out / "class-set-period-1.pdf")
    ana, ben = (reader.get_destination_page_number(item) for item in reader.outline)
    normal = len(PdfReader(out / "worksheet.pdf").pages)
    assert ben - ana > normal + 1  # the large-print copy is longer
    assert max(_sizes(reader.pages[ana + 1])) >= 18 > max(_sizes(reader.pages[ben + 1]))
    # large print has other page counts ("Page N of M" differs) but the same fonts: held once, plus the stamp's
    fonts = sum(map(len, _font_files(PdfReader(out / "worksheet.pdf")).values()))
    assert sum(map(len, _font_files(reader).values())) <= fonts + 2


def test_packets_have_contents_page_numbers_that_match_bookmarks(cli, tmp_path):
    out = tmp_path / "out"
    lessons = SAMPLE.parent
    assert cli("build", "--format", "pdf", "--out", out, root=lessons.parent).code == 0
    for name, title, kinds in (("course-packet.pdf", "Student packet", ["Handout", "Worksheet"]),
                               ("teacher-packet.pdf", "Teacher packet",
                                ["Lesson Plan", "Handout", "Worksheet", "Answer Key"])):
        reader = PdfReader(out / name)
        first = reader.get_destination_page_number(reader.outline[0])
        contents = "".join(page.extract_text() for page in reader.pages[1:first])  # one page or more
        lessons_marked = [item for item in reader.outline if not isinstance(item, list)]
        children = [item for item in reader.outline if isinstance(item, list)]
        assert len(lessons_marked) == 6 and all([c.title for c in group] == kinds for group in children)
        for group in children:
            for item in group:
                page = reader.get_destination_page_number(item) + 1
                assert page % 2 == 1  # every document starts on a right-hand page
                assert re.search(rf"{re.escape(item.title)}\s*{page}\b", contents), (item.title, page)
        assert reader.trailer["/Root"]["/Lang"] == "en"
        assert reader.metadata.title == f"Soviet–Japanese Relations, 1905–1945 — {title}"


def test_class_set_metadata(class_set):
    reader = PdfReader(class_set / "class-set-period-3.pdf")
    assert reader.metadata.title == "Tensions and Treaties — Worksheets, Period 3"
    assert reader.metadata.author == "Soviet–Japanese Relations, 1905–1945"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_roster_with_word_only_still_makes_class_sets(cli, tmp_path):
    run, out = build_with_roster(cli, tmp_path, "name,period\nAna,1\nBen,1\n", "--format", "docx")
    assert run.code == 0
    reader = PdfReader(out / "class-set-period-1.pdf")
    assert [item.title for item in reader.outline] == ["Ana", "Ben"]


def test_header_without_name_blank_warns_that_names_go_only_on_top(cli, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "worksheet_header.j2").write_text('Nombre <blank width="30"/>\n', encoding="utf-8")
    run, _ = build_with_roster(cli, tmp_path, "name,period\nAna,1\n", "--format", "pdf")
    assert run.code == 0
    assert ('templates/worksheet_header.j2: warning: the worksheet header has no <blank name="name"/> or <blank '
            'name="period"/> on a line that fits the page, so class sets print each name only at the top of the page; '
            'name the blanks as the built-in header does [classset.unstamped]') in run.err


def _font_files(reader: PdfReader) -> dict[str, bytes]:
    """Every embedded font program in a PDF, by its font's name."""
    out = {}
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if isinstance(obj, dict) and obj.get("/Type") == "/FontDescriptor":
            out.setdefault(str(obj["/FontName"]), []).append(obj["/FontFile2"].get_object().get_data())
    return out


def test_forms_embed_the_same_fonts_and_a_class_set_holds_each_once(class_set):
    forms = [_font_files(PdfReader(class_set / f"worksheet-{f}.pdf")) for f in "ABC"]
    assert forms[0] == forms[1] == forms[2]  # shuffled text, same subsets: the fonts can be shared
    stamped = _font_files(PdfReader(class_set / "class-set-period-3.pdf"))
    sizes = Counter(len(v) for v in stamped.values())
    assert set(forms[0]) <= set(stamped)
    # one copy of each form font for 31 copies of 3 forms, plus the stamp's fonts
    assert all(len(stamped[name]) == 1 for name in forms[0] if name not in ("/AAAAAA+DejaVuSans",
                                                                            "/AAAAAA+DejaVuSans-Bold")), sizes
    assert sum(map(len, stamped.values())) <= sum(map(len, forms[0].values())) + 2
    size = (class_set / "class-set-period-3.pdf").stat().st_size
    assert size < 2 * (class_set / "worksheet-A.pdf").stat().st_size + 31 * 40_000


def test_objects_are_shared_only_when_they_and_what_they_refer_to_are_equal():
    """The assembly shares fonts between documents by comparing them through their references: two fonts written
    alike but pointing at different font programs are two objects; equal ones, from different files and numbered
    differently, are one."""
    import io

    import pikepdf

    from lessonpress.structure_tree import Binder

    def pdf(program: bytes, pad: int = 0) -> bytes:
        doc = pikepdf.new()
        # objects numbered differently, same content
        doc.Root.Pad = pikepdf.Array([doc.make_indirect(pikepdf.Dictionary()) for _ in range(pad)])
        descriptor = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor,
                                                          FontFile2=doc.make_stream(program)))
        font = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, FontDescriptor=descriptor))
        doc.add_blank_page(page_size=(100, 100))
        doc.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()

    a, b, c = pdf(b"one"), pdf(b"two"), pdf(b"one", pad=3)
    with pikepdf.open(io.BytesIO(a)) as one, pikepdf.open(io.BytesIO(c)) as other:
        assert one.pages[0].Resources.Font.F1.objgen != other.pages[0].Resources.Font.F1.objgen
    binder = Binder()
    for data in (a, b, c):
        binder.add(data)
    with pikepdf.open(io.BytesIO(binder.finish("t", "", "en"))) as out:
        fonts = [page.Resources.Font.F1 for page in out.pages]
        assert fonts[0].objgen == fonts[2].objgen != fonts[1].objgen
        assert fonts[1].FontDescriptor.FontFile2.read_bytes() == b"two"
        assert fonts[0].FontDescriptor.FontFile2.read_bytes() == b"one"
