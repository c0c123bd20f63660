"""A reader on a 375 px phone walks the real corpus: home -> 江苏省 -> 江苏省高级人民法院's page
-> its 2019 filing -> the year switcher to 2018 -> back to the department -> 204 公共安全支出;
Debian's chromium, on the court's three real filings (2017-2019) and Beijing's 信访办."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.test_browser import CHROMIUM, _open, browser, server  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.realpdf,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
COURT = "江苏省高级人民法院"


@pytest.fixture(scope="module")
def built_site(real_site: Path) -> Iterator[Path]:
    """The real site (shadows conftest's sample site for ``server``)."""
    yield real_site / "site"


def test_walk_region_department_switcher_function_class(
    browser: object,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    page = _open(browser, server, 375, [])

    def fits() -> None:
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths == [375, 375], page.url

    def follow(name: str, within: str = "article") -> None:
        page.locator(within).get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_load_state()
        fits()

    def heading() -> str:
        return str(page.locator("article h1").inner_text())

    fits()
    assert "10项不符" in page.locator("article").inner_text()
    follow("江苏省")
    assert heading() == "江苏省"
    follow(COURT)
    assert heading() == COURT
    assert "2018年预算：支出合计33,172.15万元 · 部门 · 1项核对不符" in page.locator(
        "article"
    ).inner_text().replace("\n", "")
    follow("2019年预算")
    assert heading() == f"{COURT}2019年部门预算"
    switcher = page.locator("nav.gk-switcher")
    assert "2019年预算（本页）" in switcher.inner_text()
    follow("2018年预算", "nav.gk-switcher")
    assert heading() == f"{COURT}2018年部门预算"
    assert "2018年预算（本页）" in page.locator("nav.gk-switcher").inner_text()
    follow("历年对比", "nav.gk-switcher")
    assert heading() == COURT
    follow("204 公共安全支出")
    assert heading() == "204 公共安全支出"
    row = page.locator("tr", has_text=COURT).inner_text().split("\t")
    assert row == [COURT, "部门", "27,488.23", "26,200.88", "23,513.11"]
    page.close()
