"""One Chromium and one build of the sample sites for the whole browser suite; pages are
visited in that one session. The run's counts go to tests/artifacts/browser-summary.json
(tests/conftest.py writes it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from ..conftest import SampleSite
from ..sitebuild import EASY_READ_EXTRAS, SAMPLE_EXTRAS, make_project, planpress_build
from .harness import ARTIFACTS, CHROMIUM_ARGS, chromium_path, serve


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def site(
    request: pytest.FixtureRequest, sample_site: SampleSite, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Both sample sites, built once: the standard site, and the easy read one in easy-read/;
    by MkDocs (the session's sample build) or, with `--engine zensical`, by Zensical."""
    if request.config.getoption("--engine") == "mkdocs":
        return sample_site.site
    project = make_project(
        tmp_path_factory.mktemp("zensical") / "project", SAMPLE_EXTRAS, extra_easyread=EASY_READ_EXTRAS
    )
    result = planpress_build(project, "--engine", "zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
