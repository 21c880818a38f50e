"""What the quiz writers (Canvas, Moodle, GIFT, Blackboard, Google Forms) share: HTML text, points, warnings."""

from __future__ import annotations

import hashlib
import html
import xml.etree.ElementTree as ET
from fractions import Fraction

from lessonpress import quiz_model as qm
from lessonpress.errors import Diagnostic, Loc

NAME_LIMIT = 250
"""Characters a platform's name field holds, with room to spare (Canvas titles and Moodle categories: 255)."""


def short_name(text: str, limit: int = NAME_LIMIT) -> str:
    """A name cut at a word to fit a platform's name field, ending in "…" (a lesson's title may be any length)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut) + "…"


def html_context(q: qm.Item) -> str:
    """A question's context (a guiding question's document) as a block quotation before its prompt; most have none."""
    return f"<blockquote>{html_paras(q.context)}</blockquote>" if q.context else ""


def html_text(text: str) -> str:
    """Lesson text as HTML element text: every `<` and `&` shown literally, line breaks kept."""
    for sep in ("\r\n", "\u2028", "\u2029"):  # Unicode's line and paragraph separators break lines too
        text = text.replace(sep, "\n")
    return html.escape(text, quote=False).replace("\n", "<br>")


def html_paras(lines: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<p>{html_text(line)}</p>" for line in lines)


def number(value: Fraction | int | float) -> str:
    """A number as platforms read it: "2", "0.5", "0.3333333" (never "1/3", never locale commas)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.7f}".rstrip("0")


def whole(shares: tuple[Fraction, ...]) -> bool:
    return all(s.denominator == 1 for s in shares)


def digest(*parts: str) -> str:
    """A short stable hash, for identifiers that must be the same in every build."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def warn(q: qm.Item, fmt: str, code: str, message: str, whole_file: bool = False) -> Diagnostic:
    """One warning about a question a format cannot hold as printed, pointing at it in the lesson file (or
    at the file alone, for what concerns every question)."""
    loc = q.loc or Loc(q.ident)
    return Diagnostic(Loc(loc.path) if whole_file else loc, message, f"quiz.{fmt}.{code}", "warning")


def xml_bytes(root: ET.Element) -> bytes:
    """An element tree as UTF-8 XML with a declaration, indented, the same bytes every time."""
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8") + b"\n"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element with optional text and attributes (in the order given)."""
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def essay_warning(q: qm.Written, fmt: str, platform: str, where: str) -> Diagnostic:
    return warn(q, fmt, "rubric", f"{platform} imports no structured rubric: this question's rubric is "
                f"in {where} as text; build the rubric in {platform} to mark with it")
