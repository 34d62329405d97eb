"""The report and the web page in a real browser (Debian's Chromium through Playwright).

Why a browser: escaping, the CSP, the sort script and the layout can each look right
in the HTML source and still fail where people read it. Skipped when Chromium is not
at /usr/bin/chromium (``make browser`` installs it; CI does).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ficlens.report.html import render_html
from test_html_report import STORY, make_story_doc  # noqa: I001 - sibling test module

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '"><img src=x onerror="window.__pwned=1">'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason="Chromium is not installed at /usr/bin/chromium (run `make browser`)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = ctx.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.requests = requests  # type: ignore[attr-defined]
    yield pg
    ctx.close()


def _open_report(page, html: str, path: Path) -> None:
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri(), wait_until="load")


def _only_local(requests: list[str], prefix: str) -> None:
    assert all(u.startswith(prefix) for u in requests), requests


def test_hand_written_story_report(page, tmp_path):
    doc = make_story_doc()
    _open_report(page, render_html(doc), tmp_path / "report.html")
    _only_local(page.requests, "file://")
    assert page.locator("table.cast tbody tr").count() == 3
    assert page.locator("svg.network .node").count() == 3
    assert page.locator("svg.network line.romantic").count() == 1
    quotes = page.locator("article.story span.q")
    assert quotes.count() >= len(doc.quotes)
    # each speaker's dialogue is drawn in one colour, different speakers differently
    colour = {}
    for i in range(quotes.count()):
        q = quotes.nth(i)
        title = q.get_attribute("title") or ""
        colour.setdefault(title.split(" \u2192")[0], set()).add(
            q.evaluate("e => getComputedStyle(e).color"))
    assert all(len(v) == 1 for v in colour.values())
    named = [next(iter(colour[n])) for n in ("Tom", "Anna Reyes", "Mrs. Okafor")]
    assert len(set(named)) == 3
    assert page.locator("mark.pr").first.is_visible()
    page.click('a[href="#pr-0"]')
    assert page.evaluate("location.hash") == "#pr-0"
    page.screenshot(path=str(tmp_path / "hand.png"), full_page=True)


def test_table_sorts_on_header_click(page, tmp_path):
    _open_report(page, render_html(make_story_doc()), tmp_path / "report.html")

    def names() -> list[str]:
        return [t.strip() for t in page.locator("table.cast tbody td.who").all_inner_texts()]

    assert names() == ["Anna Reyes", "Tom", "Mrs. Okafor"]  # by mentions, most first
    page.click("table.cast thead th:nth-child(1) button")
    assert names() == ["Anna Reyes", "Mrs. Okafor", "Tom"]
    assert page.get_attribute("table.cast thead th:nth-child(1)", "aria-sort") == "ascending"
    page.click("table.cast thead th:nth-child(1) button")
    assert names() == ["Tom", "Mrs. Okafor", "Anna Reyes"]
    page.click("table.cast thead th:nth-child(5) button")  # mentions: largest first
    assert names() == ["Anna Reyes", "Tom", "Mrs. Okafor"]
    page.click("table.cast thead th:nth-child(5) button")
    assert names() == ["Mrs. Okafor", "Tom", "Anna Reyes"]


def test_table_is_plain_without_javascript(browser, tmp_path):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    _open_report(pg, render_html(make_story_doc()), tmp_path / "report.html")
    assert pg.locator("table.cast tbody tr").count() == 3
    assert pg.locator("table.cast thead button").count() == 0
    ctx.close()


def test_hostile_story_does_not_run_script(page, tmp_path):
    text = STORY + f"Then {PAYLOAD_SCRIPT} and {PAYLOAD_IMG} appeared.\n"
    doc = make_story_doc(text=text, anna_name=f"Anna {PAYLOAD_SCRIPT}{PAYLOAD_IMG}")
    _open_report(page, render_html(doc), tmp_path / "hostile.html")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    story = page.inner_text("article.story")
    assert PAYLOAD_SCRIPT in story and PAYLOAD_IMG in story
    assert PAYLOAD_SCRIPT in page.inner_text("table.cast")
    assert page.locator("img").count() == 0
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)


def test_sample_chapter_report(page, tmp_path, sample_analysis):
    doc = sample_analysis.document
    _open_report(page, sample_analysis.to_html(), tmp_path / "sample.html")
    _only_local(page.requests, "file://")
    assert page.locator("table.cast tbody tr").count() == len(doc.characters)
    assert page.locator("#network").is_visible()
    if doc.characters:
        assert page.locator("svg.network .node").count() == min(len(doc.characters), 30)
    assert page.locator("article.story span.q").count() >= len(doc.quotes)
    first_words = " ".join(doc.text.split()[:8])
    assert first_words in " ".join(page.inner_text("article.story").split())
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than it
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "sample-phone.png"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    from ficlens.serve import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_upload_sample_through_the_page(page, server, sample_path, sample_analysis, tmp_path):
    doc = sample_analysis.document
    page.goto(server + "/", wait_until="load")
    page.set_input_files("input[type=file]", str(sample_path))
    with page.expect_navigation(wait_until="load"):
        page.click("form.upload button[type=submit]")
    _only_local(page.requests, server)
    assert sample_path.name in page.inner_text("header.top")
    assert page.locator("table.cast tbody tr").count() == len(doc.characters)
    assert page.locator("#network").count() == 1
    assert page.locator("article.story span.q").count() >= len(doc.quotes)
    page.screenshot(path=str(tmp_path / "served.png"), full_page=True)


def test_hostile_paste_through_the_page(page, server):
    page.goto(server + "/", wait_until="load")
    text = f"Anna looked up. {PAYLOAD_SCRIPT} {PAYLOAD_IMG} \u201cHi,\u201d she said.\n"
    page.fill("textarea[name=text]", text)
    with page.expect_navigation(wait_until="load"):
        page.click("form.upload button[type=submit]")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    story = page.inner_text("article.story")
    assert PAYLOAD_SCRIPT in story and PAYLOAD_IMG in story
    assert page.locator("img").count() == 0


def test_served_error_is_shown_in_the_page(page, server):
    page.goto(server + "/", wait_until="load")
    with page.expect_navigation(wait_until="load"):
        page.click("form.upload button[type=submit]")  # nothing pasted, no file
    assert "no story given" in page.inner_text("[role=alert]")


def _luminance(css_color: str) -> float:
    r, g, b = (int(v) for v in css_color[css_color.index("(") + 1:].split(")")[0].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_dark_mode_follows_the_system_and_print_stays_light(browser, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render_html(make_story_doc()), encoding="utf-8")
    body_bg = "getComputedStyle(document.body).backgroundColor"
    light = browser.new_context(color_scheme="light")
    dark = browser.new_context(color_scheme="dark")
    try:
        pl, pd = light.new_page(), dark.new_page()
        pl.goto(path.as_uri(), wait_until="load")
        pd.goto(path.as_uri(), wait_until="load")
        assert _luminance(pl.evaluate(body_bg)) > 200 > 60 > _luminance(pd.evaluate(body_bg))
        quote = "getComputedStyle(document.querySelector('article.story span.q')).color"
        assert pl.evaluate(quote) != pd.evaluate(quote)  # speaker colours lighten on dark
        pd.emulate_media(media="print")
        assert _luminance(pd.evaluate(body_bg)) > 200
        assert pd.locator("nav.toc").is_hidden()
    finally:
        light.close()
        dark.close()
