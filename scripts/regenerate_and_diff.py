"""Regenerate everything generated that is committed (the sample's package in datapackages/) and
fail on any difference. The corpus's packages and the collection are build outputs, not committed."""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

from gongkai import paths


def differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []
    comparison = filecmp.dircmp(left, right)
    found += [f"only in committed: {left / n}" for n in comparison.left_only]
    found += [f"only in regenerated: {right / n}" for n in comparison.right_only]
    for name in comparison.common_files:
        if (left / name).read_bytes() != (right / name).read_bytes():
            found.append(f"differs: {left / name}")
    for name in comparison.common_dirs:
        found += differences(left / name, right / name)
    return found


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "datapackages"
        sample = paths.FILINGS / "changli"
        subprocess.run(
            [sys.executable, "-m", "gongkai.cli", "convert", str(sample), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        committed = sorted(p.name for p in paths.DATAPACKAGES.iterdir() if p.name != "all-filings")
        regenerated = sorted(p.name for p in out.iterdir() if p.name != "all-filings")
        found = [f"committed package list {committed} != regenerated {regenerated}"]
        if committed == regenerated:
            found = [f for n in committed for f in differences(paths.DATAPACKAGES / n, out / n)]
    for line in found:
        print(line)
    if found:
        print("datapackages/ is out of date: run `make sample`, review and commit the result")
        return 1
    print("datapackages/ matches a fresh regeneration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
