"""The HTML writer: one self-contained, accessible web page per Document, from the Jinja2 template html.j2."""

from __future__ import annotations

import base64
import itertools
import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from lessonpress import model as m
from lessonpress.writers.style_data import profile_values

HERE = Path(__file__).parent
# characters a web page may not hold (C0 and C1 controls but tab and newline, lone surrogates, non-characters)
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
FONTS = {  # font stacks: the PDF's faces where the reader has them, then look-alikes every system has
    "DejaVuSerif": '"DejaVu Serif", Georgia, "Times New Roman", serif',
    "DejaVuSans": '"DejaVu Sans", Verdana, Arial, sans-serif',
    "AtkinsonHyperlegible": '"Atkinson Hyperlegible", Verdana, Tahoma, sans-serif',
}


def text(value: str) -> Markup:
    """Text from a lesson, escaped, with characters no web page may hold shown as U+FFFD."""
    return escape(_INVALID.sub("\ufffd", value))


def inlines(content: m.Inlines, blank: str = "blank {n}", fields: bool = False) -> Markup:
    """Inline nodes as HTML; every string escaped. Each write-in blank is read aloud as `blank` with its number
    in this run of text ("blank 1", "blank 2"; a lone one as "blank"), as the PDF's tags say it.

    With `fields` (a header line: Name ___ Date ___), each label is kept with its blank, as the PDF sets as many
    fields a line as fit: a line breaks between fields, and inside one only where it is wider than the line."""
    count, of = itertools.count(1), _blanks(content)

    def run(nodes: m.Inlines) -> Markup:
        out = []
        for node in nodes:
            if isinstance(node, m.Text):
                out.append(text(node.text))
            elif isinstance(node, m.Strong):
                out.append(Markup("<strong>%s</strong>") % run(node.children))
            elif isinstance(node, m.Emph):
                out.append(Markup("<em>%s</em>") % run(node.children))
            elif isinstance(node, m.Blank):
                # as wide as the PDF's underscores (half an em each; a "ch" is the wider digit zero)
                out.append(Markup('<span class="blank" style="width:%gem"><span class="sr">%s</span></span>')
                           % (node.width / 2, text(m.blank_said(blank, next(count), of))))
            elif isinstance(node, m.Cite):
                out.append(Markup('<cite>%s</cite>') % text(node.text))
            else:
                raise TypeError(f"html writer: unknown inline node {type(node).__name__}")
        return Markup("").join(out)

    if not fields:
        return run(content)
    out, field = [], []
    for node in content:
        if not field and isinstance(node, m.Text) and node.text[:1].isspace():  # the space between two fields
            out.append(Markup(" "))
            node = m.Text(node.text.lstrip())
        field.append(node)
        if isinstance(node, m.Blank):
            before, field = _label(field)
            out.append(run(before) + Markup('<span class="field">%s</span>') % run(field))
            field = []
    return Markup("").join(out) + run(tuple(field))


_SENTENCE_END = re.compile(r"[.!?;:]\s+")


def _label(field: list) -> tuple[tuple, tuple]:
    """A header field's nodes (its text, then its blank) split into the text before its label and the label with
    its blank: the label starts after the last sentence before it ("Write your name, then begin. Name ___"), so
    that a long line wraps while "Name" or "Nombre completo" stays with its blank."""
    for i in range(len(field) - 2, -1, -1):
        node = field[i]
        # a sentence's end with more of the label after it (in this text or the nodes that follow, as in
        # "begin. <b>Name</b> ___"); "Name: ___" ends its text, so its colon is the label's own
        ends = [e for e in _SENTENCE_END.finditer(node.text) if e.end() < len(node.text) or i < len(field) - 2] \
            if isinstance(node, m.Text) else []
        if ends:
            cut = ends[-1].end()
            return (*field[:i], m.Text(node.text[:cut])), (m.Text(node.text[cut:]), *field[i + 1:])
    return (), tuple(field)


def _blanks(content: m.Inlines) -> int:
    """How many write-in blanks a run of text holds, inside bold and italics too."""
    return sum(1 if isinstance(node, m.Blank) else _blanks(getattr(node, "children", ())) for node in content)


@jinja2.pass_context
def _inlines(context, content: m.Inlines) -> Markup:
    """The template's `inlines` filter: blanks read aloud in the document's own words."""
    return inlines(content, context["doc"].blank_label)


@jinja2.pass_context
def _fields(context, content: m.Inlines) -> Markup:
    """The template's `fields` filter: a header line's labels, each with its blank (see `inlines`)."""
    return inlines(content, context["doc"].blank_label, fields=True)


def kind(node: object) -> str:
    """The node's class name, for the template's dispatch; unknown blocks raise."""
    name = type(node).__name__
    if name not in {"Heading", "Para", "ItemList", "Choices", "AnswerSpace", "Table", "Box", "Question", "Answer",
                    "KeepTogether", "Figure", "PageBreak"}:
        raise TypeError(f"html writer: unknown block {name}")
    return name


def around(label: str) -> tuple[str, str]:
    """The words a screen reader hears before and after a number, from a label such as "Paragraph {n}"."""
    before, _, after = label.partition("{n}")
    return before, after


def points(value: int, label: str = "") -> str:
    """The points after a prompt or answer, as the PDF prints them."""
    return label or f"({value})"


def data_uri(figure: m.Figure) -> Markup:
    """A figure's picture inside the page as a data: address, so the web page stays one self-contained file."""
    if figure.mime not in ("image/png", "image/jpeg"):
        raise TypeError(f"html writer: a figure's picture must be PNG or JPEG, got {figure.mime}")
    return Markup(f"data:{figure.mime};base64,{base64.b64encode(figure.image).decode('ascii')}")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(inlines=_inlines, fields=_fields, text=text, points=points, data_uri=data_uri)
    env.globals.update(kind=kind, plain=m.plain, around=around)
    return env.get_template("html.j2")


class HtmlWriter:
    name = "html"
    suffix = ".html"

    def __init__(self, profile: str = "standard", reference=None):
        self.profile = profile
        v = profile_values(profile)
        # our own CSS, not text from a lesson: not escaped (quotes in a font stack are CSS)
        self.style = {"serif": Markup(FONTS.get(v["fonts"]["serif"], "serif")),
                      "sans": Markup(FONTS.get(v["fonts"]["sans"], "sans-serif")),
                      "size": v["body"], "min": v["min_size"], "leading": v["line_height"],
                      "space": v["paragraph_space"], "line": v["answer_line"], "grey": round(v["grey"] * 255),
                      "shade": round(v["shade"] * 255)}
        self.css = (HERE / "html.css").read_text(encoding="utf-8")
        self.stacked = bool(v["min_size"])  # large print: a matching question's two lists one under the other

    def write(self, doc: m.Document) -> bytes:
        page = _template().render(doc=doc, style=self.style, css=Markup(self.css), profile=self.profile,
                                  stacked=self.stacked)
        return page.encode("utf-8")
