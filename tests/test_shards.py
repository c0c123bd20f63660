"""A province split into shards: `gongkai build --shard` (each shard's site under its own path of
one domain), `gongkai root-index` (the domain's root page) and `gongkai combine` (the province's
collection over every shard's packages), on two shards of real filings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import paths
from gongkai.cli import main
from gongkai.shards import Shard, sync_hand_written_docs
from gongkai.site.shard_index import ShardSummary, root_index

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
    result = CliRunner().invoke(main, ["root-index", "--shards-dir", str(shards)])
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
