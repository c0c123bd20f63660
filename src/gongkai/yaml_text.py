"""gongkai's own YAML data (schemas, templates, check rules) parsed with PyYAML's libyaml loader
when it is built in: the same objects as yaml.safe_load, about ten times faster (a fifth of a
second at every process start). Provenance files, written by people, keep yaml.safe_load and its
error messages (filings.py)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    """The YAML document in ``text`` (safe: plain data only)."""
    return yaml.load(text, Loader=_LOADER)
