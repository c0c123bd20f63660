"""Memoized pure steps of Frictionless, so that validating a package does not redo the same
descriptor work for every field of every resource (issue 11, item 5).

Validating one package makes Frictionless validate each field's descriptor about four times
(the package, each resource again, a copy of each field for the header and one for the cell
readers), each table schema three times, and convert each property name between camelCase and snake_case tens of thousands of
times; about half of a package's validation time. Both are pure functions of their arguments
(a field's descriptor and the Data Package version it is read under; a name), so their results
(schemas are the same for every filing) are kept for the life of the process: the report is the same, errors included.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from typing import Any

_installed = False
_lock = threading.Lock()


def install() -> None:
    """Memoize the validation of Field and Schema descriptors and Frictionless's name-case
    conversions (once per process; later calls do nothing)."""
    global _installed
    with _lock:
        if _installed:
            return
        from frictionless import Field, Schema
        from frictionless.vendors import stringcase

        stringcase.snakecase = functools.lru_cache(maxsize=4096)(stringcase.snakecase)
        stringcase.camelcase = functools.lru_cache(maxsize=4096)(stringcase.camelcase)
        for metadata in (Field, Schema):
            validate = _memoized(metadata.metadata_validate.__func__)  # type: ignore[attr-defined]
            metadata.metadata_validate = classmethod(validate)  # type: ignore[method-assign,assignment]
        _installed = True


def _memoized(validate: Any) -> Any:
    """A metadata_validate with its errors kept per (class, descriptor, Data Package version)."""
    found: dict[tuple[Any, ...], list[Any]] = {}

    def metadata_validate(cls: Any, descriptor: Any, *, context: Any = None) -> Iterator[Any]:
        try:
            text = json.dumps(descriptor, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError):  # not plain JSON: validated as Frictionless does
            yield from validate(cls, descriptor, context=context)
            return
        key = (cls, text, getattr(context, "datapackage_version", None))
        if key not in found:
            if len(found) > 20000:  # bounded: a long run over many schemas
                found.clear()
            found[key] = list(validate(cls, descriptor, context=context))
        yield from found[key]

    return metadata_validate
