"""A page-level checker of written PDFs: finds what a teacher would not photocopy (stranded headings, near-empty
pages, tables continued without their header row, split matching/ordering questions, ink near the paper edge).

    faults = check_pdf(path, profile="standard", paper="letter")          # [] when every page is right
    faults += check_questions(path, lesson_path, profile="standard")     # matching/ordering kept whole

Each fault is one line, "page 3: heading 'Timeline' stranded at the page foot (0 lines follow it)". Pages are
read with pdfplumber (its pdfminer layout objects, used directly: the dictionaries pdfplumber makes of them
would triple the time). What the checker calls things:

- *content* is what lies inside the text block (between the top and bottom margins of the profile's page);
  the running header and footer lie outside it and are never content.
- a *unit* is one line of content: a text line outside tables, one ruled answer line, or one table row (rows
  are the gaps between the horizontal rules of a grid; a shaded row is a header row and counts as none).
- a *heading* is a text line set in the profile's bold sans at the h1, h2 or h3 size, outside any table/box.
- a page's *document* page number comes from its footer "Page N of M" (a packet or class set holds many
  documents); a page without one (a cover, a blank padding page) is never "inside" a document.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.pagereader import Grid, Page, Unit, _squash, read_pages

EDGE = 54.0  # 0.75 in: no ink nearer the paper edge than this
PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}


# -- the checks ----------------------------------------------------------------------------------------

def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _headings(units: list[Unit]) -> list[tuple[int, int]]:
    """Runs of heading units (a wrapped heading is one), as index ranges."""
    out, i = [], 0
    while i < len(units):
        if units[i].kind == "heading":
            j = i
            while j + 1 < len(units) and units[j + 1].kind == "heading" and units[j + 1].top - units[j].bottom < 4:
                j += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def _same_table(a: Grid | None, b: Grid | None) -> bool:
    return (a is not None and b is not None and abs(a.x0 - b.x0) < 2 and abs(a.x1 - b.x1) < 2
            and a.cols == b.cols)


def _starts_new_block(page: Page) -> bool:
    """Whether the page begins with a heading or a box: what ended the previous page's section."""
    if not page.units:
        return True
    first = page.units[0]
    return first.kind == "heading" or (first.grid is not None and not first.grid.is_table
                                       and first.grid.top < page.frame_top + 30)


def stranded_headings(pages: list[Page]) -> list[str]:
    """Headings with fewer than two units of content after them on their page, their section going on overleaf;
    and tables begun at the page foot with their header row and less than two lines (one row of one line),
    continued overleaf."""
    faults = []
    for k, page in enumerate(pages):
        nxt = pages[k + 1] if k + 1 < len(pages) else None
        if not page.inner or nxt is None:
            continue  # the last page of a document: nothing follows that could have been kept with it
        found = False
        for i, j in _headings(page.units):
            after = [u for u in page.units[j + 1:] if u.kind not in ("heading", "header-row")]
            if sum(u.lines for u in after) >= 2 or (len(after) == 1 and _starts_new_block(nxt)):
                continue  # enough follows, or a one-line section (a total, a one-row table) ends here
            text = " ".join(u.text for u in page.units[i:j + 1])
            faults.append(f"page {page.number}: heading '{_short(text)}' stranded at the page foot "
                          f"({len(after)} line{'s' if len(after) != 1 else ''} of content after it)")
            found = True
        last = page.units[-1] if page.units else None
        first = nxt.units[0] if nxt.units else None
        if found or last is None or first is None or last.kind not in ("row", "header-row") \
                or first.kind not in ("row", "header-row"):
            continue
        if not _same_table(last.grid, first.grid) or not last.grid.shaded:
            continue
        rows = [u for u in page.units if u.grid is last.grid]
        body = [u for u in rows if u.kind == "row"]
        if len(body) < 2 and sum(u.lines for u in body) < 2:  # one row of several lines is two lines of content
            faults.append(f"page {page.number}: table '{_short(rows[0].text)}' begun at the page foot with "
                          f"{len(body)} row{'s' if len(body) != 1 else ''} under its header, continued overleaf")
    return faults


QUESTION_RE = re.compile(r"^\d+\.(\s|$)")


def _starts_question(u: Unit) -> bool:
    return u.kind == "text" and bool(QUESTION_RE.match(u.text)) and u.bold


def _first_block(page: Page) -> float:
    """Height of what must travel together at the top of the page (a documented approximation):

    - headings, and the lines after them up to the first question, go with what follows (a group's heading
      and instructions are kept with its first question);
    - a question (a line starting with a bold "N.") runs to the next question or heading, but a run of seven
      ruled answer lines or more counts only to its third line (the rest may go on to the next page);
    - other lines (a paragraph) run while the blank between them is under 0.9 of the body size."""
    units = page.units
    if not units:
        return 0.0
    i, top, bottom = 0, units[0].top, units[0].bottom
    while i < len(units) and units[i].kind == "heading":  # headings and instructions
        bottom, i = units[i].bottom, i + 1
        while i < len(units) and units[i].kind == "text" and not _starts_question(units[i]):
            bottom, i = units[i].bottom, i + 1
    if i >= len(units):
        return bottom - top
    if _starts_question(units[i]):
        end = i + 1
        while end < len(units) and units[end].kind != "heading" and not _starts_question(units[end]):
            end += 1
        body = units[i:end]
        # only a long answer space (seven lines or more) may go on to the next page, after its third line
        splits = sum(u.kind == "answer-line" for u in body) >= 7
        lines = 0
        for u in body:
            bottom = max(bottom, u.bottom)
            lines += u.kind == "answer-line"
            if splits and lines >= 3:
                break
        return bottom - top
    if units[i].kind in ("row", "header-row"):
        while i < len(units) and units[i].kind == "header-row":
            i += 1
        return (units[i].bottom if i < len(units) else bottom) - top
    bottom = units[i].bottom
    for u in units[i + 1:]:
        if u.top - bottom > 0.9 * page.profile.body or u.kind == "heading":
            break
        bottom = max(bottom, u.bottom)
    return bottom - top


SPACING = 1.1


def near_empty_pages(pages: list[Page]) -> list[str]:
    faults = []
    for k, page in enumerate(pages):
        if not page.inner or k + 1 >= len(pages):
            continue
        used = page.lowest - page.frame_top if page.units else 0.0
        if used >= page.text_height / 2:
            continue
        free = page.frame_bottom - max(page.lowest, page.frame_top)
        nxt = pages[k + 1]
        first = _first_block(nxt)
        # the block's ink is measured; the writer also needs the space around it (before a question, a table's
        # padding, the gap under a heading): about a tenth more and a line
        if first * SPACING + nxt.profile.body * 1.5 > free:
            continue  # the next block could not have fitted here
        what = _short(nxt.units[0].text if nxt.units else "")
        faults.append(f"page {page.number}: near-empty page, content uses {used / page.text_height:.0%} of "
                      f"the text height; the next page's first block ('{what}', {first:.0f} pt) would fit in the "
                      f"{free:.0f} pt left")
    return faults


def tables_without_header(pages: list[Page]) -> list[str]:
    faults = []
    for prev, page in zip(pages, pages[1:], strict=False):
        first = next((u for u in page.units), None)
        last = next((u for u in reversed(prev.units)), None)
        if first is None or last is None or first.kind != "row" or last.kind not in ("row", "header-row"):
            continue
        g, pg = first.grid, last.grid
        if abs(g.x0 - pg.x0) > 2 or abs(g.x1 - pg.x1) > 2 or g.cols != pg.cols:
            continue  # a different table
        if not pg.shaded:
            continue  # the table has no header row to repeat
        faults.append(f"page {page.number}: table continued from page {prev.number} without its header row "
                      f"(first row '{_short(first.text)}')")
    return faults


def ink_near_edge(pages: list[Page], edge: float = EDGE) -> list[str]:
    faults = []
    for page in pages:
        worst: dict[str, tuple[float, str]] = {}
        for x0, y0, x1, y1, what in page.ink:
            for side, dist in (("left", x0), ("right", page.width - x1), ("bottom", y0), ("top", page.height - y1)):
                if dist < edge - 0.5 and (side not in worst or dist < worst[side][0]):
                    worst[side] = (dist, what)
        if worst:
            parts = []
            for side, (dist, what) in sorted(worst.items()):
                label = _near_text(page, side, edge) or what
                parts.append(f"{side} {dist / 72:.2f} in ('{_short(label, 30)}')")
            faults.append(f"page {page.number}: ink within 0.75 in of the paper edge: " + ", ".join(parts))
    return faults


def _near_text(page: Page, side: str, edge: float) -> str:
    for ln in page.running + page.lines:
        if (side == "top" and ln.top < edge) or (side == "bottom" and ln.bottom > page.height - edge) or \
                (side == "left" and ln.x0 < edge) or (side == "right" and ln.x1 > page.width - edge):
            return ln.text
    return ""


def check_pages(pages: list[Page], paper: str | None = None) -> list[str]:
    faults = []
    if paper is not None:
        w, h = PAPERS[paper]
        for page in pages:
            if abs(page.width - w) > 1 or abs(page.height - h) > 1:
                faults.append(f"page {page.number}: paper {page.width:.0f}x{page.height:.0f} pt, not {paper}")
    found = (stranded_headings(pages) + near_empty_pages(pages) + tables_without_header(pages)
             + ink_near_edge(pages))
    return faults + sorted(found, key=lambda f: int(f.split(":")[0].split()[1]))


def check_pdf(path: Path | str, *, profile: str | tuple[str, ...] = "standard", paper: str | None = None,
              pages: list[Page] | None = None) -> list[str]:
    """Every fault of a PDF's pages, one line each ("page 3: …"); [] when it is print-ready.

    `profile` names the profile it was written in (a tuple when a class set mixes them); `paper` the
    expected paper ("letter", "a4"), checked when given; `pages` reuses pages already read."""
    return check_pages(pages if pages is not None else read_pages(path, profile), paper)


# -- matching and ordering questions ------------------------------------------------------------------------

def _cells(page: Page) -> list[tuple[float, str]]:
    """The page's text in blocks: runs of a line joined with the runs directly below that overlap them
    (the lines of one cell or paragraph), as (top, text), top-down."""
    cells: list[list] = []  # [top, bottom, x0, x1, text]
    for ln in page.lines:
        for x0, x1, text in ln.segs:
            for c in reversed(cells):
                if 0 <= ln.top - c[1] < page.profile.body * 0.8 and x0 < c[3] and x1 > c[2]:
                    c[1], c[2], c[3], c[4] = ln.bottom, min(c[2], x0), max(c[3], x1), c[4] + " " + text
                    break
            else:
                cells.append([ln.top, ln.bottom, x0, x1, text])
    return sorted(((c[0], _squash(c[4])) for c in cells), key=lambda c: c[0])


def check_questions(path: Path | str, lesson: Path | str | object, *, profile: str | tuple[str, ...] = "standard",
                    pages: list[Page] | None = None) -> list[str]:
    """Faults where a matching or ordering question of `lesson` (a lesson file, or a validated Lesson) does not
    have its prompt and all its items on one page (a matching question too tall for one may go on where each
    page shows all its choices again) of the worksheet (or of each copy in the class set) at `path`."""
    if isinstance(lesson, (str, Path)):
        lesson = load_lesson(Path(lesson))
    pages = pages if pages is not None else read_pages(path, profile)
    docs: list[list[Page]] = []
    for p in pages:  # a class set holds one copy per student: each starts at its "Page 1 of M"
        if not docs or (p.doc_page is not None and p.doc_page[0] == 1):
            docs.append([])
        docs[-1].append(p)
    return [f for doc in docs for f in _check_questions(doc, lesson)]


def _check_questions(pages: list[Page], lesson) -> list[str]:
    from lessonpress.schema import Matching, Ordering

    stream = [(p.number, top, text) for p in pages for top, text in _cells(p)]
    faults = []
    for q in lesson.questions:
        if not isinstance(q, (Matching, Ordering)):
            continue
        items = ([t for p in q.pairs for t in (p.left, p.right)] if isinstance(q, Matching) else list(q.items))
        start = _find(stream, _squash(q.prompt)[:40], 0)  # a form may shuffle the questions of a part
        if start is None:
            faults.append(f"{q.type} question '{_short(q.prompt)}' not found")
            continue
        where = {stream[start][0]}
        missing = []
        for item in items:
            at = _find(stream, _squash(item)[:30], start)
            if at is None:
                missing.append(item)
            else:
                where.add(stream[at][0])
        if missing:
            faults.append(f"page {stream[start][0]}: {q.type} question '{_short(q.prompt)}': items not found: "
                          + "; ".join(_short(m, 25) for m in missing))
        if len(where) > 1 and isinstance(q, Matching) and all(
                _on_page(stream, page, _squash(p.right)[:30]) for page in where for p in q.pairs):
            continue  # a question taller than a page whose every page shows all its choices: nothing to turn to
        if len(where) > 1:
            faults.append(f"page {min(where)}: {q.type} question '{_short(q.prompt)}' split across pages "
                          f"{', '.join(map(str, sorted(where)))}")
    return faults


def _on_page(stream, page: int, needle: str) -> bool:
    return any(number == page and needle in text for number, _, text in stream)


def _find(stream, needle: str, start: int) -> int | None:
    for i in range(start, len(stream)):
        if needle in stream[i][2]:
            return i
    return None


def load_lesson(path: Path):
    """A lesson file validated by the project's own loader (the Lesson, whose questions say what to look for)."""
    from lessonpress.errors import Report
    from lessonpress.loader import load_yaml
    from lessonpress.validate import validate_lesson

    ll = validate_lesson(load_yaml(Path(path)), Report())
    if ll is None:
        raise ValueError(f"{path}: not a valid lesson")
    return ll.lesson
