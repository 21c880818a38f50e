"""Reads YAML safely into plain data (every scalar a string) with the file:line:col of every key and value."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path, escaped
from lessonpress.yaml_messages import (
    CURLY,
    UTF8_HOW,
    curly_quoted,
    dropped_comment,
    explain,
    folded_item,
    not_utf8,
    straight_list,
)

MAX_BYTES = 2_000_000
MAX_NODES = 100_000  # bounds what aliases may expand to ("billion laughs")
MAX_CHARS = MAX_BYTES  # and the text they expand to: no more than the largest file holds without aliases
MAX_DEPTH = 50  # lists and fields inside each other; a lesson uses about six levels
NULL_TAG = "tag:yaml.org,2002:null"
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}
# libyaml's parser is about 15 times faster; the pure-Python one gives the messages (and is the fallback where
# PyYAML was installed without libyaml)
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


@dataclass
class Sourced:
    """Plain data from one YAML file plus where each value and key came from."""

    file: str
    data: object
    values: dict[Path_, Loc] = field(default_factory=dict)
    keys: dict[Path_, Loc] = field(default_factory=dict)
    scalars: list[tuple[Loc, str]] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    comments: dict[Path_, Loc] = field(default_factory=dict)  # empty values followed by '#…' on their line

    def loc(self, path: Path_, *, key: bool = False) -> Loc:
        """The location of the value at `path` (or of its key), else of its nearest parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if key and p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), Loc(self.file, 1, 1))


_BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Controls (category Cc) but tab and newline, lone surrogates (Cs), and the noncharacters U+FFFE and U+FFFF."""


def bad_char(text: str) -> str | None:
    """The first character that cannot be printed or stored in DOCX (control, noncharacter), if any."""
    found = _BAD_CHAR.search(text)
    return found.group() if found else None


class _Converter:
    def __init__(self, file: str, lines: list[str]):
        self.out = Sourced(file, None)
        self.lines = lines
        self.problems: list[Diagnostic] = []
        self.count = 0
        self.chars = 0
        self.curly: set[int] = set()

    def at(self, node: yaml.Node) -> Loc:
        m = node.start_mark
        return Loc(self.out.file, m.line + 1, m.column + 1)

    def count_chars(self, node: yaml.ScalarNode) -> None:
        """Count the characters of the text the file expands to: an alias repeats its text, and a few aliases
        of one long text would multiply the time and memory of everything after loading."""
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            raise LessonpressError([Diagnostic(
                self.at(node), f"the file expands to more than {MAX_CHARS:,} characters of text (too many "
                "aliases?); lessons are never that large", "yaml.too-large")])

    def _folded(self, node: yaml.ScalarNode, folded: int, path: Path_) -> Diagnostic:
        """Say that a '- ' line became more words of the text above it: an item indented too far, or a list
        under a field that already has text."""
        start = node.start_mark
        at = Loc(self.out.file, folded + 1, len(self.lines[folded]) - len(self.lines[folded].lstrip(" ")) + 1)
        if self.lines[start.line][:start.column].strip() != "-" and path and isinstance(path[-1], str):
            return Diagnostic(at, f"'{path[-1]}' on line {start.line + 1} has text after its colon, so this line "
                              "would print as more of that text; leave nothing after "
                              f"'{path[-1]}:' and start every item with '- '", "yaml.list-after-text")
        return Diagnostic(at, f"this line starts with '- ' but is indented further than line {start.line + 1}, so "
                          "it would print as more of the text there; line it up with the other items of its list "
                          "(or, if the dash belongs to the text, put the whole text in double quotes)", "yaml.indent")

    def convert(self, node: yaml.Node, path: Path_, active: frozenset[int], in_list: bool = False) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise LessonpressError([Diagnostic(
                self.at(node), f"the file expands to more than {MAX_NODES:,} values "
                "(too many aliases?); lessons are never that large", "yaml.too-large")])
        if id(node) in active:
            raise LessonpressError([Diagnostic(
                self.at(node), "an alias refers to itself; remove the '*' reference", "yaml.recursive")])
        loc = self.out.values[path] = self.at(node)
        if node.tag not in PLAIN_TAGS:
            self.problems.append(Diagnostic(
                loc, f"the tag '{node.tag}' is not allowed; lessons hold only plain text, "
                "lists and fields", "yaml.tag"))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == NULL_TAG:
                m = node.start_mark
                rest = self.lines[m.line][m.column:] if m.line < len(self.lines) else ""
                if rest.lstrip().startswith("#") and not node.value:
                    col = m.column + len(rest) - len(rest.lstrip()) + 1
                    self.out.comments[path] = Loc(self.out.file, m.line + 1, col)
                return None
            self.count_chars(node)
            ch = bad_char(node.value)
            if ch is not None:
                self.problems.append(Diagnostic(
                    self.at(node), f"control character U+{ord(ch):04X} is not allowed in text; "
                    "delete it (it often comes from copying out of a PDF)", "text.control-character"))
            if not node.style and curly_quoted(node.value, in_list) and node.start_mark.line not in self.curly:
                self.curly.add(node.start_mark.line)  # one message for a line, however many items it holds
                example = straight_list(self.lines[node.start_mark.line]) if in_list else \
                    f"\"{node.value.strip(CURLY)}\""
                marks = "‘ ’" if node.value.lstrip()[:1] in "‘’‚‛" else "“ ”"  # the pair the teacher typed
                self.problems.append(Diagnostic(
                    self.at(node), f"curly quotes {marks} are not quote marks to YAML (a word processor may have "
                    f"changed them); type straight quotes instead: {escaped(example)[1:-1]}", "text.curly-quotes"))
            folded = folded_item(self.lines, node)
            if folded is not None:
                self.problems.append(self._folded(node, folded, path))
            dropped = dropped_comment(self.lines, node)
            if dropped is not None:
                self.out.warnings.append(Diagnostic(
                    Loc(self.out.file, node.end_mark.line + 1, node.end_mark.column + 2),
                    f"the words after ' #' are dropped as a comment: {escaped(dropped)}; to keep them, put the "
                    "whole text in double quotes", "text.comment-dropped", "warning"))
            self.out.scalars.append((loc, node.value))
            return node.value
        inner = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,), inner, bool(node.flow_style)) for i, item in enumerate(node.value)]
        result: dict[str, object] = {}
        repeated = False
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL_TAG:
                self.problems.append(Diagnostic(
                    self.at(key_node), "a key must be a plain name such as 'title'", "yaml.bad-key"))
                continue
            key = key_node.value
            if key == "<<":
                self.problems.append(Diagnostic(
                    self.at(key_node), "merge keys ('<<') are not supported; write the fields out",
                    "yaml.merge-key"))
                continue
            if key in result:
                first = self.out.keys[path + (key,)]
                if path and isinstance(path[-1], int):  # in a list item: most often a new item missing its "- "
                    if not repeated:
                        self.problems.append(Diagnostic(
                            self.at(key_node), f"'{key}' is given twice in the same list item (first at line "
                            f"{first.line}); if a new item starts here, put '- ' before '{key}'",
                            "yaml.missing-dash"))
                    repeated = True
                    continue
                self.problems.append(Diagnostic(
                    self.at(key_node), f"duplicate key '{key}' (first given at line {first.line}); "
                    "the second would silently replace the first", "yaml.duplicate-key"))
                continue
            self.out.keys[path + (key,)] = self.at(key_node)
            result[key] = self.convert(value_node, path + (key,), inner)
        return result


def _compose(text: str, loader_class: type, name: str) -> yaml.Node | None:
    """The file's node tree, after checking how deep it nests: PyYAML builds the tree recursively, and
    a file nested thousands deep would crash it (libyaml) or exhaust Python's stack."""
    loader = loader_class(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    raise LessonpressError([Diagnostic(
                        Loc(name, m.line + 1, m.column + 1), f"lists and fields are nested more than {MAX_DEPTH} "
                        "deep here; a lesson needs only a few levels (check the brackets and indentation)",
                        "yaml.too-deep")])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, read only if it is an ordinary file (not a device such as /dev/zero, nor a pipe, which
    never end) and only up to MAX_BYTES, so nothing can fill the memory or wait forever."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise LessonpressError([Diagnostic(Loc(name), "is not an ordinary file (a device or a pipe?); give a "
                                               "file saved from a text editor", "file.not-a-file")])
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LessonpressError([Diagnostic(Loc(name), f"cannot read the file: {exc.strerror or exc}",
                                           "file.unreadable")]) from None
    if len(raw) > MAX_BYTES:
        raise LessonpressError([Diagnostic(Loc(name), f"the file is over {MAX_BYTES:,} bytes, more than any "
                                           "lesson or roster needs", "file.too-large")])
    return raw


def load_yaml(path: Path) -> Sourced:
    """Parse one YAML file without constructing any Python object; raise LessonpressError on problems."""
    name = display_path(path)
    raw = read_bounded(path, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = not_utf8(raw, exc.start)
        raise LessonpressError([Diagnostic(
            Loc(name, line, col), f"this character is not saved as UTF-8 text, which lessons must be; {UTF8_HOW}",
            "file.encoding")]) from None
    ch = bad_char(text.replace("\r", ""))
    if ch is not None:  # PyYAML would refuse it with a position in characters; say line and column
        at = text.index(ch)
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise LessonpressError([Diagnostic(
            Loc(name, line, col), f"control character U+{ord(ch):04X} is not allowed in text; "
            "delete it (it often comes from copying out of a PDF)", "text.control-character")])
    conv = _Converter(name, text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    try:
        if "\t" in text:  # libyaml allows tabs in places the pure-Python parser does not: judge them alike
            node = _compose(text, yaml.SafeLoader, name)
        else:
            try:
                node = _compose(text, FAST_LOADER, name)
            except yaml.YAMLError:
                node = _compose(text, yaml.SafeLoader, name)  # raises again, in the pure-Python parser's words
    except yaml.MarkedYAMLError as exc:
        raise LessonpressError([explain(text, exc, name)]) from None
    except yaml.YAMLError as exc:
        raise LessonpressError([Diagnostic(Loc(name), f"YAML syntax: {exc}", "yaml.syntax")]) from None
    if node is None:
        raise LessonpressError([Diagnostic(Loc(name, 1, 1), "the file is empty", "yaml.empty")]) from None
    conv.out.data = conv.convert(node, (), frozenset())
    if conv.problems:
        raise LessonpressError(conv.problems) from None
    return conv.out
