"""The search index's documents: what a page gives Pagefind (no tables or checks, title and meta
line weighted, department names whole) and the Pagefind bundle a built site carries."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gongkai.site import search_index
from gongkai.site.errors import SiteError
from gongkai.site.search_index import (
    TITLE_WEIGHT,
    page_kind,
    search_document,
    segmenter,
    write_search_index,
)

PAGE = """<html><body><header><nav>首页 关于</nav></header><article class="md-content__inner">
<h1 id="x">江苏省高级人民法院 2018年部门预算</h1>
<p class="gk-meta">江苏省 · 2018年 · 预算 · 江苏省高级人民法院</p>
<nav class="gk-menu">本页：核对结果</nav>
<h2 id="summary">30秒读懂</h2><ul><li>社会保障和就业支出占12%。</li></ul>
<h2 id="charts">图表</h2><h3 id="chart-three_public">“三公”经费构成</h3>
<details id="chart-three_public-data"><table><tr><td>图表数据行</td></tr></table></details>
<h2 id="tables">公开表格</h2><details><summary>收支总表</summary><table><tr><td>表格行</td></tr>
</table></details>
<h2 id="performance">绩效目标</h2><details class="gk-project" id="project-1"><summary>1. 审判业务</summary>
<p><strong>绩效目标</strong>：公正司法。</p><p><strong>产出指标 · 数量指标</strong></p>
<ul><li>结案数：<strong>≥100件</strong>；依据：全年工作计划</li></ul></details>
<h2 id="narrative">情况说明（原文）</h2><details><p>主要职能是审判。
<span class="gk-agree">〔核对：1处与表格一致〕</span></p></details>
<h2 id="checks">核对结果</h2><p>共252项检查</p><table><tr><td>cross_table-208</td></tr></table>
<h2 id="cite">引用本页</h2><div class="gk-cite">本页地址</div>
</article></body></html>"""


@pytest.fixture(scope="module")
def cutters(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    user_dict = tmp_path_factory.mktemp("dict") / "user.txt"
    user_dict.write_text("江苏省高级人民法院\n", encoding="utf-8")
    return segmenter(user_dict)


def _paragraphs(document: str) -> list[str]:
    return re.findall(r"<p>(.*?)</p>", document)


def test_the_document_holds_summary_chart_titles_and_narrative_only(cutters) -> None:  # type: ignore[no-untyped-def]
    document = search_document(PAGE, "generated/filings/x/", *cutters)
    assert document is not None
    assert _paragraphs(document) == [
        "江苏省高级人民法院 2018 年 部门 预算 江苏省 2018 年 预算 江苏省高级人民法院",
        "30 秒 读懂",
        "社会保障 和 就业 支出 占 12 % 。",
        "图表",
        "“ 三公 ” 经费 构成",
        "绩效 目标",
        # a project's name and goal, not its indicators
        "1 . 审判 业务",
        "绩效 目标 ： 公正司法 。",
        "情况 说明 （ 原文 ）",
        "主要 职能 是 审判 。",  # without the check's verdict
        # the short words inside long ones, found when typed alone (保障 in 社会保障); not
        # 江苏省, a word of the page's own
        "人民 保障 公正 司法 民法 江苏 法院 社会 高级 高级人民法院",
    ]
    skipped = ("表格行", "图表数据行", "cross_table", "252", "本页地址", "首页", "本页：")
    for left_out in (*skipped, "产出", "结案数", "依据", "核对"):
        assert left_out not in document


def test_title_and_meta_line_weigh_most_and_the_page_says_its_kind(cutters) -> None:  # type: ignore[no-untyped-def]
    document = search_document(PAGE, "generated/filings/x/", *cutters)
    assert document is not None
    assert f'<div data-pagefind-weight="{TITLE_WEIGHT}"><p>江苏省高级人民法院 2018' in document
    assert '<div data-pagefind-weight="0.5"><p>人民 保障' in document
    assert 'content="江苏省高级人民法院 2018年部门预算"' in document
    assert 'data-pagefind-meta="kind[content]" content="filing"' in document
    assert 'content="江苏省 2018年 预算 江苏省高级人民法院"' in document


def test_page_kinds() -> None:
    assert [
        page_kind(url)
        for url in (
            "generated/filings/a/",
            "generated/departments/a/",
            "generated/regions/a/",
            "generated/functions/a/",
            "about/",
            "generated/schema/",
            "",
        )
    ] == ["filing", "department", "collection", "collection", "site", "site", "site"]


def test_a_page_without_article_is_not_indexed(cutters) -> None:  # type: ignore[no-untyped-def]
    assert search_document("<html><body><p>x</p></body></html>", "x/", *cutters) is None


def test_the_index_is_written_beside_the_site(tmp_path: Path) -> None:
    page = tmp_path / "site" / "generated" / "filings" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    (tmp_path / "site" / "assets").mkdir()
    (tmp_path / "site" / "assets" / "index.html").write_text(PAGE, encoding="utf-8")
    assert write_search_index(tmp_path / "site", None) == 1
    bundle = tmp_path / "site" / "pagefind"
    assert (bundle / "pagefind.js").exists()
    assert len(list((bundle / "fragment").iterdir())) == 1
    assert '"und"' in (bundle / "pagefind-entry.json").read_text("utf-8")


def test_pagefind_failing_is_a_site_error_saying_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "site" / "about" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")

    def missing(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1, "", "No module named pagefind\n")

    monkeypatch.setattr(search_index.subprocess, "run", missing)
    with pytest.raises(
        SiteError, match=r"Pagefind failed.*make install.*\nNo module named pagefind"
    ):
        write_search_index(tmp_path / "site", None)
