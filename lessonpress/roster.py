"""Reads a class roster (CSV: name, period; optional form, large_print) as schools export it, and deals forms.

Periods written "3", "03", "Period 3" or "3rd" are one period; "Last, First" names and separate last/first name
columns give "First Last"; problems are located errors, doubtful rows are warnings.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path

REQUIRED = ("name", "period")
OPTIONAL = ("form", "large_print")
# the other headings schools' exports use for the same columns
ALIASES = {"student": "name", "student_name": "name", "full_name": "name", "class_period": "period",
           "per": "period", "per.": "period", "hour": "period", "large_print?": "large_print", "version": "form"}
LAST = ("last_name", "last", "surname", "family_name", "lastname")
FIRST = ("first_name", "first", "given_name", "firstname", "preferred_name")
_PERIOD = re.compile(r"(?:period|per\.?|p\.?|hour|hr\.?)?\s*0*(\d+)\s*(?:st|nd|rd|th)?(?:\s*(?:period|hour))?",
                     re.IGNORECASE)
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


def period_of(text: str) -> str:
    """One way of writing a period: "03", "Period 3", "3rd", "P3" and "3rd period" are all "3"; others unchanged."""
    match = _PERIOD.fullmatch(text.strip())
    return match.group(1) if match else text.strip()


def first_last(text: str) -> str:
    """ "Last, First" (one comma, as student systems export it) becomes "First Last"; other names unchanged."""
    parts = [p.strip() for p in text.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else text


def _column(heading: str) -> str:
    key = heading.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


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

    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise LessonpressError([Diagnostic(Loc(name), f"cannot read the roster: {exc.strerror}",
                                           "roster.unreadable")]) from None
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
    columns = [_column(h) for h in header]
    last_col = next((columns.index(c) for c in LAST if c in columns), None)
    first_col = next((columns.index(c) for c in FIRST if c in columns), None)
    for need in REQUIRED:
        if need == "name" and need not in columns and last_col is not None and first_col is not None:
            continue
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
        if "name" in cells:
            cells["name"] = first_last(cells["name"])
        else:  # separate columns: "First Last"
            cells["name"] = " ".join(row[i] for i in (first_col, last_col) if i < len(row) and row[i])
        cells["period"] = period_of(cells["period"])
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


def roster_warnings(students: list[Student]) -> list[Diagnostic]:
    """Rows that are probably mistakes but still print: a student listed twice, a name an export mangled."""
    out: list[Diagnostic] = []
    seen: dict[str, Student] = {}
    for s in students:
        loc = Loc(s.file, s.line, 1)
        key = " ".join(unicodedata.normalize("NFC", s.name).casefold().split())
        if key in seen:
            other = seen[key]
            where = f"period {other.period}" + ("" if other.period == s.period else f", now period {s.period}")
            out.append(Diagnostic(loc, f"'{s.name}' is listed twice (also on line {other.line}, {where}); they get "
                                  "two copies unless you delete one row", "roster.twice", "warning"))
        seen.setdefault(key, s)
        if "?" in s.name or "\ufffd" in s.name:
            out.append(Diagnostic(loc, f"the name '{s.name.replace(chr(0xFFFD), '?')}' has a '?' where a letter "
                                  "should be: the export lost its accents; export the roster again as "
                                  "'CSV UTF-8' (Excel: File > Save As > CSV UTF-8)", "roster.mangled", "warning"))
    return out


def unprintable(students: list[Student], have: frozenset[int]) -> list[Diagnostic]:
    """Names holding characters the fonts cannot draw: an error, since the stamped copy would print boxes."""
    out = []
    for s in students:
        missing = list(dict.fromkeys(ch for ch in s.name if ord(ch) not in have and not ch.isspace()
                                     and ch != "\ufffd"))
        if missing:
            what = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            out.append(Diagnostic(Loc(s.file, s.line, 1), f"the name '{s.name}' has letters the fonts cannot print "
                                  f"({what}); write it in letters they can, for example as the school's records "
                                  "spell it in Latin letters",
                                  "roster.script"))
    return out
