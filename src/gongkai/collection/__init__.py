"""The combine stage: every filing package in one collection, <packages>/all-filings.

Load the packages (through `gongkai.datapackage` only), build the collection's tables with
pandas (collection.frames), and publish them as a Frictionless package of BOM-marked CSVs plus
XLSX, Parquet and a SQLite database with datasette metadata (collection.publish).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from gongkai import schemas
from gongkai.collection import frames, publish
from gongkai.collection.across import cross_filing_table
from gongkai.collection.budget_actual import budget_vs_actual_table
from gongkai.collection.parts import Gathered, PartsCache, gather
from gongkai.package import atomic_directory, write_json

COMBINED_ID = "all-filings"
DATABASE = f"{COMBINED_ID}.sqlite"
TITLE = "全部公开文件合并数据 All filings combined"
# The workbook's checks sheet: the failing checks only. All checks (479 a filing for the sample,
# nearly all passing) were half the time of writing the workbook, and past about 2,200 filings
# more rows than a sheet holds (1,048,576); every check stays in checks.csv, the Parquet and
# the SQLite, and in each filing's own workbook.
WORKBOOK_CHECKS = "未通过的检查（全部检查见checks.csv）"
LICENSE = {
    "name": "ODC-PDDL-1.0",
    "path": "https://opendatacommons.org/licenses/pddl/",
    "title": "Open Data Commons Public Domain Dedication and License",
}


@dataclass
class Table:
    """A table of the collection: its rows, a DataFrame or several (`frames.CHUNK` filings
    each, all with the same columns), and its Table Schema with titles from its columns."""

    name: str
    chunks: Iterator[pd.DataFrame]
    schema_of: Callable[[list[str]], dict[str, Any]]
    # Its columns when no chunk comes (its header alone); None: then there is no such table.
    columns: list[str] | None = None


def collection_tables(gathered: Gathered) -> Iterator[Table]:
    """The collection's tables in publishing order, each built while it is written (the long
    tables and the checks a chunk at a time, from the spill)."""
    facet = gathered.facet
    spec = publish._fields_spec()
    filings = frames.filings_table([(facet[p.filing_id], p.filing) for p in gathered.parts])
    yield _facet_table(
        "filings",
        filings,
        spec["filings"],
        "公开文件目录",
        "One row per filing: its facets, title, tables and checks.",
        ["filing_id"],
    )
    yield Table(
        "departments",
        iter([frames.departments_frame(filings)]),
        lambda _: _titled(
            publish.departments_schema(),
            "部门",
            "One row per department (department_id) across filings and years.",
            ["department_id"],
        ),
    )
    key_figures = frames.key_figures_table(
        [(facet[p.filing_id], p.key_figures) for p in gathered.parts]
    )
    yield _facet_table(
        "key_figures",
        key_figures,
        frames.key_figure_fields(),
        "主要数字",
        "One row per filing: headline figures in 元 (total, 基本/项目, 人员/公用, 三公 …), "
        "staff counts (编制, 实有) in 人 and spending per staff member by each count.",
        ["filing_id"],
    )
    for kind in frames.spec()["money_tables"]:
        yield Table(kind, frames.long_chunks(gathered.long_of(kind)), partial(_long_schema, kind))
    yield from _across_tables(gathered, key_figures)
    columns = frames.check_columns(p.check_fields for p in gathered.parts)
    yield Table(
        "checks",
        frames.checks_chunks(gathered.checks_of(), columns),
        partial(
            _facet_schema,
            schemas.table_schema("checks")["fields"],
            "检查结果（全部文件）",
            "Every check of every filing (schema, identities, narrative claims).",
            ["filing_id", "check_id"],
        ),
        columns,
    )


def _long_schema(kind: str, columns: list[str]) -> dict[str, Any]:
    title = publish.kind_title(kind)
    return _titled(
        publish.long_schema(kind, columns),
        f"{title}（全部文件）",
        f"Every amount of the {kind} tables ({title}) of all filings, one row per "
        "printed amount, with amount_yuan in 元 and the authoritative flag.",
        None,
    )


def _across_tables(gathered: Gathered, key_figures: pd.DataFrame) -> Iterator[Table]:
    """Tables that join filings: budget against actual, checks against last year's filing."""
    spec = publish._fields_spec()
    actual = budget_vs_actual_table(
        [p.filing_id for p in gathered.parts],
        gathered.facet,
        key_figures,
        gathered.printed_of,
        gathered.lines_of,
    )
    yield _facet_table(
        "budget_vs_actual",
        actual,
        spec["budget_vs_actual"],
        "预算与决算对照",
        "One row per line a department budgeted and spent in one year, in 元: 预算数 "
        "printed beside 决算数 in a 决算, or a 预算 and a 决算 filing of the same year.",
        None,
    )
    yield _facet_table(
        "cross_filing_checks",
        cross_filing_table(gathered.cross_rows),
        spec["cross_filing_checks"],
        "跨年核对",
        "Each statement a filing makes about last year (比上年增加X, 增长Y%, 上年数) "
        "checked against last year's filing of the same department, phase and scope.",
        ["filing_id", "check_id"],
    )


def _facet_table(
    name: str,
    frame: pd.DataFrame,
    fields: list[dict[str, Any]],
    title: str,
    description: str,
    key: list[str] | None,
) -> Table:
    """A table of one frame whose schema is the fields it has (facet columns first)."""
    return Table(name, iter([frame]), partial(_facet_schema, fields, title, description, key))


def _facet_schema(
    fields: list[dict[str, Any]],
    title: str,
    description: str,
    key: list[str] | None,
    columns: list[str],
) -> dict[str, Any]:
    return _titled(publish.facet_schema(fields, columns), title, description, key)


def _titled(
    schema: dict[str, Any], title: str, description: str, key: list[str] | None
) -> dict[str, Any]:
    return {
        **schema,
        **({"primaryKey": key} if key else {}),
        "title_zh": title,
        "description": description,
    }


def _descriptor(schemas_of: dict[str, dict[str, Any]], filings: pd.DataFrame) -> dict[str, Any]:
    resources = []
    for name, schema in schemas_of.items():
        table_schema = {k: v for k, v in schema.items() if k in ("fields", "primaryKey")}
        resources.append(
            {
                "name": name,
                "path": f"data/{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "title": schema["title_zh"],
                "description": schema["description"],
                "schema": table_schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": COMBINED_ID,
        "title": TITLE,
        "description": "所有公开文件的数据合为一套：每类表一张长表（含部门、地区、级次、年度、预算/决算、"
        "部门/单位、原单位与折合元金额、权威行标记），每个文件一行的主要数字表，以及全部检查结果。"
        "同样的数据另有 XLSX（中文表头；其检查结果一页只列未通过的检查）、Parquet 与 SQLite（附 datasette "
        "说明 metadata.json）。",
        "licenses": [LICENSE],
        "sources": [
            {"title": str(t or i), "path": f"../{i}"}
            for i, t in zip(filings["filing_id"], filings["title"], strict=True)
        ],
        "gongkai:downloads": {
            "xlsx": f"{COMBINED_ID}.xlsx",
            "parquet": [f"parquet/{name}.parquet" for name in schemas_of],
            "sqlite": DATABASE,
            "datasette_metadata": "metadata.json",
        },
        "resources": resources,
    }


Published = tuple[str, Iterator[pd.DataFrame], dict[str, Any], dict[str, Any] | None]


def _published_tables(gathered: Gathered) -> Iterator[Published]:
    """Each table to publish: its name, chunks, schema, and the schema of its workbook sheet
    when the sheet differs from the table (the failing checks alone)."""
    for table in collection_tables(gathered):
        first = next(table.chunks, None)
        if first is None:
            if table.columns is None:
                continue
            first = pd.DataFrame(columns=table.columns, dtype=object)
        schema = table.schema_of(list(first.columns))
        sheet = {**schema, "title_zh": WORKBOOK_CHECKS} if table.name == "checks" else None
        chunks = itertools.chain([first], table.chunks)
        del first  # the chunk is held by the chain alone, and freed once written
        yield table.name, chunks, schema, sheet


def publish_collection(target: Path, gathered: Gathered, apart: Apart | None = None) -> Path:
    """Write the collection a table at a time, each a chunk at a time: its CSV, Parquet, SQLite
    table and workbook sheet (one chunk in memory, not every table).

    ``apart`` (a second process, and the packages and parts cache ``gathered`` was gathered
    with): that process writes the CSV, Parquet and SQLite from the same cache (`write_tables`)
    while this one writes the workbook, which is over half of the stage."""
    schemas_of: dict[str, dict[str, Any]] = {}
    filings = pd.DataFrame()
    with atomic_directory(target) as staging:
        (staging / "data").mkdir()
        (staging / "parquet").mkdir()
        with (
            _tables_apart(staging, apart) as database,
            publish.Workbook(staging / f"{COMBINED_ID}.xlsx") as workbook,
        ):
            for name, chunks, schema, sheet in _published_tables(gathered):
                schemas_of[name] = schema
                if name == "filings":  # its first chunk names the sources in the descriptor
                    filings = next(chunks)
                    chunks = itertools.chain([filings], chunks)
                if database is None:
                    publish.add_sheet(workbook, name, chunks, schema, sheet)
                else:
                    publish.write_table(staging, name, chunks, schema, (database, workbook), sheet)
        write_json(
            staging / "metadata.json", publish.datasette_metadata(TITLE, COMBINED_ID, schemas_of)
        )
        write_json(staging / "datapackage.json", _descriptor(schemas_of, filings))
    return target


@dataclass(frozen=True)
class Apart:
    """The second process of the collection, and what its `write_tables` reads."""

    process: Any  # a ProcessPoolExecutor of one worker
    packages: list[Path]
    cache: Path


@contextmanager
def _second_process(wanted: bool) -> Iterator[Any]:
    """A spawned process for `write_tables`, started now so that it imports its libraries while
    this one gathers (about a second and a half); None unless ``wanted``."""
    if not wanted:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(_ready)
        yield pool


def _ready() -> None:
    """Nothing: the process that runs it has imported this package (pandas, pyarrow...)."""


@contextmanager
def _tables_apart(staging: Path, apart: Apart | None) -> Iterator[publish.Database | None]:
    """The database to write beside the workbook; None while `write_tables` writes the CSV,
    Parquet and SQLite in the second process (its error is raised here, and the collection is
    not published)."""
    if apart is None:
        with publish.Database(staging / DATABASE) as database:
            yield database
        return
    from concurrent.futures import wait

    written = apart.process.submit(write_tables, apart.packages, apart.cache, staging)
    try:
        yield None
    finally:
        wait([written])  # done before the staging folder can be removed, even on an error here
    written.result()


def write_tables(packages: list[Path], cache: Path, staging: Path) -> None:
    """The collection's CSV, Parquet and SQLite alone, from the parts cache a `gather` over
    ``packages`` has just filled (each filing's share is read back, none computed again): the
    bytes `publish_collection` writes with the workbook."""
    with tempfile.TemporaryDirectory(prefix="gongkai-tables-") as scratch:
        gathered = gather(packages, PartsCache(cache), Path(scratch))
        try:
            with publish.Database(staging / DATABASE) as database:
                for name, chunks, schema, _ in _published_tables(gathered):
                    publish.write_table(staging, name, chunks, schema, (database, None))
        finally:
            gathered.spill.close()


def combine(directory: Path, cache: Path | None = None, two_processes: bool = False) -> Path | None:
    """Write <directory>/all-filings from the filing packages in ``directory``; None if none.

    With a ``cache`` folder, each filing's share of the collection is computed once per package
    content (collection.parts): after one changed package, only its share is computed again;
    with ``two_processes`` too, a second process writes the CSV, Parquet and SQLite while this
    one writes the workbook.
    """
    return combine_folders([directory], directory, cache, two_processes)


def combine_folders(
    folders: list[Path], out: Path, cache: Path | None = None, two_processes: bool = False
) -> Path | None:
    """Write <out>/all-filings from the filing packages of every folder (a province: each
    shard's packages); None if there are none. The bytes are those of `combine` over one folder
    holding all of them. A filing in two folders is an error: which copy is meant is unknown."""
    packages = [
        descriptor.parent
        for folder in folders
        for descriptor in sorted(folder.glob("*/datapackage.json"))
        if descriptor.parent.name != COMBINED_ID
    ]
    store = PartsCache(cache)
    with (
        _second_process(cache is not None and two_processes) as second,
        tempfile.TemporaryDirectory(prefix="gongkai-collection-") as scratch,
    ):
        gathered = gather(packages, store, Path(scratch))
        try:
            if not gathered.parts:
                return None
            apart = None
            if second is not None and cache is not None:
                apart = Apart(second, packages, cache)
            target = publish_collection(out / COMBINED_ID, gathered, apart)
        finally:
            gathered.spill.close()
    store.prune()
    return target
