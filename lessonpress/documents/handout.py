"""The student handout: the reading with numbered paragraphs, key terms, timeline, people, works cited."""

from __future__ import annotations

from lessonpress.citations import parse_citation
from lessonpress.documents.common import document, document_letter, source_line, with_citations
from lessonpress.labels import Labels
from lessonpress.model import Box, Document, Figure, Heading, KeepTogether, Para, Strong, Table, Text
from lessonpress.schema import Course
from lessonpress.templating import Templates
from lessonpress.validate import LoadedLesson


def document_section(ll: LoadedLesson, labels: Labels) -> list:
    """The document-based section: its heading and the central question, then each document boxed under its
    letter and title with its excerpt and source note, kept on one page where it fits (a longer one splits
    between paragraphs, its title repeated)."""
    lesson = ll.lesson
    if not lesson.documents:
        return []
    head: list = [Heading(2, (Text(labels("documents_heading")),), loc=ll.loc("documents", key=True))]
    if lesson.central_question:
        head.append(Para((Strong((Text(labels("central_question")),)), Text(lesson.central_question)),
                         role="central", loc=ll.loc("central_question")))
    blocks: list = []
    for d, doc in enumerate(lesson.documents):
        excerpt = tuple(Para(with_citations(text, ll.sources), role="excerpt", loc=ll.loc("documents", d, "excerpt"))
                        for text in doc.excerpt)
        box = Box("source-document", labels("document_title", letter=document_letter(d), title=doc.title),
                  (*excerpt, Para(source_line(doc, labels), role="source", loc=ll.loc("documents", d, "source"))),
                  loc=ll.loc("documents", d))
        whole = KeepTogether((box,), loc=box.loc)
        blocks.append(KeepTogether((*head, whole)) if head else whole)
        head = []
    return blocks


def handout(ll: LoadedLesson, course: Course, templates: Templates, paper: str | None = None) -> Document:
    lesson, labels = ll.lesson, templates.labels
    blocks: list = [
        Heading(1, (Text(lesson.title),), loc=ll.loc("title")),
        Para((Text(labels("handout_subtitle", course=course.title, section=lesson.section)),), role="subtitle",
             loc=ll.loc("section")),
    ]
    if lesson.introduction:
        blocks.append(KeepTogether((
            Heading(2, (Text(labels("introduction")),)),
            Para(with_citations(lesson.introduction, ll.sources), role="reading", loc=ll.loc("introduction")),
        )))
    first = Para(with_citations(ll.paragraphs[0].text, ll.sources), number=1, role="reading",
                 loc=ll.paragraphs[0].loc)
    blocks.append(KeepTogether((Heading(2, (Text(labels("reading_heading", section=lesson.section)),)), first)))
    blocks += figures_after(ll, 1, templates)
    for p in ll.paragraphs[1:]:
        blocks.append(Para(with_citations(p.text, ll.sources), number=p.number, role="reading", loc=p.loc))
        blocks += figures_after(ll, p.number, templates)
    blocks += figures_after(ll, None, templates)
    if lesson.vocabulary:
        blocks.append(Box("key-terms", labels("key_terms"), tuple(
            Para((Strong((Text(v.term),)), Text(" — " + v.definition)), role="term",
                 loc=ll.loc("vocabulary", i)) for i, v in enumerate(lesson.vocabulary)), loc=ll.loc("vocabulary")))
    if lesson.timeline:
        rows = tuple(((Text(e.date),), (Text(e.event),), (Text(e.cite or ""),)) for e in lesson.timeline)
        header = tuple((Text(labels(k)),) for k in ("timeline_date", "timeline_event", "timeline_source"))
        blocks.append(KeepTogether((Heading(2, (Text(labels("timeline")),)),
                                    Table(rows, header=header,
                                          widths=(0.2, 0.58, 0.22), loc=ll.loc("timeline")))))
    if lesson.people:
        rows = tuple(((Strong((Text(p.name),)),), (Text(p.role),)) for p in lesson.people)
        header = ((Text(labels("people_name")),), (Text(labels("people_role")),))
        blocks.append(KeepTogether((Heading(2, (Text(labels("key_people")),)),
                                    Table(rows, header=header, widths=(0.35, 0.65),
                                          loc=ll.loc("people")))))
    blocks += document_section(ll, labels)
    names = {c.source for p in ll.paragraphs for c in p.cites}
    names |= {cite.source for e in lesson.timeline if e.cite and (cite := parse_citation(e.cite))}
    names |= {cite.source for q in lesson.questions for t in q.cite if (cite := parse_citation(t))}
    names |= {cite.source for d in lesson.documents for t in (d.cite,) if t and (cite := parse_citation(t))}
    names |= {cite.source for _, _, q in lesson.guiding_questions for t in q.cite if (cite := parse_citation(t))}
    listed = {w.name: w for w in (*course.works_cited, *lesson.works_cited)}  # the lesson's own entry wins
    cited = [w for name, w in listed.items() if name in names]
    if cited:
        entries = [Para((Text(w.printed),), role="hanging") for w in cited]
        blocks.append(KeepTogether((Heading(2, (Text(labels("works_cited")),)), entries[0])))
        blocks.extend(entries[1:])
    return document("handout", labels("handout"), ll, course, templates, blocks, paper=paper)


def figures_after(ll: LoadedLesson, paragraph: int | None, templates: Templates) -> list[Figure]:
    """The figures printed after a reading paragraph (None: at the end of the reading), in their order."""
    out = []
    for placed in ll.figures:
        if placed.after != paragraph or placed.picture is None:
            continue
        f, pic = ll.lesson.figures[placed.index], placed.picture
        out.append(Figure(pic.data, pic.mime, pic.width, pic.height, f.alt,
                          templates.labels("figure", n=placed.number), with_citations(f.caption, ll.sources),
                          (Text(f.credit),) if f.credit else (), loc=ll.loc("figures", placed.index)))
    return out
