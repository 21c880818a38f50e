"""The writers, one per format, listed in one registry; each module is imported only when used."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Protocol

from lessonpress.errors import Diagnostic
from lessonpress.model import Document


@dataclass(frozen=True)
class Output:
    """What writing one document gives: its bytes, its page count (0 where the format has no pages) and the
    stampable header fields, each as (page, x, baseline, width, font size) in points (PDF only)."""

    data: bytes
    pages: int = 0
    fields: dict[str, tuple[int, float, float, float, float]] = field(default_factory=dict)
    stamp_at: float = 0.0
    """Baseline (from the bottom edge) of the line under the running header where a class set or packet may
    stamp a sorting label or page number (PDF only)."""
    warnings: tuple[Diagnostic, ...] = ()
    """What the format could not hold as printed (a quiz platform without ordering questions), one per question."""


class Writer(Protocol):
    name: str
    suffix: str

    def write(self, doc: Document) -> bytes: ...


# format name -> (module, class); adding a format is one module and one line here.
REGISTRY: dict[str, tuple[str, str]] = {
    "pdf": ("lessonpress.writers.pdf", "PdfWriter"),
    "docx": ("lessonpress.writers.docx", "DocxWriter"),
    "html": ("lessonpress.writers.html", "HtmlWriter"),
    "debug": ("lessonpress.writers.debug", "DebugWriter"),
    "canvas": ("lessonpress.writers.lms.canvas", "CanvasWriter"),
    "moodle": ("lessonpress.writers.lms.moodle", "MoodleWriter"),
    "gift": ("lessonpress.writers.lms.gift", "GiftWriter"),
    "blackboard": ("lessonpress.writers.lms.blackboard", "BlackboardWriter"),
    "google-forms": ("lessonpress.writers.lms.google_forms", "GoogleFormsWriter"),
}
QUIZ_FORMATS = ("canvas", "moodle", "gift", "blackboard", "google-forms")
"""The formats of the online quiz (the `quiz` document), each for one learning platform."""


def get_writer(name: str, profile: str = "standard", reference=None) -> Writer:
    """A writer for a format; `profile` (standard, large-print, dyslexia) sets its type and spacing, and
    `reference` is a DOCX whose styles a Word file starts from. A writer ignores what does not concern it."""
    module, cls = REGISTRY[name]
    return getattr(importlib.import_module(module), cls)(profile=profile, reference=reference)
