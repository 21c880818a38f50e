"""Tagged PDF (PDF/UA-1): each document's structure tree, its content marked as it is drawn, all else an artifact.

Every page is an artifact by default (running header and footer, rules, answer lines, table grids, bubble
circles); a flowable that carries a structure element closes the artifact, draws inside `/<Role> <</MCID n>> BDC
... EMC`, and reopens it. The elements are made while the writer turns blocks into flowables (`tag`), in reading
order; after reportlab has written the file, `finish` adds the structure tree, parent tree, language, XMP
metadata and the other catalog entries PDF/UA asks for, with pikepdf.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pikepdf
from reportlab.platypus import Flowable, Table

from lessonpress import model as m
from lessonpress.compat import reportlab as rl
from lessonpress.structure_tree import flate_by_name, tagged_bytes

OPEN_ARTIFACT = "/Artifact BMC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"


@dataclass(eq=False)
class Elem:
    """A structure element: its role (P, H2, LI, TD…), its kids (elements, or (page, MCID) of content drawn for
    it) and attributes such as ActualText or a header cell's Scope."""

    role: str
    kids: list[Elem | tuple[int, int]] = field(default_factory=list)
    actual_text: str | None = None
    scope: str | None = None
    alt: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # a Figure's box on its page, in points
    parent: Elem | None = None

    def adopt(self, child: Elem) -> None:
        child.parent = self
        self.kids.append(child)


class Tags:
    """The structure of one PDF while it is built and drawn."""

    def __init__(self, blank: str = "blank {n}") -> None:
        self.blank = blank  # what a screen reader says for a write-in blank, in the document's language
        self.made: list[Elem] = []
        self.pages: dict[int, list[Elem]] = {}  # page index -> the element of each MCID on it

    def new(self, role: str, parent: Elem | None = None, **attrs) -> Elem:
        e = Elem(role, **attrs)
        self.made.append(e)
        if parent is not None:
            parent.adopt(e)
        return e

    # -- while drawing -----------------------------------------------------------------------------------------
    def page_begins(self, canvas, _doc=None) -> None:
        canvas.addLiteral(OPEN_ARTIFACT)

    def page_ends(self, canvas, _doc=None) -> None:
        canvas.addLiteral("EMC")

    def begin(self, canvas, elem: Elem) -> None:
        page = canvas.getPageNumber() - 1
        mcids = self.pages.setdefault(page, [])
        elem.kids.append((page, len(mcids)))
        canvas.addLiteral(f"EMC /{elem.role} <</MCID {len(mcids)}>> BDC")
        mcids.append(elem)

    def end(self, canvas) -> None:
        canvas.addLiteral("EMC " + OPEN_ARTIFACT)

    # -- after reportlab ---------------------------------------------------------------------------------------
    def finish(self, data: bytes, title: str, lang: str) -> bytes:
        """The PDF with its structure tree and the catalog entries of PDF/UA."""
        pdf = pikepdf.open(io.BytesIO(data))
        flate_by_name(pdf)  # before the tree's objects are added: only reportlab's to look through
        tops = [e for e in self.made if e.parent is None and _has_content(e)]
        _group_list_items(tops)
        _fix_heading_levels(tops, [0])
        root = pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot)
        root_ref = pdf.make_indirect(root)
        document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document,
                                                        P=root_ref))
        refs: dict[int, pikepdf.Object] = {}
        pages = [page.obj for page in pdf.pages]
        document.K = pikepdf.Array([_write(pdf, e, document, refs, pages) for e in tops])
        nums = pikepdf.Array()
        for i, page in enumerate(pdf.pages):
            page.obj.StructParents = i
            page.obj.Tabs = pikepdf.Name.S
            nums.append(i)
            nums.append(pdf.make_indirect(pikepdf.Array([refs[id(e)] for e in self.pages.get(i, [])])))
        root.K = document
        root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(pdf.pages)
        pdf.Root.StructTreeRoot = root_ref
        return tagged_bytes(pdf, title, lang)


def _has_content(e: Elem) -> bool:
    return any(isinstance(k, tuple) or _has_content(k) for k in e.kids)


def _group_list_items(kids: list) -> None:
    """Runs of LI (questions, answers) directly under one parent go into an L, as PDF/UA asks."""
    out, run = [], []
    for k in kids:
        if isinstance(k, Elem) and k.role == "LI" and (k.parent is None or k.parent.role != "L"):
            run.append(k)
            continue
        if run:
            out.append(_wrap_run(run))
            run = []
        out.append(k)
    if run:
        out.append(_wrap_run(run))
    kids[:] = out
    for k in kids:
        if isinstance(k, Elem):
            _group_list_items(k.kids)


def _wrap_run(run: list[Elem]) -> Elem:
    group = Elem("L", parent=run[0].parent)
    for item in run:
        group.adopt(item)
    return group


def _fix_heading_levels(kids: list, last: list[int]) -> None:
    """Headings never skip a level (H1 then H3 becomes H1 then H2), in reading order."""
    for k in kids:
        if not isinstance(k, Elem):
            continue
        if k.role in ("H1", "H2", "H3"):
            level = min(int(k.role[1]), last[0] + 1)
            k.role, last[0] = f"H{level}", level
        _fix_heading_levels(k.kids, last)


_ROLES: dict[str, pikepdf.Name] = {}  # a role's name, made once


def _write(pdf: pikepdf.Pdf, e: Elem, parent: pikepdf.Object, refs: dict[int, pikepdf.Object],
           pages: list[pikepdf.Object]) -> pikepdf.Object:
    """The element as a StructElem of `pdf` under `parent`, with its kids (each element's dictionary made whole
    before it becomes indirect, its kids then set at once: pikepdf's calls are most of the cost)."""
    role = _ROLES.get(e.role) or _ROLES.setdefault(e.role, pikepdf.Name("/" + e.role))
    entries = {"/Type": pikepdf.Name.StructElem, "/S": role, "/P": parent}
    on = {k[0] for k in e.kids if isinstance(k, tuple)}
    if len(on) == 1:
        entries["/Pg"] = pages[next(iter(on))]
    if e.actual_text:
        entries["/ActualText"] = pikepdf.String(e.actual_text)
    if e.alt:
        entries["/Alt"] = pikepdf.String(e.alt)
    if e.scope:
        entries["/A"] = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name("/" + e.scope))
    if e.bbox:  # where the figure is drawn, for tools that reflow or read out the page (ISO 32000-1, 14.8.5.4)
        entries["/A"] = pikepdf.Dictionary(O=pikepdf.Name.Layout, BBox=pikepdf.Array([round(v, 2) for v in e.bbox]))
    d = pdf.make_indirect(pikepdf.Dictionary(entries))
    refs[id(e)] = d
    kids = []
    for k in e.kids:
        if isinstance(k, Elem):
            if _has_content(k):
                kids.append(_write(pdf, k, d, refs, pages))
        elif len(on) == 1:
            kids.append(k[1])
        else:
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[k[0]], MCID=k[1]))
    d.K = kids[0] if len(kids) == 1 else pikepdf.Array(kids)  # one kid stands alone, as most writers set it
    return d


# -- while building: elements for the flowables of each block ---------------------------------------------------

def draw_marked(flowable: Flowable, canvas, draw) -> None:
    """Draw a leaf flowable inside its element's marked content; a second drawing of the same flowable (a table's
    header row repeated on the next page) stays an artifact."""
    tags: Tags | None = getattr(canvas, "tags", None)
    elem: Elem | None = flowable.__dict__.get("_struct")
    if tags is None or elem is None or flowable.__dict__.get("_marked"):
        draw()
        return
    flowable._marked = True
    tags.begin(canvas, elem)
    draw()
    tags.end(canvas)


def leaves(flowables: Iterable[Flowable]) -> Iterator[Flowable]:
    """The drawing flowables inside groups, indents and table cells, in reading order."""
    for f in flowables:
        if isinstance(f, Table):
            for row in rl.table_cells(f):
                for cell in row:
                    yield from leaves(cell if isinstance(cell, (list, tuple)) else [cell])
        elif hasattr(f, "children"):
            yield from leaves(f.children)
        elif hasattr(f, "drawOn") and f.__class__.__name__ not in ("Spacer", "PageBreak", "Lines"):
            yield f


HEADED_BOXES = ("source-document",)
"""Boxes whose title is a heading (a sourced document's "Document A: …"), not a label such as "Key Terms"."""


def _top(e: Elem) -> Elem:
    while e.parent is not None:
        e = e.parent
    return e


def _claim(tags: Tags, into: Elem, flowables: Iterable[Flowable], role: str = "P") -> None:
    """Put each leaf's element (or, for an untagged leaf, a new `role` element) under `into`, in order."""
    for leaf in leaves(flowables):
        e = leaf.__dict__.get("_struct")
        if e is None:
            leaf._struct = tags.new(role, into, actual_text=said(leaf, tags.blank))
        elif (top := _top(e)) is not _top(into):  # not already inside `into`'s own tree
            into.adopt(top)


_BLANK = re.compile(r"_{3,}")
_TAG = re.compile(r"<[^>]*>")


def said(leaf: Flowable, blank: str = "blank {n}") -> str | None:
    """What a screen reader should say for a paragraph with write-in blanks: "blank 1", "blank 2" (or "blank" for
    a lone one), not underscores."""
    text = getattr(leaf, "text", None)
    if not isinstance(text, str) or not _BLANK.search(text):
        return None
    plain = html.unescape(_TAG.sub("", text))
    if getattr(leaf, "bulletText", None):
        plain = f"{leaf.bulletText} {plain}"
    count, of = iter(range(1, 1000)), len(_BLANK.findall(plain))
    return " ".join(_BLANK.sub(lambda _: f" {m.blank_said(blank, next(count), of)} ", plain).split())


def tag(tags: Tags, b: m.Block, flowables: list[Flowable]) -> None:
    """Make the structure elements of one block's flowables (those of its inner blocks were made already)."""
    if isinstance(b, m.Heading):
        for leaf in leaves(flowables):
            leaf._struct = tags.new(f"H{min(max(b.level, 1), 3)}")
    elif isinstance(b, m.Para):
        for leaf in leaves(flowables):
            leaf._struct = tags.new("P", actual_text=said(leaf, tags.blank))
    elif isinstance(b, m.ItemList):
        group = tags.new("L")
        for leaf in leaves(flowables):
            leaf._struct = tags.new("LBody", tags.new("LI", group))
    elif isinstance(b, m.Choices):
        group = tags.new("L")
        for row in _rows(flowables):
            cells = list(leaves(row))
            for label, body in zip(cells[::2], cells[1::2], strict=False):
                item = tags.new("LI", group)
                label._struct = tags.new("Lbl", item)
                body._struct = tags.new("LBody", item, actual_text=said(body, tags.blank))
    elif isinstance(b, m.Table) and b.header is None:  # matching, ordering: rows of items, read row by row
        group = tags.new("L")
        for row in _rows(flowables):
            _claim(tags, tags.new("LBody", tags.new("LI", group)), row)
        for f in flowables:
            if not isinstance(f, Table):  # stacked (large-print matching): its items, then its choices
                for leaf in leaves([f]):
                    _claim(tags, tags.new("LBody", tags.new("LI", group)), [leaf])
                _reuse_first(f)
    elif isinstance(b, m.Table):
        table = tags.new("Table")
        for r, row in enumerate(_rows(flowables)):
            tr = tags.new("TR", table)
            header = r == 0 and b.header is not None
            for cell in row:
                td = tags.new("TH" if header else "TD", tr, scope="Column" if header else None)
                for leaf in leaves(cell if isinstance(cell, (list, tuple)) else [cell]):
                    if leaf.__dict__.get("_struct") is None:  # the cell's own text
                        leaf._struct, td.actual_text = td, said(leaf, tags.blank)
                    elif (top := _top(leaf._struct)) is not _top(td):
                        td.adopt(top)
    elif isinstance(b, m.Box):
        div = tags.new("Div")
        first = next(leaves(flowables), None)
        if b.role in HEADED_BOXES and b.title and first is not None and first.__dict__.get("_struct") is None:
            first._struct = tags.new("H3", div)  # a document's letter and title: a heading a reader can jump to
        _claim(tags, div, flowables)
    elif isinstance(b, (m.Question, m.Answer)):
        _claim(tags, tags.new("LBody", tags.new("LI")), flowables)
    elif isinstance(b, m.Figure):  # a Div of the picture (its alt text said instead) and its caption
        group = tags.new("Div")
        picture, *below = list(leaves(flowables))
        picture._struct = tags.new("Figure", group, alt=" ".join(b.alt.split()))
        caption = tags.new("Caption", group)
        for leaf in below:
            leaf._struct = tags.new("P", caption)


def _rows(flowables: list[Flowable]) -> Iterator[list]:
    for f in flowables:
        if isinstance(f, Table):
            yield from rl.table_cells(f)


def _reuse_first(stacked: Flowable) -> None:
    """A stacked matching question makes its choices afresh for each page that shows them again: the first
    making gives back the tagged ones (read once), the later ones are new flowables, drawn as artifacts."""
    make = getattr(stacked, "choices", None)
    if not callable(make) or make is list:
        return
    first = [f for f in leaves(stacked.children) if f.__dict__.get("_struct") is not None][len(stacked.items):]
    given = [False]

    def choices() -> list[Flowable]:
        if given[0]:
            return make()
        given[0] = True
        return first

    stacked.choices = choices
