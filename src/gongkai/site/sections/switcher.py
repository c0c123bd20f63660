"""The year switcher at the top of a filing page: the same department's other filings (years and
phases) and its page across years, from the collection beside the package."""

from __future__ import annotations

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.corpus import department_page_path, filings_beside
from gongkai.site.pages.facets import facets, filing_link, link
from gongkai.site.urls import filing_page_path


def switcher_section(package: Package) -> str:
    """Links to the department's filings of every year and phase, this one marked; empty when
    no collection lists the filing."""
    filings = filings_beside(package)
    here = next((f for f in filings if f.filing_id == package.filing_id), None)
    if here is None:
        return ""
    page = filing_page_path(here.filing_id)
    own = [f for f in filings if f.department_id == here.department_id]
    years = [
        f"**{esc.text(f.label)}**（本页）" if f is here else filing_link(f, page, f.label)
        for f in own
    ]
    department = link(page, department_page_path(here.department_id))
    return "\n".join(
        [
            "## 本部门各年度 {#switcher}",
            "",
            '<nav class="gk-switcher" aria-label="本部门各年度" markdown="1">',
            "",
            f"{' · '.join(years)} · [历年对比]({department})<br>",
            f"<small>{facets(here)}</small>",
            "",
            "</nav>",
        ]
    )
