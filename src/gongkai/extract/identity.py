"""Who, when and what a filing is, as it prints it: department, year, phase, scope and unit, read
from table captions, table titles, the cover and the headings; provenance values win."""

from __future__ import annotations

import re
from typing import Any

from gongkai.extract.results import Filing

_DEPARTMENT = re.compile(
    r"^(?:部门(?:名称)?[:：]|编制(?:部门|单位)[:：])?\s*(\d{3,})?\s*(\D.+?)(?:\s+单位[:：].*)?$"
)
_YEAR = re.compile(r"(?:预算年度|年度)[:：]\s*(\d{4})")
# A filing's own year and scope as its cover, headings and table titles print them:
# 上海市普陀区社会福利院2024年单位预算, 2024年预算单位财务收支预算总表, 十二、2017年部门政府采购….
# Prose compares with other years (比2016年预算增加…): only titles and headings vote.
_TITLE_YEAR = re.compile(
    r"(20\d{2})\s*年度?\s*(?:部门|单位|预算单位|政府采购|[^\d，。,；]{0,12}?)(?:预算|决算)"
)
_UNIT_SCOPE = re.compile(r"单位预算|预算单位|单位决算|决算单位")
_DEPARTMENT_SCOPE = re.compile(r"部门预算|部门决算|部门财务|部门收支|部门收入|部门支出")
# 上海市普陀区财政局2024年度部门决算, 第二部分江苏省高级人民法院2017年度部门预算表,
# 2017年度江苏省高级人民法院部门预算公开: the department's name around the year.
_NAME_TITLE = re.compile(
    r"^(?:第.部分)?(?:(?P<before>[^\d\s]{4,40}?)20\d{2}年度?|20\d{2}年度?(?P<after>[^\d\s]{4,40}?))"
    r"(?:部门|单位)(?:预算|决算)"
)
# Layouts whose unit (万元, 元) is the filing's unit when the provenance names none.
_AMOUNT_LAYOUTS = ("coded", "two_sided", "items")


def metadata_from_captions(captions: list[str], metadata: dict[str, Any]) -> None:
    """Department code and name, year and the assets' date from the tables' caption lines."""
    for text in captions:
        year = _YEAR.search(text)
        if year and not metadata.get("year_printed"):
            metadata["year_printed"] = int(year.group(1))
            continue
        if re.match(r"^(单位|金额单位|截止)", text):
            if text.startswith("截止") and not metadata.get("assets_as_of"):
                metadata["assets_as_of"] = re.sub(r"^截止(时间|日期)[:：]\s*", "", text)
            continue
        department = _DEPARTMENT.match(text)
        if department and not metadata.get("department_name_printed"):
            metadata["department_code"] = department.group(1)
            metadata["department_name_printed"] = department.group(2).strip()


def _cover_and_headings(filing: Filing) -> tuple[list[str], list[str]]:
    cover = [p.text for p in filing.paragraphs if p.section_no == 0][:3]
    headings = [p.text for p in filing.paragraphs if p.section_no > 0 and p.paragraph_no == 0]
    return cover, headings


def name_from_titles(filing: Filing) -> str | None:
    """The department or unit named in the cover or part titles, when no caption names it."""
    cover, headings = _cover_and_headings(filing)
    names = []
    for text in cover + headings:
        match = _NAME_TITLE.match(re.sub(r"\s+", "", text))
        if match:
            names.append(match.group("before") or match.group("after"))
    return max(sorted(set(names)), key=names.count) if names else None


def year_and_scope(filing: Filing) -> tuple[int | None, str | None]:
    """Table titles decide; without a year in any title, the cover (its first lines) and the
    headings do (section 0 of a PDF also holds the prose before the first heading found)."""
    titles = [t.title for t in filing.tables]
    cover, headings = _cover_and_headings(filing)
    year: int | None = None
    for texts in (titles, cover + headings):
        years = [int(m.group(1)) for text in texts for m in _TITLE_YEAR.finditer(text)]
        if years:
            year = max(sorted(set(years)), key=years.count)
            break
    texts = titles + cover + headings
    units = sum(len(_UNIT_SCOPE.findall(text)) for text in texts)
    departments = sum(len(_DEPARTMENT_SCOPE.findall(text)) for text in texts)
    scope = None if units == departments else ("单位" if units > departments else "部门")
    return year, scope


def phase_of(filing: Filing) -> str | None:
    titles = "".join(t.title for t in filing.tables)
    if "决算" in titles:
        return "决算"
    if "预算" in titles:
        return "预算"
    return None


def identify(filing: Filing, captions: list[str]) -> None:
    """Add what the filing prints about itself to its metadata (``*_printed``), and fill the
    department, year, phase and scope the provenance does not state with it."""
    meta = filing.metadata
    metadata_from_captions(captions, meta)
    units = [t.unit for t in filing.tables if t.kind.layout in _AMOUNT_LAYOUTS]
    if units and not meta.get("unit"):
        meta["unit"] = max(set(u for u in units if u), key=units.count, default=None)
    meta["phase_printed"] = phase_of(filing)
    year, scope = year_and_scope(filing)
    if year is not None and not meta.get("year_printed"):
        meta["year_printed"] = year
    if not meta.get("department_name_printed"):
        name = name_from_titles(filing)
        if name:
            meta["department_name_printed"] = name
    if scope is not None:
        meta["scope_printed"] = scope
        meta.setdefault("scope", scope)
    meta.setdefault("department_name", meta.get("department_name_printed"))
    meta.setdefault("year", meta.get("year_printed"))
    meta.setdefault("phase", meta.get("phase_printed"))
