"""Class sets: each form is rendered once; every student's copy is that form with their name and period stamped on.

A copy shares the form's page content and fonts inside the PDF; only a small stamp (a Form XObject drawn over
the page) is made per student and page. Each copy starts on a new sheet when printed double-sided.
"""

from __future__ import annotations

from lessonpress.roster import Student
from lessonpress.stamp import BOLD, SIZE, Sheet, band, fit, sorting_label
from lessonpress.structure_tree import Binder
from lessonpress.writers import Output


def _stamps(copies: list[tuple[Student, Output, list[float]]], period_label: str) -> tuple[bytes, list[bytes]]:
    """One stamp per student page (the name and period in their blanks, and a sorting line on every page, in the
    margin band under the running header), for each student's form and the heights of its pages: a PDF
    holding the fonts they use, and each stamp's operators."""
    sheet = Sheet()
    drawn = []
    for s, form, heights in copies:
        for number, height in enumerate(heights, 1):
            _, left, right = band(height)
            y = form.stamp_at or band(height)[0]
            sheet.text(right, y, sorting_label(s.name, period_label, right - left), align="right")
            for field, text in (("name", s.name), ("period", s.period)):
                page, x, base, room, size = form.fields.get(field, (0, 0, 0, 0, 0))
                if page == number:
                    text, size = fit(text, BOLD, max(12.0, size), room - 4, least=SIZE)
                    sheet.text(x + 2, base + 2, text, BOLD, size)
            drawn.append(sheet.take())
    return sheet.finish(), drawn


class Readers(dict):
    """What is learnt of each form's PDF for all of a lesson's periods: the digests of its fonts and images (see
    structure_tree.digest), kept with the form, so that a memo never outlives what it describes."""

    def memo(self, form: Output) -> dict:
        return self.setdefault(id(form), (form, {}))[1]


def assemble(students: list[Student], forms: dict[tuple, Output], title: str, double_sided: bool = True,
             readers: Readers | None = None, author: str = "", *, period_label: str,
             form_labels: dict[str, str], language: str) -> bytes:
    """One PDF of every student's copy, in roster order, each starting on an odd page if double-sided.

    `period_label` ("Period 3") follows each name in the sorting line; `form_labels` name each form in the
    bookmarks ({"B": "Form B"})."""
    readers = readers if readers is not None else Readers()
    binder = Binder()
    copies = []  # each student, their form, and the heights of its pages
    firsts = []
    for s in students:
        key = (s.form, s.large_print)
        form = forms[key]
        first = binder.add(form.data, share=key, memo=readers.memo(form))  # the form's objects shared
        firsts.append(first)
        count = len(binder) - first
        copies.append((s, form, [binder.size(first + i)[1] for i in range(count)]))
        if double_sided and count % 2:
            binder.blank(*binder.size(len(binder) - 1))
        label = f" · {form_labels[s.form]}" if s.form else ""
        binder.bookmark(f"{s.name}{label}", first)
    stamp_pdf, drawn = _stamps(copies, period_label)
    binder.stamp_fonts(stamp_pdf)
    stamps = iter(drawn)
    for first, (_, _, heights) in zip(firsts, copies, strict=True):
        for i in range(len(heights)):
            binder.stamp(first + i, next(stamps))
    return binder.finish(title, author, language)  # same input, same bytes; each copy's structure kept
