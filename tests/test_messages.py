"""The common mistakes of a teacher editing a lesson or course file: each gets one plain line at the place to act,
with no parser vocabulary (issue 9). Each case edits the shipped lesson 1 (or course.yaml) the way a teacher might."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import COURSE, SAMPLE

LESSON = SAMPLE.read_text(encoding="utf-8")
PROMPT = "    prompt: What did the Treaty of Portsmouth (1905) give Japanese fishermen?"
ANSWER = "    answer: B\n    cite: Jones, pg. 178\n    paragraph: 1"
PARSER_WORDS = ("block end", "simple key", "mapping values", "<scalar>", "flow sequence", "while parsing",
                "while scanning", "token")

CASES = {
    # name: (the edit, (line, column, code), words the message must hold)
    "colon in text": ((PROMPT, "    prompt: Treaty of Portsmouth: what did it give Japanese fishermen?"),
                      (178, 13, "yaml.colon-in-text"), "put the whole text in double quotes"),
    "missing dash": (("      - Control of the auction", "      Control of the auction"),
                     (182, 7, "yaml.missing-dash"), "start it with '- '"),
    "indented too far": ((ANSWER, "    answer: B\n      cite: Jones, pg. 178\n    paragraph: 1"),
                         (185, 7, "yaml.indent"), "line 'cite' up with 'answer' on line 184 (4 spaces)"),
    "indented too little": ((ANSWER, "    answer: B\n   cite: Jones, pg. 178\n    paragraph: 1"),
                            (185, 4, "yaml.indent"), "line 'cite' up with 'answer' on line 184 (4 spaces)"),
    "tab": ((ANSWER, "    answer: B\n\tcite: Jones, pg. 178\n    paragraph: 1"), (185, 1, "yaml.tab"),
            "indent with spaces only"),
    "unclosed quote": ((ANSWER, '    answer: B\n    cite: "Jones, pg. 178\n    paragraph: 1'),
                       (185, 11, "yaml.unclosed-quote"), 'end the text with " on the same line'),
    "apostrophe in single quotes": ((PROMPT, "    prompt: 'What did Japan's treaty give fishermen?'"),
                                    (178, 13, "yaml.apostrophe"), "put the text in double quotes"),
    "no space after colon": ((ANSWER, "    answer:B\n    cite: Jones, pg. 178\n    paragraph: 1"),
                             (184, 12, "yaml.colon-space"), "put a space after the colon: 'answer: B'"),
    "curly quotes": ((ANSWER, "    answer: “B”\n    cite: Jones, pg. 178\n    paragraph: 1"),
                     (184, 13, "text.curly-quotes"), 'type straight quotes instead: "B"'),
    "curly quotes in a list": ((ANSWER, "    answer: B\n    cite: [“Jones, pg. 178”]\n    paragraph: 1"),
                               (185, 12, "text.curly-quotes"), "curly quotes"),
    "misspelt key": ((ANSWER, "    answr: B\n    cite: Jones, pg. 178\n    paragraph: 1"),
                     (184, 5, "question.unknown-field"), "did you mean 'answer'?"),
}


def _project(tmp_path, lesson_text: str | None = None, lesson_bytes: bytes | None = None):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    target = lessons / SAMPLE.name
    if lesson_bytes is not None:
        target.write_bytes(lesson_bytes)
    else:
        target.write_text(lesson_text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_gets_one_plain_line_where_to_act(cli, tmp_path, name):
    (old, new), (line, col, code), words = CASES[name]
    assert old in LESSON
    project = _project(tmp_path, LESSON.replace(old, new, 1))
    run = cli("check", cwd=project, root=project)
    assert run.code == 1
    errors = [ln for ln in run.err.splitlines() if ": error: " in ln]
    assert len(errors) == 1, run.err  # one line for one mistake (a misspelt key: no second "missing field")
    assert errors[0].startswith(f"lessons/{SAMPLE.name}:{line}:{col}: error: ") and errors[0].endswith(f"[{code}]")
    assert words in errors[0]
    assert not any(w in errors[0].lower() for w in PARSER_WORDS), errors[0]


def test_words_after_a_hash_are_not_dropped_silently(cli, tmp_path):
    project = _project(tmp_path, LESSON.replace(PROMPT, "    prompt: What did treaty #1 give Japanese fishermen?", 1))
    run = cli("check", cwd=project, root=project)
    assert run.code == 0
    assert (f"lessons/{SAMPLE.name}:178:29: warning: the words after ' #' are dropped as a comment: "
            "'#1 give Japanese fishermen?'; to keep them, put the whole text in double quotes "
            "[text.comment-dropped]") in run.err


def test_a_file_saved_in_windows_1252_says_where_and_how_to_save_it(cli, tmp_path):
    project = _project(tmp_path, lesson_bytes=LESSON.encode("cp1252", errors="replace"))
    run = cli("check", cwd=project, root=project)
    assert run.code == 1
    line = next(ln for ln in run.err.splitlines() if "[file.encoding]" in ln)
    assert line.startswith(f"lessons/{SAMPLE.name}:2:31: error: ") and "save it as UTF-8 (Notepad:" in line
    assert "0x" not in line and "byte" not in line


def test_a_course_file_mistake_is_worded_the_same(cli, tmp_path):
    project = _project(tmp_path, LESSON)
    course = project / "lessons" / "course.yaml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("title: Soviet–Japanese Relations, 1905–1945",
                                   "title: Soviet–Japanese Relations: 1905–1945", 1), encoding="utf-8")
    run = cli("check", cwd=project, root=project)
    assert run.code == 1 and "[yaml.colon-in-text]" in run.err and "lessons/course.yaml:2:" in run.err


def test_echoed_values_stay_on_one_line():
    from lessonpress.errors import Diagnostic, Loc

    line = str(Diagnostic(Loc("x.yaml", 1, 1), "got 'a\nb\x1b[31m'", "code"))
    assert "\n" not in line and "\x1b" not in line and "\\n" in line
