"""Draws docs/images/treaties-timeline.png, the sample figure: the four agreements of 1905–1928 on a time line,
each with the words and citation the essay gives them (Jones, pg. 178), nothing added.

    python tools/draw_timeline.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "lessonpress" / "fonts"
OUT = ROOT / "docs" / "images" / "treaties-timeline.png"
# (year, the agreement as the essay names it): paragraphs 1 and 2 of "Tensions and Treaties", all Jones, pg. 178
EVENTS = [
    (1905, ["Treaty of", "Portsmouth"]),
    (1907, ["Russo-Japanese", "Fishery Convention"]),
    (1925, ["General Treaty between", "Japan and the Soviet Union"]),
    (1928, ["Soviet-Japanese", "Fishery Convention"]),
]
WIDTH, HEIGHT, LEFT, RIGHT, AXIS = 2000, 700, 170, 1830, 360
FIRST, LAST = 1900, 1930


def x_of(year: int) -> float:
    return LEFT + (year - FIRST) / (LAST - FIRST) * (RIGHT - LEFT)


def draw() -> Image.Image:
    im = Image.new("L", (WIDTH, HEIGHT), 255)  # greyscale: it photocopies as it prints
    d = ImageDraw.Draw(im)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 46)
    text = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 34)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 30)
    d.text((WIDTH / 2, 40), "Treaties and conventions, 1905–1928", font=bold, fill=0, anchor="ma")
    d.line((LEFT, AXIS, RIGHT, AXIS), fill=0, width=6)
    for year in range(FIRST, LAST + 1, 5):
        d.line((x_of(year), AXIS - 14, x_of(year), AXIS + 14), fill=0, width=4)
        d.text((x_of(year), AXIS + 24), str(year), font=small, fill=90, anchor="ma")
    for i, (year, words) in enumerate(EVENTS):
        x, above = x_of(year), i % 2 == 0  # alternate above and below, so neighbours never overlap
        d.ellipse((x - 16, AXIS - 16, x + 16, AXIS + 16), fill=0)
        top = AXIS - 250 if above else AXIS + 130  # the year, then two lines of words
        d.line((x, AXIS, x, AXIS - 105 if above else AXIS + 120), fill=0, width=3)
        d.text((x, top), str(year), font=bold, fill=0, anchor="ma")
        for n, line in enumerate(words):
            d.text((x, top + 56 + n * 40), line, font=text, fill=0, anchor="ma")
    d.text((WIDTH / 2, HEIGHT - 50), "Source: Jones, pg. 178", font=small, fill=90, anchor="ma")
    return im


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(ROOT)}")
