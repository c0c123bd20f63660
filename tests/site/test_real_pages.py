"""Filing pages of real PDFs (Jiangsu 12-table budget in two files, Shanghai budget in 元, the
Shanghai 部门决算): the 30-second summary states what each filing prints, never "—（0%）" for what
it does not, and every table links to its page of the original.

The three filings are converted once per session from ../shared/data-fetched (as in
tests/test_real_pdfs.py); the figures below were read off the PDFs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai import paths
from gongkai.site import build
from gongkai.site.urls import filing_page_path
from tests.corpus import convert_corpus

DATA = paths.SHARED / "data-fetched"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "real_filings.yaml"
JIANGSU = "jiangsu_2019_renda-bangongting_budget"  # narrative and tables as two PDFs
SHANGHAI = "shanghai-putuo_2024_fuliyuan_budget"  # amounts in 元, 三公 in 万元
FINAL = "shanghai-putuo_2024_caizhengju_final"  # 决算: two-panel basic table, 预算数/决算数
FILINGS = (JIANGSU, SHANGHAI, FINAL)

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data-fetched is not available"),
]


@pytest.fixture(scope="session")
def real_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Filing id -> Markdown page, written by the site build from freshly converted packages."""
    root = tmp_path_factory.mktemp("real_site")
    convert_corpus(list(FILINGS), root / "packages")  # the corpus's provenance, filings/<region>/
    build.write_pages(root / "packages", root / "generated")
    return {
        filing_id: (root / "generated" / filing_page_path(filing_id)).read_text("utf-8")
        for filing_id in FILINGS
    }


def _summary(page: str) -> str:
    return page.split("## 30秒读懂", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("filing_id", FILINGS)
def test_summary_never_prints_zero_for_unprinted_data(
    real_pages: dict[str, str], filing_id: str
) -> None:
    summary = _summary(real_pages[filing_id])
    assert "—（" not in summary
    assert "（0%）" not in summary
    for fact in ("总额**", "**钱从哪里来**", "**花在哪里**", "**基本支出与项目支出**"):
        assert fact in summary
    for fact in ("**人员经费与公用经费**", "**“三公”经费**"):
        assert fact in summary


def _shares(line: str) -> list[float]:
    return [float(x) for x in re.findall(r"(\d+(?:\.\d)?)%", line)]


@pytest.mark.parametrize("filing_id", FILINGS)
def test_income_shares_add_up_to_100(real_pages: dict[str, str], filing_id: str) -> None:
    line = next(x for x in _summary(real_pages[filing_id]).splitlines() if "钱从哪里来" in x)
    assert abs(sum(_shares(line)) - 100) <= 0.2, line


def test_jiangsu_summary(real_pages: dict[str, str]) -> None:
    summary = _summary(real_pages[JIANGSU])
    assert '<span class="gk-total">18,330.37万元</span>（支出合计）' in summary
    # 基本/项目 from the one-row 支出预算总表 (the 一般公共预算 table prints only 合计).
    assert (
        "基本支出（保运转）9,312.90万元（50.8%），项目支出（办事业）6,459.58万元（35.2%），"
        "单位预留机动经费2,557.89万元（14.0%）" in summary
    )
    # Jiangsu's basic table prints no 人员经费/公用经费 columns: said so, with its classes.
    assert "原文未分列（未公开）" in summary
    assert "工资福利支出6,481.41万元（69.6%）" in summary
    assert "“三公”经费**：767.60万元" in summary
    assert "会议费1,469.73万元，培训费363.38万元" in summary


def test_shanghai_summary_in_yuan(real_pages: dict[str, str]) -> None:
    summary = _summary(real_pages[SHANGHAI])
    assert '<span class="gk-total">12,121,164元</span>（约1,212.12万元，支出总计）' in summary
    assert "财政拨款收入9,501,164元（约950.12万元，78.4%）" in summary
    assert "人员经费7,380,214元（约738.02万元，77.7%）" in summary
    assert "公用经费2,120,950元（约212.10万元，22.3%）" in summary
    assert "“三公”经费**：6.4万元" in summary  # printed in 万元 in a filing otherwise in 元


def test_final_summary(real_pages: dict[str, str]) -> None:
    summary = _summary(real_pages[FINAL])
    assert '<span class="gk-total">2,940.05万元</span>（本年支出合计）' in summary
    # Shares of 收入总计 2,995.39 = 2,940.05 + 49.14 + 6.20, not of the expenditure.
    assert (
        "一般公共预算财政拨款收入2,940.05万元（98.2%），年初结转和结余49.14万元（1.6%），"
        "其他收入6.20万元（0.2%）" in summary
    )
    # The two panels of the basic table: 人员经费合计 left, 公用经费合计 right.
    assert "人员经费2,152.26万元（92.1%），公用经费184.65万元（7.9%）" in summary
    assert "预算数0.95万元，决算数原表空白" in summary


def _table_blocks(page: str) -> Iterator[tuple[str, str]]:
    """(title, block) of each folded table: a <details class="gk-fold gk-table"> whose summary
    is the title followed by its row count."""
    tables = page.split("## 公开表格", 1)[1].split("\n## ", 1)[0]
    for block in tables.split('<details class="gk-fold gk-table"')[1:]:
        yield block.split("<summary>", 1)[1].split("<small>", 1)[0], block


@pytest.mark.parametrize(
    ("filing_id", "original", "expected"),
    [
        (
            JIANGSU,
            f"{JIANGSU}-2.pdf",  # 江苏省人大办公厅__…2019年部门预算公开表.pdf,
            {"收支预算总表": [1], "“三公”经费、会议费、培训费支出预算表": [9]},
        ),
        (
            SHANGHAI,
            f"{SHANGHAI}.pdf",
            {"2024年预算单位财务收支预算总表": [7], "单位“三公”经费和机关运行经费预算表": [15]},
        ),
        (
            FINAL,
            f"{FINAL}.pdf",
            {
                "一般公共预算财政拨款基本支出决算表": [16, 17],
                "财政拨款“三公”经费支出决算表": [18],
            },
        ),
    ],
)
def test_every_table_links_its_pages(
    real_pages: dict[str, str], filing_id: str, original: str, expected: dict[str, list[int]]
) -> None:
    from urllib.parse import quote

    blocks = dict(_table_blocks(real_pages[filing_id]))
    assert len(blocks) >= 9
    target = f"../files/{filing_id}/original/{quote(original)}#page="
    for title, block in blocks.items():
        assert target in block, title  # every table: its page(s) in the right file
    for title, wanted in expected.items():
        block = blocks[title]
        assert [int(p) for p in re.findall(r"#page=(\d+)", block)] == wanted, title


def test_rounding_differences_are_counted_apart(real_pages: dict[str, str]) -> None:
    """The 决算 prints 208 类 as 0.01 more in 收支总表 and 财政拨款收支总表 than in the expenditure
    tables (pages 6 and 12): two 尾差, counted beside its two material failures, never in them."""
    line = next(x for x in real_pages[FINAL].splitlines() if x.startswith("- **数字核对**"))
    assert re.fullmatch(
        r"- \*\*数字核对\*\*：共\d+项检查，\*\*2项不符\*\*，见\[不符的检查\]\(#findings\)；"
        r"另有\[2项尾差\]\(#findings-rounding\)（舍入差异）。",
        line,
    ), line
    assert (
        'description: "上海市普陀区财政局2024年部门决算：总额2,940.05万元，2项数字核对不符（另有2项尾差）。'
        in (real_pages[FINAL])
    )
