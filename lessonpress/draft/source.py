"""Reads a plain-text, Markdown or Word source into sections of verbatim paragraphs, notes and works cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lessonpress.errors import Diagnostic, LessonpressError, Loc, display_path

MAX_BYTES = 5_000_000
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
BIBLIOGRAPHY = re.compile(r"^(works cited|bibliography|references|sources|works consulted)$", re.I)
NOTES = re.compile(r"^(notes|endnotes|footnotes)$", re.I)
MINOR = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
         "with", "over", "vs", "vs."}
NUMBERED = re.compile(r"^(?:\d{1,2}|[IVXLC]{1,6})[.)]?\s+(?=[A-Z])")
PARAGRAPHS = 8  # a source without headings is cut into lessons of about this many paragraphs
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@dataclass
class Section:
    """One heading of the source and the paragraphs under it, word for word."""

    title: str
    line: int
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Source:
    """What a source holds: its title, opening paragraphs, sections, notes and works cited."""

    path: Path
    title: str
    titled_by_name: bool = False  # no title in the text: it was made from the file name
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # footnote marker as printed -> note text
    works_cited: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # headings with no text under them


def _clean(text: str) -> str:
    text = CONTROL.sub("", text.replace("\t", " ").replace("\u00a0", " "))
    return re.sub(r" {2,}", " ", text).strip()


def _title_like(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 10 or len(line) > 80 or re.search(r"[.!?;,\"”]$|\.\s|,", line):
        return False
    caps = [w for w in words if w[0].isupper() or w[0].isdigit()]
    return words[0][0].isupper() and (words[-1][0].isupper() or words[-1][0].isdigit()) and all(
        w in caps or w.lower() in MINOR for w in words)


def heading_text(line: str) -> str | None:
    """The heading a plain-text line is, or None: "Tensions and Treaties:", "2. The War", "The Second World War"."""
    line = line.strip()
    if line.endswith(":") and ": " not in line[:-1] and not re.search(r"[.!?]\s", line):
        inner = line[:-1].strip()
        return inner if inner and len(inner) <= 80 and len(inner.split()) <= 10 else None
    numbered = NUMBERED.sub("", line)
    if numbered != line and _title_like(numbered):
        return numbered
    return line if _title_like(line) else None


def _text_blocks(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) for a plain-text file: blank lines part paragraphs where the file uses them;
    otherwise each line is one, joined with the next while it stops mid-sentence (a hard-wrapped paragraph)."""
    lines = text.split("\n")
    blocks: list[tuple[str, str, int]] = []
    spaced = sum(1 for ln in lines if not ln.strip()) >= max(2, len([ln for ln in lines if ln.strip()]) // 4)
    buf: list[str] = []
    start = 0

    def flush() -> None:
        if buf:
            blocks.append(("para", _clean(" ".join(buf)), start))
            buf.clear()

    for i, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            flush()
            continue
        head = heading_text(line) if not buf else None
        if head is not None and not buf:
            blocks.append(("heading", _clean(head), i))
            continue
        if not buf:
            start = i
        buf.append(line)
        if not spaced and re.search(r"[.!?:\"”’)]$", line):
            flush()
    flush()
    return blocks


FOOTREF = re.compile(r"\[\^([^\]\s]+)\]")


def _markdown_blocks(text: str) -> tuple[list[tuple[str, str, int]], dict[str, str]]:
    """Blocks of a Markdown file (ATX headings, paragraphs) and its footnotes ([^1]: …), marks stripped."""
    notes: dict[str, str] = {}
    order: dict[str, str] = {}
    kept: list[str] = []
    for line in text.split("\n"):
        m = re.match(r"^\[\^([^\]\s]+)\]:\s*(.*)$", line.strip())
        if m:
            notes[m[1]] = _inline_md(m[2])
            kept.append("")
        else:
            kept.append(line)
    blocks: list[tuple[str, str, int]] = []
    buf: list[str] = []
    start = 0

    def flush() -> None:
        if buf:
            blocks.append(("para", _inline_md(" ".join(buf)), start))
            buf.clear()

    for i, raw in enumerate(kept, 1):
        line = raw.strip()
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        if m or not line or re.match(r"^(-{3,}|\*{3,}|_{3,})$", line):
            flush()
            if m:
                blocks.append(("heading", _inline_md(m[2]).rstrip(":"), i))
            continue
        if not buf:
            start = i
        buf.append(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line) if not buf else line)
    flush()

    def marker(m: re.Match) -> str:
        key = m[1]
        order.setdefault(key, str(len(order) + 1).translate(SUPERSCRIPTS))
        return order[key]

    blocks = [(k, FOOTREF.sub(marker, t) if k == "para" else t, ln) for k, t, ln in blocks]
    return blocks, {order[k]: v for k, v in notes.items() if k in order}


def _inline_md(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return _clean(text.replace("\\", ""))


def _docx_blocks(path: Path) -> tuple[list[tuple[str, str, int]], dict[str, str], str | None]:
    """Blocks of a Word document (Heading and Title styles; footnote references as ¹ ² …), its footnotes,
    and its Title-style paragraph."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    notes_xml: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(qn("w:footnote")):
                if note.get(qn("w:type")) in (None, "normal"):
                    notes_xml[note.get(qn("w:id"))] = _clean("".join(t.text or "" for t in note.iter(qn("w:t"))))
    blocks: list[tuple[str, str, int]] = []
    notes: dict[str, str] = {}
    title = None
    for n, para in enumerate(_paragraphs(document), 1):
        parts: list[str] = []
        for el in para._p.iter(qn("w:t"), qn("w:footnoteReference"), qn("w:tab"), qn("w:br")):
            if el.tag == qn("w:t"):
                parts.append(el.text or "")
            elif el.tag == qn("w:footnoteReference"):
                mark = str(len(notes) + 1).translate(SUPERSCRIPTS)
                notes[mark] = notes_xml.get(el.get(qn("w:id")), "")
                parts.append(mark)
            else:
                parts.append(" ")
        text = _clean("".join(parts))
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        if style == "Title":
            title = title or text
        elif style.startswith("Heading") or (heading_text(text) is not None and text.endswith(":")):
            blocks.append(("heading", text.rstrip(":").strip(), n))
        else:
            blocks.append(("para", text, n))
    return blocks, notes, title


def _paragraphs(document) -> list:
    """A Word document's paragraphs in reading order, those inside content controls too (Word's templates and
    forms put text in them, as lessonpress's own answer spaces): python-docx's `paragraphs` skips them."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    def walk(element):
        for child in element:
            if child.tag == qn("w:p"):
                yield Paragraph(child, document)
            elif child.tag == qn("w:sdt") and child.find(qn("w:sdtContent")) is not None:
                yield from walk(child.find(qn("w:sdtContent")))

    return list(walk(document.element.body))


def read_source(path: Path) -> Source:
    """Read a .txt, .md or .docx file into a Source; LessonpressError (located, plain) if it cannot be read."""
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".text", ".md", ".markdown", ".docx"):
        raise LessonpressError([Diagnostic(Loc(name), "lessonpress new reads plain text (.txt), Markdown (.md) or "
                                           "Word (.docx) files; save the source as one of these",
                                           "new.source-kind")])
    if not path.is_file():
        raise LessonpressError([Diagnostic(Loc(name), "no such file", "file.missing")])
    if path.stat().st_size > MAX_BYTES:
        raise LessonpressError([Diagnostic(Loc(name), f"the file is over {MAX_BYTES:,} bytes; split it into "
                                           "chapters and draft each one", "file.too-large")])
    notes: dict[str, str] = {}
    title = None
    if suffix == ".docx":
        try:
            blocks, notes, title = _docx_blocks(path)
        except Exception:  # python-docx raises several kinds for a file that is not a Word document
            raise LessonpressError([Diagnostic(Loc(name), "is not a Word (.docx) document that can be read; "
                                               "save it from Word as 'Word Document (.docx)'",
                                               "new.source-unreadable")]) from None
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # Notepad's old default; we only read it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if suffix in (".md", ".markdown"):
            blocks, notes = _markdown_blocks(text)
        else:
            blocks = _text_blocks(text)
    return _sections(path, blocks, notes, title)


def _sections(path: Path, blocks: list[tuple[str, str, int]], notes: dict[str, str], title: str | None) -> Source:
    src = Source(path, title or "")
    current: Section | None = None
    target = "body"
    for kind, text, line in blocks:
        if kind == "heading":
            text = NUMBERED.sub("", text) or text  # "2. The War" → "The War"
            if BIBLIOGRAPHY.match(text):
                target = "works"
                continue
            if NOTES.match(text):
                target = "notes"
                continue
            if target == "works" and src.works_cited:
                src.skipped.append(text)  # what follows a works cited (a blog's "No comments") is not a section
                continue
            if not src.title and not src.sections and not src.intro and current is None and kind == "heading" \
                    and line == blocks[0][2] and path.suffix.lower() in (".md", ".markdown", ".docx"):
                src.title = text  # a document's first heading, before any text, is its title
                continue
            target = "body"
            current = Section(text, line)
            src.sections.append(current)
        elif target == "works":
            src.works_cited.append(text)
        elif target == "notes":
            m = re.match(r"^(\d{1,3})[.)]?\s+(.*)$", text)
            if m:
                notes[m[1].translate(SUPERSCRIPTS)] = m[2]
        elif current is None:
            src.intro.append(text)
        else:
            current.paragraphs.append(text)
    src.skipped.extend(s.title for s in src.sections if not s.paragraphs)
    src.sections = [s for s in src.sections if s.paragraphs]
    src.notes = notes
    if not src.title:
        src.title = path.stem.replace("-", " ").replace("_", " ").strip().title() or "Lessons"
        src.titled_by_name = True
    if not src.sections and src.intro:  # no headings: one lesson, or several of about PARAGRAPHS each
        chunks = [src.intro[i:i + PARAGRAPHS] for i in range(0, len(src.intro), PARAGRAPHS)]
        if len(chunks) > 1 and len(chunks[-1]) < PARAGRAPHS // 2:
            chunks[-2:] = [chunks[-2] + chunks[-1]]
        src.sections = [Section(src.title if len(chunks) == 1 else f"{src.title}, part {i}", 0, c)
                        for i, c in enumerate(chunks, 1)]
        src.intro = []
    return src
