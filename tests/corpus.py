"""Where the tests find the real filings: their provenance files in filings/<region>/."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from gongkai import paths
from gongkai.filings import sha256_of

DATA = paths.SHARED / "data-fetched"


def provenance_path(filing_id: str) -> Path:
    """The provenance file of a filing of the corpus (filings/<region>/<filing_id>.yaml)."""
    found = sorted(paths.FILINGS.glob(f"*/{filing_id}.yaml"))
    assert len(found) == 1, f"{filing_id}: {len(found)} provenance files in filings/"
    return found[0]


def provenance_for(filing_id: str, spec: dict[str, Any], folder: Path) -> Path:
    """The corpus's provenance of a filing; for the 决算 template (never in filings/), a
    provenance written into ``folder`` beside a copy of the PDF."""
    if not spec.get("template_only"):
        return provenance_path(filing_id)
    files = []
    for name in spec["files"]:
        copy = folder / Path(name).name
        shutil.copyfile(DATA / name, copy)
        files.append({"name": copy.name, "sha256": sha256_of(copy)})
    meta = {k: v for k, v in spec.items() if k not in ("files", "template_only")}
    path = folder / f"{filing_id}.yaml"
    text = yaml.safe_dump({"id": filing_id, **meta, "files": files}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _convert(args: tuple[str, Path]) -> Path:
    from gongkai.convert import convert
    from gongkai.filings import load_provenance

    filing_id, out = args
    return convert(load_provenance(provenance_path(filing_id)), out).directory


def convert_corpus(filing_ids: list[str], out: Path) -> list[Path]:
    """Convert filings of the corpus into ``out`` on two processes; their package folders."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_convert, [(filing_id, out) for filing_id in filing_ids]))
