"""MkDocs's Markdown rendered once per page content (gongkai.site.render_cache): a site built from
the cache, or with a helper process rendering beside MkDocs, is the bytes of a site built without
it; a changed page is rendered again; a page whose render warns is never cached, so strict mode
still fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai.site import build, render_cache
from gongkai.site.errors import SiteError
from tests.site.conftest import copy_hand_written_docs


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def entries(folder: Path) -> dict[str, int]:
    """The cache's entries by name, with their inode (a render writes a new file)."""
    return {p.name: p.stat().st_ino for p in folder.glob("[!.]*")}


@pytest.fixture(scope="module")
def sample_docs(sample_packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = copy_hand_written_docs(tmp_path_factory.mktemp("render") / "docs")
    build.write_pages(sample_packages, docs / "generated")
    return docs


def test_a_site_from_the_cache_is_the_bytes_of_one_without(
    sample_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(sample_docs, docs)
    build.build_site(docs, tmp_path / "plain")
    cache = tmp_path / "render"
    monkeypatch.setenv(render_cache.ENVIRONMENT, str(cache))

    build.build_site(docs, tmp_path / "prerendered", jobs=2)
    first = entries(cache)
    pages = [p for p in docs.rglob("*.md") if not p.name.startswith("_")]
    # every page but the home page, which includes a generated file (pymdownx.snippets)
    assert len(first) == len(pages) - 1
    build.build_site(docs, tmp_path / "cached")
    assert entries(cache) == first  # every page taken from the cache, none rendered again
    damaged = sorted(cache.glob("[!.]*"))[0]
    damaged.write_bytes(b"not zlib")  # a damaged entry is rendered again and written anew
    build.build_site(docs, tmp_path / "repaired")
    assert damaged.read_bytes() != b"not zlib" and entries(cache).keys() == first.keys()
    first = entries(cache)
    plain = tree(tmp_path / "plain")
    assert tree(tmp_path / "repaired") == plain
    assert tree(tmp_path / "prerendered") == plain
    assert tree(tmp_path / "cached") == plain

    glossary = docs / "generated" / "glossary.md"
    glossary.write_text(glossary.read_text("utf-8") + "\n新增的一段说明。\n", "utf-8")
    build.build_site(docs, tmp_path / "changed")
    after = entries(cache)
    assert len(after) == len(first) + 1 and first.items() <= after.items()
    monkeypatch.delenv(render_cache.ENVIRONMENT)
    build.build_site(docs, tmp_path / "changed-plain")
    assert tree(tmp_path / "changed") == tree(tmp_path / "changed-plain")
    assert "新增的一段说明" in (
        tmp_path / "changed" / "generated" / "glossary" / "index.html"
    ).read_text("utf-8")


def test_a_page_that_warns_is_never_cached(
    sample_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(sample_docs, docs)
    (docs / "broken.md").write_text("# 坏链接\n\n[没有这一页](missing.md)\n", "utf-8")
    cache = tmp_path / "render"
    monkeypatch.setenv(render_cache.ENVIRONMENT, str(cache))
    for jobs in (2, 1):  # with a helper, then from the cache: strict mode fails both times
        with pytest.raises(SiteError, match=r"missing\.md"):
            build.build_site(docs, tmp_path / "site", jobs=jobs)
    pages = [p for p in docs.rglob("*.md") if not p.name.startswith("_")]
    assert len(entries(cache)) == len(pages) - 2  # neither the home page nor the broken one
    assert not (tmp_path / "site").exists()  # a failed build publishes nothing
