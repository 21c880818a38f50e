"""Draws the sample figures, time lines of agreements with the words, dates and citations the essay gives them,
nothing added: docs/images/treaties-timeline.png (1905–1928, Jones, pg. 178) and
lessons/examples/images/pacts-timeline.png (1936–1941, for the sample document-based lesson).

    python tools/draw_timeline.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "lessonpress" / "fonts"
# (when, the agreement as the essay names it, placed at year + fraction)
TREATIES = {
    "out": ROOT / "docs" / "images" / "treaties-timeline.png",
    "title": "Treaties and conventions, 1905–1928", "first": 1900, "last": 1930, "tick": 5,
    "source": "Source: Jones, pg. 178",  # paragraphs 1 and 2 of "Tensions and Treaties"
    "events": [(1905, "1905", ["Treaty of", "Portsmouth"]),
               (1907, "1907", ["Russo-Japanese", "Fishery Convention"]),
               (1925, "1925", ["General Treaty between", "Japan and the Soviet Union"]),
               (1928, "1928", ["Soviet-Japanese", "Fishery Convention"])],
}
PACTS = {
    "out": ROOT / "lessons" / "examples" / "images" / "pacts-timeline.png",
    "title": "Pacts, 1936–1941", "first": 1935, "last": 1942, "tick": 1,
    "source": "Sources: March, pg. 219-222; Jones, pg. 199",  # "Defensive Pacts"
    "events": [(1936.5, "1936", ["Anti-Comintern Pact", "Japan and Germany"]),
               (1939 + 7.7 / 12, "August 23, 1939", ["Russo-German", "Non-aggression Pact"]),
               (1940 + 8.9 / 12, "September 27, 1940", ["Tripartite Pact", "Japan, Germany, Italy"]),
               (1941 + 3.4 / 12, "April 13, 1941", ["Russo-Japanese", "Neutrality Treaty"])],
}
WIDTH, HEIGHT, LEFT, RIGHT, AXIS = 2000, 700, 170, 1830, 360


def draw(spec: dict) -> Image.Image:
    first, last = spec["first"], spec["last"]

    def x_of(year: float) -> float:
        return LEFT + (year - first) / (last - first) * (RIGHT - LEFT)

    im = Image.new("L", (WIDTH, HEIGHT), 255)  # greyscale: it photocopies as it prints
    d = ImageDraw.Draw(im)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 46)
    text = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 34)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 30)
    date = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 34)  # a whole date, in the room of a year
    d.text((WIDTH / 2, 40), spec["title"], font=bold, fill=0, anchor="ma")
    d.line((LEFT, AXIS, RIGHT, AXIS), fill=0, width=6)
    for year in range(first, last + 1, spec["tick"]):
        d.line((x_of(year), AXIS - 14, x_of(year), AXIS + 14), fill=0, width=4)
        d.text((x_of(year), AXIS + 24), str(year), font=small, fill=90, anchor="ma")
    for i, (year, when, words) in enumerate(spec["events"]):
        x, above = x_of(year), i % 2 == 0  # alternate above and below, so neighbours never overlap
        d.ellipse((x - 16, AXIS - 16, x + 16, AXIS + 16), fill=0)
        top = AXIS - 250 if above else AXIS + 130  # the year, then two lines of words
        d.line((x, AXIS, x, AXIS - 105 if above else AXIS + 120), fill=0, width=3)
        d.text((x, top), when, font=bold if len(when) <= 4 else date, fill=0, anchor="ma")
        for n, line in enumerate(words):
            d.text((x, top + 56 + n * 40), line, font=text, fill=0, anchor="ma")
    d.text((WIDTH / 2, HEIGHT - 50), spec["source"], font=small, fill=90, anchor="ma")
    return im


if __name__ == "__main__":
    for spec in (TREATIES, PACTS):
        spec["out"].parent.mkdir(parents=True, exist_ok=True)
        draw(spec).save(spec["out"], optimize=True)
        print(f"wrote {spec['out'].relative_to(ROOT)}")
