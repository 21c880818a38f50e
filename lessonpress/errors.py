"""Diagnostics that point at the user's file, and the one error class shown as a friendly message."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a user's file: path, 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, how bad, what, and a stable code tests can pin."""

    loc: Loc
    message: str
    code: str
    severity: str = "error"

    def __str__(self) -> str:
        return one_line(f"{self.loc}: {self.severity}: {self.message} [{self.code}]")


@dataclass
class Report:
    """Collects every diagnostic of a run so all problems are shown before the run fails once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, loc: Loc, message: str, code: str) -> None:
        self.items.append(Diagnostic(loc, message, code, "error"))

    def warning(self, loc: Loc, message: str, code: str) -> None:
        self.items.append(Diagnostic(loc, message, code, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        seen: set[str] = set()
        out = []
        for d in sorted(self.items, key=lambda d: (d.loc, d.code, d.message)):
            if str(d) not in seen:
                seen.add(str(d))
                out.append(d)
        return out


class LessonpressError(Exception):
    """A problem in the user's input or setup, shown as diagnostics without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


def one_line(text: str) -> str:
    """Text with newlines and other control characters shown escaped, so a message is one honest line and
    never sends raw control codes to the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def escaped(value: str, limit: int = 60) -> str:
    """A value echoed in a message: quoted, one line, cut to `limit` characters."""
    value = one_line(value)
    return f"'{value[:limit]}…'" if len(value) > limit else f"'{value}'"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return "; did you mean 'x'?" for the nearest choice, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
