"""Nothing lost: every printed cell of the sample holding a digit is in the package's CSVs, as often."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from gongkai.readers.text import read_text_export
from tests.conftest import SAMPLE_TEXT

# Caption cells (department code and name, budget year, stock date) are package metadata, and
# row/column numbers (序号 values, 栏次 rows) are positions, not data.
CAPTION = re.compile(r"^(\d{3}[\u4e00-\u9fff]{4,}$|预算年度|截止时间)")
ROW_NUMBER_FIELDS = {
    "line_no",
    "paragraph_id",
    "row",
    "column",
    "column_no",
    "source_line",
    "page",
    "indicator_no",
    "project_no",
    "term_no",
    "group_no",
    "target_no",
    "section_no",
    "section_level",
    "paragraph_no",
    "rows",
}
# Fields computed from other printed cells (a code's parent, a class code, a parsed target).
DERIVED_FIELDS = {
    "parent_code",
    "function_class_code",
    "target_number",
    "comparator",
    "target_unit",
    "quantity_unit",
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_digit_cells() -> Counter[str]:
    cells: Counter[str] = Counter()
    for block in read_text_export(SAMPLE_TEXT).table_blocks():
        for row in block.rows:
            texts = [c.text for c in row]
            if texts and texts[0].strip() in ("栏次", "行次"):
                continue
            for j, text in enumerate(texts):
                if not re.search(r"\d", text) or CAPTION.match(text.strip()):
                    continue
                if j == 0 and text.strip().isdigit():
                    continue
                cells[_squash(text)] += 1
    return cells


def package_cells(package: Path) -> Counter[str]:
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    cells: Counter[str] = Counter()
    for resource in descriptor["resources"]:
        if resource.get("gongkai:derived"):
            continue
        with open(package / resource["path"], encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for field, value in row.items():
                    if value and field not in ROW_NUMBER_FIELDS | DERIVED_FIELDS:
                        cells[_squash(value)] += 1
    return cells


def test_every_printed_number_is_in_the_package(sample_package: Path) -> None:
    printed = printed_digit_cells()
    assert sum(printed.values()) == 759  # the count stated in the issue, independently made
    found = package_cells(sample_package)
    missing = {text: (n, found[text]) for text, n in printed.items() if found[text] < n}
    assert not missing, f"printed cells missing from the CSVs (printed, found): {missing}"
    extra = {text: (n, found[text]) for text, n in printed.items() if found[text] > n}
    assert not extra, f"printed cells duplicated in the CSVs (printed, found): {extra}"
