"""Filings on disk: a provenance YAML naming one or more files, or a bare file with none."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gongkai.model import ReadError

_ID = re.compile(r"^[A-Za-z0-9_\-.]+$")


@dataclass
class FilingSource:
    filing_id: str
    files: list[Path]
    provenance: dict[str, Any] = field(default_factory=dict)
    provenance_path: Path | None = None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_provenance(path: Path) -> FilingSource:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReadError(f"{path.name}: provenance file is not valid YAML ({exc}); fix it") from exc
    if not isinstance(data, dict) or not data.get("files"):
        raise ReadError(f"{path.name}: provenance file must list `files:` (name, sha256)")
    filing_id = str(data.get("id") or path.stem)
    if not _ID.match(filing_id):
        raise ReadError(f"{path.name}: id {filing_id!r} may use only letters, digits, _ - .")
    files: list[Path] = []
    for entry in data["files"]:
        name = entry["name"] if isinstance(entry, dict) else str(entry)
        file_path = (path.parent / name).resolve()
        if not file_path.exists():
            raise ReadError(f"{path.name}: listed file {name} not found beside it")
        expected = entry.get("sha256") if isinstance(entry, dict) else None
        if expected and sha256_of(file_path) != expected:
            raise ReadError(
                f"{path.name}: {name} does not match its sha256 in the provenance file; the file "
                "changed since it was registered: check it and update the sha256"
            )
        files.append(file_path)
    return FilingSource(filing_id, files, data, path)


def discover(paths: list[Path], suffixes: list[str]) -> tuple[list[FilingSource], list[str]]:
    """Filings named on the command line or found in folders; errors as messages, not exceptions.

    A folder's provenance files (*.yaml) define its filings; files of a known type that no
    provenance file lists become filings of their own (id = file stem), without provenance.
    """
    sources: list[FilingSource] = []
    errors: list[str] = []
    claimed: set[Path] = set()
    candidates: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates.extend(sorted(path.iterdir()))
        else:
            candidates.append(path)
    for path in candidates:
        if path.suffix.lower() in (".yaml", ".yml"):
            try:
                source = load_provenance(path)
            except ReadError as exc:
                errors.append(str(exc))
                continue
            sources.append(source)
            claimed.update(source.files)
    for path in candidates:
        if path.suffix.lower() in (".yaml", ".yml") or path.resolve() in claimed:
            continue
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix.lower() not in suffixes and path.suffix.lower() not in (".md",):
            errors.append(f"{path.name}: not a supported filing type; skipped")
            continue
        if path.suffix.lower() == ".md":
            continue
        sources.append(FilingSource(path.stem, [path.resolve()]))
    return sources, errors
