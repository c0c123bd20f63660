"""Cross-table identities: the same amount printed in two tables is the same number.

收支总表 against 收入总表/支出总表, the Jiangsu overview and income-by-source tables against the
summary, 基本支出表 against 一般公共预算支出表, 财政拨款收支总表 against 一般公共预算支出表.
A pair is compared only when both tables print the column (table_columns.csv).
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.datapackage import Package, Row
from gongkai.validate.check import Check, compare, sum_check
from gongkai.validate.tables import first_by_role, is_final, printed_fields, total_row

CATEGORY = "cross_table"
TITLE_ZH = "表间一致"
SUMMARY = "income_expenditure_summary"


def cross_table(package: Package) -> list[Check]:
    return (
        _summary_vs_expenditure_classes(package)
        + _summary_vs_table_totals(package)
        + _overview_and_sources_vs_summary(package)
        + _income_vs_expenditure(package)
        + _basic_vs_general_budget(package)
        + _fiscal_vs_general_budget(package)
        + _carryover_vs_fiscal_summary(package)
        + _detail_totals(package)
        + _basic_by_function_vs_general_budget(package)
    )


# The same money printed by function and by economic class (陕西 表5/表6, 表7/表8): the two
# tables' 合计 lines agree (compared only where both print their total).
_SAME_TOTALS = (
    (
        "general_economic_vs_general_budget",
        "general_budget_economic_expenditure",
        "general_budget_expenditure",
        "一般公共预算支出表（经济分类）合计 = 一般公共预算支出表（功能分类）合计",
    ),
    (
        "basic_by_function_vs_basic",
        "basic_expenditure_by_function",
        "basic_expenditure",
        "基本支出表（功能科目）合计 = 基本支出表（经济分类）合计",
    ),
)


def _detail_totals(package: Package) -> list[Check]:
    checks: list[Check] = []
    for name, table, other, zh in _SAME_TOTALS:
        ours, theirs = total_row(package.rows(table)), total_row(package.rows(other))
        if ours is None or theirs is None:
            continue
        if ours.amount("total") is None or theirs.amount("total") is None:
            continue
        if package.unit_of(table) != package.unit_of(other):
            continue
        checks.append(
            _total_line_check(
                name, (zh, f"{table} total = {other} total"), theirs.amount("total"), table, ours
            )
        )
    return checks


def _basic_by_function_vs_general_budget(package: Package) -> list[Check]:
    """陕西 表7 is the basic part of 表5: each function line's 人员经费 and 公用经费 are the
    same in both (a code printed once in each; columns both print)."""
    table, other = "basic_expenditure_by_function", "general_budget_expenditure"
    if package.unit_of(table) != package.unit_of(other):
        return []
    general: dict[str, list[Row]] = {}
    for row in package.rows(other):
        general.setdefault(row.text("code") or "", []).append(row)
    printed = printed_fields(package, other)
    checks: list[Check] = []
    for row in package.rows(table):
        code = row.text("code") or ""
        found = general.get(code, [])
        if not code or len(found) != 1:
            continue
        for column, zh in (
            ("personnel_expenditure", "人员经费"),
            ("public_expenditure", "公用经费"),
        ):
            if printed is not None and column not in printed:
                continue
            if row.amount(column) is None or found[0].amount(column) is None:
                continue
            checks.append(
                compare(
                    f"cross_table.basic_by_function_vs_general_budget.{code}.{column}",
                    CATEGORY,
                    f"基本支出表（功能科目）「{code}」{zh} = 一般公共预算支出表「{code}」{zh}",
                    f"basic expenditure by function {code} {column} = general budget {code}",
                    expected=found[0].amount(column),
                    actual=row.amount(column),
                    table=table,
                    row=row,
                    column=column,
                    row_label=row.label(),
                )
            )
    return checks


def _carryover_vs_fiscal_summary(package: Package) -> list[Check]:
    """陕西 财政拨款结转资金支出表: its projects spend what the 财政拨款收支总表 brings in as
    上年结转, so that line = Σ their 金额 (a table printed empty, or in another unit than the
    summary, is not compared)."""
    lines = package.rows("carryover_expenditure")
    fiscal = "fiscal_appropriation_summary"
    carryover = first_by_role(package.rows(fiscal), "income", "carryover")
    if not lines or carryover is None:
        return []
    if package.unit_of("carryover_expenditure") != package.unit_of(fiscal):
        return []
    check = sum_check(
        "cross_table.carryover_vs_fiscal_summary",
        CATEGORY,
        f"财政拨款收支总表「{carryover.label()}」= 结转资金支出表各项目金额之和（{len(lines)}项）",
        f"fiscal summary carry-over income = sum of the {len(lines)} carry-over projects",
        carryover.amount("amount"),
        [r.amount("total") for r in lines],
        fiscal,
        carryover,
        "amount",
        carryover.label(),
    )
    return [check] if check else []


def _class_lines(
    package: Package, table: str, column: str, classes_of: str, texts: tuple[str, str, str]
) -> list[Check]:
    """Each expenditure line of a summary that names a function class = that class's total.

    texts: the check id's name and the Chinese and English descriptions ({line}, {code}).
    """
    name, zh, en = texts
    classes, summed = _class_totals(package.rows(classes_of))
    if summed:
        zh, en = zh.replace("类合计", "类各项之和"), en.replace(" total", " sum of its 项 lines")
    checks: list[Check] = []
    for line in package.rows(table):
        code = line.text("function_class_code")
        if line.text("side") != "expenditure" or not code:
            continue
        if line.amount(column) is None and code not in classes:
            continue
        checks.append(
            compare(
                f"cross_table.{name}.{code}",
                CATEGORY,
                zh.format(line=line.label(), code=code),
                en.format(line=line.label(), code=code),
                expected=classes.get(code),
                actual=line.amount(column),
                table=table,
                row=line,
                column=column,
                row_label=line.label(),
            )
        )
    return checks


def _class_totals(rows: list[Row]) -> tuple[dict[str, Decimal | None], bool]:
    """Each function class's total: its 类 line; in a table printing its 项 lines alone (泉州:
    no 类 or 款 line), the sum of the class's 项 lines (True: summed)."""
    levels = {r.text("level") for r in rows if r.text("code")}
    if levels != {"项"}:
        classes = [r for r in rows if r.text("level") == "类"]
        return {r.text("code") or "": r.amount("total") for r in classes}, False
    sums: dict[str, Decimal | None] = {}
    for row in rows:
        code, amount = row.text("code") or "", row.amount("total")
        if code and code[:3] not in sums:
            sums[code[:3]] = None
        if code and amount is not None:
            sums[code[:3]] = (sums[code[:3]] or Decimal(0)) + amount
    return sums, True


def _summary_vs_expenditure_classes(package: Package) -> list[Check]:
    if not package.rows(SUMMARY) or not package.rows("expenditure_by_function"):
        return []
    return _class_lines(
        package,
        SUMMARY,
        "amount",
        "expenditure_by_function",
        (
            "summary_vs_expenditure",
            "收支总表「{line}」= 支出总表 {code} 类合计",
            "summary line {line} = class {code} total in expenditure_by_function",
        ),
    )


def _summary_pairs(package: Package) -> list[tuple[str, str, Row | None, str, str]]:
    """(side, role, other table's total line, its field, what it is) the summary is held to."""
    total_income = total_row(package.rows("income_by_function"))
    total_spending = total_row(package.rows("expenditure_by_function"))
    income_columns = printed_fields(package, "income_by_function")
    if (
        income_columns is not None
        and not {
            "current_year_subtotal",
            "prior_year_carryover",
        }
        & income_columns
    ):
        # 决算 收入决算表: its first column 本年收入合计 is the year's income, no carry-over.
        return [
            ("income", "subtotal", total_income, "total", "收入总表合计行本年收入合计"),
            ("income", "carryover", total_income, "prior_year_carryover", "收入总表合计行上年结转"),
            ("expenditure", "subtotal", total_spending, "total", "支出总表合计"),
        ]
    return [
        ("income", "subtotal", total_income, "current_year_subtotal", "收入总表合计行本年收入小计"),
        ("income", "carryover", total_income, "prior_year_carryover", "收入总表合计行上年结转"),
        ("income", "total", total_income, "total", "收入总表合计"),
        ("expenditure", "subtotal", total_spending, "total", "支出总表合计"),
    ]


def _summary_vs_table_totals(package: Package) -> list[Check]:
    """收支总表's 本年收入/上年结转/总计/本年支出 = the total lines of 收入总表 and 支出总表."""
    summary = package.rows(SUMMARY)
    if not summary:
        return []
    checks: list[Check] = []
    for side, role, other, field, zh in _summary_pairs(package):
        line = first_by_role(summary, side, role)
        if line is None or other is None or field not in other:
            continue
        table = "income_by_function" if side == "income" else "expenditure_by_function"
        columns = printed_fields(package, table)
        if columns is not None and field not in columns:
            continue  # the table prints no such column: nothing to compare with
        checks.append(
            compare(
                f"cross_table.summary_{side}_{role}_vs_{field}",
                CATEGORY,
                f"收支总表「{line.label()}」= {zh}",
                f"summary {side} {role} = {field} of the total line of the "
                f"{'income' if side == 'income' else 'expenditure'} table",
                expected=other.amount(field),
                actual=line.amount("amount"),
                table=SUMMARY,
                row=line,
                column="amount",
                row_label=line.label(),
            )
        )
    return checks


def _overview_and_sources_vs_summary(package: Package) -> list[Check]:
    """Jiangsu 支出预算总表 total = summary 本年支出; 收入预算总表 total = summary 收入总计."""
    summary = package.rows(SUMMARY)
    overview = package.rows("expenditure_overview")
    checks: list[Check] = []
    subtotal = first_by_role(summary, "expenditure", "subtotal")
    if summary and overview and subtotal is not None:
        checks.append(
            compare(
                "cross_table.overview_vs_summary",
                CATEGORY,
                f"支出预算总表合计 = 收支总表「{subtotal.label()}」",
                "expenditure overview total = summary expenditure subtotal",
                expected=subtotal.amount("amount"),
                actual=overview[0].amount("total"),
                table="expenditure_overview",
                row=overview[0],
                column="total",
                row_label="1",
            )
        )
    sources = package.rows("income_by_source")
    source_total = next((r for r in sources if r.text("item_role") == "total"), None)
    income_total = first_by_role(summary, "income", "total")
    if summary and source_total is not None and income_total is not None:
        checks.append(
            compare(
                "cross_table.sources_vs_summary",
                CATEGORY,
                f"收入预算总表「{source_total.label()}」= 收支总表「{income_total.label()}」",
                "income by source total = summary income total",
                expected=income_total.amount("amount"),
                actual=source_total.amount("amount"),
                table="income_by_source",
                row=source_total,
                column="amount",
                row_label=source_total.label(),
            )
        )
    return checks


def _income_vs_expenditure(package: Package) -> list[Check]:
    """A budget's income (with carry-over) is spent or carried over in the same table; a 决算's
    income and expenditure differ by the year's balance (结转和结余), shown in the summary."""
    total_income = total_row(package.rows("income_by_function"))
    total_spending = total_row(package.rows("expenditure_by_function"))
    if total_income is None or total_spending is None or is_final(package):
        return []
    return [
        _total_line_check(
            "income_total_vs_expenditure_total",
            ("收入总表合计 = 支出总表合计", "income table total = expenditure table total"),
            total_income.amount("total"),
            "expenditure_by_function",
            total_spending,
        )
    ]


def _basic_vs_general_budget(package: Package) -> list[Check]:
    total_basic = total_row(package.rows("basic_expenditure"))
    total_general = total_row(package.rows("general_budget_expenditure"))
    general_columns = printed_fields(package, "general_budget_expenditure")
    # A 一般公共预算支出表 printing one 金额 column (Jiangsu) has no basic column to compare.
    if total_basic is None or total_general is None:
        return []
    if general_columns is not None and "basic_expenditure" not in general_columns:
        return []
    return [
        _total_line_check(
            "basic_vs_general_budget",
            (
                "基本支出表合计 = 一般公共预算支出表合计行基本支出",
                "basic expenditure table total = basic column of the general budget table",
            ),
            total_general.amount("basic_expenditure"),
            "basic_expenditure",
            total_basic,
        )
    ]


def _total_line_check(
    name: str, texts: tuple[str, str], expected: Decimal | None, table: str, total: Row
) -> Check:
    """The total column of a table's 合计 line held to a value of another table."""
    zh, en = texts
    return compare(
        f"cross_table.{name}",
        CATEGORY,
        zh,
        en,
        expected=expected,
        actual=total.amount("total"),
        table=table,
        row=total,
        column="total",
        row_label="合计",
    )


def _fiscal_vs_general_budget(package: Package) -> list[Check]:
    """财政拨款收支总表's general-budget column = 一般公共预算支出表, class by class and in total.
    A summary that prints one amount column and no 一般公共预算 column (深圳) is not compared:
    its blank is not a zero."""
    fiscal = package.rows("fiscal_appropriation_summary")
    general = package.rows("general_budget_expenditure")
    if not fiscal or not general:
        return []
    printed = printed_fields(package, "fiscal_appropriation_summary")
    if printed is not None and "general_public_budget" not in printed:
        return []
    checks = _class_lines(
        package,
        "fiscal_appropriation_summary",
        "general_public_budget",
        "general_budget_expenditure",
        (
            "fiscal_vs_general_budget",
            "财政拨款收支总表「{line}」一般公共预算 = 一般公共预算支出表 {code} 类合计",
            "fiscal summary {line} general budget = class {code} in the general budget table",
        ),
    )
    subtotal = first_by_role(fiscal, "expenditure", "subtotal")
    total_general = total_row(general)
    if subtotal is not None and total_general is not None:
        checks.append(
            compare(
                "cross_table.fiscal_subtotal_vs_general_budget",
                CATEGORY,
                "财政拨款收支总表本年支出合计（一般公共预算）= 一般公共预算支出表合计",
                "fiscal summary expenditure subtotal (general budget) = general budget table total",
                expected=total_general.amount("total"),
                actual=subtotal.amount("general_public_budget"),
                table="fiscal_appropriation_summary",
                row=subtotal,
                column="general_public_budget",
                row_label=subtotal.label(),
            )
        )
    return checks
