"""YAML's own complaints turned into one plain line at the place a teacher must act, in a teacher's words.

The parser says where it gave up ("mapping values are not allowed here", "expected <block end>"); the
mistake is usually earlier or elsewhere on the line. Each rule below looks at the source lines around that
place, recognises one common mistake, and says what to type instead. No parser vocabulary is ever shown."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from lessonpress.errors import Diagnostic, Loc

KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<after>.*)$")
NO_SPACE = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/#][^\n]*)$")
CURLY = "“”‘’„‟"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


def _previous(lines: list[str], n: int) -> int | None:
    """The index of the last line before line index n that holds something (not blank, not a comment)."""
    for i in range(n - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _closing(value: str) -> int | None:
    """Where the quote that opens `value` is closed (its index), or None when it is not on this line."""
    quote, i = value[0], 1
    while i < len(value):
        if quote == '"' and value[i] == "\\":
            i += 2
            continue
        if value[i] == quote:
            if quote == "'" and value[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _unclosed(lines: list[str], upto: int) -> str | None:
    """The first field or list item up to line index `upto` whose value opens a quote and does not close it at
    its end: "line:col:kind", the kind being the quote mark, "apostrophe" or "inner" (a quote inside)."""
    for line in _structure(lines, upto + 1):
        text, value = lines[line.index], line.value
        if not value or value[0] not in "\"'":
            continue
        after = text[text.index(":", line.col) + 1:] if line.key else text[line.col:]
        col = len(text) - len(after.lstrip()) + 1
        end = _closing(value)
        if end is None:
            return f"{line.index + 1}:{col}:{value[0]}"
        rest = value[end + 1:].strip()
        if rest and not rest.startswith("#"):
            return f"{line.index + 1}:{col}:{'apostrophe' if value[0] == chr(39) else 'inner'}"
    return None


@dataclass(frozen=True)
class _Line:
    """The outline of one structural line: where it starts, whether it is a list item, its field and value."""

    index: int
    indent: int  # spaces before the line's first mark ('-' or the field name)
    col: int  # where its field name or text starts (after '- ')
    dash: bool
    key: str | None
    value: str  # what follows the field's colon, or the line's text

    @property
    def leaf(self) -> bool:
        """Whether the line holds its own text (so the lines below cannot belong to it)."""
        return bool(self.value) and not self.value.startswith("#")


def _parse(lines: list[str], i: int) -> _Line | None:
    stripped = lines[i].strip()
    if not stripped or stripped.startswith("#"):
        return None
    m = re.match(r"^( *)(- +|-$)?(.*)$", lines[i])
    indent, dash = len(m[1]), m[2] or ""
    rest = m[3]
    k = re.match(r"^([A-Za-z_][\w-]*) *:(?: +(.*))?$", rest)
    if k:
        return _Line(i, indent, indent + len(dash), bool(dash), k[1], (k[2] or "").strip())
    return _Line(i, indent, indent + len(dash), bool(dash), None, rest.strip())


def _structure(lines: list[str], upto: int) -> list[_Line]:
    """The structural lines before line index `upto` (fields and list items, not the lines of text that
    continue a value or fill a '>-' block), in file order."""
    out: list[_Line] = []
    inside: int | None = None  # lines indented more than this continue the value above
    for i in range(upto):
        line = _parse(lines, i)
        if line is None:
            continue
        if inside is not None and line.indent > inside:
            continue
        inside = None
        if line.leaf:
            inside = line.col if line.key else line.indent
        out.append(line)
    return out


def _outline(lines: list[str], n: int) -> list[_Line]:
    """The lines line index n may belong to or line up with, nearest first: the line before it, then each
    earlier structural line indented less than all those after it."""
    out: list[_Line] = []
    limit = 10**9
    for line in reversed(_structure(lines, n)):
        if line.indent < limit or (line.dash and line.indent <= limit and not any(o.dash for o in out)):
            out.append(line)
            limit = min(limit, line.indent)
    return out


def _item_keys(lines: list[str], item: _Line, n: int) -> set[str]:
    """The field names a list item already has, from its '- ' line up to line index n."""
    keys = {item.key} if item.key else set()
    for line in _structure(lines, n):
        if line.index > item.index and line.indent == item.col and line.key and not line.dash:
            keys.add(line.key)
        elif line.index > item.index and line.indent <= item.indent:
            keys = {item.key} if item.key else set()  # a later item at the same level: start again
    return keys


def _layout(lines: list[str], n: int, at) -> Diagnostic | None:
    """A line indented too far or not far enough, a list item without its '- ', a list under a field that
    already has text, or a field without its colon."""
    here = _parse(lines, n)
    outline = _outline(lines, n)
    if here is None or not outline:
        return None
    k, first = here.indent, outline[0]
    items = [o for o in outline if o.dash]
    if here.dash:
        if first.key and first.leaf and first.col < k and not first.dash:
            return at(n, k + 1, f"'{first.key}' on line {first.index + 1} has text after its colon, so it cannot "
                      f"also hold a list; leave nothing after '{first.key}:' and start every item with '- '",
                      "yaml.list-after-text")
        if first.key and not first.dash and first.col == k and not any(o.col == k for o in items):
            run = [o for o in _structure(lines, n) if o.indent <= k]
            while len(run) > 1 and run[-2].key and not run[-2].dash and run[-2].indent == k:
                run.pop()  # back to the first of the fields that stand where the list's items do
            top = run[-1]
            return at(top.index, k + 1, f"'{top.key}:' starts a field where line {n + 1} starts a list item; a list "
                      "holds only '- ' items: put '- ' before the first field of each item, or write a one-line "
                      "item as '- text'", "yaml.list-among-fields")
        if items and items[0].indent != k and k not in {o.indent for o in items}:
            want = items[0]
            return at(n, k + 1, f"this line is indented {_spaces(k)}; line the '-' up with the '-' on line "
                      f"{want.index + 1} ({_spaces(want.indent)})", "yaml.indent")
        return None
    same = next((o for o in items if o.indent == k), None)
    if same is not None:
        if here.key is None or here.key in _item_keys(lines, same, n):
            return at(n, k + 1, "this line has no '- ' in front, but it starts a new list item like the one on "
                      f"line {same.index + 1}; start it with '- ' (line the '-' up with the '-' on line "
                      f"{same.index + 1}), or indent it further if it continues the text above", "yaml.missing-dash")
        return at(n, k + 1, f"this line is indented {_spaces(k)}; line '{here.key}' up with '{same.key}' on line "
                  f"{same.index + 1} ({_spaces(same.col)})", "yaml.indent")
    if here.key is None:
        sibling = next((o for o in outline if o.key and o.col == k), None)
        if sibling is not None:
            return at(n, k + 1, "this line has no field name; write it as 'name: text' (a name, a colon and a "
                      "space), or indent it further if it continues the text above", "yaml.no-colon")
        prev = _previous(lines, n)
        if first.leaf and prev is not None:
            like = f"like line {prev + 1} ({_spaces(_indent(lines[prev]))})" if prev != first.index else \
                f"further than line {prev + 1} ({_spaces(first.col + 2)})"
            return at(n, k + 1, f"this line is indented {_spaces(k)}, less than the text above it, so it no longer "
                      f"belongs to that text; indent it {like}", "yaml.indent")
        return None
    if not first.leaf and first.col < k:
        return None  # the first field inside a section: any deeper indentation is right
    if k in {o.col for o in outline if o.key}:
        return None  # it lines up with a field already: the mistake is something else
    want = next((o for o in outline if o.key and (o.leaf or o.col > k)), None) or \
        min((o for o in outline if o.key), key=lambda o: abs(o.col - k), default=None)
    if want is None:
        return None
    return at(n, k + 1, f"this line is indented {_spaces(k)}; line '{here.key}' up with '{want.key}' on line "
              f"{want.index + 1} ({_spaces(want.col)})", "yaml.indent")


def _first_item(lines: list[str], n: int, at) -> Diagnostic | None:
    """A list whose first item has no '- ': the items after it read as more of its text, and YAML stops later."""
    structure = _structure(lines, min(n + 2, len(lines)))
    found = None
    for before, line, after in zip([None, *structure], structure, structure[1:], strict=False):
        if line.index <= n and line.key is None and not line.dash and after.dash and after.indent == line.indent \
                and not (before and before.dash and before.indent == line.indent):
            found = (line, after)
    if found is None:
        return None
    line, after = found
    return at(line.index, line.indent + 1, "this line has no '- ' in front, but the list items after it do; start "
              f"it with '- ' like line {after.index + 1}", "yaml.missing-dash")


def _flow(lines: list[str], exc: yaml.MarkedYAMLError, at) -> Diagnostic | None:
    """A [ ] list (or { } group) written on one line whose quotes or closing bracket are missing."""
    if not exc.context_mark or "flow" not in (exc.context or ""):
        return None
    i, c = exc.context_mark.line, exc.context_mark.column
    part = lines[i][c:] if i < len(lines) else ""
    close = "]" if part.startswith("[") else "}"
    if len(re.findall(r'(?<!\\)"', part)) % 2:
        return at(i, c + 1, "the quotes in this list do not pair up; put each item in its own pair of straight "
                  "quotes, separated by commas: [\"80\", \"50\"]", "yaml.unclosed-quote")
    if close not in part:
        return at(i, c + 1, f"the '{part[:1]}' opened here is never closed; end the list with '{close}' on the "
                  "same line", "yaml.unclosed-bracket")
    return at(i, c + 1, "this [ ] list is not written the usual way; separate its items with commas, and put "
              "any item holding a comma, a colon or a quote in double quotes", "yaml.flow-list")


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
    # indentation pasted from a web page or Word: non-breaking spaces look like spaces but are not to YAML
    for i in (n, _previous(lines, n)):
        lead = lines[i][:len(lines[i]) - len(lines[i].lstrip(" \u00a0"))] if i is not None else ""
        if "\u00a0" in lead:
            return at(i, lead.index("\u00a0") + 1, "this line is indented with non-breaking spaces (copied from a web "
                      "page or Word), which YAML does not count as spaces; delete the indentation and type ordinary "
                      "spaces", "yaml.nbsp")
    # a quote opened and never closed, or an apostrophe inside single quotes
    found = _unclosed(lines, n)
    if found:
        i, c, kind = found.split(":")
        if kind == "apostrophe":
            return at(int(i) - 1, int(c), "an apostrophe inside single quotes ends the text early; put the "
                      "text in double quotes instead (\"Japan's army\"), or write the apostrophe twice ('')",
                      "yaml.apostrophe")
        if kind == "inner":
            return at(int(i) - 1, int(c), "a \" inside this text ends it early; put the text in single quotes "
                      "instead ('He said \"no\"'), or write each inner \" as \\\"", "yaml.inner-quote")
        return at(int(i) - 1, int(c), f"the quote {kind} opened here is never closed; end the text with {kind} "
                  "on the same line", "yaml.unclosed-quote")
    flow = _flow(lines, exc, at)
    if flow:
        return flow
    # a missing space after a key's colon: "answer:C"
    for i in (n, _previous(lines, n)):
        if i is not None and (m := NO_SPACE.match(lines[i])) and not m["value"].startswith(":"):
            return at(i, lines[i].index(":") + 2, f"put a space after the colon: '{m['key']}: {m['value']}'",
                      "yaml.colon-space")
    # text with ": " in it, read as a new field: YAML stops at a colon after the field's own
    here = KEY.match(line)
    if "mapping values" in problem and here and mark and mark.line == n and \
            mark.column > len(here["indent"]) + len(here["dash"] or "") + len(here["key"]):
        if here["after"].strip()[:1] in CURLY:
            return at(n, len(here["indent"]) + len(here["dash"] or "") + len(here["key"]) + 3,
                      f"the text of '{here['key']}' is in curly quotes “ ”, which are not quote marks to YAML, and "
                      "contains ': ' (a colon and a space); type straight double quotes around it instead",
                      "text.curly-quotes")
        return at(n, len(here["indent"]) + len(here["dash"] or "") + len(here["key"]) + 3,
                  f"the text of '{here['key']}' contains ': ' (a colon and a space), which YAML reads as a new "
                  f"field; put the whole text in double quotes: {here['key']}: \"…\"", "yaml.colon-in-text")
    layout = _first_item(lines, n, at) or _layout(lines, n, at)
    if layout:
        return layout
    return at(n, col, "this line does not fit the layout of the lines above; check that it lines up with them, "
              "that text containing ': ' or ' #' is in double quotes, and that every quote is closed", "yaml.syntax")


def curly_quoted(value: str, in_list: bool) -> bool:
    """Whether a plain value is wrapped in curly quotes meant as YAML quotes (“B”), or a [“…”] list item
    split at its comma."""
    if not value or value[0] not in CURLY:
        return False
    inner = value[1:-1].strip()
    if value[-1] in CURLY and not any(ch in CURLY for ch in inner) and (
            " " not in inner or len(inner) <= 40 and not inner.endswith((".", "?", "!", "…", ",", ";", ":"))):
        return True  # “B”, “1925”, “9–12”, “Jones, pg. 178”: a quoted sentence is text, and stays
    return in_list and not any(ch in CURLY for ch in value[1:])


def folded_item(lines: list[str], node: yaml.ScalarNode) -> int | None:
    """The line index of a '- ' line that an unquoted text swallowed as more of its words (an item indented
    further than its list), if any."""
    if node.style or node.start_mark.line == node.end_mark.line:
        return None
    for i in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
        if lines[i].lstrip().startswith("- "):
            return i
    return None


def straight_list(line: str) -> str:
    """The [ ] list on a line with the curly quotes around its items made straight: [“a, b”] → ["a, b"]."""
    m = re.search(r"\[.*\]", line)
    if not m:
        return "[\"…\", \"…\"]"
    flow = re.sub(r"[“”„‟]", '"', m.group(0))
    flow = re.sub(r"([\[,]\s*)[‘’]", r'\1"', flow)
    return re.sub(r"[‘’](\s*[,\]])", r'"\1', flow)


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
