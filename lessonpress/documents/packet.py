"""A packet's cover and table of contents, as a Document written like every other page."""

from __future__ import annotations

from dataclasses import dataclass

from lessonpress.documents.common import page_labels
from lessonpress.model import Document, Heading, ItemList, KeepTogether, PageBreak, Para, Table, Text, plain
from lessonpress.schema import Course
from lessonpress.templating import Templates


@dataclass(frozen=True)
class Section:
    """One lesson in a packet: its title, and each document's label with the packet page it starts on."""

    title: str
    parts: tuple[tuple[str, int], ...]


def wording(templates: Templates, part: str, **context) -> list:
    """The lines of one part of the packet template (see templates/packet.j2)."""
    return templates.lines("packet.j2", part=part, **context)


def packet_front(course: Course, templates: Templates, packet: str, sections: list[Section],
                 form: str | None = None, forms: int = 1, paper: str | None = None) -> Document:
    """The cover (course, teacher, the lessons) and the contents: one small table per lesson, its title as the
    header row above its documents and their pages, kept on one page so no row is left alone."""
    context = {"packet": packet, "course": course, "lessons": [s.title for s in sections], "form": form,
               "forms": forms}
    name = plain(wording(templates, "name", **context)[0])
    heading, *notes = wording(templates, "contents", **context)
    page = wording(templates, "page", **context)[0]
    blocks: list = [Heading(1, (Text(course.title),)), Para((Text(name),), role="subtitle"),
                    *(Para(line) for line in wording(templates, "cover", **context)),
                    ItemList(tuple((Text(s.title),) for s in sections), ordered=True),
                    PageBreak(), Heading(1, heading), *(Para(line, role="instructions") for line in notes)]
    for i, section in enumerate(sections, 1):
        rows = tuple(((Text(label),), (Text(str(number) if number else "–"),)) for label, number in section.parts)
        table = Table(rows, header=((Text(f"{i}. {section.title}"),), page), widths=(0.84, 0.16), role="contents")
        blocks.append(KeepTogether((table,)))
    footer = " ".join(plain(line) for line in wording(templates, "footer", **context))
    return Document(kind="packet", kind_label=heading and plain(heading), title=name, course_title=course.title,
                    footer=footer, blocks=tuple(blocks), author=course.teacher or "", paper=paper or course.paper,
                    form=form, **{**page_labels(templates.labels, form), "page_label": ""})  # "Packet page N" only
