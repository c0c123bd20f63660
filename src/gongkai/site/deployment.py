"""Where the site is published and where readers report errors: mkdocs.yml's ``site_url`` and
``extra.report_url``, overridden at build time by GONGKAI_SITE_URL and GONGKAI_REPORT_URL, so
that a deployer sets them without editing the YAML."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from gongkai import paths
from gongkai.site.errors import SiteError

SITE_URL_ENV = "GONGKAI_SITE_URL"
REPORT_URL_ENV = "GONGKAI_REPORT_URL"
# The shard a site is built as (`gongkai build --shard NAME` sets it): its search box offers the
# domain's other shards (listed in ../shards.json, written by `gongkai root-index`).
SHARD_ENV = "GONGKAI_SHARD"
# Hosts reserved for examples (RFC 2606): the sitemap, canonical links and Open Graph URLs of a
# site built with them point nowhere.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


@cache
def _config(config: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(config.read_text(encoding="utf-8")) or {})


def _checked(value: str, name: str, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of ``schemes`` and that names a host (or, for mailto:, an
    address); anything else (``javascript:``, a bare host) would make a dead or unsafe link in
    every page, so the build stops."""
    parts = urlsplit(value)
    if parts.scheme not in schemes or not (
        parts.path if parts.scheme == "mailto" else parts.netloc
    ):
        allowed = ", ".join(f"{s}:" for s in schemes)
        raise SiteError(f"{name}={value!r} is not a URL starting with {allowed}; fix or unset it")
    return value


def checked_site_url(value: str, name: str = SITE_URL_ENV) -> str:
    """``value`` as a site address ending in ``/``; SiteError naming ``name`` when it is not an
    http(s) URL with a host."""
    url = _checked(value.strip(), name, ("https", "http"))
    return url if url.endswith("/") else url + "/"


def shard_url(domain: str, shard: str) -> str:
    """A shard's site address: the domain's address (``https://host/`` or a path of it) and
    the shard's name as one more path segment."""
    return checked_site_url(domain) + shard + "/"


def shard_name() -> str:
    """The shard the site is built as (GONGKAI_SHARD), empty for a site of its own."""
    from gongkai.shards import SHARD_NAME

    name = os.environ.get(SHARD_ENV, "").strip()
    if name and not SHARD_NAME.match(name):
        raise SiteError(
            f"{SHARD_ENV}={name!r} is not a shard name (lower-case letters, digits, - _)"
        )
    return name


def site_url(config: Path = paths.ROOT / "mkdocs.yml") -> str:
    """The site's address, ending in ``/``: GONGKAI_SITE_URL, else mkdocs.yml's ``site_url``;
    empty when neither is set."""
    url = os.environ.get(SITE_URL_ENV, "").strip()
    if url:
        _checked(url, SITE_URL_ENV, ("https", "http"))
    else:
        url = str(_config(config).get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"


def site_name(config: Path = paths.ROOT / "mkdocs.yml") -> str:
    """mkdocs.yml's ``site_name`` (the root index of a sharded domain is headed by it)."""
    return str(_config(config).get("site_name") or "gongkai")


def report_url(config: Path = paths.ROOT / "mkdocs.yml") -> str:
    """Where a reader reports an error (a mailto: or an issue tracker URL): GONGKAI_REPORT_URL,
    else mkdocs.yml's ``extra.report_url``."""
    url = os.environ.get(REPORT_URL_ENV, "").strip()
    if url:
        return _checked(url, REPORT_URL_ENV, ("mailto", "https", "http"))
    return str((_config(config).get("extra") or {}).get("report_url") or "")


def _host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return parts.path.rpartition("@")[2].lower()
    return (parts.hostname or "").lower()


def is_placeholder(url: str) -> bool:
    """A URL on a host reserved for examples (``gongkai.example.org``, ``…@example.org``)."""
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in _PLACEHOLDER_HOSTS)


def placeholder_warning(config: Path = paths.ROOT / "mkdocs.yml") -> str:
    """One warning naming the placeholder addresses still in use, and how to set them; empty
    when both are real."""
    site, report = site_url(config), report_url(config)
    named = [f"site_url {site}"] if is_placeholder(site) else []
    if is_placeholder(report):
        named.append(f"the error-report address {report}")
    if not named:
        return ""
    return (
        f"warning: {' and '.join(named)} is a placeholder: the sitemap, canonical links, "
        "Open Graph URLs and 引用本页 addresses point nowhere. Before publishing, set "
        f"{SITE_URL_ENV}=https://<your domain>/ and {REPORT_URL_ENV}=mailto:<address> "
        "(or an issue tracker URL) and build again (README, 'Publishing')."
    )
