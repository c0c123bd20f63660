"""Every internal link and asset of the built site resolves to a file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "link" and name == "href")):
                self.links.append(value)


def _target(site: Path, page: Path, link: str) -> Path | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_no_broken_internal_links(built_site: Path) -> None:
    broken = []
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            target = _target(built_site, page, link)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
    assert broken == []


def test_no_external_loads_in_html(built_site: Path) -> None:
    """Scripts, styles, images and fonts come from the site itself (links to sources are fine)."""
    import re

    loads = re.compile(
        r"<(script|img|iframe)[^>]*\bsrc=\"(https?:)?//"
        r"|<link(?![^>]*\brel=\"canonical\")[^>]*\bhref=\"(https?:)?//"
    )
    offenders = [
        str(p.relative_to(built_site))
        for p in built_site.rglob("*.html")
        if loads.search(p.read_text("utf-8"))
    ]
    assert offenders == []
    css = "".join(p.read_text("utf-8") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css
