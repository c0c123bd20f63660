"""The site's search index: a trimmed, jieba-segmented copy of each built page, indexed by
Pagefind into ``pagefind/`` beside the site, loaded by the browser only when search is used."""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import jieba
import lxml.html
from lxml.html import HtmlElement

from gongkai.atomic import write_file
from gongkai.site.errors import SiteError

# Where a built page belongs; the browser lists site pages (about, method, schema...) last.
_KINDS = (
    ("generated/filings/", "filing"),
    ("generated/departments/", "department"),
    ("generated/regions/", "collection"),
    ("generated/functions/", "collection"),
)
# Sections of a filing page that are not searched: tables, checks, downloads, citation (numbers
# and file names that match almost any query and make the index large).
_SKIPPED_SECTIONS = frozenset({"switcher", "tables", "findings", "checks", "downloads", "cite"})
# Elements never searched on any page: data tables, chart data folds, menus, the meta line
# (indexed apart, weighted), heading anchors, the checks' verdicts on narrative paragraphs
# (〔核对：1处与表格一致〕), and a project's performance indicators (its name and goal are
# searched; the indicator lists, ≤13000人 依据：全年工作计划 over and over, were a third of a
# filing's search text, and every result a query lists downloads its page's text).
_SKIPPED = (
    "//table | //details[starts-with(@id, 'chart-')] | //nav | //script | //style | //svg"
    " | //img | //*[contains(@class, 'headerlink')] | //*[contains(@class, 'gk-meta')]"
    " | //*[contains(@class, 'gk-cite')] | //*[@class = 'gk-agree' or @class = 'gk-disagree']"
    " | //details[contains(@class, 'gk-project')]/*[not(self::summary)][position() > 1]"
)
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "summary", "figcaption", "pre")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Pagefind's language code for the index: one it does not cut into words itself, so that the
# words jieba cut (department names whole) are the index's words.
INDEX_LANGUAGE = "und"
TITLE_WEIGHT = 10
SUBWORD_WEIGHT = 0.5
PAGEFIND_DIR = "pagefind"
# A folder of search documents by page content (see _documents); unset: every page is cut.
SEARCH_CACHE = "GONGKAI_SEARCH_CACHE"

Segmenter = Callable[[str], list[str]]


def page_kind(url: str) -> str:
    """filing, department, collection or site, from the page's address in the site."""
    for prefix, kind in _KINDS:
        if url.startswith(prefix):
            return kind
    return "site"


def segmenter(user_dict: Path | None) -> tuple[Segmenter, Segmenter]:
    """Two cutters: whole words (the user dictionary's department names kept whole) and the
    shorter words inside one (社会保障 -> 社会, 保障), so both are found."""
    jieba.setLogLevel(logging.WARNING)
    whole = jieba.Tokenizer()
    if user_dict is not None and user_dict.exists():
        whole.load_userdict(str(user_dict))
    plain = jieba.Tokenizer()

    def cut(text: str) -> list[str]:
        return [w for w in whole.cut(text, HMM=False) if w.strip()]

    def parts(word: str) -> list[str]:
        found = set(whole.cut_for_search(word, HMM=False)) | set(plain.cut(word, HMM=False))
        return sorted(w for w in found if w != word and len(w) >= 2 and _HAN.search(w))

    return cut, parts


def _texts(article: HtmlElement) -> Iterator[str]:
    """The article's text, block by block, without the skipped sections of a filing page."""
    section = ""
    for child in article:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "h2":
            section = child.get("id") or ""
        if section in _SKIPPED_SECTIONS or child.tag == "h1":
            continue
        blocks = [child] if child.tag in _BLOCKS else child.iter(*_BLOCKS)
        for block in blocks:
            text = " ".join(block.text_content().split())
            if text:
                yield text


def _segmented(texts: Iterable[str], cut: Segmenter, words: set[str]) -> str:
    """The texts as paragraphs of jieba's words; every word cut is added to ``words``."""
    paragraphs = []
    for text in texts:
        tokens = cut(text)
        words.update(tokens)
        paragraphs.append(f"<p>{html.escape(' '.join(tokens))}</p>")
    return "\n".join(paragraphs)


def search_document(page: str, url: str, cut: Segmenter, parts: Segmenter) -> str | None:
    """The HTML Pagefind indexes for one built page, or None for a page without an article.

    Title and meta line (region, year, phase, department) weigh most; the body is the text a
    reader searches for, jieba-cut with spaces; the short words inside long ones come last,
    weighing little.
    """
    tree = lxml.html.fromstring(page)
    articles = tree.xpath("//article")
    if not articles:
        return None
    article = articles[0]
    heading = article.find(".//h1")
    title = " ".join((heading.text_content() if heading is not None else "").split())
    meta = article.xpath(".//*[contains(@class, 'gk-meta')]")
    facts = (
        " ".join(meta[0].text_content().replace("·", " ").replace("›", " ").split()) if meta else ""
    )
    for element in article.xpath(_SKIPPED):
        element.drop_tree()
    words: set[str] = set()
    head = _segmented([f"{title} {facts}"], cut, words)
    body = _segmented(_texts(article), cut, words)
    # The parts of long words, but none the page has as a word of its own: it is found there.
    long_words = (w for w in words if len(w) >= 3 and _HAN.search(w))
    inner = sorted({p for w in long_words for p in parts(w)} - words)
    kind = page_kind(url)
    # The kind is a meta field the search box sorts by, never a Pagefind filter: a filter index
    # costs bytes at query time, and Pagefind writes it in a different order on every run
    # (the bundle would not be the same bytes for the same pages).
    return (
        f'<!doctype html><html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        "<body data-pagefind-body>"
        f'<meta data-pagefind-meta="title[content]" content="{html.escape(title)}">'
        f'<meta data-pagefind-meta="kind[content]" content="{kind}">'
        f'<meta data-pagefind-meta="facts[content]" content="{html.escape(facts)}">'
        f'<div data-pagefind-weight="{TITLE_WEIGHT}">{head}</div>\n{body}\n'
        f'<div data-pagefind-weight="{SUBWORD_WEIGHT}"><p>{html.escape(" ".join(inner))}</p></div>'
        "</body></html>\n"
    )


def _pages(site_dir: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.parent.relative_to(site_dir).as_posix()
        url = "" if relative == "." else relative + "/"
        if url.startswith(("assets/", "generated/files/", f"{PAGEFIND_DIR}/")):
            continue
        yield url, path


def _salt(user_dict: Path | None) -> bytes:
    """What a page's search document depends on besides the page: the dictionary, this module,
    the library versions (gongkai.cache's code fingerprint)."""
    from gongkai.cache import code_fingerprint

    digest = hashlib.sha256(f"search\0{code_fingerprint()}\0".encode())
    digest.update(Path(__file__).read_bytes())
    if user_dict is not None and user_dict.exists():
        digest.update(user_dict.read_bytes())
    return digest.digest()


def _documents(site_dir: Path, user_dict: Path | None) -> Iterator[tuple[str, str | None]]:
    """(address, search document) of each built page. With a cache (``GONGKAI_SEARCH_CACHE``,
    set by `gongkai build`) a page whose bytes, dictionary and code are unchanged is not cut
    again (jieba's cutting is most of the indexing); jieba is loaded only if a page needs it."""
    folder = os.environ.get(SEARCH_CACHE)
    salt = _salt(user_dict) if folder else b""
    cutters: tuple[Segmenter, Segmenter] | None = None
    for url, path in _pages(site_dir):
        page = path.read_bytes()
        entry = None
        if folder:
            key = hashlib.sha256(salt + url.encode() + b"\0" + page).hexdigest()
            entry = Path(folder) / f"{key}.html"
            try:
                cached = entry.read_text("utf-8")
                os.utime(entry)  # used by this build: kept when the cache is pruned
                yield url, cached or None
                continue
            except OSError:
                pass
        cutters = cutters or segmenter(user_dict)
        document = search_document(page.decode("utf-8"), url, *cutters)
        if entry is not None:
            write_file(entry, (document or "").encode("utf-8"))  # empty: a page without an article
        yield url, document


def write_search_index(site_dir: Path, user_dict: Path | None) -> int:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``. Returns the pages indexed.

    Raises SiteError when Pagefind cannot run (not installed, or failed on the documents).
    """
    count = 0
    with tempfile.TemporaryDirectory(prefix="gongkai-search-") as scratch:
        for url, document in _documents(site_dir, user_dict):
            if document is None:
                continue
            target = Path(scratch) / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
            count += 1
        output = site_dir / PAGEFIND_DIR
        shutil.rmtree(output, ignore_errors=True)
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SiteError(
                "the search index was not written (Pagefind failed); the last good site is kept. "
                "Install Pagefind's extended build into the venv (`make install`, or pip install "
                "'pagefind[extended]') and run `gongkai site` again.\n"
                + "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
            )
    return count
