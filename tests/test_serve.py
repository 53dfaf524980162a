"""`planpress serve`: both sites from one server, rebuilt when a plan changes, where it changes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from planpress.engines.mkdocs.build import build_site
from planpress.engines.mkdocs.preview import MkDocsPreview
from planpress.publish import BuildFailed

from .sitebuild import ENV, in_one_process, minimal_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _serve(project: Path, port: int, engine: str, stdout: int, stderr: int) -> subprocess.Popen[str]:
    """`planpress serve` of `project` at `port`, built by `engine`."""
    return subprocess.Popen(
        [sys.executable, "-m", "planpress", "serve", "-a", f"127.0.0.1:{port}", "--engine", engine],
        cwd=project,
        env=ENV,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page = _get(url)
        if page is not None and text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_serve_shows_both_sites_and_rebuilds_when_a_plan_changes(tmp_path: Path, engine: str) -> None:
    project = minimal_project(tmp_path / "project")
    port = _free_port()
    server = _serve(project, port, engine, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + "plans/minimal-plan/themes/health/", "More annual health checks")
        _wait_for(base + "easy-read/plans/minimal-plan/health/", "Your doctor will write to you.")
        plan = project / "plans" / "minimal.yml"
        plan.write_text(
            plan.read_text().replace("More annual health checks", "Many more annual health checks")
        )
        _wait_for(base + "plans/minimal-plan/themes/health/", "Many more annual health checks")
        version = project / "easyread" / "minimal-plan.yml"
        version.write_text(
            version.read_text().replace("Your doctor will write to you.", "Your doctor will phone you.")
        )
        _wait_for(base + "easy-read/plans/minimal-plan/health/", "Your doctor will phone you.")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_serve_keeps_the_last_good_site_and_shows_the_problem(tmp_path: Path, engine: str) -> None:
    project = minimal_project(tmp_path / "project")
    port = _free_port()
    server = _serve(project, port, engine, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/"
        page = _wait_for(base + "plans/minimal-plan/themes/health/", "More annual health checks")
        assert "/.planpress/status" in page  # the served page reloads itself after a build
        status = json.loads(_wait_for(base + ".planpress/status", '"problems": []'))
        plan = project / "plans" / "minimal.yml"
        plan.write_text(plan.read_text() + "\nunknown_field: 1\n")
        problems = json.loads(_wait_for(base + ".planpress/status", "unknown_field"))["problems"]
        assert any(p.startswith("plans/minimal.yml:") and "unknown_field" in p for p in problems), problems
        assert json.loads(_get(base + ".planpress/status") or "{}")["build"] == status["build"]
        assert "More annual health checks" in (_get(base + "plans/minimal-plan/themes/health/") or "")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "plans/minimal.yml:" in output and "The last good build is still served." in output
    assert "Traceback" not in output


def _files(standard: Path, easy_read: Path | None = None) -> dict[str, bytes]:
    """Every file of a built standard site (with its easy read site, from its own folder)."""
    found = {str(p.relative_to(standard)): p.read_bytes() for p in standard.rglob("*") if p.is_file()}
    if easy_read is not None:
        found |= {
            f"easy-read/{p.relative_to(easy_read)}": p.read_bytes()
            for p in easy_read.rglob("*")
            if p.is_file()
        }
    return found


@pytest.mark.parametrize("parallel", [True, False], ids=["easy-read-in-worker", "one-process"])
def test_a_preview_remakes_only_what_an_edit_changed_and_the_same_as_a_whole_build(
    tmp_path: Path, parallel: bool
) -> None:
    project = minimal_project(tmp_path / "project")
    if not parallel:
        in_one_process(project)
    plan = project / "plans" / "minimal.yml"
    text = plan.read_text()
    (project / "plans" / "second.yml").write_text(text.replace("slug: minimal-plan", "slug: second-plan"))
    version = project / "easyread" / "minimal-plan.yml"
    shown: list[str] = []
    preview = MkDocsPreview(project / "mkdocs.yml", tmp_path / "preview")
    preview.build(frozenset(), shown.append)
    other = preview.standard / "plans" / "second-plan" / "themes" / "health" / "index.html"
    edited = preview.standard / "plans" / "minimal-plan" / "themes" / "health" / "index.html"
    other_made = other.stat().st_mtime_ns

    def whole() -> dict[str, bytes]:
        site = tmp_path / "whole"
        return _files(build_site(project / "mkdocs.yml", site, strict=False, echo=shown.append).site_dir)

    # An edit to one plan and to its easy read version: their pages are made again, no others.
    plan.write_text(text.replace("More annual health checks", "Many more annual health checks"))
    version.write_text(version.read_text().replace("will write to you", "will phone you"))
    preview.build(frozenset({plan, version}), shown.append)
    assert "Many more annual health checks" in edited.read_text()
    assert other.stat().st_mtime_ns == other_made
    assert _files(preview.standard, preview.easy_read) == whole()

    # A source problem: nothing is written, and the served site is the last good one.
    served = _files(preview.standard, preview.easy_read)
    plan.write_text(plan.read_text() + "\nunknown_field: 1\n")
    with pytest.raises(BuildFailed):
        preview.build(frozenset({plan}), shown.append)
    assert _files(preview.standard, preview.easy_read) == served

    # A new title changes every page's menu: every page is made again, as a whole build would.
    plan.write_text(text.replace("title: A minimal plan for tests", "title: A smaller plan for tests"))
    preview.build(frozenset({plan}), shown.append)
    assert other.stat().st_mtime_ns != other_made
    assert "A smaller plan for tests" in other.read_text()
    assert _files(preview.standard, preview.easy_read) == whole()
