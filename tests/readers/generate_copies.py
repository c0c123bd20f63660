"""Write a Document (e.g. the text export's) as XLSX, DOCX or HTML for round-trip tests."""

from __future__ import annotations

import html
import re
from pathlib import Path

from gongkai.model import Document, TableBlock, TextBlock

_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def write_xlsx(doc: Document, path: Path, *, amounts_as_numbers: bool = False) -> None:
    """One sheet: text blocks as single cells in column A, tables as bordered cells, left-aligned.

    Ragged rows are written as they are. Consecutive tables are separated by one blank row.
    With ``amounts_as_numbers`` cells printed like ``29295.60`` become numbers with format '0.00'.
    """
    import openpyxl
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = 1
    previous = None
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            ws.cell(row=r, column=1, value=block.text).data_type = "s"
            r += 1
        else:
            if isinstance(previous, TableBlock):
                r += 1
            for row in block.rows:
                for c, cell in enumerate(row, start=1):
                    target = ws.cell(row=r, column=c)
                    target.border = border
                    if amounts_as_numbers and _AMOUNT.match(cell.text):
                        target.value = float(cell.text)
                        target.number_format = "0.00"
                    elif cell.text:
                        target.value = cell.text
                        target.data_type = "s"  # never a formula, even if it starts with '='
                r += 1
        previous = block
    wb.save(path)


def write_docx(doc: Document, path: Path) -> None:
    """Text blocks as paragraphs, tables as 'Table Grid' tables padded to their widest row."""
    import docx

    document = docx.Document()
    previous = None
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            document.add_paragraph(block.text)
        else:
            if isinstance(previous, TableBlock):
                document.add_paragraph("")  # Word joins adjacent tables without a paragraph
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for row, out_row in zip(block.rows, table.rows, strict=True):
                out_cells = out_row.cells
                for cell, out_cell in zip(row, out_cells, strict=False):
                    out_cell.text = cell.text
        previous = block
    document.save(str(path))


def _html_text(text: str) -> str:
    # Spaces as &nbsp; so that printed runs of spaces survive HTML whitespace collapsing.
    return html.escape(text, quote=False).replace(" ", "&nbsp;")


def write_html(doc: Document, path: Path, *, encoding: str = "utf-8") -> None:
    """Text blocks as <p>, tables as <table> with each row's cells as they are (ragged rows)."""
    charset = "gb2312" if encoding.lower() in ("gb18030", "gbk", "gb2312") else encoding
    out = [
        "<!DOCTYPE html>",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{html.escape(doc.source)}</title></head><body>",
    ]
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            out.append(f"<p>{_html_text(block.text)}</p>")
        else:
            out.append('<table border="1">')
            for row in block.rows:
                cells = "".join(f"<td>{_html_text(cell.text)}</td>" for cell in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
    out.append("</body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
