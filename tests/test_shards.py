"""A province split into shards: `gongkai build --shard` (each shard's site under its own path of
one domain), `gongkai root-index` (the domain's root page) and `gongkai combine` (the province's
collection over every shard's packages), on two shards of real filings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import paths
from gongkai.cli import main
from gongkai.shards import Shard, sync_hand_written_docs
from gongkai.site.shard_index import ShardSummary, root_index
from tests.site.test_browser import ARGS, CHROMIUM, serve_folder

DOMAIN = "https://yusuan.test/gongkai/"
# The sample (a text filing) on its own, and 珠海 (a 24-page PDF) as a shard named south.
SHARDS = {"changli": [], "south": [paths.FILINGS / "zhuhai"]}


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shards")
    for name, folders in SHARDS.items():
        args = ["build", "--shard", name, "--shards-dir", str(root), "--jobs", "1"]
        args += ["--cache-dir", str(root.parent / "cache")]
        args += [option for folder in folders for option in ("--filings", str(folder))]
        result = CliRunner().invoke(main, args, env={"GONGKAI_SITE_URL": DOMAIN})
        assert result.exit_code == 0, result.output
    return root


def test_each_shard_has_its_folders_and_its_path_of_the_domain(shards: Path) -> None:
    for name, filing_id in [
        ("changli", "changli_2023_dept_budget_hrss"),
        ("south", "zhuhai_2026_jiaotong-shizheng-gongwu-zhongxin_budget"),
    ]:
        shard = Shard(name, shards)
        assert sorted(p.name for p in shard.packages.iterdir()) == ["all-filings", filing_id]
        assert (shard.docs / "index.md").read_bytes() == (paths.DOCS / "index.md").read_bytes()
        site = shards / "site" / name
        locations = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text("utf-8"))
        assert f"{DOMAIN}{name}/" in locations
        assert f"{DOMAIN}{name}/generated/filings/{filing_id}/" in locations
        assert all(location.startswith(f"{DOMAIN}{name}/") for location in locations)
        page = (site / "generated" / "filings" / filing_id / "index.html").read_text("utf-8")
        canonical = f'<link rel="canonical" href="{DOMAIN}{name}/generated/filings/{filing_id}/"'
        assert canonical in page
        assert f"{DOMAIN}{name}/generated/filings/{filing_id}/" in page.split("引用本页", 1)[1]


def test_the_root_index_links_every_shard(shards: Path) -> None:
    result = CliRunner().invoke(
        main, ["root-index", "--shards-dir", str(shards)], env={"GONGKAI_SITE_URL": DOMAIN}
    )
    assert result.exit_code == 0, result.output
    assert "2 shard(s) listed" in result.output
    page = (shards / "site" / "index.html").read_text("utf-8")
    assert page.startswith("<!doctype html>\n<!-- Written by gongkai root-index")
    assert re.findall(r'href="([^"]*)"', page) == ["changli/", "south/"]
    assert "://" not in page and "<script" not in page and "src=" not in page  # nothing outside
    rows = re.findall(r"<tr><td>.*?</tr>", page)
    assert len(rows) == 2
    assert ">河北省 / 秦皇岛市 / 昌黎县</a>" in rows[0] and ">2023<" in rows[0]
    assert ">广东省 / 珠海市</a>" in rows[1] and ">2026<" in rows[1] and ">预算 1<" in rows[1]
    assert "共 2 份公开文件" in page
    sitemap = (shards / "site" / "sitemap.xml").read_text("utf-8")
    assert re.findall(r"<loc>([^<]*)</loc>", sitemap) == [
        f"{DOMAIN}changli/sitemap.xml",
        f"{DOMAIN}south/sitemap.xml",
    ]
    assert "<sitemapindex " in sitemap
    listed = json.loads((shards / "site" / "shards.json").read_text("utf-8"))
    assert listed == [
        {"name": "changli", "regions": ["河北省 / 秦皇岛市 / 昌黎县"], "filings": 1},
        {"name": "south", "regions": ["广东省 / 珠海市"], "filings": 1},
    ]


def test_a_shards_pages_name_its_shard_and_link_the_domain(shards: Path) -> None:
    for name in SHARDS:
        page = (shards / "site" / name / "index.html").read_text("utf-8")
        assert f'data-gk-search="./" data-gk-shard="{name}"' in page, name
        assert '<a href="../">所有地区</a>' in page, name  # the domain's root page


def test_only_a_shard_build_names_a_shard(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.pipeline import deployment
    from gongkai.site.build import _mkdocs_config
    from gongkai.site.errors import SiteError

    config = paths.ROOT / "mkdocs.yml"
    monkeypatch.setenv("GONGKAI_SHARD", "south")  # left in the shell: not a shard build
    with deployment(None, None):
        assert _mkdocs_config(paths.DOCS, config)["extra"]["shard"] == ""
    with deployment(None, "south"):
        assert _mkdocs_config(paths.DOCS, config)["extra"]["shard"] == "south"
    monkeypatch.setenv("GONGKAI_SHARD", "../x")
    with pytest.raises(SiteError, match="GONGKAI_SHARD"):
        _mkdocs_config(paths.DOCS, config)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not at /usr/bin/chromium")
def test_a_shards_search_finds_the_other_shards_pages_when_asked(shards: Path) -> None:
    """On the changli shard's site, 珠海 finds no filing: the box offers the south shard (from the
    domain's shards.json), whose index is fetched only when its button is pressed, and whose
    results link into south/."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    assert CliRunner().invoke(main, ["root-index", "--shards-dir", str(shards)]).exit_code == 0
    with serve_folder(shards / "site") as server, playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 800})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server + "changli/")
        page.wait_for_load_state("networkidle")
        page.locator("label[for='__search']").first.click()
        page.locator("input.md-search__input").fill("珠海")
        page.wait_for_selector(".gk-search-shards button")
        own = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(a => a.href)")
        # a result's link is its page on the host, the site's path once (not changli/changli/)
        assert own and all(url.startswith(server + "changli/") for url in own), own
        assert not [url for url in own if "changli/changli/" in url], own
        assert page.locator(".gk-search-shards button").all_inner_texts() == ["广东省 / 珠海市"]
        assert not [url for url in requests if "/south/" in url]
        page.locator(".gk-search-shards button").click()
        page.wait_for_selector(".gk-search-shard-head")
        links = page.eval_on_selector_all(
            "li.gk-search-elsewhere a.md-search-result__link", "els => els.map(a => a.href)"
        )
        filing = "south/generated/filings/zhuhai_2026_jiaotong-shizheng-gongwu-zhongxin_budget/"
        assert server + filing in links, links
        assert "广东省 / 珠海市：" in page.locator(".gk-search-shard-head").inner_text()
        assert not page.locator(".gk-search-shards").count()  # its only button was used
        assert any(url.startswith(server + "south/pagefind/") for url in requests)
        assert all(url.startswith(server) for url in requests), requests
        browser.close()


def test_the_root_index_escapes_what_filings_say() -> None:
    summary = ShardSummary("x", ('<script>alert("区")</script>',), 1, (2026,), (("预算", 1),), 1)
    page = root_index([summary], "公开<预算>")
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;区&quot;)" in page
    assert "<h1>公开&lt;预算&gt;</h1>" in page


def test_the_province_collection_is_combine_over_every_shard(shards: Path, tmp_path: Path) -> None:
    folders = [Shard(name, shards).packages for name in SHARDS]
    args = ["combine", "--out", str(tmp_path / "province")]
    args += [option for folder in folders for option in ("--packages", str(folder))]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    together = tmp_path / "together"
    for folder in folders:
        for package in folder.iterdir():
            if package.name != "all-filings":
                shutil.copytree(package, together / package.name)
    result = CliRunner().invoke(main, ["combine", "--packages", str(together)])
    assert result.exit_code == 0, result.output

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    combined = files(tmp_path / "province" / "all-filings")
    assert "data/filings.csv" in combined and "all-filings.xlsx" in combined
    assert combined == files(together / "all-filings")

    again = ["combine", "--out", str(tmp_path / "twice"), "--packages", str(folders[0])]
    result = CliRunner().invoke(main, [*again, "--packages", str(together)])
    assert result.exit_code == 1
    assert "changli_2023_dept_budget_hrss is in both" in result.output.replace("\n", "")
    result = CliRunner().invoke(main, ["combine", *args[3:]])  # several folders, no --out
    assert result.exit_code == 2 and "--out" in result.output


def test_a_shard_name_is_a_path_segment(tmp_path: Path) -> None:
    for name in ["Jiangsu", "../x", "site", "江苏"]:
        result = CliRunner().invoke(main, ["build", "--shard", name, "--shards-dir", str(tmp_path)])
        assert result.exit_code == 2 and "--shard" in result.output, name
    result = CliRunner().invoke(main, ["build", "--site-url", "yusuan.test/x"])
    assert result.exit_code == 2 and "--site-url" in result.output
    assert not any(tmp_path.iterdir())


def test_hand_written_docs_are_synced_and_generated_is_left(tmp_path: Path) -> None:
    source, target = tmp_path / "docs", tmp_path / "shard"
    (source / "generated").mkdir(parents=True)
    (source / "generated" / "repo.md").write_text("repo's own", "utf-8")
    (source / "index.md").write_text("home", "utf-8")
    (target / "generated").mkdir(parents=True)
    (target / "generated" / "page.md").write_text("the shard's", "utf-8")
    (target / "gone.md").write_text("deleted from docs/", "utf-8")
    sync_hand_written_docs(source, target)
    found = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert found == {"index.md", "generated/page.md"}
