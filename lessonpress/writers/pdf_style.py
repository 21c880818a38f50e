"""PDF layout: the measures of each profile, and the paragraph styles made from them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from lessonpress.writers import fonts
from lessonpress.writers.style_data import RAW, profile_values

PAPER = {"letter": LETTER, "a4": A4}


def grey(level: float) -> Color:
    return Color(level, level, level)


@dataclass(frozen=True)
class Layout:
    """The measures of one profile: fonts, text size, spacing, answer lines."""

    name: str
    page: dict
    serif: str
    sans: str
    body: float
    min_size: float
    line_height: float
    paragraph_space: float
    answer_line: float
    bubble: float
    grey: float
    shade: float

    @property
    def scale(self) -> float:
        return self.body / RAW["body"]

    @property
    def families(self) -> tuple[str, ...]:
        """The font families the profile draws with, the fallback included."""
        return tuple(dict.fromkeys(f for f in (self.serif, self.sans, self.fallback) if f))

    @property
    def fallback(self) -> str | None:
        """The font for characters the profile's font lacks (None when it is the full DejaVu set)."""
        return None if self.serif.startswith("DejaVu") else "DejaVuSans"


@cache
def layout(profile: str = "standard") -> Layout:
    values = profile_values(profile)
    fonts.register(values["fonts"]["serif"], fonts.FACES)  # the text face: all four read before the fork
    fonts.register(values["fonts"]["sans"])
    return Layout(profile, values["page"], values["fonts"]["serif"], values["fonts"]["sans"], values["body"],
                  values["min_size"], values["line_height"], values["paragraph_space"], values["answer_line"],
                  values["bubble"], values["grey"], values["shade"])


@cache
def styles(profile: str = "standard") -> dict[str, ParagraphStyle]:
    """Paragraph styles by role; every size is the standard one times the profile's scale."""
    lay = layout(profile)
    k, lh, sp = lay.scale, lay.line_height, lay.paragraph_space
    serif, sans = lay.serif, lay.sans

    def style(name, parent=None, font=serif, size=11.0, after=4.0, before=0.0, lead=None, **kw):
        kw.setdefault("bulletFontName", serif)
        kw.setdefault("allowWidows", 0)  # never a paragraph's last line alone at the top of a page
        kw.setdefault("allowOrphans", 0)  # nor its first line alone at the foot
        scaled = max(size * k, lay.min_size)
        leading = max((lead or size * lh) * k, scaled * lh)
        return ParagraphStyle(name, parent=parent, fontName=font, fontSize=scaled, leading=leading,
                              spaceAfter=after * k * sp, alignment=TA_LEFT, **kw,
                              # a section's space above at most one and a half lines of body text (the dyslexia
                              # profile's wide spacing would otherwise leave 22 pt above every part)
                              spaceBefore=min(before * k * sp, 1.5 * lay.body))

    body = style("body")
    # room for a question number up to "99." and a space, so "10." never pushes its prompt to the right
    number_room = max(22 * k, stringWidth("99.\u2002", f"{serif}-Bold", max(11 * k, lay.min_size)))
    return {
        "body": body,
        "h1": style("h1", font=f"{sans}-Bold", size=18, lead=22.5),
        "h2": style("h2", font=f"{sans}-Bold", size=13, lead=17, before=12),
        "h3": style("h3", font=f"{sans}-Bold", size=11, before=8, after=2),
        "subtitle": style("subtitle", font=sans, size=10, after=10),
        "reading": style("reading", size=11.5, lead=11.5 * max(lh, 1.39), after=7, leftIndent=26 * k,
                         rightIndent=20 * k, bulletFontName=f"{sans}-Bold", bulletFontSize=9 * k, bulletIndent=0),
        "instructions": style("instructions", font=f"{serif}-Italic", after=6),
        "header-field": style("header-field", font=sans, lead=22, after=2),
        "note": style("note", size=10, after=2),
        "key-prompt": style("key-prompt", font=f"{serif}-Italic", size=10, after=2),
        "evidence": style("evidence", font=sans, size=9, after=2),
        "term": style("term", size=10.5, after=3, leftIndent=12 * k, firstLineIndent=-12 * k),
        "hanging": style("hanging", size=10, leftIndent=28 * k, firstLineIndent=-28 * k),
        "total": style("total", font=sans, before=8),
        "bank": style("bank", font=sans, size=10.5, after=0),
        "question": style("question", before=4, leftIndent=number_room, bulletIndent=0,
                          bulletFontName=f"{serif}-Bold", bulletFontSize=max(11 * k, lay.min_size)),
        "cell": style("cell", size=10, after=0),
        "cell-head": style("cell-head", font=f"{sans}-Bold", size=9.5, after=0),
        "list": style("list", after=2, leftIndent=18 * k, bulletIndent=4 * k),
        "box-title": style("box-title", font=f"{sans}-Bold", size=10.5, after=2),
        "small": style("small", font=sans, size=9, after=0),
        # a lesson's sourced documents: the excerpt in its box, the source note under it, the central question
        "excerpt": style("excerpt", size=11, lead=11 * max(lh, 1.35), after=5),
        "source": style("source", font=sans, size=9.5, before=2, after=2),
        "central": style("central", size=11.5, after=6),
        "continued": style("continued", font=f"{serif}-Italic", size=10, before=2, after=0),
        "caption": style("caption", font=sans, size=9.5, before=4, after=2),
        "credit": style("credit", font=sans, size=8.5, after=2),
    }
