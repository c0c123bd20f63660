"""Escape untrusted filing text so that Markdown and HTML show it literally, never as markup."""

from __future__ import annotations

import hashlib
import re

# Characters that start HTML or inline Markdown syntax (emphasis, code, links, tables, attribute
# lists, footnotes, the pymdownx inline extensions) anywhere in a line. Numeric character
# references survive every Markdown stage and render as the character itself.
_INLINE = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "|": "&#124;",
    "~": "&#126;",
    "{": "&#123;",
    "}": "&#125;",
    "^": "&#94;",
    "=": "&#61;",
    "+": "&#43;",
    ":": "&#58;",
    "$": "&#36;",
}
_TABLE = str.maketrans(_INLINE)
# Block syntax only counts at the start of a line: headings, lists, quotes, rules, snippets.
_LINE_START = re.compile(r"^(\s*)([#\-!]|\d+(?=[.)]))", re.MULTILINE)
_DOUBLE_HYPHEN = re.compile(r"-(?=-)")
_WHITESPACE = re.compile(r"\s+")


def _block_start(match: re.Match[str]) -> str:
    lead, token = match.group(1), match.group(2)
    if token.isdigit():
        # "1. text" would become a list: encode the last digit so the number stays readable.
        return f"{lead}{token[:-1]}&#{ord(token[-1])};"
    return f"{lead}&#{ord(token)};"


def text(value: object) -> str:
    """One line of untrusted text as inline Markdown; whitespace runs become one space."""
    if value is None:
        return ""
    flat = _WHITESPACE.sub(" ", str(value)).strip()
    escaped = flat.translate(_TABLE)
    escaped = _DOUBLE_HYPHEN.sub("&#45;", escaped)
    return _LINE_START.sub(_block_start, escaped)


def cell(value: object) -> str:
    """Untrusted text for a Markdown table cell (pipes and newlines included)."""
    return text(value)


def attribute(value: object) -> str:
    """Untrusted text for an HTML attribute value inside double quotes."""
    return text(value)


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_-]+")


def slug(value: str) -> str:
    """A file-name- and URL-safe id: ASCII letters, digits, hyphen and underscore only.

    An id that is already safe is kept as it is. Any other id keeps its ASCII part and gets the
    first 8 hex digits of its SHA-1 appended, so that ids differing only in Chinese characters
    (``001_上海__2026年上海市审计局_部门预算``) never share a page, and the same id always gets
    the same slug.
    """
    if _SAFE_ID.fullmatch(value):
        return value
    cleaned = re.sub(r"[-_]*-[-_]*", "-", _UNSAFE_RUN.sub("-", value)).strip("-_")
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else digest
