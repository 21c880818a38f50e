"""`lessonpress new`: drafts from the essay, a Markdown and a Word source pass check, build and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn

from lessonpress.citations import parse_citation
from lessonpress.draft.emit import dump, verified
from lessonpress.loader import load_yaml
from tests.conftest import FIXTURES, ROOT, pdf_text, squash
from tests.draft_fixtures import SECTIONS, make_footnoted_docx

ESSAY = ROOT.parent / "shared" / "essay" / "soviet-japanese-relations-1905-1945.txt"
MARKDOWN = FIXTURES / "draft" / "harbor-town-fixture.md"
KINDS = {"fill_in_blank", "multiple_choice", "true_false", "ordering", "short_answer", "essay"}


def _drafts(folder: Path) -> list[dict]:
    return [load_yaml(p).data for p in sorted(folder.glob("0*.yaml"))]


def _new_check_build(cli, source: Path, tmp: Path) -> tuple[list[dict], Path, str]:
    folder = tmp / "lessons"
    run = cli("new", source, "--out", folder)
    assert run.code == 0, run.out + run.err
    assert "the drafts pass check" in run.out
    check = cli("check", folder)
    assert check.code == 0, check.err
    assert "awaits review" in check.out and "[review.pending]" in check.out
    out = tmp / "output"
    build = cli("build", folder, "--out", out, "--format", "pdf", "-q", "-j", "1")
    assert build.code == 0, build.err
    # the drafted unit is a whole unit of its own: its packets are built, not refused as "only some lessons"
    assert (out / "course-packet.pdf").is_file() and (out / "teacher-packet.pdf").is_file()
    return _drafts(folder), out, run.out + check.err


def test_essay_drafts_recover_the_shipped_sections_readings_and_dates(cli, tmp_path):
    drafts, out, _ = _new_check_build(cli, ESSAY, tmp_path)
    shipped = [load_yaml(p).data for p in sorted((ROOT / "lessons").glob("0*.yaml"))]
    assert [d["section"] for d in drafts] == [s["section"] for s in shipped]
    for d, s in zip(drafts, shipped, strict=True):
        if s["section"] != "Conclusion":  # the shipped unit review quotes more than the essay's conclusion
            assert d["reading"] == [p["text"] if isinstance(p, dict) else p for p in s["reading"]]  # labels aside
        kinds = {q["type"] for q in d["questions"]}
        assert len(kinds) >= (5 if s["section"] != "Conclusion" else 3), (d["section"], kinds)
        assert all("review" in q for q in d["questions"])
        if s["section"] == "Conclusion":
            continue
        drafted = [(e["date"], parse_citation(e["cite"]) if "cite" in e else None) for e in d.get("timeline", [])]
        for e in s.get("timeline", []):  # every date the course uses, with a citation that agrees with its own
            found = [cite for date, cite in drafted if e["date"] in date]
            assert found, (s["section"], e["date"])
            if "cite" in e:
                want = parse_citation(e["cite"])
                assert any(c and (want.within(c) or c.within(want)) for c in found), (s["section"], e)
    handout = squash(pdf_text(out / "01-tensions-and-treaties" / "handout.pdf"))
    assert "In the summer of 1939 a new conflict over labor in Sakhalin broke out." in handout
    worksheet = squash(pdf_text(out / "02-japanese-aggression" / "worksheet.pdf"))
    first = drafts[1]["questions"][0]["prompt"]
    assert squash(first.replace("___", " "))[:40].split()[0] in worksheet


def test_essay_citations_are_all_found(tmp_path):
    from lessonpress.draft.source import read_source
    from lessonpress.draft.text import author_keys, sentences

    src = read_source(ESSAY)
    authors = author_keys(src.works_cited)
    assert authors == ["Eudin and Slusser", "Jones", "March"]
    found = [c for sec in src.sections for s in sentences(sec.paragraphs, authors, src.notes) if s.own_cite
             for c in s.cites]
    assert len(found) == ESSAY.read_text(encoding="utf-8").count("(Jones") + \
        ESSAY.read_text(encoding="utf-8").count("(March") + ESSAY.read_text(encoding="utf-8").count("(Eudin")


def test_markdown_author_page_source(cli, tmp_path):
    drafts, out, printed = _new_check_build(cli, MARKDOWN, tmp_path)
    assert "warning" not in printed
    assert [d["section"] for d in drafts] == ["The Old Harbor", "The Railway Years"]
    course = load_yaml(tmp_path / "lessons" / "course.yaml").data
    assert [w["author"] for w in course["works_cited"]] == ["Hale", "Okafor"]
    assert course["title"] == "The Harbor at Millbrook (test fixture)"
    first = drafts[0]
    assert first["reading"][0].startswith("Millbrook began as a fishing village on the Wren estuary in 1702 (Hale 12).")
    assert {"date": "1702", "cite": "Hale, pg. 12"}.items() <= first["timeline"][0].items()
    railway = drafts[1]["timeline"]
    assert [e["date"] for e in railway][:2] == ["summer of 1848", "May 2, 1861"]
    assert len({q["type"] for d in drafts for q in d["questions"]}) >= 5
    handout = squash(pdf_text(out / "01-the-old-harbor" / "handout.pdf"))
    assert "(Hale 12)" in handout and "Hale, Miriam. A History of Millbrook Harbor (fixture)." in handout
    for doc in ("handout", "worksheet", "answer-key", "lesson-plan"):  # review notes are for the YAML only
        assert "Drafted from reading paragraph" not in squash(pdf_text(out / "01-the-old-harbor" / f"{doc}.pdf"))


def test_word_source_with_footnotes(cli, tmp_path):
    source = make_footnoted_docx(tmp_path / "gullrock.docx")
    drafts, out, _ = _new_check_build(cli, source, tmp_path)
    assert [d["section"] for d in drafts] == ["Building the Light", "Keepers and Storms"]
    assert drafts[0]["reading"][0].endswith("the son of a Gullrock fisherman.²")
    events = {e["date"]: e["cite"] for d in drafts for e in d["timeline"]}
    assert events["1823"] == "Hale, pg. 71" and events["April 1824"] == "Hale, pg. 72"  # "Ibid., 72."
    assert events["winter of 1840"] == "Hale, pg. 81-82" and events["1845"] == "Hale, pg. 76"
    assert len({q["type"] for d in drafts for q in d["questions"]}) >= 5
    handout = squash(pdf_text(out / "01-building-the-light" / "handout.pdf"))
    assert "fisherman.²" in handout


def test_word_source_reads_the_text_inside_content_controls(tmp_path):
    """A Word source whose second section sits in a content control (as Word's templates and forms put text)
    reads as the same source: python-docx's own paragraph list would skip the whole section."""
    import docx
    from docx.oxml import OxmlElement

    from lessonpress.draft.source import read_source

    plain = make_footnoted_docx(tmp_path / "plain.docx")
    document = docx.Document(str(plain))
    body = document.element.body
    start = next(i for i, p in enumerate(document.paragraphs) if p.text == SECTIONS[1][0])
    moved = [p._p for p in document.paragraphs[start:start + 1 + len(SECTIONS[1][1])]]
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(OxmlElement("w:sdtPr"))
    sdt.append(content)
    moved[0].addprevious(sdt)
    for p in moved:
        content.append(p)
    assert body.find(qn("w:sdt")) is not None and len(document.paragraphs) < len(docx.Document(str(plain)).paragraphs)
    document.save(str(tmp_path / "controlled.docx"))
    expected, got = read_source(plain), read_source(tmp_path / "controlled.docx")
    assert [(s.title, s.paragraphs) for s in got.sections] == [(s.title, s.paragraphs) for s in expected.sections]
    assert [s.title for s in got.sections] == ["Building the Light", "Keepers and Storms"]


def test_a_teachers_lesson_is_never_overwritten(cli, tmp_path):
    folder = tmp_path / "lessons"
    assert cli("new", MARKDOWN, "--out", folder).code == 0
    mine = folder / "01-the-old-harbor.yaml"
    mine.write_text(mine.read_text(encoding="utf-8").replace('title: "The Old Harbor"', 'title: "Mine"'),
                    encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    run = cli("new", MARKDOWN, "--out", folder)
    assert run.code == 0, run.out + run.err
    assert "01-the-old-harbor-draft.yaml" in run.out and "left as it was" in run.out
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert all(after[name] == data for name, data in before.items())
    assert load_yaml(folder / "01-the-old-harbor-draft.yaml").data["id"] == "01-the-old-harbor-draft"


@pytest.mark.parametrize("text", [
    "yes", "no", "1.10", "3:45", "- a dash", "# not a comment", "text: with colon", 'say "hi"', "it's",
    "back\\slash", "  two  spaces  here  ", "Tōgō — “curly” ‘quotes’ ¹²", "<b>&amp;</b> {{ x }}", "[1, 2]", "",
    " ".join(["word"] * 80) + "  end", "wide  spaces " * 40, "x" * 300 + " y",
    "null", "~", "*alias", "&anchor", "!tag", "%", "@", "`"])
def test_written_yaml_reads_back_through_the_loader(text):
    data = {"id": "x", "reading": [text, text], "questions": [{"prompt": text, "cite": ["Jones, pg. 1"]}]}
    assert verified(dump(data), data, "probe.yaml")


def test_source_of_the_wrong_kind_is_one_plain_line(cli, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4")
    run = cli("new", bad, "--out", tmp_path / "lessons")
    assert run.code == 1 and "reads plain text (.txt), Markdown (.md) or Word (.docx)" in run.err
    assert not (tmp_path / "lessons").exists()


def test_a_text_without_headings_is_cut_by_length(cli, tmp_path):
    text = tmp_path / "notes.txt"  # invented fixture text, one paragraph a line
    text.write_text("\n\n".join(f"Fixture paragraph {n}: the invented mill of Eastbrook ran {n} wheels in "
                                f"{1800 + n}, because the river was high (Hale, pg. {n})." for n in range(1, 18))
                    + "\n\nWorks Cited\n\nHale, Miriam. An Invented Book (fixture). 1950.\n", encoding="utf-8")
    run = cli("new", text, "--out", tmp_path / "lessons")
    assert run.code == 0, run.out + run.err
    drafts = _drafts(tmp_path / "lessons")
    assert [len(d["reading"]) for d in drafts] == [8, 9]
    assert [d["title"] for d in drafts] == ["Notes, part 1", "Notes, part 2"]


def test_a_text_that_cites_nothing_writes_nothing(cli, tmp_path):
    text = tmp_path / "plain.txt"
    text.write_text("A Heading:\nThis invented fixture sentence cites nothing at all.\n", encoding="utf-8")
    run = cli("new", text, "--out", tmp_path / "lessons")
    assert run.code == 1 and "no lesson could be drafted" in run.err
    assert not (tmp_path / "lessons").exists()


def test_a_draft_the_schema_would_refuse_is_never_written(cli, tmp_path, monkeypatch):
    import lessonpress.draft.emit as emit

    real = emit.draft

    def broken(*args):
        d = real(*args)
        d.questions[0]["type"] = "guesswork"  # what a bug in a drafting rule could produce
        return d

    monkeypatch.setattr(emit, "draft", broken)
    run = cli("new", MARKDOWN, "--out", tmp_path / "lessons")
    assert run.code == 1 and "does not fit the lesson format" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "lessons").exists()
