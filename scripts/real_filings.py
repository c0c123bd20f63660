"""Write provenance files for the real PDFs of ../shared/data-fetched into a folder, beside links.

Kept for /work/baseline/convert_all.sh and comparisons with the baseline: the corpus itself is
filings/ (scripts/build_corpus.py), which `make site` builds. A provenance may list only plain
names of files in its own folder, so each PDF is hard-linked (or copied) beside its provenance
under its original name; the list and the metadata of each filing are in
tests/fixtures/real_filings.yaml. The official 决算
template (placeholder names, `template_only`) is never written: it is not a filing.

    .venv/bin/python scripts/real_filings.py build/real_filings
    .venv/bin/gongkai build --filings build/real_filings
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import yaml

from gongkai import paths
from gongkai.filings import sha256_of

FIXTURE = paths.ROOT / "tests" / "fixtures" / "real_filings.yaml"
DATA = paths.SHARED / "data-fetched"


def _beside(source: Path, out: Path) -> Path:
    target = out / source.name
    if not target.exists():
        try:
            os.link(source, target)
        except OSError:  # another file system
            shutil.copyfile(source, target)
    return target


def main(out: Path) -> int:
    if not DATA.is_dir():
        print(f"{DATA} not found: the real PDFs live in the shared folder beside the repository")
        return 1
    out.mkdir(parents=True, exist_ok=True)
    filings = yaml.safe_load(FIXTURE.read_text("utf-8"))
    written = 0
    for filing_id, spec in filings.items():
        if spec.get("template_only"):
            continue
        files = [_beside(DATA / name, out) for name in spec["files"]]
        provenance = {
            "id": filing_id,
            **{k: v for k, v in spec.items() if k != "files"},
            "phase": spec.get("phase", "预算"),
            "original_format": "PDF",
            "obtained": "shared/data-fetched (public disclosures copied from open repositories)",
            "files": [{"name": path.name, "sha256": sha256_of(path)} for path in files],
        }
        (out / f"{filing_id}.yaml").write_text(
            yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        written += 1
    print(f"{written} provenance files written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else paths.BUILD / "real_filings"))
