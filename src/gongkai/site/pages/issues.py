"""The 问题清单 page: every material finding (failing check) across the site, by filing, each
linked to its card on the filing's page."""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import GENERATED_NOTE, check_value, scroll, table
from gongkai.site.read import region_path
from gongkai.site.sections.checks import check_anchor, check_name
from gongkai.site.urls import filing_page_path

_INTRO = (
    "本站逐项核对每份公开文件的数字。下面是所有对不上的地方（“不符”），按文件列出；"
    "点检查名称可以看到它在文件页面上的说明、位置和原文页码。"
    "不符不等于错误已被更正：本站照录原文数字，只指出哪里对不上、差多少。"
    "[核对方法](../method.md)"
)


def _failing(package: Package) -> list[dict[str, object]]:
    return [c for c in package.checks() if c.get("status") == "fail"]


def _filing_block(package: Package) -> list[str]:
    page = filing_page_path(package.filing_id).removeprefix("filings/")
    link = f"filings/{page}"
    failing = _failing(package)
    body = [
        [
            f"[{check_name(c)}]({link}#{check_anchor(c)})",
            labels.check_category(str(c.get("category"))) or esc.cell(c.get("category")),
            check_value(c.get("expected")),
            check_value(c.get("actual")),
            check_value(c.get("difference")),
            f"第{esc.cell(c.get('page'))}页" if c.get("page") not in (None, "") else "",
        ]
        for c in failing
    ]
    region = " › ".join(esc.text(p) for p in region_path(package))
    return [
        f"## {esc.text(package.title)} {{#{esc.slug(package.filing_id)}}}",
        "",
        f"{region + ' · ' if region else ''}{len(failing)}项不符 · [打开文件页面]({link})",
        "",
        scroll(
            table(
                ["检查", "类别", "应为", "实为", "差额", "原文页码"],
                body,
                right=[False, False, True, True, True, False],
            )
        ),
        "",
    ]


def issues_page(packages: Sequence[Package]) -> str:
    """Every failing check of every filing, filings with most findings first."""
    found = [p for p in packages if _failing(p)]
    found.sort(key=lambda p: (-len(_failing(p)), p.title, p.filing_id))
    total = sum(len(_failing(p)) for p in found)
    lines = [
        "---",
        "title: 问题清单",
        f"description: 公开预算文件中数字对不上的{total}处，按文件列出，每处注明应为、实为、差额和原文页码。",
        "---",
        GENERATED_NOTE,
        "# 问题清单",
        "",
        _INTRO,
        "",
        f"共{len(found)}份文件、**{total}项不符**。",
        "",
    ]
    if not found:
        lines += ["目前没有发现不符的数字。", ""]
    for package in found:
        lines += _filing_block(package)
    return "\n".join(lines).rstrip("\n") + "\n"
