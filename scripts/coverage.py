"""Coverage report: how much of what a PDF filing prints on its table pages reaches its package.

For every package with PDF originals, the amounts `pdftotext -layout` shows on the pages the
package's `tables` resource names are counted (a multiset of values) and compared with the amounts
in the package's table resources. Amounts are tokens with decimals or thousands separators
(`29295.60`, `189,767,551`); plain integers (codes, years, row numbers) are not counted, so a
table in 元 printed without separators or decimals is under-counted on both sides alike.

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


def _value(token: str) -> str | None:
    try:
        return str(Decimal(token.replace(",", "")).normalize())
    except InvalidOperation:
        return None


def page_text(pdf: Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def printed_amounts(package: Package) -> Counter[str]:
    """Amounts printed on the table pages of the package's original PDFs."""
    pdfs = sorted((package.directory / "original").glob("*.pdf"))
    seen: set[tuple[str, int]] = set()
    counts: Counter[str] = Counter()
    for table in package.rows("tables"):
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
                for token in AMOUNT.findall(text):
                    value = _value(token)
                    if value is not None:
                        counts[value] += 1
    return counts


def package_amounts(package: Package) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, resource in package.resources.items():
        if name in NOT_TABLE_CELLS:
            continue
        for row in resource.rows:
            for field, text in row.items():
                if not text or field in POSITIONS:
                    continue
                for token in AMOUNT.findall(text):
                    value = _value(token)
                    if value is not None:
                        counts[value] += 1
    return counts


def coverage(package: Package) -> dict[str, object]:
    printed = printed_amounts(package)
    kept = package_amounts(package)
    total = sum(printed.values())
    found = sum(min(n, kept[value]) for value, n in printed.items())
    missing = {v: n - kept[v] for v, n in printed.items() if kept[v] < n}
    return {
        "filing_id": package.filing_id,
        "tables": len(package.rows("tables")),
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
            f"{r['filing_id']:<55} {r['tables']:>3} {r['kept_amounts']:>6}/{r['printed_amounts']:<6} {share}"
        )
    printed = sum(int(r["printed_amounts"]) for r in rows)  # type: ignore[call-overload]
    kept = sum(int(r["kept_amounts"]) for r in rows)  # type: ignore[call-overload]
    if printed:
        print(f"{'all':<55}     {kept:>6}/{printed:<6} {100 * kept / printed:.1f}%")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
