"""The preview in a real browser (headless Chromium with selenium): an edit appears on the open page, a broken edit
shows its message beside the last good page, a fix clears it, and the switch changes the document."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from lessonpress.preview import Preview
from lessonpress.preview.rebuild import Settings
from tests.test_preview import LESSON, unit

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip("Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402 (after the skip: selenium may be missing)
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 30  # seconds; the machine may be busy


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="lessonpress-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1000,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def preview(tmp_path):
    root = unit(tmp_path / "unit")
    pv = Preview(Settings(root, (), root / "output", None), port=0)
    pv.start()
    yield pv
    pv.stop()


def document_text(driver) -> str:
    """The text of the document in the page's frame."""
    driver.switch_to.default_content()
    driver.switch_to.frame(driver.find_element(By.ID, "doc"))
    text = driver.find_element(By.TAG_NAME, "body").text
    driver.switch_to.default_content()
    return text


def bar_text(driver) -> str:
    driver.switch_to.default_content()
    return driver.find_element(By.ID, "bar").text


def click(wait, by, what) -> None:
    """Find and click, again if the page swapped its top bar between the two (each rebuild does: a stale element)."""
    def found_and_clicked(driver) -> bool:
        driver.switch_to.default_content()
        driver.find_element(by, what).click()
        return True
    wait.until(found_and_clicked)


def href(wait, text) -> str:
    """The address of the link with this text, read in one go so a swapped bar cannot leave it stale."""
    return wait.until(lambda d: d.find_element(By.LINK_TEXT, text).get_attribute("href"))


def test_edit_break_and_fix_a_lesson_in_an_open_page(browser, preview):
    browser.get(preview.url)  # the first lesson's first document
    wait = WebDriverWait(browser, WAIT, ignored_exceptions=(Exception,))
    wait.until(lambda d: "Every <Type> & {{ 7*7 }} Test" in document_text(d))
    assert "/view/every-type-two/handout" in browser.current_url
    # the lesson list, then the switch to the worksheet
    click(wait, By.CSS_SELECTOR, f"#lesson option[value='/view/{LESSON}/handout']")
    wait.until(lambda d: d.current_url.endswith(f"/view/{LESSON}/handout"))
    click(wait, By.LINK_TEXT, "Worksheet")
    wait.until(lambda d: "Argue." in document_text(d))
    marker = browser.execute_script("window.lessonpressMarker = 1; return window.lessonpressMarker;")
    assert marker == 1

    lesson = preview.settings.lessons_dir / f"{LESSON}.yaml"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("Argue.", "Argue from the evidence."), encoding="utf-8")
    wait.until(lambda d: "Argue from the evidence." in document_text(d))
    # updated in place, not by reloading the whole page
    assert browser.execute_script("return window.lessonpressMarker;") == 1

    lesson.write_text(good.replace("Argue.", "Argue: [broken", 1), encoding="utf-8")
    wait.until(lambda d: ": error: " in bar_text(d))
    # read through the wait too: any rebuild swaps the bar, and an element read across a swap is stale
    wait.until(lambda d: "every-type.yaml:" in bar_text(d) and "Not updated" in bar_text(d))
    assert wait.until(lambda d: "Argue from the evidence." in document_text(d))  # the last good page stays

    lesson.write_text(good.replace("Argue.", "Argue, fixed."), encoding="utf-8")
    wait.until(lambda d: "Argue, fixed." in document_text(d))
    wait.until(lambda d: ": error: " not in bar_text(d))
    assert browser.execute_script("return window.lessonpressMarker;") == 1


def test_links_to_the_pdf_and_word_files_appear(browser, preview):
    browser.get(preview.url.rstrip("/") + f"/view/{LESSON}/worksheet")
    wait = WebDriverWait(browser, WAIT * 2, ignored_exceptions=(Exception,))
    assert href(wait, "PDF").endswith(f"/files/{LESSON}/worksheet.pdf")
    assert href(wait, "Word").endswith(f"/files/{LESSON}/worksheet.docx")
    assert Path(preview.settings.out / LESSON / "worksheet.pdf").is_file()
