"""Tagged PDF (PDF/UA-1): every page's content is tagged or an artifact, the structure tree reads as the page
does, headings nest, and the catalog says what a screen reader needs."""

import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from lessonpress.cli import main
from tests.conftest import COURSE, FIXTURES, ROOT

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}
KINDS = ("handout", "worksheet", "answer-key", "lesson-plan")


@pytest.fixture(scope="module")
def profiles(tmp_path_factory) -> dict[str, Path]:
    """The every-type lesson in each profile (PDF only): profile -> its folder."""
    out = {}
    for profile in ("standard", "large-print", "dyslexia"):
        folder = tmp_path_factory.mktemp(profile)
        args = ["build", str(FIXTURES / "valid" / "every-type.yaml"), str(COURSE), "--out", str(folder), "-q",
                "--format", "pdf"]
        assert main(args + (["--profile", profile] if profile != "standard" else []), root=ROOT) == 0
        out[profile] = folder / "every-type"
    return out


def pdf_of(profiles, profile: str, kind: str) -> Path:
    return profiles[profile] / (f"{kind}.pdf" if profile == "standard" else f"{kind}-{profile}.pdf")


def content_marks(pdf: pikepdf.Pdf) -> tuple[list[tuple[int, str, str]], list[tuple[int, int]]]:
    """Each painting operator of each page with what encloses it ('tagged', 'artifact' or 'bare'), and the
    (page, MCID) of each marked-content item in the order drawn."""
    found, mcids = [], []
    for i, page in enumerate(pdf.pages):
        stack: list[str] = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                if mcid:
                    mcids.append((i, int(props.MCID)))
                stack.append("artifact" if str(operands[0]) == "/Artifact" else "tagged" if mcid else "other")
            elif op == "EMC":
                assert stack, f"page {i + 1}: EMC without a BDC"
                stack.pop()
            elif op in PAINTING:
                kinds = set(stack)
                assert not ({"artifact", "tagged"} <= kinds), f"page {i + 1}: tagged content inside an artifact"
                found.append((i, op, "tagged" if "tagged" in kinds else "artifact" if "artifact" in kinds else "bare"))
        assert not stack, f"page {i + 1}: marked content left open"
    return found, mcids


def structure(pdf: pikepdf.Pdf) -> tuple[list[str], list[tuple[int, int]], list[str]]:
    """Walk the structure tree in order: roles, the (page, MCID) of each content item, ActualText given."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    roles, items, actual = [], [], []

    def walk(elem, page=None):
        roles.append(str(elem.S)[1:])
        if "/ActualText" in elem:
            actual.append(str(elem.ActualText))
        page = pages[elem.Pg.objgen] if "/Pg" in elem else page
        kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
        for k in kids:
            if isinstance(k, int) or (hasattr(k, "is_integer") and k.is_integer):
                items.append((page, int(k)))
            elif k.get("/Type") == "/MCR":
                items.append((pages[k.Pg.objgen], int(k.MCID)))
            else:
                walk(k, page)

    walk(pdf.Root.StructTreeRoot.K)
    return roles, items, actual


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """The text drawn in each marked-content item, by (page, MCID), in the order drawn."""
    out: dict[tuple[int, int], str] = {}
    with pdfplumber.open(path) as doc:
        for i, page in enumerate(doc.pages):
            for ch in page.chars:
                if ch.get("mcid") is not None:
                    out[(i, ch["mcid"])] = out.get((i, ch["mcid"]), "") + ch["text"]
    return out


@pytest.mark.parametrize("profile", ["standard", "large-print", "dyslexia"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_tagged_or_artifact_and_reads_in_structure_order(profiles, profile, kind):
    path = pdf_of(profiles, profile, kind)
    with pikepdf.open(path) as pdf:
        marks, drawn = content_marks(pdf)
        assert not [m for m in marks if m[2] == "bare"], "content neither tagged nor an artifact"
        assert {m[2] for m in marks} == {"tagged", "artifact"}
        roles, items, _ = structure(pdf)
        assert roles[0] == "Document" and len(items) == len(set(items))
        texts = marked_text(path)
        assert sorted(items) == sorted(drawn), "each content item belongs to one element"
        # structure order is reading order: the tagged text, walked in the tree, is the pages' text as drawn
        assert "".join(texts.get(i, "") for i in items) == "".join(texts.get(i, "") for i in drawn)
        headings = [int(r[1]) for r in roles if r in ("H1", "H2", "H3")]
        assert headings and headings[0] == 1
        assert all(b <= a + 1 for a, b in zip(headings, headings[1:], strict=False)), headings
        parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        for n, page in enumerate(pdf.pages):
            assert page.obj.StructParents == n and page.obj.Tabs == "/S"
            assert int(parent_tree[2 * n]) == n
            assert len(parent_tree[2 * n + 1]) == sum(1 for p, _ in drawn if p == n)


def test_catalog_language_title_and_metadata(profiles):
    with pikepdf.open(profiles["standard"] / "worksheet.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1" and meta["dc:title"].endswith("— Worksheet")
        fonts = {str(page.Resources.Font[k].BaseFont) for page in pdf.pages for k in page.Resources.Font.keys()}
        assert not [f for f in fonts if "Helvetica" in f], fonts


def test_structure_of_questions_tables_and_blanks(profiles):
    with pikepdf.open(profiles["standard"] / "worksheet.pdf") as pdf:
        roles, _, actual = structure(pdf)
    assert {"L", "LI", "LBody", "Lbl", "P", "H1", "H2"} <= set(roles)
    assert roles.index("LI") < roles.index("LBody")
    assert any("blank 1" in a for a in actual) and not any("___" in a for a in actual)
    with pikepdf.open(profiles["standard"] / "handout.pdf") as pdf:
        roles, _, _ = structure(pdf)
    assert {"Table", "TR", "TH", "TD"} <= set(roles)


@pytest.mark.parametrize("profile", ["standard", "large-print", "dyslexia"])
def test_streams_are_saved_as_reportlab_compressed_them(profiles, profile):
    """pikepdf passes reportlab's compressed streams through (see structure_tree.flate_by_name): qpdf writes the
    /Filter of a stream it inflated and deflated again after its /Length, and of one it kept in key order."""
    for kind in KINDS:
        data = pdf_of(profiles, profile, kind).read_bytes()
        assert data.count(b"/Filter /FlateDecode") >= 3, kind  # a page, a font and its character map at least
        assert not re.search(rb"/Length \d+ /Filter /FlateDecode >>", data), kind


@pytest.mark.parametrize("kind", KINDS)
def test_pdfua_checker_finds_nothing(profiles, kind):
    pdfua = pytest.importorskip("pdfua", reason="the PDF/UA checker (pip install pdfua) is not installed")
    report = pdfua.validate(str(pdf_of(profiles, "large-print", kind)))
    assert [(f.rule_id, f.message) for f in report.findings] == []


def test_headings_never_skip_a_level_even_when_a_template_does(tmp_path):
    from lessonpress import model as m
    from lessonpress.writers import get_writer
    from tests.test_page_breaks import document

    blocks = [m.Heading(1, (m.Text("Title"),)), m.Heading(3, (m.Text("Skipped to three"),)),
              m.Para((m.Text("Name "), m.Blank(12), m.Text(" Date "), m.Blank(8))),
              m.Para((m.Blank(5), m.Text(" 1. Treaty of Portsmouth")))]
    path = tmp_path / "doc.pdf"
    path.write_bytes(get_writer("pdf").write(document(blocks)))
    with pikepdf.open(path) as pdf:
        roles, _, actual = structure(pdf)
    assert [r for r in roles if r.startswith("H")] == ["H1", "H2"]
    # a lone blank, which a matching item's own number follows, is read "blank", not "blank 1"
    assert actual == ["Name blank 1 Date blank 2", "blank 1. Treaty of Portsmouth"]


def test_class_sets_and_packets_keep_each_documents_structure(cli, project):
    (project / "roster.csv").write_text("name,period,large_print\nAna Diaz,3,\nBen Okafor,3,yes\nCy Lee,3,\n",
                                        encoding="utf-8")
    run = cli("build", "--versions", "2", "--roster", "roster.csv", "--format", "pdf", cwd=project, root=project)
    assert run.code == 0, run.err
    for path, parts in ((project / "output" / "every-type" / "class-set-period-3.pdf", 3),
                        (project / "output" / "course-packet.pdf", None)):
        with pikepdf.open(path) as pdf:
            marks, drawn = content_marks(pdf)
            assert not [m for m in marks if m[2] == "bare"], f"{path.name}: content neither tagged nor artifact"
            roles, items, actual = structure(pdf)
            assert sorted(items) == sorted(drawn), path.name
            texts = marked_text(path)
            assert "".join(texts.get(i, "") for i in items) == "".join(texts.get(i, "") for i in drawn)
            if parts:  # one Part for each student's copy, in roster order
                assert roles.count("Part") == parts
            keys = [page.obj.StructParents for page in pdf.pages if "/StructParents" in page.obj]
            assert len(keys) == len(set(keys)) and int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == len(keys)
            assert pdf.Root.MarkInfo.Marked is True
