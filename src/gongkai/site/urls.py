"""Where the site puts each page and file, relative to the generated folder or to a filing page."""

from __future__ import annotations

from gongkai.site import deployment
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


def site_url() -> str:
    """The site's address, ending in ``/`` (GONGKAI_SITE_URL, else mkdocs.yml's ``site_url``);
    empty when it is not set."""
    return deployment.site_url()
