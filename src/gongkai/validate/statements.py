"""The numeric statements of a narrative: each quoted number with its subject, kind, direction word,
the year it is about and the reason given for it (words from templates/claims.yaml `statements`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from gongkai.datapackage import Package, Row, in_wan_yuan
from gongkai.validate.rules import claims_spec

NUMBER = re.compile(r"(?P<number>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|%|％)")


@dataclass(frozen=True)
class Words:
    """The word patterns that classify a statement (claims.yaml `statements`)."""

    direction: re.Pattern[str]
    change: re.Pattern[str]
    ratio: re.Pattern[str]
    share: re.Pattern[str]
    prior_year: re.Pattern[str]
    same_year_base: re.Pattern[str]
    reason: re.Pattern[str]
    connectors: re.Pattern[str]
    trailing: re.Pattern[str]
    threshold_before: re.Pattern[str]
    threshold_after: re.Pattern[str]


@cache
def words() -> Words:
    spec: dict[str, Any] = claims_spec()["statements"]
    return Words(**{name: re.compile(spec[name]) for name in Words.__dataclass_fields__})


@dataclass
class Statement:
    """One number quoted in the narrative and what the words around it say about it."""

    claim_id: str
    paragraph: Row
    clause: str
    clause_offset: int
    position: int  # offset of the number in the paragraph
    context: str  # the words since the previous number of the clause
    printed: str
    value: Decimal
    unit: str
    kind: str
    direction: str
    reference_year: int | None
    subject: str
    reason: str = ""
    filing_year: int | None = None
    page: str = ""  # the page the number is printed on (a joined paragraph spans two)
    source_line: str = ""
    before: list[Statement] = field(default_factory=list, repr=False)  # earlier in the section

    @property
    def quoted(self) -> str:
        return f"{self.context.strip('，,（(：:）) ')}{self.printed}{self.unit}"

    @property
    def wan_yuan(self) -> Decimal:
        return in_wan_yuan(self.value, self.unit)

    def half_unit(self) -> Decimal:
        """Half a unit of the last printed digit, in 万元 for amounts (the rounding of the quote)."""
        places = -self.value.as_tuple().exponent  # type: ignore[operator]
        half = Decimal(5).scaleb(-int(places) - 1)
        return half if self.unit in ("%", "％") else in_wan_yuan(half, self.unit)


def statements(package: Package) -> list[Statement]:
    """Every number with a unit quoted in the narrative's paragraphs, in reading order."""
    year = package.meta.get("year")
    found: list[Statement] = []
    section: list[Statement] = []
    heading: str | None = None
    for paragraph, pieces in paragraphs(package):
        if paragraph.text("heading") != heading:
            heading, section = paragraph.text("heading"), []
        text = paragraph.text("text") or ""
        for offset, clause in clauses(text):
            for statement in _clause_statements(paragraph, text, offset, clause, year):
                statement.page, statement.source_line = _where(pieces, statement.position)
                statement.before = list(section)
                section.append(statement)
                found.append(statement)
    return found


# A line that is only a page number (4, - 4 -, —4—): printed between the halves of a paragraph.
_PAGE_NUMBER = re.compile(r"^[\s\d\-—－]+$")
# A paragraph that ends a sentence (or a heading-like lead-in: 其中：) is complete.
_COMPLETE = re.compile(r"[。；;！？!?：:]\s*$")
# A line that opens an enumerated item (（二）, 2., 2、) begins a paragraph of its own.
_ITEM = re.compile(
    r"^\s*([（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|[一二三四五六七八九十]+、)"
)


def paragraphs(package: Package) -> list[tuple[Row, list[tuple[int, Row]]]]:
    """The narrative's paragraphs (headings left out) with a paragraph cut at a page or line
    break joined to its continuation: the reading splits 比上年增加 | 95.68万元，增长9.2% at a
    page break, and a number's subject and comparison are in the first half. Each paragraph is
    (row with the joined text and the first half's id, [(offset, original row)])."""
    joined: list[tuple[Row, list[tuple[int, Row]]]] = []
    rows = package.rows("narrative")
    # A line printed on many pages (苏州市…2026年度部门预算公开) is a running header or footer.
    repeated = Counter(r.text("text") for r in rows if not re.search(r"[。，,；;]", r["text"]))
    for row in rows:
        text = row.text("text") or ""
        if row.text("paragraph_no") == "0" or _PAGE_NUMBER.match(text) or repeated[text] >= 3:
            continue
        if joined and _continues(joined[-1][0], row):
            first, pieces = joined[-1]
            pieces.append((len(first["text"]), row))
            first["text"] += text
            continue
        joined.append((Row(row), [(0, row)]))
    return joined


def _continues(before: Row, row: Row) -> bool:
    """``row`` continues the paragraph ``before``: same section, ``before`` stops mid-sentence
    and ``row`` opens no enumerated item."""
    text = before.text("text") or ""
    # An item's title line (2.支出说明) ends without a stop and is no cut sentence.
    title = _ITEM.match(text) and not re.search(r"[，,、]", text) and len(text) <= 30
    return (
        before.text("heading") == row.text("heading")
        and before.text("section_no") == row.text("section_no")
        and not _COMPLETE.search(text)
        and not title
        and not _ITEM.match(row.text("text") or "")
    )


def _where(pieces: list[tuple[int, Row]], position: int) -> tuple[str, str]:
    """Page and source line of the original paragraph a position of a joined one is in."""
    row = next(r for offset, r in reversed(pieces) if offset <= position)
    return row.get("page", ""), row.get("source_line", "")


def clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a paragraph split at 。；."""
    pieces, start = [], 0
    for match in re.finditer(r"[。；;]", text):
        pieces.append((start, text[start : match.end()]))
        start = match.end()
    if start < len(text):
        pieces.append((start, text[start:]))
    return pieces


def _clause_statements(
    paragraph: Row, text: str, offset: int, clause: str, year: int | None
) -> Iterator[Statement]:
    w = words()
    previous_end = 0
    last_kind = ""
    last_subject = ""
    for n, match in enumerate(NUMBER.finditer(clause), start=1):
        context = clause[previous_end : match.start()]
        previous_end = match.end()
        if w.threshold_before.search(context) or w.threshold_after.match(clause, match.end()):
            continue  # 单价100万元（含）以上设备: a threshold that names a class, no amount
        unit = "%" if match.group("unit") == "％" else match.group("unit")
        number = match.group("number").replace(",", "")
        kind = _kind(context, unit, last_kind)
        last_kind = kind if unit == "%" else ""
        direction = _last(w.direction, context)
        subject = subject_of(context) if kind in ("amount", "change") else ""
        subject = subject or (last_subject if kind != "amount" else "")
        if kind == "amount":
            last_subject = subject or last_subject
        position = offset + match.start()
        yield Statement(
            claim_id=f"narrative.p{paragraph.text('paragraph_id')}.c{offset}.n{n}",
            paragraph=paragraph,
            clause=clause,
            clause_offset=offset,
            position=position,
            context=context,
            printed=number,
            value=Decimal(number),
            unit=unit,
            kind=kind,
            direction=direction,
            reference_year=_reference_year(context, clause[: match.start()], kind, year),
            subject=subject,
            filing_year=int(year) if year else None,
            reason=_reason(text, offset + match.end(), offset + len(clause))
            if kind == "change"
            else "",
        )


def _kind(context: str, unit: str, last_kind: str) -> str:
    w = words()
    if unit == "%":
        if w.ratio.search(context):
            return "ratio"
        if w.change.search(context):
            return "change"
        if w.share.search(context):
            return "share"
        return last_kind or "share"
    return "change" if w.change.search(context) else "amount"


def _last(pattern: re.Pattern[str], text: str) -> str:
    found = list(pattern.finditer(text))
    return found[-1].group(0) if found else ""


def _reference_year(context: str, before: str, kind: str, year: int | None) -> int | None:
    """The year the value is about: last year for changes against it and 上年 amounts."""
    if year is None:
        return None
    w = words()
    if kind in ("change",) and w.same_year_base.search(before) and not w.prior_year.search(context):
        return int(year)
    if kind == "change":
        return int(year) - 1
    for match in re.finditer(r"((?:19|20)\d\d)年", context):
        if int(match.group(1)) == int(year) - 1:
            return int(year) - 1
    if kind == "amount" and w.prior_year.search(context):
        return int(year) - 1
    return int(year)


def subject_of(context: str) -> str:
    """The words naming what a number is about: the last phrase before it, without connectors
    (其中：, 、), comparisons (比上年, 与2023年度相比) and verbs (为, 共计)."""
    w = words()
    pieces = [p for p in re.split(r"[，,；;：:。]", context) if p.strip()]
    for piece in reversed(pieces):
        cleaned = w.connectors.sub("", piece.strip())
        cleaned = w.trailing.sub("", cleaned).strip("（(）) ")
        if len(cleaned) >= 2:
            return cleaned[-40:]
    return ""


def _reason(text: str, start: int, clause_end: int) -> str:
    """The reason clause after the clause of a change (主要原因是…), up to the end of its
    sentence, unless another change is stated first."""
    w = words()
    found = w.reason.search(text, start)
    if found is None:
        return ""
    between = text[clause_end : found.start()]
    if NUMBER.search(between) and w.change.search(between):
        return ""
    end = re.search(r"[。]", text[found.start() :])
    return text[found.start() : found.start() + end.start() if end else len(text)].strip()
