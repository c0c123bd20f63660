"""MkDocs hook: the site's build date, deterministic (two builds of the same packages give the same
bytes), shown in the footer and used for the sitemap's lastmod; and, when `gongkai build` names a
cache folder (GONGKAI_RENDER_CACHE), each page's Markdown rendered once per content
(gongkai.site.render_cache)."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

# Package metadata keys that may carry when a filing was fetched (provenance wording varies).
_DATE_KEYS = ("retrieved", "retrieved_at", "retrieval_date", "accessed", "fetched", "downloaded")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _newest_package_date(generated: Path) -> str:
    dates = []
    for descriptor in sorted(generated.glob("files/*/datapackage.json")):
        meta = (json.loads(descriptor.read_text("utf-8")).get("gongkai")) or {}
        for key in _DATE_KEYS:
            found = _DATE.search(str(meta.get(key) or ""))
            if found:
                dates.append(found.group(0))
    return max(dates, default="")


def _commit_date(root: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%cs"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    found = _DATE.search(result.stdout)
    return found.group(0) if found else ""


def build_date(docs_dir: Path) -> str:
    """GONGKAI_BUILD_DATE, else the newest retrieval date in the packages, else the date of the
    repository's last commit; never the wall clock."""
    return (
        os.environ.get("GONGKAI_BUILD_DATE", "")
        or _newest_package_date(docs_dir / "generated")
        or _commit_date(Path(__file__).resolve().parents[1])
    )


def on_config(config: Any) -> Any:
    if os.environ.get("GONGKAI_RENDER_CACHE"):  # gongkai only where gongkai builds the site
        from gongkai.site.render_cache import install

        install()
    if os.environ.get("GONGKAI_LINK_GENERATED"):  # the site shares gongkai's generated files
        from gongkai.site import static_links

        static_links.install(os.environ["GONGKAI_LINK_GENERATED"])
    date = build_date(Path(config["docs_dir"]))
    config["extra"]["build_date"] = date
    if date and "SOURCE_DATE_EPOCH" not in os.environ:
        # mkdocs dates the sitemap (and its .gz) from this, instead of the wall clock.
        day = datetime.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=datetime.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(day.timestamp()))
    return config


# A link written ``[text]({report_url})`` in a hand-written page (about.md) goes to the report
# address of this build; without one, the words stay and the link goes.
_REPORT_LINK = re.compile(r"\[([^\]]*)\]\(\{report_url\}\)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    url = str(config["extra"].get("report_url") or "")
    return _REPORT_LINK.sub(lambda m: f"[{m[1]}](<{url}>)" if url else m[1], markdown)
