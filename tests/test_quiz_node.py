"""GIFT files parsed by a real GIFT parser (gift-pegjs) and the Google Forms script run against a stand-in for
FormApp, both with Node; skipped, with the reason, where Node or the parser is not installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lessonpress.schema import LETTERS, Essay, FillInBlank, Matching, MultipleChoice, Ordering, TrueFalse, points_of
from tests.quizfiles import (
    COURSE,
    HOSTILE,
    html_to_text,
    lessons,
    printed,
    printed_in,
    quiz_file,
    shown,
)

NODE_DIR = Path(__file__).parent / "node"
NODE = shutil.which("node")

needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed (.ci/run installs the nodejs package)")
needs_gift = pytest.mark.skipif(not (NODE_DIR / "node_modules" / "gift-pegjs").is_dir(),
                                reason="gift-pegjs is not installed: run npm ci --prefix tests/node")


@pytest.fixture(scope="module")
def built(quiz_builds) -> dict[str, Path]:
    return quiz_builds


def cases(built: dict[str, Path]):
    for name, folder in (("course", COURSE), ("hostile", HOSTILE), ("versions", COURSE)):
        for ll in lessons(folder):
            for letter in ("A", "B", "C") if name == "versions" else (None,):
                yield built[name], ll, letter, printed_in(built[name], ll, letter) if letter else printed(ll)


def node(script: str, *args: Path) -> object:
    run = subprocess.run([NODE, str(NODE_DIR / script), *map(str, args)], capture_output=True, text=True,
                         encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def text_of(value) -> str:
    return html_to_text(value["text"]) if isinstance(value, dict) else value


def subanswer(pair: dict) -> str:
    """A match's right side: gift-pegjs 1.0.2 leaves its escapes coded as "&&NNN;" there (it decodes them
    everywhere else); undone here the way its own escapedCharacterDecode does."""
    return re.sub(r"&&(\d{3});", lambda m: chr(int(m[1])), pair["subanswer"])


# GIFT ---------------------------------------------------------------------------------------------

@needs_node
@needs_gift
def test_every_gift_file_parses_with_gift_pegjs_as_the_lesson(built):
    todo = list(cases(built))
    parsed = node("parse_gift.js", *(quiz_file(out, ll, "gift", letter) for out, ll, letter, _ in todo))
    for (*_, questions), result in zip(todo, parsed, strict=True):
        assert "error" not in result, f"{result['file']}: {result.get('error')}"
        found = [q for q in result["questions"] if q["type"] != "Category"]
        categories = [q["title"] for q in result["questions"] if q["type"] == "Category"]
        assert len(categories) == len({q.type for q in questions})
        assert all(c.startswith("$course$/top/") for c in categories)
        for q in questions:  # a question of several blanks is one GIFT question a blank
            parts = [found.pop(0) for _ in range(len(q.answers) if isinstance(q, FillInBlank) else 1)]
            check_gift(q, parts)
        assert not found


def check_gift(q, parts: list[dict]) -> None:
    first = parts[0]
    assert text_of(first["globalFeedback"]).count(q.cite[0]) >= 1
    if q.explanation:
        assert q.explanation in text_of(first["globalFeedback"])
    if isinstance(q, MultipleChoice):
        assert first["type"] == "MC" and html_to_text(first["stem"]["text"]) == shown(q.prompt)
        assert [text_of(c["text"]) for c in first["choices"] if c["isCorrect"]] == [q.choices[LETTERS.index(q.answer)]]
        assert sorted(text_of(c["text"]) for c in first["choices"]) == sorted(q.choices)
    elif isinstance(q, TrueFalse):
        assert (first["type"], first["isTrue"]) == ("TF", q.answer)
        assert html_to_text(first["stem"]["text"]) == shown(q.prompt)
    elif isinstance(q, FillInBlank):
        for part, answer in zip(parts, q.answers, strict=True):
            right = [text_of(c["text"]) for c in part["choices"] if c["isCorrect"]]
            assert right == [answer] and part["type"] == ("MC" if q.word_bank else "Short")
    elif isinstance(q, Matching):
        assert first["type"] == "Matching"
        assert [(text_of(p["subquestion"]), subanswer(p)) for p in first["matchPairs"]] == \
            [(p.left, p.right) for p in q.pairs]
    elif isinstance(q, Ordering):  # GIFT has no ordering: each event is matched to its place
        assert first["type"] == "Matching"
        places = {text_of(p["subquestion"]): int(re.match(r"\d+", subanswer(p))[0]) for p in first["matchPairs"]}
        assert places == {item: k + 1 for k, item in enumerate(q.items)}
    else:
        assert first["type"] == "Essay"
        feedback = text_of(first["globalFeedback"])
        assert (q.answer or "") in feedback
        if isinstance(q, Essay):
            assert all(c.criterion in feedback for c in q.rubric)


@needs_node
@needs_gift
def test_gift_parser_check_fails_on_a_broken_file(tmp_path):
    broken = tmp_path / "broken.gift"
    broken.write_text("::Q1::Which { one?{\n=a\n~b\n}\n", encoding="utf-8")  # an unescaped brace
    result = node("parse_gift.js", broken)[0]
    assert "error" in result


# Google Forms -------------------------------------------------------------------------------------

@needs_node
def test_google_forms_script_passes_node_check_and_makes_the_quiz(built):
    for out, ll, letter, questions in cases(built):
        script = quiz_file(out, ll, "google-forms", letter)
        check = subprocess.run([NODE, "--check", "-"], input=script.read_bytes(), capture_output=True, timeout=60)
        assert check.returncode == 0, check.stderr.decode()
        form = node("run_forms.js", script)
        assert form["isQuiz"] is True and form["title"].startswith(ll.lesson.title)
        assert any("Send this link to students" in line for line in form["log"])
        items = [i for i in form["items"] if i["type"] != "section"]
        assert sum(i["setPoints"] for i in items) == sum(points_of(q) for q in questions)
        headers = [i["setTitle"] for i in form["items"] if i["type"] == "section"]
        for q in questions:
            check_form_question(q, items, headers)
        assert not items


def check_form_question(q, items: list[dict], headers: list[str]) -> None:
    """Take the question's items off the front of the list and check them against the lesson."""
    def right(item):
        return [c["value"] for c in item["setChoices"] if c["isCorrect"]]

    if isinstance(q, (MultipleChoice, TrueFalse)):
        item = items.pop(0)
        assert item["type"] == "multipleChoice" and item["setTitle"].endswith(q.prompt)
        assert item["setPoints"] == points_of(q) and item["setRequired"] is True
        want = (q.choices[LETTERS.index(q.answer)] if isinstance(q, MultipleChoice)
                else "True" if q.answer else "False")
        assert right(item) == [want]
        assert q.cite[0] in item["setFeedbackForCorrect"]["text"]
    elif isinstance(q, FillInBlank):
        for answer in q.answers:
            item = items.pop(0)
            if q.word_bank:
                assert item["type"] == "list" and right(item) == [answer]
            else:
                assert item["type"] == "text" and f"Answer: {answer}" in item["setGeneralFeedback"]["text"]
    elif isinstance(q, Matching):
        assert any(h.endswith(f"{q.prompt} ({points_of(q)} point{'s' if points_of(q) != 1 else ''})")
                   for h in headers)
        for pair in q.pairs:
            item = items.pop(0)
            assert (item["type"], item["setTitle"], right(item)) == ("list", pair.left, [pair.right])
    elif isinstance(q, Ordering):
        got = {}
        for _ in q.items:
            item = items.pop(0)
            got[item["setTitle"]] = int(re.match(r"\d+", right(item)[0])[0])
        assert got == {event: k + 1 for k, event in enumerate(q.items)}
    else:
        item = items.pop(0)
        assert item["type"] in ("paragraph", "text") and item["setPoints"] == points_of(q)
        assert (q.answer or "") in item["setGeneralFeedback"]["text"]


@needs_node
def test_forms_stand_in_refuses_calls_google_does_not_offer(tmp_path):
    script = tmp_path / "bad.gs"
    script.write_text("function makeQuiz() { FormApp.create('x').addMatchingItem(); }", encoding="utf-8")
    run = subprocess.run([NODE, str(NODE_DIR / "run_forms.js"), str(script)], capture_output=True, text=True)
    assert run.returncode != 0 and "addMatchingItem" in run.stderr
