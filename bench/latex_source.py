"""The LaTeX and pandoc-Markdown sources a teacher using TeX would keep, written from lessonpress's own Documents,
so that the LaTeX baseline (bench/latex_baseline.py) typesets the same words lessonpress prints.

Worksheets and answer keys use the `exam` class (questions, checkboxes, \\fillin, \\fillwithlines, points, a
"Page N of M" footer from \\numpages, the key with `answers` and `solution`); handouts, lesson plans and the packets
use `article` with fancyhdr, lastpage and longtable; the packets merge the PDFs with pdfpages. Text is data: every
character is escaped for pdflatex (T1/TS1 fonts, UTF-8 input), and a character pdflatex cannot set with them is
refused by name (such a lesson needs lualatex or xelatex with a Unicode font).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lessonpress import model as m

LINE_GAP_TEX = "0.34375in"  # DESIGN.md's wide-ruled handwriting lines, 11/32 in apart
SMALL = r"\sffamily\footnotesize "
NUMPAGES = r"\numpages"


class Unsupported(ValueError):
    """A character pdflatex cannot set with the T1/TS1 fonts."""


# Characters -----------------------------------------------------------------------------------------------------

ASCII = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
         "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
         ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}", "`": r"\textasciigrave{}",
         "\u00a0": "~"}
ACCENTS = {"0300": "`", "0301": "'", "0302": "^", "0303": "~", "0304": "=", "0306": "u", "0307": ".", "0308": '"',
           "030A": "r", "030B": "H", "030C": "v", "0323": "d", "0327": "c", "0328": "k"}


@cache
def inputenc_characters() -> frozenset[str]:
    """The characters LaTeX's UTF-8 input maps for the T1 and TS1 encodings and by default (read from its .dfu
    files; a small built-in set where kpsewhich cannot find them)."""
    found: set[str] = set()
    for name in ("utf8.def", "t1enc.dfu", "ts1enc.dfu"):
        try:
            path = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            path = ""
        if path:
            found |= {chr(int(code, 16)) for code in
                      re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-F]{4,6})\}", Path(path).read_text("latin-1"))}
    return frozenset(found or "\u00b6\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2192\u00e9\u00fc")


def tex(text: str) -> str:
    """Text as pdflatex sets it: specials escaped, "--" kept as two hyphens, a character outside the fonts either
    spelt with TeX accents or fraction marks, or refused."""
    out = []
    known = inputenc_characters()
    for i, ch in enumerate(text):
        if ch in ASCII:
            out.append(ASCII[ch])
        elif ch == "-":
            out.append("-{}" if text[i + 1:i + 2] == "-" else "-")
        elif ch in "\n\t\r":
            out.append(" ")
        elif ch < " " or "\x7f" <= ch < "\xa0":
            continue  # control characters print nothing
        elif ch < "\x7f" or ch in known:
            out.append(ch)
        else:
            out.append(_spelt(ch))
    return "".join(out)


def _spelt(ch: str) -> str:
    parts = unicodedata.decomposition(ch).split()
    if parts[:1] == ["<fraction>"] and len(parts) == 4:
        num, den = chr(int(parts[1], 16)), chr(int(parts[3], 16))
        return rf"\textsuperscript{{{num}}}\kern-.05em/\kern-.05em\textsubscript{{{den}}}"
    if len(parts) == 2 and parts[1] in ACCENTS and chr(int(parts[0], 16)).isascii():
        base = chr(int(parts[0], 16))
        return "\\" + ACCENTS[parts[1]] + "{" + ("\\i" if base == "i" else base) + "}"
    raise Unsupported(f"character U+{ord(ch):04X} ({unicodedata.name(ch, '?')}) cannot be set by pdflatex with "
                      "T1/TS1 fonts: this lesson needs lualatex or xelatex with a Unicode font")


def _inlines(content: m.Inlines, text: Callable[[m.Text | m.Cite], str], strong: str, emph: str,
             blank: Callable[[m.Blank], str]) -> str:
    """Inline nodes in a markup language: `text` escapes a run of text, `strong` and `emph` wrap what they hold
    (at their "%s"), `blank` draws a write-in line."""
    out = []
    for node in content:
        if isinstance(node, (m.Text, m.Cite)):
            out.append(text(node))
        elif isinstance(node, (m.Strong, m.Emph)):
            inner = _inlines(node.children, text, strong, emph, blank)
            out.append((strong if isinstance(node, m.Strong) else emph) % inner)
        elif isinstance(node, m.Blank):
            out.append(blank(node))
        else:
            raise TypeError(f"unknown inline node {type(node).__name__}")
    return "".join(out)


def inlines(content: m.Inlines, blank: Callable[[m.Blank], str], refs: dict[str, str] | None = None) -> str:
    def text(node) -> str:
        if isinstance(node, m.Text) and refs and node.text in refs:
            return refs[node.text]
        return tex(node.text)

    return _inlines(content, text, r"\textbf{%s}", r"\emph{%s}", blank)


# LaTeX ----------------------------------------------------------------------------------------------------------

PREAMBLE = r"""\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage{mathptmx}
\usepackage[scaled=0.92]{helvet}
\usepackage[%(paper)spaper, left=1in, right=0.75in, top=1.1in, bottom=1in, headsep=0.2in, footskip=0.35in]{geometry}
\linespread{1.07}
\usepackage{array, tabularx, longtable, needspace, framed}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\renewcommand{\arraystretch}{1.25}
\newcolumntype{Y}{>{\raggedright\arraybackslash}X}
\newcommand{\subtitle}[1]{{\sffamily\small #1\par}}
"""

class Latex:
    """One Document as a LaTeX source: `exam` for worksheets and keys, `article` for the rest."""

    def __init__(self, doc: m.Document, refs: dict[str, str] | None = None):
        self.doc = doc
        self.exam = doc.kind in ("worksheet", "answer-key")
        self.refs = refs or {}

    def blank(self, node: m.Blank) -> str:
        width = f"{node.width * 0.55:.2f}em"
        return rf"\fillin[][{width}]" if self.exam else rf"\rule{{{width}}}{{0.4pt}}"

    def text(self, content: m.Inlines) -> str:
        return inlines(content, self.blank, self.refs)

    def page_label(self, total: str) -> str:
        marker_n, marker_t = "ZZPAGEZZ", "ZZTOTALZZ"
        label = tex(self.doc.page_label.replace("{n}", marker_n).replace("{total}", marker_t))
        return label.replace(marker_n, r"\thepage{}").replace(marker_t, total)

    def source(self, after: str = "") -> str:
        d = self.doc
        head = f"{d.title} · {d.kind_label}" + (f" · {d.form_label}" if d.form_label else "")
        left, right = SMALL + tex(head), SMALL + tex(d.course_title)
        if self.exam:
            cls = r"\documentclass[12pt%s]{exam}" % (",answers" if d.kind == "answer-key" else "")
            page = "\n".join([
                r"\pagestyle{headandfoot}\headrule\footrule",
                rf"\header{{{left}}}{{}}{{{right}}}",
                rf"\footer{{{SMALL}{tex(d.footer)}}}{{}}{{{SMALL}\bfseries {self.page_label(NUMPAGES)}}}",
                r"\pointpoints{point}{points}\bracketedpoints",
                r"\checkboxchar{$\bigcirc$}\checkedchar{$\bullet$}",
                rf"\setlength\linefillheight{{{LINE_GAP_TEX}}}",
                r"\renewcommand{\solutiontitle}{}"])
        else:
            cls = r"\documentclass[12pt]{article}"
            page = "\n".join([
                r"\usepackage{fancyhdr, lastpage}\pagestyle{fancy}\fancyhf{}\renewcommand{\footrulewidth}{0.4pt}",
                rf"\lhead{{{left}}}\rhead{{{right}}}",
                rf"\lfoot{{{SMALL}{tex(d.footer)}}}\rfoot{{{SMALL}\bfseries {self.page_label(self.last_page)}}}"])
        body = "\n".join(self.blocks(d.header + d.blocks))
        return (f"{cls}\n{PREAMBLE % {'paper': d.paper}}{page}\n{self.extra_preamble}"
                f"\\begin{{document}}\n{body}\n{after}\\end{{document}}\n")

    last_page = r"\pageref*{LastPage}"
    extra_preamble = ""

    def blocks(self, blocks) -> list[str]:
        out: list[str] = []
        in_questions = False
        for b in blocks:
            asks = isinstance(b, (m.Question, m.Answer)) or (
                isinstance(b, m.KeepTogether) and any(isinstance(x, (m.Question, m.Answer)) for x in b.blocks))
            if self.exam and asks and not in_questions:
                out.append(r"\begin{questions}")
                in_questions = True
            out.append(self.block(b, in_questions))
        if in_questions:
            out.append(r"\end{questions}")
        return out

    def block(self, b, in_questions: bool = False) -> str:
        if isinstance(b, m.Heading):
            size = {1: r"\LARGE", 2: r"\large", 3: r"\normalsize"}.get(b.level, r"\normalsize")
            text = rf"\needspace{{5\baselineskip}}{{\sffamily\bfseries{size} {self.text(b.content)}\par}}"
            if b.level == 1:
                text = rf"{{\sffamily\bfseries{size} {self.text(b.content)}\par}}"
            return rf"\fullwidth{{\vspace{{6pt}}{text}}}" if in_questions else rf"\vspace{{6pt}}{text}"
        if isinstance(b, m.Para):
            text = self.text(b.content)
            if b.role == "subtitle":
                text = rf"\subtitle{{{text}}}"
            elif b.role in ("instructions", "note"):
                text = rf"\emph{{{text}}}"
            elif b.role == "total":
                text = rf"\textbf{{{text}}}"
            elif b.role == "hanging":
                text = rf"\hangindent=1.5em {text}"
            if b.number is not None:
                text = rf"\noindent\llap{{\sffamily\small\bfseries {b.number}\hspace{{0.8em}}}}{text}"
            return rf"\fullwidth{{{text}}}" if in_questions else f"{text}\n"
        if isinstance(b, m.ItemList):
            env = "enumerate" if b.ordered else "itemize"
            items = "\n".join(rf"\item {self.text(i)}" for i in b.items)
            return f"\\begin{{{env}}}\n{items}\n\\end{{{env}}}"
        if isinstance(b, m.Choices):
            env = "oneparcheckboxes" if b.inline else "checkboxes"
            opts = "\n".join(rf"\choice {tex(label)}. {self.text(text)}" if not b.inline else
                             rf"\choice {self.text(text)}" for label, text in b.options)
            return f"\\begin{{{env}}}\n{opts}\n\\end{{{env}}}"
        if isinstance(b, m.AnswerSpace):
            lines = rf"\fillwithlines{{{b.lines}\linefillheight}}"
            return rf"\par\nobreak{lines}" if b.continued else rf"\par\nobreak\vbox{{{lines}}}"
        if isinstance(b, m.Table):
            return self.table(b)
        if isinstance(b, m.Box):
            title = rf"{{\sffamily\bfseries {tex(b.title)}}}\par" if b.title else ""
            inner = "\n".join(self.block(x) for x in b.blocks)
            return f"\\begin{{framed}}\n{title}\n{inner}\n\\end{{framed}}"
        if isinstance(b, m.Question):
            body = "\n".join(self.block(x) for x in b.body)
            return f"{keep(b)}\\question[{b.points}] {self.text(b.prompt)}\n{body}"
        if isinstance(b, m.Answer):
            body = "\n".join(self.block(x) for x in b.content)
            return (f"\\question[{b.points}] {self.text(b.headline)}\n"
                    + (f"\\begin{{solution}}\n{body}\n\\end{{solution}}" if body else ""))
        if isinstance(b, m.KeepTogether):
            return keep(b) + "\n".join(self.block(x, in_questions) for x in b.blocks)
        if isinstance(b, m.PageBreak):
            return r"\newpage"
        raise TypeError(f"unknown block node {type(b).__name__}")

    def table(self, t: m.Table) -> str:
        cols = len(t.header or t.rows[0])
        widths = t.widths or tuple(1 / cols for _ in range(cols))
        row = lambda cells, bold=False: " & ".join(  # noqa: E731
            (r"\textbf{%s}" if bold else "%s") % self.text(c) for c in cells) + r" \\ \hline"
        head = row(t.header, bold=True) if t.header else ""
        body = "\n".join(row(r) for r in t.rows)
        if self.exam or t.role == "contents":  # rows fit a page; tabularx inside a question's list
            spec = "|".join(rf">{{\hsize={w * cols:.3f}\hsize\raggedright\arraybackslash}}X" for w in widths)
            return (f"\\par\\nobreak\\noindent\\begin{{tabularx}}{{\\linewidth}}{{|{spec}|}}\\hline\n{head}\n{body}\n"
                    "\\end{tabularx}\\par")
        spec = "|".join(rf">{{\raggedright\arraybackslash}}p{{\dimexpr{w:.3f}\linewidth-2\tabcolsep\relax}}"
                        for w in widths)
        header = f"{head}\n\\endhead\n" if head else ""
        return f"\\begin{{longtable}}{{|{spec}|}}\\hline\n{header}{body}\n\\end{{longtable}}"


def lines(b) -> float:
    """About how many lines of 12 pt text a block takes (answer lines and table rows are taller)."""
    def text(content, width=80) -> float:
        return max(1, -(-len(m.plain(content)) // width))

    if isinstance(b, m.Heading):
        return 2.5
    if isinstance(b, m.Para):
        return text(b.content) + 0.3
    if isinstance(b, m.ItemList):
        return sum(text(i, 75) for i in b.items) + 0.5
    if isinstance(b, m.Choices):
        return 1 if b.inline else sum(text(t, 72) for _, t in b.options)
    if isinstance(b, m.AnswerSpace):
        return b.lines * 1.65  # 11/32 in a line
    if isinstance(b, m.Table):
        widths = b.widths or [1 / len(b.rows[0])] * len(b.rows[0])
        return sum(1.3 * max(text(c, max(8, int(88 * w))) for c, w in zip(r, widths, strict=False))
                   for r in (*b.rows, *([b.header] if b.header else ()))) + 0.5
    if isinstance(b, m.Box):
        return sum(lines(x) for x in b.blocks) + 2.5
    if isinstance(b, m.Question):
        return text(b.prompt, 75) + sum(lines(x) for x in b.body) + 1
    if isinstance(b, m.Answer):
        return text(b.headline, 75) + sum(lines(x) for x in b.content) + 1
    if isinstance(b, m.KeepTogether):  # all but the last whole, with the start of the last (a question whole)
        *first, last = b.blocks
        whole = isinstance(last, (m.Question, m.Answer, m.Choices, m.AnswerSpace))
        return sum(lines(x) for x in first) + (lines(last) if whole else min(lines(last), 3))
    return 0


def keep(b) -> str:
    """What keeps a block from splitting: \\needspace for its estimated height, as exam users write before a
    question (a block taller than most of a page may split)."""
    need = lines(b)
    return rf"\needspace{{{need:.0f}\baselineskip}}" if need < 38 else ""


def latex(doc: m.Document) -> str:
    """The LaTeX source of one Document."""
    return Latex(doc).source()


def packet_latex(front: m.Document, parts: list[tuple[str, str, str]], stamp: str) -> str:
    """A packet: its cover and contents (`front`, whose page numbers are the `ref` names of `parts` as text, set
    here by \\pageref), then each (pdf path, ref, label) merged with pdfpages, every page stamped with `stamp`
    (its "{n}" the packet page)."""
    refs = {ref: rf"\pageref{{{ref}}}" for _, ref, _ in parts}
    writer = Latex(front, refs)
    writer.last_page = r"\pageref{front-end}"
    mark = "ZZPAGEZZ"
    stamp_tex = tex(stamp.replace("{n}", mark)).replace(mark, r"\thepage{}")
    writer.extra_preamble = (  # the stamp centred in the top margin of every page, above the running header
        "\\usepackage{pdfpages}\n\\AddToShipoutPictureFG{\\put(\\LenToUnit{0.5\\paperwidth},"
        "\\LenToUnit{\\paperheight-0.42in}){\\makebox[0pt]{" + SMALL + "\\bfseries " + stamp_tex + "}}}\n")
    merged = "".join(rf"\includepdf[pages=-,pagecommand={{\thispagestyle{{empty}}}},"
                     rf"addtotoc={{1,section,1,{{{tex(label)}}},{ref}}}]{{{pdf}}}" "\n" for pdf, ref, label in parts)
    return writer.source(after="\\label{front-end}\n" + merged)


# pandoc Markdown ------------------------------------------------------------------------------------------------

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^$@:\"'])")


def md(text: str) -> str:
    return MD_SPECIAL.sub(r"\\\1", "".join(c for c in text if c >= " " or c in "\t")).replace("\n", " ")


def md_inlines(content: m.Inlines) -> str:
    return _inlines(content, lambda node: md(node.text), "**%s**", "*%s*", lambda node: r"\_" * node.width)


PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'


def markdown(doc: m.Document) -> str:
    """The pandoc Markdown of one Document, for its Word file."""
    return "\n\n".join(md_block(b) for b in doc.header + doc.blocks) + "\n"


def md_block(b) -> str:
    if isinstance(b, m.Heading):
        return "#" * b.level + " " + md_inlines(b.content)
    if isinstance(b, m.Para):
        text = md_inlines(b.content)
        if b.role in ("instructions", "note", "subtitle"):
            text = f"*{text}*"
        return f"**{b.number}** {text}" if b.number is not None else text
    if isinstance(b, m.ItemList):
        return "\n".join(("1. " if b.ordered else "- ") + md_inlines(i) for i in b.items)
    if isinstance(b, m.Choices):
        opts = [("○ " + (md(label) + r"\. " if not b.inline else "") + md_inlines(t)) for label, t in b.options]
        return "   ".join(opts) if b.inline else "\n".join(f"| {o}" for o in opts)
    if isinstance(b, m.AnswerSpace):
        return "\n".join("| " + r"\_" * 72 for _ in range(b.lines))
    if isinstance(b, m.Table):
        cells = lambda r: "| " + " | ".join(md_inlines(c) for c in r) + " |"  # noqa: E731
        cols = len(b.header or b.rows[0])
        header = cells(b.header) if b.header else "|" + " |" * cols
        return "\n".join([header, "|" + "---|" * cols, *(cells(r) for r in b.rows)])
    if isinstance(b, m.Box):
        inner = "\n\n".join(md_block(x) for x in b.blocks)
        return "\n".join("> " + line for line in ((f"**{md(b.title)}**\n\n" if b.title else "") + inner).split("\n"))
    if isinstance(b, m.Question):
        head = f"**{b.number}.** {md_inlines(b.prompt)} {md(b.points_label or f'({b.points})')}"
        return "\n\n".join([head, *(md_block(x) for x in b.body)])
    if isinstance(b, m.Answer):
        head = f"**{b.number}.** {md_inlines(b.headline)} {md(b.points_label or f'({b.points})')}"
        return "\n\n".join([head, *(md_block(x) for x in b.content)])
    if isinstance(b, m.KeepTogether):
        return "\n\n".join(md_block(x) for x in b.blocks)
    if isinstance(b, m.PageBreak):
        return PAGE_BREAK
    raise TypeError(f"unknown block node {type(b).__name__}")
