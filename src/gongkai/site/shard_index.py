"""The domain's root page when a province is split into shards: one static HTML page listing
each shard's site (its regions, filings, years, 预算/决算 and departments), read from each
shard's collection (all-filings/data/filings.csv). Loads nothing from any host."""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path

from gongkai.shards import COLLECTION_FILINGS, Shard, shard_names

# Beside the root page: what the shards' search boxes read (docs/assets/search.js).
SHARDS_JSON = "shards.json"
_STYLE = (
    "body{margin:0;font-family:system-ui,sans-serif;color:#222;background:#fff}"
    "main{max-width:60rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.6rem;margin:.5rem 0}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}"
    "td.n{text-align:right}a{color:#303fa1}small{color:#666}"
)


@dataclass(frozen=True)
class ShardSummary:
    name: str
    regions: tuple[str, ...]
    filings: int
    years: tuple[int, ...]
    phases: tuple[tuple[str, int], ...]
    departments: int


def summarize(name: str, filings_csv: Path) -> ShardSummary:
    """One shard's line of the root page, from its collection's filings table."""
    with filings_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regions = Counter(row["region"] for row in rows if row.get("region"))
    phases = Counter(row["phase"] for row in rows if row.get("phase"))
    return ShardSummary(
        name=name,
        regions=tuple(region for region, _ in regions.most_common()),
        filings=len(rows),
        years=tuple(sorted({int(row["year"]) for row in rows if row.get("year")})),
        phases=tuple(sorted(phases.items())),
        departments=len({row["department_id"] for row in rows if row.get("department_id")}),
    )


def _years(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    if len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return "、".join(map(str, years))


def root_index(shards: list[ShardSummary], site_name: str) -> str:
    """The root page: a table with one row per shard, linking ``<name>/``."""
    rows = []
    for shard in shards:
        regions = "、".join(shard.regions) or shard.name
        phases = "，".join(f"{phase} {count}" for phase, count in shard.phases)
        rows.append(
            f'<tr><td><a href="{escape(shard.name)}/">{escape(regions)}</a>'
            f"<br><small>{escape(shard.name)}/</small></td>"
            f'<td class="n">{shard.filings}</td><td>{escape(_years(shard.years))}</td>'
            f'<td>{escape(phases)}</td><td class="n">{shard.departments}</td></tr>'
        )
    total = sum(shard.filings for shard in shards)
    name = escape(site_name)
    return (
        "<!doctype html>\n"
        "<!-- Written by gongkai root-index from each shard's all-filings/data/filings.csv;"
        " rebuilt, never hand-edited. -->\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{name}：按地区</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{name}</h1>\n"
        f"<p>按地区分为 {len(shards)} 个部分，共 {total} 份公开文件。每个部分是一个网站，"
        "有自己的文件页面、数据下载和搜索；在一个部分的搜索框里也可以再搜索其他部分。</p>\n"
        "<table>\n<thead><tr><th>地区</th><th>文件数</th><th>年度</th><th>预算/决算</th>"
        "<th>部门数</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
        "</main>\n</body>\n</html>\n"
    )


def shards_json(shards: list[ShardSummary]) -> str:
    """The shards as the search box of each shard's site reads them (``<domain>/shards.json``):
    name (the site's path) and regions, to offer searching the others."""
    listed = [
        {"name": shard.name, "regions": list(shard.regions), "filings": shard.filings}
        for shard in shards
    ]
    return json.dumps(listed, ensure_ascii=False, indent=1) + "\n"


def sitemap_index(shards: list[ShardSummary], domain: str) -> str:
    """The domain's sitemap.xml: an index of each shard's own sitemap (``domain`` ends in /)."""
    entries = "".join(
        f"<sitemap><loc>{escape(domain + shard.name)}/sitemap.xml</loc></sitemap>\n"
        for shard in shards
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )


def write_root_index(root: Path, out: Path, site_name: str, domain: str = "") -> list[ShardSummary]:
    """Write ``out``, and beside it ``shards.json`` and (with the ``domain``'s address) the
    sitemap index, each atomically, from every shard under ``root`` that has a collection;
    returns the shards listed (none: nothing is written)."""
    shards = [
        summarize(name, Shard(name, root).packages / COLLECTION_FILINGS)
        for name in shard_names(root)
    ]
    if not shards:
        return []
    out.parent.mkdir(parents=True, exist_ok=True)
    written = [(out.with_name(SHARDS_JSON), shards_json(shards))]
    if domain:
        written.append((out.with_name("sitemap.xml"), sitemap_index(shards, domain)))
    for path, text in [*written, (out, root_index(shards, site_name))]:
        staging = path.with_name(f".{path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
        staging.write_text(text, encoding="utf-8", newline="\n")
        staging.replace(path)
    return shards
