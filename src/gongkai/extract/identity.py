"""Who, when and what a filing is, as it prints it: department, year, phase, scope and unit, read
from the cover first (its title line), then table captions, table titles and the headings. The
printed values are kept beside the provenance's (``*_printed``); the identity check reports a
provenance that disagrees, and the document's values fill what the provenance leaves out."""

from __future__ import annotations

import re
from typing import Any

from gongkai.extract.results import Filing
from gongkai.model import Document, TableBlock

_DEPARTMENT = re.compile(
    r"^(?:部门(?:名称)?[:：]|编制(?:部门|单位)[:：])?\s*(?:(\d{3,})[-_\s]*)?(\D.+?)(?:\s+单位[:：].*)?$"
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
# A cover's title, its lines joined: 2026年度福州市公安局文职人员管理中心单位预算,
# 湖州市退役军人事务局2026年部门预算, 西安市气象局2022年部门综合预算, 重庆市气象局2026年部门预算情况说明.
_COVER = re.compile(
    r"(?:(?P<year1>20\d{2})年度?(?P<name1>[^\d]{2,40}?)|(?P<name2>[^\d]{2,40}?)(?P<year2>20\d{2})年度?)"
    r"(?P<scope>部门|单位)?(?:综合)?(?P<phase>预算|决算)"
)
# A cover line naming the unit by a label: 上海市2026年市级单位预算 / 预算单位：上海市数据局.
_COVER_LABEL = re.compile(r"^(?:预算主管部门|预算单位|部门名称|单位名称)[:：](?P<name>.+)$")
# A level in the name's place (上海市2026年市级单位预算) names no department.
_LEVEL = re.compile(r"^\D{0,8}?[省市区县]级$")
# What a cover prints before the name: 附件2：, 第一部分, a part's ordinal.
_COVER_PREFIX = re.compile(r"^(?:附件\d*[:：]?|第.部分|[一二三四五六七八九十]+、)+")
# Caption values that are not a name: part headings, empty quotes, a unit caption run on.
_NOT_A_NAME = re.compile(r"^第.部分|^[“”\"\s]*$|^[_\W]|_|表$|\d{3,}|\d\.\d|.{41}")
_CAPTION_TAIL = re.compile(r"\s*(?:金额)?单位[:：].*$")
# Layouts whose unit (万元, 元) is the filing's unit when the provenance names none.
_AMOUNT_LAYOUTS = ("coded", "two_sided", "items")


def metadata_from_captions(captions: list[str], metadata: dict[str, Any]) -> None:
    """Department code and name, year and the assets' date from the tables' caption lines."""
    for text in captions:
        year = _YEAR.search(text)
        if year:
            metadata.setdefault("year_printed", int(year.group(1)))
            continue
        if re.match(r"^(单位|金额单位|截止)", text):
            if text.startswith("截止") and not metadata.get("assets_as_of"):
                metadata["assets_as_of"] = re.sub(r"^截止(时间|日期)[:：]\s*", "", text)
            continue
        department = _DEPARTMENT.match(text)
        if department and not metadata.get("department_name_printed"):
            name = _CAPTION_TAIL.sub("", department.group(2)).strip()
            if _NOT_A_NAME.search(name):
                continue
            metadata["department_code"] = department.group(1)
            metadata["department_name_printed"] = printed_name(name)


def cover_lines(documents: list[Document], most: int = 8) -> list[str]:
    """The text printed on the first page before the contents, a heading or a table."""
    for document in documents:
        lines: list[str] = []
        first_page = next((b.location.page for b in document.blocks), None)
        for block in document.blocks:
            if isinstance(block, TableBlock) or block.location.page != first_page:
                break
            text = re.sub(r"\s+", "", block.text)
            if text.startswith("目录") or re.match(r"^[一二三四五六七八九十]+、", text):
                break
            lines.append(block.text)
            if len(lines) >= most:
                break
        if lines:
            return lines
    return []


def _squeezed(lines: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", line) for line in lines]


def printed_name(name: str) -> str:
    """A name as Chinese prints it: full-width brackets (福州市民政局(本级) is （本级）)."""
    return name.strip().replace("(", "（").replace(")", "）")


def cover_identity(cover: list[str]) -> dict[str, Any]:
    """Department, year, scope and phase from the cover's title (its first lines joined)."""
    labelled = [m.group("name") for m in map(_COVER_LABEL.match, _squeezed(cover)) if m]
    text = "".join(_squeezed(cover))
    # 重庆's covers print the year apart from its 年 (重庆市气象局  年部门预算情况说明 / 2026)
    alone = re.search(r"(?<!\d)(20\d{2})(?![\d年])", text)
    if alone and not re.search(r"20\d{2}年", text):
        text = re.sub(
            r"(?<!\d)年", alone.group(1) + "年", text.replace(alone.group(1), ""), count=1
        )
    match = _COVER.search(text)
    if match is None:
        return {}
    name = _COVER_PREFIX.sub("", (match.group("name1") or match.group("name2")).strip())
    if labelled or _LEVEL.match(name):
        name = labelled[0] if labelled else ""
    found: dict[str, Any] = {
        "year_printed": int(match.group("year1") or match.group("year2")),
        "phase_printed": match.group("phase"),
    }
    if match.group("scope"):
        found["scope_printed"] = match.group("scope")
    if len(name) >= 2 and not _NOT_A_NAME.search(name):
        found["department_name_printed"] = printed_name(name)
    return found


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


def fuller_name(on_cover: str, in_caption: str | None) -> str:
    """A 部门名称 caption names the department formally (中国共产党江苏省委员会办公厅 under a cover
    江苏省委办公厅…), unless it is a shortening of the cover's name (退役军人事务局 under
    湖州市退役军人事务局 2026 年部门预算)."""
    if in_caption and in_caption not in on_cover:
        return in_caption
    return on_cover


def identify(filing: Filing, captions: list[str], cover: list[str] | None = None) -> None:
    """Add what the filing prints about itself to its metadata (``*_printed``), and fill the
    department, year, phase and scope the provenance does not state with it. The cover's title
    decides (a caption may print its name in full); titles and headings fill the rest."""
    meta = filing.metadata
    from_cover = cover_identity(cover or [])
    if "year_printed" in from_cover:
        meta["year_printed"] = from_cover["year_printed"]
    metadata_from_captions(captions, meta)
    on_cover = from_cover.get("department_name_printed")
    if on_cover:
        meta["department_name_printed"] = fuller_name(on_cover, meta.get("department_name_printed"))
    units = [t.unit for t in filing.tables if t.kind.layout in _AMOUNT_LAYOUTS]
    if units and not meta.get("unit"):
        meta["unit"] = max(set(u for u in units if u), key=units.count, default=None)
    meta["phase_printed"] = phase_of(filing) or from_cover.get("phase_printed")
    year, scope = year_and_scope(filing)
    if year is not None and not meta.get("year_printed"):
        meta["year_printed"] = year
    if not meta.get("department_name_printed"):
        name = name_from_titles(filing)
        if name:
            meta["department_name_printed"] = name
    scope = from_cover.get("scope_printed") or scope
    if scope is not None:
        meta["scope_printed"] = scope
        meta.setdefault("scope", scope)
    meta.setdefault("department_name", meta.get("department_name_printed"))
    meta.setdefault("year", meta.get("year_printed"))
    meta.setdefault("phase", meta.get("phase_printed"))
