"""One extractor per table layout (tables.yaml `layout`): the layout's name -> its extractor."""

from __future__ import annotations

from gongkai.extract.coded import CodedTable
from gongkai.extract.items import ItemsTable
from gongkai.extract.listing import ListingTable
from gongkai.extract.overview import OverviewTable
from gongkai.extract.sources import SourcesTable
from gongkai.extract.summary import SummaryTable
from gongkai.extract.table import TableExtractor
from gongkai.templates import TableKind

LAYOUTS: dict[str, type[TableExtractor]] = {
    "coded": CodedTable,
    "two_sided": SummaryTable,
    "items": ItemsTable,
    "listing": ListingTable,
    "sources": SourcesTable,
    "overview": OverviewTable,
}


def extractor_for(kind: TableKind, title: str) -> TableExtractor:
    """The extractor of a table kind's layout (performance tables are read by performance.py)."""
    return LAYOUTS[kind.layout](kind, title)
