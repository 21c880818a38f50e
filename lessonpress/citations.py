"""Parses essay citations such as "(Jones, pg. 182-183)" so answers can be checked against the reading."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_PAGES = r"\d+(?:\s*(?:-|–|,|&)\s*\d+)*"
_AUTHOR = r"[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*)*"
CITE_RE = re.compile(rf"^\s*(?P<author>{_AUTHOR}),\s*(?:pg\.?|p\.|pp\.)?\s*(?P<pages>{_PAGES})\s*$")
INLINE_RE = re.compile(rf"\((?P<author>{_AUTHOR}),\s*(?:pg\.?|p\.|pp\.)?\s*(?P<pages>{_PAGES})\)")
# author–page "(Hale 12)" and author–year–page "(Hale, 1950, p. 12)": counted only for works-cited authors, so
# "(Article 3)" or "(Figure 1)" in a reading is never taken for a citation
AUTHOR_PAGE_RE = re.compile(rf"\((?P<author>{_AUTHOR})(?:,?\s+\d{{4}}[a-z]?,)?,?\s+(?:pg\.?|p\.|pp\.)?\s*"
                            rf"(?P<pages>{_PAGES})\)")


@dataclass(frozen=True, order=True)
class Citation:
    """An author and the pages cited, e.g. Jones, pages 182 and 183."""

    author: str
    pages: tuple[int, ...]
    text: str

    def __str__(self) -> str:
        return self.text

    def within(self, other: Citation) -> bool:
        """True when this citation names the same author and only pages the other one cites."""
        return self.author == other.author and set(self.pages) <= set(other.pages)


def _pages(spec: str) -> tuple[int, ...]:
    pages: set[int] = set()
    for part in re.split(r"\s*(?:,|&)\s*", spec.strip()):
        ends = [int(n) for n in re.split(r"\s*[-–]\s*", part) if n]
        if len(ends) == 2 and ends[0] <= ends[1] <= ends[0] + 50:
            pages.update(range(ends[0], ends[1] + 1))
        else:
            pages.update(ends)
    return tuple(sorted(pages))


def _make(author: str, pages: str) -> Citation:
    author = " ".join(author.split())
    spec = re.sub(r"\s*([-–])\s*", "-", pages.strip())
    spec = re.sub(r"\s*,\s*", ", ", spec)
    spec = re.sub(r"\s*&\s*", " & ", spec)
    return Citation(author, _pages(pages), f"{author}, pg. {spec}")


def parse_citation(text: str) -> Citation | None:
    """Parse "Jones, pg. 178" (also "Jones, 178", "Jones, pg.182-183"); None if it is not a citation."""
    m = CITE_RE.match(text)
    return _make(m["author"], m["pages"]) if m else None


def find_citations(text: str, authors: Collection[str] = ()) -> list[tuple[int, int, Citation]]:
    """Every parenthetical citation in a passage, as (start, end, citation); with `authors` (the works
    cited), also the author–page forms "(Hale 12)" and "(Hale, 1950, p. 12)" of those authors."""
    found = [(m.start(), m.end(), _make(m["author"], m["pages"])) for m in INLINE_RE.finditer(text)]
    for m in AUTHOR_PAGE_RE.finditer(text) if authors else ():
        if " ".join(m["author"].split()) in authors and not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), _make(m["author"], m["pages"])))
    return sorted(found)
