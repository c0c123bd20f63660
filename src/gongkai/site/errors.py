"""The site stage's one error: a build step failed, and the message says what to do."""

from __future__ import annotations


class SiteError(Exception):
    """A site build step failed; the message says what to do."""
