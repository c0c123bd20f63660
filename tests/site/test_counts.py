"""尾差 is not 不符: every count a reader sees (the filing page's description and summary, the
department page, the home page, 问题清单, the collection's filings table) counts material
failures as 不符 and 尾差 apart, on a copy of the sample with two material failures and one 尾差."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gongkai import paths
from gongkai.collection import combine
from gongkai.site import build
from tests.site.conftest import SAMPLE_ID

# Two checks made material failures, one a 尾差 (a difference within the last printed digit).
_FAILED = {0: "material", 1: "material", 2: "rounding"}


def _fail(package: Path) -> None:
    path = package / "validation.json"
    report = json.loads(path.read_text("utf-8"))
    passing = [c for c in report["checks"] if c["status"] == "pass" and c["category"] == "row_sum"]
    for index, severity in _FAILED.items():
        passing[index].update(status="fail", severity=severity, difference="0.01")
    summary = report["summary"]
    summary["pass"] -= 3
    summary["fail"] += 3
    summary["material"] += 2
    summary["rounding"] += 1
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("counts")
    packages = root / "packages"
    shutil.copytree(paths.DATAPACKAGES / SAMPLE_ID, packages / SAMPLE_ID)
    _fail(packages / SAMPLE_ID)
    combine(packages)
    build.write_pages(packages, root / "generated")
    return root


def test_filing_description_and_summary(generated: Path) -> None:
    page = (generated / "generated" / "filings" / f"{SAMPLE_ID}.md").read_text("utf-8")
    description = next(line for line in page.splitlines() if line.startswith("description: "))
    assert "，2项数字核对不符（另有1项尾差）。" in description
    summary = next(line for line in page.splitlines() if line.startswith("- **数字核对**"))
    assert summary == (
        "- **数字核对**：共479项检查，**2项不符**，见[不符的检查](#findings)；"
        "另有[1项尾差](#findings-rounding)（舍入差异）。"
    )
    assert "共479项检查：[**2项不符**](#findings)，[1项尾差](#findings-rounding)，467项一致" in page


def test_department_home_and_issues(generated: Path) -> None:
    out = generated / "generated"
    department = next((out / "departments").glob("*.md")).read_text("utf-8")
    assert "：支出合计" in department
    assert "2项核对不符（另有1项尾差）" in department
    home = (out / "_home.md").read_text("utf-8")
    assert "479项检查，[**2项不符**](generated/issues.md)，1项尾差（舍入差异）" in home
    issues = (out / "issues.md").read_text("utf-8")
    assert "description: 公开预算文件中数字对不上的2处，" in issues
    assert "共**2项不符**，涉及1份文件；另有1项尾差、1项提示。" in issues


def test_collection_counts_material_and_rounding_apart(generated: Path) -> None:
    filings = pd.read_csv(
        generated / "packages" / "all-filings" / "data" / "filings.csv",
        dtype=str,
        encoding="utf-8-sig",
    )
    counts = filings[["checks", "checks_failed", "checks_material", "checks_rounding"]]
    assert counts.to_dict("records") == [
        {"checks": "479", "checks_failed": "3", "checks_material": "2", "checks_rounding": "1"}
    ]
