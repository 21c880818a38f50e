"""Web pages as a browser lays them out (headless Chromium with selenium): large print has no text under 18 pt,
and a header line's labels stay on one line with their blanks."""

from __future__ import annotations

import pytest

from lessonpress.writers import get_writer
from tests.test_html import DOCS
from tests.test_preview_browser import browser  # noqa: F401  (the fixture; skips where Chromium is missing)

# every element with text of its own (screen-reader words, drawn 1 px wide, aside): its class and size in points
SIZES = """
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('.sr')) continue;
  if ([...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    out.push([el.tagName + '.' + el.className, parseFloat(getComputedStyle(el).fontSize) * 0.75]);
}
return out;
"""
# each header field's line boxes (one where its label and blank share a line) and the top of its first
FIELDS = """
return [...document.querySelectorAll('.header-field .field')].map(
  f => [f.textContent.trim(), f.getClientRects().length, Math.round(f.getClientRects()[0].top)]);
"""


def opened(driver, tmp_path, profile: str, stem: str = "worksheet") -> None:
    path = tmp_path / f"{stem}-{profile}.html"
    path.write_bytes(get_writer("html", profile).write(DOCS[stem]))
    driver.get(path.as_uri())


@pytest.mark.parametrize("stem", ["worksheet", "answer-key", "handout"])
def test_large_print_has_no_text_under_18_points(browser, tmp_path, stem):  # noqa: F811
    """Large print's 18 pt holds for the points, instructions, notes, table headers, bubbles, paragraph numbers,
    running header and footer too (they are set smaller than the body in the other profiles)."""
    opened(browser, tmp_path, "large-print", stem)
    sizes = browser.execute_script(SIZES)
    assert len(sizes) > 20
    assert [(what, size) for what, size in sizes if size < 17.99] == []
    opened(browser, tmp_path, "standard", stem)
    assert min(size for _, size in browser.execute_script(SIZES)) < 10  # the same measure finds small text there


@pytest.mark.parametrize("profile", ["standard", "large-print", "dyslexia"])
def test_a_header_line_breaks_between_fields_never_inside_one(browser, tmp_path, profile):  # noqa: F811
    opened(browser, tmp_path, profile)
    fields = browser.execute_script(FIELDS)
    assert [label.split()[0] for label, _, _ in fields] == ["Name", "Date", "Period"]
    assert [lines for _, lines, _ in fields] == [1, 1, 1]  # each label on the line of its blank
    if profile == "large-print":  # 18 pt: the three take two lines, as in the PDF
        assert len({top for _, _, top in fields}) >= 2


# for each prompt that wraps: the left edge of its first line's text (after the number) and of its second line
WRAPS = r"""
const out = [];
for (const p of document.querySelectorAll('.prompt')) {
  const text = p.querySelector('.num').nextSibling;
  if (!text || text.nodeType !== 3) continue;
  const range = document.createRange();
  range.selectNodeContents(text);
  range.setStart(text, Math.max(0, text.textContent.search(/\S/)));  // from its first letter
  const lines = [...range.getClientRects()];
  if (lines.length > 1) out.push([p.textContent.slice(0, 30), lines[0].left, lines[1].left]);
}
return out;
"""


@pytest.mark.parametrize("profile", ["standard", "large-print"])
def test_a_wrapped_prompt_lines_up_under_its_first_line(browser, tmp_path, profile):  # noqa: F811
    """A question's wrapped lines hang under its text, not under its number, and its first line starts there too
    (the space after the number is inside the number's column)."""
    browser.set_window_size(560, 900)  # a narrow window (or large print) wraps the prompts
    opened(browser, tmp_path, profile)
    wraps = browser.execute_script(WRAPS)
    assert wraps
    assert [(what, first, second) for what, first, second in wraps if abs(first - second) > 1] == []


def test_a_field_wider_than_the_line_wraps_inside_itself(browser, tmp_path):  # noqa: F811
    """A long Name blank in large print: the field wraps within the text width (its label above its blank), where
    an unbreakable field ran past the margin and Chromium shrank every printed page to fit it."""
    from lessonpress import model as m

    doc = m.Document("worksheet", "Worksheet", "T", "C", "F", (m.Para((m.Text("Body text."),)),),
                     header=(m.Para((m.Text("Name "), m.Blank(60), m.Text("   Date "), m.Blank(14)),
                                    role="header-field"),))
    path = tmp_path / "wide.html"
    path.write_bytes(get_writer("html", "large-print").write(doc))
    browser.get(path.as_uri())
    right, widest = browser.execute_script(
        "const p = document.querySelector('.header-field'); const r = p.getBoundingClientRect();"
        "return [r.right, Math.max(...[...p.querySelectorAll('.field, .blank')].map(e => e.getBoundingClientRect()"
        ".right))];")
    assert widest <= right + 0.5
