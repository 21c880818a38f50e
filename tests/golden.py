"""Golden debug dumps of the valid fixtures, and their quizzes as Moodle XML and GIFT: `python -m tests.golden --update`
refreshes them; review the diff."""

from __future__ import annotations

import sys
from pathlib import Path

from lessonpress.build import documents
from lessonpress.templating import Templates
from lessonpress.validate import load_project
from lessonpress.writers.debug import DebugWriter
from lessonpress.writers.lms.gift import GiftWriter
from lessonpress.writers.lms.moodle import MoodleWriter

HERE = Path(__file__).resolve().parent
VALID = HERE / "fixtures" / "valid"
GOLDEN = HERE / "golden"


def dumps() -> dict[str, str]:
    """Every valid fixture's documents through the debug writer, by golden file name."""
    project = load_project([VALID], VALID)
    assert not project.report.errors, project.report.errors
    writer, out = DebugWriter(), {}
    for ll in project.lessons:
        for made in documents(ll, project.course, Templates(), None):
            out[f"{ll.lesson.id}.{made.stem}.txt"] = writer.write(made.doc).decode("utf-8")
            if made.kind == "quiz":  # shaped like Moodle's own import fixtures, so a change is read as Moodle would
                out[f"{ll.lesson.id}.quiz-moodle.xml"] = MoodleWriter().write(made.doc).decode("utf-8")
                out[f"{ll.lesson.id}.quiz.gift"] = GiftWriter().write(made.doc).decode("utf-8")
    return out


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print("usage: python -m tests.golden --update", file=sys.stderr)
        return 2
    GOLDEN.mkdir(exist_ok=True)
    for name, text in dumps().items():
        (GOLDEN / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
