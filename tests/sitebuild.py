"""Real builds of the standard site in a temporary copy of the project, for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SAMPLE_EXTRAS = [HERE / "site-plans" / "kitchen-sink.yml", HERE / "good" / "minimal.yml"]
"""Built beside the sample plans: every part of the format, and a plan it supersedes."""
PROJECT_PARTS = ["mkdocs.yml", "docs", "overrides", "hooks", "plans", "easyread"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(target: Path, extra_plans: Sequence[Path] = (), sample_plans: bool = True) -> Path:
    """A copy of the project: settings, pages, templates, hooks, plans."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    if not sample_plans:
        shutil.rmtree(target / "plans")
        (target / "plans").mkdir()
    for plan in extra_plans:
        shutil.copy2(plan, target / "plans" / plan.name)
    return target


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def planpress_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planpress", "build"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
