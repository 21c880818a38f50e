"""The writers, one per format, listed in one registry; each module is imported only when used."""

from __future__ import annotations

import datetime as dt
import importlib
import os
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


FIXED_DATE = 946684800
"""2000-01-01 UTC: the date every document is stamped with unless SOURCE_DATE_EPOCH gives another (reportlab's
own fixed date, so PDF and Word files agree), so that the same lessons always make the same bytes."""
LAST_DATE = 253402300799  # 9999-12-31, the last date PDF and Word files can hold


def source_date_problem() -> str | None:
    """What is wrong with the SOURCE_DATE_EPOCH setting, if it is set and is not a usable date."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > LAST_DATE:
        return (f"must be a whole number of seconds since 1970 (e.g. 1700000000 for November 2023), got "
                f"'{value[:40]}'; fix it or unset it to stamp documents with a fixed date")
    return None


def document_time() -> dt.datetime:
    """The date written into every document: SOURCE_DATE_EPOCH when set (checked by source_date_problem), else
    FIXED_DATE; reportlab reads the same setting for PDFs."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(value) if value else FIXED_DATE, dt.UTC)


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
