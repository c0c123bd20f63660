"""Regenerate everything generated that is committed (datapackages/) and fail on any difference."""

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
        subprocess.run(
            [sys.executable, "-m", "gongkai.cli", "convert", str(paths.FILINGS), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        found = differences(paths.DATAPACKAGES, out)
    for line in found:
        print(line)
    if found:
        print("datapackages/ is out of date: run `make data` and commit the result")
        return 1
    print("datapackages/ matches a fresh regeneration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
