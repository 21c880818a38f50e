"""Online quizzes read back as each platform reads them: Canvas QTI (schema and importer rules), Moodle XML (each
type's rules), Blackboard (a reader round trip); the same seed the same bytes; forms in the printed order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pdfplumber
import pytest

from lessonpress.cli import main
from lessonpress.schema import LETTERS, Essay, FillInBlank, Matching, MultipleChoice, Ordering, ShortAnswer, TrueFalse
from lessonpress.schema import points_of as points
from tests.quizfiles import (
    ALL_FORMATS,
    CANVAS_TYPES,
    COURSE,
    HOSTILE,
    QTI,
    QTI_SCHEMA,
    ROOT,
    canvas_fields,
    canvas_rules,
    cloze_fields,
    html_to_text,
    lessons,
    mattext,
    printed,
    printed_in,
    quiz_file,
    read_blackboard,
    read_canvas,
    shown,
)


def build(out: Path, *args: str) -> Path:
    assert main(["build", *args, "--out", str(out), "-q"], root=ROOT) == 0
    return out


@pytest.fixture(scope="module")
def course(quiz_builds) -> Path:
    return quiz_builds["course"]


@pytest.fixture(scope="module")
def hostile(quiz_builds) -> Path:
    return quiz_builds["hostile"]


@pytest.fixture(scope="module")
def versions(quiz_builds) -> Path:
    return quiz_builds["versions"]


def cases(out: Path, folder: Path, forms: tuple[str | None, ...] = (None,)):
    for ll in lessons(folder):
        for letter in forms:
            yield ll, letter, printed_in(out, ll, letter) if letter else printed(ll)


def _all(course, hostile, versions):
    yield from ((course, *c) for c in cases(course, COURSE))
    yield from ((hostile, *c) for c in cases(hostile, HOSTILE))
    # forms A, B, C, each in the order its worksheet printed (a form refitted to its page count included)
    yield from ((versions, *c) for c in cases(versions, COURSE, ("A", "B", "C")))


# Canvas -----------------------------------------------------------------------------------------

def check_canvas(path: Path, questions: list) -> None:
    pkg = read_canvas(path)
    assert QTI_SCHEMA.validate(etree_of(pkg.assessment)), QTI_SCHEMA.error_log
    items = list(pkg.assessment.iter(f"{QTI}item"))
    idents = [i.get("ident") for i in items]
    assert len(idents) == len(set(idents)), "item identifiers repeat"
    real = [i for i in items if canvas_fields(i)["question_type"] != "text_only_question"]
    assert len(real) == len(questions)
    total = 0.0
    for item, q in zip(real, questions, strict=True):
        fields = canvas_fields(item)
        assert fields["question_type"] in CANVAS_TYPES
        canvas_rules(item)
        total += float(fields["points_possible"])
        assert float(fields["points_possible"]) == points(q)
        text = mattext(item.find(f"{QTI}presentation"))
        if isinstance(q, FillInBlank):  # the sentence with Canvas's [blank1], [blank2]… where the blanks are
            pieces = re.split(r"_{3,}", shown(q.prompt))
            assert text.startswith("".join(p + (f"[blank{k + 1}]" if k < len(pieces) - 1 else "")
                                           for k, p in enumerate(pieces)))
            raw = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
            assert len(re.findall(r"\[blank\d+\]", raw)) == len(q.answers)  # a lesson's own "[blank1]" is text
        else:
            assert shown(q.prompt) in text
        right = _canvas_right(item)
        if isinstance(q, MultipleChoice):
            assert right == {"response1": q.choices[LETTERS.index(q.answer)]}
        elif isinstance(q, TrueFalse):
            assert right == {"response1": "True" if q.answer else "False"}
        elif isinstance(q, FillInBlank):
            assert list(right.values()) == list(q.answers)
        elif isinstance(q, Matching):
            assert right == {p.left: p.right for p in q.pairs}
        elif isinstance(q, Ordering):
            assert right == {item_: str(k + 1) + (" (earliest)" if k == 0 else " (latest)"
                                                   if k == len(q.items) - 1 else "") for k, item_ in enumerate(q.items)}
        else:
            assert fields["question_type"] == "essay_question" and right == {}
            feedback = html_to_text(item.find(f"{QTI}itemfeedback/{QTI}flow_mat/{QTI}material/{QTI}mattext").text)
            assert (q.answer or "") in feedback
    assert float(pkg.meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}points_possible")) == total


def etree_of(el):
    return el.getroottree()


def _canvas_right(item) -> dict[str, str]:
    """Each response's right answer as the student sees it: its label (or the blank's name) -> the right text."""
    out = {}
    lids = {r.get("ident"): r for r in item.iter(f"{QTI}response_lid")}
    for cond in item.iter(f"{QTI}respcondition"):
        var, setvar = cond.find(f"{QTI}conditionvar/{QTI}varequal"), cond.find(f"{QTI}setvar")
        if var is None or setvar is None or float(setvar.text) <= 0:
            continue
        lid = lids[var.get("respident")]
        label = next(lab for lab in lid.iter(f"{QTI}response_label") if lab.get("ident") == var.text)
        key = "response1" if lid.get("ident") == "response1" else (
            mattext(lid) if lid.find(f"{QTI}material") is not None else lid.get("ident"))
        out[key] = mattext(label)
    return out


def test_canvas_packages_pass_the_qti_schema_and_canvas_rules(course, hostile, versions):
    for out, ll, letter, questions in _all(course, hostile, versions):
        check_canvas(quiz_file(out, ll, "canvas", letter), questions)


def test_the_qti_schema_and_rules_catch_what_canvas_refuses(hostile):
    ll = lessons(HOSTILE)[0]
    item = next(read_canvas(quiz_file(hostile, ll, "canvas")).assessment.iter(f"{QTI}item"))
    tree = item.getroottree()
    item.find(f"{QTI}presentation").append(item.makeelement(f"{QTI}render_slider", {}))
    assert not QTI_SCHEMA.validate(tree)
    pkg = read_canvas(quiz_file(hostile, ll, "canvas"))
    mc = [i for i in pkg.assessment.iter(f"{QTI}item") if canvas_fields(i)["question_type"].startswith("multiple")][0]
    next(mc.iter(f"{QTI}varequal")).text = "no-such-label"
    with pytest.raises(AssertionError):
        canvas_rules(mc)


# Moodle -----------------------------------------------------------------------------------------

def check_moodle(path: Path, questions: list, ll) -> None:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == "quiz"
    found, categories = [], []
    for el in root:
        if el.get("type") == "category":
            categories.append(el.findtext("category/text"))
            continue
        found.append(el)
    title = ll.lesson.title.replace("/", "//")  # a category path doubles a name's own '/'
    assert all(re.match(rf"\$course\$/top/.+/{re.escape(title)}( — Form [A-Z]+)?/Part [A-Z]: ", c)
               for c in categories), categories
    assert len(categories) == len({q.type for q in questions})
    assert len(found) == len(questions)
    ids = [el.findtext("idnumber") for el in found]
    assert len(set(ids)) == len(ids)
    for el, q in zip(found, questions, strict=True):
        assert int(ids[found.index(el)].rsplit("-q", 1)[1]) - 1 == ll.lesson.questions.index(q)
        kind = el.get("type")
        answers = el.findall("answer")
        grade = el.findtext("defaultgrade")
        if isinstance(q, MultipleChoice):
            assert kind == "multichoice" and el.findtext("single") == "true"
            right = [a for a in answers if a.get("fraction") == "100"]
            assert len(right) == 1 and all(a.get("fraction") in ("0", "100") for a in answers)
            assert html_to_text(right[0].findtext("text")) == q.choices[LETTERS.index(q.answer)]
        elif isinstance(q, TrueFalse):
            assert kind == "truefalse"
            assert {a.findtext("text"): a.get("fraction") for a in answers} == (
                {"true": "100", "false": "0"} if q.answer else {"true": "0", "false": "100"})
        elif isinstance(q, FillInBlank):
            assert kind == "cloze" and grade is None
            fields = cloze_fields(html_to_text(el.findtext("questiontext/text")) if False else
                                  el.findtext("questiontext/text"))
            assert len(fields) == len(q.answers)
            for (_, ftype, options), answer in zip(fields, q.answers, strict=True):
                assert [t for right, t in options if right] == [answer]
                assert ftype == ("MULTICHOICE" if q.word_bank else "SHORTANSWER")
            weights = sum(w for w, _, _ in fields)
            assert weights == points(q) or points(q) < len(q.answers)
        elif isinstance(q, Matching):
            assert kind == "matching"
            assert [(html_to_text(s.findtext("text")), s.findtext("answer/text")) for s in el.findall("subquestion")] \
                == [(p.left, p.right) for p in q.pairs]
        elif isinstance(q, Ordering):
            assert kind == "ordering"
            assert [html_to_text(a.findtext("text")) for a in answers] == list(q.items)
            assert [float(a.get("fraction")) for a in answers] == list(range(1, len(q.items) + 1))
        else:
            assert kind == "essay" and isinstance(q, (ShortAnswer, Essay))
            info = html_to_text(el.findtext("graderinfo/text"))
            assert (q.answer or "") in info
            if isinstance(q, Essay):
                assert all(c.criterion in info for c in q.rubric)
        if grade is not None:
            assert float(grade) == points(q)
        feedback = html_to_text(el.findtext("generalfeedback/text"))
        assert all(c in feedback for c in q.cite)
        if q.explanation:
            assert q.explanation in feedback


def test_moodle_xml_follows_each_question_types_rules(course, hostile, versions):
    for out, ll, letter, questions in _all(course, hostile, versions):
        check_moodle(quiz_file(out, ll, "moodle", letter), questions, ll)


def test_moodle_cloze_reader_reads_escapes_as_moodle_does():
    fields = cloze_fields(r"a {2:SHORTANSWER:=x\}y\~z} b {1:MULTICHOICE:=p~q\#r}")
    assert fields == [(2, "SHORTANSWER", [(True, "x}y~z")]), (1, "MULTICHOICE", [(True, "p"), (False, "q#r")])]


# Blackboard -------------------------------------------------------------------------------------

def check_blackboard(path: Path, questions: list) -> None:
    rows = read_blackboard(path)
    assert len(rows) == len(questions)
    for row, q in zip(rows, questions, strict=True):
        if isinstance(q, MultipleChoice):
            assert row["type"] == "MC" and row["prompt"] == shown(q.prompt).replace("\t", " ")
            assert [row["choices"][i] for i in row["correct"]] == [q.choices[LETTERS.index(q.answer)]]
        elif isinstance(q, TrueFalse):
            assert (row["type"], row["answer"]) == ("TF", q.answer)
        elif isinstance(q, FillInBlank):
            assert row["type"] == ("FIB" if len(q.answers) == 1 else "FIB_PLUS")
            assert row["answers"] == [[a] for a in q.answers]
        elif isinstance(q, Matching):
            assert row["pairs"] == [(p.left, p.right) for p in q.pairs]
        elif isinstance(q, Ordering):
            assert (row["type"], row["items"]) == ("ORD", list(q.items))
        else:
            assert row["type"] == ("ESS" if isinstance(q, Essay) else "SR") and (q.answer or "") in row["sample"]


def test_blackboard_upload_reads_back_as_the_lesson(course, hostile, versions):
    for out, ll, letter, questions in _all(course, hostile, versions):
        check_blackboard(quiz_file(out, ll, "blackboard", letter), questions)


# Determinism, forms, the command line -----------------------------------------------------------

def test_same_seed_same_bytes_and_forms_differ(versions, tmp_path):
    again = build(tmp_path / "again", str(COURSE), "--format", f"{ALL_FORMATS},debug", "--versions", "3")
    made = sorted(p.relative_to(versions) for p in versions.rglob("quiz*"))
    assert made and made == sorted(p.relative_to(again) for p in again.rglob("quiz*"))
    assert all((versions / p).read_bytes() == (again / p).read_bytes() for p in made)
    ll = lessons(COURSE)[0]
    assert len({quiz_file(versions, ll, "moodle", f).read_bytes() for f in "ABC"}) == 3


def test_each_form_lists_choices_as_its_printed_worksheet(tmp_path):
    sample = ROOT / "lessons" / "01-tensions-and-treaties.yaml"
    out = build(tmp_path, str(sample), str(COURSE / "course.yaml"), "--format", "pdf,moodle", "--versions", "2")
    for letter in "AB":
        with pdfplumber.open(out / "01-tensions-and-treaties" / f"worksheet-{letter}.pdf") as pdf:
            text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        root = ET.fromstring(quiz_file(out, lessons(sample.parent)[0], "moodle", letter).read_bytes())
        mcs = [q for q in root if q.get("type") == "multichoice"]
        assert mcs
        for q in mcs:  # the question, then its options in the order the paper form prints them
            options = [" ".join(html_to_text(a.findtext("text")).split()) for a in q.findall("answer")]
            start = text.index(" ".join(html_to_text(q.findtext("questiontext/text")).split())[:40])
            places = [text.index(o[:30], start) for o in options]
            assert places == sorted(places), (letter, options)


def test_warnings_one_per_question_a_format_cannot_hold(cli, tmp_path):
    run = cli("build", str(HOSTILE), "--out", str(tmp_path), "--format", ALL_FORMATS, cwd=ROOT, root=ROOT)
    assert run.code == 0
    lines = [line for line in run.err.splitlines() if "[quiz." in line]
    assert len(lines) == len(set(lines))
    codes = re.findall(r"\[(quiz\.[\w.-]+)\]", run.err)
    assert codes.count("quiz.canvas.ordering") == 1 and codes.count("quiz.gift.ordering") == 1
    assert codes.count("quiz.gift.blanks") == 1  # the one question with two blanks
    assert "hostile.yaml:43:5: warning: Canvas has no ordering question: this question is imported as matching " \
        "each event to its place (1 = earliest) [quiz.canvas.ordering]" in run.err
    forms = cli("build", str(HOSTILE), "--out", str(tmp_path / "v"), "--format", ALL_FORMATS, "--versions", "2",
                cwd=ROOT, root=ROOT)  # one warning a question, not one a form
    assert sorted(re.findall(r"\[(quiz\.[\w.-]+)\]", forms.err)) == sorted(codes)
    assert cli("build", str(HOSTILE), "--out", str(tmp_path / "s"), "--format", "moodle", "--strict",
               cwd=ROOT, root=ROOT).code == 1


def test_unknown_quiz_format_names_the_choices(cli, project, capsys):
    with pytest.raises(SystemExit):
        cli("build", "--format", "canvass", cwd=project, root=project)
    assert "google-forms" in capsys.readouterr().err


def test_a_title_of_any_length_fits_the_platforms_name_fields(cli, project):
    """Canvas titles and Moodle category names hold 255 characters: a long lesson title is cut at a word."""
    import xml.etree.ElementTree as ET
    import zipfile

    lesson = project / "lessons" / "every-type.yaml"
    long = "Treaties " * 400
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('title: "Every <Type> & {{ 7*7 }} Test"',
                                                                 f"title: {long.strip()}"), encoding="utf-8")
    assert cli("build", "--format", "canvas,moodle", cwd=project, root=project).code == 0
    folder = project / "output" / "every-type"
    moodle = ET.parse(folder / "quiz-moodle.xml").getroot()
    paths = [c.findtext("category/text") for c in moodle.iter("question") if c.get("type") == "category"]
    assert paths and all(len(part) <= 255 for p in paths for part in p.split("/")), paths[0][:300]
    assert any(part.endswith("Treaties…") for part in paths[0].split("/"))
    with zipfile.ZipFile(folder / "quiz-canvas.zip") as z:
        titles = [el.text for name in z.namelist() if name.endswith(".xml")
                  for el in ET.fromstring(z.read(name)).iter() if el.tag.split("}")[-1] == "title" and el.text]
        titles += [el.get("title") for name in z.namelist() if name.endswith(".xml")
                   for el in ET.fromstring(z.read(name)).iter() if el.get("title")]
    assert titles and max(map(len, titles)) <= 255
