"""Fiscal identities a correct filing satisfies: row sums, hierarchy sums, summary, cross-table, 三公."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from gongkai import schemas
from gongkai.normalize import decimals_of
from gongkai.validate.model import Check, Package, Row

# Row identities per table: total field = sum of the part fields (only the parts the table has).
ROW_SUMS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "income_by_function": [
        ("total", ("current_year_subtotal", "prior_year_carryover")),
        (
            "current_year_subtotal",
            (
                "fiscal_appropriation",
                "fiscal_special_account",
                "business_income",
                "operating_income",
                "superior_subsidy",
                "subordinate_remittance",
                "other_income",
            ),
        ),
    ],
    "expenditure_by_function": [
        (
            "total",
            (
                "basic_expenditure",
                "project_expenditure",
                "operating_expenditure",
                "remittance_to_superior",
                "subsidy_to_subordinate",
            ),
        ),
    ],
    "general_budget_expenditure": [("total", ("basic_expenditure", "project_expenditure"))],
    "government_fund_expenditure": [("total", ("basic_expenditure", "project_expenditure"))],
    "state_capital_expenditure": [("total", ("basic_expenditure", "project_expenditure"))],
    "basic_expenditure": [("total", ("personnel_expenditure", "public_expenditure"))],
    "fiscal_appropriation_expenditure": [("total", ("basic_expenditure", "project_expenditure"))],
    "fiscal_appropriation_basic_expenditure": [
        ("total", ("personnel_expenditure", "public_expenditure"))
    ],
    "expenditure_overview": [
        (
            "total",
            (
                "basic_expenditure",
                "project_expenditure",
                "unit_reserve_fund",
                "carryover_to_next_year",
            ),
        )
    ],
    "three_public_expenses": [
        ("total", ("general_public_budget", "government_fund_budget", "state_capital_budget"))
    ],
    # Shanghai 财务收支预算总表: the expenditure side's 合计 = 人员经费 + 公用经费 + 项目支出
    "income_expenditure_summary": [
        ("amount", ("personnel_expenditure", "public_expenditure", "project_expenditure"))
    ],
}
# Tables whose row identities hold on one side only (field, value).
ROW_SUM_SIDES: dict[str, tuple[str, str]] = {"income_expenditure_summary": ("side", "expenditure")}
# Every coded table of the schemas (function or economic classification).
CODED_TABLES = tuple(name for name in schemas.resource_names() if schemas.is_coded(name))
TABLE_ZH = {
    "income_expenditure_summary": "收支总表",
    "fiscal_appropriation_summary": "财政拨款收支总表",
    "income_by_function": "收入总表",
    "expenditure_by_function": "支出总表",
    "general_budget_expenditure": "一般公共预算支出表",
    "basic_expenditure": "基本支出表",
    "government_fund_expenditure": "政府性基金预算支出表",
    "state_capital_expenditure": "国有资本经营预算支出表",
    "three_public_expenses": "三公经费表",
    "fiscal_appropriation_expenditure": "财政拨款支出表",
    "fiscal_appropriation_basic_expenditure": "财政拨款基本支出表",
    "office_operation_expenditure": "机关运行经费支出表",
    "expenditure_overview": "支出预算总表（总览）",
    "income_by_source": "收入预算总表（按来源）",
}


def tolerance_for(values: Iterable[Decimal]) -> Decimal:
    """One unit of the last printed digit per summed term."""
    values = list(values)
    places = max((decimals_of(v) for v in values), default=0)
    return Decimal(1).scaleb(-places) * max(len(values), 1)


def sum_check(
    check_id: str,
    category: str,
    zh: str,
    en: str,
    actual: Decimal | None,
    parts: list[Decimal | None],
    table: str,
    row: Row | None,
    column: str,
    row_label: str,
) -> Check | None:
    """actual (printed total) against the sum of the printed parts; blank counts as zero.

    No check when nothing at all is printed (an empty line is not evidence either way).
    """
    printed = [p for p in parts if p is not None]
    if actual is None and not printed:
        return None
    expected = sum(printed, Decimal(0))
    actual_value = actual if actual is not None else Decimal(0)
    # A single part is a copy of one printed number and must match exactly; a sum of n rounded
    # parts may be off by one unit of the last printed digit per part.
    tolerance = tolerance_for(printed + ([actual] if actual is not None else []))
    tolerance = tolerance / (len(printed) + (actual is not None)) * len(printed)
    if len(printed) <= 1:
        tolerance = Decimal(0)
    difference = actual_value - expected
    return Check(
        check_id=check_id,
        category=category,
        status="pass" if abs(difference) <= tolerance else "fail",
        description_zh=zh,
        description_en=en,
        expected=expected,
        actual=actual_value,
        difference=difference,
        tolerance=tolerance,
        table_id=table,
        row=row_label,
        column=column,
        page=row.int("page") if row else None,
        source_line=row.int("source_line") if row else None,
    )


def printed_fields(package: Package, table: str) -> set[str] | None:
    """Fields the table printed a column for (table_columns.csv); None when not recorded.

    A table printing only 金额 has no 基本支出 column: its rows cannot be checked for
    total = basic + project, and a blank there is not a zero.
    """
    columns = package.rows("table_columns")
    if not columns:
        return None
    return {c.text("field") or "" for c in columns if c.text("table_id") == table}


def row_sums(package: Package) -> list[Check]:
    checks: list[Check] = []
    for table, identities in ROW_SUMS.items():
        titles = package.titles(table)
        printed = printed_fields(package, table)
        side = ROW_SUM_SIDES.get(table)
        for row in package.rows(table):
            if side and row.text(side[0]) != side[1]:
                continue
            label = row.label()
            for total, parts in identities:
                present = [
                    p for p in parts if p in row.values and (printed is None or p in printed)
                ]
                if total not in row.values or not present:
                    continue
                if printed is not None and total not in printed:
                    continue
                check = sum_check(
                    f"row_sum.{table}.{row.key()}.{total}",
                    "row_sum",
                    f"{TABLE_ZH.get(table, table)}「{label}」：{titles.get(total, total)} = "
                    + " + ".join(titles.get(p, p) for p in present),
                    f"{table} line {label}: {total} = " + " + ".join(present),
                    row.amount(total),
                    [row.amount(p) for p in present],
                    table,
                    row,
                    total,
                    label,
                )
                if check:
                    checks.append(check)
    return checks


def hierarchy_sums(package: Package) -> list[Check]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项 for every amount column of every coded table."""
    checks: list[Check] = []
    for table in CODED_TABLES:
        rows = package.rows(table)
        if not rows:
            continue
        titles = package.titles(table)
        measures = package.measures(table)
        children: dict[str | None, list[Row]] = {}
        for row in rows:
            level = row.text("level")
            if level == "类":
                children.setdefault("__total__", []).append(row)
            elif level in ("款", "项"):
                children.setdefault(row.text("parent_code"), []).append(row)
        panel_totals = sum(1 for r in rows if r.text("level") == "合计") > 1
        for parent in rows:
            level = parent.text("level")
            key = "__total__" if level == "合计" else parent.text("code")
            kids = children.get(key)
            if not kids:
                continue
            what = (
                "合计 = Σ类" if level == "合计" else ("类 = Σ款" if level == "类" else "款 = Σ项")
            )
            parent_measures = measures
            if level == "合计" and panel_totals:
                # 人员经费合计 | 公用经费合计 of a two-panel table: each is the sum of its own
                # panel's field over all classes (the other panel's classes leave it blank).
                parent_measures = [
                    m for m in measures if m != "total" and parent.amount(m) is not None
                ]
            for measure in parent_measures:
                check = sum_check(
                    f"hierarchy.{table}.{parent.key()}.{parent.text('line_no')}.{measure}"
                    if panel_totals and level == "合计"
                    else f"hierarchy.{table}.{parent.key()}.{measure}",
                    "hierarchy",
                    f"{TABLE_ZH.get(table, table)}「{parent.label()}」{titles.get(measure, measure)}："
                    f"{what}（{'、'.join(k.text('code') or '' for k in kids)}）",
                    f"{table} {parent.label()} {measure}: parent = sum of its {len(kids)} children",
                    parent.amount(measure),
                    [k.amount(measure) for k in kids],
                    table,
                    parent,
                    measure,
                    parent.label(),
                )
                if check:
                    checks.append(check)
    return checks


def _by_role(rows: list[Row], side: str, role: str) -> list[Row]:
    return [r for r in rows if r.text("side") == side and r.text("item_role") == role]


def _carryover_groups(rows: list[Row], side: str) -> list[tuple[Row, list[Row]]]:
    """Each carry-over line of a side with the detail lines printed after it (决算 prints two
    carry-over lines; the details, by fund, follow the last one)."""
    groups: list[tuple[Row, list[Row]]] = []
    for row in (r for r in rows if r.text("side") == side):
        role = row.text("item_role")
        if role == "carryover":
            groups.append((row, []))
        elif role == "carryover_detail" and groups:
            groups[-1][1].append(row)
    return groups


def summary_identities(package: Package) -> list[Check]:
    checks: list[Check] = []
    for table in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        rows = package.rows(table)
        if not rows:
            continue
        zh = TABLE_ZH[table]
        sides = sorted({r.text("side") or "" for r in rows})
        totals: dict[str, Row] = {}
        for side in sides:
            side_zh = {
                "income": "收入",
                "expenditure": "支出",
                "expenditure_by_use": "支出（按用途）",
            }[side]
            lines = _by_role(rows, side, "line")
            subtotal = next(iter(_by_role(rows, side, "subtotal")), None)
            carries = _by_role(rows, side, "carryover")
            total = next(iter(_by_role(rows, side, "total")), None)
            columns = [
                c
                for c in (
                    "amount",
                    "general_public_budget",
                    "government_fund_budget",
                    "state_capital_budget",
                )
                if c in rows[0].values
            ]
            for column in columns:
                if subtotal is not None:
                    check = sum_check(
                        f"summary.{table}.{side}.subtotal.{column}",
                        "summary",
                        f"{zh}：{side_zh}本年合计「{subtotal.label()}」= Σ{side_zh}各项（{column}）",
                        f"{table}: {side} subtotal = sum of the {side} lines ({column})",
                        subtotal.amount(column),
                        [r.amount(column) for r in lines],
                        table,
                        subtotal,
                        column,
                        subtotal.label(),
                    )
                    if check:
                        checks.append(check)
                for carry, carry_details in _carryover_groups(rows, side):
                    if not carry_details:
                        continue
                    check = sum_check(
                        f"summary.{table}.{side}.carryover.{column}",
                        "summary",
                        f"{zh}：「{carry.label()}」= Σ其明细",
                        f"{table}: {side} carry-over = sum of its detail lines ({column})",
                        carry.amount(column),
                        [r.amount(column) for r in carry_details],
                        table,
                        carry,
                        column,
                        carry.label(),
                    )
                    if check:
                        checks.append(check)
                if total is not None and subtotal is not None:
                    parts = [subtotal.amount(column)] + [c.amount(column) for c in carries]
                    check = sum_check(
                        f"summary.{table}.{side}.total.{column}",
                        "summary",
                        f"{zh}：{side_zh}总计「{total.label()}」= 本年合计 + 结转",
                        f"{table}: {side} total = subtotal + carry-over ({column})",
                        total.amount(column),
                        parts,
                        table,
                        total,
                        column,
                        total.label(),
                    )
                    if check:
                        checks.append(check)
            if total is not None:
                totals[side] = total
        if "income" in totals and "expenditure" in totals:
            income, spending = totals["income"], totals["expenditure"]
            checks.append(
                compare(
                    f"summary.{table}.balance",
                    "summary",
                    f"{zh}：收入总计 = 支出总计",
                    f"{table}: income total = expenditure total",
                    expected=income.amount("amount"),
                    actual=spending.amount("amount"),
                    table=table,
                    row=spending,
                    column="amount",
                    row_label=spending.label(),
                )
            )
        if "expenditure_by_use" in totals and "expenditure" in totals:
            by_use, by_function = totals["expenditure_by_use"], totals["expenditure"]
            checks.append(
                compare(
                    f"summary.{table}.use_vs_function",
                    "summary",
                    f"{zh}：按用途支出合计 = 按功能支出合计",
                    f"{table}: expenditure by use total = by function total",
                    expected=by_function.amount("amount"),
                    actual=by_use.amount("amount"),
                    table=table,
                    row=by_use,
                    column="amount",
                    row_label=by_use.label(),
                )
            )
    return checks


def compare(
    check_id: str,
    category: str,
    zh: str,
    en: str,
    *,
    expected: Decimal | None,
    actual: Decimal | None,
    table: str,
    row: Row | None,
    column: str,
    row_label: str,
    tolerance: Decimal | None = None,
) -> Check:
    """Two printed values that must be equal (blank counts as zero)."""
    e = expected if expected is not None else Decimal(0)
    a = actual if actual is not None else Decimal(0)
    tol = tolerance if tolerance is not None else Decimal(0)
    return Check(
        check_id=check_id,
        category=category,
        status="pass" if abs(a - e) <= tol else "fail",
        description_zh=zh,
        description_en=en,
        expected=e,
        actual=a,
        difference=a - e,
        tolerance=tol,
        table_id=table,
        row=row_label,
        column=column,
        page=row.int("page") if row else None,
        source_line=row.int("source_line") if row else None,
    )


def total_row(rows: list[Row]) -> Row | None:
    totals = [r for r in rows if r.text("level") == "合计"]
    if len(totals) <= 1:
        return totals[0] if totals else None
    # A two-panel table prints one total per panel: the table's total is their sum.
    merged = dict(totals[0].values)
    for field in ("total", "personnel_expenditure", "public_expenditure"):
        values = [v for v in (r.amount(field) for r in totals) if v is not None]
        merged[field] = str(sum(values, Decimal(0))) if values else ""
    return Row(merged, set())


def _is_final(package: Package) -> bool:
    return package.metadata.get("phase") == "决算"


def cross_table(package: Package) -> list[Check]:
    checks: list[Check] = []
    summary = package.rows("income_expenditure_summary")
    expenditure = package.rows("expenditure_by_function")
    income = package.rows("income_by_function")
    general = package.rows("general_budget_expenditure")
    basic = package.rows("basic_expenditure")
    fiscal = package.rows("fiscal_appropriation_summary")

    def add(check: Check | None) -> None:
        if check is not None:
            checks.append(check)

    # Summary expenditure lines by function class = that class in the expenditure table.
    if summary and expenditure:
        classes = {r.text("code"): r for r in expenditure if r.text("level") == "类"}
        for line in summary:
            code = line.text("function_class_code")
            if line.text("side") != "expenditure" or not code:
                continue
            target = classes.get(code)
            if line.amount("amount") is None and target is None:
                continue
            add(
                compare(
                    f"cross_table.summary_vs_expenditure.{code}",
                    "cross_table",
                    f"收支总表「{line.label()}」= 支出总表 {code} 类合计",
                    f"summary line {line.label()} = class {code} total in expenditure_by_function",
                    expected=target.amount("total") if target else None,
                    actual=line.amount("amount"),
                    table="income_expenditure_summary",
                    row=line,
                    column="amount",
                    row_label=line.label(),
                )
            )
    total_income = total_row(income)
    total_spending = total_row(expenditure)
    total_general = total_row(general)
    total_basic = total_row(basic)
    if summary:
        pairs = [
            (
                "income",
                "subtotal",
                total_income,
                "current_year_subtotal",
                "收入总表合计行本年收入小计",
            ),
            ("income", "carryover", total_income, "prior_year_carryover", "收入总表合计行上年结转"),
            ("income", "total", total_income, "total", "收入总表合计"),
            ("expenditure", "subtotal", total_spending, "total", "支出总表合计"),
        ]
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
            pairs[0] = ("income", "subtotal", total_income, "total", "收入总表合计行本年收入合计")
            pairs[2:3] = []
        for side, role, other, field, zh in pairs:
            found = next(iter(_by_role(summary, side, role)), None)
            if found is None or other is None or field not in other.values:
                continue
            table = "income_by_function" if side == "income" else "expenditure_by_function"
            columns = printed_fields(package, table)
            if columns is not None and field not in columns:
                continue  # the table prints no such column: nothing to compare with
            line = found
            add(
                compare(
                    f"cross_table.summary_{side}_{role}_vs_{field}",
                    "cross_table",
                    f"收支总表「{line.label()}」= {zh}",
                    f"summary {side} {role} = {field} of the total line of the "
                    f"{'income' if side == 'income' else 'expenditure'} table",
                    expected=other.amount(field),
                    actual=line.amount("amount"),
                    table="income_expenditure_summary",
                    row=line,
                    column="amount",
                    row_label=line.label(),
                )
            )
    overview = package.rows("expenditure_overview")
    sources = package.rows("income_by_source")
    if summary and overview:
        subtotal = next(iter(_by_role(summary, "expenditure", "subtotal")), None)
        if subtotal is not None:
            add(
                compare(
                    "cross_table.overview_vs_summary",
                    "cross_table",
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
    source_total = next((r for r in sources if r.text("item_role") == "total"), None)
    if summary and source_total is not None:
        income_total = next(iter(_by_role(summary, "income", "total")), None)
        if income_total is not None:
            add(
                compare(
                    "cross_table.sources_vs_summary",
                    "cross_table",
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
    # A budget's income (with carry-over) is spent or carried over in the same table; a 决算's
    # income and expenditure differ by the year's balance (结转和结余), shown in the summary.
    if total_income is not None and total_spending is not None and not _is_final(package):
        add(
            compare(
                "cross_table.income_total_vs_expenditure_total",
                "cross_table",
                "收入总表合计 = 支出总表合计",
                "income table total = expenditure table total",
                expected=total_income.amount("total"),
                actual=total_spending.amount("total"),
                table="expenditure_by_function",
                row=total_spending,
                column="total",
                row_label="合计",
            )
        )
    general_columns = printed_fields(package, "general_budget_expenditure")
    if (
        total_basic is not None
        and total_general is not None
        # Jiangsu's 一般公共预算支出表 prints one 金额 column: it has no basic column to compare.
        and (general_columns is None or "basic_expenditure" in general_columns)
    ):
        add(
            compare(
                "cross_table.basic_vs_general_budget",
                "cross_table",
                "基本支出表合计 = 一般公共预算支出表合计行基本支出",
                "basic expenditure table total = basic column of the general budget table",
                expected=total_general.amount("basic_expenditure"),
                actual=total_basic.amount("total"),
                table="basic_expenditure",
                row=total_basic,
                column="total",
                row_label="合计",
            )
        )
    if fiscal and general:
        classes = {r.text("code"): r for r in general if r.text("level") == "类"}
        for line in fiscal:
            code = line.text("function_class_code")
            if line.text("side") != "expenditure" or not code:
                continue
            target = classes.get(code)
            if line.amount("general_public_budget") is None and target is None:
                continue
            add(
                compare(
                    f"cross_table.fiscal_vs_general_budget.{code}",
                    "cross_table",
                    f"财政拨款收支总表「{line.label()}」一般公共预算 = 一般公共预算支出表 {code} 类合计",
                    f"fiscal summary {line.label()} general budget = class {code} in the general "
                    "budget table",
                    expected=target.amount("total") if target else None,
                    actual=line.amount("general_public_budget"),
                    table="fiscal_appropriation_summary",
                    row=line,
                    column="general_public_budget",
                    row_label=line.label(),
                )
            )
        subtotal = next(iter(_by_role(fiscal, "expenditure", "subtotal")), None)
        if subtotal is not None and total_general is not None:
            add(
                compare(
                    "cross_table.fiscal_subtotal_vs_general_budget",
                    "cross_table",
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


_THREE_PUBLIC = [
    (
        "three_public_subtotal",
        ("overseas_travel", "official_vehicles", "official_reception"),
        "三公小计 = 因公出国（境）+ 公务用车购置及运行维护 + 公务接待",
    ),
    (
        "overseas_travel",
        ("overseas_travel_teaching_research", "overseas_travel_other"),
        "因公出国（境）= 教学科研人员 + 其他",
    ),
    (
        "official_vehicles",
        ("vehicle_purchase", "vehicle_operation"),
        "公务用车购置及运行维护 = 购置 + 运行维护",
    ),
    (
        "grand_total",
        ("three_public_subtotal", "meetings", "training"),
        "合计 = 三公小计 + 会议费 + 培训费",
    ),
]
# Tables whose 合计 is the three public expenses alone (决算: no 会议费, 培训费, 小计 lines).
_THREE_PUBLIC_ONLY = (
    "grand_total",
    ("overseas_travel", "official_vehicles", "official_reception"),
    "合计 = 因公出国（境）+ 公务用车购置及运行维护 + 公务接待",
)


def three_public(package: Package) -> list[Check]:
    rows = package.rows("three_public_expenses")
    by_key = {r.text("item_key"): r for r in rows if r.text("item_key")}
    checks: list[Check] = []
    identities = list(_THREE_PUBLIC)
    if not {"three_public_subtotal", "meetings", "training"} & set(by_key):
        identities[-1] = _THREE_PUBLIC_ONLY
    for total_key, part_keys, zh in identities:
        total = by_key.get(total_key)
        parts = [by_key[k] for k in part_keys if k in by_key]
        if total is None or not parts:
            continue
        for column in ("total", "general_public_budget", "budget_amount"):
            if column not in total.values:
                continue
            check = sum_check(
                f"three_public.{total_key}.{column}",
                "three_public",
                f"三公经费表：{zh}（{column}）",
                f"three public expenses: {total_key} = "
                + " + ".join(k for k in part_keys if k in by_key),
                total.amount(column),
                [p.amount(column) for p in parts],
                "three_public_expenses",
                total,
                column,
                total.label(),
            )
            if check:
                checks.append(check)
    return checks


def _code_scheme(table: str) -> str | None:
    from gongkai.templates import table_kinds

    return next((k.code_scheme for k in table_kinds() if k.name == table), None)


def _comparable_name(name: str) -> str:
    """Names as printed, without the differences that are only typography."""
    name = re.sub(r"\s+", "", name)
    return name.translate(str.maketrans("（）［］【】", "()[][]"))


def _where(table_zh: str, row: Row) -> str:
    """收入总表（第3页） for a PDF, 收入总表（第421行） for a text export."""
    page, line = row.int("page"), row.int("source_line")
    return table_zh + (f"（第{page}页）" if page else f"（第{line}行）" if line else "")


def code_names(package: Package) -> list[Check]:
    """The same code means the same line in every coded table of a filing.

    A code printed with another name than in the first table that prints it is a row paired with
    the wrong code (or a misread row); a name that is a strict prefix of the other is a wrapped
    name cut off. Level and parent are compared too (they follow from the code as printed).
    """
    checks: list[Check] = []
    first: dict[tuple[str | None, str], tuple[str, Row]] = {}
    for table in CODED_TABLES:
        scheme = _code_scheme(table)
        seen: set[str] = set()
        for row in package.rows(table):
            code, name = row.text("code"), row.text("name")
            if not code or not name or code in seen:
                continue
            seen.add(code)
            reference = first.setdefault((scheme, code), (table, row))
            if reference[0] == table:
                continue
            other_table, other = reference
            ours, theirs = _comparable_name(name), _comparable_name(other.text("name") or "")
            same_place = (row.text("level"), row.text("parent_code")) == (
                other.text("level"),
                other.text("parent_code"),
            )
            cut = ours != theirs and (ours.startswith(theirs) or theirs.startswith(ours))
            here, there = TABLE_ZH.get(table, table), TABLE_ZH.get(other_table, other_table)
            if ours == theirs and same_place:
                what_zh = f"{here}与{there}所印「{code}」名称一致（{name}）"
            elif cut:
                what_zh = (
                    f"「{code}」在{_where(there, other)}印作「{other.text('name')}」，"
                    f"在{_where(here, row)}印作「{name}」：较短者为折行截断的名称"
                )
            else:
                what_zh = (
                    f"「{code}」在{_where(there, other)}印作「{other.text('name')}」"
                    f"（{other.text('level')}），在{_where(here, row)}印作「{name}」"
                    f"（{row.text('level')}）：同一编码名称不同，可能行与编码错配"
                )
            checks.append(
                Check(
                    check_id=f"cross_table.code_name.{code}.{table}",
                    category="cross_table",
                    status="pass" if ours == theirs and same_place else "fail",
                    description_zh=what_zh,
                    description_en=(
                        f"code {code} has the same name in {table} ({name}) as in {other_table} "
                        f"({other.text('name')})" + (" [name cut off]" if cut else "")
                    ),
                    table_id=table,
                    row=code,
                    column="name",
                    page=row.int("page"),
                    source_line=row.int("source_line"),
                )
            )
    return checks
