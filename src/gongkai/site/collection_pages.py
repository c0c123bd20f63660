"""Write the collection's pages into the generated folder: a page per department (with its charts
and CSV), per region, per region and year, per function class, and the class index."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from gongkai.site import charts as chart_module
from gongkai.site.corpus import (
    Collection,
    department_page_path,
    function_page_path,
    region_page_path,
    year_page_path,
)
from gongkai.site.files import write_text
from gongkai.site.pages.department import (
    CSV_HEADER,
    department_charts,
    department_page,
    files_dir,
    series_rows,
)
from gongkai.site.pages.function_class import INDEX, function_page, functions_index_page
from gongkai.site.pages.region import region_page, year_page


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    """With a byte-order mark, so that Excel on Chinese Windows reads the Chinese right."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows(rows)


def _svg_size(svg: str) -> tuple[int, int]:
    match = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def write_department(collection: Collection, department_id: str, generated: Path) -> None:
    filings = collection.departments()[department_id]
    folder = generated / files_dir(department_id)
    sizes = {}
    for chart in department_charts(filings):
        svg = chart_module.render_svg(chart)
        write_text(folder / f"{chart.name}.svg", svg)
        sizes[chart.name] = _svg_size(svg)
    _write_csv(folder / "series.csv", series_rows(department_id, filings, collection.functions))
    budget = collection.budget_actual.get(department_id, [])
    page = department_page(department_id, filings, collection.functions, sizes, budget)
    write_text(generated / department_page_path(department_id), page)


def write_collection_pages(collection: Collection, generated: Path) -> int:
    """Every page of the collection; returns the number of department pages."""
    departments = collection.departments()
    for department_id in departments:
        write_department(collection, department_id, generated)
    for region, filings in collection.regions().items():
        write_text(generated / region_page_path(region), region_page(region, filings))
        for year in sorted({f.year for f in filings}, key=lambda y: y or 0):
            in_year = [f for f in filings if f.year == year]
            write_text(generated / year_page_path(region, year), year_page(region, year, in_year))
    for code, name in collection.class_names().items():
        write_text(generated / function_page_path(code), function_page(code, name, collection))
    write_text(generated / INDEX, functions_index_page(collection))
    return len(departments)
