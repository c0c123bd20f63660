"""The search index's user dictionary: words jieba must keep whole when it cuts Chinese text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import labels
from gongkai.site.read import region_path

# Coded tables whose 款 and 项 names are worth finding whole.
NAMED_LINES = ("expenditure_by_function", "basic_expenditure", "income_by_function")


def jieba_user_dict(packages: Sequence[Package]) -> str:
    """Words the search index must keep whole: departments, units, places and budget items."""
    words: set[str] = set(labels.search_words())
    for package in packages:
        for value in [package.meta.get("department_name"), *region_path(package)]:
            if value:
                words.add(str(value))
        for row in package.rows("institutions"):
            if row.get("unit_name"):
                words.add(row["unit_name"])
        for name in NAMED_LINES:
            for row in package.rows(name):
                if row.get("name") and row.get("level") in ("款", "项"):
                    words.add(row["name"])
    cleaned = {re.sub(r"\s+", "", w) for w in words}
    # No frequency: jieba then picks one that lets the word be cut out whole.
    return "".join(f"{w}\n" for w in sorted(w for w in cleaned if len(w) >= 2))
