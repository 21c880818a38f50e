"""Drafts a section's timeline, key terms, people and questions from its sentences, each marked for review."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from lessonpress.draft.text import MONTHS, DateMention, Sentence, find_dates, is_causal

NAME = re.compile(r"(?<![\w’'-])(?:[A-Z][\w’'-]+(?:\s+(?:of|de|von)\s+|\s+|-)){1,4}[A-Z][\w'-]+(?:’(?!s\b)[\w-]+)?")
NUMBER = re.compile(r"(?<![\w.,$-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?=\s+(?:percent|million|billion|thousand|"
                    r"troops|men|tanks|aircraft|rubles|dollars|lots|fishing|miles|kilometers|people|ships|"
                    r"years|days|months|[a-z]+s\b))")
DEFINED = re.compile(r"(?P<term>(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,4}(?:\s+[a-z]+)?),\s+"
                     r"(?P<def>(?:a|an|the|whose|which|who)\s[^,;()]{8,140})(?:,|\.?$)")
PERSON = re.compile(r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+),\s+(?P<role>(?:[A-Z][\w’'-]+\s+)"
                    r"[^,;()]{3,80}),")
GLOSS = re.compile(r"(?P<term>[\w’'-]+(?:\s+[\w’'-]+){0,3})[”\"’]?\s*(?:—|–|-|,)\s*i\.e\.,?\s+(?P<def>[^.;()]{3,100})")
PLACE = re.compile(r"(?P<term>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}),\s+(?P<def>in\s+present[- ]day\s+[A-Z][\w’'-]+)")
SKIP_NAMES = set(MONTHS) | set("""The A An In On At By After Before Although When While Despite However Also Instead
Further Furthermore Moreover Therefore Thus Meanwhile Had Has Have This These Those That Its Their His Her Our As If
Both Each Every Many Some Such Since Until With Without From For Not Only Even Then Later Three Four Two One Within
Unable Though Because Due Under Over Between During Once""".split())
GROUPS = {"agreement": {"Treaty", "Pact", "Convention", "Agreement", "Protocol", "Declaration", "Accords", "Act"},
          "body": {"Company", "Organization", "Party", "Ministry", "Union", "Army", "Front", "Fleet", "Government",
                   "Council", "Society", "Committee", "Navy", "League", "Bank", "Office", "Railway", "Railroad"}}
ESSAY_RUBRIC = [("States a clear claim that answers the question.", 2),
                ("Supports it with at least two facts from the reading, each with its citation.", 4),
                ("Explains how each piece of evidence supports the claim.", 3),
                ("Writes in clear, organized paragraphs.", 1)]


@dataclass
class Drafted:
    """What was drafted for one section."""

    timeline: list[dict]
    vocabulary: list[dict]
    people: list[dict]
    questions: list[dict]
    unused_terms: list[str]


def _review(s: Sentence, what: str = "Drafted") -> str:
    borrowed = "" if s.own_cite else "; the citation is the next one in the paragraph"
    if s.borrowed is not None:
        borrowed = (f"; this passage cites nothing, so the citation is that of the most similar sentence, "
                    f"“{_short(s.borrowed.plain, 100)}”")
    return f"{what} from reading paragraph {s.paragraph}: “{_short(s.plain)}”{borrowed}"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _where(s: Sentence) -> dict:
    """The question's cite, and its reading paragraph unless the citation was borrowed from another section."""
    footnoted = any(not c.written.startswith("(") for c in s.cites)  # `check` sees only parenthetical ones
    if s.borrowed is not None or footnoted:
        return {"cite": _cites(s)}
    return {"cite": _cites(s), "paragraph": s.paragraph}


def _pick(seed: str, n: int) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16) % n


def _cites(s: Sentence) -> list[str]:
    return list(dict.fromkeys(c.cite for c in s.cites if c.cite))


def _dated(sents: list[Sentence]) -> list[tuple[Sentence, DateMention]]:
    out = []
    year = None
    for s in sents:
        for d in find_dates(s.plain, year):
            out.append((s, d))
            year = d.key[0]
    return out


def timeline(sents: list[Sentence]) -> list[dict]:
    """One event per date mention, in date order, with its citation where the text gives one."""
    events = []
    for order, (s, d) in enumerate(_dated(sents)):
        cites = _cites(s)
        event = {"date": d.text, "event": s.plain, "cite": cites[0]} if cites else \
            {"date": d.text, "event": s.plain}
        event["review"] = _review(s) if cites else _review(s) + "; the text gives no citation for it"
        events.append((d.key, order, event))
    return [e for _, _, e in sorted(events, key=lambda e: (e[0], e[1]))]


def vocabulary(sents: list[Sentence]) -> tuple[list[dict], list[dict]]:
    """Terms and people the text defines or explains in passing ("Harbin, a major juncture on …")."""
    terms: dict[str, dict] = {}
    people: dict[str, dict] = {}
    for s in sents:
        for m in PERSON.finditer(s.plain):
            name = m["name"]
            if re.fullmatch(r"[A-Z][\w’'-]+\s+[A-Z][\w’'-]+", m["role"].strip()) and \
                    re.match(r"\s*and\s+[A-Z]", s.plain[m.end():]):
                continue  # "Joseph Stalin, Franklin Roosevelt, and Winston Churchill": a list of names
            if name.split()[0] not in SKIP_NAMES and name not in people and not re.search(r"\d", m["role"]):
                people[name] = {"name": name, "role": m["role"].strip(), "review": _review(s, "Found")}
        for rx in (DEFINED, GLOSS, PLACE):
            for m in rx.finditer(s.plain):
                term = re.sub(r"^the\s+", "", m["term"].strip(), flags=re.I)
                term = re.sub(r"^(?:(?:In|On|By|Also|After|Before|When|While|Despite|Then|As)\s+)+", "", term)
                if not term or term in terms or term in people or term.split()[0] in SKIP_NAMES or \
                        re.search(r"\d", term):
                    continue
                definition = m["def"].strip()
                if not _defines(rx is DEFINED, s.plain[:m.start()], definition):
                    continue
                definition = re.sub(r"^whose\s", "Its ", definition)
                definition = re.sub(r"^which\s", "It ", definition)
                definition = re.sub(r"^who\s", "Someone who ", definition)
                definition = definition[0].upper() + definition[1:]
                terms[term] = {"term": term, "definition": definition.rstrip(".") + ".", "review": _review(s, "Found")}
    return list(terms.values()), list(people.values())


PREPOSITION = re.compile(r"\b(?:of|in|to|for|from|at|on|with|by|within|into|over|against|about|among|through|"
                         r"towards?|upon|under|than)\s*$")


def _defines(apposition: bool, before: str, definition: str) -> bool:
    """False for a phrase that only looks like "Term, a definition,": the object of a preposition ("the fall of
    Canton, the supplies were…"), a clause, or one item of a list of names."""
    if apposition and PREPOSITION.search(before):
        return False
    if re.match(r"(?:a|an|the)\s", definition):
        return not (re.search(r"\b(?:was|were|would|is|are|had|has|will|could|did)\b", definition)
                    or re.fullmatch(r"the(?:\s+[A-Z][\w’'-]*)+", definition))
    return True


def rare_words(sents: list[Sentence]) -> list[str]:
    """Long, rarely used-looking words a teacher may want to define (the text does not define them)."""
    found: dict[str, None] = {}
    for s in sents:
        for w in re.findall(r"(?<![A-Za-z’'-])[a-z][a-z-]{8,}(?![A-Za-z’'])", s.plain):
            if re.search(r"(ism|ist|ical|ation|ology|ity|ive|ary|ence|ance|tic)$", w):
                found.setdefault(w)
    return list(found)


def names(text: str) -> list[str]:
    """Capitalised names of two or more words, without a sentence's opening word ("Had Japan" is not a name)."""
    out = []
    for m in NAME.finditer(text):
        words = m[0].split()
        while words and (words[0] in SKIP_NAMES or words[0].islower()):
            words = words[1:]
        if len(words) >= 2 and words[-1] not in SKIP_NAMES:
            out.append(" ".join(words))
    return out


def _group(name: str, people: set[str]) -> str:
    last = name.split()[-1]
    if name in people:
        return "person"
    return next((g for g, ends in GROUPS.items() if last in ends), "other")


def kind_values(sents: list[Sentence]) -> dict[str, list[str]]:
    """Same-kind values across the text, for distractors: years, full dates, numbers, names."""
    kinds: dict[str, dict[str, None]] = {"year": {}, "full": {}, "month": {}, "number": {}, "name": {}, "person": {}}
    for _, d in _dated(sents):
        if d.kind in kinds:
            kinds[d.kind].setdefault(d.text)
    for s in sents:
        for m in NUMBER.finditer(s.plain):
            if not re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", m[1]):
                kinds["number"].setdefault(m[1])
        for name in names(s.plain):
            kinds["name"].setdefault(name)
        for m in PERSON.finditer(s.plain):
            kinds["person"].setdefault(m["name"])
        for m in PERSON.finditer(s.plain):  # "Japanese Ambassador" in "X, Japanese Ambassador to …" is a role
            kinds["name"].pop(m["role"].split(" to ")[0].strip(), None)
    return {k: list(v) for k, v in kinds.items()}


def _targets(s: Sentence, year: int | None) -> list[tuple[str, str]]:
    """(kind, value) a question can ask about in a sentence, best first."""
    out = [(d.kind, d.text) for d in find_dates(s.plain, year) if d.kind in ("full", "month", "year")]
    out += [("number", m[1]) for m in NUMBER.finditer(s.plain) if not re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", m[1])]
    out += [("name", n) for n in names(s.plain) if s.plain.count(n) == 1]
    return [(k, v) for k, v in out if len(re.findall(rf"(?<![\w]){re.escape(v)}(?![\w])", s.plain)) == 1]


def _others(kinds: dict[str, list[str]], kind: str, value: str, n: int) -> list[str]:
    pool = [v for v in kinds.get(kind, []) if v != value and value not in v and v not in value]
    if kind == "name":  # names of the same kind: treaties with treaties, companies and armies with bodies
        people = set(kinds.get("person", []))
        pool = [v for v in pool if _group(v, people) == _group(value, people)]
        last = value.split()[-1]
        pool.sort(key=lambda v: (v.split()[-1] != last, abs(len(v.split()) - len(value.split()))))
    elif kind in ("year", "full", "month"):  # the nearest dates make the hardest distractors
        year = int(re.search(r"\d{4}", value)[0])
        pool.sort(key=lambda v: abs(int(re.search(r"\d{4}", v)[0]) - year))
    elif kind == "number":
        pool.sort(key=lambda v: abs(float(v.replace(",", "")) - float(value.replace(",", ""))))
    return pool[:n]


def _blank(text: str, value: str) -> str:
    return re.sub(rf"(?<![\w]){re.escape(value)}(?![\w])", "___", text, count=1)


def questions(title: str, sents: list[Sentence], kinds: dict[str, list[str]], limit: int = 2) -> list[dict]:
    """Draft questions of up to seven kinds, each from one cited sentence of the section; `kinds` are the whole
    text's values of each kind, for distractors."""
    usable = [s for s in sents if _cites(s) and "___" not in s.plain and 40 <= len(s.plain) <= 400]
    out: list[dict] = []
    year = None
    targets: list[tuple[Sentence, str, str]] = []
    for s in usable:
        for kind, value in _targets(s, year):
            targets.append((s, kind, value))
        dates = find_dates(s.plain, year)
        year = dates[-1].key[0] if dates else year

    asked: set[tuple[int, str]] = set()

    def take(pred, n: int, need: int = 3, fresh: bool = True):
        got, mine = [], set()
        for s, kind, value in targets:
            if len(got) >= n:
                break
            if id(s) not in mine and (not fresh or (id(s), value) not in asked) and pred(kind) and \
                    len(_others(kinds, kind, value, need)) >= need:
                mine.add(id(s))
                asked.add((id(s), value))
                got.append((s, kind, value))
        return got

    for s, kind, value in take(lambda k: k in ("number", "year", "full", "name"), limit):
        bank = sorted([value, *_others(kinds, kind, value, 3)], key=lambda v: _pick(v, 997))
        out.append({"type": "fill_in_blank", "prompt": _blank(s.plain, value), "answers": [value], "word_bank": bank,
                    **_where(s), "review": _review(s)})
    chosen = take(lambda k: True, limit)
    chosen += take(lambda k: True, limit - len(chosen), fresh=False)  # a short text: the same fact, asked anew
    for s, kind, value in chosen:
        wrong = _others(kinds, kind, value, 3)
        at = _pick(s.plain, len(wrong) + 1)
        choices = wrong[:at] + [value] + wrong[at:]
        out.append({"type": "multiple_choice",
                    "prompt": f"Which completes the sentence from the reading? “{_blank(s.plain, value)}”",
                    "choices": choices, "answer": "ABCDEF"[at], **_where(s),
                    "review": _review(s)})
    for i, (s, kind, value) in enumerate(take(lambda k: True, limit, need=1)):
        if i % 2 == 0:
            swap = _others(kinds, kind, value, 1)[0]
            out.append({"type": "true_false", "prompt": _blank(s.plain, value).replace("___", swap, 1),
                        "answer": "false", "explanation": f"The reading says {value}, not {swap}.",
                        **_where(s),
                        "review": _review(s, f"Drafted by putting {swap} for {value}")})
        else:
            out.append({"type": "true_false", "prompt": s.plain, "answer": "true", **_where(s),
                        "review": _review(s)})
    events = _ordering(sents)
    if events:
        out.append({"type": "ordering", "prompt": "Put these events in the order they happened.",
                    "items": [_short(s.plain, 140) for s in events],  # short, so the list keeps to one page
                    "cite": list(dict.fromkeys(c for s in events for c in _cites(s))),
                    "review": "Drafted from the dated sentences of paragraphs "
                              f"{', '.join(str(p) for p in dict.fromkeys(s.paragraph for s in events))}"})
    for s in [s for s in usable if is_causal(s.plain)][:limit]:
        quoted = s.plain
        i = sents.index(s)
        if PRONOUN.match(s.plain) and i and sents[i - 1].paragraph == s.paragraph:
            quoted = f"{sents[i - 1].plain} {s.plain}"  # "It also led to…" needs the sentence before it
        out.append({"type": "short_answer",
                    "prompt": f"The reading says: “{quoted}” Explain in your own words the cause and the "
                              "effect it describes.",
                    "answer": s.plain, "points": "2", **_where(s),
                    "review": _review(s)})
    if usable:
        top = max(usable, key=lambda s: (_claim(s), -usable.index(s)))
        cites = list(dict.fromkeys(c for s in usable for c in _cites(s)))[:6]
        out.append({"type": "essay",
                    "prompt": f"In “{title}” the reading says: “{top.plain}” Using "
                              "evidence from at least two paragraphs, explain whether the rest of the reading "
                              "supports this claim. Cite the page for each piece of evidence.",
                    "rubric": [{"criterion": c, "points": str(p)} for c, p in ESSAY_RUBRIC],
                    "cite": cites, "review": _review(top) + "; default rubric"})
    return out


PRONOUN = re.compile(r"^(?:It|This|These|That|Those|They|He|She|Such)\b")
CLAIM = re.compile(r"\b(?:tensions?|increas\w*|caus\w*|led|result\w*|important|despite|however|although|only|"
                   r"intended|actually|benefi\w*|shaped|influenc\w*|failure|success\w*)\b", re.I)


def _claim(s: Sentence) -> int:
    """How much a sentence reads like a claim to argue about: weighing words, and no date (not an event)."""
    return len(CLAIM.findall(s.plain)) - (2 if find_dates(s.plain) else 0) - (1 if PRONOUN.match(s.plain) else 0)


def _ordering(sents: list[Sentence]) -> list[Sentence]:
    """Up to five dated sentences with different dates, in date order (the reading may tell them out of order)."""
    best: dict[int, tuple[tuple, Sentence]] = {}
    for s, d in _dated(sents):
        if _cites(s) and id(s) not in best and len(s.plain) <= 200:
            best[id(s)] = (d.key, s)
    ordered = sorted(best.values(), key=lambda x: x[0])
    keys = [k for k, _ in ordered]
    picked = [s for i, (k, s) in enumerate(ordered) if keys.count(k) == 1 and (i == 0 or keys[i - 1] != k)]
    if len(picked) > 5:
        step = len(picked) / 5
        picked = [picked[int(i * step)] for i in range(5)]
    return picked if len(picked) >= 3 else []


def draft(title: str, sents: list[Sentence], kinds: dict[str, list[str]]) -> Drafted:
    """Everything drafted for one section; `kinds` from kind_values() over the whole text."""
    terms, people = vocabulary(sents)
    defined = {t["term"].lower() for t in terms}
    return Drafted(timeline(sents), terms, people, questions(title, sents, kinds),
                   [w for w in rare_words(sents) if w not in defined])
