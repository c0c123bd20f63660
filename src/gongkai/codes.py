"""Budget classification codes: function (支出功能分类) and economic (部门经济分类) codes, levels, parents."""

from __future__ import annotations

import re

LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}
TOTAL_LEVEL = "合计"

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
# Split codes: a 款 or 项 part printed as one digit (万里街道 2024 prints 301 | 2 for 30102)
# is that part without its leading zero; 款 and 项 are always two digits.
_SPLIT_CODE = re.compile(r"^(\d{3})(?:\s+(\d{1,2}))?(?:\s+(\d{1,2}))?$")
# 2010506统计管理, 30101-基本工资 (北京 joins code and name with a hyphen)
# 广东 prints the code in brackets before the name: [2010401]行政运行
_GLUED = re.compile(r"^\[?(\d{3}(?:\d{2}){0,2})\]?\s*[-－—]?\s*([^\d\s\-－—\]].*)$")

# Function classes (类) by their usual printed names, for lines of the summary tables that carry
# no code. Names of the same code change over the years; several variants map to one code.
FUNCTION_CLASSES: dict[str, str] = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "社会保险基金支出": "209",
    "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210",
    "医疗卫生支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "预备费": "227",
    "其他支出": "229",
    "转移性支出": "230",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
}

_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、\s*|^\d+[.、．]\s*")


def strip_ordinal(label: str) -> str:
    """``五、教育支出`` -> ``教育支出``; ``1.一般公共预算`` -> ``一般公共预算``."""
    return _ORDINAL.sub("", label.strip()).strip()


def has_ordinal(label: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十]+、", label.strip()))


def function_class_code(label: str) -> str | None:
    return FUNCTION_CLASSES.get(strip_ordinal(label))


def is_code(text: str) -> bool:
    return bool(_CODE.match(text.strip()))


def parse_code(code_cell: str, name_cell: str) -> tuple[str | None, str]:
    """Return (code, name) from the printed code and name cells.

    Handles codes split by spaces (``208 05 05``) and codes glued to the name
    (``2010506统计管理`` or ``[2010506]统计管理`` in the name cell, or in the code cell with an
    empty name).
    """
    code_text = re.sub(r"\s+", " ", code_cell.strip())
    name = name_cell.strip()
    if code_text:
        if _CODE.match(code_text):
            return code_text, name
        split = _SPLIT_CODE.match(code_text)
        if split:
            head, *parts = split.groups()
            return head + "".join(part.zfill(2) for part in parts if part), name
        glued = _GLUED.match(code_text)
        if glued and not name:
            return glued.group(1), glued.group(2).strip()
        return None, name or code_text
    glued = _GLUED.match(name)
    if glued:
        return glued.group(1), glued.group(2).strip()
    return None, name


def level_of(code: str | None) -> str | None:
    if code is None:
        return None
    return LEVEL_BY_LENGTH.get(len(code))


def parent_of(code: str | None) -> str | None:
    if code is None or len(code) <= 3:
        return None
    return code[: len(code) - 2]
