"""Page breaks: a table continued on the next page joined on, with labels that wrapped over the break."""

from __future__ import annotations

from gongkai.model import Block, Cell, Location, TextBlock
from gongkai.readers.pdf.lines import NUMERIC, PAGE_NUMBER, join_lines, rounded
from gongkai.readers.pdf.paragraphs import may_continue
from gongkai.readers.pdf.rawtable import RawTable, finish_table

Item = Block | RawTable


def join_pages(pages: list[list[Item]]) -> list[Block]:
    """Flatten pages; a table that starts a page and continues the one that ended the page before is joined.

    The continuation may repeat the title and caption printed above the table on the page before
    (the same text lines in the same order) together with its header row; those repeats are
    dropped.
    """
    out: list[Item] = []
    last_table: RawTable | None = None  # the table that ended the previous page, if any
    heads: list[str] = []  # the text printed just before last_table on its page
    for items in pages:
        content = [b for b in items if not _is_furniture(b)]
        joined, repeats = _continuation(content, last_table, heads)
        for block in items:
            if block is joined and last_table is not None and isinstance(block, RawTable):
                _append_rows(last_table, block)
            elif not any(block is r for r in repeats):
                out.append(block)
        tail = content[-1] if content else None
        if isinstance(tail, RawTable) and tail is not joined:
            last_table = tail
            k = len(content) - 1
            while k > 0 and isinstance(content[k - 1], TextBlock):
                k -= 1
            heads = [b.text for b in content[k:-1] if isinstance(b, TextBlock)]
        elif joined is None or tail is not joined:
            last_table = None  # unless the page holds only the continuation: keep it open
    return [done for b in out if (done := _as_block(b)) is not None]


def _is_furniture(block: Item) -> bool:
    return isinstance(block, TextBlock) and bool(PAGE_NUMBER.match(block.text))


def _continuation(
    content: list[Item], last_table: RawTable | None, heads: list[str]
) -> tuple[RawTable | None, list[Item]]:
    """The page's first table if it continues ``last_table``, and the repeated text above it."""
    lead = next((k for k, b in enumerate(content) if not isinstance(b, TextBlock)), None)
    if last_table is None or lead is None:
        return None, []
    candidate = content[lead]
    texts = [b.text for b in content[:lead] if isinstance(b, TextBlock)]
    if (
        isinstance(candidate, RawTable)
        and (not texts or _repeats(texts, heads, last_table, candidate))
        and _continues(last_table, candidate)
    ):
        return candidate, content[:lead]
    return None, []


def _as_block(item: Item) -> Block | None:
    """The document model's block; a lone row of boxes (a chart legend, a framed line) is text."""
    if not isinstance(item, RawTable):
        return item
    if len(item.rows) == 1:
        text = "  ".join(c.text for c in item.rows[0] if c.text)
        return TextBlock(text, Location(page=item.page, bbox=item.bbox)) if text else None
    return finish_table(item)


def _repeats(texts: list[str], heads: list[str], prev: RawTable, nxt: RawTable) -> bool:
    """The page repeats the title lines and the header row of the table that ended the page before.

    Without the header row repeated as well, a table under the same title is a new one (a form
    printed once per project).
    """
    return (
        len(texts) <= len(heads)
        and heads[-len(texts) :] == texts
        and bool(prev.rows)
        and bool(nxt.rows)
        and [c.text for c in prev.rows[0]] == [c.text for c in nxt.rows[0]]
    )


def _tolerance(table: RawTable) -> float:
    return max(6.0, 0.015 * (table.col_bounds[-1] - table.col_bounds[0]))


def _continues(prev: RawTable, nxt: RawTable) -> bool:
    """Same columns; or one side's rules are a subset of the other's (a header row of merged cells)."""
    if len(prev.col_bounds) < 3 or len(nxt.col_bounds) < 3:
        return False
    tol = _tolerance(prev)
    if len(prev.col_bounds) == len(nxt.col_bounds):
        return all(abs(a - b) <= tol for a, b in zip(prev.col_bounds, nxt.col_bounds, strict=True))
    small, big = sorted((prev.col_bounds, nxt.col_bounds), key=len)
    return (
        abs(small[0] - big[0]) <= tol
        and abs(small[-1] - big[-1]) <= tol
        and all(any(abs(a - b) <= tol for b in big) for a in small)
    )


def _expand(table: RawTable, bounds: list[float]) -> None:
    """Re-grid a table onto finer column rules: a cell over several new columns gets a colspan."""

    def nearest(x: float) -> int:
        return min(range(len(bounds)), key=lambda i: abs(bounds[i] - x))

    mapping = [nearest(x) for x in table.col_bounds]
    new_rows: list[list[Cell]] = []
    for row in table.rows:
        new_row: list[Cell] = []
        for k, cell in enumerate(row):
            first, last = mapping[k], mapping[k + 1]
            width = max(1, last - first)
            new_cell = (
                Cell(
                    cell.text, cell.location, rowspan=cell.rowspan, colspan=cell.colspan + width - 1
                )
                if cell.text
                else cell
            )
            end = table.filled.get(cell)
            if end is not None:
                table.filled.set(new_cell, end)
            new_row.append(new_cell)
            for i in range(first + 1, first + width):
                box = cell.location.bbox
                sub = (rounded(bounds[i]), box[1], rounded(bounds[i + 1]), box[3]) if box else None
                new_row.append(Cell("", Location(page=cell.location.page, bbox=sub)))
        new_rows.append(new_row)
    table.rows = new_rows
    table.col_bounds = list(bounds)


def _append_rows(prev: RawTable, nxt: RawTable) -> None:
    """Put the rows of ``nxt`` under ``prev``, less a repeated header; a wrapped label joins on."""
    if len(prev.col_bounds) < len(nxt.col_bounds):
        _expand(prev, nxt.col_bounds)
    elif len(nxt.col_bounds) < len(prev.col_bounds):
        _expand(nxt, prev.col_bounds)
    prev_texts = [[c.text for c in row] for row in prev.rows]
    nxt_texts = [[c.text for c in row] for row in nxt.rows]
    k = 0
    while k < len(nxt_texts) - 1 and k < len(prev_texts) and nxt_texts[k] == prev_texts[k]:
        k += 1
    rest = nxt.rows[k:]
    if rest and prev.rows and _continues_row(prev, prev.rows[-1], nxt, rest[0]):
        prev.rows[-1] = _merge_rows(prev.rows[-1], rest.pop(0))
    prev.rows.extend(rest)
    prev.filled.update(nxt.filled)


def _continues_row(table: RawTable, above: list[Cell], below: RawTable, row: list[Cell]) -> bool:
    """``row`` (first of the next page) only carries on labels of ``above`` that wrapped at the break.

    Every non-empty cell of ``row`` is text (no amount), shorter than and not filling its cell,
    and sits directly under a text cell of ``above`` of the same span whose last line runs to the
    cell's right edge and does not end a phrase; a row ``above`` without amounts (perhaps a header)
    must be so continued in every text cell. An item marker (十八、 2. （三）) at the start of
    ``row`` means a row of its own.
    """
    if len(above) != len(row):
        return False
    pairs = [(a, b) for a, b in zip(above, row, strict=True) if b.text]
    labels = [a for a in above if a.text and not NUMERIC.match(a.text)]
    amounts = len(labels) < len([a for a in above if a.text])
    if not pairs or (len(labels) != len(pairs) and not amounts):
        return False  # a row of headers (no amount) must wrap on in every label
    for a, b in pairs:
        if NUMERIC.match(b.text) or not a.text or NUMERIC.match(a.text):
            return False
        if a.colspan != b.colspan or not may_continue(a.text, b.text):
            return False
        if len(b.text) >= len(a.text) or not _fills(table, a) or _fills(below, b):
            return False
    return True


def _fills(table: RawTable, cell: Cell) -> bool:
    """The last line of the cell's text runs to within two characters of its right rule."""
    end = table.filled.get(cell)
    box = cell.location.bbox
    return end is not None and box is not None and end[0] >= box[2] - 2.0 * end[1]


def _merge_rows(above: list[Cell], row: list[Cell]) -> list[Cell]:
    return [
        Cell(join_lines([a.text, b.text]), a.location, rowspan=a.rowspan, colspan=a.colspan)
        if b.text
        else a
        for a, b in zip(above, row, strict=True)
    ]
