"""A reader on a 375 px phone walks the collection: home -> region -> department -> a filing ->
the year switcher to the other year -> back to the department -> a function-class page; Debian's
chromium, on a site of two years of one department (the sample, copied as 2022 and 2023)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.collection import combine
from gongkai.site import build
from tests.site.conftest import SAMPLE_ID, copy_hand_written_docs
from tests.site.test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
DEPARTMENT = "昌黎县人力资源和社会保障局"


def _copy_as(source: Path, target: Path, year: int) -> None:
    shutil.copytree(source, target)
    path = target / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    descriptor["gongkai"].update(
        {"filing_id": target.name, "year": year, "title": f"{DEPARTMENT}{year}年部门预算"}
    )
    path.write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def site(sample_packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two_years")
    packages = root / "packages"
    for year in (2022, 2023):
        _copy_as(sample_packages / SAMPLE_ID, packages / f"changli_{year}", year)
    assert combine(packages) is not None
    docs = copy_hand_written_docs(root / "docs")
    build.write_pages(packages, docs / "generated")
    build.build_site(docs, root / "site")
    return root / "site"


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_walk_home_department_switcher_function_class(base: str) -> None:
    api = pytest.importorskip("playwright.sync_api")
    with api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 800})

        def fits() -> None:
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.url

        def follow(name: str) -> None:
            page.get_by_role("link", name=name, exact=True).first.click()
            page.wait_for_load_state()
            fits()

        page.goto(base)
        fits()
        follow("河北省 › 秦皇岛市 › 昌黎县")
        follow(DEPARTMENT)
        assert page.locator("h1").inner_text() == DEPARTMENT
        assert "比上年持平" in page.locator("table").nth(0).inner_text()
        follow("2023年预算")
        switcher = page.locator("nav.gk-switcher")
        assert "2023年预算（本页）" in switcher.inner_text()
        switcher.get_by_role("link", name="2022年预算").click()
        page.wait_for_load_state()
        fits()
        assert page.locator("h1").inner_text() == f"{DEPARTMENT}2022年部门预算"
        page.locator("nav.gk-switcher").get_by_role("link", name="历年对比").click()
        page.wait_for_load_state()
        follow("208 社会保障和就业支出")
        assert page.locator("h1").inner_text() == "208 社会保障和就业支出"
        row = page.locator("tr", has_text=DEPARTMENT).inner_text()
        assert "28,103.53" in row
        browser.close()
