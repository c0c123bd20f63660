"""Copy the real PDFs of ../shared/data-fetched into filings/<region>/ with a provenance file each.

Re-runnable: the metadata comes from data files, never from guesses at run time —
tests/fixtures/real_filings.yaml for the Jiangsu and Shanghai filings (the 决算 template,
`template_only`, is never copied) and scripts/renwu_filings.yaml for the 41 renwu PDFs, whose
metadata was read by eye from each document (the crawler's file names can be wrong). An
existing provenance keeps its `retrieved` date, so a re-run changes nothing that did not change.

    .venv/bin/python scripts/build_corpus.py    # writes filings/<region>/<id>.yaml + the PDFs
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from gongkai import paths
from gongkai.filings import sha256_of

DATA = paths.SHARED / "data-fetched"
FIXTURE = paths.ROOT / "tests" / "fixtures" / "real_filings.yaml"
RENWU = Path(__file__).with_name("renwu_filings.yaml")

# Where each folder of data-fetched was copied from (data-fetched/README.md and renwu/README.md).
ORIGINS = {
    "jiangsu_open-budget": "https://github.com/ae86jack/open-budget @ b7cedd16098c",
    "shanghai_tianbaoxitong": "https://github.com/zxj6827111-blip/tianbaoxitong @ 13e0c53804c6",
    "shanghai_govbudgetchecker": "https://github.com/zxj6827111-blip/GovBudgetChecker @ 91faac5",
    "renwu": "https://github.com/calinchow-del/renwu",
}
LEVELS = {"jiangsu": "省级", "shanghai": "市级", "shanghai-putuo": "区级"}
HEADER = (
    "# Provenance of one filing, written by scripts/build_corpus.py from {source}.\n"
    "# Edit the source data and re-run the script rather than this file.\n"
)


def renwu_commits() -> dict[str, tuple[str, str]]:
    """renwu/README.md's table: file -> (path in the renwu repository, commit)."""
    table = (DATA / "renwu" / "README.md").read_text("utf-8")
    found: dict[str, tuple[str, str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0].endswith(".pdf"):
            found[cells[0]] = (cells[3], cells[4])
    return found


def _title(spec: dict[str, Any]) -> str:
    phase = spec.get("phase", "预算")
    return f"{spec['department_name']}{spec['year']}年{spec.get('scope', '部门')}{phase}"


def fixture_filings() -> list[dict[str, Any]]:
    filings = yaml.safe_load(FIXTURE.read_text("utf-8"))
    entries = []
    for filing_id, spec in filings.items():
        if spec.get("template_only"):
            continue
        folder = spec["files"][0].split("/")[0]
        entries.append(
            {
                "id": filing_id,
                **{k: spec[k] for k in ("department_name", "region", "year")},
                "level": LEVELS[filing_id.split("_")[0]],
                "phase": spec.get("phase", "预算"),
                "scope": spec.get("scope", "部门"),
                "obtained": f"{ORIGINS[folder]} (via shared/data-fetched/{folder})",
                "sources": [(DATA / name, name.split("/", 1)[1]) for name in spec["files"]],
                "_from": "tests/fixtures/real_filings.yaml",
            }
        )
    return entries


def renwu_filings() -> list[dict[str, Any]]:
    commits = renwu_commits()
    entries = []
    for name, spec in yaml.safe_load(RENWU.read_text("utf-8")).items():
        source_path, commit = commits[name]
        entries.append(
            {
                **{k: v for k, v in spec.items() if k != "printed"},
                "level": "市级",
                "phase": "预算",
                "obtained": f"{ORIGINS['renwu']} @ {commit}: {source_path} "
                "(via shared/data-fetched/renwu)",
                "printed": spec["printed"],
                "sources": [(DATA / "renwu" / name, name)],
                "_from": "scripts/renwu_filings.yaml",
            }
        )
    return entries


def provenance(entry: dict[str, Any], folder: Path) -> tuple[dict[str, Any], list[Path]]:
    """The provenance mapping of one filing and the source files to copy (in file order)."""
    sources: list[tuple[Path, str]] = entry["sources"]
    names = (
        [f"{entry['id']}.pdf"]
        if len(sources) == 1
        else [f"{entry['id']}-{n}.pdf" for n in range(1, len(sources) + 1)]
    )
    old = folder / f"{entry['id']}.yaml"
    retrieved = None
    if old.exists():
        retrieved = (yaml.safe_load(old.read_text("utf-8")) or {}).get("retrieved")
    data: dict[str, Any] = {
        "id": entry["id"],
        "title": _title(entry),
        "publisher": entry["department_name"],
        "department_name": entry["department_name"],
        "region": entry["region"],
        "level": entry["level"],
        "year": entry["year"],
        "phase": entry["phase"],
        "scope": entry["scope"],
        "original_format": "PDF",
        "url": "unknown",
        "retrieved": str(retrieved or datetime.date.today().isoformat()),
        "obtained": entry["obtained"],
    }
    if entry.get("printed"):
        data["printed"] = entry["printed"]
    data["files"] = [
        {"name": name, "sha256": sha256_of(path), "original_name": original}
        for name, (path, original) in zip(names, sources, strict=True)
    ]
    return data, [path for path, _ in sources]


def write(entry: dict[str, Any], root: Path) -> bool:
    """Write one filing's provenance and files; True if anything changed."""
    folder = root / re.sub(r"_.*", "", entry["id"])
    folder.mkdir(parents=True, exist_ok=True)
    data, files = provenance(entry, folder)
    changed = False
    for spec, path in zip(data["files"], files, strict=True):
        target = folder / spec["name"]
        if not target.exists() or sha256_of(target) != spec["sha256"]:
            shutil.copyfile(path, target)
            changed = True
    text = HEADER.format(source=entry["_from"]) + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=1000
    )
    # A sha256 of digits only would read back as a YAML integer: always quote it.
    text = re.sub(r"sha256: ([0-9a-f]{64})", r"sha256: '\1'", text)
    target = folder / f"{entry['id']}.yaml"
    if not target.exists() or target.read_text("utf-8") != text:
        target.write_text(text, encoding="utf-8")
        changed = True
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=paths.FILINGS)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} not found: the real PDFs live in the shared folder beside the repository")
        return 1
    entries = fixture_filings() + renwu_filings()
    ids = [e["id"] for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        print(f"duplicate filing ids: {duplicates}")
        return 1
    changed = sum(write(entry, args.out) for entry in entries)
    print(f"{len(entries)} filings in {args.out}, {changed} written or updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
