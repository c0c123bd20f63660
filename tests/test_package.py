"""The sample's data package: frictionless accepts it, the XLSX copy opens with the same numbers."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from frictionless import Package, system

from tests.conftest import SAMPLE_ID


def test_frictionless_accepts_the_package(sample_package: Path) -> None:
    with system.use_context(trusted=True):
        report = Package(str(sample_package / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]


def test_descriptor_metadata(sample_package: Path) -> None:
    descriptor = json.loads((sample_package / "datapackage.json").read_text("utf-8"))
    assert descriptor["title"] == "昌黎县人力资源和社会保障局2023年部门预算"
    assert descriptor["licenses"][0]["name"] == "ODC-PDDL-1.0"
    assert descriptor["sources"][0]["path"] == f"original/{SAMPLE_ID}.txt"
    meta = descriptor["gongkai"]
    assert meta["region"] == ["河北省", "秦皇岛市", "昌黎县"]
    assert (meta["department_code"], meta["year"], meta["phase"], meta["unit"]) == (
        "323",
        2023,
        "预算",
        "万元",
    )
    assert (sample_package / "original" / f"{SAMPLE_ID}.txt").exists()
    summary = next(r for r in descriptor["resources"] if r["name"] == "income_by_function")
    assert summary["unit"] == "万元"
    assert {"fields": "parent_code", "reference": {"resource": "", "fields": "code"}} in summary[
        "schema"
    ]["foreignKeys"]


def test_xlsx_copy_has_every_table_with_chinese_headers(sample_package: Path) -> None:
    workbook = openpyxl.load_workbook(sample_package / f"{SAMPLE_ID}.xlsx")
    descriptor = json.loads((sample_package / "datapackage.json").read_text("utf-8"))
    assert workbook.sheetnames == [r["name"][:31] for r in descriptor["resources"]]
    sheet = workbook["expenditure_by_function"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["行号", "科目编码", "科目名称", "级次", "上级科目编码", "合计"]
    with open(sample_package / "data" / "expenditure_by_function.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sheet.max_row == len(rows) + 1
    for row, cells in zip(rows, sheet.iter_rows(min_row=2, values_only=True), strict=True):
        assert cells[1] == (row["code"] or None)
        assert Decimal(str(cells[5])) == Decimal(row["total"])
    total_cell = sheet.cell(row=2, column=6)
    assert total_cell.number_format == "0.00"


def test_budget_lines_unite_every_coded_amount(sample_package: Path) -> None:
    with open(sample_package / "data" / "budget_lines.csv", encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    by_table: dict[str, int] = {}
    for line in lines:
        by_table[line["table_id"]] = by_table.get(line["table_id"], 0) + 1
        assert Decimal(line["amount_yuan"]) == Decimal(line["amount"]) * 10000
    # every non-blank amount cell of the six coded tables, and nothing else
    expected = 0
    for table in by_table:
        with open(sample_package / "data" / f"{table}.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                expected += sum(
                    1
                    for k, v in row.items()
                    if v
                    and k
                    not in (
                        "line_no",
                        "code",
                        "name",
                        "level",
                        "parent_code",
                        "page",
                        "source_line",
                    )
                )
    assert len(lines) == expected
    assert set(by_table) == {
        "income_by_function",
        "expenditure_by_function",
        "general_budget_expenditure",
        "basic_expenditure",
    }
