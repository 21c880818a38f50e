"""Word XML the python-docx API does not reach (borders, table layout, fields, numbering), and paragraphs and runs
built without it."""

from __future__ import annotations

import copy
import functools
import re

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.table import Table
from docx.text.run import Run
from lxml.etree import SubElement

BLACK, GREY = "000000", "595959"  # the PDF's text and its rules (style.yaml grey 0.35)

W_P, W_PPR, W_PSTYLE, W_KEEP_NEXT, W_R, W_RPR, W_T, W_TAB, W_BR, W_VAL, W_TR, W_SECT_PR = (
    qn(f"w:{tag}") for tag in ("p", "pPr", "pStyle", "keepNext", "r", "rPr", "t", "tab", "br", "val", "tr", "sectPr"))
XML_SPACE = qn("xml:space")
_BREAK = re.compile(r"([\t\r\n])")


# Paragraphs and runs built as lxml elements, as python-docx's `add_paragraph`, `add_run`, `Run.text` and
# `keep_with_next` build them (a tenth of the time: its API finds each child's place in the schema's order anew).

def add_paragraph(box, style_id: str | None = None):
    """A new `w:p` at the end of a table cell's `w:tc` or a document's `w:body` (before its closing `w:sectPr`),
    with `w:pPr/w:pStyle` when a style id is given."""
    p = box.makeelement(W_P, {})
    if len(box) and box[-1].tag == W_SECT_PR:
        box[-1].addprevious(p)
    else:
        box.append(p)
    if style_id is not None:
        SubElement(SubElement(p, W_PPR), W_PSTYLE).set(W_VAL, style_id)
    return p


def add_run(p, text: str, props=None):
    """A new `w:r` at the end of a paragraph: a copy of the run properties `props` if given (an element made by
    python-docx's API, see `run_props`), then the text as `Run.text` sets it: a `w:tab` for each tab, a `w:br`
    for each line break, the rest in `w:t` (`xml:space="preserve"` where it starts or ends with white space)."""
    r = SubElement(p, W_R)
    if props is not None:
        r.append(copy.deepcopy(props))
    if not text:
        return r
    for piece in _BREAK.split(text) if "\t" in text or "\n" in text or "\r" in text else (text,):
        if piece == "\t":
            SubElement(r, W_TAB)
        elif piece == "\n" or piece == "\r":
            SubElement(r, W_BR)
        elif piece:
            t = SubElement(r, W_T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(XML_SPACE, "preserve")
    return r


def set_style(p, style_id: str) -> None:
    """`CT_P.style = style_id`: where the paragraph has no `w:pPr` yet (a new table cell's), its `w:pPr/w:pStyle`
    made directly, first in the paragraph."""
    if p.find(W_PPR) is not None:
        p.style = style_id
        return
    ppr = p.makeelement(W_PPR, {})
    SubElement(ppr, W_PSTYLE).set(W_VAL, style_id)
    p.insert(0, ppr)


@functools.lru_cache(maxsize=64)
def run_props(bold: bool, italic: bool, cite: bool = False, size: float | None = None):
    """The `w:rPr` of a run of text (grey for a citation), or of one in a type size, made once by python-docx's own
    setters in the order the writer always set them, for `add_run` to copy into each run."""
    run = Run(OxmlElement("w:r"), None)
    if size is not None:
        run.font.size = Pt(size)
    else:
        if cite:
            run.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
        run.bold = bold or None
        run.italic = italic or None
    return run._r.rPr


def add_table(document, rows: int, cols: int) -> Table:
    """A table at the end of a document's body as python-docx's `Document.add_table` makes it: as wide as the last
    section's text (Letter's with 1 in margins where unset), with no table style of its own; without looking
    that up in the styles (which the writer's documents do not read)."""
    sec = document.sections[-1]
    width = (sec.page_width or Inches(8.5)) - (sec.left_margin or Inches(1)) - (sec.right_margin or Inches(1))
    tbl = CT_Tbl.new_tbl(rows, cols, Emu(width))
    body = document.element.body
    if len(body) and body[-1].tag == W_SECT_PR:
        body[-1].addprevious(tbl)
    else:
        body.append(tbl)
    return Table(tbl, document)


def style_id_of(p) -> str | None:
    """A paragraph's `w:pStyle` id, or None."""
    ppr = p[0] if len(p) and p[0].tag == W_PPR else None
    style = ppr[0] if ppr is not None and len(ppr) and ppr[0].tag == W_PSTYLE else None
    return style.get(W_VAL) if style is not None else None


def keep_with_next(p) -> None:
    """`keep_with_next = True`: a `w:keepNext` (without `w:val`) second in the `w:pPr`, after any `w:pStyle`."""
    if len(p) and p[0].tag == W_PPR:
        ppr = p[0]
    else:
        ppr = p.makeelement(W_PPR, {})
        p.insert(0, ppr)
    keep = ppr.find(W_KEEP_NEXT)
    if keep is None:
        ppr.insert(1 if len(ppr) and ppr[0].tag == W_PSTYLE else 0, ppr.makeelement(W_KEEP_NEXT, {}))
    else:
        keep.attrib.pop(W_VAL, None)


def field(paragraph, instr: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def font(style, name: str) -> None:
    """Set a style's font for every script slot, so Word does not keep the theme font anywhere."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)


def border(style, edges: tuple[str, ...], space: int = 1) -> None:
    """Grey 0.75 pt rules on a paragraph style's edges (w:bottom, w:top, w:between)."""
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    # Word joins neighbouring paragraphs with the same border into one box: "between" rules each line.
    for edge in edges:
        rule = OxmlElement(edge)
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", str(space)), ("w:color", GREY)):
            rule.set(qn(k), v)
        bdr.append(rule)
    # pBdr comes before spacing, indents and tabs' successors in a pPr (Word rejects it out of order)
    ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                              "w:rPr", "w:sectPr", "w:pPrChange")


def black(style) -> None:
    """Black text in a style, as the PDF's headings: Word's own heading styles take the theme's blue."""
    color = style.element.get_or_add_rPr().find(qn("w:color"))
    if color is None:
        style.font.color.rgb = RGBColor.from_string(BLACK)
        return
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attr), None)
    color.set(qn("w:val"), BLACK)


# The successors of a table property in a w:tblPr, as the schema orders them (Word rejects another order).
_TBL_PR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
           "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
           "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
TBL_PR_AFTER = {name: _TBL_PR[i + 1:] for i, name in enumerate(_TBL_PR)}


def table_text_offset(d) -> int:
    """1 when a table's indent places its cell text (Word before 2013, compatibility mode below 15, as
    python-docx's template), 0 when it places the table's edge."""
    mode = d.settings.element.xpath('./w:compat/w:compatSetting[@w:name="compatibilityMode"]/@w:val')
    return 0 if mode and int(mode[0]) >= 15 else 1


def row_of(p):
    """The table row holding a paragraph's `w:p` (the innermost, in a nested table), or None."""
    parent = p.getparent()
    while parent is not None and parent.tag != W_TR:
        parent = parent.getparent()
    return parent


def set_table_props(tbl, width: int, indent: int, margins: dict[str, float], borders: str | None) -> None:
    """A table's width and indent (twips), cell margins (points) and, if a colour is given, its grid rules."""
    tbl_pr = tbl.tblPr
    w = tbl_pr.find(qn("w:tblW"))
    if w is None:
        w = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(w, *TBL_PR_AFTER["w:tblW"])
    w.set(qn("w:w"), str(width))
    w.set(qn("w:type"), "dxa")
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(indent))
    ind.set(qn("w:type"), "dxa")
    tbl_pr.insert_element_before(ind, *TBL_PR_AFTER["w:tblInd"])
    if borders:
        rules = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            rule = OxmlElement(f"w:{edge}")
            for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", borders)):
                rule.set(qn(k), v)
            rules.append(rule)
        tbl_pr.insert_element_before(rules, *TBL_PR_AFTER["w:tblBorders"])
    mar = OxmlElement("w:tblCellMar")
    for edge, value in margins.items():
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(round(value * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.insert_element_before(mar, *TBL_PR_AFTER["w:tblCellMar"])


def restart_numbering(part, styled, paragraphs: list) -> None:
    """Make this numbered list (its `w:p` elements, in the document `part`) start at 1 instead of continuing the
    previous one; its style is read from the document part `styled` (of a document with the same styles)."""
    numbering = part.numbering_part.numbering_definitions._numbering
    style = styled.get_style(paragraphs[0].style, WD_STYLE_TYPE.PARAGRAPH)
    num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
    if num_pr is None or num_pr.find(qn("w:numId")) is None:
        return
    base_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    base = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == base_id)
    new = copy.deepcopy(base)
    new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    new.set(qn("w:numId"), new_id)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    new.append(override)
    numbering.append(new)
    for p in paragraphs:
        ppr = p.get_or_add_pPr()
        pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        num = OxmlElement("w:numId")
        num.set(qn("w:val"), new_id)
        pr.append(ilvl)
        pr.append(num)
        ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, pr)


def set_language(d, lang: str) -> None:
    """The document's language for spell-checkers and screen readers: `w:lang` in the default run properties
    (Word's "Set proofing language" for the whole document)."""
    defaults = d.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        d.styles.element.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_default)
    rpr = run_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_default.append(rpr)
    tag = rpr.find(qn("w:lang"))
    if tag is None:
        tag = OxmlElement("w:lang")
        rpr.append(tag)
    tag.set(qn("w:val"), lang)


ANSWER_TAG = "lessonpress-answer-space"
"""The `w:tag` of every answer space's content control, for tools (and tests) that look for them."""


def content_control(paragraphs: list, title: str, tag: str, number: int) -> None:
    """Move neighbouring paragraphs into one block-level rich-text content control (`w:sdt`): Word shows its
    title on the control's edge when a student clicks into it, and a screen reader announces it on entering
    (NVDA: an edit field with that title); the student can type in it. It prints nothing of its own: the
    paragraphs keep their styles, so the lines print as before. `number` is the control's id, unique in the
    document."""
    sdt = OxmlElement("w:sdt")
    props = OxmlElement("w:sdtPr")
    for name, value in (("w:alias", title), ("w:tag", tag), ("w:id", str(number))):
        if value:
            el = OxmlElement(name)
            el.set(qn("w:val"), value)
            props.append(el)
    content = OxmlElement("w:sdtContent")
    sdt.append(props)
    sdt.append(content)
    paragraphs[0].addprevious(sdt)
    for p in paragraphs:
        content.append(p)
