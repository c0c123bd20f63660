"""Staff counts a filing prints in its narrative (编制人数, 实有人数), read as data with the words
as printed and their page, so that spending per staff member names the count it divides by.

Filings print them in prose, in the 机构设置 or 人员情况 part: ``本部门在职人员编制408人，其中行政
编制91人、事业编制317人；实有在职人员380人`` (西安), ``编制 339 名，其中…。实际在编在职人员 274 名``
(江苏人大). Two kinds never mix: 编制 (the establishment: posts approved) and 实有 (people in
post). A count is read only where the words right before it name one of them; the parts of a
total (其中…) and retired staff (离退休) are not counts of the body; and where a statement speaks
of 本部门, counts of single units elsewhere (a sub-unit's 编制人数 8 人) are not the department's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

AUTHORIZED = "编制"  # posts approved (编制数)
ACTUAL = "实有"  # people in post
KINDS = (AUTHORIZED, ACTUAL)

# The words before a count (no punctuation between), the count and its measure word.
_COUNT = re.compile(
    r"(?P<words>[^，,。；;、：:（）()\d]{1,40}?)[：:]?\s*(?P<count>\d{1,6})\s*(?:人|名)(?!次)"
)
# Words that may stand between the noun and the count: 编制人员共有 145 人, 其他人员等共 156 人.
_LINK = re.compile(r"(?:等|共有|共计|合计|总计|总数|共|为|是|有|达)+$")
_AUTHORIZED_NOUN = re.compile(r"(?:编制|编制数|编制人数|编制总数)$")
_PEOPLE_NOUN = re.compile(r"(?:人员|人数)$")
# A count of people is of those in post only when the words say so.
_IN_POST = re.compile(r"实有|实际|在职|在编|现有|其他人员")
_RETIRED = re.compile(r"离休|退休|离退")
_PARTS = re.compile(r"其中.*$")
_WHOLE_BODY = "本部门"


@dataclass(frozen=True)
class StaffCount:
    """One staff count as printed: which kind, the number, the words and where they stand."""

    kind: str  # AUTHORIZED or ACTUAL
    count: int
    printed: str  # the words as printed, e.g. 在职人员编制408人
    page: int | None
    paragraph_id: int | None


def kind_of(words: str) -> str | None:
    """The kind of count the words before a number name (编制, 实有), or None."""
    words = _LINK.sub("", re.sub(r"\s+", "", words))
    if _RETIRED.search(words):
        return None
    if _AUTHORIZED_NOUN.search(words):
        return AUTHORIZED
    if _PEOPLE_NOUN.search(words) and _IN_POST.search(words):
        return ACTUAL
    return None


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _sections(rows: Iterable[Mapping[str, str]]) -> list[list[Mapping[str, str]]]:
    """The narrative's paragraphs grouped by section, headings left out: a sentence the page
    layout broke into two paragraphs (…；实有 | 在职人员380人) is read whole."""
    found: dict[str, list[Mapping[str, str]]] = {}
    for row in rows:
        if str(row.get("paragraph_no") or "") == "0" or not row.get("text"):
            continue
        found.setdefault(str(row.get("section_no") or ""), []).append(row)
    return list(found.values())


def _counts_in(paragraphs: list[Mapping[str, str]]) -> list[tuple[bool, StaffCount]]:
    """(speaks of 本部门, count) for every count of a section, in printed order."""
    text, starts = "", []
    for row in paragraphs:
        starts.append((len(text), row))
        text += str(row.get("text"))
    found = []
    offset = 0
    for statement in re.split(r"(?<=。)", text):
        whole_body = _WHOLE_BODY in statement
        position = offset
        for clause in re.split(r"(?<=[；;])", statement):
            for match in _COUNT.finditer(_PARTS.sub("", clause)):
                kind = kind_of(match.group("words"))
                if kind is None:
                    continue
                at = position + match.start("count")
                row = next(r for start, r in reversed(starts) if start <= at)
                printed = re.sub(r"\s+", "", match.group(0))
                count = StaffCount(
                    kind,
                    int(match.group("count")),
                    printed,
                    _int(row.get("page")),
                    _int(row.get("paragraph_id")),
                )
                found.append((whole_body, count))
            position += len(clause)
        offset += len(statement)
    return found


def staff_counts(narrative: Iterable[Mapping[str, str]]) -> list[StaffCount]:
    """The department's staff counts from the rows of a package's narrative resource: at most
    one of each kind (the first printed), 编制 before 实有; none when the filing prints none."""
    found = [pair for section in _sections(narrative) for pair in _counts_in(section)]
    if any(whole_body for whole_body, _ in found):
        found = [pair for pair in found if pair[0]]
    first: dict[str, StaffCount] = {}
    for _, count in found:
        if count.count > 0:
            first.setdefault(count.kind, count)
    return [first[kind] for kind in KINDS if kind in first]
