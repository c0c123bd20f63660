"""A filing's generated files taken over from the last pages run when nothing they are made of
changed: a rebuild after one changed filing writes that filing's page and downloads, and links
the other filings' files from the generated folder it replaces.

A filing's files (its page, its downloads folder: the package copy, the ZIP, the charts) are made
of its package, the site code (with the fonts the charts are measured with), the deployment's
addresses and, from the collection beside the packages, the department's filings the year
switcher lists and the filing's checks against last year's filing. Their SHA-256 is the filing's
key; every pages run records the keys in ``KEYS`` in the generated folder. A filing whose key is
the one recorded beside the current files gets those files as hard links into the new staging
folder (nothing ever writes into a published file: every run writes a new folder and swaps it in
whole), any other filing is written again. tests/test_incremental.py compares the bytes with a
cold build's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import cache
from pathlib import Path

from gongkai import paths
from gongkai.datapackage import Package
from gongkai.site import urls

KEYS = ".gongkai-filings.json"
_ADDRESSES = ("GONGKAI_SITE_URL", "GONGKAI_REPORT_URL", "GONGKAI_SHARD")


@cache
def _site_fingerprint() -> str:
    from gongkai.site.chart_cache import fingerprint
    from gongkai.site.charts import FONT_DIRS

    digest = hashlib.sha256(f"pages 1\0{fingerprint(FONT_DIRS)}\0".encode())
    config = paths.ROOT / "mkdocs.yml"  # the site address when the environment gives none
    digest.update(config.read_bytes() if config.exists() else b"")
    return digest.hexdigest()


def filing_key(package: Package) -> str:
    """The SHA-256 of what the filing's generated files are made of."""
    from gongkai.cache import tree_digest
    from gongkai.site.corpus import cross_checks_beside, filings_beside

    digest = hashlib.sha256(f"{_site_fingerprint()}\0".encode())
    for name in _ADDRESSES:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    digest.update(f"{package.filing_id}\0{tree_digest(package.directory)}\0".encode())
    filings = filings_beside(package)
    here = next((f for f in filings if f.filing_id == package.filing_id), None)
    own = [f for f in filings if here is not None and f.department_id == here.department_id]
    digest.update(repr((here, own, cross_checks_beside(package))).encode())
    return digest.hexdigest()


def recorded_keys(generated: Path) -> dict[str, str]:
    """The keys the pages run that wrote ``generated`` recorded; none if it recorded none."""
    try:
        keys = json.loads((generated / KEYS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {}


def write_keys(generated: Path, keys: dict[str, str]) -> None:
    text = json.dumps(dict(sorted(keys.items())), indent=1, ensure_ascii=False) + "\n"
    (generated / KEYS).write_text(text, encoding="utf-8")


def link_previous(filing_id: str, previous: Path, staging: Path) -> bool:
    """Hard-link the filing's page and downloads folder from ``previous`` into ``staging``;
    False (and nothing left in ``staging``) when they are not all there or cannot be linked."""
    page = urls.filing_page_path(filing_id)
    folder = urls.files_dir(filing_id)
    if not (previous / page).is_file() or not (previous / folder).is_dir():
        return False
    try:
        for source in sorted((previous / folder).rglob("*")):
            if source.is_file():
                target = staging / source.relative_to(previous)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, target)
        (staging / page).parent.mkdir(parents=True, exist_ok=True)
        os.link(previous / page, staging / page)
    except OSError:
        # Written again instead: the links go first, so that no write reaches a published file.
        shutil.rmtree(staging / folder, ignore_errors=True)
        (staging / page).unlink(missing_ok=True)
        return False
    return True
