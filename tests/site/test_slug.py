"""Page and file slugs: ASCII ids kept as they are, every other id unique and stable."""

from __future__ import annotations

from gongkai.site.escape import slug
from gongkai.site.urls import files_dir, filing_page_path

# Real filing ids of the 2026 collection: before, all three became "001_-__2026-_-".
SHANGHAI_2026 = [
    "001_上海__2026年上海市审计局_部门预算",
    "001_上海__2026年上海市工业和信息化局_部门预算",
    "001_上海__2026年上海市政务服务和数据管理局_部门预算",
]


def test_ascii_ids_are_kept_as_they_are() -> None:
    for filing_id in ("jiangsu_2019_gaoyuan_budget", "shanghai-putuo_2024_caizhengju_final"):
        assert slug(filing_id) == filing_id
    assert filing_page_path("changli_2023_dept_budget_hrss") == (
        "filings/changli_2023_dept_budget_hrss.md"
    )


def test_chinese_ids_get_their_ascii_part_and_a_hash() -> None:
    assert [slug(i) for i in SHANGHAI_2026] == [
        "001-2026-b6317a02",
        "001-2026-30c777fe",
        "001-2026-3ee800f2",
    ]
    assert files_dir(SHANGHAI_2026[0]) == "files/001-2026-b6317a02"


def test_slugs_are_unique_and_url_safe() -> None:
    ids = [*SHANGHAI_2026, "上海", "北京", "a b", "a/b", "a-b", "", "报告 2026"]
    slugs = [slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    assert all(s and all(c.isascii() and (c.isalnum() or c in "-_") for c in s) for s in slugs)
    assert slug("上海") == "99f1e469"
