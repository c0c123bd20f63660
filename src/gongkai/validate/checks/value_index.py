"""Every amount the tables print, searchable by value and by the words of a line's name: what a
narrative number is matched to when no claims.yaml rule names its table value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.datapackage import Package, Row, in_wan_yuan
from gongkai.validate.rules import claims_spec, table_title
from gongkai.validate.tables import printed_fields

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ORDINAL = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*")


@dataclass(frozen=True)
class Printed:
    """One printed amount: its value in 万元 and where it is."""

    value: Decimal  # in 万元
    printed: Decimal  # as printed, in the table's unit
    unit: str
    table: str
    code: str
    item: str
    column: str
    column_title: str
    class_code: str = ""  # the function class (类) of a summary line (教育支出: 205)
    summed: bool = False  # a sum of printed lines (a government economic class), not printed
    blank: bool = False  # a total line's cell the table prints empty: nothing, 0

    @property
    def what_zh(self) -> str:
        line = f"{self.code} {self.item}".strip()
        return f"{table_title(self.table)}「{line}」{self.column_title}"

    def derivation(self) -> str:
        if self.blank:
            return f"{self.what_zh} 空白（即0）"
        shown = f"{self.printed}{self.unit}" if self.unit == "元" else f"{self.printed}"
        return f"{self.what_zh} {shown}"


def bigrams(text: str) -> set[str]:
    chars = "".join(_CJK.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def normalized(label: str) -> str:
    """A line name without ordinal, level mark and spaces (一、财政拨款收入（类） -> 财政拨款收入)."""
    label = _ORDINAL.sub("", label.strip())
    return re.sub(r"[（(][类款项][）)]|\s|“|”|\"", "", label)


def _is_total(row: Row, item: str) -> bool:
    """The table's 合计 (or 总计) line."""
    return row.text("level") == "合计" or bool(re.fullmatch(r"\s*(合\s*计|总\s*计)\s*", item))


class ValueIndex:
    """The printed amounts of a package's tables (claims.yaml `value_search.exclude` left out)."""

    def __init__(self, package: Package) -> None:
        exclude = set(claims_spec()["value_search"]["exclude"])
        total_only = set(claims_spec()["value_search"]["total_only"])
        self.entries: list[Printed] = []
        for name in package.resources:
            if name in exclude:
                continue
            unit = package.unit_of(name)
            titles = package.titles(name)
            numbers = [f["name"] for f in package.fields(name) if f.get("type") == "number"]
            if name in total_only:
                numbers = [n for n in numbers if n == "total"]
            self.entries.extend(_government_classes(package, name, numbers))
            # A column the table prints: a total line's empty cell in it is 0 (a blank is what
            # budget tables print for nothing), matched only by a claim of 0 naming the column.
            blank_means_zero = set(numbers) & (printed_fields(package, name) or set())
            for row in package.rows(name):
                item = row.text("item") or row.text("name") or row.text("project_name") or ""
                code = row.text("code") or ""
                for column in numbers:
                    value = row.amount(column)
                    blank = value is None
                    if blank and column in blank_means_zero and _is_total(row, item):
                        value = Decimal(0)  # 上缴上级支出0万元: the 合计 line's empty cell
                    if value is None:
                        continue
                    self.entries.append(
                        Printed(
                            in_wan_yuan(value, unit),
                            value,
                            unit,
                            name,
                            code,
                            item,
                            column,
                            titles.get(column, column),
                            row.text("function_class_code") or "",
                            blank=blank,
                        )
                    )

    def line_part(self, table: str, code: str, column: str) -> Printed | None:
        """The ``column`` amount of the line (or government class) ``code`` of ``table``; a code
        printed on several lines (陕西 30102 under two 政府经济 codes) is their sum."""
        found = [e for e in self.entries if (e.table, e.code, e.column) == (table, code, column)]
        if not found:
            return None
        total = sum((e.printed for e in found), Decimal(0))
        return Printed(
            sum((e.value for e in found), Decimal(0)),
            total,
            found[0].unit,
            table,
            code,
            found[0].item,
            column,
            found[0].column_title,
        )

    def by_value(self, value: Decimal, tolerance: Decimal, subject: str) -> Printed | None:
        """The printed amount equal to ``value`` (within ``tolerance``) whose line shares most
        words with the subject; a value-only match when the number is distinctive (4 or more
        significant digits) and one line prints it."""
        found = [e for e in self.entries if abs(e.value - value) <= tolerance and not e.summed]
        # An empty cell only for a claim naming its column whole (上缴上级支出0万元), never by a
        # shared word (年终结转结余0万元 is not 上年结转's empty cell)
        wanted = normalized(subject)
        found = [e for e in found if not e.blank or normalized(e.column_title) in wanted]
        if not found:
            return None
        words = bigrams(subject)
        if value == 0:
            # Zeros are printed everywhere: a zero needs a shared word that names something
            # (涉及财政性资金合计0万元 is not the 三公 table's 合计 0.00).
            words -= set(claims_spec()["value_search"]["generic_bigrams"])
        scored = sorted(found, key=lambda e: -len(words & bigrams(e.item + e.column_title)))
        best = scored[0]
        if words & bigrams(best.item + best.column_title):
            return best
        digits = len(value.normalize().as_tuple().digits)
        if value != 0 and digits >= 4 and len({(e.table, e.item) for e in found}) >= 1:
            return best
        return None

    def by_code(self, code: str) -> list[Printed]:
        """Total-column amounts of the lines printed with this classification code (a class
        code also finds the summaries' lines of that class, printed without codes)."""
        totals = set(claims_spec()["value_search"]["total_columns"])
        return [
            e
            for e in self.entries
            if e.column in totals and (e.code == code or (len(code) == 3 and e.class_code == code))
        ]

    def named(self, subject: str) -> list[Printed]:
        """Total-column amounts of lines whose name the subject ends with (本年收入合计, 财政拨款收入)."""
        wanted = normalized(subject)
        if len(wanted) < 4:
            return []
        totals = set(claims_spec()["value_search"]["total_columns"])
        return [
            e
            for e in self.entries
            if e.column in totals
            and not e.summed
            and len(normalized(e.item)) >= 4
            and wanted.endswith(normalized(e.item))
        ]


def _government_classes(package: Package, table: str, numbers: list[str]) -> list[Printed]:
    """陕西 prints the government economic class (政府预算支出经济分类) beside each line, never as
    a line of its own: each class (501 机关工资福利支出 …) is the sum of the lines booked under
    its codes (50101, 50102 …), in every amount column, for the narrative that quotes it."""
    if "government_economic_code" not in {f["name"] for f in package.fields(table)}:
        return []
    unit, titles = package.unit_of(table), package.titles(table)
    sums: dict[tuple[str, str], Decimal] = {}
    for row in package.rows(table):
        code = row.text("government_economic_code") or ""
        for column in numbers if len(code) >= 3 else ():
            value = row.amount(column)
            if value is not None:
                key = (code[:3], column)
                sums[key] = sums.get(key, Decimal(0)) + value
    return [
        Printed(
            in_wan_yuan(value, unit),
            value,
            unit,
            table,
            code,
            f"政府经济分类{code}类各行之和",
            column,
            titles.get(column, column),
            summed=True,
        )
        for (code, column), value in sorted(sums.items())
    ]
