"""The narrative (情况说明): sections and paragraphs, department targets, glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.model import Location

_HEADINGS = (
    (1, re.compile(r"^第[一二三四五六七八九十]+部分\s*\S")),
    (2, re.compile(r"^[一二三四五六七八九十]+、\s*\S{2,40}$")),
    (3, re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*\S{1,40}$")),
)


@dataclass
class Paragraph:
    section_no: int
    section_level: int
    heading: str
    paragraph_no: int
    text: str
    location: Location


def heading_level(text: str) -> int | None:
    for level, pattern in _HEADINGS:
        if pattern.match(text) and not text.endswith(("。", "；")):
            return level
    return None


def sections(lines: list[tuple[str, Location]]) -> list[Paragraph]:
    """Split narrative lines into paragraphs under the nearest heading (level 1-3)."""
    paragraphs: list[Paragraph] = []
    section_no, level, heading, number = 0, 0, "", 0
    for text, location in lines:
        found = heading_level(text)
        if found is not None:
            section_no, level, heading, number = section_no + 1, found, text, 0
            paragraphs.append(Paragraph(section_no, level, heading, 0, text, location))
            continue
        number += 1
        paragraphs.append(Paragraph(section_no, level, heading, number, text, location))
    return paragraphs


_TARGET = re.compile(r"^绩效目标(\d+)[:：]\s*(.+)$")
_INDICATOR = re.compile(r"^绩效指标(\d+)[:：]\s*(.+)$")
_GROUP = re.compile(r"^(\d+)[.、．]\s*(\S{2,20})$")


def department_targets(paragraphs: list[Paragraph]) -> list[dict[str, object]]:
    """绩效目标N / 绩效指标N pairs written in the narrative, with the group heading they belong to."""
    records: list[dict[str, object]] = []
    group_no, group = 0, ""
    by_key: dict[tuple[int, int], dict[str, object]] = {}
    for p in paragraphs:
        match_group = _GROUP.match(p.text)
        if match_group and "绩效" not in p.text:
            group_no, group = int(match_group.group(1)), match_group.group(2)
            continue
        target = _TARGET.match(p.text)
        indicator = _INDICATOR.match(p.text)
        if not (target or indicator):
            continue
        match = target or indicator
        assert match is not None
        key = (group_no, int(match.group(1)))
        record = by_key.get(key)
        if record is None:
            record = {
                "group_no": group_no,
                "group": group,
                "target_no": key[1],
                "target": None,
                "indicator": None,
                "source_line": p.location.line,
                "page": p.location.page,
            }
            by_key[key] = record
            records.append(record)
        record["target" if target else "indicator"] = match.group(2).strip()
    return records


# 1、term：definition, 一、term：…, （一）term：… (江苏, 广东, 上海 print all three).
_GLOSSARY_ITEM = re.compile(
    r"^(?:\d+[、.．]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)][、.．]?)"
    r"\s*(.{1,45}?)[:：]\s*(.*)$"
)


_PAGE_NUMBER = re.compile(r"^[\s\d\-—－]+$")


def _glossary_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs after a 名词解释 heading up to the next heading that is not an item (an
    item short enough to look like a heading, 四、其他资金：…, is still an item)."""
    found: list[Paragraph] = []
    level: int | None = None
    for p in paragraphs:
        heading = p.paragraph_no == 0
        if heading and "名词解释" in p.text:
            level = p.section_level
            continue
        if re.fullmatch(r"\s*名\s*词\s*解\s*释\s*", p.text):
            # 上海 prints 名词解释 as a plain centred line: any heading that is no item ends it
            level = 3
            continue
        if level is None:
            continue
        if heading and p.section_level <= level and not _GLOSSARY_ITEM.match(p.text):
            level = None
            continue
        found.append(p)
    return found


def glossary(paragraphs: list[Paragraph]) -> list[dict[str, object]]:
    """Terms of the 名词解释 section; a line that is no item continues an unfinished definition
    above (a definition wraps over lines in PDFs), after a finished one it ends the glossary."""
    records: list[dict[str, object]] = []
    for p in _glossary_paragraphs(paragraphs):
        match = _GLOSSARY_ITEM.match(p.text)
        if match is None:
            if _PAGE_NUMBER.match(p.text) or not records:
                continue
            definition = str(records[-1]["definition"])
            if definition.endswith("。") or heading_level(p.text):
                break  # the definition was complete: this line begins what follows the glossary
            records[-1]["definition"] = f"{definition}{p.text.strip()}"
            continue
        records.append(
            {
                "term_no": len(records) + 1,
                "term": match.group(1).strip(),
                "definition": match.group(2).strip(),
                "term_plain": match.group(1).strip().strip('“”"'),
                "source_line": p.location.line,
                "page": p.location.page,
            }
        )
    return records
