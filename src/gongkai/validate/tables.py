"""What several check families ask of a package's tables: printed columns, total lines, summary
lines by role, and where a row was printed."""

from __future__ import annotations

from decimal import Decimal

from gongkai import schemas
from gongkai.datapackage import Package, Row

# Every coded table of the schemas (function or economic classification), in schema order.
CODED_TABLES = tuple(name for name in schemas.resource_names() if schemas.is_coded(name))


def printed_fields(package: Package, table: str) -> set[str] | None:
    """Fields the table printed a column for (table_columns.csv); None when not recorded.

    A table printing only 金额 has no 基本支出 column: its rows cannot be checked for
    total = basic + project, and a blank there is not a zero.
    """
    columns = package.rows("table_columns")
    if not columns:
        return None
    return {c.text("field") or "" for c in columns if c.text("table_id") == table}


def total_row(rows: list[Row]) -> Row | None:
    """The table's 合计 line; a two-panel table prints one per panel: their sum."""
    totals = [r for r in rows if r.text("level") == "合计"]
    if len(totals) <= 1:
        return totals[0] if totals else None
    merged = Row(totals[0])
    for field in ("total", "personnel_expenditure", "public_expenditure"):
        values = [v for v in (r.amount(field) for r in totals) if v is not None]
        merged[field] = str(sum(values, Decimal(0))) if values else ""
    return merged


def by_role(rows: list[Row], side: str, role: str) -> list[Row]:
    """Lines of a summary table's side with a role (line, subtotal, carryover, total …)."""
    return [r for r in rows if r.text("side") == side and r.text("item_role") == role]


def first_by_role(rows: list[Row], side: str, role: str) -> Row | None:
    return next(iter(by_role(rows, side, role)), None)


def carryover_groups(rows: list[Row], side: str) -> list[tuple[Row, list[Row]]]:
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


def is_final(package: Package) -> bool:
    """A 决算 (final account) rather than a 预算 (budget)."""
    return package.meta.get("phase") == "决算"


def where(table_zh: str, row: Row) -> str:
    """收入总表（第3页） for a PDF, 收入总表（第421行） for a text export."""
    page, line = row.int("page"), row.int("source_line")
    return table_zh + (f"（第{page}页）" if page else f"（第{line}行）" if line else "")
