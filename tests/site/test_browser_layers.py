"""The widest real filing pages in Debian's chromium at 375 and 1280 px: nothing widens the page,
every table that does not fit scrolls in its own box, the in-page menu jumps, and a link to a
folded table opens it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.site import build
from tests.corpus import convert_corpus
from tests.site.conftest import copy_hand_written_docs
from tests.site.test_browser import CHROMIUM, _open, browser, server  # noqa: F401 (fixtures)
from tests.site.test_real_pages import DATA

# The widest real pages: Jiangsu's 19 tables (two-sided summaries, procurement) and the 决算.
WIDE = ("jiangsu_2019_gaoyuan_budget", "shanghai-putuo_2024_caizhengju_final")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.realpdf,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
    pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data-fetched is not available"),
]

# Tables wider than the window whose nearest horizontally scrolling ancestor is missing or is
# itself cut off by the window.
_CUT_TABLES = """() => [...document.querySelectorAll('article table')].filter(t => {
    const right = document.documentElement.clientWidth + 1;
    if (t.getBoundingClientRect().right <= right) return false;
    let box = t.parentElement;
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
        box = box.parentElement;
    }
    return !box || box === document.body || box.getBoundingClientRect().right > right;
}).map(t => (t.textContent || '').slice(0, 40))"""


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A site of the two widest real filings (shadows conftest's sample site for ``server``)."""
    root = tmp_path_factory.mktemp("wide_site")
    convert_corpus(list(WIDE), root / "packages")
    docs = copy_hand_written_docs(root / "docs")
    build.write_pages(root / "packages", docs / "generated")
    build.build_site(docs, root / "site")
    yield root / "site"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("filing_id", WIDE)
def test_no_overflow_and_no_cut_table(
    browser: object,  # noqa: F811
    server: str,  # noqa: F811
    filing_id: str,
    width: int,
) -> None:
    page = _open(browser, f"{server}generated/filings/{filing_id}/", width, [])
    for fold in page.locator("details").all():  # open every fold: the tables must be visible
        fold.evaluate("d => d.open = true")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    assert page.locator("article table").count() > 10
    assert page.evaluate(_CUT_TABLES) == []
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_menu_jumps_and_links_open_folds(
    browser: object,  # noqa: F811
    server: str,  # noqa: F811
    width: int,
) -> None:
    page = _open(browser, f"{server}generated/filings/{WIDE[0]}/", width, [])
    menu = page.locator("nav.gk-menu")
    assert menu.is_visible()
    assert menu.bounding_box()["y"] < 400  # type: ignore[index]  # at the top, no drawer needed
    menu.locator("a[href='#checks']").click()
    page.wait_for_function("() => window.scrollY > 500")
    top = page.locator("#checks").bounding_box()["y"]  # type: ignore[index]
    assert 0 <= top < 200
    page.goto(f"{server}generated/filings/{WIDE[0]}/#table-expenditure_overview")
    page.wait_for_load_state("networkidle")
    fold = page.locator("#table-expenditure_overview")
    assert fold.evaluate("d => d.open") is True
    assert fold.locator("table").first.is_visible()
    page.close()
