"""Class sets: each form is rendered once; every student's copy is that form with their name and period stamped on.

A copy shares the form's page content and fonts inside the PDF; only a small stamp (a Form XObject drawn over
the page) is made per student and page. Each copy starts on a new sheet when printed double-sided.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from lessonpress.roster import Student
from lessonpress.writers import fonts

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@dataclass(frozen=True)
class FormPdf:
    """A worksheet form rendered once: its bytes and where its Name and Period blanks are."""

    data: bytes
    slots: dict[str, tuple[int, float, float, float, float]]  # field -> page, x, baseline, width, size


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The font size at which text fits the width (never below 6 pt)."""
    need = stringWidth(text, font, size)
    return max(6.0, size * min(1.0, width / need)) if need else size


def _stamps(students: list[Student], forms: dict[tuple, FormPdf], sizes: dict[tuple, list]) -> bytes:
    """One stamp page per student page: the name and period in their blanks, and a line on every page."""
    fonts.register()
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, initialFontName=FONT, pageCompression=0)
    for s in students:
        key = (s.form, s.large_print)
        slots = forms[key].slots
        for number, (width, height) in enumerate(sizes[key], 1):
            c.setPageSize((width, height))
            c.setFillGray(0)
            label = f"{s.name} · Period {s.period}"
            c.setFont(FONT, 8)
            c.drawRightString(width - 54, height - 36, label)
            for field, text in (("name", s.name), ("period", s.period)):
                page, x, y, room, size = slots.get(field, (0, 0, 0, 0, 0))
                if page == number:
                    size = _fit(c, text, BOLD, max(12.0, size), room - 4)
                    c.setFont(BOLD, size)
                    c.drawString(x + 2, y + 2, text)
            c.showPage()
    c.save()
    return buf.getvalue()


class Readers(dict):
    """Parsed forms, shared by every period's class set so each form's PDF is parsed only once."""

    def pages(self, form: FormPdf) -> list:
        if id(form) not in self:
            self[id(form)] = (form, list(PdfReader(io.BytesIO(form.data)).pages))
        return self[id(form)][1]


class _Shared:
    """Copies objects of the forms into one output PDF, each distinct object once.

    Forms of one worksheet embed byte-identical fonts (see writers.fonts.seed), so a class set holds one
    copy of each font however many forms it deals; two objects are the same when their content is."""

    def __init__(self, out: PdfWriter, digests: dict):
        self.out, self.digests, self.made = out, digests, {}

    def digest(self, obj) -> bytes:
        """A hash of an object's content, through the objects it refers to (memoised per source object)."""
        if isinstance(obj, IndirectObject):
            key = (id(obj.pdf), obj.idnum)
            if key not in self.digests:
                self.digests[key] = self.digest(obj.get_object())
            return self.digests[key]
        h = hashlib.sha256(type(obj).__name__.encode())
        if isinstance(obj, StreamObject):
            h.update(obj._data)
        if isinstance(obj, dict):
            for k in sorted(obj):
                h.update(k.encode() + b"\0" + self.digest(obj.raw_get(k)))
        elif isinstance(obj, list):
            for item in obj:
                h.update(self.digest(item))
        elif not isinstance(obj, StreamObject):
            h.update(repr(obj).encode())
        return h.digest()

    def ref(self, ref: IndirectObject) -> IndirectObject:
        """The output's copy of a source object, made on first use."""
        key = self.digest(ref)
        if key not in self.made:
            self.made[key] = ref.get_object().clone(self.out).indirect_reference
        return self.made[key]

    def resources(self, resources: DictionaryObject) -> DictionaryObject:
        """A page's resources with every referred object shared: a new dictionary, the objects copied once."""
        out = DictionaryObject()
        for key, value in resources.items():
            if isinstance(value, DictionaryObject):  # /Font, /XObject…: name -> object
                out[NameObject(key)] = DictionaryObject({NameObject(k): self.ref(v) if isinstance(v, IndirectObject)
                                                        else v.clone(self.out) for k, v in value.items()})
            elif isinstance(value, IndirectObject):
                out[NameObject(key)] = self.ref(value)
            else:
                out[NameObject(key)] = value.clone(self.out)
        return out


def assemble(students: list[Student], forms: dict[tuple, FormPdf], title: str, double_sided: bool = True,
             readers: Readers | None = None, author: str = "") -> bytes:
    """One PDF of every student's copy, in roster order, each starting on an odd page if double-sided."""
    readers = readers if readers is not None else Readers()
    pages_of = {key: readers.pages(f) for key, f in forms.items()}
    sizes = {key: [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
             for key, pages in pages_of.items()}
    stamp_pdf = _stamps(students, forms, sizes)
    stamps = PdfReader(io.BytesIO(stamp_pdf))
    out = PdfWriter()
    shared = _Shared(out, readers.setdefault("digests", {}))
    begin = out._add_object(DecodedStreamObject.initialize_from_dictionary({"__streamdata__": b"q\n"}))
    end = out._add_object(DecodedStreamObject.initialize_from_dictionary(
        {"__streamdata__": b"\nQ q /LPStamp Do Q\n"}))
    stamp_pages = iter(stamps.pages)
    first = 0
    for s in students:
        key = (s.form, s.large_print)
        for page, (width, height) in zip(pages_of[key], sizes[key], strict=True):
            stamp = next(stamp_pages)
            xobject = DecodedStreamObject()
            xobject.set_data(stamp["/Contents"].get_object().get_data())
            xobject.update({NameObject("/Type"): NameObject("/XObject"),
                            NameObject("/Subtype"): NameObject("/Form"),
                            NameObject("/BBox"): stamp.mediabox,
                            NameObject("/Resources"): shared.resources(stamp["/Resources"].get_object())})
            resources = shared.resources(page["/Resources"].get_object())
            xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject())
            xobjects[NameObject("/LPStamp")] = out._add_object(xobject)
            contents = page["/Contents"]
            parts = contents.get_object() if isinstance(contents.get_object(), ArrayObject) else [contents]
            copy = out.add_blank_page(width, height)
            copy[NameObject("/Resources")] = resources
            copy[NameObject("/Contents")] = ArrayObject([begin, *(shared.ref(part) for part in parts), end])
        if double_sided and len(pages_of[key]) % 2:
            width, height = sizes[key][-1]
            out.add_blank_page(width, height)
        form = f" · Form {s.form}" if s.form else ""
        out.add_outline_item(title=f"{s.name}{form}", page_number=first)
        first += len(pages_of[key]) + (len(pages_of[key]) % 2 if double_sided else 0)
    out.add_metadata({"/Title": title, "/Author": author, "/Producer": "lessonpress", "/Creator": "lessonpress"})
    out._root_object[NameObject("/Lang")] = TextStringObject("en")
    out.page_mode = "/UseOutlines"
    digest = hashlib.sha256(stamp_pdf + b"".join(f.data for f in forms.values())).digest()[:16]
    out._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # same input, same bytes
    buf = io.BytesIO()
    out.write(buf)
    return buf.getvalue()
