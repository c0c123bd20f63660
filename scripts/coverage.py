"""Coverage report: how much of what a PDF filing prints on its table pages reaches its package,
and how many of the tables its contents list were recognised.

For every package with PDF originals, the amounts `pdftotext -layout` shows on the pages the
package's `tables` resource names are counted (a multiset of values) and compared with the amounts
in the package. On the printed side an amount is a token with decimals or thousands separators
(`29295.60`, `189,767,551`): plain integers there are mostly codes, years and row numbers. On the
package side every amount field (a number in the schema) counts whole, however it is written
(`11220000` is the printed `11,220,000`), and text fields (unparsed cells) count their tokens.
A table page often ends or begins the narrative (江苏: 第三部分 starts under the last table): the
amounts of the package's narrative paragraphs on table pages count as kept, since they are.

Tables listed: the table lines of the document's contents (目录: every one it prints, 陕西's
second is its table index with 是否空表), or when they name fewer than three, the distinct table
titles printed on its pages. A title may end in a qualifier after 表: （按功能分类） names another
table than （按经济分类） (深圳 表7, 表8) and is kept; （不含上年结转） only says what one holds and is
dropped. Tables found: the kinds recognised in `tables`, and the performance-target forms read
into their own resources (performance_projects, department_targets).

    .venv/bin/python scripts/coverage.py build/datapackages [--json build/reports/coverage.json]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gongkai.datapackage import Package, find_packages

AMOUNT = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d.,])")
# Resources that restate or describe, rather than hold, a table's printed cells.
NOT_TABLE_CELLS = {
    "narrative",
    "glossary",
    "tables",
    "table_columns",
    "checks",
    "problems",
    "budget_lines",
    "department_targets",
    "figures",
    "claims",
}
POSITIONS = {"line_no", "page", "source_line", "row", "column"}
_CONTENTS = re.compile(r"^\s*目\s*录\s*$")
# A line of the contents naming a table: 一、收支预算总表 ……… 8, 预算01表 收支总表, 表1 …
_ORDINAL = r"(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]?|[（(][^）)]{1,3}[）)]|表\d+[、.．]?)"
# A qualifier printed after 表 (陕西: （按支出功能分类科目）; 深圳: （按经济分类）).
_QUALIFIER = r"(?:[（(][^）)]{1,24}[）)])?"
# 陕西's table index adds 是否空表 and the reason: 表9 …政府性基金收支表  是  不涉及
_EMPTY_MARK = r"(?:\s+[是否](?:\s+\S+)?)?"
_LISTED = re.compile(rf"^\s*{_ORDINAL}?\s*(?P<title>\S.*?表{_QUALIFIER}){_EMPTY_MARK}[\s.…·\d]*$")
# A qualifier that says what a table holds, not which table it is.
_SCOPE_NOTE = re.compile(r"[（(](?:不含|含)[^）)]*[）)]$")
# A part of the document, not a table: 四、2026年杭州市司法局预算公开表, 2026年部门预算表.
_PART = re.compile(r"(?:部门预算|预算公开|单位预算)表$|公开报表|^第.部分")
# What a title's numbering and year add (表10 2022年…, 预算01表 …): one table however numbered.
_NUMBERING = re.compile(r"^(?:表\d+|预算\d+表|预算表\d+)?(?:20\d{2})?年?度?")
_TITLE = re.compile(
    rf"^\s*{_ORDINAL}?\s*(?P<title>[^\s。，,；：:][^。，,；：:]{{3,40}}表{_QUALIFIER})\s*$"
)
_LISTED_MIN = 3  # fewer table lines in the contents: it names a part (四、预算公开表), not tables


def _value(token: str) -> str | None:
    try:
        return str(Decimal(token.replace(",", "")).normalize())
    except InvalidOperation:
        return None


_INTEGER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*(?![\d.,])|(?<![\d.,])\d+(?![\d.,])")
# A fraction alone, or two decimals glued to the next column's integer (.02192,446: 重庆's
# decimals fall on the line of the next amount's integer part).
_FRACTION = re.compile(r"(?<![\d.,])\.\d{1,6}(?![\d.,])|(?<![\d.,])\.\d{2}(?=\d)")


def rejoin_decimals(text: str) -> str:
    """Put back decimals that `pdftotext -layout` prints a line below their integer part (重庆's
    PDFs set the digits after the point lower: ``14,770`` over ``.62``): a fraction starting where
    an integer of the line above ends belongs to it. One that no integer above takes belongs to
    an integer without decimals ending where it starts on the line below (重庆's 财政拨款收支总表
    prints the fraction of its first detail line on the label's line, above: ``.55`` over
    ``99,320``)."""
    lines = text.splitlines()
    for i in range(1, len(lines)):
        for fraction in reversed(list(_FRACTION.finditer(lines[i]))):
            above = next(
                (
                    m
                    for m in _INTEGER.finditer(lines[i - 1])
                    if m.end() - 2 <= fraction.start() <= m.end()
                ),
                None,
            )
            if above is None:
                continue
            prev = lines[i - 1]
            lines[i - 1] = prev[: above.end()] + fraction.group() + prev[above.end() :]
            line = lines[i]
            lines[i] = (
                line[: fraction.start()] + " " * len(fraction.group()) + line[fraction.end() :]
            )
    for i in range(len(lines) - 1):
        for fraction in reversed(list(_FRACTION.finditer(lines[i]))):
            below = next(
                (
                    m
                    for m in _INTEGER.finditer(lines[i + 1])
                    if m.end() - 2 <= fraction.start() <= m.end()
                    and not lines[i + 1][m.end() :].startswith(".")
                ),
                None,
            )
            if below is None:
                continue
            line = lines[i]
            lines[i] = (
                line[: fraction.start()] + " " * len(fraction.group()) + line[fraction.end() :]
            )
            nxt = lines[i + 1]
            lines[i + 1] = nxt[: below.end()] + fraction.group() + nxt[below.end() :]
    return "\n".join(lines)


# A piece of an amount: digits with the commas and point printed between them.
_PIECE = re.compile(r"[\d.,]*\d[\d.,]*")
_WHOLE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_BEGUN = re.compile(r"\d+|\d{1,3}(?:,\d{3})*,\d{0,3}|\d{1,3}(?:,\d{3})*\.\d*|\d+\.\d*")


def _continues(above: str, piece: str, pieces: int) -> bool:
    """Whether ``piece`` goes on the amount begun by ``above`` (made of ``pieces`` pieces):
    together they still begin an amount, and one of them is no amount alone (``46,`` over
    ``794.00``, ``1`` over ``01,``), or a staircase already begun ends in one digit."""
    if not _BEGUN.fullmatch(above + piece):
        return False
    broken = not _WHOLE.fullmatch(above) or not _WHOLE.fullmatch(piece)
    last_digit = pieces > 1 and len(piece) == 1 and re.search(r"\.\d$", above) is not None
    return broken or last_digit


def rejoin_staircases(text: str) -> str:
    """Put back amounts `pdftotext -layout` cuts into a staircase of pieces, each piece starting
    a line below where the one above ends (重庆's 合计 lines ``1`` / ``01,`` / ``833.84`` for
    101,833.84; its 绩效目标表 ``46,`` / ``794.00``): the whole amount stands where its first
    piece was, the other pieces are blanked. A staircase that does not end as an amount is left
    as printed."""
    lines = text.splitlines()
    # piece (line, start, end) -> the staircase it ends so far: its pieces, top first
    ends: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
    for i, line in enumerate(lines):
        taken: set[tuple[int, int, int]] = set()
        for match in _PIECE.finditer(line):
            here = (i, match.start(), match.end())
            chain = next(
                (
                    ends[key]
                    for key in sorted(ends)
                    if key[0] == i - 1
                    and key not in taken
                    and key[2] - 2 <= match.start() <= key[2]
                    and _continues(_text(lines, ends[key]), match.group(), len(ends[key]))
                ),
                None,
            )
            if chain is not None:
                taken.add(chain[-1])
                del ends[chain[-1]]
                ends[here] = [*chain, here]
            else:
                ends[here] = [here]
    whole = [c for c in ends.values() if len(c) > 1 and _WHOLE.fullmatch(_text(lines, c))]
    heads: dict[int, list[tuple[int, int, str]]] = {}
    for chain in whole:
        amount = _text(lines, chain)
        for row, start, end in chain[1:]:
            lines[row] = lines[row][:start] + " " * (end - start) + lines[row][end:]
        row, start, end = chain[0]
        heads.setdefault(row, []).append((start, end, amount))
    for row, found in heads.items():
        for start, end, amount in sorted(found, reverse=True):
            lines[row] = lines[row][:start] + amount + lines[row][end:]
    return "\n".join(lines)


def _text(lines: list[str], chain: list[tuple[int, int, int]]) -> str:
    return "".join(lines[row][start:end] for row, start, end in chain)


# A line holding nothing but groups of one or two digits: the ends of amounts their cells
# wrapped (杭州 表10 prints 21,884.6 above its 合计 line and the 2 of 21,884.62 below it; 表5
# prints 370,219.2 and 293,191.8 with ``5`` and ``6`` below).
_WRAPPED_DIGITS = re.compile(r"^(?:\s*\d{1,2})+\s*$")
_DIGITS = re.compile(r"\d{1,2}")
_ONE_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d(?![\d.,])")


def rejoin_wrapped_digits(text: str) -> str:
    """Put back the last digits of amounts whose cells wrapped: a group of one or two digits on
    a line of such groups alone, ending under the end of an amount with one decimal on one of
    the two lines above, belongs to that amount. The page's last line is its page number, never
    wrapped digits (杭州 表2 p21 prints 12,437.3, clipped in its cell, two lines above the ``20``
    at the foot of the page)."""
    lines = text.splitlines()
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    for i, line in enumerate(lines):
        if i == last or not _WRAPPED_DIGITS.match(line):
            continue
        for digits in reversed(list(_DIGITS.finditer(line))):
            for j in (i - 1, i - 2):
                if j < 0:
                    continue
                above = next(
                    (
                        m
                        for m in _ONE_DECIMAL.finditer(lines[j])
                        if m.end() - 1 <= digits.start() <= m.end() + 8
                    ),
                    None,
                )
                if above is not None:
                    prev = lines[j]
                    lines[j] = prev[: above.end()] + digits.group() + prev[above.end() :]
                    lines[i] = (
                        lines[i][: digits.start()]
                        + " " * len(digits.group())
                        + lines[i][digits.end() :]
                    )
                    break
    return "\n".join(lines)


def rejoin(text: str) -> str:
    """A page's text with the amounts `pdftotext -layout` cut into pieces put back whole."""
    return rejoin_wrapped_digits(rejoin_staircases(rejoin_decimals(text)))


def page_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def _pdfs(package: Package) -> list[Path]:
    return sorted((package.directory / "original").glob("*.pdf"))


def _table_entries(package: Package) -> list[dict[str, str]]:
    """The recognised tables, and the pages of tables kept whole as not recognised."""
    entries = [dict(t) for t in package.rows("tables")]
    unparsed = package.resources.get("unparsed_cells")
    kept_whole = {
        r.get("page") or ""
        for r in (unparsed.rows if unparsed else [])
        if r.get("reason") == "table not recognised"
    }
    return entries + [{"pages": page} for page in sorted(kept_whole) if page]


def table_pages(package: Package) -> set[int]:
    return {
        int(p) for t in _table_entries(package) for p in re.findall(r"\d+", t.get("pages") or "")
    }


def printed_amounts(package: Package) -> Counter[str]:
    """Amounts printed on the table pages of the package's original PDFs."""
    pdfs = _pdfs(package)
    seen: set[tuple[str, int]] = set()
    counts: Counter[str] = Counter()
    for table in _table_entries(package):
        pages = [int(p) for p in re.findall(r"\d+", table.get("pages") or "")]
        named = table.get("source_file")
        candidates = [p for p in pdfs if p.name == named] if named else pdfs
        for page in pages:
            for pdf in candidates:
                if (pdf.name, page) in seen:
                    continue
                text = page_text(pdf, page)
                title = re.sub(r"\s+", "", table.get("title") or "")
                if len(candidates) > 1 and title[:6] not in re.sub(r"\s+", "", text):
                    continue
                seen.add((pdf.name, page))
                for token in AMOUNT.findall(rejoin(text)):
                    value = _value(token)
                    if value is not None:
                        counts[value] += 1
    return counts


def _tokens(texts: list[str]) -> Counter[str]:
    values = (_value(token) for text in texts for token in AMOUNT.findall(text))
    return Counter(v for v in values if v is not None)


def package_amounts(package: Package) -> Counter[str]:
    """Every amount the package holds: amount fields whole, other text by its amount tokens,
    and the narrative's printed on a table page."""
    pages = {str(p) for p in table_pages(package)}
    narrative = package.resources.get("narrative")
    rows = narrative.rows if narrative else []
    counts = _tokens([r.get("text") or "" for r in rows if r.get("page") in pages])
    for name, resource in package.resources.items():
        if name in NOT_TABLE_CELLS:
            continue
        measures = set(resource.measures())
        for row in resource.rows:
            for field, text in row.items():
                if not text or field in POSITIONS:
                    continue
                tokens = [text] if field in measures else AMOUNT.findall(text)
                for token in tokens:
                    value = _value(token)
                    if value is not None:
                        counts[value] += 1
    return counts


def listed_tables(pdfs: list[Path]) -> list[str]:
    """The tables the document's contents list; without contents, the table titles it prints."""
    listed: list[str] = []
    titles: list[str] = []
    for pdf in pdfs:
        text = page_text(pdf)
        lines = text.splitlines()
        for start in (i for i, line in enumerate(lines) if _CONTENTS.match(line)):
            for line in lines[start + 1 : start + 80]:
                if "\f" in line:
                    break
                match = _LISTED.match(line)
                title = re.sub(r"\s+", "", match.group("title")) if match else ""
                if (
                    title
                    and "说明" not in title
                    and not title.startswith("第")
                    and not _PART.search(title)
                ):
                    listed.append(title)
        for line in lines:
            match = _TITLE.match(line)
            if (
                match
                and not match.group("title").startswith(("附表", "详见"))
                and not _PART.search(match.group("title"))
            ):
                titles.append(re.sub(r"\s+", "", match.group("title")))
    chosen = listed if len(set(listed)) >= _LISTED_MIN else titles
    return sorted(
        {_SCOPE_NOTE.sub("", _NUMBERING.sub("", t)) for t in chosen if not _PART.search(t)}
    )


# Printed forms read into resources of their own rather than listed in `tables`: a 项目支出绩效
# 目标表 becomes performance_projects (and its indicators), a 部门整体绩效目标表 department_targets.
FORM_RESOURCES = ("performance_projects", "department_targets")


def found_tables(package: Package) -> list[str]:
    tables = {t["table_id"] for t in package.rows("tables") if t.get("table_id")}
    forms = {name for name in FORM_RESOURCES if package.rows(name)}
    return sorted(tables | forms)


def coverage(package: Package) -> dict[str, object]:
    printed = printed_amounts(package)
    kept = package_amounts(package)
    total = sum(printed.values())
    found = sum(min(n, kept[value]) for value, n in printed.items())
    missing = {v: n - kept[v] for v, n in printed.items() if kept[v] < n}
    return {
        "filing_id": package.filing_id,
        "tables": len(package.rows("tables")),
        "tables_found": len(found_tables(package)),
        "tables_listed": len(listed_tables(_pdfs(package))),
        "printed_amounts": total,
        "kept_amounts": found,
        "share": round(found / total, 4) if total else None,
        "missing_sample": sorted(missing)[:12],
    }


def main(argv: list[str]) -> int:
    packages_dir = Path(argv[0]) if argv else Path("build/datapackages")
    out = Path(argv[argv.index("--json") + 1]) if "--json" in argv else None
    rows = [coverage(p) for p in find_packages(packages_dir)]
    rows = [r for r in rows if r["printed_amounts"]]
    for r in rows:
        share = f"{100 * r['share']:.1f}%" if r["share"] is not None else "-"
        print(
            f"{r['filing_id']:<55} {r['tables_found']:>3}/{r['tables_listed']:<3} "
            f"{r['kept_amounts']:>6}/{r['printed_amounts']:<6} {share}"
        )
    printed = sum(int(r["printed_amounts"]) for r in rows)  # type: ignore[call-overload]
    kept = sum(int(r["kept_amounts"]) for r in rows)  # type: ignore[call-overload]
    if printed:
        print(f"{'all':<55}         {kept:>6}/{printed:<6} {100 * kept / printed:.1f}%")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
