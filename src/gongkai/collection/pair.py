"""The row every cross-filing check writes, and the pair of filings (this year, last year) it is
about: shared by the claim checks and the 上年 column checks of collection.across."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.collection.frames import FACETS
from gongkai.collection.lines import Printed
from gongkai.datapackage import Package

COLUMNS = [
    *FACETS,
    "check_id",
    "category",
    "status",
    "description_zh",
    "description_en",
    "prior_filing_id",
    "prior_year",
    "claim_id",
    "subject",
    "table_id",
    "line",
    "measure",
    "printed_value",
    "printed_unit",
    "page",
    "current_value",
    "current_unit",
    "published_value",
    "published_unit",
    "prior_page",
    "expected",
    "difference",
    "tolerance",
]


@dataclass
class Pair:
    """A filing and the filing of the year before that its 上年 statements are about."""

    current: Package
    prior: Package | None
    facet: dict[str, Any]

    def row(self, check_id: str, category: str, **fields: Any) -> dict[str, Any]:
        prior_year = self.facet["year"] - 1 if isinstance(self.facet["year"], int) else None
        return {
            **dict.fromkeys(COLUMNS),
            **self.facet,
            "check_id": check_id,
            "category": category,
            "prior_filing_id": self.prior.filing_id if self.prior else None,
            "prior_year": prior_year,
            **fields,
        }


def published_values(current: Printed | None, previous: Printed) -> dict[str, Any]:
    """The columns of a row that say what this year and last year's filing print."""
    return {
        **(
            {"current_value": current.value, "current_unit": current.unit}
            if current is not None
            else {}
        ),
        "published_value": previous.value,
        "published_unit": previous.unit,
        "prior_page": previous.page,
    }


def published_where(pair: Pair, previous: Printed) -> str:
    """Last year's filing and page, as a check's description names them."""
    page = f"第{previous.page}页" if previous.page else "页码不详"
    return f"{pair.facet['year'] - 1}年文件（{previous.filing_id}，{page}）"
