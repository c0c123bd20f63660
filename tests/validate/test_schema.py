"""Schema checks: Frictionless validation of a tiny package written to disk."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai import schemas
from gongkai.datapackage import load_package
from gongkai.validate.checks.schema import schema_checks
from tests.validate.inline import flat


def _write(directory: Path, value: str) -> Path:
    (directory / "data").mkdir(parents=True)
    fields = schemas.field_names("fixed_assets")
    (directory / "data" / "fixed_assets.csv").write_text(
        ",".join(fields) + f"\n1,房屋,平方米,100,{value},,\n", encoding="utf-8"
    )
    descriptor = {
        "name": "tiny",
        "resources": [
            {
                "name": "fixed_assets",
                "path": "data/fixed_assets.csv",
                "profile": "tabular-data-resource",
                "schema": schemas.table_schema("fixed_assets"),
            }
        ],
    }
    (directory / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return directory


def test_valid_and_invalid_csv(tmp_path: Path) -> None:
    valid = schema_checks(load_package(_write(tmp_path / "valid", "803.76")))
    assert flat(valid) == [("schema.fixed_assets", "pass", "0")]
    invalid = schema_checks(load_package(_write(tmp_path / "invalid", "-803.76")))
    assert flat(invalid) == [("schema.fixed_assets", "fail", "1")]
    assert "minimum" in invalid[0].description_en
