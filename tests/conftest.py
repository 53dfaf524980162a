"""Session fixtures shared by the test modules: what is costly to make is made once.

`sample_site` is the sample plans with the test plans beside them (every part of the
format, and a superseded version), built by `mkdocs build --strict` as a site's maintainer
would: the site tests, the easy read sample tests, the second engine's comparison and the
browser suite all read this one build. A test that changes a project makes its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .sitebuild import EASY_READ_EXTRAS, SAMPLE_EXTRAS, make_project, mkdocs_build


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="Which engine builds the sites the browser suite visits (default: mkdocs).",
    )
    # Here, not in tests/browser/conftest.py: pytest reads options only from the first conftest.


@dataclass(frozen=True)
class SampleSite:
    """The built sample project: never change it, copy it."""

    project: Path
    site: Path
    output: str
    """What the build printed: its warnings and the checks' summaries."""


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> SampleSite:
    project = make_project(
        tmp_path_factory.mktemp("sample") / "project", SAMPLE_EXTRAS, extra_easyread=EASY_READ_EXTRAS
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return SampleSite(project, project / "site", result.stdout + result.stderr)
