"""Bad input: each case gives a correct reading or a clear message naming file, table and row.

Every bad file here is generated from the real sample (or from nothing) and labelled as such.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.convert import convert
from gongkai.filings import FilingSource
from gongkai.model import ReadError
from gongkai.normalize import AmountError, parse_amount
from tests.conftest import SAMPLE_TEXT, convert_text

SAMPLE = SAMPLE_TEXT.read_text("utf-8")


def rows_of(package: Path, name: str) -> list[dict[str, str]]:
    with open(package / "data" / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def problems_of(package: Path) -> list[dict[str, str]]:
    return rows_of(package, "problems")


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("29295.60", Decimal("29295.60")),
        ("29,295.60", Decimal("29295.60")),
        ("２９２９５．６０", Decimal("29295.60")),
        ("189,767,551", Decimal("189767551")),
        ("-", None),
        ("—", None),
        ("", None),
        ("（12.00）", Decimal("-12.00")),
        ("(12.00)", Decimal("-12.00")),
        ("0", Decimal("0")),
        ("-3.5", Decimal("-3.5")),
    ],
)
def test_amount_formats(printed: str, value: Decimal | None) -> None:
    parsed = parse_amount(printed)
    assert parsed == value
    if value is not None:
        assert str(parsed) == str(value)  # printed precision is kept (29295.60, not 29295.6)


@pytest.mark.parametrize("printed", ["12.6万", "abc", "1,23.4", "12..6"])
def test_not_amounts(printed: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(printed)


def test_thousands_separators_and_fullwidth_read_the_same(
    tmp_path: Path, sample_package: Path
) -> None:
    text = SAMPLE.replace("\t29295.60\n", "\t29,295.60\n", 1).replace(
        "\t965.31\n", "\t９６５．３１\n", 1
    )
    assert text != SAMPLE
    package = convert_text(text, tmp_path, "changli_2023_dept_budget_hrss")
    for name in ("income_expenditure_summary", "income_by_function"):
        assert (package / "data" / f"{name}.csv").read_bytes() == (
            sample_package / "data" / f"{name}.csv"
        ).read_bytes()


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_package(
    tmp_path: Path, encoding: str, sample_package: Path
) -> None:
    source = tmp_path / "changli_2023_dept_budget_hrss.txt"
    # GBK has no no-break space; the reader folds it to a space anyway, so the package is the same.
    text = SAMPLE.replace("\xa0", " ") if encoding == "gbk" else SAMPLE
    source.write_bytes(text.encode(encoding))
    package = convert(
        FilingSource("changli_2023_dept_budget_hrss", [source]), tmp_path / "out"
    ).directory
    for csv_path in sorted((sample_package / "data").glob("*.csv")):
        if csv_path.name in ("checks.csv", "problems.csv"):
            continue  # the reference package has provenance (identity checks); this copy has none
        assert (package / "data" / csv_path.name).read_bytes() == csv_path.read_bytes(), (
            csv_path.name
        )


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match=r"empty\.txt: the file is empty"):
        convert(FilingSource("empty", [empty]), tmp_path / "out")
    assert not (tmp_path / "out" / "empty").exists()


def _scan(path: Path) -> Path:
    """A generated "scan": a PDF page that is an image of ruled lines, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 300), "white")
    draw = ImageDraw.Draw(image)
    for y in range(40, 260, 30):
        draw.line((20, y, 380, y), fill="black", width=2)
    image.save(path, "PDF", resolution=72)
    return path


def test_a_filing_of_several_files_publishes_the_files_it_can_read(tmp_path: Path) -> None:
    """Issue 8 item 5: tables in one file, a scanned narrative beside them. The scan is named as
    left out (an error of the package, in problems.csv and the run's messages), its original is
    published with the others, and the tables are read as from the text file alone."""
    text = tmp_path / "tables.txt"
    text.write_text(SAMPLE, encoding="utf-8")
    scan = _scan(tmp_path / "narrative.pdf")
    result = convert(FilingSource("two_files", [text, scan]), tmp_path / "out")
    alone = convert(FilingSource("one_file", [text]), tmp_path / "alone")
    errors = [p for p in problems_of(result.directory) if p["severity"] == "error"]
    assert [(p["table_id"], p["message"][:42]) for p in errors] == [
        ("files", "narrative.pdf: no text layer (scanned PDF?"),
    ]
    assert errors[0]["message"].endswith(
        "this file is left out; the filing's other files are published"
    )
    assert any("narrative.pdf: no text layer" in m for m in result.problems)
    assert sorted(p.name for p in (result.directory / "original").iterdir()) == [
        "narrative.pdf",
        "tables.txt",
    ]
    assert result.tables == alone.tables == 12
    assert rows_of(result.directory, "tables") == rows_of(alone.directory, "tables")
    assert rows_of(result.directory, "expenditure_by_function") == rows_of(
        alone.directory, "expenditure_by_function"
    )
    # Every file unreadable: the filing is, and nothing is published.
    with pytest.raises(ReadError, match=r"narrative\.pdf: no text layer.*; copy\.pdf: no text"):
        convert(FilingSource("scans", [scan, _scan(tmp_path / "copy.pdf")]), tmp_path / "none")
    assert not (tmp_path / "none" / "scans").exists()


def test_not_a_filing(tmp_path: Path) -> None:
    other = tmp_path / "letter.txt"
    other.write_text("尊敬的读者：\n这是一封信，不是预算。\n\t一\n\t二\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"letter\.txt: no budget table recognised"):
        convert(FilingSource("letter", [other]), tmp_path / "out")


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ReadError, match=r"image\.txt: "):
        convert(FilingSource("image", [binary]), tmp_path / "out")


def test_truncated_file_keeps_what_is_there(tmp_path: Path) -> None:
    lines = SAMPLE.split("\n")
    # cut inside row 19 of 部门预算支出总表: the last row is incomplete
    text = "\n".join(lines[:1003])
    package = convert_text(text, tmp_path)
    problems = problems_of(package)
    messages = [p["message"] for p in problems]
    width_problem = next(
        p for p in problems if "row has 5 cells where the header has 9" in p["message"]
    )
    assert (width_problem["table_id"], width_problem["row"]) == ("expenditure_by_function", "19")
    assert width_problem["source_line"] == "999"
    assert any(
        m.startswith("standard tables not found: fiscal_appropriation_summary") for m in messages
    )
    # the incomplete row's cells are kept, not dropped
    kept = [r["text"] for r in rows_of(package, "unparsed_cells") if r["row"] == "19"]
    assert kept == ["19", "20807", "就业补助", "1876.76"]
    assert len(rows_of(package, "expenditure_by_function")) == 18


def test_row_with_unexpected_number_of_columns(tmp_path: Path) -> None:
    lines = SAMPLE.split("\n")
    assert lines[920] == "\t行政运行"
    lines.insert(922, "\t99.99")  # an extra cell in row 11 of 部门预算支出总表
    package = convert_text("\n".join(lines), tmp_path)
    problem = next(
        p
        for p in problems_of(package)
        if p["table_id"] == "expenditure_by_function" and p["severity"] == "error"
    )
    assert problem["row"] == "11"
    assert "row has 10 cells where the header has 9" in problem["message"]
    assert problem["source_line"] == "919"
    kept = [
        r["text"]
        for r in rows_of(package, "unparsed_cells")
        if r["table_id"] == "expenditure_by_function"
    ]
    assert "99.99" in kept and "246.13" in kept


def test_text_in_an_amount_column(tmp_path: Path) -> None:
    lines = SAMPLE.split("\n")
    assert lines[921] == "\t246.13"
    lines[921] = "\t见附表"
    package = convert_text("\n".join(lines), tmp_path)
    problem = next(p for p in problems_of(package) if p["severity"] == "error")
    assert (problem["table_id"], problem["row"]) == ("expenditure_by_function", "11")
    assert "column total: '见附表' is not an amount" in problem["message"]
    assert any(r["text"] == "见附表" for r in rows_of(package, "unparsed_cells"))


def test_unknown_table_title(tmp_path: Path) -> None:
    lines = SAMPLE.split("\n")
    assert lines[2118] == "部门预算财政拨款“三公”经费支出表"
    lines[2118] = "部门预算某某情况统计表"
    package = convert_text("\n".join(lines), tmp_path)
    assert not (package / "data" / "three_public_expenses.csv").exists()
    problem = next(p for p in problems_of(package) if p["table_id"] == "unrecognised")
    assert "not recognised" in problem["message"] and "某某情况统计表" in problem["message"]
    kept = {r["text"].strip() for r in rows_of(package, "unparsed_cells")}
    assert {"“三公”经费小计", "12.60", "公务用车运行维护费"} <= kept


def test_duplicated_table(tmp_path: Path) -> None:
    lines = SAMPLE.split("\n")
    three_public = lines[2118:2205]  # title and table of 三公
    package = convert_text("\n".join(lines[:2205] + three_public + lines[2205:]), tmp_path)
    problem = next(p for p in problems_of(package) if "printed a second time" in p["message"])
    assert problem["table_id"] == "three_public_expenses"
    assert len(rows_of(package, "three_public_expenses")) == 9
    copies = [r for r in rows_of(package, "unparsed_cells") if "second copy" in r["reason"]]
    assert len(copies) > 20


def test_cli_goes_on_after_a_bad_filing(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / "good.txt").write_text(SAMPLE, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"not a zip")
    out = tmp_path / "packages"
    run = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "convert", str(folder), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "broken.txt: the file is empty" in run.stderr
    assert "notes.docx" in run.stderr
    assert (out / "good" / "datapackage.json").exists()
    assert not (out / "broken").exists()


def test_failed_run_keeps_the_last_good_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: validation crashes half-way; the previous package must survive intact."""
    good = convert_text(SAMPLE, tmp_path, "sample")
    before = {p: p.read_bytes() for p in good.rglob("*") if p.is_file()}

    def crash(directory: Path) -> dict[str, object]:
        raise RuntimeError("disk full")

    monkeypatch.setattr("gongkai.convert.validate_package", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        convert_text(SAMPLE.replace("1908.22", "1908.23"), tmp_path, "sample")
    after = {p: p.read_bytes() for p in good.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in good.parent.iterdir()] == ["sample"]  # no staging left behind


def test_output_is_deterministic(tmp_path: Path, sample_package: Path) -> None:
    again = convert_text(SAMPLE, tmp_path, "changli_2023_dept_budget_hrss")
    for path in sorted(sample_package.rglob("*")):
        if (
            path.is_file()
            and path.parent.name != "original"
            and path.name
            not in ("datapackage.json", "checks.csv", "problems.csv", "validation.json")
        ):
            assert (again / path.relative_to(sample_package)).read_bytes() == path.read_bytes(), (
                path
            )
    first = json.loads((sample_package / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in first["resources"]][:3] == [
        "income_expenditure_summary",
        "fiscal_appropriation_summary",
        "income_by_function",
    ]
