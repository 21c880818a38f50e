"""YAML's own complaints turned into one plain line at the place a teacher must act, in a teacher's words.

The parser says where it gave up ("mapping values are not allowed here", "expected <block end>"); the
mistake is usually earlier or elsewhere on the line. Each rule below looks at the source lines around that
place, recognises one common mistake, and says what to type instead. No parser vocabulary is ever shown."""

from __future__ import annotations

import re

import yaml

from lessonpress.errors import Diagnostic, Loc

KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<after>.*)$")
NO_SPACE = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/#][^\n]*)$")
CURLY = "“”‘’„‟"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], n: int) -> int | None:
    """The index of the last line before line index n that holds something (not blank, not a comment)."""
    for i in range(n - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _quotes(line: str, quote: str) -> int:
    """How many quote marks of one kind a line holds outside escapes (\\" and '')."""
    if quote == '"':
        return len(re.findall(r'(?<!\\)"', line))
    return len(re.findall("'", line.replace("''", "")))


def _unclosed(lines: list[str], upto: int) -> Diagnostic | str | None:
    """The first line up to `upto` whose value opens a quote and never closes it on that line."""
    for i, line in enumerate(lines[: upto + 1]):
        m = KEY.match(line) or re.match(r"^(?P<indent> *)(?P<dash>- +)(?P<after>.*)$", line)
        if not m:
            continue
        value = m["after"].lstrip()
        if not value or value[0] not in "\"'":
            continue
        quote = value[0]
        count = _quotes(value, quote)
        if quote == "'" and count >= 3:
            col = len(line) - len(value) + 1
            return f"{i + 1}:{col}:apostrophe"
        if count % 2:
            col = len(line) - len(value) + 1
            return f"{i + 1}:{col}:{quote}"
    return None


def explain(text: str, exc: yaml.MarkedYAMLError, name: str) -> Diagnostic:
    """One plain diagnostic for a file YAML cannot read."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # "while scanning a simple key": the line it started on is the one at fault, not the next
    mark = exc.context_mark if exc.context_mark and "simple key" in (exc.context or "") else \
        exc.problem_mark or exc.context_mark
    n = min(mark.line, len(lines) - 1) if mark else 0
    col = (mark.column + 1) if mark else 1
    line = lines[n] if lines else ""
    problem = (exc.problem or "").lower()

    def at(i: int, c: int, message: str, code: str) -> Diagnostic:
        return Diagnostic(Loc(name, i + 1, c), message, code)

    # a tab anywhere near the place: YAML indents with spaces only
    for i in (n, _previous(lines, n)):
        if i is not None and "\t" in lines[i]:
            return at(i, lines[i].index("\t") + 1, "this line holds a tab; indent with spaces only (set your "
                      "editor to insert spaces for the Tab key)", "yaml.tab")
    # a quote opened and never closed, or an apostrophe inside single quotes
    found = _unclosed(lines, n)
    if found:
        i, c, kind = found.split(":")
        if kind == "apostrophe":
            return at(int(i) - 1, int(c), "an apostrophe inside single quotes ends the text early; put the "
                      "text in double quotes instead (\"Japan's army\"), or write the apostrophe twice ('')",
                      "yaml.apostrophe")
        return at(int(i) - 1, int(c), f"the quote {kind} opened here is never closed; end the text with {kind} "
                  "on the same line", "yaml.unclosed-quote")
    # a missing space after a key's colon: "answer:C"
    for i in (n, _previous(lines, n)):
        if i is not None and (m := NO_SPACE.match(lines[i])) and not m["value"].startswith(":"):
            return at(i, lines[i].index(":") + 2, f"put a space after the colon: '{m['key']}: {m['value']}'",
                      "yaml.colon-space")
    prev = _previous(lines, n)
    here = KEY.match(line)
    before = KEY.match(lines[prev]) if prev is not None else None
    # a line indented more or less than the field above it
    if here and before and prev is not None and _indent(line) != _indent(lines[prev]) and \
            before["after"].strip() and not here["dash"] and not before["dash"] or (
            here and before and before["dash"] and prev is not None
            and _indent(line) != _indent(lines[prev]) + len(before["dash"])
            and _indent(line) > _indent(lines[prev])):
        want = _indent(lines[prev]) + (len(before["dash"]) if before["dash"] else 0)
        return at(n, _indent(line) + 1, f"this line is indented {_indent(line)} spaces; line '{here['key']}' up "
                  f"with '{before['key']}' on line {prev + 1} ({want} spaces)", "yaml.indent")
    if here and before is None and prev is not None and _indent(line) < _indent(lines[prev]):
        return at(n, _indent(line) + 1, f"this line is indented less than line {prev + 1}; line '{here['key']}' "
                  "up with the fields of the same list item or section", "yaml.indent")
    # text with ": " in it, read as a new field
    if "mapping values" in problem and here and here["after"].strip():
        return at(n, len(here["indent"]) + (len(here["dash"]) if here["dash"] else 0) + len(here["key"]) + 3,
                  f"the text of '{here['key']}' contains ': ' (a colon and a space), which YAML reads as a new "
                  f"field; put the whole text in double quotes: {here['key']}: \"…\"", "yaml.colon-in-text")
    # a list item without its "- "
    if prev is not None and not here and line.strip() and not line.lstrip().startswith("- ") and \
            re.match(r"^ *- ", lines[prev]) and _indent(line) <= _indent(lines[prev]):
        return at(n, _indent(line) + 1, f"this line has no '- ' in front, but the line above is a list item; "
                  f"start it with '- ' (line it up with the '-' on line {prev + 1}), or indent it further if it "
                  "continues the text above", "yaml.missing-dash")
    return at(n, col, "this line does not fit the layout of the lines above; check that it lines up with them, "
              "that text containing ': ' or ' #' is in double quotes, and that every quote is closed", "yaml.syntax")


def curly_quoted(value: str, in_list: bool) -> bool:
    """Whether a plain value is wrapped in curly quotes meant as YAML quotes (“B”), or a [“…”] list item
    split at its comma."""
    if not value or value[0] not in CURLY:
        return False
    inner = value[1:-1]
    if value[-1] in CURLY and not any(ch in CURLY for ch in inner) and (" " not in inner.strip() or len(inner) <= 12):
        return True  # “B”, “1925”, “9–12”: a quoted sentence is text, and stays
    return in_list and not any(ch in CURLY for ch in value[1:])


def dropped_comment(lines: list[str], node: yaml.ScalarNode) -> str | None:
    """The words after ' #' that YAML dropped as a comment from an unquoted value, if any."""
    end = node.end_mark
    if node.style or end.line >= len(lines):
        return None
    rest = lines[end.line][end.column:]
    m = re.match(r"^\s+#(.*)$", rest)
    if not m or not m.group(1).strip():
        return None
    return "#" + m.group(1)


def not_utf8(raw: bytes, start: int) -> tuple[int, int]:
    """Line and column (in characters) of the first byte that is not UTF-8."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw[:start].count(b"\n") + 1
    col = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    return line, col


UTF8_HOW = ("save it as UTF-8 (Notepad: File › Save as › Encoding: UTF-8; TextEdit: Format › Make Plain Text, "
            "then save with Unicode (UTF-8); VS Code: click the encoding in the status bar › Save with Encoding)")
