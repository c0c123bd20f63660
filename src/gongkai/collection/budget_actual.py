"""Budget against actual: what a department planned (预算) and what it spent (决算), in 元.

Two sources, one row per line in the collection's `budget_vs_actual`:

- a 决算 table that prints 预算数 beside 决算数 (across.yaml budget_vs_actual.printed);
- a 预算 and a 决算 filing of the same department, year and scope: their key figures, and every
  line of the tables listed in across.yaml (budget_vs_actual.lines) that both print.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd

from gongkai.collection.frames import FACETS, spec
from gongkai.collection.lines import Printed, across_spec, line_key, printed, rate
from gongkai.datapackage import Package

SOURCE_PRINTED = "决算表中的预算数"
SOURCE_FILINGS = "预算与决算文件"
# Facets of the 决算 (filing_id is the 决算), then where the budget amount comes from.
COLUMNS = [
    *FACETS,
    "source",
    "budget_filing_id",
    "table_id",
    "line",
    "line_name",
    "measure",
    "budget_yuan",
    "final_yuan",
    "difference_yuan",
    "execution_rate",
    "budget_page",
    "final_page",
]


def budget_vs_actual(
    packages: list[Package], facet: dict[str, dict[str, Any]], key_figures: pd.DataFrame
) -> pd.DataFrame:
    """Every budget-vs-actual line of the collection, 决算 filings in filing order."""
    by_id = {p.filing_id: p for p in packages}
    return budget_vs_actual_table(
        [p.filing_id for p in packages],
        facet,
        key_figures,
        lambda final_id: printed_rows(by_id[final_id], facet[final_id]),
        lambda budget_id, final_id: line_rows(by_id[budget_id], by_id[final_id], facet[final_id]),
    )


def budget_vs_actual_table(
    filing_ids: list[str],
    facet: dict[str, dict[str, Any]],
    key_figures: pd.DataFrame,
    printed_of: Callable[[str], list[dict[str, Any]]],
    lines_of: Callable[[str, str], list[dict[str, Any]]],
) -> pd.DataFrame:
    """The table from the rows a 决算 prints (``printed_of(final_id)``) and the lines it shares
    with each 预算 of its department, year and scope (``lines_of(budget_id, final_id)``): the
    combine stage passes functions that take them from its cache."""
    rows: list[dict[str, Any]] = []
    for filing_id in filing_ids:
        if facet[filing_id]["phase"] != "决算":
            continue
        rows.extend(printed_of(filing_id))
        for budget_id in budgets_of(filing_id, facet):
            rows.extend(_figure_rows(budget_id, filing_id, facet, key_figures))
            rows.extend(lines_of(budget_id, filing_id))
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def budgets_of(final_id: str, facet: dict[str, dict[str, Any]]) -> list[str]:
    final = facet[final_id]
    return sorted(
        filing_id
        for filing_id, f in facet.items()
        if f["phase"] == "预算"
        and all(f[k] == final[k] for k in ("department_id", "year", "scope"))
    )


def _row(
    f: dict[str, Any],
    source: str,
    budget_id: str,
    where: tuple[str, str, str, str],
    budget: tuple[Decimal | None, int | None],
    final: tuple[Decimal | None, int | None],
) -> dict[str, Any]:
    (budget_yuan, budget_page), (final_yuan, final_page) = budget, final
    difference = execution = None
    if budget_yuan is not None and final_yuan is not None:
        difference = final_yuan - budget_yuan
        execution = rate(final_yuan, budget_yuan, 2) if budget_yuan else None
    return {
        **f,
        "source": source,
        "budget_filing_id": budget_id,
        **dict(zip(("table_id", "line", "line_name", "measure"), where, strict=True)),
        "budget_yuan": budget_yuan,
        "final_yuan": final_yuan,
        "difference_yuan": difference,
        "execution_rate": execution,
        "budget_page": budget_page,
        "final_page": final_page,
    }


def _yuan(found: Printed | None) -> tuple[Decimal | None, int | None]:
    return (found.yuan, found.page) if found else (None, None)


def printed_rows(package: Package, f: dict[str, Any]) -> list[dict[str, Any]]:
    pairs: dict[str, dict[str, str]] = across_spec()["budget_vs_actual"]["printed"]
    rows = []
    for table_id, fields in pairs.items():
        if fields["budget"] not in package.measures(table_id):
            continue
        for line in package.rows(table_id):
            budget = printed(package, table_id, line, fields["budget"])
            final = printed(package, table_id, line, fields["final"])
            if budget is None and final is None:
                continue
            where = (table_id, line_key(line)[1], line.label(), fields["final"])
            # Within one printed pair a blank cell is nothing spent (or budgeted), as the
            # identity checks count it: 0, so the line shows its execution.
            budget_yuan, budget_page = _yuan(budget)
            final_yuan, final_page = _yuan(final)
            rows.append(
                _row(
                    f,
                    SOURCE_PRINTED,
                    package.filing_id,
                    where,
                    (budget_yuan or Decimal(0), budget_page or final_page),
                    (final_yuan or Decimal(0), final_page or budget_page),
                )
            )
    return rows


# Key figures that are not money planned and spent: staff counts and spending per staff member.
_NOT_PLANNED = frozenset({"staff", "per_staff"})


def _figure_rows(
    budget_id: str, final_id: str, facet: dict[str, dict[str, Any]], key_figures: pd.DataFrame
) -> list[dict[str, Any]]:
    figures = key_figures.set_index("filing_id")
    rows = []
    for column, rule in spec()["key_figures"].items():
        if rule["figure"] in _NOT_PLANNED:
            continue
        budget = figures.at[budget_id, f"{column}_yuan"]
        final = figures.at[final_id, f"{column}_yuan"]
        if budget is None and final is None:
            continue
        rows.append(
            _row(
                facet[final_id],
                SOURCE_FILINGS,
                budget_id,
                ("key_figures", column, rule["title"], f"{column}_yuan"),
                (budget, None),
                (final, None),
            )
        )
    return rows


def line_rows(budget: Package, final: Package, f: dict[str, Any]) -> list[dict[str, Any]]:
    lines: dict[str, str] = across_spec()["budget_vs_actual"]["lines"]
    rows = []
    for table_id, measure in lines.items():
        planned = {line_key(r): r for r in budget.rows(table_id)}
        for line in final.rows(table_id):
            match = planned.get(line_key(line))
            if match is None:
                continue
            spent = printed(final, table_id, line, measure)
            plan = printed(budget, table_id, match, measure)
            if spent is None and plan is None:
                continue
            where = (table_id, line_key(line)[1], line.label(), measure)
            rows.append(
                _row(
                    f,
                    SOURCE_FILINGS,
                    budget.filing_id,
                    where,
                    _yuan(plan),
                    _yuan(spent),
                )
            )
    return rows
