"""pypdf internals the class sets and packets use, checked when imported, each with a plain public-API path.

The fast path writes a stamp as a Form XObject drawn after the page's own content streams and copies objects
between PDFs as their encoded bytes; the plain path merges a stamp page with the public `merge_page` and copies
pages with `add_page`. Both print the same pages; the fast one is quicker and shares fonts between forms."""

from __future__ import annotations

import io
import re
import weakref

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)


def _check() -> bool:
    """Whether every internal used below is there and behaves as relied on (pypdf 5 to 7)."""
    try:
        writer = PdfWriter()
        writer.add_blank_page(72, 72)
        ref = writer._add_object(DictionaryObject())
        if not isinstance(ref, IndirectObject) or not hasattr(writer, "_root_object") or not hasattr(writer, "_ID"):
            return False
        stream = DecodedStreamObject()
        stream.set_data(b"q Q")
        if getattr(stream, "_data", None) != b"q Q":
            return False
        writer._ID = ArrayObject([ByteStringObject(b"0" * 16)] * 2)
        buf = io.BytesIO()
        writer.write(buf)
        reader = PdfReader(io.BytesIO(buf.getvalue()))
        return isinstance(getattr(reader, "xref", None), dict) and isinstance(reader.xref.get(0), dict) \
            and getattr(reader.trailer["/ID"][0], "original_bytes", None) == b"0" * 16
    except Exception:  # any change in these internals: the plain path
        return False


FAST = _check()
"""Whether the fast path is used; tests turn it off to show both paths print the same."""


def add_object(writer: PdfWriter, obj) -> IndirectObject:
    """Add an object to the writer as an indirect object of its own (fast path only)."""
    return writer._add_object(obj)


def stream_copy(obj: StreamObject) -> StreamObject:
    """A new stream with the same dictionary type and the same encoded bytes, not decoded and encoded again
    (fast path only; the caller copies the dictionary)."""
    new = type(obj)()
    new._data = obj._data
    return new


def xref_offsets(reader: PdfReader) -> dict[int, int] | None:
    """Where each object of generation 0 starts in a classic cross-reference table; None on the plain path
    (then no object is shared by its bytes)."""
    return reader.xref.get(0, {}) if FAST else None


def set_catalog(writer: PdfWriter, key: str, value) -> None:
    """Set an entry of the document catalog (e.g. /Lang)."""
    root = writer.root_object if hasattr(writer, "root_object") else writer._root_object
    root[NameObject(key)] = value


_ID_RE = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]")


def finish(writer: PdfWriter, digest: bytes) -> bytes:
    """The writer's PDF with `digest` as both file identifiers, so the same input gives the same bytes."""
    ident = ByteStringObject(digest)
    if FAST:
        writer._ID = ArrayObject([ident, ident])
    buf = io.BytesIO()
    writer.write(buf)
    data = buf.getvalue()
    if FAST:
        return data
    # pypdf makes random identifiers: put ours in their place in the trailer (same length, so no offset moves)
    start = data.rfind(b"trailer")
    found = list(_ID_RE.finditer(data, start if start >= 0 else 0))
    if not found:
        return data
    m = found[-1]
    hexed = digest.hex().upper().encode()
    new = b"/ID [ <" + hexed + b"> <" + hexed + b"> ]"
    old = m.group(0)
    if len(new) <= len(old):
        new = new + b" " * (len(old) - len(new))
        return data[:m.start()] + new + data[m.end():]
    return data


_WRAPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _wraps(writer: PdfWriter) -> tuple[IndirectObject, IndirectObject]:
    """The two small content streams put around a page's own: "q" before, "Q, draw the stamp" (an artifact) after."""
    if writer not in _WRAPS:
        begin = DecodedStreamObject()
        begin.set_data(b"q\n")
        end = DecodedStreamObject()
        end.set_data(b"\nQ /Artifact BMC q /LPStamp Do Q EMC\n")  # the stamp is page furniture (tagged PDF)
        _WRAPS[writer] = (writer._add_object(begin), writer._add_object(end))
    return _WRAPS[writer]


def stamp(writer: PdfWriter, page: PageObject, operators: bytes, resources: DictionaryObject) -> None:
    """Draw `operators` (using the fonts in `resources`, a resource dictionary of the stamp PDF already copied
    into the writer on the fast path, or read from it on the plain one) over a page of the writer."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    if not FAST:
        overlay = PageObject.create_blank_page(width=width, height=height)
        overlay[NameObject("/Resources")] = resources
        content = ContentStream(None, None)
        content.set_data(b"/Artifact BMC\n" + operators + b"\nEMC\n")  # page furniture for a screen reader
        overlay.replace_contents(content)
        page.merge_page(overlay)
        return
    xobject = DecodedStreamObject()
    xobject.set_data(operators)
    xobject.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, width, height)),
                    NameObject("/Resources"): resources})
    own = page.get("/Resources")
    new = DictionaryObject(own.get_object() if own is not None else {})
    xobjects = new.get("/XObject")
    new[NameObject("/XObject")] = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    new["/XObject"][NameObject("/LPStamp")] = writer._add_object(xobject)
    page[NameObject("/Resources")] = new
    contents = page.raw_get("/Contents") if "/Contents" in page else ArrayObject()
    parts = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    begin, end = _wraps(writer)
    page[NameObject("/Contents")] = ArrayObject([begin, *parts, end])
