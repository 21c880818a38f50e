"""Packets: one PDF for the binder — the cover and contents (a Document written by the PDF writer), then every
lesson's documents in order, each starting on a right-hand page, with bookmarks per lesson and document, and
the packet page number stamped on every printed page (blank padding pages stay blank)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lessonpress.stamp import Sheet, band
from lessonpress.structure_tree import Binder
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
    printed on packet page n. Each document is read once, in one pass (see structure_tree.Binder)."""
    binder = Binder()
    printed: list[tuple[int, float | None]] = []  # each page carrying a document's page, and its stamp line

    def add(output: Output) -> int:
        first = binder.add(output.data)
        printed.extend((index, output.stamp_at) for index in range(first, len(binder)))
        if (len(binder) - first) % 2:
            binder.blank(*binder.size(len(binder) - 1))
        return first

    add(front)
    for section, section_parts in sections:
        lesson_mark = None
        for part in section_parts:
            first = add(part.pdf)
            if lesson_mark is None:
                lesson_mark = binder.bookmark(section, first)
            binder.bookmark(part.label, first, parent=lesson_mark)
    sheet = Sheet()
    drawn = []
    for index, at in printed:
        y, left, right = band(binder.size(index)[1])
        y = at or y  # the stamp line as the document's writer placed it
        number = index + 1
        # the outer corner: right on a right-hand (odd) page, left on a left-hand one
        sheet.text(right if number % 2 else left, y, stamp(number), align="right" if number % 2 else "left")
        drawn.append(sheet.take())
    binder.stamp_fonts(sheet.finish())
    for (index, _), operators in zip(printed, drawn, strict=True):
        binder.stamp(index, operators)
    return binder.finish(title, author, language)  # same input, same bytes; the documents' structure kept
