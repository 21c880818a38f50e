"""Which characters the PDF fonts can draw, without loading the fonts: `check` stays light and still warns.

The ranges in fonts/coverage.json are written by `python -m lessonpress.glyphs` from the vendored DejaVu
fonts; a test checks they still match the fonts."""

from __future__ import annotations

import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from lessonpress.errors import Diagnostic, Loc

DATA = Path(__file__).resolve().parent / "fonts" / "coverage.json"


def ranges(points: frozenset[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for p in sorted(points):
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


@lru_cache(maxsize=1)
def coverage() -> frozenset[int]:
    """Code points every standard PDF font (DejaVu Serif and Sans, all faces) can draw."""
    spans = json.loads(DATA.read_text(encoding="utf-8"))
    return frozenset(p for start, end in spans for p in range(start, end + 1))


@lru_cache(maxsize=1)
def _drawable() -> frozenset[str]:
    return frozenset(map(chr, coverage()))


def missing_glyphs(scalars: list[tuple[Loc, str]]) -> list[Diagnostic]:
    """A warning at the exact file:line:col of each text that holds a character the fonts cannot draw."""
    have = _drawable()
    out = []
    for loc, text in scalars:
        missing = sorted(ch for ch in set(text).difference(have) if not ch.isspace())
        if missing:
            names = ", ".join(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in missing)
            out.append(Diagnostic(loc, f"{names} cannot be drawn by the PDF fonts and would print as a box; "
                                  "replace or remove it", "font.missing-glyph", "warning"))
    return out


def main() -> int:
    from lessonpress.writers.fonts import coverage as from_fonts

    DATA.write_text(json.dumps(ranges(from_fonts())) + "\n", encoding="utf-8")
    print(f"wrote {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
