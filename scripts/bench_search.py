"""What a phone downloads, measured in Debian's chromium: a page's first view and the search's
first query (gzip sizes of the files the browser asked for), and how Pagefind's first query
grows with the number of SYNTHETIC filing pages.

Used by scripts/bench.py; `python scripts/bench_search.py N...` measures the growth alone.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOWN = 6  # results whose text the search box fetches first (docs/assets/search.js)
# The first query as docs/assets/search.js makes it: Pagefind loaded on first use, the index's
# language, one search, the text of the first results.
HARNESS = """<!doctype html><html lang="und"><meta charset="utf-8"><body><script type="module">
const bundles = new URLSearchParams(location.search).getAll("bundle");
const pf = (await import("./" + bundles[0] + "/pagefind.js")).createInstance({noWorker: true});
await pf.options({ranking: {termSimilarity: 3.0, pageLength: 0.3}});
for (const other of bundles.slice(1)) await pf.mergeIndex("./" + other + "/");
const found = await pf.search(new URLSearchParams(location.search).get("q"));
await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
document.title = "done " + found.results.length;
</script></body></html>
""".replace("SHOWN", str(SHOWN))
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".csv", "")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` on a local HTTP server (a thread of this process); yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wire_bytes(path: Path) -> int:
    """Bytes a phone downloads for one file: gzip level 6 for text (as a web server sends it);
    Pagefind's index, fragments and wasm as written (they are gzip already)."""
    data = path.read_bytes()
    if path.suffix in _COMPRESSIBLE:
        return len(gzip.compress(data, 6, mtime=0))
    return len(data)


def _local(root: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    relative = unquote(urlparse(url).path).lstrip("/")
    path = root / relative
    if path.is_dir() or relative == "" or relative.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


@contextmanager
def _browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _requested(browser: object, root: Path, base: str, url: str, done: str | None) -> list[Path]:
    """The local files a fresh browser (empty cache) asks for when it opens ``url``."""
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if done:
        page.wait_for_function(f"() => document.title.startsWith({done!r})", timeout=120_000)
    context.close()
    files = [_local(root, base, u) for u in dict.fromkeys(asked)]
    return [f for f in files if f is not None]


def page_bytes(site: Path, pages: list[str]) -> dict[str, int]:
    """Gzip bytes of each page's first view (HTML, CSS, JS, images) in a fresh browser."""
    if not CHROMIUM.exists():
        return {}
    with serve(site) as base, _browser() as browser:
        return {
            page: sum(wire_bytes(f) for f in _requested(browser, site, base, base + page, None))
            for page in pages
        }


def _part(path: Path) -> str:
    """What a file of a Pagefind bundle is: fragments, index, metadata or code (script, wasm)."""
    return {".pf_fragment": "fragments", ".pf_index": "index", ".pf_meta": "metadata"}.get(
        path.suffix, "filters" if path.suffix == ".pf_filter" else "code"
    )


def first_query_parts(bundles: list[Path], query: str) -> dict[str, int]:
    """The first query's bytes by part of the bundle (code, metadata, index, fragments)."""
    parts: dict[str, int] = {}
    for path in _first_query_files(bundles, [query])[query]:
        parts[_part(path)] = parts.get(_part(path), 0) + wire_bytes(path)
    return parts


def first_query_bytes(bundles: list[Path], queries: list[str]) -> dict[str, int]:
    """Bytes of the search's first query, each in a fresh browser: Pagefind's script, wasm and
    metadata, the index chunks of the query's words and the text of the first results. More
    than one bundle: the first is searched with the others merged (Pagefind's mergeIndex)."""
    return {
        query: sum(wire_bytes(f) for f in files)
        for query, files in _first_query_files(bundles, queries).items()
    }


def _first_query_files(bundles: list[Path], queries: list[str]) -> dict[str, list[Path]]:
    if not CHROMIUM.exists():
        return {}
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-search-") as scratch:
        root = Path(scratch)
        (root / "harness.html").write_text(HARNESS, "utf-8")
        names = []
        for number, bundle in enumerate(bundles):
            (root / f"b{number}").symlink_to(bundle.resolve(), target_is_directory=True)
            names.append(f"b{number}")
        found: dict[str, list[Path]] = {}
        with serve(root) as base, _browser() as browser:
            for query in queries:
                arguments = "&".join(f"bundle={n}" for n in names) + f"&q={query}"
                files = _requested(browser, root, base, f"{base}harness.html?{arguments}", "done")
                found[query] = [f.resolve() for f in files if f.name != "harness.html"]
        return found


def _document(template: str, number: int) -> str:
    """One SYNTHETIC search document: the template with its county and words of its own.

    The copies share the rest of their words, so their index stays small (about 1 KB a query)
    where a real site's query loads an index chunk of 30-36 KB (docs/scale.md): the index part
    measured here is a floor, the metadata and fragments are what these copies measure well."""
    county = f"合成{number:05d}县"
    own = " ".join(f"专项{number:05d}{suffix}" for suffix in "甲乙丙丁戊")
    return re.sub(r"合成\d{5}县", county, template).replace("</body>", f"<p>{own}</p></body>")


def synthetic_bundle(template: str, count: int, output: Path, region_size: int = 0) -> list[Path]:
    """Pagefind bundles of ``count`` copies of one filing's search document (the county name
    and five words differ per copy): one bundle, or one per region of ``region_size`` copies."""
    shutil.rmtree(output, ignore_errors=True)
    size = region_size or count
    bundles = []
    for start in range(0, count, size):
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-docs-") as scratch:
            for number in range(start, min(start + size, count)):
                target = Path(scratch) / f"f{number:05d}" / "index.html"
                target.parent.mkdir(parents=True)
                target.write_text(_document(template, number), "utf-8")
            bundle = output / f"r{start // size:04d}"
            subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(bundle)],
                check=True,
                capture_output=True,
            )
            bundles.append(bundle)
    return bundles


def filing_search_document(site: Path, filing_page: str) -> str:
    """The search document the site's indexer makes of one built filing page."""
    from gongkai.site.search_index import search_document, segmenter

    cut, parts = segmenter(None)
    page = (site / filing_page / "index.html").read_text("utf-8")
    document = search_document(page, filing_page, cut, parts)
    if document is None:
        raise SystemExit(f"{filing_page}: no article to index")
    return document


def growth(site: Path, filing_page: str, counts: list[int], queries: list[str]) -> None:
    """Print the first query's bytes at each count, for one index and one index per region, and
    the first query's bytes at 10,000 pages in one index, extrapolated from the two largest
    counts (each part on its own line through them: the metadata grows with the pages)."""
    template = filing_search_document(site, filing_page)
    by_count: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-growth-") as scratch:
        for count in counts:
            whole = synthetic_bundle(template, count, Path(scratch) / "whole")
            measured = first_query_bytes(whole, queries)
            print(f"N={count:>6} one index:      " + _cells(measured), flush=True)
            by_count[count] = first_query_parts(whole, queries[0])
            print(f"{'':8} by part, {queries[0]}: " + _cells(by_count[count]))
            if count > 100:
                regions = synthetic_bundle(template, count, Path(scratch) / "regions", 100)
                measured = first_query_bytes(regions[:1], queries)
                print(f"N={count:>6} region of 100:  " + _cells(measured), flush=True)
    if len(by_count) >= 2:
        (low, at_low), (high, at_high) = sorted(by_count.items())[-2:]
        target = 10_000
        parts = {
            part: at_high.get(part, 0)
            + (at_high.get(part, 0) - at_low.get(part, 0)) * (target - high) / (high - low)
            for part in sorted(set(at_low) | set(at_high))
        }
        total = sum(parts.values())
        print(
            f"N={target:>6} one index, extrapolated from N={low} and {high}, {queries[0]}: "
            + _cells({k: round(v) for k, v in parts.items()})
            + f"  total {total / 1024:7.1f} KB"
        )


def _cells(measured: dict[str, int]) -> str:
    return "  ".join(f"{query} {size / 1024:7.1f} KB" for query, size in measured.items())


if __name__ == "__main__":
    from gongkai import paths

    bench_site = paths.BUILD / "bench" / "site"
    first = sorted((bench_site / "generated" / "filings").iterdir())[0]
    growth(
        bench_site,
        first.relative_to(bench_site).as_posix(),
        [int(n) for n in sys.argv[1:]] or [100, 1000],
        ["保障", "就业", "合成00001县人力资源和社会保障局"],
    )
