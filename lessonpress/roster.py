"""Reads a class roster (CSV: name, period; optional form, large_print) with located errors, and deals forms."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path
from lessonpress.filenames import refused
from lessonpress.loader import read_bounded

REQUIRED = ("name", "period")
OPTIONAL = ("form", "large_print")
TRUE = {"yes", "y", "true", "t", "1", "x"}
FALSE = {"no", "n", "false", "f", "0", ""}


@dataclass(frozen=True)
class Student:
    """One row of the roster, with the form dealt to them."""

    name: str
    period: str
    form: str | None
    large_print: bool
    line: int
    file: str = ""


def safe_name(text: str) -> str:
    """A period name that is safe in a file name on every system ("3rd/4th" -> "3rd-4th")."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")
    return cleaned or "unnamed"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def load_roster(path: Path, letters: list[str]) -> list[Student]:
    """Read and check the roster; deal forms in turn within each period unless a row fixes one."""
    name = display_path(path)
    problems: list[Diagnostic] = []

    def fail(line: int, message: str, code: str) -> None:
        problems.append(Diagnostic(Loc(name, line, 1 if line else 0), message, code))

    text = _decode(read_bounded(path, name))  # not a device or pipe, nor larger than any roster
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise LessonpressError([Diagnostic(Loc(name, reader.line_num, 1), f"the CSV is malformed: {exc}",
                                           "roster.csv")]) from None
    rows = [(n, [c.strip() for c in row]) for n, row in rows if any(c.strip() for c in row)]
    if not rows:
        raise LessonpressError([Diagnostic(Loc(name), "the roster is empty; it needs a header row "
                                           "(name,period) and one row per student", "roster.empty")])
    header_line, header = rows[0]
    columns = [h.lower().replace(" ", "_") for h in header]
    for need in REQUIRED:
        if need not in columns:
            close = difflib.get_close_matches(need, columns, n=1, cutoff=0.6)
            hint = f"; is '{close[0]}' meant to be '{need}'?" if close else ""
            fail(header_line, f"no '{need}' column{hint} (the header row has: {', '.join(header)}; "
                 "it needs name and period, and may have form and large_print)", "roster.column")
    if problems:
        raise LessonpressError(problems)
    at = {c: columns.index(c) for c in (*REQUIRED, *OPTIONAL) if c in columns}
    students: list[Student] = []
    dealt: dict[str, int] = {}
    periods: dict[str, tuple[str, int]] = {}  # file name -> (period as first written, its line)
    for line, row in rows[1:]:
        cells = {c: (row[i] if i < len(row) else "") for c, i in at.items()}
        if len(row) > len(header):
            fail(line, f"{len(row)} cells but the header has {len(header)} columns (a comma in a name? "
                 "put the name in quotes)", "roster.cells")
            continue
        if not cells["name"]:
            fail(line, "the name is empty", "roster.name")
            continue
        if not cells["period"]:
            fail(line, f"no period for '{cells['name']}'", "roster.period")
            continue
        form = cells.get("form", "").upper() or None
        if form is not None and form not in letters:
            built = f"forms {letters[0]}–{letters[-1]} are built" if letters else "no forms are built"
            fail(line, f"form '{cells['form']}' for '{cells['name']}', but {built}; "
                 f"build more with --versions", "roster.form")
            continue
        flag = cells.get("large_print", "").lower()
        if flag not in TRUE | FALSE:
            fail(line, f"large_print must be yes or no, got '{cells['large_print']}'", "roster.large_print")
            continue
        file_name = safe_name(cells["period"]).casefold()
        why = refused(safe_name(cells["period"]))
        if why:
            fail(line, f"period '{cells['period'][:60]}' names the class set's file, but {why}; "
                 "write the period shorter", "roster.period")
            continue
        first = periods.setdefault(file_name, (cells["period"], line))
        if first[0] != cells["period"]:
            fail(line, f"period '{cells['period']}' would share a file name with period '{first[0]}' "
                 f"(line {first[1]}); write the period the same way on every row", "roster.period")
            continue
        if form is None and letters:
            turn = dealt.get(cells["period"], 0)
            form, dealt[cells["period"]] = letters[turn % len(letters)], turn + 1
        students.append(Student(cells["name"], cells["period"], form, flag in TRUE, line, name))
    if not students and not problems:
        fail(header_line, "the roster has a header but no students", "roster.empty")
    if problems:
        raise LessonpressError(problems)
    return students
