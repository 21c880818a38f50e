"""Packets: one PDF for the binder — a cover, a table of contents with page numbers, then every lesson's
documents in order, each starting on a right-hand page, with bookmarks per lesson and document."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lessonpress.schema import Course
from lessonpress.writers.pdf_style import PAPER, grey, layout, styles


@dataclass(frozen=True)
class Part:
    """One document of a lesson in the packet."""

    label: str
    pdf: bytes


@dataclass(frozen=True)
class Section:
    """One lesson in the packet: its title and its documents in order."""

    title: str
    parts: tuple[Part, ...]


def _front(course: Course, kind: str, sections: list[Section], starts: list[list[int]], paper: str) -> bytes:
    """The cover and the table of contents."""
    lay, st = layout(), styles()
    buf = io.BytesIO()
    p = lay.page
    doc = SimpleDocTemplate(buf, pagesize=PAPER[paper], invariant=1, initialFontName=lay.serif,
                            leftMargin=p["left"], rightMargin=PAPER[paper][0] - p["left"] - p["text_width"],
                            topMargin=p["top"], bottomMargin=p["bottom"], title=f"{course.title} — {kind}",
                            author=course.teacher or course.title, creator="lessonpress", producer="lessonpress")
    who = " · ".join(x for x in (course.teacher, course.school, course.grade_band and f"Grades {course.grade_band}")
                     if x)
    story = [Spacer(0, 150), Paragraph(escape(course.title), st["h1"]), Spacer(0, 8),
             Paragraph(escape(kind), st["h2"]), Spacer(0, 8)]
    if who:
        story.append(Paragraph(escape(who), st["subtitle"]))
    story += [Spacer(0, 24), *(Paragraph(f"{i}. {escape(s.title)}", st["body"]) for i, s in enumerate(sections, 1))]
    from reportlab.platypus import PageBreak

    story.append(PageBreak())
    story.append(Paragraph("Contents", st["h1"]))
    rows = []
    for i, (section, pages) in enumerate(zip(sections, starts, strict=True), 1):
        rows.append([Paragraph(f"<b>{i}. {escape(section.title)}</b>", st["cell"]), Paragraph("", st["cell"])])
        for part, page in zip(section.parts, pages, strict=True):
            rows.append([Paragraph(f"&nbsp;&nbsp;&nbsp;&nbsp;{escape(part.label)}", st["cell"]),
                         Paragraph(f'<para alignment="right">{page}</para>', st["cell"])])
    table = Table(rows, colWidths=[p["text_width"] - 60, 60], hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), lay.serif),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, grey(0.75)),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    story.append(table)
    doc.build(story)
    return buf.getvalue()


def build_packet(course: Course, kind: str, sections: list[Section], paper: str) -> bytes:
    """The packet's bytes. Page numbers in the contents are the packet's own, counting the cover as 1."""
    readers = [[PdfReader(io.BytesIO(part.pdf)) for part in s.parts] for s in sections]

    def layout_from(front_pages: int) -> list[list[int]]:
        page, starts = front_pages + (front_pages % 2), []
        for section in readers:
            mine = []
            for reader in section:
                mine.append(page + 1)
                page += len(reader.pages) + len(reader.pages) % 2
            starts.append(mine)
        return starts

    front = _front(course, kind, sections, layout_from(2), paper)
    front_pages = len(PdfReader(io.BytesIO(front)).pages)
    if front_pages != 2:  # a long contents list: lay out again with its real length
        front = _front(course, kind, sections, layout_from(front_pages), paper)
        front_pages = len(PdfReader(io.BytesIO(front)).pages)
    out = PdfWriter()
    out.append(PdfReader(io.BytesIO(front)))
    width, height = PAPER[paper]
    if len(out.pages) % 2:
        out.add_blank_page(width, height)
    for section, section_readers in zip(sections, readers, strict=True):
        lesson_mark = None
        for part, reader in zip(section.parts, section_readers, strict=True):
            first = len(out.pages)
            out.append(reader, import_outline=False)
            if len(reader.pages) % 2:
                out.add_blank_page(width, height)
            if lesson_mark is None:
                lesson_mark = out.add_outline_item(title=section.title, page_number=first)
            out.add_outline_item(title=part.label, page_number=first, parent=lesson_mark)
    out.add_metadata({"/Title": f"{course.title} — {kind}", "/Author": course.teacher or course.title,
                      "/Creator": "lessonpress", "/Producer": "lessonpress"})
    out._root_object[NameObject("/Lang")] = TextStringObject("en")
    out.page_mode = "/UseOutlines"
    inputs = front + b"".join(part.pdf for s in sections for part in s.parts)
    digest = ByteStringObject(hashlib.sha256(inputs).digest()[:16])
    out._ID = ArrayObject([digest, digest])  # same input, same bytes
    buf = io.BytesIO()
    out.write(buf)
    return buf.getvalue()
