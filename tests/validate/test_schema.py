"""Schema checks: Frictionless validation of a tiny package written to disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from gongkai import paths, schemas
from gongkai.datapackage import load_package
from gongkai.validate.checks.schema import meaning_zh, schema_checks
from tests.conftest import SAMPLE_ID
from tests.validate.inline import flat


def _write(directory: Path, value: str) -> Path:
    (directory / "data").mkdir(parents=True)
    fields = schemas.field_names("fixed_assets")
    (directory / "data" / "fixed_assets.csv").write_text(
        ",".join(fields) + f"\n1,房屋,平方米,100,{value},,\n", encoding="utf-8"
    )
    descriptor = {
        "name": "tiny",
        "resources": [
            {
                "name": "fixed_assets",
                "path": "data/fixed_assets.csv",
                "profile": "tabular-data-resource",
                "schema": schemas.table_schema("fixed_assets"),
            }
        ],
    }
    (directory / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return directory


def test_valid_and_invalid_csv(tmp_path: Path) -> None:
    valid = schema_checks(load_package(_write(tmp_path / "valid", "803.76")))
    assert flat(valid) == [("schema.fixed_assets", "pass", "0")]
    invalid = schema_checks(load_package(_write(tmp_path / "invalid", "-803.76")))
    assert flat(invalid) == [("schema.fixed_assets", "fail", "1")]
    assert "minimum" in invalid[0].description_en


def _package_of(directory: Path, table: str, title: str, csv: str) -> Path:
    """A one-table package as the pipeline writes it (schema and title as in resources.yaml)."""
    (directory / "data").mkdir(parents=True)
    (directory / "data" / f"{table}.csv").write_text(csv, encoding="utf-8")
    resource = {
        "name": table,
        "title": title,
        "path": f"data/{table}.csv",
        "profile": "tabular-data-resource",
        "schema": schemas.table_schema(table),
    }
    descriptor = {"name": "tiny", "resources": [resource]}
    (directory / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return directory


def test_a_real_required_name_reads_in_chinese(tmp_path: Path) -> None:
    # beijing_2026_shiwei-xuanchuanbu_budget: the 收入总表's total line was read without its 合计.
    header = ",".join(schemas.field_names("income_by_function"))
    row = "1,,,,,133247.983169,123090.398813,,,,,,,,,,501.398813,10157.584356,3,"
    directory = _package_of(
        tmp_path / "p",
        "income_by_function",
        "收入总表 Income by function classification",
        f"{header}\n{row}\n",
    )
    [check] = schema_checks(load_package(directory))
    assert (check.status, check.severity, check.actual) == ("fail", "material", 1)
    assert check.description_zh == (
        "收入总表（income_by_function.csv）有1处不符合表结构：第1行（第3页）“科目名称”：必填项为空"
    )
    assert check.description_en == (
        "income_by_function.csv is valid against its Table Schema: 1 errors: "
        'row 2 name: constraint "required" is "True" [constraint-error]'
    )


def test_an_empty_required_cell_planted_on_the_sample(tmp_path: Path) -> None:
    directory = tmp_path / SAMPLE_ID
    shutil.copytree(paths.DATAPACKAGES / SAMPLE_ID, directory)
    csv = directory / "data" / "expenditure_by_function.csv"
    text = csv.read_text("utf-8-sig")
    line = "2,205,教育支出,类,,965.31,,,,965.31,,,,,829"
    assert line in text
    csv.write_text(text.replace(line, "2,205,,类,,965.31,,,,965.31,,,,,829"), encoding="utf-8")
    checks = {c.check_id: c for c in schema_checks(load_package(directory))}
    failing = {k: c.description_zh for k, c in checks.items() if c.status == "fail"}
    assert failing == {
        "schema.expenditure_by_function": "支出总表（expenditure_by_function.csv）有1处不符合表结构："
        "第2行（原文第829行）“科目名称”：必填项为空"
    }


def test_meanings_by_error_type() -> None:
    assert meaning_zh("type-error", 'type is "number/default"') == "不是数值"
    assert meaning_zh("constraint-error", 'constraint "pattern" is "\\d{3}"') == "不符合格式"
    note = "the same as in the row at position 2"
    assert meaning_zh("primary-key", note) == "重复的行（与第1行的主键相同）"
    assert meaning_zh("no-such-error", "") == "不符合表结构"
    # beijing_2026_shiwei-xuanchuanbu_budget, 一般公共预算财政拨款支出表: a parent not in the table
    note = 'for "parent_code": values "20508" not found in the lookup table "" as "code"'
    assert meaning_zh("foreign-key", note) == "所指的“20508”在表中找不到"
