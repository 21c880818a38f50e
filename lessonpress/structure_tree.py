"""Class sets and packets keep the structure trees of the tagged documents they are assembled from (PDF/UA)."""

from __future__ import annotations

import io

import pikepdf


def graft(data: bytes, parts: list[tuple[bytes, int]], title: str, lang: str) -> bytes:
    """The assembled PDF `data` with the structure tree of each part (a tagged PDF's bytes and the index of the
    page where its first page now is) under one Document, each part's tree as a Part, pages renumbered."""
    pdf = pikepdf.open(io.BytesIO(data))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document))
    kids, nums = pikepdf.Array(), pikepdf.Array()
    for part_data, first in parts:
        src = pikepdf.open(io.BytesIO(part_data))  # opened for each part, so that each copy is a copy of its own
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        index = {p.objgen: i for i, p in enumerate(src.pages)}
        elems: list[pikepdf.Object] = []
        _detach(tree.K, index, elems)
        by_page = {int(tree.ParentTree.Nums[k]): tree.ParentTree.Nums[k + 1]
                   for k in range(0, len(tree.ParentTree.Nums), 2)}
        ids = {e.objgen: n for n, e in enumerate(elems)}
        lists = {i: [ids[e.objgen] for e in arr] for i, arr in by_page.items()}
        copied = pdf.copy_foreign(tree.K)
        mine: list[pikepdf.Object] = []
        _attach(copied, document, pdf, first, mine)
        copied.S = pikepdf.Name.Part
        kids.append(copied)
        for i, members in sorted(lists.items()):
            page = pdf.pages[first + i].obj
            page.StructParents = len(nums) // 2
            page.Tabs = pikepdf.Name.S
            nums.append(len(nums) // 2)
            nums.append(pdf.make_indirect(pikepdf.Array([mine[n] for n in members])))
        src.close()
    document.K = kids
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=document,
                                                ParentTree=pdf.make_indirect(pikepdf.Dictionary(Nums=nums)),
                                                ParentTreeNextKey=len(nums) // 2))
    document.P = root
    pdf.Root.StructTreeRoot = root
    return tagged_bytes(pdf, title, lang)


def tagged_bytes(pdf: pikepdf.Pdf, title: str, lang: str) -> bytes:
    """The bytes of a PDF whose structure tree is in place, with the rest PDF/UA asks of the catalog: marked,
    its language, its title shown in the window, XMP metadata naming the title, language and PDF/UA."""
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(lang)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [lang]
        meta["pdfuaid:part"] = "1"
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _detach(elem: pikepdf.Object, index: dict, elems: list) -> None:
    """Number the elements in tree order and replace their page references by page numbers (so that copying the
    tree does not copy the pages), dropping parent links."""
    elems.append(elem)
    if "/P" in elem:
        del elem["/P"]
    if "/Pg" in elem:
        elem.Pg = index[elem.Pg.objgen]
    for k in (elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]):
        if isinstance(k, pikepdf.Dictionary):
            if k.get("/Type") == pikepdf.Name.MCR:
                k.Pg = index[k.Pg.objgen]
            else:
                _detach(k, index, elems)


def _attach(elem: pikepdf.Object, parent: pikepdf.Object, pdf: pikepdf.Pdf, first: int, elems: list) -> None:
    """The reverse of `_detach` on the copy, with the part's pages now starting at `first`."""
    elems.append(elem)
    elem.P = parent
    if "/Pg" in elem:
        elem.Pg = pdf.pages[first + int(elem.Pg)].obj
    for k in (elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]):
        if isinstance(k, pikepdf.Dictionary):
            if k.get("/Type") == pikepdf.Name.MCR:
                k.Pg = pdf.pages[first + int(k.Pg)].obj
            else:
                _attach(k, elem, pdf, first, elems)
