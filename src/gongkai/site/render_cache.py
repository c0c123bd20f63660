"""Rendered Markdown by content: MkDocs turns a page's Markdown into HTML once per Markdown,
links and settings, and a later build takes the HTML from the cache.

Python-Markdown is over 90% of a bare `mkdocs build` of gongkai's pages (the filing pages are
long tables), and every build rendered every page again, so a rebuild after one changed filing
cost as much MkDocs time as a cold build. With ``GONGKAI_RENDER_CACHE`` naming a folder
(`gongkai build` sets it to <cache-dir>/render), ``install`` (called by overrides/hooks.py in the
mkdocs process) wraps ``Page.render``: a page whose key is in the folder gets what the render
gave, without rendering. Templates, the nav and the written files are MkDocs's as always.

The key is the page's Markdown as it reaches ``render`` (after the hooks), its source path, and
everything else the render reads: the library versions, the Markdown extensions and their
settings, the link validation levels, ``use_directory_urls`` and every file of the site (links
resolve against them). A page that includes other files (pymdownx.snippets, ``--8<--``) or whose
render logged anything is rendered every time, so strict mode still sees each warning. An entry
is zlib-compressed JSON (never pickle): the HTML, the table of contents, the title, the anchors
the page has and the links it makes to other pages' anchors.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from gongkai.atomic import write_file

ENVIRONMENT = "GONGKAI_RENDER_CACHE"
_LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions")
_SNIPPET = "--8<--"


def _versions() -> str:
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return " ".join(found)


def context_digest(config: Any, files: Any) -> str:
    """What every page's render reads beside its own Markdown, as one SHA-256."""
    digest = hashlib.sha256(f"render 1\0{_versions()}\0".encode())
    settings = {
        "markdown_extensions": config["markdown_extensions"],
        "mdx_configs": config["mdx_configs"],
        "use_directory_urls": config["use_directory_urls"],
        "validation": config["validation"],
    }
    digest.update(json.dumps(settings, sort_keys=True, default=repr, ensure_ascii=False).encode())
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"\0{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion}".encode())
    return digest.hexdigest()


class _Heard(logging.Handler):
    """Counts the records logged while a page renders."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno > logging.DEBUG:
            self.count += 1


def _toc_tokens(items: Any) -> list[dict[str, Any]]:
    return [
        {
            "level": item.level,
            "id": item.id,
            "name": item.title,
            "children": _toc_tokens(item.children),
        }
        for item in items
    ]


def _entry(page: Any) -> bytes:
    links = page.links_to_anchors
    data = {
        "content": page.content,
        "toc": _toc_tokens(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None
        if links is None
        else {file.src_uri: dict(anchors) for file, anchors in links.items()},
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1)


def _restore(page: Any, entry: bytes, files: Any) -> bool:
    """Set what ``render`` sets from a cache entry; False if the entry cannot be used (one
    damaged on disk is rendered again and written anew)."""
    from mkdocs.structure.toc import get_toc

    try:
        data = json.loads(zlib.decompress(entry).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError):
        return False
    links = None
    if data["links"] is not None:
        links = {}
        for src_uri, anchors in data["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            links[target] = anchors
    page.content = data["content"]
    page.toc = get_toc(data["toc"])
    page._title_from_render = data["title"]
    page.present_anchor_ids = set(data["anchors"])
    if links is not None:
        page.links_to_anchors = links
    return True


class RenderCache:
    """The wrapper around ``Page.render`` for one folder of entries."""

    def __init__(self, folder: Path, render: Any) -> None:
        self.folder = folder
        self.render = render  # MkDocs's own Page.render
        self._context: tuple[Any, str] | None = None

    def _digest(self, config: Any, files: Any) -> str:
        if self._context is None or self._context[0] is not files:
            self._context = (files, context_digest(config, files))
        return self._context[1]

    def __call__(self, page: Any, config: Any, files: Any) -> None:
        markdown = page.markdown
        if markdown is None or _SNIPPET in markdown:
            self.render(page, config, files)
            return
        key = hashlib.sha256(
            f"{self._digest(config, files)}\0{page.file.src_uri}\0{markdown}".encode()
        ).hexdigest()
        path = self.folder / f"{key}.json.z"
        try:
            entry = path.read_bytes()
        except OSError:
            entry = None
        if entry is not None and _restore(page, entry, files):
            os.utime(path)  # used by this build: kept when the cache is pruned
            return
        heard = _Heard()
        # Every record at INFO or above reaches ``heard``, whatever level the run logs at (a
        # quiet run must not cache a page whose warning a strict run has to see).
        loggers = {logging.getLogger(): 0, logging.getLogger("mkdocs"): 0}
        for logger in loggers:
            loggers[logger] = logger.level
            logger.setLevel(min(logger.getEffectiveLevel(), logging.INFO))
            logger.addHandler(heard)
        try:
            self.render(page, config, files)
        finally:
            for logger, level in loggers.items():
                logger.removeHandler(heard)
                logger.setLevel(level)
        if heard.count:
            return
        write_file(path, _entry(page))  # another process rendering the page writes the same


def install() -> None:
    """Wrap MkDocs's ``Page.render`` with the cache ``GONGKAI_RENDER_CACHE`` names, once per
    process (the hook and `prerender` both call it); unset: nothing changes."""
    from mkdocs.structure.pages import Page

    folder = os.environ.get(ENVIRONMENT)
    if not folder or hasattr(Page.render, "gongkai_cache"):
        return
    wrapper = RenderCache(Path(folder), Page.render)

    def render(page: Any, config: Any, files: Any) -> None:
        wrapper(page, config, files)

    render.gongkai_cache = wrapper  # type: ignore[attr-defined]
    Page.render = render  # type: ignore[method-assign,assignment]


def prerender(config_file: str, part: int, parts: int) -> None:
    """Render every ``parts``-th page (from ``part``), counted from the last page, of the site
    ``config_file`` describes into the cache, as `mkdocs build` would read them, without writing
    a site.

    `gongkai build` runs ``jobs - 1`` of these beside MkDocs's own build (`helpers`): MkDocs
    renders from the first page, they from the last, and each page one of them has put in the
    cache MkDocs takes from there, so the Markdown is rendered on every core where MkDocs renders
    on one; once they meet, every page left is in the cache. The steps before the pages are
    MkDocs's own (mkdocs.commands.build.build); if they ever gave other files than the real
    build's, the real build's keys would differ and it would render the pages itself.
    """
    from mkdocs.commands.build import _populate_page
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    if not os.environ.get(ENVIRONMENT):
        return
    mkdocs_log = logging.getLogger("mkdocs")  # as `mkdocs build` sets it, printing nothing
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    mkdocs_log.addHandler(logging.NullHandler())
    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        install()  # overrides/hooks.py did, if the site's config has it
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        files.add_files_from_theme(config.theme.get_env(), config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in list(pages)[::-1][part::parts]:
            if file.page is None:
                Page(None, file, config)
            assert file.page is not None
            _populate_page(file.page, config, files)
            file.page.content = file.page.markdown = None  # kept in the cache, not here
    finally:
        config.plugins.on_shutdown()


@contextmanager
def helpers(config_file: Path, jobs: int, cwd: Path) -> Iterator[None]:
    """``jobs - 1`` prerender processes running while the block (MkDocs's build) runs, waited
    for after it; their output (and any failure: the real build renders what is missing and
    reports what is wrong) is dropped."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "gongkai.site.render_cache", str(config_file)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    running = [
        subprocess.Popen(
            [*command, str(part), str(jobs - 1)],
            cwd=cwd,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for part in range(jobs - 1)
    ]
    try:
        yield
    finally:
        for process in running:
            process.wait()


if __name__ == "__main__":
    import sys

    prerender(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
