"""The search box on a small site of real filings, in Debian's chromium: what a reader types and
the page that must come first (department names whole, 社会保障 not 社会 + 保障, filings before
the site's own pages).

The filings are converted once per session from ../shared/data-fetched (as in
tests/site/test_real_pages.py), with the sample package beside them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai import paths
from gongkai.site import build
from tests.corpus import convert_corpus
from tests.site.conftest import SAMPLE_ID, copy_hand_written_docs
from tests.site.test_browser import ARGS, CHROMIUM
from tests.site.test_browser import server as serve

DATA = paths.SHARED / "data-fetched"
COURT = "jiangsu_{}_gaoyuan_budget"
PROCURATORATE = "jiangsu_2018_jianchayuan_budget"
SHANGHAI = "shanghai_2025_caizhengju_budget"
PUTUO_FINAL = "shanghai-putuo_2024_caizhengju_final"
PUTUO_BUDGET = "shanghai-putuo_2025_caizhengju_budget"
FILINGS = (
    *(COURT.format(year) for year in (2017, 2018, 2019)),
    PROCURATORATE,
    SHANGHAI,
    PUTUO_FINAL,
    PUTUO_BUDGET,
)
FILING = "generated/filings/{}/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.realpdf,
    pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data-fetched is not available"),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the real filings and the sample, built as `gongkai site` builds it."""
    if not (paths.DATAPACKAGES / SAMPLE_ID / "datapackage.json").exists():
        pytest.skip(f"the sample package is missing: run `make data` (datapackages/{SAMPLE_ID})")
    root = tmp_path_factory.mktemp("search_site")
    packages = root / "packages"
    convert_corpus(list(FILINGS), packages)
    shutil.copytree(paths.DATAPACKAGES / SAMPLE_ID, packages / SAMPLE_ID)
    docs = copy_hand_written_docs(root / "docs")
    build.write_pages(packages, docs / "generated")
    build.build_site(docs, root / "site")
    return root / "site"


server = serve  # the built site above, served on 127.0.0.1


@pytest.fixture(scope="module")
def search(browser: object, server: str) -> Iterator[object]:
    """A function: the query typed into the search box -> [(href, title, text)] of its results."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(server)
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()

    def run(query: str, screens: int = 1) -> list[tuple[str, str, str]]:
        """The results of the first ``screens`` screens (显示更多结果 clicked for each next one)."""
        box.fill("")
        page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
        box.fill(query)
        page.wait_for_function(
            "() => /找到|没有/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        for _ in range(screens - 1):
            shown = page.locator(".md-search-result__item").count()
            if not page.locator(".gk-search-more button").is_visible():
                break
            page.locator(".gk-search-more button").click()
            page.wait_for_function(
                f"() => document.querySelectorAll('.md-search-result__item').length > {shown}"
            )
        return [
            (href.removeprefix(server), title, text)
            for href, title, text in page.eval_on_selector_all(
                ".md-search-result__item a",
                "els => els.map(a => [a.href, a.querySelector('h1').textContent,"
                " a.querySelector('p').textContent])",
            )
        ]

    yield run
    page.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


FIRST = [
    ("江苏省高级人民法院 2018", FILING.format(COURT.format(2018))),
    ("江苏省高级人民法院2019", FILING.format(COURT.format(2019))),
    ("江苏省人民检察院", FILING.format(PROCURATORATE)),
    ("上海市财政局", FILING.format(SHANGHAI)),
    ("上海市财政局 2025", FILING.format(SHANGHAI)),
    ("普陀区 决算", FILING.format(PUTUO_FINAL)),
    ("普陀区决算", FILING.format(PUTUO_FINAL)),
    ("上海市普陀区财政局 2025", FILING.format(PUTUO_BUDGET)),
    ("就业", FILING.format(SAMPLE_ID)),
    ("人力资源", FILING.format(SAMPLE_ID)),
    ("昌黎县", FILING.format(SAMPLE_ID)),
]


@pytest.mark.parametrize(("query", "first"), FIRST)
def test_the_expected_page_comes_first(search, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    results = search(query)
    assert results, query
    assert results[0][0] == first, results


@pytest.mark.parametrize(
    ("query", "title_holds"),
    [("法院", "江苏省高级人民法院"), ("2019", "2019年"), ("财政局", "财政局")],
)
def test_a_filing_of_the_query_comes_first(search, query: str, title_holds: str) -> None:  # type: ignore[no-untyped-def]
    href, title, _ = search(query)[0]
    assert href.startswith("generated/filings/"), href
    assert title_holds in title, title


@pytest.mark.parametrize("query", ["三公经费", "基本支出", "行政运行", "机关运行经费", "名词解释"])
def test_a_filing_page_comes_first_never_a_site_page(search, query: str) -> None:  # type: ignore[no-untyped-def]
    results = search(query)
    assert results[0][0].startswith("generated/filings/"), results


def test_a_word_is_found_whole_not_as_its_parts(search) -> None:  # type: ignore[no-untyped-def]
    results = search("社会保障")
    assert len(results) >= 3
    for href, title, text in results:
        assert "社会保障" in title + text, (href, title, text)


def test_a_word_typed_whole_finds_it_printed_with_quotes(search) -> None:  # type: ignore[no-untyped-def]
    # “三公”经费 is indexed as 三公 + 经费: found by the browser's cut of 三公经费 too. Every
    # filing of the site prints it; department pages (their 三公 series) rank among them.
    found = search("三公经费", screens=2)
    filings = {href for href, _, _ in found if href.startswith("generated/filings/")}
    assert len(filings) >= 6, found


def test_the_first_query_fetches_one_screen_of_results_and_more_when_asked(  # type: ignore[no-untyped-def]
    browser, server: str
) -> None:
    # Each result's text is a download (a filing page's 5-12 KB gzip): a phone's first query
    # fetches the 6 it shows; 显示更多结果 fetches the next, and the search stays open.
    page = browser.new_page(viewport={"width": 375, "height": 844})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".pf_fragment") else None)
    page.goto(server)
    page.wait_for_load_state("networkidle")
    page.locator("label[for='__search']").first.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("就业")
    page.wait_for_function(
        "() => /找到/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    results = ".md-search-result__item"
    assert page.locator(results).count() == 6
    assert len(fetched) == 6, fetched
    page.locator(".gk-search-more button").click()
    page.wait_for_function(f"() => document.querySelectorAll('{results}').length > 6")
    assert len(fetched) > 6
    assert page.evaluate("document.getElementById('__search').checked")
    page.close()
