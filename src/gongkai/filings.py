"""Filings on disk: a provenance YAML naming one or more files, or a bare file with none.

A provenance file is checked against schemas/provenance.schema.json and against the folder it
sits in (its files are plain names beside it, its id a safe folder name); a bad one is refused
with a message naming the file and the field, and the filings beside it go on.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from gongkai.model import ReadError

# Folder names a filing id must never take: the combined package, and anything hidden or relative.
RESERVED_IDS = frozenset({"all-filings", ".", ".."})
_UNSAFE_IN_NAME = re.compile(r"[/\\\x00-\x1f]")


@dataclass
class FilingSource:
    filing_id: str
    files: list[Path]
    provenance: dict[str, Any] = field(default_factory=dict)
    provenance_path: Path | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def provenance_schema() -> dict[str, Any]:
    text = resources.files("gongkai.schemas").joinpath("provenance.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def unsafe_id_reason(filing_id: str) -> str | None:
    """Why ``filing_id`` cannot be a package folder name, or None if it can."""
    if filing_id in RESERVED_IDS:
        return f"{filing_id!r} is reserved"
    if filing_id.startswith("."):
        return f"{filing_id!r} starts with a dot (hidden folder)"
    if not filing_id.strip() or _UNSAFE_IN_NAME.search(filing_id):
        return f"{filing_id!r} is empty or holds a path separator or control character"
    return None


def _field_name(path: Any) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "(whole file)"


def _schema_node(schema: dict[str, Any], path: Any) -> dict[str, Any]:
    node = schema
    for part in path:
        node = node["items"] if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def schema_errors(data: Any) -> list[str]:
    """Each schema violation as 'field: what is wrong; what to do', in field order."""
    schema = provenance_schema()
    messages = []
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.path]):
        path = list(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1]
            path = [*path, missing]
            what = "is missing"
        elif error.validator == "not":
            what = f"{error.instance!r} is reserved"
        else:
            what = f"{error.instance!r} is not valid ({error.validator} {error.validator_value!r})"
        fix = _schema_node(schema, path).get("x-fix", "see schemas/provenance.schema.json")
        messages.append(f"field `{_field_name(path)}`: {what}; {fix}")
    return messages


def _plain_dates(data: Any) -> Any:
    # YAML reads an unquoted 2024-05-01 as a date; the schema wants the same text.
    if isinstance(data, dict):
        return {k: _plain_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain_dates(v) for v in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{path}: provenance file is not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise ReadError(f"{path}: provenance file cannot be read ({exc.strerror})") from exc
    try:
        return _plain_dates(yaml.safe_load(text))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # ValueError: a 5,000-digit int
        raise ReadError(f"{path}: provenance file is not valid YAML ({exc}); fix it") from exc


def _file_in_folder(path: Path, index: int, name: str) -> Path:
    """The listed file, refused unless it is a plain name of a regular file inside the folder."""
    where = f"{path}: field `files[{index}].name`"
    if name in (".", "..") or _UNSAFE_IN_NAME.search(name) or Path(name).is_absolute():
        raise ReadError(
            f"{where}: {name!r} is not a plain file name; put the file in the folder of the "
            "provenance file and write its name only (no folders, no ..)"
        )
    folder = path.parent.resolve()
    candidate = path.parent / name
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError as exc:
        raise ReadError(f"{where}: {name} not found beside the provenance file; add it") from exc
    except (OSError, RuntimeError) as exc:  # symlink loops end here
        raise ReadError(f"{where}: {name} cannot be resolved ({exc}); replace it") from exc
    if resolved.parent != folder:
        raise ReadError(
            f"{where}: {name} is a link to a file outside the folder; copy the file itself here"
        )
    if not resolved.is_file():
        raise ReadError(f"{where}: {name} is not a regular file; list files only")
    return resolved


def load_provenance(path: Path) -> FilingSource:
    """Read and check one provenance file; ReadError naming file and field if it is refused."""
    data = _read_yaml(path)
    errors = schema_errors(data)
    if errors:
        raise ReadError(f"{path}: provenance refused: " + " | ".join(errors))
    filing_id = str(data.get("id") or path.stem)
    reason = unsafe_id_reason(filing_id)
    if reason or not re.match(provenance_schema()["properties"]["id"]["pattern"], filing_id):
        raise ReadError(
            f"{path}: field `id`: {reason or repr(filing_id) + ' is not a safe name'}; "
            f"{provenance_schema()['properties']['id']['x-fix']}"
        )
    files: list[Path] = []
    for index, entry in enumerate(data["files"], start=1):
        file_path = _file_in_folder(path, index, entry["name"])
        if sha256_of(file_path) != entry["sha256"]:
            raise ReadError(
                f"{path}: field `files[{index}].sha256`: {entry['name']} does not match it; the "
                "file changed since it was registered: check the file and update its sha256"
            )
        files.append(file_path)
    return FilingSource(filing_id, files, data, path)


def _named_files(path: Path) -> set[Path]:
    """Best-effort: the files a (possibly refused) provenance file names beside it."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        names = [e.get("name") for e in data.get("files", []) if isinstance(e, dict)]
    except Exception:  # a refused provenance may be anything; its files are only guessed
        return set()
    return {(path.parent / n).absolute() for n in names if isinstance(n, str) and n.strip()}


def _walk(folder: Path, seen: set[Path]) -> list[Path]:
    """Files of ``folder`` and its sub-folders (sorted, hidden ones skipped, each folder once)."""
    try:
        real = folder.resolve()
        entries = sorted(folder.iterdir())
    except (OSError, RuntimeError):
        return []
    if real in seen:
        return []
    seen.add(real)
    files: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            files.extend(_walk(entry, seen))
        else:
            files.append(entry)
    return files


def discover(paths: list[Path], suffixes: list[str]) -> tuple[list[FilingSource], list[str]]:
    """Filings named on the command line or found in folders; errors as messages, not exceptions.

    A folder's provenance files (*.yaml, in it and its sub-folders) define its filings; files of
    a known type that no provenance file lists become filings of their own (id = file stem),
    without provenance. A refused provenance file is reported and its files are not converted
    without it. Two filings with one id: the second is refused.
    """
    sources: list[FilingSource] = []
    errors: list[str] = []
    claimed: set[Path] = set()
    candidates: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        candidates.extend(_walk(path, seen) if path.is_dir() else [path])
    ids: dict[str, Path] = {}

    def add(source: FilingSource, origin: Path) -> None:
        if source.filing_id in ids:
            errors.append(
                f"{origin}: filing id {source.filing_id!r} is already used by {ids[source.filing_id]}; "
                "give one of them another id"
            )
            return
        ids[source.filing_id] = origin
        sources.append(source)

    for path in candidates:
        if path.suffix.lower() in (".yaml", ".yml"):
            claimed.update(_named_files(path))
            try:
                source = load_provenance(path)
            except ReadError as exc:
                errors.append(str(exc))
                continue
            add(source, path)
            claimed.update(source.files)
    for path in candidates:
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml", ".md") or path.absolute() in claimed:
            continue
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a dangling link or a symlink loop
            errors.append(f"{path}: cannot be read ({exc}); remove or replace it")
            continue
        if resolved in claimed:
            continue
        if suffix not in suffixes:
            errors.append(f"{path}: not a supported filing type; skipped")
            continue
        reason = unsafe_id_reason(path.stem)
        if reason:
            errors.append(f"{path}: file name {reason}; rename the file")
            continue
        add(FilingSource(path.stem, [resolved]), path)
    return sources, errors
