"""Page-break rules of the PDF writer: a heading travels with the start of what follows it, a question is
never split from its answer space, long answer spaces continue on the next page with a note.

reportlab's own KeepTogether decides by the space left on the page the wrong way round for print (it splits
in place when little is left and jumps to a new page when much is free). These flowables decide explicitly:
each `split()` either places a group's required start on this page or returns [] so that the whole group
moves to the next page; at the top of an empty page a group that is taller than a page is split as its parts
allow, so nothing can loop or fail for want of room."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table

from lessonpress.compat.reportlab import table_row_cells, table_rows
from lessonpress.writers.pdf_flowables import Indented, Lines

# How many answer lines must stay with a question's prompt, and how many may go on alone to the next page.
FIRST_LINES, LAST_LINES = 3, 4
# How many lines of content (or table rows) a heading needs below it on its page.
HEAD_LINES = 2
FUZZ = 1e-6


def _gap(before: Flowable, after: Flowable) -> float:
    """The space reportlab's frame leaves between two flowables drawn one after the other."""
    return before.getSpaceAfter() + after.getSpaceBefore()


def _lines(f: Flowable) -> int:
    """Lines of text a flowable shows, for the "two lines under a heading" rule (tables and others count 2)."""
    inner = f.inner if isinstance(f, Indented) else f
    if isinstance(inner, Paragraph):
        bl = getattr(inner, "blPara", None)
        return len(bl.lines) if bl is not None else HEAD_LINES
    if isinstance(inner, Stack):
        return sum(_lines(g) for g in inner.items)
    if isinstance(inner, Table):
        return _table_lines(inner)
    return HEAD_LINES


def _table_lines(table: Table) -> int:
    """Lines of text under a table's header: its body rows, a row of wrapped cells counting its tallest cell's
    lines (one row of seven lines is as much content under a heading as seven lines of a paragraph)."""
    rows = table_row_cells(table)
    if rows is None:
        return table_rows(table) - table.repeatRows
    count = 0
    for row in rows[table.repeatRows:]:
        cells = [c for cell in row for c in (cell if isinstance(cell, (list, tuple)) else [cell])]
        count += max([1, *(len(c.blPara.lines) for c in cells
                           if isinstance(c, Paragraph) and getattr(c, "blPara", None) is not None)])
    return count


class Stack(Flowable):
    """Flowables drawn one under the other as one unbreakable flowable, spaced as the frame would space them."""

    def __init__(self, items: list[Flowable]):
        super().__init__()
        self.items = items
        self._sizes: list[tuple[float, float]] = []

    @property
    def children(self) -> list[Flowable]:
        return self.items

    def wrap(self, aw, ah):
        self._sizes = [f.wrapOn(self.canv, aw, ah) for f in self.items]
        gaps = sum(_gap(a, b) for a, b in zip(self.items, self.items[1:], strict=False))
        self.width = max((w for w, _ in self._sizes), default=0)
        self.height = sum(h for _, h in self._sizes) + gaps
        return self.width, self.height

    def getSpaceBefore(self):
        return self.items[0].getSpaceBefore() if self.items else 0

    def getSpaceAfter(self):
        return self.items[-1].getSpaceAfter() if self.items else 0

    def split(self, aw, ah):
        return []

    def drawOn(self, canvas, x, y, _sW=0):
        top = y + self.height
        for i, (f, (_, h)) in enumerate(zip(self.items, self._sizes, strict=True)):
            if i:
                top -= _gap(self.items[i - 1], f)
            top -= h
            f.drawOn(canvas, x, top, _sW)


def fit(items: list[Flowable], canv, aw: float, ah: float) -> tuple[list[Flowable], float]:
    """How many of `items` fit in `ah` whole, one after the other; returns them and the height left."""
    placed: list[Flowable] = []
    left = ah
    for f in items:
        space = _gap(placed[-1], f) if placed else 0
        _, h = f.wrapOn(canv, aw, max(left - space, 0))
        if h + space > left + FUZZ:
            break
        placed.append(f)
        left -= h + space
    return placed, left


def natural(items: list[Flowable], canv, aw: float, ah: float, at_top: bool = True,
            page_height: float | None = None) -> list[Flowable]:
    """Split a run of flowables where it falls: what fits whole, then the first part of the next one that can
    split. For a group taller than a whole page, which no rule can keep together. When nothing fits below
    other content, [] moves the run to the next page."""
    placed, left = fit(items, canv, aw, ah)
    rest = items[len(placed):]
    if rest:
        space = _gap(placed[-1], rest[0]) if placed else 0
        first = rest[0]
        if at_top and isinstance(first, Whole):
            first.canv = canv
            parts = first.split_anyhow(aw, left - space)
        else:
            parts = first.splitOn(canv, aw, left - space) if left - space > 0 else []
        # a table keeps two rows under its header; a split that leaves fewer is no split, except at the top of
        # an empty page (a row taller than the page, which must split inside itself)
        if len(parts) > 1 and (_lines(parts[0]) >= HEAD_LINES or not _is_table(parts[0]) or at_top and not placed):
            placed.append(parts[0])
            rest[0:1] = parts[1:]
    if not placed:
        return items if at_top else []
    if page_height is not None and rest:  # what is left of a question goes on as a group with the same rules
        return [Stack(placed), Whole(rest, page_height)]
    return [Stack(placed), *rest]


def _is_table(f: Flowable) -> bool:
    return isinstance(f.inner if isinstance(f, Indented) else f, Table)


class Sticky(Flowable):
    """A head (a heading, its instructions) kept on the page with the start of its body: at least two lines
    of it, or its first table row, or its first question whole. Otherwise the group starts a new page."""

    def __init__(self, head: list[Flowable], body: list[Flowable], page_height: float):
        super().__init__()
        self.head, self.body, self.page_height = head, body, page_height
        self._stack = Stack([*head, *body])

    @property
    def children(self) -> list[Flowable]:
        return [self._stack]

    def wrap(self, aw, ah):
        self._stack.canv = self.canv
        self.width, self.height = self._stack.wrap(aw, ah)
        return self.width, self.height

    def getSpaceBefore(self):
        return self._stack.getSpaceBefore()

    def getSpaceAfter(self):
        return self._stack.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self._stack.drawOn(canvas, x, y, _sW)

    def split(self, aw, ah):
        canv = self.canv
        head, left = fit(self.head, canv, aw, ah)
        at_top = ah >= self.page_height - 1
        if len(head) < len(self.head):  # the head itself does not fit
            return natural([*self.head, *self.body], canv, aw, ah) if at_top else []
        placed, rest, lines = list(head), list(self.body), 0
        while rest and lines < HEAD_LINES:
            f = rest[0]
            space = _gap(placed[-1], f) if placed else 0
            _, h = f.wrapOn(canv, aw, max(left - space, 0))
            if h + space <= left + FUZZ:
                placed.append(rest.pop(0))
                left -= h + space
                lines += _lines(f)
                continue
            parts = f.splitOn(canv, aw, left - space) if left - space > 0 else []
            if len(parts) > 1:
                _, h = parts[0].wrapOn(canv, aw, left - space)
                if h + space <= left + FUZZ:
                    placed.append(parts[0])
                    lines += _lines(parts[0])
                    rest[0:1] = parts[1:]
            break
        if lines >= HEAD_LINES or not rest:
            return [Stack(placed), *rest]
        return natural([*self.head, *self.body], canv, aw, ah) if at_top else []


class Matched(Flowable):
    """A matching question stacked for large print: its items with their blanks, then its choices, spaced by
    `gap`. Kept whole on a page; one taller than a page goes on where an item ends, and every page it is on
    shows all the choices again (the page it goes on to after the note `more` makes, which says so), so no
    student has to turn a page to match an item. Without `more` it never splits."""

    def __init__(self, items: list[Flowable], choices, gap: float, pad: float, more=None, note: bool = False,
                 page_height: float | None = None):
        super().__init__()
        self.page_height = page_height  # an item that cannot fit a page with the choices: the list goes on
        # `choices` and `more` make the choices' flowables and the note, fresh for each page they are drawn on
        self.items, self.choices, self.gap, self.pad, self.more, self.note = items, choices, gap, pad, more, note
        self._head = [more()] if note and more else []
        self._drawn = [*self._head, *items, *choices()]
        self._sizes: list[float] = []

    @property
    def children(self) -> list[Flowable]:
        return self._drawn

    def _heights(self, aw) -> list[float]:
        return [f.wrapOn(getattr(self, "canv", None), aw, 1e6)[1] + self.pad for f in self._drawn]

    def wrap(self, aw, ah):
        self._sizes = self._heights(aw)
        self.width, self.height = aw, sum(self._sizes) + self.gap
        return self.width, self.height

    def split(self, aw, ah):
        sizes = self._heights(aw)
        head = len(self._head)
        fixed = sum(sizes[:head]) + sum(sizes[head + len(self.items):]) + self.gap
        k, used = 0, fixed
        while k < len(self.items) and used + sizes[head + k] <= ah + FUZZ:
            used += sizes[head + k]
            k += 1
        never = self.page_height is not None and k == 0 and self.items \
            and fixed + sizes[head] > self.page_height + FUZZ  # its first item with the choices: taller than a page
        if k == 0 and (fixed > ah or never) and ah > 0:
            # its choices alone are taller than the space (a page): the list goes on where it falls
            flat = [*self.items, *self.choices()]
            j, used = 0, 0.0
            while j < len(flat) and used + flat[j].wrapOn(None, aw, 1e6)[1] + self.pad <= ah + FUZZ:
                used += flat[j].wrapOn(None, aw, 1e6)[1] + self.pad
                j += 1
            if j == 0:  # an item taller than the space itself: it goes on, split as its text allows
                parts = flat[0].splitOn(getattr(self, "canv", None), aw, ah - self.pad) if flat else []
                if len(parts) < 2:
                    return []
                return [Matched(parts[:1], list, 0, self.pad), Matched([*parts[1:], *flat[1:]], list, 0, self.pad,
                                                                      page_height=self.page_height)]
            return [Matched(flat[:j], list, 0, self.pad),
                    Matched(flat[j:], list, 0, self.pad, page_height=self.page_height)]
        if self.choices is list and 0 < k < len(self.items):  # a list going on where it falls
            return [Matched(self.items[:k], list, 0, self.pad),
                    Matched(self.items[k:], list, 0, self.pad, page_height=self.page_height)]
        if k == 0 or k == len(self.items) or self.more is None:
            return []
        return [Matched(self.items[:k], self.choices, self.gap, self.pad, self.more, self.note),
                Matched(self.items[k:], self.choices, self.gap, self.pad, self.more, note=True,
                        page_height=self.page_height)]

    def drawOn(self, canvas, x, y, _sW=0):
        top = y + self.height
        head = len(self._head)
        for i, (f, h) in enumerate(zip(self._drawn, self._sizes, strict=True)):
            if i == head + len(self.items):
                top -= self.gap
            top -= h
            f.drawOn(canvas, x, top + self.pad / 2, _sW)


class Whole(Stack):
    """A question: its prompt, choices or table and answer space on one page. Only its ruled answer lines
    may go on to the next page, when there are enough of them: three or more stay with the prompt, four or
    more go on, and the first page ends with the `note` saying so. An answer in a key that `runs_on` (a model
    answer) may continue after its number line and two lines of text."""

    def __init__(self, items: list[Flowable], page_height: float, note: Flowable | None = None,
                 runs_on: bool = False):
        super().__init__(items)
        self.page_height, self.note, self.runs_on = page_height, note, runs_on

    def split(self, aw, ah):
        _, height = self.wrap(aw, self.page_height)
        lines_at = next((i for i, f in enumerate(self.items)
                         if isinstance(f, Indented) and isinstance(f.inner, Lines)), None)
        if lines_at is not None and self.note is not None:
            parts = self._split_lines(lines_at, aw, ah)
            if parts:
                return parts
        if ah >= self.page_height - 1:  # taller than a page: split at its parts, the prompt's sentences last
            return (self._split_parts(aw, ah, keep_paras=True) or self._split_parts(aw, ah, keep_paras=False)
                    or natural(list(self.items), self.canv, aw, ah, page_height=self.page_height))
        if self.runs_on and height > self.page_height / 5:
            # a long written answer: its number line and two lines of it here, the rest on the next page
            parts = natural(list(self.items), self.canv, aw, ah, at_top=False, page_height=self.page_height)
            if len(parts) > 1 and _lines(parts[0]) >= 1 + HEAD_LINES:
                return self._carry_lines(parts, aw)
        if height > self.page_height + FUZZ:
            # taller than a page, so it must split somewhere: at its answer lines on the next page if it can,
            # else here at a part's end rather than after an empty page
            if lines_at is not None and self.note is not None and self._split_lines(lines_at, aw, self.page_height):
                return []
            return self._split_parts(aw, ah, keep_paras=True)
        return []

    def _carry_lines(self, parts: list[Flowable], aw: float) -> list[Flowable]:
        """A written answer split after a whole paragraph, with only a table (a rubric) or evidence going on:
        the paragraph's last two lines go on with them, so the next page does not hold them alone."""
        here, rest = parts
        last = here.items[-1] if isinstance(here, Stack) and len(here.items) > 1 else None
        inner = last.inner if isinstance(last, Indented) else last
        if not isinstance(inner, Paragraph) or _lines(inner) < 2 + HEAD_LINES or not isinstance(rest, Stack):
            return parts
        first = rest.items[0]
        first = first.inner if isinstance(first, Indented) else first
        if isinstance(first, Paragraph) and first.style is inner.style:
            return parts  # the paragraph itself goes on already
        height = inner.height - 2 * inner.style.leading
        halves = last.splitOn(self.canv, aw, height + FUZZ)
        if len(halves) != 2:
            return parts
        return [Stack([*here.items[:-1], halves[0]]), Whole([halves[1], *rest.items], self.page_height,
                                                            self.note, self.runs_on)]

    def split_anyhow(self, aw: float, ah: float) -> list[Flowable]:
        """A split for the top of a page under a heading, where moving on would strand the heading: the answer
        lines may start with fewer than three, else at a part's end, else the parts split where they fall."""
        self.wrap(aw, self.page_height)
        lines_at = next((i for i, f in enumerate(self.items)
                         if isinstance(f, Indented) and isinstance(f.inner, Lines)), None)
        if lines_at is not None and self.note is not None:
            parts = self._split_lines(lines_at, aw, ah, first=1)
            if parts:
                return parts
        return (self._split_parts(aw, ah, keep_paras=True)
                or natural(list(self.items), self.canv, aw, ah, at_top=False, page_height=self.page_height))

    def _split_parts(self, aw: float, ah: float, keep_paras: bool) -> list[Flowable]:
        """What fits here of a question taller than a page: its parts whole while they fit, then the first
        rows of a table (its header repeated overleaf), the first items of a stacked matching question, or
        (unless `keep_paras`) the first lines of a paragraph; ruled lines only with their note (`_split_lines`).
        Never the prompt alone: [] when no more than it fits."""
        canv = self.canv
        placed, left = fit(list(self.items), canv, aw, ah)
        rest = list(self.items[len(placed):])
        if not rest or not placed:
            return []
        first = rest[0]
        inner = first.inner if isinstance(first, Indented) else first
        if isinstance(inner, Lines) and self.note is not None:
            # its answer lines start here, as many as fit with the note saying to go on
            lines = self._split_lines(len(placed), aw, ah, first=1)
            if lines:
                return lines
        space = _gap(placed[-1], first)
        parts: list[Flowable] = []
        if not isinstance(inner, Lines) and not (keep_paras and isinstance(inner, Paragraph)) and left - space > 0:
            parts = first.splitOn(canv, aw, left - space)
        if len(parts) > 1 and not (_is_table(parts[0]) and _lines(parts[0]) < HEAD_LINES):
            placed.append(parts[0])
            rest[0:1] = parts[1:]
        if len(placed) < 2:
            return []
        return [Stack(placed), Whole(rest, self.page_height, self.note)]

    def _split_lines(self, at: int, aw: float, ah: float, first: int = FIRST_LINES) -> list[Flowable]:
        canv = self.canv
        ruled: Indented = self.items[at]
        lines: Lines = ruled.inner
        before, after = self.items[:at], self.items[at + 1:]
        placed, left = fit(before, canv, aw, ah)
        if len(placed) < len(before):
            return []
        _, note_height = self.note.wrapOn(canv, aw, ah)
        left -= note_height + _gap(ruled, self.note) + (_gap(placed[-1], ruled) if placed else 0) + 4
        count = min(int(left // lines.gap), lines.count - LAST_LINES)
        if count < first:
            return []
        here = Stack([*before, Indented(Lines(count, lines.lay), ruled.indent), self.note])
        rest = Whole([Indented(Lines(lines.count - count, lines.lay), ruled.indent), *after], self.page_height,
                     self.note)
        return [here, rest]

