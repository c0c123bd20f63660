"""The collection built from real filings: the Jiangsu high court's three budgets (2017-2019).

The three PDFs are converted once (in parallel) from filings/jiangsu/; the figures were read
off the PDFs (支出合计 and “三公”经费 of the 收支预算总表 and the 三公 table, 万元).
"""

from __future__ import annotations

import asyncio
import sqlite3
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from gongkai import paths
from gongkai.collection import COMBINED_ID, DATABASE, combine
from tests.collection.served import THREE_PUBLIC_SQL, datasette_get
from tests.corpus import convert_corpus

COURT = [f"jiangsu_{year}_gaoyuan_budget" for year in (2017, 2018, 2019)]

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(
        not (paths.FILINGS / "jiangsu").is_dir(), reason="filings/jiangsu is not available"
    ),
]


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("court") / "packages"
    convert_corpus(COURT, out)
    target = combine(out)
    assert target is not None
    return target


def test_total_by_year(collection: Path) -> None:
    figures = pd.read_parquet(collection / "parquet" / "key_figures.parquet")
    assert figures.set_index("year")["total_yuan"].to_dict() == {
        2017: Decimal("288493800.0000"),
        2018: Decimal("331721500.0000"),
        2019: Decimal("371883400.0000"),
    }
    assert set(figures["department_id"]) == {"江苏省高级人民法院"}


def test_three_public_by_department_and_year(collection: Path) -> None:
    # pandas, two lines
    figures = pd.read_parquet(collection / "parquet" / "key_figures.parquet")
    table = figures.pivot_table(
        index="department_id", columns="year", values="three_public_yuan", aggfunc="sum"
    )
    # 670.12, 620.75 and 513.75 万元 as printed (180 + 304.4 + 185.72 = 670.12 in 2017)
    expected = {2017: Decimal("6701200"), 2018: Decimal("6207500"), 2019: Decimal("5137500")}
    assert {year: table.loc["江苏省高级人民法院", year] for year in table.columns} == expected
    # SQL, one query
    with sqlite3.connect(collection / DATABASE) as connection:
        rows = connection.execute(
            "SELECT department_id, year, SUM(three_public_yuan) FROM key_figures "
            "WHERE phase = '预算' GROUP BY department_id, year ORDER BY year"
        ).fetchall()
    assert rows == [("江苏省高级人民法院", year, int(v)) for year, v in expected.items()]


def test_datasette_answers_three_public_by_department_and_year(collection: Path) -> None:
    pytest.importorskip("datasette.app", reason="datasette is a dev dependency")
    (answer,) = asyncio.run(
        datasette_get(collection, f"/{COMBINED_ID}.json?_shape=array&sql={THREE_PUBLIC_SQL}")
    )
    assert answer == [
        {"department_id": "江苏省高级人民法院", "year": 2017, "three_public": 6701200},
        {"department_id": "江苏省高级人民法院", "year": 2018, "three_public": 6207500},
        {"department_id": "江苏省高级人民法院", "year": 2019, "three_public": 5137500},
    ]


def test_authoritative_rows_count_a_total_once(collection: Path) -> None:
    tables = ["fiscal_appropriation_expenditure", "general_budget_expenditure"]
    frame = pd.concat(
        [
            pd.read_csv(collection / "data" / f"{t}.csv", dtype=str, encoding="utf-8-sig")
            for t in tables
        ]
    )
    totals = frame[
        (frame.code_level == "合计") & (frame.measure == "total") & (frame.year == "2019")
    ]
    assert sorted(totals["authoritative"]) == ["false", "true"]
    assert set(totals["amount_yuan"]) == {"371883400.00"}
