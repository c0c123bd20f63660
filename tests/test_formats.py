"""The sample read from generated XLSX, DOCX and HTML copies gives the text export's CSVs, byte for byte.

The copies are GENERATED from the real sample's document model (tests/readers/generate_copies.py).
Only the location columns differ by design: `source_line` is a line of the text export and
`page`/`pages` a page of a PDF, so for a spreadsheet they hold the sheet row and sheet number, for
a Word or HTML file the block position; `source_file` names the copy read. Every other byte of every CSV must be identical.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from gongkai.convert import convert
from gongkai.filings import FilingSource
from gongkai.readers.text import read_text_export
from tests.conftest import SAMPLE_ID, SAMPLE_TEXT

sys.path.insert(0, str(Path(__file__).parent / "readers"))
import generate_copies

LOCATION_FIELDS = ("page", "pages", "source_line", "source_file")
WRITERS = {
    "xlsx": generate_copies.write_xlsx,
    "docx": generate_copies.write_docx,
    "html": generate_copies.write_html,
}


def without_locations(path: Path) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    keep = [i for i, name in enumerate(rows[0]) if name not in LOCATION_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[i] for i in keep])
    return out.getvalue()


@pytest.fixture(scope="module")
def text_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("text")
    return convert(FilingSource(SAMPLE_ID, [SAMPLE_TEXT]), out).directory


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_copies_give_the_same_csvs(suffix: str, tmp_path: Path, text_package: Path) -> None:
    copy = tmp_path / f"{SAMPLE_ID}.{suffix}"
    WRITERS[suffix](read_text_export(SAMPLE_TEXT), copy)
    package = convert(FilingSource(SAMPLE_ID, [copy]), tmp_path / "out").directory
    names = sorted(p.name for p in (text_package / "data").glob("*.csv"))
    assert sorted(p.name for p in (package / "data").glob("*.csv")) == names
    identical = []
    for name in names:
        ours, theirs = package / "data" / name, text_package / "data" / name
        assert without_locations(ours) == without_locations(theirs), name
        identical.append(ours.read_bytes() == theirs.read_bytes())
    # tables without location columns are byte-identical as they stand
    assert any(identical)
