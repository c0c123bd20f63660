"""The one place that knows where things are, anchored at the repository root (never the cwd)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILINGS = ROOT / "filings"
DATAPACKAGES = ROOT / "datapackages"
DOCS = ROOT / "docs"
DOCS_GENERATED = DOCS / "generated"
BUILD = ROOT / "build"
SITE = BUILD / "site"
# A province split by region: build/shards/<shard>/{datapackages,docs}, the sites under site/.
SHARDS = BUILD / "shards"
SHARED = ROOT.parent / "shared"
