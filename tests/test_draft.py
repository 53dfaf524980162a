"""`planpress easyread draft`: a skeleton for a person to rewrite, that cannot be published as it is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planpress.checks.rules import settings_for
from planpress.checks.run import Report, check_easyread
from planpress.easyread.sources import load_easyread, load_library
from planpress.plan.load import load_plan

GOOD = Path(__file__).parent / "good"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(GOOD / "easyread", tmp_path / "easyread")
    (tmp_path / "easyread" / "minimal-plan.yml").unlink()
    (tmp_path / "plans").mkdir()
    shutil.copy(GOOD / "minimal.yml", tmp_path / "plans" / "minimal.yml")
    return tmp_path


def draft(project: Path, *more: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "planpress", "easyread", "draft", "plans/minimal.yml", *more]
    return subprocess.run(command, cwd=project, capture_output=True, text=True)


def test_the_draft_has_a_page_per_theme_and_a_point_per_commitment_marked_draft(project: Path) -> None:
    result = draft(project)
    assert result.returncode == 0, result.stderr
    written = project / "easyread" / "minimal-plan.yml"
    text = written.read_text()
    assert "Hard words of the plan that the word bank explains (put them in bold): health check" in text
    plan = load_plan(project / "plans" / "minimal.yml")
    library = load_library(project / "easyread")
    version = load_easyread(written, library, {plan.plan.slug: plan}).version
    assert [p.id for p in version.pages] == [t.id for t in plan.plan.themes]
    points = [pt for page in version.pages for pt in page.points]
    assert [pt.about for pt in points] == [c.id for c in plan.plan.commitments()]
    assert all(pt.text.startswith("DRAFT: ") for pt in points)
    assert points[0].picture == "doctor"  # "More annual health checks": the library's best fit


def test_a_draft_fails_the_check_until_each_point_is_rewritten(project: Path) -> None:
    assert draft(project).returncode == 0
    command = [sys.executable, "-m", "planpress", "check", "easyread/minimal-plan.yml"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "error [draft-text] this point is still a draft: rewrite it in easy words" in result.stdout
    written = project / "easyread" / "minimal-plan.yml"
    written.write_text(
        written.read_text().replace("DRAFT: More annual health checks", "You can have a health check.")
    )
    plan = load_plan(project / "plans" / "minimal.yml")
    library = load_library(project / "easyread")
    report = Report()
    loaded = load_easyread(written, library, {plan.plan.slug: plan})
    check_easyread(loaded, library, settings_for("easy-read"), lambda _: None, report)
    assert not [f for f in report.errors() if f.rule == "draft-text"]


def test_a_draft_never_overwrites_a_file(project: Path) -> None:
    assert draft(project).returncode == 0
    again = draft(project)
    assert again.returncode == 2
    assert "already exists: give another file with -o" in again.stderr
    assert draft(project, "-o", "easyread/other.yml").returncode == 0
