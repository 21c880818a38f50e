"""Class sets: each form is rendered once; every student's copy is that form with their name and period stamped on.

A copy shares the form's page content and fonts inside the PDF; only a small stamp (a Form XObject drawn over
the page) is made per student and page. Each copy starts on a new sheet when printed double-sided.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject, TextStringObject

from lessonpress.compat import pypdf as compat
from lessonpress.roster import Student
from lessonpress.stamp import BOLD, SIZE, Sheet, band, fit, sorting_label
from lessonpress.structure_tree import graft
from lessonpress.writers import Output


def _stamps(students: list[Student], forms: dict[tuple, Output], sizes: dict[tuple, list],
            period_label: str) -> tuple[bytes, list]:
    """One stamp per student page (the name and period in their blanks, and a sorting line on every page, in the
    margin band under the running header): a PDF holding the fonts they use, and each stamp's operators."""
    sheet = Sheet()
    drawn = []
    for s in students:
        key = (s.form, s.large_print)
        slots = forms[key].fields
        for number, (_width, height) in enumerate(sizes[key], 1):
            _, left, right = band(height)
            y = forms[key].stamp_at or band(height)[0]
            sheet.text(right, y, sorting_label(s.name, period_label, right - left), align="right")
            for field, text in (("name", s.name), ("period", s.period)):
                page, x, base, room, size = slots.get(field, (0, 0, 0, 0, 0))
                if page == number:
                    text, size = fit(text, BOLD, max(12.0, size), room - 4, least=SIZE)
                    sheet.text(x + 2, base + 2, text, BOLD, size)
            drawn.append(sheet.take())
    return sheet.finish(), drawn


class Readers(dict):
    """Each form's PDF parsed once for all of a lesson's periods, and what `_Shared` has learnt of the objects
    of the PDFs it has read (kept with the PDFs, so a memo never outlives what it describes)."""

    def __init__(self):
        super().__init__()
        self.digests: dict = {}

    def pages(self, form: Output) -> list:
        if id(form) not in self:
            self[id(form)] = (form, list(PdfReader(io.BytesIO(form.data)).pages))
        return self[id(form)][1]


_REF = re.compile(rb"(\d+) (\d+) R\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
# what a copied page keeps besides its contents and resources (the forms have no links or other annotations)
PAGE_KEYS = ("/Rotate", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/UserUnit", "/Group")


class _Shared:
    """Copies objects of the forms into one output PDF, each distinct object once.

    Forms of one worksheet embed byte-identical fonts (see writers.fonts.seed), so a class set holds one copy
    of each font however many forms, page counts and type sizes it deals. Two objects are the same when their
    bytes in the source files are, with each reference replaced by what it refers to; this is read off the
    file, without parsing the fonts. (The bytes are split from a stream's data at the first ">> stream": true
    of every PDF reportlab writes, whose dictionaries here hold no text.)"""

    def __init__(self, out: PdfWriter, digests: dict):
        self.out, self.digests, self.made, self.copying = out, digests, {}, set()

    def digest(self, ref: IndirectObject, seen: frozenset = frozenset()) -> object:
        """A hash of a source object's content (memoised per source object), or a key of its own when the
        object cannot be read raw or refers back to itself (then it is never shared)."""
        key = (ref.pdf, ref.idnum, ref.generation)  # the reader itself, not its id: it stays alive with the memo
        if key not in self.digests:
            body = self._raw(ref.pdf, ref.idnum, ref.generation)
            if body is None or key in seen:
                return key
            head, stream = body, b""
            if (m := _STREAM.search(body)) is not None:
                head, stream = body[:m.end()], body[m.end():]
            h = hashlib.sha256(_REF.sub(b"R", head))
            for number, generation in _REF.findall(head):
                inner = self.digest(IndirectObject(int(number), int(generation), ref.pdf), seen | {key})
                h.update(inner if isinstance(inner, bytes) else repr((id(inner[0]), *inner[1:])).encode())
            h.update(stream)
            self.digests[key] = h.digest()
        return self.digests[key]

    def _raw(self, reader: PdfReader, number: int, generation: int) -> bytes | None:
        """The bytes of one object in a classic cross-reference table, without its "N G obj" line."""
        if generation != 0:
            return None
        table = self.digests.get(reader)
        if table is None:
            data = reader.stream.getvalue()
            offsets = compat.xref_offsets(reader)
            if offsets is None:
                return None
            ends = sorted({*offsets.values(), data.rfind(b"\nxref") + 1 or len(data)})  # the table ends the last
            table = self.digests[reader] = (data, offsets, ends)
        data, offsets, ends = table
        start = offsets.get(number)
        if start is None:
            return None
        end = ends[bisect.bisect_right(ends, start)] if start < ends[-1] else len(data)
        body = data[start:end]
        return body[body.find(b"obj") + 3:].rstrip().removesuffix(b"endobj")

    def ref(self, ref: IndirectObject) -> IndirectObject:
        """The output's copy of a source object, made on first use."""
        key = self.digest(ref)
        if key not in self.made:
            if key in self.copying:  # an object that refers back to itself: pypdf copies the whole cycle
                return ref.get_object().clone(self.out).indirect_reference
            self.copying.add(key)
            self.made[key] = compat.add_object(self.out, self.copy(ref.get_object()))
            self.copying.discard(key)
        return self.made[key]

    def copy(self, obj):
        """A direct object for the output, with everything it refers to shared (not copied again, as pypdf's
        clone would do for each form)."""
        if isinstance(obj, IndirectObject):
            return self.ref(obj)
        if isinstance(obj, StreamObject):
            new = compat.stream_copy(obj)  # the encoded bytes as they are, not decoded and compressed again
        elif isinstance(obj, DictionaryObject):
            new = DictionaryObject()
        elif isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(item) for item in obj)
        else:
            return obj  # names, numbers, strings: never changed in place
        for k, v in obj.items():
            new[NameObject(k)] = self.copy(v)
        return new


def assemble(students: list[Student], forms: dict[tuple, Output], title: str, double_sided: bool = True,
             readers: Readers | None = None, author: str = "", *, period_label: str,
             form_labels: dict[str, str], language: str) -> bytes:
    """One PDF of every student's copy, in roster order, each starting on an odd page if double-sided.

    `period_label` ("Period 3") follows each name in the sorting line; `form_labels` name each form in the
    bookmarks ({"B": "Form B"})."""
    readers = readers if readers is not None else Readers()
    pages_of = {key: readers.pages(f) for key, f in forms.items()}
    sizes = {key: [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
             for key, pages in pages_of.items()}
    stamp_pdf, drawn = _stamps(students, forms, sizes, period_label)
    out = PdfWriter()
    shared = _Shared(out, readers.digests)
    stamp_resources = PdfReader(io.BytesIO(stamp_pdf)).pages[0]["/Resources"].get_object()
    if compat.FAST:
        stamp_resources = shared.copy(stamp_resources)
    stamps = iter(drawn)
    first = 0
    copies: list[tuple[bytes, int]] = []  # each copy's tagged PDF and where its pages start
    for s in students:
        key = (s.form, s.large_print)
        copies.append((forms[key].data, first))
        for page, (width, height) in zip(pages_of[key], sizes[key], strict=True):
            if compat.FAST:  # the form's objects shared, not copied per student
                copy = out.add_blank_page(width, height)
                copy.update({NameObject(k): shared.copy(page.raw_get(k)) for k in PAGE_KEYS if k in page})
                copy[NameObject("/Resources")] = shared.copy(page["/Resources"].get_object())
                contents = page.raw_get("/Contents")
                parts = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
                copy[NameObject("/Contents")] = ArrayObject(shared.ref(part) for part in parts)
            else:  # a page of its own for each copy (add_page would give the same page object to every copy)
                copy = out.add_blank_page(width, height)
                copy.merge_page(page)
            compat.stamp(out, copy, next(stamps), stamp_resources)
        if double_sided and len(pages_of[key]) % 2:
            width, height = sizes[key][-1]
            out.add_blank_page(width, height)
        form = f" · {form_labels[s.form]}" if s.form else ""
        out.add_outline_item(title=f"{s.name}{form}", page_number=first)
        first += len(pages_of[key]) + (len(pages_of[key]) % 2 if double_sided else 0)
    out.add_metadata({"/Title": title, "/Author": author, "/Producer": "lessonpress", "/Creator": "lessonpress"})
    compat.set_catalog(out, "/Lang", TextStringObject(language))
    out.page_mode = "/UseOutlines"
    digest = hashlib.sha256(stamp_pdf + b"".join(f.data for f in forms.values())).digest()[:16]
    return graft(compat.finish(out, digest), copies, title, language)  # same input, same bytes; structure kept
