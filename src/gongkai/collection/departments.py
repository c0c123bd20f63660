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


def department_ids(filings: Iterable[dict[str, Any]]) -> dict[str, str]:
    """filing_id -> department_id for filings with filing_id, department_name, region and
    (optionally) department_code; a code shared in one region joins names under the first id."""
    ids: dict[str, str] = {}
    by_code: dict[tuple[str, str], str] = {}
    for filing in sorted(filings, key=lambda f: str(f["filing_id"])):
        department = normalise(str(filing.get("department_name") or filing["filing_id"]))
        code = str(filing.get("department_code") or "").strip()
        if code:
            key = (" / ".join(filing.get("region") or []), code)
            department = by_code.setdefault(key, department)
        ids[str(filing["filing_id"])] = department
    return ids
