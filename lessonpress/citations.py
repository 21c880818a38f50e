"""Parses citations as teachers write them ("Jones, pg. 182-183", "Smith, par. 3", "Smith, n.p.", "(Smith)",
a quoted title) so answers can be checked against the reading, while the page shows what was written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_NUMBERS = r"\d+(?:\s*(?:-|–|,|&|and)\s*\d+)*"
_AUTHOR = r"[A-Z][\w'’.-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’.-]*)*(?:\s+et\s+al\.)?"
_TITLE = r"[\"“][^\"“”]+[\"”]"
_PLAIN_TITLE = r"[A-Z][^,()\"“”]*[^\s,()\"“”]"  # "About the Gettysburg Address", as YAML's quotes leave it
_SOURCE = rf"(?P<author>{_AUTHOR})|(?P<title>{_TITLE})|(?P<plain>{_PLAIN_TITLE})"
_PAGE_WORDS = r"pgs?\.?|pp?\.|pages?"
_PAR_WORDS = r"pars?\.|paras?\.|paragraphs?|¶+"
_LOCATOR = (rf"(?:(?:{_PAGE_WORDS})\s*(?P<pages>{_NUMBERS})|(?P<bare>{_NUMBERS})"
            rf"|(?:{_PAR_WORDS})\s*(?P<pars>{_NUMBERS})|(?P<np>n\.\s?p\.?))")
# a title may end its quotation with the comma inside (MLA): “Title,” par. 3
# an author–year–page citation gives its year before the place: (Hale, 1950, p. 12)
_YEAR = r"(?:\s*,\s*\d{4}[a-z]?(?=\s*,))?"
_FULL = rf"\s*(?:{_SOURCE}){_YEAR}(?:\s*,?\s*(?<=[,”\"\s]){_LOCATOR})?\s*"
CITE_RE = re.compile(rf"^{_FULL}$")
INLINE_RE = re.compile(rf"\({_FULL}\)")
NO_PAGE = "n.p."


@dataclass(frozen=True, order=True)
class Citation:
    """A source (an author, or the title of an unsigned source) and where in it: pages, paragraphs or
    nothing ("Smith", "Smith, n.p."); `text` is the citation as the teacher wrote it."""

    source: str
    pages: tuple[int, ...] = ()
    paragraphs: tuple[int, ...] = ()
    text: str = ""

    @property
    def author(self) -> str:
        return self.source

    def __str__(self) -> str:
        return self.text

    def within(self, other: Citation) -> bool:
        """True when this citation names the same source and at most the places the other one cites:
        a citation without pages is within any citation of its source."""
        if self.source != other.source:
            return False
        if self.pages:
            return set(self.pages) <= set(other.pages)
        if self.paragraphs:
            return set(self.paragraphs) <= set(other.paragraphs)
        return True


def _numbers(spec: str | None) -> tuple[int, ...]:
    if not spec:
        return ()
    found: set[int] = set()
    for part in re.split(r"\s*(?:,|&|and)\s*", spec.strip()):
        ends = [int(n) for n in re.split(r"\s*[-–]\s*", part) if n]
        if len(ends) == 2 and ends[0] <= ends[1] <= ends[0] + 50:
            found.update(range(ends[0], ends[1] + 1))
        else:
            found.update(ends)
    return tuple(sorted(found))


def source_name(title_or_author: str) -> str:
    """A source as citations name it: an author, or a title without its quotation marks or final comma."""
    return " ".join(title_or_author.strip().strip("\"“”").rstrip(",").split())


def _make(m: re.Match, text: str) -> Citation:
    source = source_name(m["author"] or m["title"] or m["plain"])
    return Citation(source, _numbers(m["pages"] or m["bare"]), _numbers(m["pars"]), " ".join(text.split()))


@lru_cache(maxsize=4096)
def parse_citation(text: str) -> Citation | None:
    """Parse "Jones, pg. 178" (also "Jones, 178", "Jones, p. 5", "Smith, par. 3", "Smith, n.p.", "Smith",
    "“An Unsigned Page”"); None if it is not a citation. Each text is parsed once: validation, the checks and
    every document's builder ask for the same citations again."""
    m = CITE_RE.match(text)
    return _make(m, text.strip()) if m else None


def find_citations(text: str, sources: Iterable[str] = ()) -> list[tuple[int, int, Citation]]:
    """Every parenthetical citation in a passage, as (start, end, citation).

    One with a place ("(Jones, pg. 178)", "(Smith, par. 3)", "(Smith, n.p.)") always counts; one that names
    only a source ("(Smith)", "(“Title”)"), or has no comma ("(Smith 12)"), counts when `sources` knows it, so
    "(USSR)" and "(Article 3)" stay plain text."""
    known = set(sources)
    out = []
    for m in INLINE_RE.finditer(text):
        cite = _make(m, m[0][1:-1].strip())
        placed = (cite.pages or cite.paragraphs or m["np"]) and "," in m[0]  # "(Article 3)" is not a citation
        if placed or cite.source in known:
            out.append((m.start(), m.end(), cite))
    return out
