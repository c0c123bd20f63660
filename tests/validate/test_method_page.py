"""Every check family is explained on the method page (docs/method.md), under its Chinese name."""

from __future__ import annotations

from types import ModuleType

import pytest

from gongkai import paths
from gongkai.validate.checks import FAMILIES

METHOD = (paths.ROOT / "docs" / "method.md").read_text("utf-8")


@pytest.mark.parametrize("module", [m for m, _ in FAMILIES], ids=lambda m: m.__name__)
def test_family_is_explained(module: ModuleType) -> None:
    title = module.TITLE_ZH
    line = next((li for li in METHOD.splitlines() if li.startswith(f"- **{title}**：")), None)
    assert line is not None, f"docs/method.md explains no check family {title} ({module})"
    assert len(line) > len(title) + 20, f"docs/method.md: {title} is named but not explained"
