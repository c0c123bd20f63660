"""Reader for HTML pages: headings, paragraphs and divs as text blocks, each data <table> as a table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gongkai import limits
from gongkai.model import Block, Document, Location, ReadError, TableBlock, TextBlock
from gongkai.normalize import normalize_text
from gongkai.readers.grid import OLE_MAGIC, ZIP_MAGIC, GridCell, finish_grid, open_check
from gongkai.readers.text import decode_bytes

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_SKIP_TAGS = {"head", "script", "style", "noscript", "template", "iframe", "object", "select"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "ul",
    # only reached inside layout tables (tables that contain tables), read as containers
    "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: &nbsp; is printed space and is kept


def _decode_html(data: bytes, name: str) -> str:
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        match = _CHARSET.search(data[:4096])
        if match:
            charset = match.group(1).decode("ascii").lower()
            if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
                charset = "gb18030"
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass  # wrong declaration: fall back to detection
    try:
        return decode_bytes(data, name)
    except ReadError:
        raise ReadError(
            f"{name}: not an HTML page (binary data or unknown encoding); check the download "
            "or save the page again as HTML"
        ) from None


def _lines(chunks: list[str]) -> list[str]:
    out = []
    for line in "".join(chunks).split("\n"):
        line = normalize_text(_HTML_SPACE.sub(" ", line).strip(" \t\r\n\f"))
        if line.strip():
            out.append(line)
    return out


def _html_cell_text(td: Any) -> str:
    chunks: list[str] = []

    def walk(el: Any, top: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is not None and tag not in _SKIP_TAGS:
            if tag == "br":
                chunks.append("\n")
            else:
                block = tag in _BLOCK_TAGS
                if block:
                    chunks.append("\n")
                chunks.append(el.text or "")
                for child in el:
                    walk(child, False)
                if block:
                    chunks.append("\n")
        if not top:
            chunks.append(el.tail or "")

    walk(td, True)
    text = "\n".join(_lines(chunks))
    return "" if not text.strip() else text


def _span(value: str | None, limit: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return min(n, limit) if n >= 0 else 1


def _html_table(table: Any) -> TableBlock:
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    grid: dict[tuple[int, int], GridCell] = {}
    width = 0
    for r, tr in enumerate(trs):
        c = 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in grid:
                c += 1
            rowspan = _span(td.get("rowspan"), 65534)
            colspan = max(_span(td.get("colspan"), 1000), 1)
            rowspan = len(trs) - r if rowspan == 0 else min(max(rowspan, 1), len(trs) - r)
            where = f"the table at line {table.sourceline}, row {r + 1}"
            limits.check(limits.SPAN, max(rowspan, colspan), where)
            limits.check(limits.CELLS, len(grid) + rowspan * colspan, where)
            anchor = GridCell(_html_cell_text(td), td.sourceline, rowspan, colspan)
            grid[(r, c)] = anchor
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        grid.setdefault(
                            (r + dr, c + dc),
                            GridCell("", td.sourceline, covered=True, anchor=anchor),
                        )
            c += colspan
            width = max(width, c)
    rows = [
        [grid.get((r, c)) or GridCell("", tr.sourceline) for c in range(width)]
        for r, tr in enumerate(trs)
    ]
    return finish_grid(rows, Location(line=table.sourceline), 0, width - 1)


def read_html(path: Path) -> Document:
    """Read an HTML page: headings/paragraphs/divs as text blocks, each data <table> as a table."""
    root = _parse(path)
    blocks = _page_blocks(root)
    if not any(isinstance(b, TableBlock) for b in blocks):
        raise _no_table(path, root)
    return Document(source=path.name, format="html", blocks=tuple(blocks))


def _parse(path: Path) -> Any:
    """The page's element tree, decoded by its BOM, its declared charset or detection."""
    open_check(path)
    import lxml.html
    from lxml import etree

    data = path.read_bytes()
    if data.startswith((ZIP_MAGIC, OLE_MAGIC, b"%PDF")):
        raise ReadError(
            f"{path.name}: this is not an HTML page but a PDF/Office file with the wrong suffix; "
            "rename it to .pdf, .xlsx, .docx or .xls and read it again"
        )
    text = _decode_html(data, path.name)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{path.name}: cannot parse as HTML ({exc}); check the download") from exc


def _page_blocks(root: Any) -> list[Block]:
    """Text between block elements as text blocks, one a line; innermost tables as tables."""
    blocks: list[Block] = []
    chunks: list[str] = []
    chunk_line: list[int | None] = [None]

    def flush() -> None:
        for line in _lines(chunks):
            blocks.append(TextBlock(line.strip(), Location(line=chunk_line[0])))
        chunks.clear()
        chunk_line[0] = None

    def add(text: str | None, line: int | None) -> None:
        if text:
            if chunk_line[0] is None and text.strip():
                chunk_line[0] = line
            chunks.append(text)

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP_TAGS:
            pass
        elif tag == "table" and not el.xpath(".//table"):
            flush()
            for caption in el.xpath("./caption"):
                add(_html_cell_text(caption), caption.sourceline)
                flush()
            table = _html_table(el)
            if table.rows:
                blocks.append(table)
        elif tag == "br":
            add("\n", el.sourceline)
        else:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            add(el.text, el.sourceline)
            for child in el:
                walk(child)
            if block:
                flush()
        add(el.tail, el.sourceline)

    walk(root)
    flush()
    return blocks


def _no_table(path: Path, root: Any) -> ReadError:
    """No table on the page: point at the attachments it links to, where the filing probably is."""
    links = [
        href
        for href in root.xpath("//a/@href")
        if re.search(r"\.(pdf|xlsx?|docx?|zip|rar|wps|et)(\?|$)", href, re.I)
    ]
    hint = (
        f"; the filing is probably an attachment: download {', '.join(links[:5])}"
        if links
        else "; the filing may be an attachment or an image: download the original file"
    )
    return ReadError(f"{path.name}: no <table> in this HTML page{hint}")
