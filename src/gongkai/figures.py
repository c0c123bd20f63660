"""The figures stage: a filing's headline numbers, computed once from its saved package and saved beside it.

`figures_rows` is a pure function of a package (total, where the money comes from, 基本/项目,
人员/公用, spending by function class, 三公, the staff counts the narrative prints and spending per
staff member, each with its unit, the amount its share is of and the table it is read from);
`write_figures` saves them as the package's `figures` resource, so that journalists get them as
data and the site only renders them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.codes import strip_ordinal
from gongkai.datapackage import Package, Row, load_package
from gongkai.extract.staff import ACTUAL, AUTHORIZED, staff_counts
from gongkai.normalize import in_yuan
from gongkai.package import csv_resource, csv_text
from gongkai.templates import kind_by_name

RESOURCE = "figures"
TITLE = "主要数字 Headline figures"
_ONE_TENTH = Decimal("0.1")
# A total printed without its usual words is not a source of money.
_SUBTOTAL_LABEL = re.compile(r"合计|小计|总计|^(当年|本年)收入$")
_INCOME_TOTAL_LABELS = ("收入总计", "总计", "收入合计")
_THREE_PUBLIC_CHANGE = re.compile(
    r"(与|比|较).{0,20}(增加|减少|下降|增长|上升|持平|无变化|相同|一致)"
)
_THREE_PUBLIC_OTHERS = (
    ("meetings", "会议费"),
    ("training", "培训费"),
    ("office_operation", "机关运行经费"),
)

Figure = dict[str, str]


# --- small pure helpers ---------------------------------------------------------------------------


def _plain(value: Decimal | None) -> str:
    """A Decimal as the package prints amounts (plain digits, never an exponent); None is blank."""
    return "" if value is None else format(value, "f")


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole × 100, rounded half up to one decimal; None when either is blank or zero."""
    if not part or not whole:
        return None
    return (part / whole * 100).quantize(_ONE_TENTH, rounding=ROUND_HALF_UP)


def _figure(
    figure: str,
    item: str,
    value: Decimal | None,
    unit: str,
    table_id: str,
    measure: str,
    base: Decimal | None = None,
    with_share: bool = False,
) -> Figure:
    return {
        "figure": figure,
        "item": item,
        "amount": _plain(value),
        "unit": unit,
        "share": _plain(share(value, base)) if with_share else "",
        "base": _plain(base) if with_share else "",
        "table_id": table_id,
        "measure": measure,
    }


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _total_line(rows: list[Row]) -> Row | None:
    return next((r for r in rows if r.get("level") == "合计"), None)


def expenditure_table(package: Package) -> str:
    """The coded table spending is read from: the 支出总表, else the 一般公共预算支出表."""
    if package.rows("expenditure_by_function"):
        return "expenditure_by_function"
    return "general_budget_expenditure"


def _label(row: Row) -> str:
    return strip_ordinal(row.get("item") or "")


# --- one function per figure ----------------------------------------------------------------------


def total(package: Package) -> list[Figure]:
    """The figure a citizen reads first.

    A budget's 支出总计 (else 收入总计); a 决算's 本年支出合计, since its 总计 adds the balance
    carried into next year. Else the total line of the expenditure table.
    """
    summary = package.rows("income_expenditure_summary")
    unit = package.unit_of("income_expenditure_summary")
    roles = ("subtotal", "total") if package.meta.get("phase") == "决算" else ("total",)
    for role in roles:
        for side in ("expenditure", "expenditure_by_use", "income"):
            row = next(
                (r for r in summary if r.get("side") == side and r.get("item_role") == role), None
            )
            if row is not None and row.amount("amount") is not None:
                return [
                    _figure(
                        "total",
                        _label(row),
                        row.amount("amount"),
                        unit,
                        "income_expenditure_summary",
                        "amount",
                    )
                ]
    name = expenditure_table(package)
    row = _total_line(package.rows(name))
    if row is None or row.amount("total") is None:
        return []
    printed = next((t for t in package.rows("tables") if t.get("table_id") == name), None)
    title = (printed.get("title") if printed else None) or kind_by_name(name).title_zh
    return [
        _figure("total", f"{title}合计", row.amount("total"), package.unit_of(name), name, "total")
    ]


def income_lines(rows: Iterable[Row]) -> list[Row]:
    """The income summary's lines that are sources of money (and the carry-over), as printed:
    a total the template did not mark (重庆's 合计 is a line) is not a source."""
    return [
        r
        for r in rows
        if r.get("side") == "income"
        and r.get("item_role") in ("line", "carryover")
        and r.amount("amount")
        and not _SUBTOTAL_LABEL.search(_label(r).replace(" ", ""))
    ]


def income(package: Package) -> list[Figure]:
    """Income lines (and the carry-over), largest first, each a share of their own sum, which is
    收入总计 when the lines are complete: the shares always add up to 100%. Then 收入总计 as
    printed, so that a reader sees when the lines do not add up to it."""
    name = "income_expenditure_summary"
    rows = [r for r in package.rows(name) if r.get("side") == "income"]
    lines = income_lines(rows)
    if not lines:
        return []
    lines.sort(key=lambda r: -(r.amount("amount") or 0))
    base = _sum(r.amount("amount") for r in lines)
    unit = package.unit_of(name)
    found = [
        _figure("income", _label(r), r.amount("amount"), unit, name, "amount", base, True)
        for r in lines
    ]
    printed = next((r for r in rows if _label(r).replace(" ", "") in _INCOME_TOTAL_LABELS), None)
    if printed is not None and printed.amount("amount") is not None:
        found.append(
            _figure("income_total", _label(printed), printed.amount("amount"), unit, name, "amount")
        )
    return found


def _classes(package: Package, name: str, figure: str, printed_total: bool) -> list[Figure]:
    """The 类 lines of a coded table, largest first, as shares of the table's printed 合计 (when
    ``printed_total`` and it is printed) or of their own sum."""
    rows = package.rows(name)
    classes = sorted(
        (r for r in rows if r.get("level") == "类" and r.amount("total")),
        key=lambda r: -(r.amount("total") or 0),
    )
    grand = (_total_line(rows) or Row()).amount("total") if printed_total else None
    base = grand or _sum(r.amount("total") for r in classes)
    unit = package.unit_of(name)
    return [
        _figure(figure, r.get("name") or "", r.amount("total"), unit, name, "total", base, True)
        for r in classes
    ]


def function_classes(package: Package) -> list[Figure]:
    """Spending by function class (类), largest first, as shares of the table's 合计."""
    return _classes(package, expenditure_table(package), "function_class", printed_total=True)


_BASIC_SPLIT = ("personnel_expenditure", "public_expenditure")


def _basic_project_parts(
    package: Package,
) -> tuple[list[tuple[str, Decimal | None, str]], str, str]:
    """(label, amount, field) parts, their table and unit: the expenditure table's total line, else
    the one-row 支出预算总表 (Jiangsu, with its 单位预留机动经费), else the summary's by-use panel."""
    name = expenditure_table(package)
    row = _total_line(package.rows(name))
    fields = (("基本支出", "basic_expenditure"), ("项目支出", "project_expenditure"))
    if row is not None and any(row.amount(f) is not None for _, f in fields):
        parts = [(label, row.amount(f), f) for label, f in fields]
        split = [row.amount(f) for f in _BASIC_SPLIT]
        if parts[0][1] is None and any(v is not None for v in split):
            # 浙江's 支出总表 prints 基本支出 as 人员支出 | 日常公用支出 only: their sum
            parts[0] = ("基本支出", _sum(split), " + ".join(_BASIC_SPLIT))
        return parts, name, package.unit_of(name)
    overview = package.rows("expenditure_overview")
    if overview and any(overview[0].amount(f) is not None for _, f in fields):
        row = overview[0]
        parts = [(label, row.amount(f), f) for label, f in fields]
        if row.amount("unit_reserve_fund"):
            parts.append(("单位预留机动经费", row.amount("unit_reserve_fund"), "unit_reserve_fund"))
        return parts, "expenditure_overview", package.unit_of("expenditure_overview")
    name = "income_expenditure_summary"
    parts = [
        (_label(r), r.amount("amount"), "amount")
        for r in package.rows(name)
        if r.get("side") == "expenditure_by_use"
        and r.get("item_role") == "line"
        and (_label(r) in ("基本支出", "项目支出") or r.amount("amount"))
    ]
    return parts, name, package.unit_of(name)


def basic_project(package: Package) -> list[Figure]:
    """基本支出 (keeping the body running) against 项目支出 (its projects), as shares of their sum."""
    parts, name, unit = _basic_project_parts(package)
    base = _sum(v for _, v, _ in parts) or None
    return [
        _figure("basic_project", label, value, unit, name, field, base, True)
        for label, value, field in parts
    ]


def personnel_public(package: Package) -> list[Figure]:
    """人员经费 and 公用经费 of the basic-expenditure table: its total line, or the totals of the
    two panels a 决算 prints side by side (人员经费合计, 公用经费合计)."""
    for name in ("basic_expenditure", "fiscal_appropriation_basic_expenditure"):
        totals = [r for r in package.rows(name) if r.get("level") == "合计"]
        personnel = [r.amount("personnel_expenditure") for r in totals]
        public = [r.amount("public_expenditure") for r in totals]
        if all(v is None for v in personnel + public):
            continue
        found = [
            ("人员经费", "personnel_expenditure", personnel),
            ("公用经费", "public_expenditure", public),
        ]
        sums = {f: (_sum(v) if any(x is not None for x in v) else None) for _, f, v in found}
        base = _sum(sums.values())
        unit = package.unit_of(name)
        return [
            _figure("personnel_public", label, sums[f], unit, name, f, base, True)
            for label, f, _ in found
        ]
    return []


def economic_classes(package: Package) -> list[Figure]:
    """Basic expenditure by economic class (类), largest first, as shares of their sum: what a
    filing that does not print 人员经费 and 公用经费 says instead."""
    return _classes(package, "basic_expenditure", "economic_class", printed_total=False)


def three_public(package: Package) -> list[Figure]:
    """The “三公” total (its 预算数 too, where a 决算 prints one), the 会议费, 培训费 and 机关运行经费
    printed in the same table, and the narrative's sentence on how 三公 changed."""
    name = "three_public_expenses"
    rows = package.rows(name)
    unit = package.unit_of(name)
    found: list[Figure] = []
    subtotal = next(
        (r for r in rows if r.get("item_key") == "three_public_subtotal"), None
    ) or next((r for r in rows if r.get("item_key") == "grand_total"), None)
    if subtotal is not None:
        label = _label(subtotal)
        if subtotal.amount("budget_amount") is not None or any(
            (r.get("budget_amount") or "").strip() for r in rows
        ):
            found.append(
                _figure(
                    "three_public",
                    label,
                    subtotal.amount("budget_amount"),
                    unit,
                    name,
                    "budget_amount",
                )
            )
        found.append(_figure("three_public", label, subtotal.amount("total"), unit, name, "total"))
        for key, other in _THREE_PUBLIC_OTHERS:
            found += [
                _figure("three_public_other", other, r.amount("total"), unit, name, "total")
                for r in rows
                if r.get("item_key") == key and r.amount("total") is not None
            ]
    change = three_public_change(package)
    if change:
        found.append(_figure("three_public_change", change, None, "", "narrative", "text"))
    return found


def three_public_change(package: Package) -> str | None:
    """The sentence of the narrative that states how 三公 changed against last year, verbatim."""
    for row in package.rows("narrative"):
        if "三公" not in (row.get("heading") or "") or row.get("paragraph_no") in ("0", 0):
            continue
        for sentence in re.split(r"(?<=[。；;])", row.get("text") or ""):
            if _THREE_PUBLIC_CHANGE.search(sentence) and "三公" in sentence:
                return sentence.strip()
    return None


# Staff counts by kind (编制, 实有) and the amounts spent per staff member: (figure, item) of
# each numerator and its label; measures of a 决算's printed 预算数 are never divided.
STAFF_LABELS = {AUTHORIZED: "编制人数", ACTUAL: "实有人数"}
_PER_STAFF = (
    (("total", None), "支出合计"),
    (("basic_project", "基本支出"), "基本支出"),
    (("three_public", None), "“三公”经费"),
)
_CENT = Decimal("0.01")


def staff(package: Package) -> list[Figure]:
    """The staff counts the narrative prints (编制人数, 实有人数), in 人; `measure` says where:
    the page and the words as printed."""
    return [
        {
            **_figure("staff", STAFF_LABELS[c.kind], Decimal(c.count), "人", "narrative", ""),
            "measure": f"第{c.page}页：{c.printed}" if c.page else c.printed,
        }
        for c in staff_counts(package.rows("narrative"))
    ]


def per_staff(found: list[Figure]) -> list[Figure]:
    """Each of 支出合计, 基本支出 and “三公”经费 divided by each staff count the filing prints, in 元
    per person rounded half up to the 分; the item names the count (支出合计÷实有人数), so that
    编制 and 实有 never mix."""
    counts = [f for f in found if f["figure"] == "staff"]
    rows = []
    for (figure, item), label in _PER_STAFF:
        numerator = next(
            (
                f
                for f in found
                if f["figure"] == figure
                and item in (None, f["item"])
                and f["measure"] != "budget_amount"
                and f["amount"]
            ),
            None,
        )
        yuan = in_yuan(Decimal(numerator["amount"]), numerator["unit"]) if numerator else None
        if numerator is None or yuan is None:
            continue
        for count in counts:
            each = (yuan / Decimal(count["amount"])).quantize(_CENT, rounding=ROUND_HALF_UP)
            rows.append(
                _figure(
                    "per_staff",
                    f"{label}÷{count['item']}",
                    each,
                    "元",
                    numerator["table_id"],
                    numerator["measure"],
                )
            )
    return rows


FIGURES = (
    total,
    income,
    function_classes,
    basic_project,
    personnel_public,
    economic_classes,
    three_public,
    staff,
)


def figures_rows(package: Package) -> list[dict[str, str]]:
    """Every headline figure of the package, numbered, as the CSV rows of the figures resource."""
    rows = [row for build in FIGURES for row in build(package)]
    rows += per_staff(rows)
    return [{"line_no": str(number), **row} for number, row in enumerate(rows, start=1)]


# --- the stage ------------------------------------------------------------------------------------


def _replace(path: Path, text: str) -> None:
    """Write ``text`` beside ``path`` and rename it into place: readers never see half a file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _descriptor_with_figures(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with the figures resource (replaced if present), placed before `checks`."""
    resource = {
        **csv_resource(RESOURCE, TITLE, schemas.table_schema(RESOURCE)),
        "gongkai:derived": True,
    }
    others = [r for r in descriptor.get("resources") or [] if r.get("name") != RESOURCE]
    at = next((i for i, r in enumerate(others) if r.get("name") == "checks"), len(others))
    return {**descriptor, "resources": [*others[:at], resource, *others[at:]]}


def write_figures(package_dir: Path) -> list[dict[str, str]]:
    """Compute the figures of the package in ``package_dir`` and save them in it: data/figures.csv
    and a `figures` resource in datapackage.json, each written atomically. Returns the rows."""
    rows = figures_rows(load_package(package_dir))
    (package_dir / "data").mkdir(exist_ok=True)
    _replace(
        package_dir / "data" / f"{RESOURCE}.csv", csv_text(schemas.field_names(RESOURCE), rows)
    )
    descriptor_path = package_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    text = json.dumps(_descriptor_with_figures(descriptor), ensure_ascii=False, indent=2) + "\n"
    _replace(descriptor_path, text)
    return rows
