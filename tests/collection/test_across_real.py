"""Checks across filings on the Jiangsu high court's real 2018 and 2019 budgets.

Read off the PDFs: 2019 收支预算总计 37188.34 万元, 2018 33172.15 万元; the 2019 narrative (page
17) says 与上年相比收、支预算总计各增加4016.19万元，增长12.11%: 37188.34 − 33172.15 = 4016.19 and
4016.19 / 33172.15 = 12.107 %. A copy of the 2018 package with that total changed (a planted
change, not the filing) makes the 2019 check fail by exactly the change.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from gongkai import paths
from gongkai.collection import combine
from tests.corpus import convert_corpus

LAST, THIS = "jiangsu_2018_gaoyuan_budget", "jiangsu_2019_gaoyuan_budget"

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(
        not (paths.FILINGS / "jiangsu").is_dir(), reason="filings/jiangsu is not available"
    ),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("court") / "packages"
    convert_corpus([LAST, THIS], out)
    return out


def _checks(collection: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        collection / "data" / "cross_filing_checks.csv", dtype=str, encoding="utf-8-sig"
    )
    return frame.fillna("")


def _total_change(frame: pd.DataFrame, unit: str) -> pd.Series:
    """The check of the page-17 sentence's 4016.19 万元 (or 12.11 %) on 收、支预算总计 (the
    same page says 一般公共预算收入预算增加4016.19万元 too, checked in its own test)."""
    found = frame[
        (frame.filing_id == THIS)
        & (frame.page == "17")
        & frame.subject.str.contains("预算总计")
        & (frame.printed_unit == unit)
        & (frame.printed_value == ("4016.19" if unit == "万元" else "12.11"))
    ]
    assert len(found) == 1, found[["check_id", "subject", "description_zh"]]
    return found.iloc[0]


def test_the_2019_change_passes_against_the_2018_filing(packages: Path) -> None:
    collection = combine(packages)
    assert collection is not None
    frame = _checks(collection)
    change = _total_change(frame, "万元")
    assert (change.status, change.category, change.prior_filing_id) == (
        "pass",
        "prior_year_change",
        LAST,
    )
    assert (change.current_value, change.published_value, change.expected) == (
        "37188.34",
        "33172.15",
        "4016.19",
    )
    assert Decimal(change.difference) == 0 and change.prior_page != ""
    rate = _total_change(frame, "%")
    assert (rate.status, rate.expected) == ("pass", "12.11")
    # the same page's 一般公共预算收入预算增加4016.19万元: the 2018 filing's 1.一般公共预算 line
    general = frame[
        (frame.filing_id == THIS) & (frame.page == "17") & (frame.subject == "一般公共预算收入预算")
    ]
    assert [
        (g.status, g.line, g.current_value, g.published_value) for g in general.itertuples()
    ] == [("pass", "1.一般公共预算", "37188.34", "33172.15")]
    # the 2018 filing has no 2017 filing beside it here: its 上年 statements are skipped
    assert set(frame[frame.filing_id == LAST].status) <= {"skip"}


def test_a_planted_change_in_the_2018_total_fails_the_2019_check(
    packages: Path, tmp_path: Path
) -> None:
    checked = _total_change(_checks(combine(packages) or packages), "万元")
    planted = tmp_path / "packages"
    shutil.copytree(packages, planted, ignore=shutil.ignore_patterns("all-filings"))
    table = planted / LAST / "data" / f"{checked.table_id}.csv"
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # 支出合计 of the expenditure side (the by-use side repeats it; the check reads the first)
    line = [r for r in rows if r["item"] == checked.line and r["side"] == "expenditure"]
    assert len(line) == 1 and line[0][checked.measure] == "33172.15"
    line[0][checked.measure] = "33172.00"  # PLANTED: the filing prints 33172.15
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    collection = combine(planted)
    assert collection is not None
    change = _total_change(_checks(collection), "万元")
    assert (change.status, change.published_value, change.expected, change.difference) == (
        "fail",
        "33172.00",
        "4016.34",
        "-0.15",
    )
