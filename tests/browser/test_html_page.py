"""The HTML export opened in a real headless Chromium, from file://, as a reader would.

Without Chromium and ChromeDriver the browser cases are skipped, except under
CI, where that is a failure. ``TIMELINE_SCREENSHOT=1`` also saves the seed's
page as docs/html-export.png.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli
from company_timeline.seeds import seed_files

ROOT = Path(__file__).resolve().parents[2]
SEED = yaml.safe_load((ROOT / "seeds" / "mistral-ai.yaml").read_text(encoding="utf-8"))
OTHER_SEEDS = [
    yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in seed_files()
    if p.name != "mistral-ai.yaml"
]
QUOTES = {
    e["id"]: [e["quote"]] if isinstance(e["quote"], str) else e["quote"] for e in SEED["events"]
}
BEFORE_CORRECTION = "2024-02-27T17:00:00+00:00"  # the article's ec-update revision
AFTER_CORRECTION = "2024-02-28T09:00:00+00:00"
HOSTILE = "<script>alert(1)</script>"
QUOTE = f"They said {HOSTILE} & <img src=x onerror=alert(5)> </script><!-- too"

# A source without a document, so its quote is not checked against one.
HOSTILE_FILE = f"""\
sources:
  - id: hostile-wire
    title: 'Wire </title><script>alert(2)</script>'
    url: 'javascript:alert(3)'
    published: 2024-01-10T09:00:00+00:00
entities:
  - id: hostile-co
    name: '{HOSTILE}'
    kind: company
events:
  - id: hostile-launch
    type: product_launched
    entity: hostile-co
    product: '<img src=x onerror=alert(4)>'
    valid: 2024-01-09
    source: hostile-wire
    quote: '{QUOTE}'
"""


def export_page(
    folder: Path, *args: str, extra: str | None = None, name: str = "page.html"
) -> Path:
    """The seed (and ``extra``, an event file) through the CLI into a page."""
    store = ["--store", seeded(str(folder / "store.sqlite"))]
    if extra is not None:
        (folder / "extra.yaml").write_text(extra, encoding="utf-8")
        ingested = CliRunner().invoke(cli, [*store, "ingest", str(folder / "extra.yaml")])
        assert ingested.exit_code == 0, ingested.output
    page = folder / name
    result = CliRunner().invoke(cli, [*store, "export", "--format", "html", "-o", str(page), *args])
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_page(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_page(tmp_path_factory.mktemp("hostile"), extra=HOSTILE_FILE)


# --- the page as bytes: no browser needed ------------------------------------


def test_the_same_store_and_arguments_give_the_same_bytes(seed_page):
    again = export_page(seed_page.parent, name="again.html")
    assert again.read_bytes() == seed_page.read_bytes()


def test_text_from_events_cannot_end_the_data_block(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert HOSTILE not in html and "</script><!--" not in html
    assert html.count("<script") == 2  # the data block and the page's own script
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html


def test_the_default_knowledge_step_is_the_one_asked_for(tmp_path):
    page = export_page(tmp_path, "--as-known-at", "2024-02-27T10:00:00+01:00")
    assert '<option value="2024-02-27T09:00:00+00:00" selected>' in page.read_text("utf-8")


# --- the page in a browser ----------------------------------------------------


def _program(name: str) -> str | None:
    path = Path("/usr/bin") / name
    return str(path) if path.exists() else shutil.which(name)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, chromedriver = _program("chromium"), _program("chromedriver")
    missing = [n for n, p in (("chromium", chromium), ("chromedriver", chromedriver)) if not p]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package (pip install -e '.[test]')")
    if missing:
        message = f"no headless browser for the HTML export: {', '.join(missing)} missing"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # tests run as root in containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--no-first-run",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(chromedriver)))
    yield driver
    driver.quit()


def open_page(driver: Any, page: Path) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser"), driver.get_log("performance")  # drop what came before
    driver.get(page.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg.timeline"))
    return driver


def problems(driver: Any, page: Path) -> list[str]:
    """Console errors, policy violations, and any request but the page itself."""
    found = [
        f"console: {e['message']}"
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]
    ]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri() and not url.startswith("data:"):
                found.append(f"request: {url}")
    return found


def event(driver: Any, fact_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'svg.timeline g.event[data-event="{fact_id}"]')


def click(driver: Any, element: Any) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def panel_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    panel = driver.find_element(By.ID, "panel")
    assert panel.is_displayed()
    return str(panel.text)


def choose_knowledge(driver: Any, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "known")).select_by_value(value)


def text_of(element: Any) -> str:
    return str(element.get_attribute("textContent"))


def test_the_seed_page_loads_from_file_with_no_error_and_no_request(browser, seed_page):
    open_page(browser, seed_page)
    if os.environ.get("TIMELINE_SCREENSHOT"):
        browser.set_window_size(1280, 900)
        browser.save_screenshot(str(ROOT / "docs" / "html-export.png"))
    assert problems(browser, seed_page) == []


def test_every_event_of_the_seed_is_drawn(browser, seed_page):
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    drawn: set[str] = set()
    while True:  # every page of entities (investors and regulators see facts too)
        rows = browser.find_elements(By.CSS_SELECTOR, "svg.timeline g.event")
        drawn |= {r.get_attribute("data-event") for r in rows if r.is_displayed()}
        later = [b for b in browser.find_elements(By.CSS_SELECTOR, "#pager button")]
        if not later or not later[-1].is_enabled():
            break
        later[-1].click()
    every = {e["id"] for seed in [SEED, *OTHER_SEEDS] for e in seed["events"]}
    assert drawn == every and {e["id"] for e in SEED["events"]} <= drawn
    assert problems(browser, seed_page) == []


def test_a_click_on_an_event_opens_its_quotes_source_and_three_times(browser, seed_page):
    open_page(browser, seed_page)
    click(browser, event(browser, "mistral-ai-seed-round"))
    text = panel_text(browser)
    assert all(quote in text for quote in QUOTES["mistral-ai-seed-round"])
    assert "Mistral AI secures €105M in Europe’s largest-ever seed round" in text
    assert "The Next Web" in text and "thenextweb.com/news/mistral-ai-secures" in text
    assert "2023-06-13" in text and "2023-06-14T10:00:00+00:00" in text  # valid, reported
    click(browser, event(browser, "mistral-ai-founded"))
    text = panel_text(browser)
    assert QUOTES["mistral-ai-founded"][0] in text and "2023-05~" in text
    assert "some day from 2023-04-01 to 2023-06-30" in text
    assert problems(browser, seed_page) == []


def test_enter_on_a_focused_event_opens_the_panel_and_escape_closes_it(browser, seed_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, seed_page)
    row = event(browser, "european-commission-statement")
    assert row.get_attribute("tabindex") == "0"
    browser.execute_script("arguments[0].focus()", row)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert QUOTES["european-commission-statement"][0] in panel_text(browser)
    assert "ec-update" in panel_text(browser)
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not browser.find_element(By.ID, "panel").is_displayed()


def test_the_knowledge_control_replays_the_articles_correction(browser, seed_page):
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    extension = "microsoft-series-a-extension"
    correction = "microsoft-investment-not-a-convertible-note"
    for known, instrument, wrong in (
        (BEFORE_CORRECTION, "convertible note", "equity"),
        ("2024-02-27T08:00:00+00:00", "convertible note", "equity"),
        (AFTER_CORRECTION, "equity", "convertible note"),
    ):
        choose_knowledge(browser, known)
        row = text_of(event(browser, extension))
        assert f"as {instrument}" in row and f"as {wrong}" not in row
        line = next(
            text_of(li)
            for li in browser.find_elements(By.CSS_SELECTOR, ".state li")
            if text_of(li).startswith("series_a_extension")
        )
        assert f"; {instrument};" in line and f"; {wrong};" not in line
        corrected = browser.find_elements(By.CSS_SELECTOR, f'g.event[data-event="{correction}"]')
        assert bool(corrected) == (known == AFTER_CORRECTION)
    assert f"corrected by {correction}" in text_of(event(browser, extension))
    click(browser, event(browser, extension))
    assert f"corrected by {correction}" in panel_text(browser)
    choose_knowledge(browser, "everything")
    assert "as equity" in text_of(event(browser, extension))
    assert problems(browser, seed_page) == []


def test_a_quote_holding_a_script_is_shown_as_text_and_never_run(browser, hostile_page):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    open_page(browser, hostile_page)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 (the property raises when no alert is open)
    heading = browser.find_element(By.CSS_SELECTOR, "#entity-hostile-co h2")
    assert HOSTILE in heading.text
    click(browser, event(browser, "hostile-launch"))
    text = panel_text(browser)
    assert QUOTE in text
    assert "javascript:alert(3)" in text  # shown, but not as a link
    links = browser.find_elements(By.CSS_SELECTOR, "#panel a")
    assert [a.get_attribute("href") for a in links] == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 2
    assert problems(browser, hostile_page) == []


def test_the_corrected_events_panel_says_verified_as_json_does(browser, seed_page):
    open_page(browser, seed_page)
    extension = "microsoft-series-a-extension"
    choose_knowledge(browser, "everything")
    click(browser, event(browser, extension))
    text = panel_text(browser)
    assert "as equity" in text and "Unverified" not in text
    assert "Verified: every quote was found word for word in its source's document" in text
    assert problems(browser, seed_page) == []


MARKS = "circle.dot, rect.span, path.amend, path.open-end, path.off-range"


def boxes(driver: Any, selector: str) -> list[dict[str, float]]:
    script = (
        "return [...document.querySelectorAll(arguments[0])].map(e => {"
        "const r = e.getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,"
        " svg: [...document.querySelectorAll('svg')].indexOf(e.ownerSVGElement),"
        " text: e.textContent}; })"
    )
    return list(driver.execute_script(script, selector))


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def test_each_entitys_first_and_last_fact_lie_more_than_sixty_percent_of_its_axis_apart(
    browser, seed_page
):
    open_page(browser, seed_page)
    spans = browser.execute_script(
        "return [...document.querySelectorAll('section.entity')].map(s => {"
        "const svg = s.querySelector('svg.timeline'); if (!svg) return null;"
        "const marks = [...svg.querySelectorAll('g.event .marks > *')]"
        "  .filter(m => !m.matches('.strike')).map(m => m.getBoundingClientRect());"
        "const axis = [...svg.querySelectorAll('line.tick, line.asked')];"
        "const box = svg.getBoundingClientRect();"
        "const days = new Set([...svg.querySelectorAll('g.event')].map(g => g.dataset.key));"
        "return {id: s.id, events: days.size, width: box.width,"
        " left: Math.min(...marks.map(r => r.left)) - box.left,"
        " right: Math.max(...marks.map(r => r.right)) - box.left,"
        " axis0: Number(svg.dataset.x0), axis1: Number(svg.dataset.x1)}; })"
    )
    drawn = [s for s in spans if s and s["events"] > 1]
    assert {s["id"] for s in drawn} >= {"entity-mistral-ai", "entity-motorola-mobility"}
    for s in drawn:
        assert (s["right"] - s["left"]) / (s["axis1"] - s["axis0"]) > 0.6, s


def test_no_label_overlaps_a_mark_wide_or_narrow(browser, seed_page):
    open_page(browser, seed_page)
    try:
        for width in (1280, 360):
            browser.set_window_size(width, 900)
            browser.execute_script("window.dispatchEvent(new Event('resize'))")
            marks = boxes(browser, f"svg.timeline :is({MARKS}), svg.funding :is({MARKS})")
            labels = boxes(browser, "svg.timeline text, svg.funding text")
            assert marks and labels
            clashes = [
                (label["text"], width)
                for label in labels
                for m in marks
                if label["svg"] == m["svg"] and overlaps(label, m)
            ]
            assert clashes == []
    finally:
        browser.set_window_size(1280, 900)


def test_the_header_and_counts_follow_the_knowledge_control(browser, seed_page):
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    head = browser.find_element(By.ID, "export-head")
    assert "everything known" in head.text and "24 of 24" in head.text
    assert "24 of 24 events known" in browser.find_element(By.ID, "step-note").text
    choose_knowledge(browser, BEFORE_CORRECTION)
    known = browser.find_element(By.ID, "head-known").text
    assert known.startswith("2024-02-27 17:00 UTC") and "ec-update" in known
    counted = browser.find_element(By.ID, "head-events").text
    assert counted.split(" of ")[1] == "24" and counted.split(" of ")[0] != "24"
    assert browser.find_element(By.ID, "step-note").text.startswith(counted.split(" of ")[0])
    assert "as known at 2024-02-27 17:00 UTC" in text_of(
        browser.find_element(By.CSS_SELECTOR, "#entity-mistral-ai .state h3")
    )


def test_at_360_pixels_wide_nothing_scrolls_sideways(browser, seed_page):
    open_page(browser, seed_page)
    try:
        browser.set_window_size(360, 800)
        browser.execute_script("window.dispatchEvent(new Event('resize'))")
        wide, inner = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert wide <= inner
        click(browser, event(browser, "mistral-ai-series-a"))
        assert QUOTES["mistral-ai-series-a"][0] in panel_text(browser)
        if os.environ.get("TIMELINE_SCREENSHOT"):
            browser.save_screenshot(str(ROOT / "docs" / "html-export-360.png"))
    finally:
        browser.set_window_size(1280, 900)


def test_zooming_to_a_range_redraws_the_axis_and_fit_brings_it_back(browser, seed_page):
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    block = "#entity-mistral-ai"
    ticks = lambda: [  # noqa: E731
        text_of(t)
        for t in browser.find_elements(By.CSS_SELECTOR, f"{block} svg.timeline .tick-label")
    ]
    before = ticks()
    browser.execute_script(
        "const [a, b] = document.querySelectorAll(arguments[0] + ' .zoom input');"
        "a.value = '2024-02-20'; b.value = '2024-02-29';"
        "a.dispatchEvent(new Event('change')); b.dispatchEvent(new Event('change'));",
        block,
    )
    zoomed = ticks()
    assert zoomed != before and any(t.endswith("Feb") and t[0].isdigit() for t in zoomed)
    assert browser.find_elements(By.CSS_SELECTOR, f"{block} path.off-range")  # 2023's facts
    browser.find_element(By.CSS_SELECTOR, f'{block} [data-zoom="fit"]').click()
    assert ticks() == before


def test_the_search_box_finds_an_entity_and_names_those_not_in_the_page(browser, seed_page):
    from selenium.webdriver.common.by import By

    open_page(browser, seed_page)
    find = browser.find_element(By.ID, "find")
    find.send_keys("motorola")
    shown = [
        s.get_attribute("id") for s in browser.find_elements(By.CSS_SELECTOR, "section.entity")
    ]
    assert shown == ["entity-motorola-mobility"]
    find.clear()
    find.send_keys("nobody")
    assert browser.find_element(By.ID, "find-note").text == "No entity matches."


def test_a_whole_store_page_embeds_at_most_its_bound_and_names_the_rest(tmp_path):
    from company_timeline.projections.exports.html_data import MAX_ENTITIES

    many = MAX_ENTITIES + 3
    lines = [
        "sources: [{id: w, title: Wire, published: '2024-03-01T09:00:00+00:00'}]",
        "entities:",
        *(f"  - {{id: co-{i:03}, name: Company {i}, kind: company}}" for i in range(many)),
        "events:",
        *(
            f"  - {{id: f-{i:03}, type: company_founded, entity: co-{i:03}, valid: '2020-01',"
            f" source: w, quote: Founded.}}"
            for i in range(many)
        ),
    ]
    page = export_page(tmp_path, extra="\n".join(lines) + "\n")
    html = page.read_text(encoding="utf-8")
    blob = html.split('id="timeline-data">')[1].split("</script>")[0]
    data = json.loads(blob)
    assert len(data["entities"]) == MAX_ENTITIES
    assert len(data["others"]) == many + 14 - MAX_ENTITIES  # the seeds' fourteen, and ours
    assert f"{MAX_ENTITIES} best documented of {many + 14} shown: --entity ID for others" in html
