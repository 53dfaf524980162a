"""Session fixtures shared by the test modules: what is costly to make is made once.

`sample_site` is the sample plans with the test plans beside them (every part of the
format, and a superseded version), built by `mkdocs build --strict` as a site's maintainer
would: the site tests, the easy read sample tests, the second engine's comparison and the
browser suite all read this one build. A test that changes a project makes its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .browser.harness import ARTIFACTS, SUMMARY
from .sitebuild import EASY_READ_EXTRAS, SAMPLE_EXTRAS, make_project, mkdocs_build


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="Which engine builds the sites the browser suite visits (default: mkdocs).",
    )
    # Here, not in tests/browser/conftest.py: pytest reads options only from the first conftest.


# The browser suite's summary hooks are here too: with pytest-xdist the main process
# collects nothing, so it never reads tests/browser/conftest.py.
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, a worker hands its counts to the main process, which writes them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["browser-summary"] = json.dumps(SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    for name, counts in json.loads(node.workeroutput.get("browser-summary", "{}")).items():
        SUMMARY.setdefault(name, {}).update(counts)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SUMMARY:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "browser-summary.json"
    target.write_text(json.dumps(SUMMARY, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    terminalreporter.section("browser suite: what was tested")
    for name, counts in sorted(SUMMARY.items()):
        terminalreporter.write_line(f"{name}: {json.dumps(counts, sort_keys=True)}")
    terminalreporter.write_line(f"(also in {target.relative_to(ARTIFACTS.parents[1])})")


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
