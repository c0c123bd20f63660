"""Identity checks: what the filing prints about itself (department, year, phase, scope)
against its provenance file."""

from __future__ import annotations

from gongkai.datapackage import Package
from gongkai.validate.check import Check

CATEGORY = "identity"
TITLE_ZH = "文件身份"
# (declared field, printed field, Chinese, English)
_PAIRS = (
    ("department_name", "department_name_printed", "部门名称", "department name"),
    ("year", "year_printed", "年度", "year"),
    ("phase", "phase_printed", "预算/决算", "phase"),
    ("scope", "scope_printed", "部门/单位预算", "scope (department or unit)"),
)


def identity_checks(package: Package) -> list[Check]:
    meta = package.meta
    checks: list[Check] = []
    for declared, printed, zh, en in _PAIRS:
        if meta.get(declared) is None:
            continue
        found = meta.get(printed)
        status = (
            "skip" if found is None else ("pass" if str(found) == str(meta[declared]) else "fail")
        )
        checks.append(
            Check(
                check_id=f"identity.{declared}",
                category=CATEGORY,
                status=status,
                description_zh=f"文件所印{zh}「{found}」与来源登记「{meta[declared]}」一致",
                description_en=f"{en} printed in the filing ({found}) = provenance ({meta[declared]})",
                table_id="datapackage",
                column=declared,
            )
        )
    return checks
