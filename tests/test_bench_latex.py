"""The LaTeX baseline of bench/ (bench/latex_source.py, bench/latex_baseline.py): the sources it writes compile and
hold the lesson's words, and text from a lesson is escaped for pdflatex. Compiling needs TeX Live's pdflatex with
the exam class and pandoc: where they are absent those tests are skipped (.ci/run installs them)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from bench import latex_baseline, latex_source
from lessonpress import model as m

WHY = latex_baseline.missing()
needs_tex = pytest.mark.skipif(WHY is not None, reason=f"LaTeX baseline: {WHY}")


def squash(text: str) -> str:
    """Text without spaces, hyphens, blanks, ligatures or accents, so words a line break hyphenated compare equal,
    and a letter pdflatex builds from an accent and a base letter (ō, which its PDF's text gives as "¯o") does too."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s\-_\u00af]+", "", unicodedata.normalize("NFKC", text))


def test_text_is_escaped_for_pdflatex():
    assert latex_source.tex("a & b % $ # _ { } ~ ^ \\ <x> | \"q\"") == (
        r"a \& b \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{} \textless{}x\textgreater{}"
        r" \textbar{} \textquotedbl{}q\textquotedbl{}")
    assert latex_source.tex("1--2\u00a0x") == "1-{}-2~x"  # no en dash made of two hyphens; no-break space
    assert latex_source.tex("bell\x07 tab\t") == "bell tab "
    assert latex_source.tex("\u2153") == r"\textsuperscript{1}\kern-.05em/\kern-.05em\textsubscript{3}"


def test_a_character_pdflatex_cannot_set_is_named():
    with pytest.raises(latex_source.Unsupported, match=r"U\+0416 \(CYRILLIC CAPITAL LETTER ZHE\).*lualatex"):
        latex_source.tex("Жуков")


def prompts(doc: m.Document) -> list[str]:
    found = []

    def walk(blocks):
        for b in blocks:
            if isinstance(b, m.Question):
                found.append(m.plain(b.prompt))
            elif isinstance(b, m.Answer):
                found.append(m.plain(b.headline))
            walk(getattr(b, "blocks", ()))

    walk(doc.blocks)
    return found


def test_a_lesson_pdflatex_cannot_print_is_refused_by_document(project: Path, tmp_path: Path):
    with pytest.raises(latex_source.Unsupported, match=r"^every-type/lesson-plan: character U\+041B"):
        latex_baseline.prepare(tmp_path / "latex", root=project)


@needs_tex
def test_worksheet_key_and_word_file_compile_with_every_question_type(project: Path, tmp_path: Path):
    lesson = project / "lessons" / "every-type.yaml"  # its Cyrillic and Japanese names need lualatex: keep Tōgō
    lesson.write_text(lesson.read_text("utf-8").replace("Tōgō, Литвинов and 東郷 are names", "Tōgō is a name"),
                      "utf-8")
    from lessonpress.build import Options, plan
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project

    work = tmp_path / "latex"
    tasks, packets = latex_baseline.prepare(work, root=project)
    assert {t.out for t in tasks + packets} == {f"every-type/{n}" for n in (
        "handout.pdf", "worksheet.pdf", "worksheet.docx", "answer-key.pdf", "answer-key.docx", "lesson-plan.pdf",
        "lesson-plan.docx")} | {"course-packet.pdf", "teacher-packet.pdf"}
    source = (work / "every-type" / "worksheet.tex").read_text("utf-8")
    assert source.startswith(r"\documentclass[12pt]{exam}") and r"\fillwithlines" in source
    assert (work / "every-type" / "answer-key.tex").read_text("utf-8").startswith(r"\documentclass[12pt,answers]{exam}")
    wanted = {"every-type/worksheet.pdf", "every-type/answer-key.pdf", "every-type/worksheet.docx"}
    for task in tasks:
        if task.out in wanted:
            assert task.run() == (2 if task.kind == "latex" else 0)

    proj = load_project([], project / "lessons")
    docs = {(j.kind, j.fmt): j.doc for j in plan(proj, Options(work, ("pdf", "docx")), Templates(None, "en")).jobs}
    sheet = PdfReader(work / "every-type" / "worksheet.pdf")
    total = len(sheet.pages)
    texts = [p.extract_text() for p in sheet.pages]
    assert total >= 2 and "Name" in texts[0] and "Period" in texts[0]
    for n, text in enumerate(texts, 1):  # the second pass filled in the page count
        assert f"Page {n} of {total}" in text.replace("\xa0", " ")
    whole = squash("".join(texts))
    asked = prompts(docs[("worksheet", "pdf")])
    assert [p for p in asked if squash(p) not in whole] == []
    key = squash("".join(p.extract_text() for p in PdfReader(work / "every-type" / "answer-key.pdf").pages))
    answers = prompts(docs[("answer-key", "pdf")])
    assert [a for a in answers if squash(a) not in key] == []
    word = squash("".join(p.text for p in docx.Document(str(work / "every-type" / "worksheet.docx")).paragraphs))
    assert [p for p in asked if squash(p) not in word] == []


@needs_tex
def test_any_text_compiles(tmp_path: Path):
    odd = "Tōgō & Co. 100% $5 #1 a_b {x} ~ ^ \\ <b> | ⅓ “quoted” — \x01 -- end"
    doc = m.Document(kind="worksheet", kind_label="Worksheet & Co", title="T_1 {x}", course_title="C#", footer="F%",
                     blocks=(m.Heading(1, (m.Text(odd),)), m.Para((m.Strong((m.Text(odd),)), m.Blank(8))),
                             m.Para((m.Text(odd),), number=3)))
    (tmp_path / "odd.tex").write_text(latex_source.latex(doc), "utf-8")
    assert latex_baseline.Task("odd.pdf", tmp_path, "latex", "odd.tex").run() == 2
    text = PdfReader(tmp_path / "odd.pdf").pages[0].extract_text()
    for piece in ("&", "100%", "$5", "#1", "a_b", "{x}", "~", "^", "\\", "<b>", "|", "“quoted”", "T_1 {x}", "-- end"):
        assert piece in text, piece
    assert "T¯og¯o" in text  # pdflatex sets ō as a macron over an o: its PDF's text is not "Tōgō"
