"""The sample's data package: frictionless accepts it, every CSV has a byte-order mark, each table
has a Chinese-headed CSV with its unit, the XLSX copy opens with Chinese sheets and the same
numbers."""

from __future__ import annotations

import csv
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from frictionless import Package, Resource, Schema, system

from tests.conftest import GOLDEN, SAMPLE_ID

BOM = b"\xef\xbb\xbf"
ZH_GOLDEN = GOLDEN / f"{SAMPLE_ID}_zh"


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
    assert workbook.sheetnames == SHEETS
    sheet = workbook["支出总表"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        "行号",
        "科目编码",
        "科目名称",
        "级次",
        "上级科目编码",
        "合计（万元）",
        "基本支出（万元）",
    ]
    assert sheet.freeze_panes == "A2"
    # widths fit Chinese text: 科目名称 holds names of up to 18 characters (36 Latin widths)
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert (widths["A"], widths["C"], widths["F"]) == (6.0, 38.0, 14.0)
    with open(
        sample_package / "data" / "expenditure_by_function.csv", encoding="utf-8-sig"
    ) as handle:
        rows = list(csv.DictReader(handle))
    assert sheet.max_row == len(rows) + 1
    for row, cells in zip(rows, sheet.iter_rows(min_row=2, values_only=True), strict=True):
        assert cells[1] == (row["code"] or None)
        assert Decimal(str(cells[5])) == Decimal(row["total"])
    total_cell = sheet.cell(row=2, column=6)
    assert total_cell.number_format == "0.00"


def test_budget_lines_unite_every_coded_amount(sample_package: Path) -> None:
    with open(sample_package / "data" / "budget_lines.csv", encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    by_table: dict[str, int] = {}
    for line in lines:
        by_table[line["table_id"]] = by_table.get(line["table_id"], 0) + 1
        assert Decimal(line["amount_yuan"]) == Decimal(line["amount"]) * 10000
    # every non-blank amount cell of the six coded tables, and nothing else
    expected = 0
    for table in by_table:
        with open(sample_package / "data" / f"{table}.csv", encoding="utf-8-sig") as handle:
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


SHEETS = [
    "收支总表",
    "财政拨款收支总表",
    "收入总表",
    "支出总表",
    "一般公共预算财政拨款支出表",
    "一般公共预算财政拨款基本支出表",
    "政府性基金预算财政拨款支出表",
    "国有资本经营预算财政拨款支出表",
    "财政拨款“三公”经费支出表",
    "机构设置",
    "政府采购预算",
    "固定资产占用情况表",
    "项目绩效目标",
    "绩效指标",
    "部门整体绩效目标",
    "情况说明",
    "名词解释",
    "表目录",
    "表头与字段",
    "未能归类的单元格",
    "读取问题",
    "预算明细长表",
    "主要数字",
    "情况说明中的数字陈述",
    "检查结果",
]


def test_every_csv_starts_with_a_byte_order_mark(sample_package: Path) -> None:
    """Excel on Chinese Windows reads UTF-8 only after the mark (else 合计 shows as 鍚堣)."""
    found = sorted(sample_package.rglob("*.csv"))
    assert len(found) == 50  # 25 tables, each in data/ and in zh/
    assert [p.name for p in found if not p.read_bytes().startswith(BOM)] == []
    assert not [p.name for p in found if p.read_bytes().startswith(BOM * 2)]


def test_descriptor_declares_the_mark_and_names_each_chinese_csv(sample_package: Path) -> None:
    descriptor = json.loads((sample_package / "datapackage.json").read_text("utf-8"))
    resources = descriptor["resources"]
    assert {r["encoding"] for r in resources} == {"utf-8-sig"}
    assert [r["gongkai:csv_zh"] for r in resources] == [f"zh/{r['name']}.csv" for r in resources]
    assert sorted(p.name for p in (sample_package / "zh").iterdir()) == sorted(
        f"{r['name']}.csv" for r in resources
    )


def test_chinese_csv_has_chinese_headers_units_and_the_printed_amounts(
    sample_package: Path,
) -> None:
    lines = (sample_package / "zh" / "expenditure_by_function.csv").read_bytes().split(b"\n")
    assert lines[0].decode("utf-8") == (
        "\ufeff行号,科目编码,科目名称,级次,上级科目编码,合计（万元）,基本支出（万元）,人员经费（万元）,"
        "公用经费（万元）,项目支出（万元）,经营支出（万元）,上缴上级支出（万元）,"
        "对附属单位补助支出（万元）,页码,原文行"
    )
    assert lines[1].decode("utf-8") == "1,,合计,合计,,29296.37,2078.30,,,27218.07,,,,,819"
    # the same values as the machine-friendly CSV, which keeps the ASCII field names
    machine = (sample_package / "data" / "expenditure_by_function.csv").read_bytes().split(b"\n")
    assert machine[0].startswith(BOM + b"line_no,code,name,level,parent_code,total,")
    assert machine[1:] == lines[1:]
    # a table whose amounts are in 元 by their form (Shanghai project funds), a long table whose
    # unit is a column of each row
    header = (sample_package / "zh" / "performance_projects.csv").read_text("utf-8-sig")
    assert "项目资金总额（元）,财政资金（元）" in header.split("\n")[0]
    long_header = (sample_package / "zh" / "budget_lines.csv").read_text("utf-8-sig")
    assert ",单位," in long_header.split("\n")[0]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_check_results_read_as_a_reader_says_them(sample_package: Path) -> None:
    machine = _rows(sample_package / "data" / "checks.csv")
    chinese = _rows(sample_package / "zh" / "checks.csv")
    assert len(chinese) == len(machine)
    said = {
        (m["status"], m["severity"], c["结果"], c["严重程度"])
        for m, c in zip(machine, chinese, strict=True)
    }
    # the sample's kinds: no failure; a note (a large change given without a reason) is 提示
    assert said == {
        ("pass", "", "一致", ""),
        ("skip", "", "无法核对", ""),
        ("skip", "info", "提示", "提示"),
    }
    first = chinese[0]
    assert (first["检查编号"], first["结果"]) == ("schema.income_expenditure_summary", "一致")
    claims = {
        (m["status"], c["结果"])
        for m, c in zip(
            _rows(sample_package / "data" / "claims.csv"),
            _rows(sample_package / "zh" / "claims.csv"),
            strict=True,
        )
    }
    assert claims <= {("agree", "一致"), ("disagree", "不符"), ("unresolved", "无法核对")}


def test_xlsx_check_results_and_amounts_read_back(sample_package: Path) -> None:
    workbook = openpyxl.load_workbook(sample_package / f"{SAMPLE_ID}.xlsx")
    checks = workbook["检查结果"]
    assert [c.value for c in checks[1]][:3] == ["检查编号", "类别", "结果"]
    assert [c.value for c in checks[2]][:3] == [
        "schema.income_expenditure_summary",
        "schema",
        "一致",
    ]
    assert checks.freeze_panes == "A2"
    three = workbook["财政拨款“三公”经费支出表"]
    assert [c.value for c in three[1]][:5] == [
        "行号",
        "项目",
        "项目类别",
        "合计（万元）",
        "一般公共预算（万元）",
    ]
    total = [c for c in three[2]]
    assert [c.value for c in total[:4]] == [1, "合计", "grand_total", 12.6]
    assert (total[3].data_type, total[3].number_format) == ("n", "0.00")


def test_chinese_csvs_validate_against_their_schemas_renamed(sample_package: Path) -> None:
    """Each zh/ CSV read by frictionless with the schema's fields named by their Chinese header:
    every row has its columns and every amount is a number."""
    descriptor = json.loads((sample_package / "datapackage.json").read_text("utf-8"))
    failures = {}
    for item in descriptor["resources"]:
        with (sample_package / item["gongkai:csv_zh"]).open(encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle))
        fields = [
            {"name": zh, "type": f["type"] if f["name"] not in ("status", "severity") else "string"}
            for zh, f in zip(header, item["schema"]["fields"], strict=True)
        ]
        with system.use_context(trusted=True):
            resource = Resource(
                path=item["gongkai:csv_zh"],
                basepath=str(sample_package),
                encoding="utf-8-sig",
                schema=Schema.from_descriptor({"fields": fields}),
            )
            report = resource.validate()
        if not report.valid:
            failures[item["name"]] = report.flatten(["rowNumber", "fieldName", "type"])[:3]
    assert failures == {}


def test_golden_chinese_csvs(sample_package: Path) -> None:
    """The zh/ CSVs byte for byte (refresh: UPDATE_GOLDEN=1, review the diff)."""
    files = sorted((sample_package / "zh").glob("*.csv"))
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(ZH_GOLDEN, ignore_errors=True)
        ZH_GOLDEN.mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, ZH_GOLDEN / path.name)
        pytest.skip("golden files refreshed")
    assert [p.name for p in files] == sorted(p.name for p in ZH_GOLDEN.iterdir())
    for path in files:
        assert path.read_bytes() == (ZH_GOLDEN / path.name).read_bytes(), path.name
