"""The collection's SQLite database opened by datasette itself, with the metadata.json published
beside it: datasette accepts the metadata, shows its descriptions, and answers "三公 by department
and year" in one query. Built from two copies of the sample package (fast)."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from gongkai.collection import COMBINED_ID, combine
from tests.collection.served import THREE_PUBLIC_SQL, datasette_get

pytest.importorskip("datasette.app", reason="datasette is a dev dependency")


@pytest.fixture(scope="module")
def collection(sample_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    packages = tmp_path_factory.mktemp("datasette")
    for name, year in (("changli_2022", 2022), ("changli_2023", 2023)):
        shutil.copytree(sample_package, packages / name)
        path = packages / name / "datapackage.json"
        descriptor = json.loads(path.read_text("utf-8"))
        descriptor["gongkai"].update({"filing_id": name, "year": year})
        path.write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    target = combine(packages)
    assert target is not None
    return target


def test_datasette_answers_three_public_by_department_and_year(collection: Path) -> None:
    rows, databases = asyncio.run(
        datasette_get(
            collection,
            f"/{COMBINED_ID}.json?_shape=array&sql={THREE_PUBLIC_SQL}",
            "/-/databases.json",
        )
    )
    assert rows == [
        {"department_id": "昌黎县人力资源和社会保障局", "year": 2022, "three_public": 126000},
        {"department_id": "昌黎县人力资源和社会保障局", "year": 2023, "three_public": 126000},
    ]
    assert [d["name"] for d in databases] == [COMBINED_ID]


def test_datasette_shows_the_metadata(collection: Path) -> None:
    metadata, page = asyncio.run(
        datasette_get(collection, "/-/metadata.json", f"/{COMBINED_ID}/key_figures")
    )
    tables = metadata["databases"][COMBINED_ID]["tables"]
    assert metadata["title"] == "全部公开文件合并数据 All filings combined"
    assert tables["key_figures"]["description"].startswith("One row per filing: headline")
    # The table page renders the table's description and each column's.
    assert "One row per filing: headline figures in 元" in page
    assert "“三公”经费（元）：“三公”经费 in 元" in page
