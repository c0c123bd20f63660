"""Provenance files are checked against schemas/provenance.schema.json and against their folder.

Every bad provenance below is GENERATED here (labelled "generated bad provenance" in the file it
writes): each is refused with a message naming the file and the field, and the good filing
beside it still goes through `discover()` and `gongkai convert`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gongkai import paths
from gongkai.cli import main
from gongkai.filings import discover, load_provenance
from gongkai.model import ReadError
from gongkai.readers import supported_suffixes
from tests.conftest import SAMPLE_TEXT

LABEL = "# generated bad provenance (tests/test_provenance.py): must be refused\n"
TEXT = "一、部门预算收支总表\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _good(folder: Path, filing_id: str = "good_2023_x_budget") -> Path:
    """A valid provenance and its file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = SAMPLE_TEXT.read_bytes()
    (folder / f"{filing_id}.txt").write_bytes(data)
    path = folder / f"{filing_id}.yaml"
    path.write_text(
        f"id: {filing_id}\nyear: 2023\nphase: 预算\nfiles:\n"
        f"  - name: {filing_id}.txt\n    sha256: '{_sha(data)}'\n",
        encoding="utf-8",
    )
    return path


def _bad(folder: Path, body: str, name: str = "bad.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bad.txt").write_text(TEXT, encoding="utf-8")
    path = folder / name
    path.write_text(LABEL + body, encoding="utf-8")
    return path


SHA = _sha(TEXT.encode())
# (case, provenance body, field the message must name, words it must contain)
BAD_CASES = [
    ("id dot", f"id: .\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n", "id", "letters, digits"),
    ("id dotdot", f"id: ..\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n", "id", "letters"),
    (
        "id reserved",
        f"id: all-filings\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n",
        "id",
        "reserved",
    ),
    ("id hidden", f"id: .hidden\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n", "id", "starting"),
    ("id slash", f"id: a/b\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n", "id", "letters"),
    ("files missing", "id: x\n", "files", "is missing"),
    ("files empty", "id: x\nfiles: []\n", "files", "list the filing's files"),
    ("name missing", f"id: x\nfiles: [{{sha256: '{SHA}'}}]\n", "files[1].name", "is missing"),
    ("name integer", f"id: x\nfiles: [{{name: 5, sha256: '{SHA}'}}]\n", "files[1].name", "plain"),
    ("name dot", f"id: x\nfiles: [{{name: ., sha256: '{SHA}'}}]\n", "files[1].name", "plain"),
    (
        "name parent",
        f"id: x\nfiles: [{{name: ../../x.txt, sha256: '{SHA}'}}]\n",
        "files[1].name",
        "no folders",
    ),
    (
        "name absolute",
        f"id: x\nfiles: [{{name: /etc/passwd, sha256: '{SHA}'}}]\n",
        "files[1].name",
        "plain file name",
    ),
    ("sha256 missing", "id: x\nfiles: [{name: bad.txt}]\n", "files[1].sha256", "is missing"),
    (
        "sha256 integer",
        "id: x\nfiles: [{name: bad.txt, sha256: " + "0" * 64 + "}]\n",
        "files[1].sha256",
        "in quotes",
    ),
    (
        "sha256 short",
        "id: x\nfiles: [{name: bad.txt, sha256: 'abc'}]\n",
        "files[1].sha256",
        "64 lowercase hexadecimal",
    ),
    (
        "sha256 wrong",
        "id: x\nfiles: [{name: bad.txt, sha256: '" + "0" * 64 + "'}]\n",
        "files[1].sha256",
        "does not match",
    ),
    (
        "year chinese",
        f"id: x\nyear: 二〇二三\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n",
        "year",
        "integer",
    ),
    (
        "year text",
        f"id: x\nyear: '2023'\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n",
        "year",
        "integer",
    ),
    (
        "phase",
        f"id: x\nphase: budget\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n",
        "phase",
        "预算",
    ),
    ("not a mapping", "- just\n- a list\n", "(whole file)", "YAML mapping"),
    ("not yaml", "id: [unclosed\n", "", "not valid YAML"),
    (
        "file missing",
        f"id: x\nfiles: [{{name: gone.txt, sha256: '{SHA}'}}]\n",
        "files[1]",
        "add it",
    ),
]


@pytest.mark.parametrize(
    ("case", "body", "field", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_provenance_is_refused_naming_file_and_field(
    tmp_path: Path, case: str, body: str, field: str, words: str
) -> None:
    path = _bad(tmp_path, body)
    with pytest.raises(ReadError) as caught:
        load_provenance(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    if field:
        assert f"`{field}" in message, message
    assert words in message, message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(LABEL.encode() + "id: x\nyear: 2023\n".encode("gb18030") + b"\xff\xfe\n")
    with pytest.raises(ReadError, match="not UTF-8 text; save it as UTF-8"):
        load_provenance(path)


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / "bad.txt").symlink_to(outside)
    path = folder / "bad.yaml"
    path.write_text(LABEL + f"id: x\nfiles: [{{name: bad.txt, sha256: '{SHA}'}}]\n", "utf-8")
    with pytest.raises(ReadError, match=r"`files\[1\]\.name`: bad.txt is a link to a file outside"):
        load_provenance(path)


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    path = folder / "bad.yaml"
    path.write_text(LABEL + f"id: x\nfiles: [{{name: loop.txt, sha256: '{SHA}'}}]\n", "utf-8")
    with pytest.raises(ReadError, match=r"`files\[1\]\.name`: loop.txt cannot be resolved"):
        load_provenance(path)
    _good(folder)
    sources, errors = discover([folder], supported_suffixes())
    assert [s.filing_id for s in sources] == ["good_2023_x_budget"]
    assert any("loop.txt" in e for e in errors)


def test_a_date_and_a_quoted_sha256_are_accepted(tmp_path: Path) -> None:
    path = _good(tmp_path)
    path.write_text(path.read_text("utf-8") + "retrieved: 2024-05-01\n", "utf-8")
    assert load_provenance(path).provenance["retrieved"] == "2024-05-01"


def test_one_bad_provenance_fails_only_its_filing(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    _good(folder / "region-a")
    _bad(folder / "region-b", "id: ..\nfiles: [{name: bad.txt, sha256: '0'}]\n")
    sources, errors = discover([folder], supported_suffixes())
    assert [s.filing_id for s in sources] == ["good_2023_x_budget"]  # bad.txt is not converted bare
    assert (
        len(errors) == 1 and "region-b/bad.yaml" in errors[0] and "`files[1].sha256`" in errors[0]
    )
    out = tmp_path / "packages"
    result = CliRunner().invoke(main, ["convert", str(folder), "--out", str(out)])
    assert result.exit_code == 1  # the refused filing counts as a failure …
    assert (out / "good_2023_x_budget" / "datapackage.json").exists()  # … the good one is published
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "all-filings",
        "good_2023_x_budget",
    ]


def test_two_filings_with_one_id(tmp_path: Path) -> None:
    _good(tmp_path / "a")
    _good(tmp_path / "b")
    sources, errors = discover([tmp_path], supported_suffixes())
    assert len(sources) == 1
    assert errors == [
        f"{tmp_path / 'b' / 'good_2023_x_budget.yaml'}: filing id 'good_2023_x_budget' is already "
        f"used by {tmp_path / 'a' / 'good_2023_x_budget.yaml'}; give one of them another id"
    ]


def test_a_bare_file_named_like_a_reserved_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "all-filings.txt").write_text(TEXT, encoding="utf-8")
    sources, errors = discover([tmp_path], supported_suffixes())
    assert sources == []
    assert errors == [
        f"{tmp_path / 'all-filings.txt'}: file name 'all-filings' is reserved; rename the file"
    ]


def test_the_corpus_provenance_is_complete() -> None:
    """Every provenance of filings/ passes and states everything a reader needs to trust it."""
    sources, errors = discover([paths.FILINGS], supported_suffixes())
    assert errors == []
    assert len(sources) == 63
    required = {"id", "title", "publisher", "department_name", "region", "level", "year"}
    required |= {"phase", "scope", "url", "retrieved", "obtained", "files"}
    for source in sources:
        assert source.provenance_path is not None
        assert required <= set(source.provenance), source.filing_id
        assert source.provenance_path.stem == source.filing_id
        region_slug = source.filing_id.split("_")[0]
        assert source.provenance_path.parent.name == region_slug
    assert not any("template" in s.filing_id for s in sources)
    counts = {}
    for source in sources:
        key = (source.provenance["phase"], source.provenance["scope"])
        counts[key] = counts.get(key, 0) + 1
    assert counts == {("预算", "部门"): 51, ("预算", "单位"): 11, ("决算", "部门"): 1}


def test_the_renwu_metadata_is_the_documents_not_the_file_names() -> None:
    """Spot checks of scripts/renwu_filings.yaml against what the PDFs print."""
    renwu = yaml.safe_load((paths.ROOT / "scripts" / "renwu_filings.yaml").read_text("utf-8"))
    by_id = {spec["id"]: (name, spec) for name, spec in renwu.items()}
    assert len(by_id) == 41
    name, spec = by_id["xian_2020_renshe-ju_budget"]
    assert "2026" in name and spec["year"] == 2020
    name, spec = by_id["shanghai_2026_shuichan-laoganbu-huodongshi_budget"]
    assert "工业和信息化局" in name and spec["department_name"] == "上海水产老干部活动室"
    assert by_id["wuxi_2025_fagaiwei_budget"][1]["year"] == 2025
    assert by_id["fuzhou_2026_minzhengju-benji_budget"][1]["scope"] == "单位"
