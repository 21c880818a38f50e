"""Class sets and packets keep the structure trees of the tagged documents they are assembled from (PDF/UA).

`Binder` assembles one PDF from tagged PDFs in a single pikepdf pass: each document is opened once, its pages
copied with their structure tree under the binder's Document (a Part per document, with the parent tree and
the pages' StructParents renumbered), stamps drawn over pages as artifact-marked Form XObjects, bookmarks, and
the catalog entries PDF/UA asks for."""

from __future__ import annotations

import hashlib
import io

import pikepdf

Name = pikepdf.Name


def tagged_bytes(pdf: pikepdf.Pdf, title: str, lang: str, *, recompress: bool = True) -> bytes:
    """The bytes of a PDF whose structure tree is in place, with the rest PDF/UA asks of the catalog: marked,
    its language, its title shown in the window, XMP metadata naming the title, language and PDF/UA.

    `recompress=False` writes compressed streams as they are (assembled PDFs, whose parts are compressed
    already) instead of decoding and compressing them again."""
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(lang)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [lang]
        meta["pdfuaid:part"] = "1"
    out = io.BytesIO()
    options = {} if recompress else {"stream_decode_level": pikepdf.StreamDecodeLevel.none}
    pdf.save(out, deterministic_id=True, **options)
    return out.getvalue()


def digest(obj: pikepdf.Object, memo: dict, seen: frozenset = frozenset()) -> bytes:
    """A hash of an object's content with every reference replaced by what it refers to (streams by their
    encoded bytes), memoised per indirect object in `memo`: two objects of different files with the same hash
    print the same. An object that refers back to itself hashes by its place, so it is never shared."""
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):  # a value, compared as written
        return obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()
    key = obj.objgen if obj.is_indirect else None
    if key is not None:
        if key in memo:
            return memo[key]
        if key in seen:
            return repr(key).encode()
        seen = seen | {key}
    h = hashlib.sha256()
    if isinstance(obj, pikepdf.Stream):
        h.update(b"stream")
        head = obj.stream_dict
        for k in sorted(head.keys()):
            if k != "/Length":
                h.update(k.encode() + digest(head[k], memo, seen))
        h.update(obj.read_raw_bytes())
    elif isinstance(obj, pikepdf.Dictionary):
        h.update(b"<<")
        for k in sorted(obj.keys()):
            h.update(k.encode() + digest(obj[k], memo, seen))
    elif isinstance(obj, pikepdf.Array):
        h.update(b"[")
        for item in obj:
            h.update(digest(item, memo, seen))
    value = h.digest()
    if key is not None:
        memo[key] = value
    return value


def _value(obj):
    """A name, string or number of another file as a value of the binder's own (pikepdf 9 refuses to add even a
    direct object of another file)."""
    if isinstance(obj, pikepdf.Name):
        return pikepdf.Name(str(obj))
    if isinstance(obj, pikepdf.String):
        return pikepdf.String(bytes(obj))
    return obj  # int, Decimal, bool, None: plain Python values


def _refers(obj: pikepdf.Object) -> bool:
    """Whether an object holds a reference to another (in its dictionary, for a stream)."""
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    items = [v for _, v in obj.items()] if isinstance(obj, pikepdf.Dictionary) else obj
    return any(isinstance(v, pikepdf.Object) and (v.is_indirect or isinstance(v, pikepdf.Dictionary | pikepdf.Array)
                                                  and _refers(v)) for v in items)


class Binder:
    """One PDF being assembled from tagged PDFs (reportlab's, finished by `tagged_bytes`).

    Pages of the same document added again (a class set's copies of one form) share that document's content
    streams and resources; fonts and images byte-identical across documents (the forms of one worksheet) are
    held once."""

    def __init__(self) -> None:
        self.pdf = pikepdf.new()
        self.document = self.pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructElem, S=Name.Document))
        self.kids, self.nums = pikepdf.Array(), pikepdf.Array()
        self.sources: list[pikepdf.Pdf] = []  # open until written: qpdf reads copied stream data when it writes
        self.parts: dict = {}  # a shared document's key -> each page's (contents, resources) in the binder
        self.shared: dict[bytes, pikepdf.Object] = {}  # a font or image's digest -> its copy in the binder
        self.marks: list[tuple[str, int, int | None]] = []  # bookmarks: title, page index, parent bookmark
        self.stamp_resources: pikepdf.Object | None = None
        self.wraps: tuple[pikepdf.Object, pikepdf.Object] | None = None

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def size(self, index: int) -> tuple[float, float]:
        box = self.pdf.pages[index].obj.MediaBox
        return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])

    def add(self, data: bytes, share: object = None, memo: dict | None = None) -> int:
        """Append a tagged PDF's pages and structure tree; the index of its first page. Documents added with
        the same `share` key (the same bytes) share their page content; `memo` keeps the digests of its objects
        (see `digest`) for the next time the same bytes are added."""
        src = pikepdf.open(io.BytesIO(data))
        self.sources.append(src)
        parts = self.parts.get(share) if share is not None else None
        if parts is None:
            parts = [self._page_parts(src, page.obj, memo if memo is not None else {}) for page in src.pages]
            if share is not None:
                self.parts[share] = parts
        for page in src.pages:  # copied below as the binder's own: the page dictionaries without their content
            for k in ("/Contents", "/Resources"):
                if k in page.obj:
                    del page.obj[k]
        first = len(self.pdf.pages)
        self.pdf.pages.extend(src.pages)  # qpdf maps each source page to its copy for the tree copied next
        for page, (contents, resources) in zip(self.pdf.pages[first:], parts, strict=True):
            page.obj.Contents, page.obj.Resources = contents, resources
            if "/StructParents" in page.obj:
                del page.obj["/StructParents"]
        self._tree(src, first)
        return first

    def _page_parts(self, src: pikepdf.Pdf, page: pikepdf.Object, memo: dict) -> tuple:
        contents = page.get("/Contents")
        items = [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        contents = pikepdf.Array([self._copy(src, c) for c in items])
        resources = pikepdf.Dictionary()
        for k, v in page.get("/Resources", pikepdf.Dictionary()).items():
            if isinstance(v, pikepdf.Dictionary):  # fonts, images, forms…: each shared with equal ones
                entries = {name: self._shared(src, obj, memo) for name, obj in v.items()}
                resources[k] = self.pdf.make_indirect(pikepdf.Dictionary(entries))
            else:
                resources[k] = self._copy(src, v)
        return contents, self.pdf.make_indirect(resources)

    def _copy(self, src: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
        """The binder's copy of a source object and of everything it refers to (qpdf's copy)."""
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            return _value(obj)
        return self.pdf.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))

    def _shared(self, src: pikepdf.Pdf, obj: pikepdf.Object, memo: dict, busy: frozenset = frozenset()):
        """The binder's copy of a source object, each indirect object in it (a form's fonts) the one copy of all
        equal objects added so far (see `digest`)."""
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            return _value(obj)
        key = digest(obj, memo) if obj.is_indirect else None
        if key in self.shared:
            return self.shared[key]
        if key is not None and (key in busy or not _refers(obj)):  # a cycle, or nothing to share inside
            copy = self._copy(src, obj)
        else:
            inner = busy | {key} if key is not None else busy
            if isinstance(obj, pikepdf.Array):
                copy = pikepdf.Array([self._shared(src, item, memo, inner) for item in obj])
            else:
                head = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
                entries = {k: self._shared(src, v, memo, inner) for k, v in head.items()}
                if isinstance(obj, pikepdf.Stream):  # the encoded bytes as they are, with their filters
                    copy = pikepdf.Stream(self.pdf, obj.read_raw_bytes())
                    for k, v in entries.items():
                        if k != "/Length":
                            copy[k] = v
                else:
                    copy = pikepdf.Dictionary(entries)
            if key is not None:
                copy = self.pdf.make_indirect(copy)
        if key is not None:
            self.shared[key] = copy
        return copy

    def _tree(self, src: pikepdf.Pdf, first: int) -> None:
        """The source's structure tree as a Part of the binder's Document, its pages' parent-tree entries
        renumbered after those already there."""
        tree = src.Root.get("/StructTreeRoot")
        if tree is None or "/K" not in tree:
            return
        tops = list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]
        for top in tops:
            if "/P" in top:
                del top["/P"]  # not the source's tree root, which would be copied with it
        if len(tops) == 1 and tops[0].get("/S") == Name.Document:
            part = self.pdf.copy_foreign(tops[0] if tops[0].is_indirect else src.make_indirect(tops[0]))
        else:
            part = self.pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructElem))
            part.K = pikepdf.Array([self._copy(src, top) for top in tops])
            for kid in part.K:
                kid.P = part
        part.S, part.P = Name.Part, self.document
        self.kids.append(part)
        keys = {int(p.obj.StructParents): i for i, p in enumerate(src.pages) if "/StructParents" in p.obj}
        nums = tree.get("/ParentTree", pikepdf.Dictionary()).get("/Nums", pikepdf.Array())
        for k in range(0, len(nums) - 1, 2):
            index = keys.get(int(nums[k]))
            if index is None:
                continue  # an entry of an annotation or an unused key: the forms have none
            page = self.pdf.pages[first + index].obj
            page.StructParents = len(self.nums) // 2
            self.nums.append(len(self.nums) // 2)
            self.nums.append(self._copy(src, nums[k + 1]))

    def blank(self, width: float, height: float) -> None:
        """A blank page (no content at all), so that the next document starts on a right-hand page."""
        self.pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=Name.Page, MediaBox=pikepdf.Array([0, 0, width, height]), Resources=pikepdf.Dictionary())))

    def bookmark(self, title: str, index: int, parent: int | None = None) -> int:
        self.marks.append((title, index, parent))
        return len(self.marks) - 1

    def stamp_fonts(self, stamp_pdf: bytes) -> None:
        """The fonts the stamps use: those of the first page of the stamp PDF (see stamp.Sheet)."""
        src = pikepdf.open(io.BytesIO(stamp_pdf))
        self.sources.append(src)
        self.stamp_resources = self._copy(src, src.pages[0].obj.Resources)
        begin = self.pdf.make_stream(b"q\n")
        end = self.pdf.make_stream(b"\nQ /Artifact BMC q /LPStamp Do Q EMC\n")  # page furniture (tagged PDF)
        self.wraps = begin, end

    def stamp(self, index: int, operators: bytes) -> None:
        """Draw `operators` over a page, after its own content (kept in q/Q), as an artifact."""
        page = self.pdf.pages[index].obj
        width, height = self.size(index)
        xobject = self.pdf.make_stream(operators, Type=Name.XObject, Subtype=Name.Form,
                                       BBox=pikepdf.Array([0, 0, width, height]), Resources=self.stamp_resources)
        resources = pikepdf.Dictionary(page.Resources)
        xobjects = pikepdf.Dictionary(resources.XObject) if "/XObject" in resources else pikepdf.Dictionary()
        xobjects.LPStamp = xobject
        resources.XObject = xobjects
        page.Resources = resources
        contents = page.get("/Contents")
        items = [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        begin, end = self.wraps
        page.Contents = pikepdf.Array([begin, *items, end])

    def finish(self, title: str, author: str, lang: str) -> bytes:
        """The assembled PDF's bytes: the same for the same input."""
        pdf = self.pdf
        self.document.K = self.kids
        root = pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructTreeRoot, K=self.document,
                                                    ParentTree=pdf.make_indirect(pikepdf.Dictionary(Nums=self.nums)),
                                                    ParentTreeNextKey=len(self.nums) // 2))
        self.document.P = root
        pdf.Root.StructTreeRoot = root
        with pdf.open_outline() as outline:
            items: list[pikepdf.OutlineItem] = []
            for mark, index, parent in self.marks:
                item = pikepdf.OutlineItem(mark, index)
                items.append(item)
                (outline.root if parent is None else items[parent].children).append(item)
        pdf.Root.PageMode = Name.UseOutlines
        pdf.docinfo.Title = pikepdf.String(title)
        pdf.docinfo.Author = pikepdf.String(author)
        pdf.docinfo.Creator = pdf.docinfo.Producer = pikepdf.String("lessonpress")
        try:
            return tagged_bytes(pdf, title, lang, recompress=False)
        finally:
            for src in self.sources:
                src.close()
