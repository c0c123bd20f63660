"""Department pages from real filings: the Jiangsu high court's three budgets (2017-2019)
converted from their PDFs, and the other four Jiangsu departments of those years as packages that
hold only their provenance (identity is all the page count needs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gongkai import paths
from gongkai.collection import combine
from gongkai.datapackage import find_packages, load_package
from gongkai.site.collection_pages import write_collection_pages
from gongkai.site.corpus import department_page_path, load_collection
from gongkai.site.sections.switcher import switcher_section
from tests.corpus import convert_corpus, provenance_path

YEARS = (2017, 2018, 2019)
COURT = [f"jiangsu_{year}_gaoyuan_budget" for year in YEARS]
OTHERS = [
    f"jiangsu_{year}_{name}_budget"
    for year in YEARS
    for name in ("jianchayuan", "renda-bangongting", "sheng-wei-ban", "zhengxie-bangongting")
]

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(
        not (paths.FILINGS / "jiangsu").is_dir(), reason="filings/jiangsu is not available"
    ),
]


def _identity_only(filing_id: str, out: Path) -> None:
    """A package with the filing's provenance as its metadata and an empty figures resource."""
    provenance = yaml.safe_load(provenance_path(filing_id).read_text("utf-8"))
    meta = {k: v for k, v in provenance.items() if k not in ("id", "files")}
    folder = out / filing_id
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "figures.csv").write_text("line_no,figure,item,amount,unit\n", "utf-8")
    descriptor = {
        "name": filing_id,
        "gongkai": {**meta, "filing_id": filing_id},
        "resources": [{"name": "figures", "path": "data/figures.csv"}],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jiangsu")
    out = root / "packages"
    convert_corpus(COURT, out)
    for filing_id in OTHERS:
        _identity_only(filing_id, out)
    assert combine(out) is not None
    collection = load_collection(out / "all-filings", find_packages(out))
    assert collection is not None
    write_collection_pages(collection, root / "generated")
    return root


def test_the_court_s_page_lines_up_its_three_budgets(generated: Path) -> None:
    page = (generated / "generated" / department_page_path("江苏省高级人民法院")).read_text("utf-8")
    assert (
        "| 支出合计 | 37,188.34<br><small>比上年+4,016.19（+12.1%）</small> "
        "| 33,172.15<br><small>比上年+4,322.77（+15.0%）</small> | 28,849.38 |"
    ) in page
    for year, total in zip(YEARS, ("28,849.38", "33,172.15", "37,188.34"), strict=True):
        target = f"../filings/jiangsu_{year}_gaoyuan_budget.md"
        assert f"- [{year}年预算]({target})：支出合计{total}万元 · 部门" in page
    svg = (generated / "generated" / "departments" / "9260b06e" / "total.svg").read_text("utf-8")
    assert "37,188.34万元" in svg


def test_five_jiangsu_departments_five_pages(generated: Path) -> None:
    pages = sorted((generated / "generated" / "departments").glob("*.md"))
    titles = sorted(p.read_text("utf-8").split("\n# ", 1)[1].split("\n", 1)[0] for p in pages)
    assert titles == [
        "中共江苏省委办公厅",
        "江苏省人大常委会办公厅",
        "江苏省人民检察院",
        "江苏省政协办公厅",
        "江苏省高级人民法院",
    ]


def test_the_2019_page_switches_to_2017_and_2018(generated: Path) -> None:
    section = switcher_section(load_package(generated / "packages" / COURT[2]))
    assert (
        "[2017年预算](jiangsu_2017_gaoyuan_budget.md) · "
        "[2018年预算](jiangsu_2018_gaoyuan_budget.md) · **2019年预算**（本页）"
    ) in section
