"""The tables sections: every printed budget table, then the listings (机构, 固定资产, 政府采购)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from gongkai.datapackage import Package, Row
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import folded, where
from gongkai.site.sections.downloads import chinese_csvs
from gongkai.site.tables import (
    coded_table,
    plain_table,
    printed_amounts,
    printed_wide,
    two_panel,
    two_sided_table,
)
from gongkai.site.urls import files_from_page

_INTRO = (
    "以下表格按原文照录；科目名称按级次缩进，粗体为类级科目和合计。"
    "页码链接打开原文件的那一页；每行所在的页码见各表 CSV 的 page 列。"
)
_TWO_PANEL_NOTE = '<p class="gk-note">原表分左右两栏：左栏人员经费，右栏公用经费；此处合为一表，两栏的数字都在。</p>'
_WIDE_NOTE = (
    '<p class="gk-note">原表把各项横排在一行（多层表头）；此处每项一行，项目名称按原表头照录。</p>'
)
_EMPTY_META = '<p class="gk-meta" markdown="1"></p>'


def table_info(package: Package) -> dict[str, Row]:
    """The package's list of tables (title, pages, notes, source file) by table id."""
    return {r.get("table_id") or "": r for r in package.rows("tables")}


def printed_tables(package: Package) -> list[str]:
    """Resource names of the budget tables in the order the filing prints them (its ``tables``
    list), then any standard table the list does not name."""
    skip = set(labels.other_tables()) | labels.not_tables()
    order: list[str] = []
    for name in [r.get("table_id") or "" for r in package.rows("tables")] + list(
        labels.printed_tables()
    ):
        if name in package.resources and name not in order and name not in skip:
            order.append(name)
    return order


def _pdfs(original_files: Sequence[str]) -> list[str]:
    return [f for f in original_files if f.lower().endswith(".pdf")]


def table_original(info: Row, original_files: Sequence[str]) -> str | None:
    """The original file a table is printed in: as extract recorded it, else the only PDF."""
    if info.get("source_file"):
        return str(info["source_file"])
    pdfs = _pdfs(original_files)
    return pdfs[0] if len(pdfs) == 1 else None


def source_pages(
    package: Package, info: Row, original: str | None, several_files: bool = False
) -> str:
    """Where the table is printed: 原文第N页, each page linked to the original PDF at that page."""
    pages = [int(p) for p in re.findall(r"\d+", info.get("pages") or "")]
    if not pages:
        return where(info)
    if not (original and original.lower().endswith(".pdf")):
        return f"原文第{'、'.join(str(p) for p in pages)}页"
    base = f"{files_from_page(package.filing_id)}/original/{quote(original)}"
    # The whole "第N页" is the link: a wide enough target for a finger.
    text = "原文" + "、".join(f"[第{page}页](<{base}#page={page}>)" for page in pages)
    return text + (f"（文件 {esc.text(original)}）" if several_files else "")


def table_anchor(name: str) -> str:
    """The stable anchor of a table on its filing's page: ``table-expenditure_by_function``."""
    return f"table-{esc.slug(name)}"


def page_link(package: Package, table_id: str, page: object, original_files: Sequence[str]) -> str:
    """``原文第N页`` linked to the original PDF at that page (naming the file when the filing has
    several); plain text when the file is not a PDF or not known."""
    if page in (None, ""):
        return ""
    info = table_info(package).get(table_id, Row())
    found = source_pages(
        package,
        Row({**info, "pages": str(page)}),
        table_original(info, original_files),
        len(_pdfs(original_files)) > 1,
    )
    return found or f"原文第{esc.text(page)}页"


def table_facts(
    package: Package, name: str, original_files: Sequence[str], unit: bool = True
) -> str:
    """Unit and pages of a table, as one meta line."""
    info = table_info(package).get(name, Row())
    facts = [f"单位：{esc.text(package.unit_of(name))}"] if unit else []
    several = len(_pdfs(original_files)) > 1
    found = source_pages(package, info, table_original(info, original_files), several)
    if found:
        facts.append(found)
    # markdown="1": the page links are Markdown, so that MkDocs rewrites them for the page's URL.
    return '<p class="gk-meta" markdown="1">' + "，".join(facts) + "</p>"


def _csv_link(package: Package, name: str) -> str:
    """The table's CSV with Chinese headers (what Excel shows a reader) first, the one with the
    field names beside it."""
    base = files_from_page(package.filing_id)
    machine = f"{base}/{package.resources[name].path}"
    zh = chinese_csvs(package).get(name)
    if zh is None:
        return f"[下载本表（CSV）]({machine})"
    return f"[下载本表（CSV，中文表头）]({base}/{zh}) · [英文字段名版]({machine})"


def _table_body(package: Package, name: str) -> list[str]:
    rows = package.rows(name)
    if not rows:
        return ["原表为空表。", ""]
    if name in labels.two_sided_tables():
        return [two_sided_table(package, name), ""]
    if not any(r.get("level") for r in rows):
        return [plain_table(package, name), ""]
    if all(r.get("level") == "合计" and not printed_amounts(r) for r in rows):
        return ["原表为空表（只印了合计行，没有数字）。", ""]
    return [coded_table(package, name), ""]


def _printed_table(
    package: Package, name: str, info: Row, original_files: Sequence[str]
) -> list[str]:
    title = info.get("title") or labels.title(name)
    lines = [table_facts(package, name, original_files), ""]
    if name == "basic_expenditure" and two_panel(package, name):
        lines += [_TWO_PANEL_NOTE, ""]
    if name == "three_public_expenses" and package.rows(name) and printed_wide(package, name):
        lines += [_WIDE_NOTE, ""]
    lines += _table_body(package, name)
    for note in (info.get("notes") or "").split(" | "):
        if note.strip():
            lines += [f'<p class="gk-note">{esc.text(note)}</p>', ""]
    lines.append(_csv_link(package, name))
    summary = f"{esc.text(title)}<small>（{len(package.rows(name))}行）</small>"
    return [folded(summary, "\n".join(lines), table_anchor(name), "gk-table"), ""]


def tables_section(package: Package, original_files: Sequence[str] = ()) -> str:
    """Every printed table, with its title, unit, notes and where it is in the original."""
    info = table_info(package)
    lines = ["## 公开表格 {#tables}", "", _INTRO, ""]
    for name in printed_tables(package):
        lines += _printed_table(package, name, info.get(name, Row()), original_files)
    return "\n".join(lines)


def other_tables_section(package: Package, original_files: Sequence[str] = ()) -> str:
    """Institutions, fixed assets and procurement, each as printed, each folded."""
    lines: list[str] = []
    for name, heading in labels.other_tables().items():
        if name not in package.resources:
            continue
        if not package.rows(name):
            lines += [
                f'<p id="{table_anchor(name)}">{esc.text(heading)}：原文此表为空或未公开明细。</p>',
                "",
            ]
            continue
        body = []
        facts = table_facts(package, name, original_files, unit=name != "institutions")
        if facts != _EMPTY_META:
            body += [facts.replace("单位：", "金额单位：", 1), ""]
        body += [plain_table(package, name), "", _csv_link(package, name)]
        summary = f"{esc.text(heading)}<small>（{len(package.rows(name))}行）</small>"
        lines += [folded(summary, "\n".join(body), table_anchor(name), "gk-table"), ""]
    return "\n".join(lines)
