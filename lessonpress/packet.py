"""Packets: one PDF for the binder — the cover and contents (a Document written by the PDF writer), then every
lesson's documents in order, each starting on a right-hand page, with bookmarks per lesson and document, and
the packet page number stamped on every printed page (blank padding pages stay blank)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import TextStringObject

from lessonpress.compat import pypdf as compat
from lessonpress.stamp import Sheet, band
from lessonpress.structure_tree import graft
from lessonpress.writers import Output


@dataclass(frozen=True)
class Part:
    """One document of a lesson in the packet: its label in the contents and bookmarks, and its PDF."""

    label: str
    pdf: Output


def starts(front_pages: int, sections: list[list[Part]]) -> list[list[int]]:
    """The packet page each document starts on, counting the cover as 1: every document on an odd page."""
    page, out = front_pages + front_pages % 2, []
    for parts in sections:
        mine = []
        for part in parts:
            mine.append(page + 1)
            page += part.pdf.pages + part.pdf.pages % 2
        out.append(mine)
    return out


def build_packet(front: Output, sections: list[tuple[str, list[Part]]], stamp: Callable[[int], str],
                 title: str, author: str, language: str = "en") -> bytes:
    """The packet's bytes: `front` (cover and contents), then each section's parts; `stamp(n)` is the text
    printed on packet page n."""
    out = PdfWriter()
    readers = [PdfReader(io.BytesIO(front.data))] + [PdfReader(io.BytesIO(p.pdf.data)) for _, ps in sections
                                                      for p in ps]
    printed: list[int] = []  # pages of the packet that carry a document's page (not padding)
    stamp_at: dict[int, float] = {}  # each printed page's stamp line, as its document's writer placed it
    outputs = iter([front] + [p.pdf for _, ps in sections for p in ps])

    documents: list[tuple[bytes, int]] = []  # each document's tagged PDF and where its pages start

    def add(reader: PdfReader) -> int:
        first = len(out.pages)
        out.append(reader, import_outline=False)
        printed.extend(range(first, len(out.pages)))
        output = next(outputs)
        documents.append((output.data, first))
        at = output.stamp_at
        stamp_at.update(dict.fromkeys(range(first, len(out.pages)), at))
        if len(reader.pages) % 2:
            width, height = (float(v) for v in reader.pages[-1].mediabox[2:])
            out.add_blank_page(width, height)
        return first

    add(readers[0])
    parts = iter(readers[1:])
    for section, section_parts in sections:
        lesson_mark = None
        for part in section_parts:
            first = add(next(parts))
            if lesson_mark is None:
                lesson_mark = out.add_outline_item(title=section, page_number=first)
            out.add_outline_item(title=part.label, page_number=first, parent=lesson_mark)
    sheet = Sheet()
    drawn = []
    for index in printed:
        page = out.pages[index]
        y, left, right = band(float(page.mediabox.height))
        y = stamp_at[index] or y
        number = index + 1
        # the outer corner: right on a right-hand (odd) page, left on a left-hand one
        sheet.text(right if number % 2 else left, y, stamp(number), align="right" if number % 2 else "left")
        drawn.append(sheet.take())
    stamp_pdf = sheet.finish()
    resources = PdfReader(io.BytesIO(stamp_pdf)).pages[0]["/Resources"].get_object()
    if compat.FAST:
        resources = resources.clone(out)
    for index, operators in zip(printed, drawn, strict=True):
        compat.stamp(out, out.pages[index], operators, resources)
    out.add_metadata({"/Title": title, "/Author": author, "/Creator": "lessonpress", "/Producer": "lessonpress"})
    compat.set_catalog(out, "/Lang", TextStringObject(language))
    out.page_mode = "/UseOutlines"
    inputs = front.data + b"".join(p.pdf.data for _, ps in sections for p in ps) + stamp_pdf
    # same input, same bytes; the documents' structure trees kept
    return graft(compat.finish(out, hashlib.sha256(inputs).digest()[:16]), documents, title, language)
