"""The memoized Frictionless steps give what Frictionless gives, errors included."""

from __future__ import annotations

from typing import Any

from frictionless import Field, fields
from frictionless.vendors import stringcase

from gongkai.validate import frictionless_memo


def _notes(errors: Any) -> list[tuple[str, str]]:
    return [(e.type, e.note) for e in errors]


def test_field_validation_same_errors_every_time() -> None:
    plain = Field.metadata_validate.__func__  # type: ignore[attr-defined]
    memoized = frictionless_memo._memoized(plain)
    bad = {"name": "amount", "type": "number", "constraints": {"pattern": "\\d+"}, "required": True}
    good = {"name": "amount", "type": "number", "constraints": {"minimum": 0}}
    for descriptor in (bad, good, bad):
        expected = _notes(plain(fields.NumberField, descriptor))
        assert _notes(memoized(fields.NumberField, descriptor)) == expected
    assert _notes(memoized(fields.NumberField, bad)) == [
        ("field-error", 'constraint "pattern" is not supported by type "number"'),
        ("field-error", '"required" should be set as "constraints.required"'),
    ]
    assert _notes(memoized(fields.NumberField, good)) == []


def test_install_keeps_names_and_is_idempotent() -> None:
    frictionless_memo.install()
    frictionless_memo.install()
    assert stringcase.snakecase("missingValues") == "missing_values"
    assert stringcase.camelcase("missing_values") == "missingValues"
