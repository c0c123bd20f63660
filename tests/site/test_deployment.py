"""The site's address and the error-report address: set by the deployer through GONGKAI_SITE_URL
and GONGKAI_REPORT_URL without editing mkdocs.yml, checked, and warned about while they are the
example.org placeholders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai import paths
from gongkai.cache import BuildCache
from gongkai.site import build, deployment
from gongkai.site.errors import SiteError
from tests.site.conftest import SAMPLE_ID, copy_hand_written_docs

SITE = "https://yusuan.test/gongkai/"
REPORT = "mailto:errors@yusuan.test"


def test_placeholders_of_mkdocs_yml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(deployment.SITE_URL_ENV, raising=False)
    monkeypatch.delenv(deployment.REPORT_URL_ENV, raising=False)
    assert deployment.site_url() == "https://gongkai.example.org/"
    assert deployment.report_url().startswith("mailto:gongkai-errors@example.org?")
    assert deployment.is_placeholder(deployment.site_url())
    assert deployment.is_placeholder(deployment.report_url())
    assert deployment.placeholder_warning() == (
        "warning: site_url https://gongkai.example.org/ and the error-report address "
        f"{deployment.report_url()} is a placeholder: the sitemap, canonical links, Open Graph "
        "URLs and 引用本页 addresses point nowhere. Before publishing, set "
        "GONGKAI_SITE_URL=https://<your domain>/ and GONGKAI_REPORT_URL=mailto:<address> "
        "(or an issue tracker URL) and build again (README, 'Publishing')."
    )


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(deployment.SITE_URL_ENV, "https://yusuan.test/gongkai")
    monkeypatch.setenv(deployment.REPORT_URL_ENV, REPORT)
    assert deployment.site_url() == SITE  # the trailing / added
    assert deployment.report_url() == REPORT
    assert deployment.placeholder_warning() == ""
    monkeypatch.setenv(deployment.REPORT_URL_ENV, "https://git.yusuan.test/gongkai/issues")
    assert deployment.placeholder_warning() == ""


def test_placeholder_hosts() -> None:
    assert deployment.is_placeholder("https://example.com/")
    assert deployment.is_placeholder("mailto:a@sub.example.net")
    assert not deployment.is_placeholder("https://myexample.org/")
    assert not deployment.is_placeholder("mailto:a@yusuan.test")
    assert not deployment.is_placeholder("")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (deployment.SITE_URL_ENV, "yusuan.test"),
        (deployment.SITE_URL_ENV, "mailto:a@yusuan.test"),
        (deployment.SITE_URL_ENV, "https://"),
        (deployment.REPORT_URL_ENV, "javascript:alert(1)"),
        (deployment.REPORT_URL_ENV, "mailto:"),
    ],
)
def test_bad_values_stop_the_build(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SiteError, match=f"^{name}="):
        deployment.site_url() if name == deployment.SITE_URL_ENV else deployment.report_url()


def test_build_warns_once_while_placeholders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(deployment.SITE_URL_ENV, raising=False)
    monkeypatch.setenv(deployment.REPORT_URL_ENV, REPORT)
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / build.MARKER).write_text("")
    monkeypatch.setattr(build, "build_site", lambda docs, site, jobs: 1.0)
    assert build.site_command(tmp_path, tmp_path / "site") == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" is a")[0] for line in lines if "warning" in line] == [
        "warning: site_url https://gongkai.example.org/"
    ]
    monkeypatch.setenv(deployment.SITE_URL_ENV, SITE)
    assert build.site_command(tmp_path, tmp_path / "site") == 0
    assert "warning" not in capsys.readouterr().err


def test_site_key_follows_the_addresses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "packages", tmp_path / "cache")
    config = paths.ROOT / "mkdocs.yml"
    monkeypatch.delenv(deployment.SITE_URL_ENV, raising=False)
    before = cache.site_key(tmp_path / "docs", tmp_path / "site", config)
    monkeypatch.setenv(deployment.SITE_URL_ENV, SITE)
    assert cache.site_key(tmp_path / "docs", tmp_path / "site", config) != before


@pytest.fixture(scope="module")
def deployed_site(
    sample_packages: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The sample's site built with both addresses set in the environment."""
    root = tmp_path_factory.mktemp("deployed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(deployment.SITE_URL_ENV, SITE)
        patch.setenv(deployment.REPORT_URL_ENV, REPORT)
        docs = copy_hand_written_docs(root / "docs")
        build.write_pages(sample_packages, docs / "generated")
        build.build_site(docs, root / "site")
    yield root / "site"


def test_built_site_uses_the_addresses(deployed_site: Path) -> None:
    filing = f"{SITE}generated/filings/{SAMPLE_ID}/"
    assert f"<loc>{filing}</loc>" in (deployed_site / "sitemap.xml").read_text("utf-8")
    page = (deployed_site / "generated" / "filings" / SAMPLE_ID / "index.html").read_text("utf-8")
    assert f'<meta property="og:url" content="{filing}">' in page
    assert f'<link rel="canonical" href="{filing}">' in page
    assert f'本页地址：<a href="{filing}">{filing}</a>' in page
    assert f'<a href="{REPORT}">报告错误</a>' in page
    about = (deployed_site / "about" / "index.html").read_text("utf-8")
    assert f'<a href="{REPORT}">告诉我们</a>' in about
    assert "gongkai.example.org" not in page + about
    assert "@example.org" not in page + about
