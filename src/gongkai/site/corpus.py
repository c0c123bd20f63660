"""The collection (all-filings) as the site reads it: each filing's facets and key figures, its
function classes and 三公 items, in 元 as the collection wrote them; read through
gongkai.datapackage only, never recomputed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from gongkai.datapackage import Package, Row, iter_rows, read_descriptor
from gongkai.site import labels
from gongkai.site.escape import slug

COLLECTION_ID = "all-filings"  # the folder the combine stage writes (gongkai.collection)
NO_REGION = "未注明地区"
WAN = Decimal(10000)
_THREE_PUBLIC = "three_public:"


@dataclass(frozen=True)
class Filing:
    """One filing as the collection lists it: facets, title and key figures in 元."""

    filing_id: str
    department_id: str
    department_name: str
    region: tuple[str, ...]
    level: str
    year: int | None
    phase: str
    scope: str
    title: str
    unit: str
    checks_failed: int
    checks_material: int = 0  # failures that are findings (不符); 尾差 apart
    checks_rounding: int = 0
    figures: dict[str, Decimal] = field(default_factory=dict)  # figure key -> 元

    @property
    def region_name(self) -> str:
        return " › ".join(self.region) or NO_REGION

    @property
    def label(self) -> str:
        """``2019年预算`` (year and phase), the name of a column or a link."""
        return f"{self.year or '年度不详'}{'年' if self.year else ''}{self.phase}"

    def wan(self, figure: str) -> Decimal | None:
        """A key figure in 万元 (exact: the collection's 元 divided by 10,000)."""
        value = self.figures.get(figure)
        return None if value is None else value / WAN


@dataclass(frozen=True)
class FunctionClass:
    """One 类 of the function classification as a filing prints it, in 元."""

    code: str
    name: str
    amount: Decimal
    table: str  # the package table it stands in (the one the filing's own figures use)


@dataclass(frozen=True)
class BudgetLine:
    """One line of a department's budget against its actual (决算), in 元 as the collection
    wrote them (its ``budget_vs_actual`` resource)."""

    filing_id: str  # the 决算
    budget_filing_id: str
    year: int | None
    source: str
    table_id: str
    line_name: str
    budget: Decimal | None
    final: Decimal | None
    difference: Decimal | None
    execution_rate: Decimal | None  # per cent, as the collection computed it
    budget_page: str
    final_page: str


@dataclass
class Collection:
    """Every filing of the collection, the function classes each prints, and each department's
    budget-vs-actual lines."""

    filings: list[Filing]
    functions: dict[str, list[FunctionClass]] = field(default_factory=dict)  # by filing_id
    budget_actual: dict[str, list[BudgetLine]] = field(default_factory=dict)  # by department_id

    def departments(self) -> dict[str, list[Filing]]:
        """department_id -> its filings by year, then phase (预算 before 决算), sorted by id."""
        found: dict[str, list[Filing]] = defaultdict(list)
        for filing in self.filings:
            found[filing.department_id].append(filing)
        return {key: sorted(found[key], key=filing_order) for key in sorted(found)}

    def regions(self) -> dict[str, list[Filing]]:
        """Region name (``江苏省``, ``上海市 › 普陀区``) -> its filings, regions sorted."""
        found: dict[str, list[Filing]] = defaultdict(list)
        for filing in self.filings:
            found[filing.region_name].append(filing)
        ordered = sorted(found, key=lambda name: (name == NO_REGION, name))
        return {key: sorted(found[key], key=filing_order) for key in ordered}

    def class_names(self) -> dict[str, str]:
        """Function class code -> the name most filings print for it, codes sorted."""
        names: dict[str, Counter[str]] = defaultdict(Counter)
        for classes in self.functions.values():
            for item in classes:
                names[item.code][item.name] += 1
        return {code: names[code].most_common(1)[0][0] for code in sorted(names)}


def filing_order(filing: Filing) -> tuple[int, bool, str, str]:
    return (filing.year or 0, filing.phase != "预算", filing.scope or "", filing.filing_id)


def department_name(filings: Sequence[Filing]) -> str:
    """The name the department's latest filing prints."""
    return next((f.department_name for f in reversed(filings) if f.department_name), "") or (
        filings[-1].department_id
    )


# Where the collection's pages live, relative to the generated folder.
def department_page_path(department_id: str) -> str:
    return f"departments/{slug(department_id)}.md"


def region_page_path(region_name: str) -> str:
    return f"regions/{slug(region_name)}.md"


def year_page_path(region_name: str, year: int | None) -> str:
    return f"regions/{slug(region_name)}-{year or 'unknown'}.md"


def function_page_path(code: str) -> str:
    return f"functions/{slug(code)}.md"


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


def _filing(row: Row, figures: dict[str, Decimal]) -> Filing:
    year = row.get("year") or ""
    return Filing(
        filing_id=row["filing_id"],
        department_id=row.get("department_id") or row["filing_id"],
        department_name=row.get("department_name") or "",
        region=tuple(p.strip() for p in (row.get("region") or "").split("/") if p.strip()),
        level=row.get("level") or "",
        year=int(year) if year.isdigit() else None,
        phase=row.get("phase") or "",
        scope=row.get("scope") or "",
        title=row.get("title") or row["filing_id"],
        unit=row.get("unit") or "",
        checks_failed=int(row.get("checks_failed") or 0),
        # A collection written before 不符 and 尾差 were apart counts every failure as 不符.
        checks_material=int(row.get("checks_material") or row.get("checks_failed") or 0),
        checks_rounding=int(row.get("checks_rounding") or 0),
        figures=figures,
    )


def _resource_rows(directory: Path, descriptor: dict[str, object], name: str) -> Iterator[Row]:
    """The rows of one table of the collection, one at a time: the collection holds every
    filing's rows, and the site keeps only the few it reads."""
    for item in descriptor.get("resources") or []:  # type: ignore[attr-defined]
        if item.get("name") == name:
            return iter_rows(directory / str(item.get("path") or f"data/{name}.csv"))
    return iter(())


def _key_figures(rows: Iterable[Row], three_public: Iterable[Row]) -> dict[str, dict[str, Decimal]]:
    wanted = [*labels.department_figures(), *labels.department_per_staff()]
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        for key in wanted:
            if (value := _decimal(row.get(key))) is not None:
                found[row["filing_id"]][key] = value
    for row in three_public:
        key = _THREE_PUBLIC + (row.get("item_key") or "")
        if key in wanted and row.get("measure") == "total":
            if (value := _decimal(row.get("amount_yuan"))) is not None:
                found[row["filing_id"]].setdefault(key, value)
    return found


def _budget_line(row: Row) -> BudgetLine:
    year = row.get("year") or ""
    return BudgetLine(
        filing_id=row["filing_id"],
        budget_filing_id=row.get("budget_filing_id") or "",
        year=int(year) if year.isdigit() else None,
        source=row.get("source") or "",
        table_id=row.get("table_id") or "",
        line_name=row.get("line_name") or row.get("line") or "",
        budget=_decimal(row.get("budget_yuan")),
        final=_decimal(row.get("final_yuan")),
        difference=_decimal(row.get("difference_yuan")),
        execution_rate=_decimal(row.get("execution_rate")),
        budget_page=row.get("budget_page") or "",
        final_page=row.get("final_page") or "",
    )


def _budget_actual(rows: Iterable[Row]) -> dict[str, list[BudgetLine]]:
    found: dict[str, list[BudgetLine]] = defaultdict(list)
    for row in rows:
        found[row.get("department_id") or row["filing_id"]].append(_budget_line(row))
    return dict(found)


def _function_tables(packages: Iterable[Package]) -> dict[str, str]:
    """filing_id -> the table its own figures take function classes from (figures.table_id)."""
    found = {}
    for package in packages:
        rows = package.rows("figures") if package.has("figures") else []
        table = next((r.get("table_id") for r in rows if r.get("figure") == "function_class"), "")
        if table:
            found[package.filing_id] = table
    return found


def load_collection(directory: Path, packages: Iterable[Package] = ()) -> Collection | None:
    """The collection in ``directory`` (its all-filings folder); None when there is none.

    ``packages`` are the filing packages: each names (in its figures) the table its function
    classes come from, so that the collection's rows of that one table are used.
    """
    if not (directory / "datapackage.json").exists():
        return None
    descriptor = read_descriptor(directory)
    figures = _key_figures(
        _resource_rows(directory, descriptor, "key_figures"),
        _resource_rows(directory, descriptor, "three_public_expenses"),
    )
    filings = [
        _filing(row, figures.get(row["filing_id"], {}))
        for row in _resource_rows(directory, descriptor, "filings")
    ]
    tables = _function_tables(packages)
    functions: dict[str, list[FunctionClass]] = defaultdict(list)
    for kind in sorted(set(tables.values())):
        for row in _resource_rows(directory, descriptor, kind):
            if tables.get(row["filing_id"]) != kind or row.get("code_level") != "类":
                continue
            value = _decimal(row.get("amount_yuan"))
            if row.get("measure") == "total" and row.get("code") and value is not None:
                name = row.get("name") or row["code"]
                functions[row["filing_id"]].append(FunctionClass(row["code"], name, value, kind))
    budget = _budget_actual(_resource_rows(directory, descriptor, "budget_vs_actual"))
    return Collection(sorted(filings, key=filing_order), dict(functions), budget)


def collection_of(package: Package) -> Path:
    """Where the combine stage puts the collection of a filing package: beside it."""
    return package.directory.parent / COLLECTION_ID


def filings_beside(package: Package) -> list[Filing]:
    """The filings the collection beside a filing package lists (facets only, no figures);
    none when the combine stage has not run there."""
    directory = collection_of(package)
    path = directory / "datapackage.json"
    if not path.exists():
        return []
    return list(_read_filings(directory, path.stat().st_mtime_ns))


@cache
def _read_filings(directory: Path, modified: int) -> tuple[Filing, ...]:
    # Keyed on the descriptor's modification time: a rewritten collection is read again.
    rows = _resource_rows(directory, read_descriptor(directory), "filings")
    return tuple(sorted((_filing(row, {}) for row in rows), key=filing_order))


def cross_checks_beside(package: Package) -> list[Row]:
    """The collection's cross-filing checks of one filing (what it says about last year against
    last year's filing), in the collection's order; none when the combine stage has not run."""
    directory = collection_of(package)
    path = directory / "datapackage.json"
    if not path.exists():
        return []
    rows = _read_cross_checks(directory, path.stat().st_mtime_ns)
    return [row for row in rows if row.get("filing_id") == package.filing_id]


@cache
def _read_cross_checks(directory: Path, modified: int) -> tuple[Row, ...]:
    return tuple(_resource_rows(directory, read_descriptor(directory), "cross_filing_checks"))
