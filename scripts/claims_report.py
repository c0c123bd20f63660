"""Narrative claims report: how many of the claims of a folder of packages resolve.

A claim about this year (its `reference_year` is the filing's, or it was resolved anyway) is
resolved when it agrees or disagrees with a table value or a derivation; claims about last year
left unresolved go to the cross-filing checks and are counted apart. Prints the resolved share
per filing and in total, the unresolved claims grouped by reason (the `note` of claims.csv) and,
with --show REASON (a substring of the note), those claims with their sentences.

    .venv/bin/python scripts/claims_report.py build/datapackages [--show 表中无此数值] [--fresh]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.datapackage import Package, find_packages
from gongkai.validate import claims
from gongkai.validate.checks.narrative import resolved_claims


@dataclass
class Tally:
    """The claims of one filing by outcome."""

    agree: int = 0
    disagree: int = 0
    unresolved: int = 0
    other_year: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def own(self) -> int:
        return self.agree + self.disagree + self.unresolved

    @property
    def share(self) -> float:
        return 100.0 * (self.agree + self.disagree) / self.own if self.own else 100.0

    def add(self, other: Tally) -> None:
        self.agree += other.agree
        self.disagree += other.disagree
        self.unresolved += other.unresolved
        self.other_year += other.other_year
        self.reasons.update(other.reasons)


def claim_rows(package: Package, fresh: bool) -> list[dict[str, str]]:
    """The package's claims.csv rows, or with ``fresh`` its claims resolved by this code (as
    strings, as the CSV holds them) without rewriting anything."""
    if fresh:
        rows = claims.claim_rows(resolved_claims(package))
        return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    path = package.directory / "data" / "claims.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def is_other_year(row: dict[str, str], year: str) -> bool:
    """An unresolved claim about another year than the filing's (checked across filings)."""
    return (
        row["status"] == "unresolved"
        and bool(row["reference_year"])
        and (row["reference_year"] != year)
    )


def tally(rows: list[dict[str, str]], year: str) -> Tally:
    found = Tally()
    for row in rows:
        if is_other_year(row, year):
            found.other_year += 1
        elif row["status"] == "agree":
            found.agree += 1
        elif row["status"] == "disagree":
            found.disagree += 1
        else:
            found.unresolved += 1
            found.reasons[row["note"]] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("packages", type=Path)
    parser.add_argument("--show", help="list the unresolved claims whose reason contains this")
    parser.add_argument(
        "--fresh", action="store_true", help="resolve the claims anew instead of reading claims.csv"
    )
    args = parser.parse_args()
    total = Tally()
    print(
        f"{'filing':60} {'claims':>6} {'agree':>5} {'dis':>4} {'unres':>5} {'上年':>5} {'res%':>6}"
    )
    shown: list[str] = []
    for package in find_packages(args.packages):
        directory, year = package.directory, str(package.meta.get("year") or "")
        rows = claim_rows(package, args.fresh)
        each = tally(rows, year)
        total.add(each)
        print(
            f"{directory.name[:60]:60} {each.own:6} {each.agree:5} {each.disagree:4} "
            f"{each.unresolved:5} {each.other_year:5} {each.share:6.1f}"
        )
        for row in rows:
            if args.show and row["status"] == "unresolved" and args.show in row["note"]:
                if not is_other_year(row, year):
                    shown.append(f"{directory.name[:40]} p{row['page']} {row['sentence'][:110]}")
    print(
        f"{'TOTAL':60} {total.own:6} {total.agree:5} {total.disagree:4} "
        f"{total.unresolved:5} {total.other_year:5} {total.share:6.1f}"
    )
    print("\nunresolved this-year claims by reason:")
    for reason, count in total.reasons.most_common():
        print(f"{count:6}  {reason}")
    if shown:
        print(f"\n{len(shown)} claims whose reason contains {args.show!r}:")
        print("\n".join(shown))


if __name__ == "__main__":
    main()
