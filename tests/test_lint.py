"""Lessons that are valid but would print something wrong: each gets a warning at its place (issue 9), the
shipped course gets none, and a lesson with an error never causes warnings in another."""

from __future__ import annotations

import shutil

from tests.conftest import COURSE, ROOT, SAMPLE

LESSON = SAMPLE.read_text(encoding="utf-8")
Q2 = ("  - type: multiple_choice\n"
      "    prompt: Why did Japan stop paying the rent of the canneries after the Russian revolution?")
Q3 = "  - type: multiple_choice\n    prompt: What did the Soviet-Japanese Fishery Convention"


def _check(cli, tmp_path, text: str, *files: str):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(COURSE, lessons / "course.yaml")
    (lessons / SAMPLE.name).write_text(text, encoding="utf-8")
    for name in files:
        shutil.copy(ROOT / "lessons" / name, lessons / name)
    run = cli("check", cwd=tmp_path, root=tmp_path)
    return run, [ln for ln in run.err.splitlines() if ": warning: " in ln or ": error: " in ln]


def test_the_shipped_course_has_no_warnings(cli):
    run = cli("check", cwd=ROOT, root=ROOT)
    assert run.code == 0 and ": warning: " not in run.err and ": error: " not in run.err, run.err


def test_a_question_pasted_twice(cli, tmp_path):
    block = LESSON[LESSON.index(Q2):LESSON.index(Q3)]
    run, lines = _check(cli, tmp_path, LESSON.replace(Q2, block + Q2, 1))
    assert run.code == 0
    assert lines == [f"lessons/{SAMPLE.name}:199:13: warning: this question (Part A, question 3) repeats Part A, "
                     "question 2 on line 189; delete one of them, or change its prompt [question.repeated]"]


def test_one_answer_for_two_questions(cli, tmp_path):
    # question 2 copied from question 1 keeps its right answer: the same choice text is right twice
    edited = LESSON.replace("      - The government Japan had an agreement with no longer existed, and relations "
                            "with the Soviet Union had not yet been established.",
                            "      - The “right to pursue their calling in Russian Far Eastern waters”", 1)
    run, lines = _check(cli, tmp_path, edited)
    assert run.code == 0
    assert lines == [f"lessons/{SAMPLE.name}:195:13: warning: the answer 'The “right to pursue their calling in "
                     "Russian Far Eastern wa…' (Part A, question 2) is also the answer of Part A, question 1 on "
                     "line 184; if the question was copied, change its choices and answer too [question.same-answer]"]


def test_a_key_term_the_reading_does_not_use(cli, tmp_path):
    run, lines = _check(cli, tmp_path, LESSON.replace("  - term: espionage", "  - term: sabotage", 1))
    assert lines == [f"lessons/{SAMPLE.name}:127:11: warning: the key term 'sabotage' does not occur in the reading; "
                     "check its spelling, or use the word as the reading does [vocabulary.not-in-reading]"]


def test_key_terms_are_found_in_their_other_forms(cli, tmp_path):
    # the reading says "canneries" and "auctioned off": a term in another form of the word is found
    edited = LESSON.replace("  - term: cannery", "  - term: canneries", 1).replace("  - term: auction",
                                                                                   "  - term: auctioned", 1)
    run, lines = _check(cli, tmp_path, edited)
    assert run.code == 0 and lines == []


def test_a_timeline_date_the_reading_does_not_give(cli, tmp_path):
    run, lines = _check(cli, tmp_path, LESSON.replace("  - date: March 13, 1939", "  - date: March 31, 1939", 1))
    assert lines == [f"lessons/{SAMPLE.name}:162:11: warning: the date 'March 31, 1939' does not occur in the "
                     "reading; check it against the essay [timeline.date-not-in-reading]"]


def test_a_timeline_event_the_reading_does_not_tell(cli, tmp_path):
    edited = LESSON.replace("    event: Fishing talks between Japan and the Soviet Union are suspended.",
                            "    event: The Emperor visits Moscow and signs a treaty of friendship.", 1)
    run, lines = _check(cli, tmp_path, edited)
    assert lines == [f"lessons/{SAMPLE.name}:157:12: warning: the reading does not tell this event of '1935' (only "
                     "33% of its words occur there); check it against the essay [timeline.event-not-in-reading]"]


def test_an_error_in_one_lesson_causes_no_warnings_in_another(cli, tmp_path):
    # the closing lesson's citations, terms and dates come from the other lessons' readings; lesson 2 cannot be read
    others = sorted(p.name for p in (ROOT / "lessons").glob("0*.yaml") if p.name != SAMPLE.name)
    run, lines = _check(cli, tmp_path, LESSON, *others)
    assert run.code == 0 and lines == []
    broken = tmp_path / "lessons" / "02-japanese-aggression.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("duration: 50", "duration: fifty", 1),
                      encoding="utf-8")
    run = cli("check", cwd=tmp_path, root=tmp_path)
    lines = [ln for ln in run.err.splitlines() if ": warning: " in ln or ": error: " in ln]
    assert lines == ["lessons/02-japanese-aggression.yaml:8:11: error: 'duration' must be a whole number, got "
                     "'fifty' [lesson.duration]"]
    # the same when only the closing lesson is checked, and lesson 2 is read for its reading alone
    run = cli("check", "lessons/06-conclusion.yaml", cwd=tmp_path, root=tmp_path)
    assert run.code == 0 and ": warning: " not in run.err, run.err


def test_question_numbers_are_the_worksheets(cli, tmp_path):
    # question 2 (multiple choice) moved after the first true/false question: that one is the fourth in the
    # file, but the worksheet groups the multiple-choice questions first and prints it as Part B, question 5
    tf = "    answer: true\n    cite: Jones, pg. 179\n    paragraph: 5\n"
    mc = LESSON[LESSON.index(Q2):LESSON.index(Q3)]
    edited = LESSON.replace(mc, "", 1).replace(tf, tf.replace("true", "maybe") + mc, 1)
    run, lines = _check(cli, tmp_path, edited)
    assert lines == [f"lessons/{SAMPLE.name}:211:13: error: 'answer' must be true or false, got 'maybe' "
                     "(Part B, question 5) [question.answer]"]


def test_message_numbers_agree_with_the_worksheet_builder():
    from pathlib import Path

    from lessonpress.documents.common import question_groups
    from lessonpress.lint import question_numbers
    from lessonpress.validate import load_project

    project = load_project([], Path(ROOT / "lessons"))
    for ll in project.lessons:
        printed = {n.index: (g.part, n.number) for g in question_groups(ll) for n in g.items}
        assert question_numbers([q.type for q in ll.lesson.questions]) == [printed[i] for i in range(len(printed))]
