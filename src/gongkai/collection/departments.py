"""Department identity across filings: one stable department_id per department, from data.

The id is the department's name after normalisation and the alias table of
templates/departments.yaml; filings of one region that print the same department_code are one
department whatever their names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _table() -> tuple[dict[str, str], tuple[str, ...]]:
    text = resources.files("gongkai.templates").joinpath("departments.yaml").read_text("utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    suffixes = tuple(_plain(s) for s in spec.get("own_organ_suffixes") or [])
    aliases: dict[str, str] = {}
    for canonical, names in (spec.get("aliases") or {}).items():
        for name in [canonical, *(names or [])]:
            key = _plain(name)
            if aliases.get(key, canonical) != canonical:
                raise ValueError(f"departments.yaml: {name} is an alias of two departments")
            aliases[key] = canonical
    return aliases, suffixes


def _plain(name: str) -> str:
    # NFKC folds full-width brackets and digits; spaces are layout, never part of a name.
    return "".join(unicodedata.normalize("NFKC", name).split())


def normalise(name: str) -> str:
    """The department a printed name stands for: its canonical name (an id)."""
    aliases, suffixes = _table()
    plain = _plain(name)
    for suffix in suffixes:
        if plain.endswith(suffix) and len(plain) > len(suffix):
            plain = plain[: -len(suffix)]
    canonical = aliases.get(plain)
    return _plain(canonical) if canonical else plain


def _trusted_codes(filings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(region, code) pairs that identify a department: a code that one year's filings of one
    region print under two different names is not a department code (a year read as a code)."""
    names: dict[tuple[str, str, str], set[str]] = {}
    for filing in filings:
        code = str(filing.get("department_code") or "").strip()
        if code:
            region = " / ".join(filing.get("region") or [])
            year = str(filing.get("year"))
            name = normalise(str(filing.get("department_name") or filing["filing_id"]))
            names.setdefault((region, code, year), set()).add(name)
    clashing = {(region, code) for (region, code, _), found in names.items() if len(found) > 1}
    return {(region, code) for (region, code, _) in names} - clashing


def department_ids(filings: Iterable[dict[str, Any]]) -> dict[str, str]:
    """filing_id -> department_id for filings with filing_id, department_name, region, year and
    (optionally) department_code; a code shared in one region joins names under the first id."""
    ordered = sorted(filings, key=lambda f: str(f["filing_id"]))
    trusted = _trusted_codes(ordered)
    ids: dict[str, str] = {}
    by_code: dict[tuple[str, str], str] = {}
    for filing in ordered:
        department = normalise(str(filing.get("department_name") or filing["filing_id"]))
        key = (
            " / ".join(filing.get("region") or []),
            str(filing.get("department_code") or "").strip(),
        )
        if key in trusted:
            department = by_code.setdefault(key, department)
        ids[str(filing["filing_id"])] = department
    return ids
