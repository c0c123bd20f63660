"""The collection (all-filings): long tables of money with amount_yuan and the authoritative
flag, key figures, departments and checks, as a Frictionless package of BOM CSVs, XLSX,
Parquet and SQLite; built here from two copies of the sample package."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, system
from openpyxl import load_workbook

from gongkai.collection import COMBINED_ID, DATABASE, combine
from gongkai.collection.departments import department_ids, normalise
from gongkai.collection.frames import to_yuan


def _retag(package: Path, filing_id: str, **meta: object) -> None:
    """Make a copy of the sample another filing (id, year …) in its descriptor."""
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    descriptor["gongkai"].update({"filing_id": filing_id, **meta})
    path.write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def collection(sample_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    packages = tmp_path_factory.mktemp("collection")
    for name, year in (("changli_2022", 2022), ("changli_2023", 2023)):
        shutil.copytree(sample_package, packages / name)
        _retag(packages / name, name, year=year)
    target = combine(packages)
    assert target == packages / COMBINED_ID
    return target


def test_the_package_validates(collection: Path) -> None:
    with system.use_context(trusted=True):
        report = Package(str(collection / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]
    names = [
        r["name"] for r in json.loads((collection / "datapackage.json").read_text())["resources"]
    ]
    assert names[:3] == ["filings", "departments", "key_figures"] and names[-1] == "checks"
    assert "three_public_expenses" in names and "budget_lines" not in names


def test_every_csv_has_a_bom(collection: Path) -> None:
    for path in (collection / "data").glob("*.csv"):
        assert (
            path.read_bytes().startswith(b"\xef\xbb\xbffiling_id,")
            or path.name == "departments.csv"
        )
    assert (
        (collection / "data" / "departments.csv")
        .read_bytes()
        .startswith(b"\xef\xbb\xbfdepartment_id,")
    )


def test_amount_yuan_is_exact_and_keeps_the_printed_value(collection: Path) -> None:
    frame = pd.read_csv(
        collection / "data" / "general_budget_expenditure.csv", dtype=str, encoding="utf-8-sig"
    )
    total = frame[
        (frame.code_level == "合计")
        & (frame.measure == "total")
        & (frame.filing_id == "changli_2023")
    ]
    assert total[["amount", "unit", "amount_yuan"]].values.tolist() == [
        ["29296.37", "万元", "292963700.00"]
    ]
    assert to_yuan(Decimal("0.000001"), "万元") == Decimal("0.01")
    assert to_yuan(Decimal("5"), "元") == Decimal("5") and to_yuan(Decimal("5"), None) is None


def test_a_figure_repeated_in_several_tables_has_one_authoritative_row(collection: Path) -> None:
    frames = {
        name: pd.read_csv(collection / "data" / f"{name}.csv", dtype=str, encoding="utf-8-sig")
        for name in ("expenditure_by_function", "general_budget_expenditure")
    }
    picked = [
        frame[
            (frame.code == "20502")
            & (frame.measure == "total")
            & (frame.filing_id == "changli_2023")
        ]
        for frame in frames.values()
    ]
    assert [p[["amount", "authoritative"]].values.tolist() for p in picked] == [
        [["949.40", "true"]],
        [["949.40", "false"]],
    ]


def test_key_figures_one_row_per_filing(collection: Path) -> None:
    frame = pd.read_parquet(collection / "parquet" / "key_figures.parquet")
    assert frame["filing_id"].tolist() == ["changli_2022", "changli_2023"]
    assert frame["total_yuan"].tolist() == [Decimal("292963700.0000")] * 2
    assert frame["three_public_yuan"].tolist() == [Decimal("126000.0000")] * 2


def test_three_public_by_department_and_year_in_pandas_and_sql(collection: Path) -> None:
    # The pandas two-liner of the downloads page.
    figures = pd.read_parquet(collection / "parquet" / "key_figures.parquet")
    table = figures.pivot_table(
        index="department_id", columns="year", values="three_public_yuan", aggfunc="sum"
    )
    assert table.to_dict() == {
        2022: {"昌黎县人力资源和社会保障局": Decimal("126000")},
        2023: {"昌黎县人力资源和社会保障局": Decimal("126000")},
    }
    # The one SQL query.
    with sqlite3.connect(collection / DATABASE) as connection:
        rows = connection.execute(
            "SELECT department_id, year, SUM(three_public_yuan) FROM key_figures "
            "WHERE phase = '预算' GROUP BY department_id, year ORDER BY year"
        ).fetchall()
    assert rows == [
        ("昌黎县人力资源和社会保障局", 2022, 126000),
        ("昌黎县人力资源和社会保障局", 2023, 126000),
    ]


def test_datasette_metadata_and_xlsx_headers(collection: Path) -> None:
    metadata = json.loads((collection / "metadata.json").read_text("utf-8"))
    tables = metadata["databases"][COMBINED_ID]["tables"]
    with sqlite3.connect(collection / DATABASE) as connection:
        names = {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert names == set(tables)
    assert tables["key_figures"]["columns"]["three_public_yuan"].startswith("“三公”经费（元）：")
    workbook = load_workbook(collection / f"{COMBINED_ID}.xlsx", read_only=True)
    sheet = workbook["主要数字"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("公开文件", "部门编号", "部门名称")


def test_the_workbook_lists_the_failing_checks_and_the_csv_all(
    sample_package: Path, tmp_path: Path
) -> None:
    shutil.copytree(sample_package, tmp_path / "failing")
    checks_csv = tmp_path / "failing" / "data" / "checks.csv"
    text = checks_csv.read_text("utf-8-sig")
    checks_csv.write_text(text.replace(",pass,", ",fail,", 1), "utf-8-sig")  # one check fails
    target = combine(tmp_path)
    assert target is not None
    checks = pd.read_csv(target / "data" / "checks.csv", dtype=str, encoding="utf-8-sig")
    assert len(checks) > 400 and (checks["status"] == "fail").sum() == 1
    workbook = load_workbook(target / f"{COMBINED_ID}.xlsx", read_only=True)
    assert "检查结果（全部文件）" not in workbook.sheetnames
    rows = list(workbook["未通过的检查（全部检查见checks.csv）"].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][rows[0].index("结果")] == "fail"
    assert rows[1][rows[0].index("检查编号")] == checks[checks["status"] == "fail"].iloc[0].check_id


def test_no_packages_no_collection(tmp_path: Path) -> None:
    assert combine(tmp_path) is None


def test_departments_are_matched_by_alias_table_and_code() -> None:
    assert normalise("江苏省人大办公厅") == normalise("江苏省人大常委会办公厅")
    assert normalise("中国共产党江苏省委员会办公厅") == "中共江苏省委办公厅"
    assert normalise("泉州市公安局（本级）") == "泉州市公安局"
    ids = department_ids(
        [
            {
                "filing_id": "a",
                "department_name": "甲局",
                "department_code": "101",
                "region": ["X省"],
                "year": 2018,
            },
            {
                "filing_id": "b",
                "department_name": "甲局（新名）",
                "department_code": "101",
                "region": ["X省"],
                "year": 2019,
            },
            {
                "filing_id": "c",
                "department_name": "甲局（新名）",
                "department_code": "101",
                "region": ["Y省"],
                "year": 2019,
            },
            # a year read as a code: two departments of one year and region print "2026"
            {
                "filing_id": "d",
                "department_name": "乙局",
                "department_code": "2026",
                "region": ["Z市"],
                "year": 2026,
            },
            {
                "filing_id": "e",
                "department_name": "丙局",
                "department_code": "2026",
                "region": ["Z市"],
                "year": 2026,
            },
        ]
    )
    assert ids == {"a": "甲局", "b": "甲局", "c": "甲局(新名)", "d": "乙局", "e": "丙局"}


def test_the_five_jiangsu_departments_of_2017_2019_count_as_five() -> None:
    import yaml

    from gongkai import paths
    from gongkai.filings import load_provenance
    from tests.corpus import provenance_path

    fixture = yaml.safe_load(
        (paths.ROOT / "tests" / "fixtures" / "real_filings.yaml").read_text("utf-8")
    )
    jiangsu = [i for i in fixture if i.startswith("jiangsu_")]
    filings = [{"filing_id": i, **load_provenance(provenance_path(i)).provenance} for i in jiangsu]
    names = {f["department_name"] for f in filings}
    assert len(jiangsu) == 15 and len(names) == 6  # 省委办公厅 is printed two ways
    ids = department_ids(filings)
    assert sorted(set(ids.values())) == [
        "中共江苏省委办公厅",
        "江苏省人大常委会办公厅",
        "江苏省人民检察院",
        "江苏省政协办公厅",
        "江苏省高级人民法院",
    ]
    assert all(list(ids.values()).count(d) == 3 for d in ids.values())


def test_key_figures_of_a_final_account_take_the_actual_not_the_printed_budget() -> None:
    """A 决算 prints its 预算数 beside the 决算数 (普陀区财政局 2024: 三公 预算数 0.95 万元, 决算数
    blank); the key figure is the 决算数, so it stays blank rather than showing the budget."""
    from gongkai.collection.frames import facets, key_figures_frame
    from gongkai.datapackage import Package as SavedPackage
    from gongkai.datapackage import Resource, Row

    def figure(line: int, amount: str, measure: str) -> Row:
        return Row(
            line_no=str(line), figure="three_public", item="合计", amount=amount,
            unit="万元", table_id="three_public_expenses", measure=measure,
        )  # fmt: skip

    rows = [figure(1, "0.95", "budget_amount"), figure(2, "", "total")]
    package = SavedPackage(
        directory=Path("final"),
        descriptor={"gongkai": {"filing_id": "final", "year": 2024, "phase": "决算"}},
        resources={"figures": Resource("figures", "data/figures.csv", None, None, [], rows)},
    )
    frame = key_figures_frame([package], facets([package]))
    assert frame.loc[0, "three_public_yuan"] is None
    rows[1] = figure(2, "0.90", "total")
    frame = key_figures_frame([package], facets([package]))
    assert frame.loc[0, "three_public_yuan"] == Decimal("9000.00")


def test_the_workbook_holds_text_from_a_filing_as_text_never_a_formula(
    sample_package: Path, tmp_path: Path
) -> None:
    """A name a filing prints that starts with = (generated here) is a text cell in the combined
    XLSX, as in each package's own copy; openpyxl would otherwise write it as a formula."""
    shutil.copytree(sample_package, tmp_path / "hostile")
    _retag(tmp_path / "hostile", "hostile", department_name='=HYPERLINK("http://x","y")')
    target = combine(tmp_path)
    assert target is not None
    workbook = load_workbook(next(target.glob("*.xlsx")))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert any(c.value == '=HYPERLINK("http://x","y")' for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
