"""Staff counts read from a filing's narrative (gongkai.extract.staff) and the figures per staff
member (gongkai.figures): exact values of real filings, quoted as their narrative resource holds
them (paragraph split at a line break included), and one real PDF converted end to end."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from gongkai import paths
from gongkai.collection import combine
from gongkai.datapackage import Row, load_package
from gongkai.extract.staff import ACTUAL, AUTHORIZED, StaffCount, kind_of, staff_counts
from gongkai.figures import per_staff
from gongkai.site.corpus import Filing
from gongkai.site.pages.department import PER_STAFF_NOTE, department_page
from tests.corpus import convert_corpus


def narrative(*paragraphs: tuple[int, int, str], section: int = 1) -> list[Row]:
    """Narrative rows: (paragraph_id, page, text) of one section, after its heading."""
    heading = Row(paragraph_id="0", section_no=str(section), paragraph_no="0", text="人员情况")
    rows = [heading]
    for number, (paragraph_id, page, text) in enumerate(paragraphs, start=1):
        rows.append(
            Row(
                paragraph_id=str(paragraph_id),
                section_no=str(section),
                paragraph_no=str(number),
                text=text,
                page=str(page),
            )
        )
    return rows


def test_xian_hrss_2020_both_counts_across_a_paragraph_break() -> None:
    # 西安市人社局 2020 p.10: the sentence breaks after 实有; the 机构设置 (p.4) names the
    # 机关's 行政编制 91人 only, and the 其中 parts are not counts of the department.
    rows = [
        *narrative((37, 4, "西安市人力资源和社会保障局共设置18个处（室），行政编制91人。")),
        *narrative(
            (
                53,
                10,
                "截止2019年底，本部门在职人员编制408人，其中行政编制91人、事业编制317人；实有",
            ),
            (54, 10, "在职人员380人，其中行政89人,事业291人；单位管理的离退休人员203人。"),
            section=2,
        ),
    ]
    assert staff_counts(rows) == [
        StaffCount(AUTHORIZED, 408, "本部门在职人员编制408人", 10, 53),
        StaffCount(ACTUAL, 380, "实有在职人员380人", 10, 54),
    ]


def test_jiangsu_npc_office_2017_establishment_and_people_in_post() -> None:
    text = (
        "省人大常委会下设办公厅、研究室和3个专门委员会、8个工作委员会，现有38个处室及机关党委，"
        "编制339名，其中行政编制199名、行政附属编制104名、事业编制36名。实际在编在职人员274名，"
        "离退休人员150名。"
    )
    assert staff_counts(narrative((20, 6, text))) == [
        StaffCount(AUTHORIZED, 339, "编制339名", 6, 20),
        StaffCount(ACTUAL, 274, "实际在编在职人员274名", 6, 20),
    ]


def test_a_sub_units_counts_are_not_the_departments() -> None:
    # 西安市气象局 2022 p.7: 本部门's people in post; the 人影中心's 编制人数 8 人 is one unit's.
    rows = narrative(
        (30, 7, "截止2021年底，本部门气象部门编制在职人员共有145人，其中参公人员47人、事业"),
        (31, 7, "单位人员98人。单位管理的离退休人员67人。"),
        (32, 8, "截止2021年底，西安市人工影响天气服务保障中心编制人数8人，实有人员7人。"),
    )
    assert staff_counts(rows) == [
        StaffCount(ACTUAL, 145, "本部门气象部门编制在职人员共有145人", 7, 30)
    ]


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("江苏省人民检察院行政政法人员编制", AUTHORIZED),  # 江苏检察院 2017
        ("行政和事业编制人员以及其他人员等共", ACTUAL),  # 深圳市政府办公厅 2026
        ("本部门人员编制", AUTHORIZED),
        ("编制人员", None),  # posts or people: not said
        ("单位管理的离退休人员", None),
        ("主要原因是调出", None),
        ("江苏省联谊俱乐部在职", None),  # 在职 7 名人员: a unit's, and no noun before the count
    ],
)
def test_the_words_before_a_count_name_its_kind(words: str, kind: str | None) -> None:
    assert kind_of(words) == kind


def test_a_count_after_a_colon() -> None:
    rows = narrative((9, 2, "人员情况：编制人数：8人；在编人员：7人。"))
    assert staff_counts(rows) == [
        StaffCount(AUTHORIZED, 8, "编制人数：8人", 2, 9),
        StaffCount(ACTUAL, 7, "在编人员：7人", 2, 9),
    ]


def test_no_count_where_none_is_printed() -> None:
    rows = narrative((5, 3, "主要原因是新增1人。表彰奖励人数不超过300人。培训200人次。"))
    assert staff_counts(rows) == []


def figure(name: str, item: str, amount: str, unit: str, table: str, measure: str) -> dict:
    return {"figure": name, "item": item, "amount": amount, "unit": unit} | {
        "share": "",
        "base": "",
        "table_id": table,
        "measure": measure,
    }


def test_per_staff_by_each_count_never_mixed() -> None:
    found = [
        figure("total", "支出总计", "182157.13", "万元", "income_expenditure_summary", "amount"),
        figure("basic_project", "基本支出", "12000.00", "万元", "expenditure_by_function", "total"),
        figure("three_public", "小计", "10.00", "万元", "three_public_expenses", "budget_amount"),
        figure("three_public", "小计", "66.57", "万元", "three_public_expenses", "total"),
        figure("staff", "编制人数", "408", "人", "narrative", "第10页：本部门在职人员编制408人"),
        figure("staff", "实有人数", "380", "人", "narrative", "第10页：实有在职人员380人"),
    ]
    assert [(f["item"], f["amount"], f["unit"], f["measure"]) for f in per_staff(found)] == [
        ("支出合计÷编制人数", "4464635.54", "元", "amount"),
        ("支出合计÷实有人数", "4793608.68", "元", "amount"),
        ("基本支出÷编制人数", "294117.65", "元", "total"),
        ("基本支出÷实有人数", "315789.47", "元", "total"),
        ("“三公”经费÷编制人数", "1631.62", "元", "total"),  # the 决算数, never the 预算数
        ("“三公”经费÷实有人数", "1751.84", "元", "total"),
    ]
    assert per_staff(found[:4]) == []


NPC_2017 = "jiangsu_2017_renda-bangongting_budget"
KEY_COLUMNS = [
    "staff_authorized",
    "staff_actual",
    *(
        f"{f}_per_{k}_staff_yuan"
        for f in ("total", "basic", "three_public")
        for k in ("authorized", "actual")
    ),
]


@pytest.mark.realpdf
@pytest.mark.skipif(
    not (paths.FILINGS / "jiangsu").is_dir(), reason="filings/jiangsu is not available"
)
def test_real_filing_staff_figures_and_key_figures(tmp_path: Path) -> None:
    out = tmp_path / "packages"
    convert_corpus([NPC_2017], out)
    rows = load_package(out / NPC_2017).rows("figures")
    staff = [(r["item"], r["amount"], r["measure"]) for r in rows if r["figure"] == "staff"]
    assert staff == [
        ("编制人数", "339", "第6页：编制339名"),
        ("实有人数", "274", "第6页：实际在编在职人员274名"),
    ]
    target = combine(out)
    assert target is not None
    key = pd.read_parquet(target / "parquet" / "key_figures.parquet").iloc[0]
    # 支出合计 13649.07 万元 ÷ 339 and ÷ 274; 基本支出 7666.68; “三公”经费 833.60 (p.2, p.12)
    assert key[KEY_COLUMNS].to_dict() == {
        "staff_authorized": 339,
        "staff_actual": 274,
        "total_per_authorized_staff_yuan": Decimal("402627.4300"),
        "total_per_actual_staff_yuan": Decimal("498141.2400"),
        "basic_per_authorized_staff_yuan": Decimal("226155.7500"),
        "basic_per_actual_staff_yuan": Decimal("279805.8400"),
        "three_public_per_authorized_staff_yuan": Decimal("24589.9700"),
        "three_public_per_actual_staff_yuan": Decimal("30423.3600"),
    }


def npc(year: int, figures: dict[str, str]) -> Filing:
    return Filing(
        filing_id=f"jiangsu_{year}_renda-bangongting_budget",
        department_id="江苏省人大常委会办公厅",
        department_name="江苏省人大常委会办公厅",
        region=("江苏省",),
        level="省级",
        year=year,
        phase="预算",
        scope="部门",
        title=f"{year}年部门预算",
        unit="万元",
        checks_failed=0,
        figures={key: Decimal(value) for key, value in figures.items()},
    )


def test_department_page_lines_up_per_staff_figures_by_count() -> None:
    # 江苏人大 2017 prints 编制339名 and 274 in post, 2018 编制338名 only (支出合计 13649.07 and
    # 15897.44 万元): the 2018 实有 cells are blank, never the 编制 figure.
    filings = [
        npc(
            2017,
            {
                "total_yuan": "136490700",
                "staff_authorized": "339",
                "staff_actual": "274",
                "total_per_authorized_staff_yuan": "402627.43",
                "total_per_actual_staff_yuan": "498141.24",
            },
        ),
        npc(
            2018,
            {
                "total_yuan": "158974400",
                "staff_authorized": "338",
                "total_per_authorized_staff_yuan": "470338.46",
            },
        ),
    ]
    page = department_page("江苏省人大常委会办公厅", filings, {}, {})
    rows = [line for line in page.splitlines() if line.startswith(("| 编制", "| 实有", "| 人均"))]
    assert rows == [
        "| 编制人数（人） | 338<br><small>比上年−1（−0.3%）</small> | 339 |",
        "| 实有人数（人） | — | 274 |",
        "| 人均支出合计（元，按编制人数） | 470,338.46<br><small>比上年+67,711.03（+16.8%）</small> "
        "| 402,627.43 |",
        "| 人均支出合计（元，按实有人数） | — | 498,141.24 |",
    ]
    assert PER_STAFF_NOTE in page
