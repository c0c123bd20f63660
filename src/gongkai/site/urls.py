"""Where the site puts each page and file, relative to the generated folder or to a filing page."""

from __future__ import annotations

from functools import cache

import yaml

from gongkai import paths
from gongkai.site.escape import slug

# The combined packages (all filings) are copied here, beside downloads.md.
COMBINED_DIR = "all"


def filing_page_path(filing_id: str) -> str:
    """Path of a filing's page, relative to the generated folder."""
    return f"filings/{slug(filing_id)}.md"


def files_dir(filing_id: str) -> str:
    """Folder of a filing's downloadable files, relative to the generated folder."""
    return f"files/{slug(filing_id)}"


def files_from_page(filing_id: str) -> str:
    """The same folder as seen from the filing's page."""
    return f"../{files_dir(filing_id)}"


def zip_name(filing_id: str) -> str:
    return f"{slug(filing_id)}.zip"


def xlsx_name(filing_id: str) -> str:
    return f"{slug(filing_id)}.xlsx"


def filing_url(filing_id: str) -> str:
    """The filing page's address under the site's ``site_url`` (relative when none is set)."""
    return f"{site_url()}generated/filings/{slug(filing_id)}/"


@cache
def site_url() -> str:
    """``site_url`` of mkdocs.yml, ending in ``/``; empty when it is not set."""
    config = yaml.safe_load((paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    url = str(config.get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"
