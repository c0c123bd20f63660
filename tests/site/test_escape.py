"""Text from a filing is shown literally: no markup from a filing reaches the HTML."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gongkai.site import build, escape
from tests.site.conftest import SYNTHETIC_PACKAGES, copy_hand_written_docs

MARKUP = [
    "<script>alert('narrative')</script>正文",
    "# 不是标题",
    "1. 不是列表 - [ ] 也不是任务 > 不是引用",
    '--8<-- "/etc/passwd"',
    '!!! note "不是提示框"',
    "{: .evil } &lt;已转义&gt; &amp; \\*反斜杠\\*",
    "社会保障和就业支出 *强调* _下划线_",
    "人力资源和社会保障管理事务 | 竖线 | [x](javascript:alert(1))",
    '<iframe src="http://evil.example/"></iframe>测试中心',
    "`代码` ~~删除~~ ==标记==",
]


class _Text(HTMLParser):
    """Collects the visible text and every tag of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("raw", MARKUP)
def test_escaped_text_has_no_markup_characters(raw: str) -> None:
    escaped = escape.text(raw)
    assert not re.search(r"[<>`*_\[\]|~{}]", escaped)
    assert not re.match(r"\s*(#|-|!|\d+[.)])", escaped)
    assert "--" not in escaped
    assert html.unescape(escaped) == re.sub(r"\s+", " ", raw).strip()


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory, synthetic_packages: Path) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    docs = copy_hand_written_docs(root / "docs")
    count = build.write_pages(synthetic_packages, docs / "generated", include_synthetic=True)
    assert count == 1
    build.build_site(docs, root / "site")
    return root / "site"


def test_synthetic_packages_are_never_published_by_default(
    synthetic_packages: Path, tmp_path: Path
) -> None:
    assert build.write_pages(synthetic_packages, tmp_path / "generated") == 0


def test_filing_markup_is_shown_literally(synthetic_site: Path) -> None:
    page = synthetic_site / "generated" / "filings" / "synthetic_markup" / "index.html"
    parser = _Text()
    parser.feed(page.read_text("utf-8"))
    visible = re.sub(r"\s+", " ", "".join(parser.text))
    for raw in MARKUP:
        assert re.sub(r"\s+", " ", raw) in visible, raw
    tags = [tag for tag, _ in parser.tags]
    assert "iframe" not in tags
    content = page.read_text("utf-8")
    # Material has inline scripts of its own; none may carry the filing's code.
    assert not re.search(r"<script[^>]*>[^<]*alert\(", content)
    assert not any(tag == "img" and "onerror" in attrs for tag, attrs in parser.tags)
    hrefs = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
    assert not any(h.startswith("javascript:") or "evil.example" in h for h in hrefs)
    assert "alert('narrative')</script>" not in content
    assert "root:" not in content  # the snippet line was not followed


def test_checks_with_markup_are_escaped(synthetic_site: Path) -> None:
    content = (
        synthetic_site / "generated" / "filings" / "synthetic_markup" / "index.html"
    ).read_text("utf-8")
    assert "<em>=</em>" not in content
    assert "<b>99</b>" not in content
    assert "&lt;b&gt;99&lt;/b&gt;" in content


def test_home_and_glossary_escape_filing_text(synthetic_site: Path) -> None:
    for page in ("index.html", "generated/glossary/index.html"):
        content = (synthetic_site / page).read_text("utf-8")
        assert "<img src=x" not in content and "<b>三公</b>" not in content, page
        assert 'href="http://evil.example/"' not in content, page


def test_synthetic_fixture_says_so() -> None:
    descriptor = json.loads(
        (SYNTHETIC_PACKAGES / "synthetic_markup" / "datapackage.json").read_text()
    )
    assert descriptor["gongkai"]["synthetic"] is True
