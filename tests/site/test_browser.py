"""The built site in Debian's chromium: total and charts shown, search, CSV download, no outside
requests, nothing wider than a 375 px phone."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site.conftest import SAMPLE_ID

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGE = f"generated/filings/{SAMPLE_ID}/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium "
        "(apt-get install chromium, or `make system-deps` as root)",
    ),
]


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 by Python's http.server: its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with serve_folder(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


def _open(browser: object, url: str, width: int, requests: list[str]):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def test_sample_page_shows_total_and_charts(browser: object, server: str) -> None:
    requests: list[str] = []
    page = _open(browser, server + PAGE, 1280, requests)
    assert "29,296.37万元" in page.locator(".gk-total").first.inner_text()
    charts = page.locator("img.gk-chart")
    assert charts.count() == 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
        )
        assert chart.bounding_box()["height"] > 50  # type: ignore[index]
    page.close()


def test_search_finds_the_sample_page(browser: object, server: str) -> None:
    requests: list[str] = []
    page = _open(browser, server, 1280, requests)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("就业")
    page.keyboard.press("End")  # Material searches on key-up
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(SAMPLE_ID in href for href in hrefs), hrefs
    page.close()


def test_csv_link_returns_the_file(browser: object, server: str) -> None:
    requests: list[str] = []
    page = _open(browser, server + PAGE, 1280, requests)
    link = page.locator("a[href$='income_by_function.csv']").first
    href = link.get_attribute("href") or ""
    response = page.request.get(urllib.parse.urljoin(page.url, href))
    assert response.status == 200
    # the Chinese-headed copy comes first; every CSV starts with a byte-order mark (for Excel)
    assert href.endswith("/zh/income_by_function.csv")
    assert response.body().startswith("\ufeff行号,科目编码,".encode())
    page.close()


def test_no_request_leaves_the_local_server(browser: object, server: str) -> None:
    requests: list[str] = []
    for path in ("", PAGE, "generated/downloads/", "method/"):
        page = _open(browser, server + path, 375, requests)
        page.mouse.wheel(0, 20000)  # lazy images and scripts load too
        page.wait_for_load_state("networkidle")
        page.close()
    local = urlsplit(server).netloc
    assert requests
    assert [url for url in requests if urlsplit(url).netloc != local] == []


def test_nothing_overflows_a_phone(browser: object, server: str) -> None:
    requests: list[str] = []
    for path in ("", PAGE, "generated/downloads/", "generated/schema/"):
        page = _open(browser, server + path, 375, requests)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (path, widths)
        wide = page.evaluate(
            """() => [...document.querySelectorAll('article *')]
                .filter(e => !e.closest('table') && e.getBoundingClientRect().right > 376)
                .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 30))"""
        )
        assert wide == [], (path, wide[:5])
        page.close()
