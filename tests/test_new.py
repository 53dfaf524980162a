"""`planpress new`: a plan file and an easy read version that `planpress check` accepts as
they are, in a project of their own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planpress.plan.load import load_plan

ROOT = Path(__file__).resolve().parents[1]
SLUG = "testshire-ld-2021-24"
OPTIONS = [
    "--title",
    "Testshire learning disability plan 2021 to 2024",
    "--area",
    "Testshire",
    "--period",
    "2021-24",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the samples' word bank and pictures, and no plans."""
    (tmp_path / "easyread").mkdir()
    for name in ("words.yml", "pictures.yml"):
        shutil.copy2(ROOT / "easyread" / name, tmp_path / "easyread" / name)
    return tmp_path


def planpress(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planpress", *args],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_a_new_plan_and_its_easy_read_version_check_as_they_are(project: Path) -> None:
    made = planpress(project, "new", SLUG, *OPTIONS)
    assert made.returncode == 0, made.stderr
    assert f"Wrote plans/{SLUG}.yml and easyread/{SLUG}.yml" in made.stderr
    plans = planpress(project, "check", f"plans/{SLUG}.yml")
    assert plans.returncode == 0 and "all valid" in plans.stderr, plans.stdout + plans.stderr
    easy = planpress(project, "check", "easyread/")
    assert easy.returncode == 0 and "0 errors" in easy.stderr, easy.stdout + easy.stderr
    plan = load_plan(project / "plans" / f"{SLUG}.yml").plan
    assert (plan.title, plan.area, plan.period.start, plan.period.end) == (
        "Testshire learning disability plan 2021 to 2024",
        "Testshire",
        2021,
        2024,
    )
    assert plan.status == "draft" and plan.themes == []
    text = (project / "plans" / f"{SLUG}.yml").read_text(encoding="utf-8")
    assert "# themes:\n#   - id: better-health" in text and "#         year: 2021/22" in text
    easyread = (project / "easyread" / f"{SLUG}.yml").read_text(encoding="utf-8")
    assert (
        '- text: "It says what we will do in the years 2021 to 2024."\n        picture: "calendar"'
        in easyread
    )


def test_new_never_overwrites_and_says_what_to_give(project: Path) -> None:
    assert planpress(project, "new", SLUG, *OPTIONS).returncode == 0
    again = planpress(project, "new", SLUG, *OPTIONS)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert (
        f"Error: 'plans/{SLUG}.yml' already exists: choose another slug, or move it away first"
        in again.stderr
    )
    missing = planpress(project, "new", "other-plan", "--title", "Other plan")
    assert "Error: give --area, --period (or run planpress new in a terminal to be asked)" in missing.stderr
    bad = planpress(project, "new", "Other Plan", *OPTIONS)
    assert "'Other Plan' cannot be a plan's slug: use lower-case letters, digits and hyphens" in bad.stderr
    period = planpress(project, "new", "other-plan", *OPTIONS[:4], "--period", "next year")
    assert "'next year' is not a plan period: write it like 2021-24 or 2021-2024" in period.stderr
    assert not (project / "plans" / "other-plan.yml").exists()


def test_new_asks_for_what_is_missing_in_a_terminal(project: Path) -> None:
    main, terminal = os.openpty()
    os.write(main, b"Testshire plan 2022 to 2025\nTestshire\n2022-25\n")
    asked = subprocess.run(
        [sys.executable, "-m", "planpress", "new", "asked-plan"],
        cwd=project,
        stdin=terminal,
        capture_output=True,
        text=True,
        timeout=300,
    )
    os.close(terminal)
    os.close(main)
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert "The plan's full title" in asked.stdout and "Its years (e.g. 2021-24)" in asked.stdout
    plan = load_plan(project / "plans" / "asked-plan.yml").plan
    assert (plan.title, plan.area, plan.period.start, plan.period.end) == (
        "Testshire plan 2022 to 2025",
        "Testshire",
        2022,
        2025,
    )
