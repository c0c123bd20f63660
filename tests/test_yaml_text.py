"""gongkai's own YAML files read by libyaml give what yaml.safe_load gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gongkai import yaml_text

OWN_YAML = sorted((Path(__file__).parents[1] / "src" / "gongkai").rglob("*.yaml"))


@pytest.mark.parametrize("path", OWN_YAML, ids=lambda p: p.name)
def test_same_objects_as_safe_load(path: Path) -> None:
    text = path.read_text("utf-8")
    parsed = yaml_text.parse(text)
    assert parsed == yaml.safe_load(text)
    assert repr(parsed) == repr(yaml.safe_load(text))  # types and key order too


def test_dates_and_numbers_as_safe_load_reads_them() -> None:
    text = "a: 2024-01-02\nb: 1.50\nc: '007'\nd: yes\ne: ~\n"
    assert yaml_text.parse(text) == yaml.safe_load(text)
