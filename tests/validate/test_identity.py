"""Identity: what the filing prints about itself against its provenance file."""

from __future__ import annotations

from gongkai.validate.checks.identity import identity_checks
from tests.validate.inline import flat, package


def test_printed_against_declared() -> None:
    meta = {
        "department_name": "昌黎县人力资源和社会保障局",
        "department_name_printed": "昌黎县人力资源和社会保障局",
        "year": 2023,
        "year_printed": 2022,
        "phase": "预算",
    }
    assert flat(identity_checks(package(meta))) == [
        ("identity.department_name", "pass", None),
        ("identity.year", "fail", None),
        ("identity.phase", "skip", None),
    ]
