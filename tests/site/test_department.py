"""Department pages, the year switcher and the collection reader, on tiny inline collections:
exact figures in the Markdown."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from gongkai.datapackage import load_package
from gongkai.site.corpus import Filing, FunctionClass, load_collection
from gongkai.site.pages.department import caveats, department_page, series_rows
from gongkai.site.sections.switcher import switcher_section


def filing(filing_id: str, year: int, phase: str = "预算", **figures: str) -> Filing:
    return Filing(
        filing_id=filing_id,
        department_id="江苏省高级人民法院",
        department_name="江苏省高级人民法院",
        region=("江苏省",),
        level="省级",
        year=year,
        phase=phase,
        scope="部门",
        title=f"江苏省高级人民法院{year}年部门{phase}",
        unit=str(figures.pop("unit", "万元")),
        checks_failed=0,
        figures={k: Decimal(v) for k, v in figures.items()},
    )


COURT = [
    filing("c2017", 2017, total_yuan="288493800.00", three_public_yuan="6701200.00"),
    filing("c2018", 2018, total_yuan="331721500.00", three_public_yuan="6207500.00"),
    filing("c2019", 2019, total_yuan="371883400.00"),
]
CLASSES = {
    "c2017": [FunctionClass("208", "社会保障和就业支出", Decimal("23471300.00"), "t")],
    "c2018": [FunctionClass("208", "社会保障和就业支出", Decimal("22547600.00"), "t")],
    "c2019": [
        FunctionClass("208", "社会保障和就业支出", Decimal("23556500.00"), "t"),
        FunctionClass("221", "住房保障支出", Decimal("73444600.00"), "t"),
    ],
}


def test_series_with_changes_and_links() -> None:
    page = department_page("江苏省高级人民法院", COURT, CLASSES, {})
    assert (
        "| 支出合计 | 37,188.34<br><small>比上年+4,016.19（+12.1%）</small> "
        "| 33,172.15<br><small>比上年+4,322.77（+15.0%）</small> | 28,849.38 |"
    ) in page
    assert "| “三公”经费 | — | 620.75<br><small>比上年−49.37（−7.4%）</small> | 670.12 |" in page
    assert (
        "- [2017年预算](../filings/c2017.md)：支出合计28,849.38万元 · 部门 · 核对未见不符" in page
    )
    assert "| [208 社会保障和就业支出](../functions/208.md) | 2,355.65 | 2,254.76 | 2,347.13 |" in (
        page
    )
    assert "| [221 住房保障支出](../functions/221.md) | 7,344.46 | — | — |" in page
    assert "[下载本页数据（CSV）](9260b06e/series.csv)" in page
    assert "“三公”经费（2019年预算）" in page  # not printed that year: said, not shown as 0
    assert "住房保障支出（仅2019年预算）" in page


def test_phases_are_never_compared() -> None:
    mixed = [
        filing("b2024", 2024, total_yuan="100000000"),
        filing("f2024", 2024, "决算", total_yuan="90000000", unit="元"),
        filing("b2025", 2025, total_yuan="110000000"),
    ]
    page = department_page("d", mixed, {}, {})
    assert "| 支出合计 | 11,000<br><small>比上年+1,000（+10.0%）</small> | 9,000 | 10,000 |" in page
    notes = caveats(mixed, {})
    assert notes[0].startswith("本部门既有预算也有决算")
    assert notes[1] == (
        "各年原文所用单位不同（2024年预算以万元，2024年决算以元，2025年预算以万元公布）；"
        "本页一律折合为万元，只换算不取整。"
    )


def test_series_csv_rows_are_exact() -> None:
    rows = series_rows("江苏省高级人民法院", COURT[:1], CLASSES)
    facts = ["江苏省高级人民法院", "c2017", "2017", "预算", "部门"]
    assert rows == [
        [*facts, "total_yuan", "支出合计", "288493800.00", "28849.38"],
        [*facts, "three_public_yuan", "“三公”经费", "6701200.00", "670.12"],
        [*facts, "function_class:208", "社会保障和就业支出", "23471300.00", "2347.13"],
    ]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


FACETS = {"region": "江苏省", "level": "省级", "phase": "预算", "scope": "部门"}


def _collection(root: Path) -> Path:
    """all-filings with two court filings, and the 2018 filing's own package beside it."""
    target = root / "all-filings"
    names = ["filings", "key_figures", "three_public_expenses", "general_budget_expenditure"]
    resources = [{"name": n, "path": f"data/{n}.csv"} for n in names]
    (target / "data").mkdir(parents=True)
    (target / "datapackage.json").write_text(json.dumps({"resources": resources}), "utf-8")
    ids = {"2017": "jiangsu_2017_gaoyuan_budget", "2018": "jiangsu_2018_gaoyuan_budget"}
    court = {"department_id": "江苏省高级人民法院", "department_name": "江苏省高级人民法院"}
    facets = [{"filing_id": i, **court, **FACETS, "year": y} for y, i in ids.items()]
    _write_csv(
        target / "data" / "filings.csv",
        [{**f, "title": f"法院{f['year']}", "unit": "万元", "checks_failed": "0"} for f in facets],
    )
    totals = {"2017": "288493800.00", "2018": "331721500.00"}
    _write_csv(
        target / "data" / "key_figures.csv",
        [{**f, "total_yuan": totals[f["year"]], "three_public_yuan": ""} for f in facets],
    )
    three = {"item_key": "overseas_travel", "measure": "total", "amount_yuan": "1800000.00"}
    _write_csv(target / "data" / "three_public_expenses.csv", [{**facets[0], **three}])
    line = {"code_level": "类", "measure": "total", "code": "208", "name": "社会保障和就业支出"}
    _write_csv(
        target / "data" / "general_budget_expenditure.csv",
        [
            {**f, **line, "amount_yuan": a}
            for f, a in zip(facets, ["1", "22547600.00"], strict=True)
        ],
    )
    own = root / ids["2018"]
    meta = {"filing_id": ids["2018"], "year": 2018}
    figures = [{"name": "figures", "path": "data/figures.csv"}]
    (own / "data").mkdir(parents=True)
    (own / "datapackage.json").write_text(
        json.dumps({"gongkai": meta, "resources": figures}), "utf-8"
    )
    _write_csv(
        own / "data" / "figures.csv",
        [{"figure": "function_class", "table_id": "general_budget_expenditure"}],
    )
    return root


def test_load_collection_reads_what_the_collection_wrote(tmp_path: Path) -> None:
    root = _collection(tmp_path)
    own = load_package(root / "jiangsu_2018_gaoyuan_budget")
    collection = load_collection(root / "all-filings", [own])
    assert collection is not None
    first, second = collection.filings
    assert (first.year, first.wan("total_yuan"), second.wan("total_yuan")) == (
        2017,
        Decimal("28849.38"),
        Decimal("33172.15"),
    )
    assert first.wan("three_public:overseas_travel") == Decimal("180")
    assert "three_public_yuan" not in first.figures  # blank: not printed, never 0
    # only the 2018 package names its function-class table; 2017's row is not guessed
    assert collection.functions == {
        "jiangsu_2018_gaoyuan_budget": [
            FunctionClass(
                "208", "社会保障和就业支出", Decimal("22547600.00"), "general_budget_expenditure"
            )
        ]
    }
    assert load_collection(tmp_path / "nowhere") is None


def test_year_switcher_links_the_department_s_other_filings(tmp_path: Path) -> None:
    root = _collection(tmp_path)
    section = switcher_section(load_package(root / "jiangsu_2018_gaoyuan_budget"))
    assert section == (
        "## 本部门各年度 {#switcher}\n\n"
        '<nav class="gk-switcher" aria-label="本部门各年度" markdown="1">\n\n'
        "[2017年预算](jiangsu_2017_gaoyuan_budget.md) · **2018年预算**（本页）"
        " · [历年对比](../departments/9260b06e.md)<br>\n"
        "<small>江苏省 · 省级 · 部门 · 2018年 · 预算</small>\n\n</nav>"
    )
