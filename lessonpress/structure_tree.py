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


def flate_by_name(pdf: pikepdf.Pdf) -> None:
    """Give each stream compressed with Flate alone its filter as a name, not a one-item array.

    reportlab writes `/Filter [ /FlateDecode ]`, and qpdf saves a stream as it stands only when its filter is
    the name /FlateDecode: each array-filtered stream (pages, fonts, forms) was inflated and deflated again, to
    the same compressed bytes, a third of a document's writing time in pikepdf. The streams are kept byte for
    byte; only their dictionaries change, /Filter now before /Length as qpdf orders a dictionary's keys."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            head = obj.stream_dict
            kind = head.get("/Filter")
            if (isinstance(kind, pikepdf.Array) and len(kind) == 1 and kind[0] == Name.FlateDecode
                    and "/DecodeParms" not in head):
                head.Filter = Name.FlateDecode


def digest(obj: pikepdf.Object, memo: dict, src: pikepdf.Pdf | None = None, seen: frozenset = frozenset()) -> bytes:
    """A hash of an object's content with every reference replaced by what it refers to (streams by their
    encoded bytes), memoised per indirect object in `memo`: two objects of different files with the same hash
    print the same. An object that refers back to itself hashes by its place, so it is never shared.

    The content is read as qpdf writes it: without strings in it, "N G R" can only be a reference (names hold
    no spaces); with strings, each entry is hashed in turn."""
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):  # a value, compared as written
        return obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()
    key = obj.objgen if obj.is_indirect else None
    if key is not None:
        if key in memo:
            return memo[key]
        if key in seen:
            return repr(key).encode()
        seen = seen | {key}
    stream = isinstance(obj, pikepdf.Stream)
    head = obj.stream_dict if stream else obj
    text = head.unparse(resolved=True)
    h = hashlib.sha256(b"stream" if stream else b"object")
    if b" R" not in text:  # no reference in it: its text says it all
        h.update(b"T" + text)
    elif b"(" not in text and b"<" not in text.replace(b"<<", b"").replace(b">>", b"") and src is not None:
        # each reference hashed as what it refers to: without strings, " R" can only end one ("N G R"), and
        # splitting there is quicker than a regular expression
        pieces = text.split(b" R")
        h.update(b"R")
        for piece in pieces[:-1]:
            before, number, generation = piece.rsplit(b" ", 2)
            inner = digest(src.get_object((int(number), int(generation))), memo, src, seen)
            before += b" "
            h.update(len(before).to_bytes(4, "big") + before + len(inner).to_bytes(4, "big") + inner)
        h.update(pieces[-1])
    elif isinstance(head, pikepdf.Dictionary):
        h.update(b"<<")
        for k in sorted(head.keys()):
            if k != "/Length" or not stream:
                h.update(k.encode() + digest(head[k], memo, src, seen))
    else:
        h.update(b"[")
        for item in head:
            h.update(digest(item, memo, src, seen))
    if stream:
        h.update(obj.read_raw_bytes())
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
            memo = {} if memo is None else memo  # one for all the document's pages, which share their fonts
            parts = [self._page_parts(src, page.obj, memo) for page in src.pages]
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
        return contents, self._resources(src, page.get("/Resources", pikepdf.Dictionary()), memo, frozenset())

    def _copy(self, src: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
        """The binder's copy of a source object and of everything it refers to (qpdf's copy)."""
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            return _value(obj)
        return self.pdf.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))

    def _resources(self, src: pikepdf.Pdf, res: pikepdf.Object, memo: dict, busy: frozenset) -> pikepdf.Object:
        """A resource dictionary for the binder, each font, image and form in it shared with equal ones."""
        key = digest(res, memo, src)
        if key in self.shared:
            return self.shared[key]
        made = pikepdf.Dictionary()
        for k, v in res.items():
            if isinstance(v, pikepdf.Dictionary):  # /Font, /XObject, /ExtGState…: name -> object
                made[k] = self.pdf.make_indirect(pikepdf.Dictionary(
                    {name: self._shared(src, obj, memo, busy) for name, obj in v.items()}))
            else:
                made[k] = self._copy(src, v)
        self.shared[key] = made = self.pdf.make_indirect(made)
        return made

    def _shared(self, src: pikepdf.Pdf, obj: pikepdf.Object, memo: dict, busy: frozenset) -> pikepdf.Object:
        """The binder's copy of a font, image or form: one copy of all equal ones added so far (see `digest`).
        A form (a Form XObject drawing text) has its resources shared in turn, so its fonts are the page's."""
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            return _value(obj)
        key = digest(obj, memo, src)
        if key in self.shared:
            return self.shared[key]
        if isinstance(obj, pikepdf.Stream) and "/Resources" in obj.stream_dict and key not in busy:
            copy = pikepdf.Stream(self.pdf, obj.read_raw_bytes())  # the encoded bytes as they are
            head = obj.stream_dict
            plain = {k: v for k, v in head.items() if k not in ("/Length", "/Resources")}
            if plain:  # made the binder's own in one copy by qpdf
                holder = self.pdf.copy_foreign(src.make_indirect(pikepdf.Dictionary(plain)))
                for k in plain:
                    copy[k] = holder[k]
            copy.Resources = self._resources(src, head.Resources, memo, busy | {key})
            copy = self.pdf.make_indirect(copy)
        else:
            copy = self._copy(src, obj)
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
