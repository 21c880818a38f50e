"""Rules that find sentences, citations in the common styles, works-cited authors and dates in a passage."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

ABBREVIATIONS = {"pg", "p", "pp", "i.e", "e.g", "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "no",
                 "vol", "vs", "etc", "jr", "sr", "u.s", "u.k", "ca", "c", "cf", "ed", "eds", "trans", "fig"}
MONTHS = ("January February March April May June July August September October November December").split()
MONTH = r"(?:" + "|".join(MONTHS) + r")"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 12}
DATE_PATTERNS = [  # most specific first; each match is kept as the text gives it
    ("full", rf"\b{MONTH}\s+\d{{1,2}},?\s+{YEAR}\b"),
    ("range", rf"\b(?:from\s+|between\s+)?{YEAR}\s*(?:-|–|—|to|until|and)\s*{YEAR}\b"),
    ("season", rf"\b(?:(?:early|late|the)\s+)?(?:spring|summer|autumn|fall|winter)\s+of\s+{YEAR}\b"),
    ("end", rf"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+{YEAR}\b"),
    ("month", rf"\b{MONTH},?\s+{YEAR}\b"),
    ("day", rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d)"),
    ("decade", r"\b(?:1[0-9]{2}0|20[0-9]0)s\b"),
    ("year", rf"(?<![\w$£€.,-]){YEAR}(?![\w%-]|,\d)"),
]
DATE_RES = [(kind, re.compile(p)) for kind, p in DATE_PATTERNS]
CAUSAL = re.compile(r"\b(because|as a result|led to|leading to|resulted in|due to|caused|so that|therefore|"
                    r"consequently|in response)\b", re.I)
SURNAME = r"[A-Z][\w'’-]+"
AUTHOR = rf"{SURNAME}(?:\s+(?:and|&)\s+{SURNAME}|\s+et\s+al\.)?"
PAGES = r"\d+(?:\s*(?:-|–|,|&)\s*\d+)*"
PAREN = re.compile(r"\(([^()]{1,120})\)")
IN_PAREN = re.compile(rf"^\s*(?P<author>{AUTHOR})(?:,?\s*(?P<year>{YEAR}[a-z]?))?(?:,?\s*(?:pg\.?|pp?\.)?\s*"
                      rf"(?P<pages>{PAGES}))?\s*$")
MARKER = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


@dataclass(frozen=True)
class Cite:
    """One citation the text makes: the author as the works cited names them, pages if any, and as written."""

    author: str
    pages: str | None
    written: str

    @property
    def cite(self) -> str | None:
        """The citation in the lesson format ("Jones, pg. 178"), or None without a page."""
        return f"{self.author}, pg. {self.pages}" if self.pages else None


@dataclass
class Sentence:
    """One sentence of a paragraph, with its citations (its own, else those that close its passage)."""

    text: str
    paragraph: int
    plain: str = ""  # without its citations and footnote markers
    cites: list[Cite] = field(default_factory=list)
    own_cite: bool = True
    borrowed: Sentence | None = None  # in a passage that cites nothing: the cited sentence most like it


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; a citation after the full stop stays with its sentence."""
    out: list[str] = []
    start = 0
    depth = 0
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0:
            j = i + 1
            while j < n and paragraph[j] in "\"”’')¹²³⁴⁵⁶⁷⁸⁹⁰":
                j += 1
            word = re.search(r"([\w.]+)$", paragraph[start:i])
            short = word and (word[1].lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word[1]))
            nxt = paragraph[j:j + 2].lstrip()
            if not short and (j >= n or (paragraph[j:j + 1].isspace() and nxt[:1] and
                                         (nxt[:1].isupper() or nxt[:1] in "\"“‘(" or nxt[:1].isdigit()))):
                if nxt[:1] == "(" and PAREN.match(paragraph, j + 1) and re.match(
                        r"\(([^()]*\d[^()]*)\)\s*\.?", paragraph[j + 1:]):
                    m = re.match(r"\s*\([^()]*\)\s*\.?", paragraph[j:])
                    j += m.end()
                out.append(paragraph[start:j].strip())
                start = j
                i = j
                continue
        i += 1
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


def author_keys(works_cited: list[str]) -> list[str]:
    """The name each works-cited entry is cited by: "Jones, F. C. …" → "Jones"; "Eudin, X., and R. Slusser." →
    "Eudin and Slusser"."""
    keys = []
    for entry in works_cited:
        first = re.match(r"^\s*([\w'’-]+(?:\s+[\w'’-]+)?),", entry) or re.match(r"^\s*([\w'’-]+)", entry)
        if not first:
            keys.append(entry[:40])
            continue
        second = re.match(r"^[^.]*?(?:\.[^.]*?){0,3},?\s+and\s+(?:[A-Z][\w.]*\s+)*?([A-Z][\w'’-]+)\.", entry)
        keys.append(f"{first[1]} and {second[1]}" if second and second[1] != first[1] else first[1])
    return keys


def _known(author: str, authors: list[str]) -> str | None:
    author = " ".join(author.replace("&", "and").split())
    if not authors:
        return author
    for key in authors:
        if key == author or key.split()[0] == author.split()[0] and (" and " in key) == (" and " in author):
            return key
    return None


def citations(sentence: str, authors: list[str], notes: dict[str, str]) -> list[Cite]:
    """Every citation a sentence makes: "(Jones, pg. 178)", "(Jones 178)", "(Jones)", "(Jones, 2001, p. 5)",
    "(Jones 178; March 216)" and footnote markers whose notes name an author and page."""
    found: list[Cite] = []
    for m in PAREN.finditer(sentence):
        for part in m[1].split(";"):
            c = IN_PAREN.match(part)
            if not c:
                continue
            author = _known(c["author"], authors)
            if author and (c["pages"] or c["year"] or authors):
                pages = re.sub(r"\s*([-–])\s*", "-", c["pages"]) if c["pages"] else None
                found.append(Cite(author, pages, f"({part.strip()})"))
    resolved = note_citations(notes, authors)
    for m in MARKER.finditer(sentence):
        cite = resolved.get(m[0])
        if cite:
            found.append(Cite(cite.author, cite.pages, m[0]))
    return found


def note_citations(notes: dict[str, str], authors: list[str]) -> dict[str, Cite]:
    """What each note cites, in the notes' order, so "Ibid." takes the note before it."""
    out: dict[str, Cite] = {}
    before: list[Cite] = []
    for marker, note in notes.items():
        cite = note_citation(note, authors, before)
        if cite:
            out[marker] = cite
            before.append(cite)
    return out


def note_citation(note: str, authors: list[str], before: list[Cite]) -> Cite | None:
    """The author and page a note cites: "Ann Smith, A Town (London: X, 1990), 45." or "Ibid., 46."."""
    pages = re.search(rf"(?:pp?\.\s*)?({PAGES})\.?\s*$", note)
    page = re.sub(r"\s*([-–])\s*", "-", pages[1]) if pages else None
    if re.match(r"^\s*ibid\.?", note, re.I):
        return Cite(before[-1].author, page or before[-1].pages, note) if before else None
    head = note[:80]
    for key in authors:
        if all(re.search(rf"\b{re.escape(s)}\b", head) for s in key.split(" and ")):
            return Cite(key, page, note)
    return None


def plain(sentence: str, cites: list[Cite]) -> str:
    """The sentence without its citations and footnote markers, for prompts and timeline events."""
    text = sentence
    for c in cites:
        text = text.replace(c.written, "")
    text = re.sub(r"\s+([.,;:!?])", r"\1", MARKER.sub("", text))
    return re.sub(r"\s{2,}", " ", text).strip().replace("..", ".")


def sentences(paragraphs: list[str], authors: list[str], notes: dict[str, str]) -> list[Sentence]:
    """All sentences of a section; one without a citation of its own takes the next one in its paragraph
    (a citation at the end of a passage covers the sentences before it)."""
    out: list[Sentence] = []
    for number, para in enumerate(paragraphs, 1):
        group = [Sentence(s, number) for s in split_sentences(para)]
        for s in group:
            s.cites = citations(s.text, authors, notes)
            s.plain = plain(s.text, s.cites)
        following: list[Cite] = []
        for s in reversed(group):
            if s.cites:
                following = s.cites
            else:
                s.cites, s.own_cite = following, False
        out.extend(group)
    return out


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w’'-]{3,}", text)}


def borrow_citations(sents: list[Sentence], cited: list[Sentence]) -> None:
    """A passage that cites nothing (a conclusion) takes, sentence by sentence, the citation of the cited
    sentence elsewhere in the text that shares the most of its rarer words; the review note names that sentence."""
    pool = [(c, _words(c.plain)) for c in cited if c.cites and any(x.pages for x in c.cites)]
    if not pool:
        return
    df: dict[str, int] = {}
    for _, words in pool:
        for w in words:
            df[w] = df.get(w, 0) + 1
    weight = {w: math.log(len(pool) / n) for w, n in df.items()}
    for s in sents:
        if s.cites:
            continue
        mine = {w for w in _words(s.plain) if w in weight}
        total = sum(weight[w] for w in mine) or 1.0
        score, best = max(((sum(weight[w] for w in mine & words) / total, c) for c, words in pool),
                          key=lambda x: x[0])
        if score >= 0.3:
            s.cites, s.own_cite, s.borrowed = best.cites, False, best


@dataclass(frozen=True)
class DateMention:
    """A date as the text gives it, its kind and a sort key (year, month, day)."""

    text: str
    kind: str
    key: tuple[int, int, int]


def find_dates(text: str, year_before: int | None = None) -> list[DateMention]:
    """Dates in a sentence, longest first, not overlapping; a year used as a name ("the 1928 Convention") is
    not a date ("the 1936 program" is), and a day without a year takes `year_before`."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, DateMention]] = []
    for kind, rx in DATE_RES:
        for m in rx.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            if kind == "year" and re.search(r"\bthe\s+$", text[:m.start()], re.I) and \
                    re.match(r"\s+[A-Z]", text[m.end():]):
                continue
            key = _key(kind, m[0], year_before)
            if key is None:
                continue
            taken.append((m.start(), m.end()))
            words = re.sub(r"^(?:the|from|between)\s+", "", m[0].strip(), flags=re.I)
            found.append((m.start(), DateMention(words, kind, key)))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def _key(kind: str, text: str, year_before: int | None) -> tuple[int, int, int] | None:
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    month = next((i for i, m in enumerate(MONTHS, 1) if m in text), 0)
    day = re.search(r"\b(\d{1,2})\b", text) if kind in ("full", "day") else None
    if kind == "day":
        if year_before is None:
            return None
        years = [year_before]
    if kind == "decade":
        years = [int(re.search(r"\d{3}0", text)[0])]
    if kind == "season":
        month = next(v for k, v in SEASONS.items() if k in text.lower())
    if kind == "end":
        month = 12 if "end" in text else 6 if "middle" in text else 1
    return (years[0], month, int(day[1]) if day else 0) if years else None


def is_causal(sentence: str) -> bool:
    return bool(CAUSAL.search(sentence))
