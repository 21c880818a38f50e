"""The HTML writer, read back with an HTML parser: structure, headings, every question and answer space, escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lessonpress import model as m
from lessonpress.build import documents
from lessonpress.templating import Templates
from lessonpress.validate import load_project
from lessonpress.writers import get_writer
from tests.golden import VALID

VOID = {"meta", "link", "col", "br", "img", "input", "hr"}


class Page(HTMLParser):
    """An HTML page as a list of elements (tag, attributes, text inside) and the text of the whole body."""

    def __init__(self, data: bytes):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.open: list[tuple[str, dict, list[str]]] = []
        self.text: list[str] = []
        self.feed(data.decode("utf-8"))
        self.close()
        assert not self.open, f"unclosed elements: {[t for t, _, _ in self.open]}"

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs), [])
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1][0] if self.open else None}"
        self.open.pop()

    def handle_data(self, data):
        for _, _, text in self.open:
            text.append(data)
        if any(t == "body" for t, _, _ in self.open):
            self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[tuple[str, dict, str]]:
        return [(t, a, "".join(x)) for t, a, x in self.elements
                if t == tag and (cls is None or cls in (a.get("class") or "").split())]

    def body_text(self) -> str:
        return " ".join("".join(self.text).split())


DOCS = {made.stem: made.doc for ll in load_project([VALID], VALID).lessons
        for made in documents(ll, load_project([VALID], VALID).course, Templates(), None) if "html" in made.formats}


def said(content: m.Inlines) -> str:
    """The text of inlines as the page gives it to a reader: write-in blanks are read as "blank 1", "blank 2"…,
    a lone one as "blank"."""
    count, many = iter(range(1, 1000)), len(re.findall(r"_{2,}", m.plain(content))) > 1
    return " ".join(re.sub(r"_{2,}", lambda _: f"blank {next(count)}" if many else "blank", m.plain(content)).split())


def walk(blocks) -> list:
    out = []
    for b in blocks:
        out.append(b)
        out += walk(getattr(b, "blocks", ()) or getattr(b, "body", ()) or getattr(b, "content", ())
                    if not isinstance(b, (m.Heading, m.Para)) else ())
    return out


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    writer = get_writer("html")
    return {stem: Page(writer.write(doc)) for stem, doc in DOCS.items()}


@pytest.mark.parametrize("stem", ["handout", "worksheet", "answer-key", "lesson-plan"])
def test_page_has_language_title_and_headings_in_order(pages, stem):
    page = pages[stem]
    html = page.all("html")[0]
    assert html[1]["lang"] == "en"
    assert page.all("title")[0][2].startswith(DOCS[stem].title)
    levels = [int(t[1]) for t, _, _ in page.elements if t in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    expected = [m.plain(b.content) for b in walk(DOCS[stem].blocks) if isinstance(b, m.Heading)]
    assert [" ".join("".join(text).split()) for t, _, text in page.elements if t in ("h1", "h2", "h3")] == expected


def test_every_question_and_answer_space_is_there(pages):
    doc, page = DOCS["worksheet"], pages["worksheet"]
    questions = [b for b in walk(doc.blocks) if isinstance(b, m.Question)]
    found = page.all("div", "question")
    assert [a["id"] for _, a, _ in found] == [f"q{q.number}" for q in questions]
    for q, (_, _, text) in zip(questions, found, strict=True):
        assert said(q.prompt) in " ".join(text.split())
    spaces = [b.lines for b in walk(doc.blocks) if isinstance(b, m.AnswerSpace)]
    assert [int(a["data-lines"]) for _, a, _ in page.all("div", "answer-space")] == spaces
    assert len(page.all("div", "rule")) == sum(spaces)
    choices = [b for b in walk(doc.blocks) if isinstance(b, m.Choices)]
    assert len(page.all("span", "bubble")) == sum(len(c.options) for c in choices)
    # the Name / Date / Period line with its write-in blanks
    assert "Name" in page.all("div", "doc-header")[0][2] and len(page.all("span", "blank")) >= 3


def test_every_answer_is_in_the_key(pages):
    doc, page = DOCS["answer-key"], pages["answer-key"]
    answers = [b for b in walk(doc.blocks) if isinstance(b, m.Answer)]
    found = page.all("div", "answer")
    assert [a["id"] for _, a, _ in found] == [f"a{x.number}" for x in answers]
    for x, (_, _, text) in zip(answers, found, strict=True):
        assert said(x.headline) in " ".join(text.split())
        assert (x.points_label or "point") in text


def test_blanks_are_numbered_only_where_a_line_has_more_than_one():
    """A matching row's one blank, which the item's own number follows, is read as "blank" ("blank, 1. Treaty
    of…"), not "blank 1, 1. Treaty of…" on every row; the Name and Date blanks of one line as "blank 1", "blank 2",
    in the document's words."""
    doc = m.Document("worksheet", "Worksheet", "T", "C", "F",
                     (m.Para((m.Text("Name "), m.Blank(12), m.Text(" Date "), m.Blank(8))),
                      m.Para((m.Blank(5), m.Text(" 1. Treaty of Portsmouth"))),
                      m.Para((m.Strong((m.Blank(5),)), m.Text(" and "), m.Emph((m.Blank(5),))))),
                     language="es", blank_label="espacio {n}")
    spoken = [text for tag, a, text in Page(get_writer("html").write(doc)).elements
              if tag == "span" and a.get("class") == "sr"]
    assert ["".join(t) for t in spoken] == ["espacio 1", "espacio 2", "espacio", "espacio 1", "espacio 2"]
    # the number is left out only where it closes the label and words stand before it; a teacher's label keeps it
    labels = ("blank {n}", "espacio {n} ", "gap", "{n}", "the {n}th blank", "blank ({n})", "{n}.º espacio")
    assert [m.blank_said(label, 1, 1) for label in labels] == \
        ["blank", "espacio", "gap", "1", "the 1th blank", "blank (1)", "1.º espacio"]
    assert [m.blank_said(label, 2, 3) for label in labels[:2]] == ["blank 2", "espacio 2 "]


def test_a_header_line_holds_each_label_with_its_blank(pages):
    """Name ___ Date ___ Period ___: each label and its blank in one unbreakable field (a line breaks between
    fields, as the PDF sets as many a line as fit), the blanks as wide as the PDF's underscores."""
    header = pages["worksheet"].all("p", "header-field")
    fields = [t for tag, a, t in pages["worksheet"].elements if tag == "span" and a.get("class") == "field"]
    assert len(header) == 1 and ["".join(t).split()[0] for t in fields] == ["Name", "Date", "Period"]
    widths = [float(re.search(r"width:([\d.]+)em", a["style"])[1]) for tag, a, _ in pages["worksheet"].elements
              if tag == "span" and a.get("class") == "blank"]
    doc_widths = [n.width / 2 for b in DOCS["worksheet"].header for n in b.content if isinstance(n, m.Blank)]
    assert widths[:len(doc_widths)] == doc_widths
    # a teacher's header with a sentence before the field: only the label's last word is kept with its blank
    doc = m.Document("worksheet", "Worksheet", "T", "C", "F", (), header=(m.Para(
        (m.Text("Write your name and the date, then begin. Name "), m.Blank(20), m.Text("   Date "), m.Blank(10)),
        role="header-field"),))
    page = Page(get_writer("html").write(doc))
    fields = [" ".join("".join(t).split()) for tag, a, t in page.elements if a.get("class") == "field"]
    assert fields == ["Name blank 1", "Date blank 2"]
    assert "Write your name and the date, then begin. Name" in page.body_text()
    cases = {  # a header line -> its fields as the page keeps them together
        (m.Text("Nombre completo "), m.Blank(20), m.Text("   Fecha "), m.Blank(10)):
            ["Nombre completo blank 1", "Fecha blank 2"],
        (m.Text("Then begin. "), m.Strong((m.Text("Name"),)), m.Text(" "), m.Blank(20)): ["Name blank"],
        (m.Text("Name: "), m.Blank(20)): ["Name: blank"],
        (m.Strong((m.Text("Name "), m.Blank(5), m.Text(" Date "), m.Blank(5))),): [],  # blanks in bold: one run
    }
    for content, expected in cases.items():
        doc = m.Document("worksheet", "Worksheet", "T", "C", "F", (), header=(m.Para(content, role="header-field"),))
        page = Page(get_writer("html").write(doc))
        assert [" ".join("".join(t).split()) for _, a, t in page.elements if a.get("class") == "field"] == expected
        spoken = ["".join(t) for _, a, t in page.elements if a.get("class") == "sr"]
        assert spoken == (["blank 1", "blank 2"] if len(expected) != 1 else ["blank"])  # counted inside bold too


def test_large_print_stacks_a_matching_question_as_the_pdf_and_word_do(pages):
    """At 18 pt two columns are narrow: large print sets the items, then the choices, each across the width."""
    tables = [b for b in walk(DOCS["worksheet"].blocks) if isinstance(b, m.Table) and b.role == "matching"]
    assert tables and all(len(b.widths) == 2 for b in tables)
    large = Page(get_writer("html", "large-print").write(DOCS["worksheet"]))
    stacked = large.all("table", "stacked")
    assert len(stacked) == len(tables) and not pages["worksheet"].all("table", "stacked")
    assert all(a["role"] == "presentation" and a["class"] == "matching stacked" for _, a, _ in stacked)
    rows = [el for el in large.elements if el[0] == "tr"]
    cells = [" ".join("".join(text).split()) for tag, _, text in large.elements if tag == "td"]
    items = [" ".join(said(row[0]).split()) for row in tables[0].rows]
    choices = [" ".join(said(row[1]).split()) for row in tables[0].rows]
    start = cells.index(items[0])
    assert cells[start:start + 2 * len(items)] == items + choices  # one cell a row: items first, then choices
    assert [a.get("class") for _, a, _ in rows[start + len(items):start + 2 * len(items)]] == \
        ["choice first"] + ["choice"] * (len(choices) - 1)


def test_reading_paragraphs_are_numbered(pages):
    doc, page = DOCS["handout"], pages["handout"]
    numbered = [b for b in walk(doc.blocks) if isinstance(b, m.Para) and b.number is not None]
    found = page.all("p", "reading")
    assert [a["id"] for _, a, _ in found] == [f"p{p.number}" for p in numbered]
    assert [" ".join(t.split()) for _, _, t in page.all("span", "pnum")] == [f"Paragraph {p.number}" for p in numbered]


def test_tables_have_header_cells_with_scope(pages):
    for stem in ("handout", "lesson-plan"):
        page = pages[stem]
        heads = page.all("th")
        assert heads and all(a.get("scope") == "col" for _, a, _ in heads)
        assert len(page.all("thead")) == len([b for b in walk(DOCS[stem].blocks)
                                              if isinstance(b, m.Table) and b.header])


def test_every_table_has_header_cells_or_is_read_as_a_list(pages):
    """A matching or ordering question's rows lay out two lists side by side, not data under headings: such a
    table is marked a layout table, so a screen reader reads its rows in order (as the PDF's tags do) where it
    would announce a data table without headers. Every other table has its header row."""
    tables = [(stem, a, page) for stem, page in pages.items() for _, a, _ in page.all("table")]
    layout = [a for _, a, _ in tables if a.get("role") == "presentation"]
    assert {a["class"] for a in layout} == {"matching", "ordering"}
    assert len(layout) == len([b for b in walk(DOCS["worksheet"].blocks) if isinstance(b, m.Table) and not b.header])
    for stem, page in pages.items():
        data = [a for _, a, _ in page.all("table") if a.get("role") != "presentation"]
        assert len(data) == len(page.all("thead")), stem


def test_text_from_lessons_is_escaped(pages):
    page = pages["handout"]
    # the fixture's title is 'Every <Type> & {{ 7*7 }} Test' and a key term is '<script>'
    assert "Every <Type> & {{ 7*7 }} Test" in page.all("h1")[0][2]
    assert "<script> — Must print literally & safely." in page.body_text()
    assert '<font name="x">no</font>' in page.body_text()
    assert not page.all("script") and not page.all("type") and not page.all("font")


def test_characters_no_page_may_hold_are_replaced():
    doc = m.Document("handout", "Handout", "T\x00itle", "Course", "foot\x1b",
                     (m.Heading(1, (m.Text("a\x07b"),)), m.Para((m.Text("x\ud800y \u00e9 \U0001f600"),))))
    data = get_writer("html").write(doc)
    assert b"\x00" not in data and b"\x1b" not in data and b"\x07" not in data
    page = Page(data)
    assert page.all("h1")[0][2] == "a\ufffdb"
    assert "x\ufffdy \u00e9 \U0001f600" in page.body_text()


def test_unknown_block_raises():
    doc = m.Document("handout", "Handout", "T", "C", "F", (object(),))
    with pytest.raises(TypeError, match="unknown block"):
        get_writer("html").write(doc)


def test_profiles_set_the_type(pages):
    doc = DOCS["worksheet"]
    large = get_writer("html", "large-print").write(doc).decode()
    dyslexia = get_writer("html", "dyslexia").write(doc).decode()
    assert "--size: 18pt" in large and "--size: 11pt" in get_writer("html").write(doc).decode()
    assert '"Atkinson Hyperlegible"' in dyslexia and "--leading: 1.6" in dyslexia
    assert "@media print" in large and "size: letter" in large


def test_format_html_writes_a_page_per_document(cli, project):
    run = cli("build", "--format", "html", "--out", project / "out", "-q", cwd=project, root=project)
    assert run.code == 0, run.err
    files = sorted(p.name for p in (project / "out" / "every-type").iterdir())
    assert files == ["answer-key.html", "handout.html", "lesson-plan.html", "worksheet.html"]
    assert not list((project / "out").glob("*.pdf"))  # no packets: they are PDF
    page = Page((project / "out" / "every-type" / "worksheet.html").read_bytes())
    assert len(page.all("div", "question")) == 8
