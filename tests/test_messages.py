"""The common mistakes of a teacher editing a lesson or course file: each gets one plain line at the place to act,
with no parser vocabulary (issue 9). Each case edits the shipped lesson 1 or course.yaml the way a teacher might,
and pins the whole line printed."""

from __future__ import annotations

import pytest

from tests.conftest import COURSE, ROOT, SAMPLE

LESSON = SAMPLE.read_text(encoding="utf-8")
COURSE_TEXT = COURSE.read_text(encoding="utf-8")
PARSER_WORDS = ("block end", "simple key", "mapping values", "<scalar>", "flow sequence", "while parsing",
                "while scanning", "token", "mapping", "scalar", "sequence", "node")

P = "    prompt: What did the Treaty of Portsmouth (1905) give Japanese fishermen?"
A = "    answer: B\n    cite: Jones, pg. 178\n    paragraph: 1"
CHOICE = "      - Control of the auction"
TITLE = "title: Soviet–Japanese Relations, 1905–1945"
WORKS_CITED = COURSE_TEXT[COURSE_TEXT.index("works_cited:"):]
JONES = "  - author: Jones\n    entry: >-\n      Jones"
CASES = {
    # name: (file, the text as shipped, the teacher's edit, the one line printed after the file name)
    'colon in text': (
        'lesson', P,
        '    prompt: Treaty of Portsmouth: what did it give Japanese fishermen?',
        ("178:13: error: the text of 'prompt' contains ': ' (a colon and a space), which YAML reads as "
         'a new field; put the whole text in double quotes: prompt: "…" [yaml.colon-in-text]')),
    'colon in a list item': (
        'lesson', CHOICE,
        '      - Control: the auction',
        ("182:16: error: this text contains ': ' (a colon and a space), which YAML reads as a field "
         'name and its value; put the whole text in double quotes: "Control: the auction of fishing '
         'grounds at Vladivostok" (Part A, question 1) [yaml.colon-in-text]')),
    'colon in text (course)': (
        'course', TITLE,
        'title: Soviet–Japanese Relations: 1905–1945',
        ("2:8: error: the text of 'title' contains ': ' (a colon and a space), which YAML reads as a "
         'new field; put the whole text in double quotes: title: "…" [yaml.colon-in-text]')),
    "colon in a list item's field (course)": (
        'course', '  - author: Jones',
        '  - author: Jones: F. C.',
        ("12:13: error: the text of 'author' contains ': ' (a colon and a space), which YAML reads as a "
         'new field; put the whole text in double quotes: author: "…" [yaml.colon-in-text]')),
    'hash in text': (
        'lesson', P,
        '    prompt: What did treaty #1 give Japanese fishermen?',
        ("178:29: warning: the words after ' #' are dropped as a comment: '#1 give Japanese "
         "fishermen?'; to keep them, put the whole text in double quotes [text.comment-dropped]")),
    'hash in text (course)': (
        'course', TITLE,
        'title: Soviet–Japanese Relations #1',
        ("2:34: warning: the words after ' #' are dropped as a comment: '#1'; to keep them, put the "
         'whole text in double quotes [text.comment-dropped]')),
    'hash at the start of text': (
        'lesson', P,
        '    prompt: #1 What did the treaty give?',
        ("178:13: error: 'prompt' is empty because the words after '#' are a comment to YAML; put the "
         'whole text in double quotes (Part A, question 1) [question.prompt]')),
    'missing dash before a choice': (
        'lesson', CHOICE,
        '      Control of the auction',
        ("182:7: error: this line has no '- ' in front, but it starts a new list item like the one on "
         "line 181; start it with '- ' (line the '-' up with the '-' on line 181), or indent it further "
         'if it continues the text above [yaml.missing-dash]')),
    'missing dash before a question': (
        'lesson', '  - type: multiple_choice\n    prompt: Why did Japan',
        '    type: multiple_choice\n    prompt: Why did Japan',
        ("188:5: error: 'type' is given twice in the same list item (first at line 177); if a new item "
         "starts here, put '- ' before 'type' [yaml.missing-dash]")),
    "missing dash before a question, at the dash's place": (
        'lesson', '  - type: multiple_choice\n    prompt: Why did Japan',
        '  type: multiple_choice\n    prompt: Why did Japan',
        ("188:3: error: this line has no '- ' in front, but it starts a new list item like the one on "
         "line 177; start it with '- ' (line the '-' up with the '-' on line 177), or indent it further "
         'if it continues the text above [yaml.missing-dash]')),
    'missing dash before a paragraph': (
        'lesson', '  - >-\n    Three years later',
        '  >-\n    Three years later',
        ("45:3: error: this line has no '- ' in front, but it starts a new list item like the one on "
         "line 32; start it with '- ' (line the '-' up with the '-' on line 32), or indent it further "
         'if it continues the text above [yaml.missing-dash]')),
    'missing dash (course)': (
        'course', JONES,
        '    author: Jones\n    entry: >-\n      Jones',
        ("12:5: error: 'author' is given twice in the same list item (first at line 8); if a new item "
         "starts here, put '- ' before 'author' [yaml.missing-dash]")),
    "missing dash at the dash's place (course)": (
        'course', JONES,
        '  author: Jones\n  entry: >-\n      Jones',
        ("12:3: error: this line has no '- ' in front, but it starts a new list item like the one on "
         "line 8; start it with '- ' (line the '-' up with the '-' on line 8), or indent it further if "
         'it continues the text above [yaml.missing-dash]')),
    'indented too far': (
        'lesson', A,
        '    answer: B\n      cite: Jones, pg. 178\n    paragraph: 1',
        ("185:7: error: this line is indented 6 spaces; line 'cite' up with 'answer' on line 184 (4 "
         'spaces) [yaml.indent]')),
    'indented too little': (
        'lesson', A,
        '    answer: B\n   cite: Jones, pg. 178\n    paragraph: 1',
        ("185:4: error: this line is indented 3 spaces; line 'cite' up with 'answer' on line 184 (4 "
         'spaces) [yaml.indent]')),
    "indented too far after a '>-' text": (
        'lesson', 'closing_discussion: >-',
        ' closing_discussion: >-',
        ("17:2: error: this line is indented 1 space; line 'closing_discussion' up with 'warm_up' on "
         'line 14 (0 spaces) [yaml.indent]')),
    'list item indented too little': (
        'lesson', CHOICE,
        '     - Control of the auction',
        ("182:6: error: this line is indented 5 spaces; line the '-' up with the '-' on line 181 (6 "
         'spaces) [yaml.indent]')),
    'list item indented too far': (
        'lesson', CHOICE,
        '        - Control of the auction',
        ("182:9: error: this line starts with '- ' but is indented further than line 181, so it would "
         'print as more of the text there; line it up with the other items of its list (or, if the dash '
         'belongs to the text, put the whole text in double quotes) [yaml.indent]')),
    'question indented too far': (
        'lesson', '  - type: multiple_choice\n    prompt: Why did Japan',
        '    - type: multiple_choice\n    prompt: Why did Japan',
        ("188:5: error: this line is indented 4 spaces; line the '-' up with the '-' on line 177 (2 "
         'spaces) [yaml.indent]')),
    'indented too far (course)': (
        'course', JONES,
        '  - author: Jones\n      entry: >-\n      Jones',
        ("13:7: error: this line is indented 6 spaces; line 'entry' up with 'author' on line 12 (4 "
         'spaces) [yaml.indent]')),
    'indented too little (course)': (
        'course', JONES,
        '  - author: Jones\n   entry: >-\n      Jones',
        ("13:4: error: this line is indented 3 spaces; line 'entry' up with 'author' on line 12 (4 "
         'spaces) [yaml.indent]')),
    'top field indented (course)': (
        'course', 'paper: letter',
        '  paper: letter',
        ("6:3: error: this line is indented 2 spaces; line 'paper' up with 'grade_band' on line 5 (0 "
         'spaces) [yaml.indent]')),
    'tab': (
        'lesson', A,
        '    answer: B\n\tcite: Jones, pg. 178\n    paragraph: 1',
        ('185:1: error: this line holds a tab; indent with spaces only (set your editor to insert '
         'spaces for the Tab key) [yaml.tab]')),
    'tab (course)': (
        'course', 'paper: letter',
        '\tpaper: letter',
        ('6:1: error: this line holds a tab; indent with spaces only (set your editor to insert spaces '
         'for the Tab key) [yaml.tab]')),
    'indented with non-breaking spaces': (
        'lesson', A,
        '    answer: B\n\u00a0\u00a0\u00a0\u00a0cite: Jones, pg. 178\n    paragraph: 1',
        ('185:1: error: this line is indented with non-breaking spaces (copied from a web page or Word), which '
         'YAML does not count as spaces; delete the indentation and type ordinary spaces [yaml.nbsp]')),
    'unclosed quote': (
        'lesson', A,
        '    answer: B\n    cite: "Jones, pg. 178\n    paragraph: 1',
        ('185:11: error: the quote " opened here is never closed; end the text with " on the same line '
         '[yaml.unclosed-quote]')),
    'unclosed quote far above': (
        'lesson', '  - Explain what the Treaty',
        '  - "Explain what the Treaty',
        ('10:5: error: the quote " opened here is never closed; end the text with " on the same line '
         '[yaml.unclosed-quote]')),
    'unpaired quotes in a [ ] list': (
        'lesson', '    answers: ["80", "50"]',
        '    answers: ["80, "50"]',
        ('237:14: error: the quotes in this list do not pair up; put each item in its own pair of '
         'straight quotes, separated by commas: ["80", "50"] [yaml.unclosed-quote]')),
    'unclosed quote (course)': (
        'course', 'grade_band: "9–12"',
        'grade_band: "9–12',
        ('5:13: error: the quote " opened here is never closed; end the text with " on the same line '
         '[yaml.unclosed-quote]')),
    'apostrophe in single quotes': (
        'lesson', P,
        "    prompt: 'What did Japan's treaty give fishermen?'",
        ('178:13: error: an apostrophe inside single quotes ends the text early; put the text in double '
         'quotes instead ("Japan\'s army"), or write the apostrophe twice (\'\') [yaml.apostrophe]')),
    'apostrophe in single quotes (course)': (
        'course', TITLE,
        "title: 'Japan's Relations with the Soviet Union'",
        ('2:8: error: an apostrophe inside single quotes ends the text early; put the text in double '
         'quotes instead ("Japan\'s army"), or write the apostrophe twice (\'\') [yaml.apostrophe]')),
    'no space after colon': (
        'lesson', A,
        '    answer:C\n    cite: Jones, pg. 178\n    paragraph: 1',
        ("184:12: error: put a space after the colon: 'answer: C' [yaml.colon-space]")),
    'no space after colon (course)': (
        'course', 'paper: letter',
        'paper:a4',
        ("6:7: error: put a space after the colon: 'paper: a4' [yaml.colon-space]")),
    'curly quotes': (
        'lesson', A,
        '    answer: “B”\n    cite: Jones, pg. 178\n    paragraph: 1',
        ('184:13: error: curly quotes “ ” are not quote marks to YAML (a word processor may have '
         'changed them); type straight quotes instead: "B" [text.curly-quotes]')),
    'curly single quotes': (
        'lesson', A,
        '    answer: ‘B’\n    cite: Jones, pg. 178\n    paragraph: 1',
        ('184:13: error: curly quotes ‘ ’ are not quote marks to YAML (a word processor may have '
         'changed them); type straight quotes instead: "B" [text.curly-quotes]')),
    'curly quotes around a date': (
        'lesson', '  - date: "1907"',
        '  - date: “1907”',
        ('141:11: error: curly quotes “ ” are not quote marks to YAML (a word processor may have '
         'changed them); type straight quotes instead: "1907" [text.curly-quotes]')),
    'curly quotes in a [ ] list': (
        'lesson', A,
        '    answer: B\n    cite: [“Jones, pg. 178”]\n    paragraph: 1',
        ('185:12: error: curly quotes “ ” are not quote marks to YAML (a word processor may have '
         'changed them); type straight quotes instead: ["Jones, pg. 178"] [text.curly-quotes]')),
    'curly quotes in a [ ] list of two': (
        'lesson', '    word_bank: ["10", "37", "40", "50", "80"]',
        '    word_bank: [“10”, “37”, “40”, “50”, “80”]',
        ('238:17: error: curly quotes “ ” are not quote marks to YAML (a word processor may have changed them); '
         'type straight quotes instead: ["10", "37", "40", "50", "80"] [text.curly-quotes]')),
    'curly quotes around a citation': (
        'lesson', A,
        '    answer: B\n    cite: “Jones, pg. 178”\n    paragraph: 1',
        ('185:11: error: curly quotes “ ” are not quote marks to YAML (a word processor may have '
         'changed them); type straight quotes instead: "Jones, pg. 178" [text.curly-quotes]')),
    'curly quotes (course)': (
        'course', 'grade_band: "9–12"',
        'grade_band: “9–12”',
        ('5:13: error: curly quotes “ ” are not quote marks to YAML (a word processor may have changed '
         'them); type straight quotes instead: "9–12" [text.curly-quotes]')),
    'misspelt key': (
        'lesson', A,
        '    answr: B\n    cite: Jones, pg. 178\n    paragraph: 1',
        ("184:5: error: unknown field 'answr'; did you mean 'answer'? (expected one of: answer, "
         'choices, cite, explanation, label, paragraph, points, prompt, quote, review, type) '
         '[question.unknown-field]')),
    'misspelt type key': (
        'lesson', '  - type: multiple_choice\n    prompt: Why did Japan',
        '  - typ: multiple_choice\n    prompt: Why did Japan',
        ("188:5: error: unknown field 'typ'; did you mean 'type'? (expected 'type: ' and one of: "
         'multiple_choice, true_false, short_answer, fill_in_blank, matching, ordering, essay) '
         '[question.unknown-field]')),
    'misspelt key (course)': (
        'course', '  - author: Jones',
        '  - auther: Jones',
        ("12:5: error: unknown field 'auther'; did you mean 'author'? (expected one of: accessed, author, "
         'entry, title, url) [works-cited.unknown-field]')),
    'list where text belongs': (
        'lesson', P,
        '    prompt:\n      - What did the Treaty of Portsmouth give?',
        ("179:7: error: 'prompt' must be text, not a list; write the text after 'prompt: ' without '- ' "
         'or [ ] (Part A, question 1) [question.prompt]')),
    'text where a list belongs': (
        'lesson', '    word_bank: [Fishery, Mining, Petroleum, Railway]',
        '    word_bank: Fishery, Mining, Petroleum, Railway',
        ("244:16: error: 'word_bank' must be a list, got the text 'Fishery, Mining, Petroleum, "
         "Railway'; put each item on its own line under it, starting with '- ', or put them in [ ] with "
         'commas between (Part C, question 9) [question.word_bank]')),
    'list under a field that has text': (
        'lesson', 'objectives:\n  - Explain',
        'objectives: Explain the treaties\n  - Explain',
        ("10:3: error: 'objectives' on line 9 has text after its colon, so this line would print as "
         "more of that text; leave nothing after 'objectives:' and start every item with '- ' "
         '[yaml.list-after-text]')),
    'list where text belongs (course)': (
        'course', TITLE,
        'title: [Soviet–Japanese Relations, 1905–1945]',
        ("2:8: error: 'title' must be text, not a list; write the text after 'title: ' without '- ' or "
         '[ ] [course.title]')),
    'text where a list belongs (course)': (
        'course', 'works_cited:\n',
        'works_cited: Jones\n',
        ("8:3: error: 'works_cited' on line 7 has text after its colon, so it cannot also hold a list; "
         "leave nothing after 'works_cited:' and start every item with '- ' [yaml.list-after-text]")),
    'text where fields belong (course)': (
        'course', 'works_cited:\n',
        'works_cited:\n  - Jones, F. C.\n',
        ("8:5: error: each item of 'works_cited' must be a group of fields such as 'author: …', "
         "'title: …' and 'entry: …', one to a line, got the text 'Jones, F. C.' [works-cited]")),
    'inner double quote': (
        'lesson', P,
        '    prompt: "What did the "Treaty of Portsmouth" give Japanese fishermen?"',
        ('178:13: error: a " inside this text ends it early; put the text in single quotes instead '
         '(\'He said "no"\'), or write each inner " as \\" [yaml.inner-quote]')),
    'inner double quote (course)': (
        'course', TITLE,
        'title: "The "Cold War" of Japan and the Soviet Union"',
        ('2:8: error: a " inside this text ends it early; put the text in single quotes instead (\'He '
         'said "no"\'), or write each inner " as \\" [yaml.inner-quote]')),
    'text indented less than the text above': (
        'lesson', '    preferable to either side',
        '   preferable to either side',
        ('34:4: error: this line is indented 3 spaces, less than the text above it, so it no longer '
         'belongs to that text; indent it like line 33 (4 spaces) [yaml.indent]')),
    'text indented less than the text above (course)': (
        'course', '      and Materials,.',
        '     and Materials,.',
        ('11:6: error: this line is indented 5 spaces, less than the text above it, so it no longer '
         'belongs to that text; indent it like line 10 (6 spaces) [yaml.indent]')),
    'field without its colon': (
        'lesson', 'section: Tensions and Treaties',
        'section Tensions and Treaties',
        ("6:1: error: this line has no field name; write it as 'name: text' (a name, a colon and a "
         'space), or indent it further if it continues the text above [yaml.no-colon]')),
    'field without its colon (course)': (
        'course', 'paper: letter',
        'paper letter',
        ("6:1: error: this line has no field name; write it as 'name: text' (a name, a colon and a "
         'space), or indent it further if it continues the text above [yaml.no-colon]')),
    'first list item without its dash': (
        'lesson', '  materials:\n    - A wall',
        '  materials:\n    A wall',
        ("334:5: error: this line has no '- ' in front, but the list items after it do; start it with "
         "'- ' like line 335 [yaml.missing-dash]")),
    'apostrophe in single quotes, closed': (
        'lesson', A,
        "    answer: B\n    cite: 'Jones's book, pg. 178'\n    paragraph: 1",
        ('185:11: error: an apostrophe inside single quotes ends the text early; put the text in double '
         'quotes instead ("Japan\'s army"), or write the apostrophe twice (\'\') [yaml.apostrophe]')),
    'list item indented too far (course)': (
        'course', '  - author: March',
        '    - author: March',
        ("16:5: error: this line is indented 4 spaces; line the '-' up with the '-' on line 12 (2 "
         'spaces) [yaml.indent]')),
    'fields where a list belongs': (
        'lesson', '- Ownership of the oil fields in northern Sakhalin\n      - The “right to pursue their calling '
        'in Russian Far Eastern waters”\n      - Control of the auction of fishing grounds at '
        'Vladivostok\n      - The right to build a naval base on the Russian coast',
        'A: Ownership of the oil fields in northern Sakhalin\n      B: The “right to pursue their '
        'calling in Russian Far Eastern waters”\n      C: Control of the auction of fishing grounds at '
        'Vladivostok\n      D: The right to build a naval base on the Russian coast',
        ("180:7: error: 'choices' must be a list, got fields (A, B, C…); start each item with '- ' and "
         'no name before it (the letters A, B, C… are printed for you) (Part A, question 1) '
         '[question.choices]')),
    'a field among list items': (
        'lesson', '    choices:\n      - Ownership',
        '    choices:\n      A: Ownership',
        ("180:7: error: 'A:' starts a field where line 181 starts a list item; a list holds only '- ' "
         "items: put '- ' before the first field of each item, or write a one-line item as '- text' "
         '[yaml.list-among-fields]')),
    'a field among list items (course)': (
        'course', 'works_cited:\n  - author: Eudin and Slusser\n    entry: >-\n      Eudin, Xenia Joukoff., and '
        'Robert M. Slusser. Soviet Foreign Policy, 1928-1934; Documents\n      and Materials,. Vol. II. '
        'University Park: Pennsylvania State UP, 1967. Print.\n  - author: Jones',
        'works_cited:\n  author: Eudin and Slusser\n  entry: Eudin, Xenia Joukoff., and Robert M. '
        'Slusser.\n  - author: Jones',
        ("8:3: error: 'author:' starts a field where line 10 starts a list item; a list holds only '- ' "
         "items: put '- ' before the first field of each item, or write a one-line item as '- text' "
         '[yaml.list-among-fields]')),
    'fields where a list belongs (course)': (
        'course', WORKS_CITED,
        "works_cited:\n  author: Jones\n  entry: Jones, F. C. Japan's New Order in East Asia.\n",
        ("8:3: error: 'works_cited' must be a list, got fields (author, entry); start each item with '- "
         "' and no name before it [works-cited]")),
}


def _project(tmp_path, lesson_text: str = LESSON, lesson_bytes: bytes | None = None, course_text: str = COURSE_TEXT,
             course_bytes: bytes | None = None):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    course = lessons / "course.yaml"
    course.write_bytes(course_bytes) if course_bytes is not None else course.write_text(course_text, encoding="utf-8")
    target = lessons / SAMPLE.name
    target.write_bytes(lesson_bytes) if lesson_bytes is not None else target.write_text(lesson_text, encoding="utf-8")
    return tmp_path


def _lines(run) -> list[str]:
    return [ln for ln in run.err.splitlines() if ": error: " in ln or ": warning: " in ln]


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_gets_one_plain_line_where_to_act(cli, tmp_path, name):
    kind, old, new, message = CASES[name]
    text = LESSON if kind == "lesson" else COURSE_TEXT
    assert old in text
    edited = text.replace(old, new, 1)
    project = _project(tmp_path, **({"lesson_text": edited} if kind == "lesson" else {"course_text": edited}))
    run = cli("check", cwd=project, root=project)
    assert run.code == (0 if ": warning: " in message else 1)
    file = f"lessons/{SAMPLE.name}" if kind == "lesson" else "lessons/course.yaml"
    assert _lines(run) == [f"{file}:{message}"]  # one line for one mistake (a misspelt key: no "missing field")
    words = message.split(": ", 2)[2].lower()
    assert not any(w in words for w in PARSER_WORDS), message


def test_every_mistake_of_the_issue_is_pinned_in_a_lesson_and_in_course_yaml():
    mistakes = ("colon in text", "hash in text", "missing dash", "indented too far", "indented too little", "tab",
                "unclosed quote", "apostrophe in single quotes", "no space after colon", "curly quotes",
                "misspelt key", "list where text belongs", "text where a list belongs")
    for mistake in mistakes:
        assert any(n.startswith(mistake) and CASES[n][0] == "lesson" for n in CASES), mistake
        assert any(n.startswith(mistake) and CASES[n][0] == "course" for n in CASES), mistake


HOW = ("save it as UTF-8 (Notepad: File › Save as › Encoding: UTF-8; TextEdit: Format › Make Plain Text, then save "
       "with Unicode (UTF-8); VS Code: click the encoding in the status bar › Save with Encoding) [file.encoding]")


@pytest.mark.parametrize("kind, where", [("lesson", "2:31"), ("course", "2:14")])
def test_a_file_saved_in_windows_1252_says_where_and_how_to_save_it(cli, tmp_path, kind, where):
    text = LESSON if kind == "lesson" else COURSE_TEXT
    saved = text.encode("cp1252", errors="replace")  # the en dash of "Soviet–Japanese" is the first non-UTF-8
    project = _project(tmp_path, **({"lesson_bytes": saved} if kind == "lesson" else {"course_bytes": saved}))
    run = cli("check", cwd=project, root=project)
    assert run.code == 1
    file = f"lessons/{SAMPLE.name}" if kind == "lesson" else "lessons/course.yaml"
    assert _lines(run) == [f"{file}:{where}: error: this character is not saved as UTF-8 text, which lessons must "
                           f"be; {HOW}"]


def test_an_echoed_value_with_a_line_break_stays_on_one_line(cli, tmp_path):
    edited = LESSON.replace("    answer: B\n", '    answer: "E\\nF"\n', 1)
    run = cli("check", cwd=_project(tmp_path, edited), root=tmp_path)
    assert _lines(run) == [f"lessons/{SAMPLE.name}:184:13: error: 'answer' must be one of the choices A–D, got "
                           "'E\\nF' (Part A, question 1) [question.answer]"]


def test_echoed_values_stay_on_one_line():
    from lessonpress.errors import Diagnostic, Loc

    line = str(Diagnostic(Loc("x.yaml", 1, 1), "got 'a\nb\x1b[31m'", "code"))
    assert "\n" not in line and "\x1b" not in line and "\\n" in line


def test_the_troubleshooting_page_quotes_the_real_messages():
    page = (ROOT / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
    examples = [ln.strip() for ln in page.splitlines() if ln.startswith("    lessons/")]
    pinned = {f"lessons/{SAMPLE.name if kind == 'lesson' else 'course.yaml'}:{message}"
              for kind, _, _, message in CASES.values()}
    pinned.add(f"lessons/{SAMPLE.name}:2:31: error: this character is not saved as UTF-8 text, which lessons must be; "
               f"{HOW}")
    assert len(examples) >= 8
    for line in examples:
        if "; …)" in line:  # shortened on the page: its start must be real
            assert any(p.startswith(line.split("; …)")[0]) for p in pinned), line
        else:
            assert line in pinned, line
