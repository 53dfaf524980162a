"""Real builds of the standard site in a temporary copy of the project, for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from planpress.plan.load import load_plan
from planpress.plan.source import SourceError

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SAMPLE_EXTRAS = [HERE / "site-plans" / "kitchen-sink.yml", HERE / "good" / "minimal.yml"]
"""Built beside the sample plans: every part of the format, and a plan it supersedes."""
EASY_READ_EXTRAS = [HERE / "good" / "easyread" / "minimal-plan.yml"]
"""The easy read version of `tests/good/minimal.yml`, built with the samples' library."""
MINIMAL_PLAN = HERE / "good" / "minimal.yml"
PICTURE = HERE / "good" / "files" / "board-structure.svg"
"""The picture the test plans' figures show."""
PROJECT_PARTS = ["mkdocs.yml", "mkdocs.easyread.yml", "docs", "overrides", "plans", "easyread"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(
    target: Path,
    extra_plans: Sequence[Path] = (),
    sample_plans: bool = True,
    extra_easyread: Sequence[Path] = (),
) -> Path:
    """A copy of the project: settings, pages, templates, hooks, plans, easy read sources."""
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
        files = plan.parent / "files"
        if files.is_dir():
            shutil.copytree(files, target / "plans" / "files", dirs_exist_ok=True)
    if not sample_plans:
        for version in (target / "easyread").glob("*.yml"):
            if version.name not in ("words.yml", "pictures.yml"):
                version.unlink()
    for version in extra_easyread:
        shutil.copy2(version, target / "easyread" / version.name)
    return target


def minimal_project(target: Path) -> Path:
    """A project of one small plan (`tests/good/minimal.yml`) and its easy read version."""
    return make_project(
        target, [HERE / "good" / "minimal.yml"], sample_plans=False, extra_easyread=EASY_READ_EXTRAS
    )


def minimal_plan_with(folder: Path, block: str, name: str = "plan.yml", picture: bool = False) -> Path:
    """`tests/good/minimal.yml` with `block` (top-level fields) added before its glossary,
    written to `folder/name`; with `picture`, the picture its figures name is copied beside it."""
    if picture:
        (folder / "files").mkdir(parents=True, exist_ok=True)
        shutil.copy2(PICTURE, folder / "files" / PICTURE.name)
    plan = folder / name
    plan.write_text(MINIMAL_PLAN.read_text().replace("glossary:\n", block + "glossary:\n"))
    return plan


@dataclass(frozen=True)
class MinimalBuild:
    """A built minimal project whose plan has some fields added: what the build printed, and its pages."""

    site: Path
    output: str
    returncode: int

    def page(self, path: str) -> LexborHTMLParser:
        """A page of the minimal plan, e.g. `sections/vision`; the build must have passed."""
        assert self.returncode == 0, self.output
        return LexborHTMLParser((self.site / "plans" / "minimal-plan" / path / "index.html").read_text())


def build_minimal_with(target: Path, block: str, picture: bool = False) -> MinimalBuild:
    """The minimal project at `target` with `block` added to its plan, built by MkDocs."""
    project = minimal_project(target)
    minimal_plan_with(project / "plans", block, name="minimal.yml", picture=picture)
    result = mkdocs_build(project)
    return MinimalBuild(project / "site", result.stdout + result.stderr, result.returncode)


def mkdocs_build(project: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def in_one_process(project: Path) -> None:
    """The plugin's `parallel: false` in the project's mkdocs.yml: its builds make the easy
    read site in the same process as the standard one."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    one_process = text.replace("\n  - planpress\n", "\n  - planpress:\n      parallel: false\n")
    config.write_text(one_process, encoding="utf-8")


def planpress_build(project: Path, *options: str, parallel: bool = True) -> subprocess.CompletedProcess[str]:
    """`planpress build` with `options`; `parallel=False` builds the easy read site in the
    same process (`in_one_process`)."""
    if not parallel:
        in_one_process(project)
    return subprocess.run(
        [sys.executable, "-m", "planpress", "build", *options],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def first(node: LexborNode | LexborHTMLParser | None, selector: str) -> LexborNode:
    """The first element under `node` that `selector` matches: the test fails if none does."""
    assert node is not None, f"no element to look for {selector} in"
    found = node.css_first(selector)
    assert found is not None, f"nothing matches {selector}"
    return found


def problems_of(path: Path) -> list[str]:
    """What loading the plan file at `path` refuses, each as `line:col: field: message`."""
    with pytest.raises(SourceError) as caught:
        load_plan(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]
