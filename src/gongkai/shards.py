"""A province's corpus split by region into shards: where each shard's packages, pages and site
live, and the hand-written pages each shard's site is built with.

A shard named ``jiangsu`` is built from ``filings/jiangsu`` (or the region folders given) into
``<shards>/jiangsu/datapackages`` and ``<shards>/jiangsu/docs``, and its site into
``<shards>/site/jiangsu``: ``<shards>/site/`` is then the whole domain, each shard's site at its
own path and the root index (`gongkai.site.shard_index`) at ``index.html``.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from gongkai import paths

# A shard's name is a path of the domain and a folder name: lower-case ASCII, digits, - and _.
SHARD_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SITES = "site"
# What the root index reads of each shard (written by the combine stage, gongkai.collection).
COLLECTION_FILINGS = Path("all-filings") / "data" / "filings.csv"


@dataclass(frozen=True)
class Shard:
    name: str
    root: Path = paths.SHARDS

    def __post_init__(self) -> None:
        if not SHARD_NAME.match(self.name) or self.name == SITES:
            raise ValueError(
                f"shard name {self.name!r}: use lower-case letters, digits, - and _ "
                f"(it is a folder and the site's path), and not {SITES!r}"
            )

    @property
    def filings(self) -> Path:
        """The region folder of the same name, when no folders are given."""
        return paths.FILINGS / self.name

    @property
    def packages(self) -> Path:
        return self.root / self.name / "datapackages"

    @property
    def docs(self) -> Path:
        return self.root / self.name / "docs"

    @property
    def site(self) -> Path:
        return domain_folder(self.root) / self.name


def domain_folder(root: Path) -> Path:
    """The folder that is the whole domain: every shard's site, and the root index."""
    return root / SITES


def shard_names(root: Path) -> list[str]:
    """The shards under ``root`` that have a collection (their build got that far), sorted."""
    if not root.is_dir():
        return []
    return sorted(
        folder.name
        for folder in root.iterdir()
        if folder.is_dir()
        and folder.name != SITES
        and SHARD_NAME.match(folder.name)
        and (Shard(folder.name, root).packages / COLLECTION_FILINGS).is_file()
    )


def _generated(name: str) -> bool:
    """docs/generated and what a stopped write of it left (.generated.new-*): each shard writes
    its own."""
    return name == "generated" or name.startswith(".generated")


def sync_hand_written_docs(source: Path, target: Path) -> None:
    """Make ``target`` hold the hand-written pages of ``source`` (docs/ without generated/):
    files copied where their bytes differ, files no longer in ``source`` deleted; the
    shard's own generated/ is left alone."""

    def hand_written(root: Path) -> dict[Path, Path]:
        return {
            path.relative_to(root): path
            for path in sorted(root.rglob("*"))
            if path.is_file() and not _generated(path.relative_to(root).parts[0])
        }

    wanted = hand_written(source)
    present = hand_written(target) if target.is_dir() else {}
    for relative, path in present.items():
        if relative not in wanted:
            path.unlink()
    for relative, path in wanted.items():
        copy = target / relative
        if relative in present and copy.read_bytes() == path.read_bytes():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
