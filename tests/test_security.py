"""Files outside the project are never published, nothing is written outside the output
folder, and no way to build loses the last good site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from planpress.cache import CACHE_FOLDER
from planpress.cli import cli
from planpress.pages.easyread import Asset
from planpress.pages.render import Page
from planpress.plan.load import load_plan
from planpress.plan.source import Problem, SourceError, SourceLocation, parse_yaml
from planpress.publish import remove_stale_builds
from planpress.site import write_pages

from .sitebuild import ENV, HERE, minimal_project, mkdocs_build, planpress_build

MINIMAL = HERE / "good" / "minimal.yml"


def _problems(plan: Path) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_plan(plan)
    return [str(p).split(": ", 1)[1] for p in caught.value.problems]


def _related_file(tmp_path: Path, reference: str) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir(exist_ok=True)
    text = MINIMAL.read_text(encoding="utf-8")
    plan = plans / "minimal.yml"
    plan.write_text(
        text.replace(
            "summary: A plan used by the tests.",
            f"summary: A plan.\nrelated_documents:\n  - title: Doc\n    file: {reference}",
        ),
        encoding="utf-8",
    )
    return plan


def test_a_link_to_a_file_outside_the_plans_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("token", encoding="utf-8")
    plan = _related_file(tmp_path, "files/link.txt")
    (tmp_path / "plans" / "files").mkdir()
    (tmp_path / "plans" / "files" / "link.txt").symlink_to(secret)
    assert _problems(plan) == [
        "related_documents[0].file: 'files/link.txt' leads outside plans/ (through '..' or a link): "
        "only files inside plans/ are published, so copy the file into plans/"
    ]


def test_a_link_inside_the_plans_folder_is_followed(tmp_path: Path) -> None:
    plan = _related_file(tmp_path, "files/link.txt")
    files = tmp_path / "plans" / "files"
    files.mkdir()
    (files / "real.txt").write_text("the strategy", encoding="utf-8")
    (files / "link.txt").symlink_to(files / "real.txt")
    loaded = load_plan(plan)
    assert loaded.document_file(loaded.plan.related_documents[0]) == (files / "real.txt").resolve()


def test_a_plan_file_that_links_outside_is_refused(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    outside = tmp_path / "elsewhere.yml"
    shutil.copy2(MINIMAL, outside)
    (plans / "minimal.yml").symlink_to(outside)
    assert _problems(plans / "minimal.yml") == [
        "this plan file cannot be read: 'minimal.yml' leads outside plans/ (through '..' or a link): "
        "only files inside plans/ are published, so copy the file into plans/"
    ]


def test_a_folder_link_is_not_followed_when_looking_for_plans(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    (tmp_path / "other").mkdir()
    shutil.copy2(MINIMAL, tmp_path / "other" / "secret-plan.yml")
    (project / "plans" / "other").symlink_to(tmp_path / "other")
    result = CliRunner().invoke(cli, ["check", str(project / "plans")])
    assert result.exit_code == 0, result.output
    assert "Checked 1 plan: all valid." in result.output


def test_alias_amplification_is_refused_before_anything_is_built() -> None:
    long_text = "word " * 4000
    lines = [f"summary: &long {long_text!r}", "sections:"]
    lines += [f"  - id: part-{i}\n    title: Part {i}\n    body: *long" for i in range(49)]
    with pytest.raises(SourceError) as caught:
        parse_yaml("\n".join(lines).encode(), "plan.yml")
    message = str(caught.value.problems[0])
    assert message.startswith("plan.yml:")
    assert "aliases '*' repeat its text into more than" in message


def test_control_characters_in_messages_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yml"
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("status: approved", 'status: "appr\\x1b[2Jved"')
    )
    result = CliRunner().invoke(cli, ["check", str(plan)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "status: the text holds the character U+001B" in result.output
    quoted = Problem(SourceLocation("plan.yml", 1, 1), "cannot read the value 'appr\x1b[2Jved'")
    assert str(quoted) == "plan.yml:1:1: cannot read the value 'appr\\x1b[2Jved'"


def test_write_pages_writes_and_deletes_only_inside_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="is not a place inside"):
        write_pages([], folder, [Asset("pictures/../../victim.txt", content=b"x")])
    assert victim.read_text(encoding="utf-8") == "keep me"
    page = Page("plans/index.md", "# Plans\n", "Plans", None)
    write_pages([page], folder)
    (folder / ".planpress-pages").write_text("../victim.txt\nplans/index.md", encoding="utf-8")
    write_pages([page], folder)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_stale_scratch_folders_of_killed_builds_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    stale = tmp_path / f".site-building-{pid}-abc123"
    old = tmp_path / f".site-old-{pid}-def456"
    mine = tmp_path / f".site-building-{os.getpid()}-ghi789"
    other = tmp_path / ".site-building-notapid"
    for folder in (stale, old, mine, other):
        folder.mkdir()
    remove_stale_builds(tmp_path)
    assert not stale.exists() and not old.exists()
    assert mine.exists() and other.exists()


def test_picture_file_works_as_documented(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    own = project / "easyread" / "pictures" / "ours"
    own.mkdir(parents=True)
    (own / "clinic.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    version = project / "easyread" / "minimal-plan.yml"
    version.write_text(
        version.read_text(encoding="utf-8").replace(
            "      - text: Your doctor will write to you.\n        picture: doctor",
            "      - text: Your doctor will write to you.\n        picture_file: ours/clinic.svg\n"
            "        alt: A square.",
        ),
        encoding="utf-8",
    )
    checked = CliRunner().invoke(
        cli, ["check", str(project / "plans"), "--easyread", str(project / "easyread")]
    )
    assert checked.exit_code == 0, checked.output
    result = planpress_build(project, parallel=False)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project / "site" / "easy-read" / "plans" / "minimal-plan" / "health" / "index.html"
    images = [
        img.attributes.get("src") or ""
        for img in LexborHTMLParser(page.read_text(encoding="utf-8")).css("img")
    ]
    assert any(src.endswith("pictures/own/ours/clinic.svg") for src in images), images
    assert (project / "site" / "easy-read" / "pictures" / "own" / "ours" / "clinic.svg").is_file()


def test_picture_file_outside_the_pictures_folder_is_refused(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    version = project / "easyread" / "minimal-plan.yml"
    version.write_text(
        version.read_text(encoding="utf-8").replace(
            "        picture: doctor\n        about: health-checks",
            "        picture_file: ../../../../etc/passwd\n        alt: A file.\n        about: health-checks",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["check", str(project / "plans"), "--easyread", str(project / "easyread")]
    )
    assert result.exit_code == 1
    assert (
        "pages[0].points[0].picture_file: '../../../../etc/passwd' leads outside easyread/pictures/"
        in result.output
    )


def _good_site(tmp_path: Path) -> tuple[Path, Path]:
    project = minimal_project(tmp_path / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "easy-read" / "index.html").is_file()
    return project, site


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("broken", ["easy read", "standard"])
def test_mkdocs_build_strict_keeps_the_last_good_site(tmp_path: Path, broken: str) -> None:
    project, site = _good_site(tmp_path)
    before = _snapshot(site)
    if broken == "easy read":
        version = project / "easyread" / "minimal-plan.yml"
        long = "We want more people to have a health check and we will write to everyone who can have one this year."
        version.write_text(
            version.read_text(encoding="utf-8").replace("Your doctor will write to you.", long)
        )
    else:
        plan = project / "plans" / "minimal.yml"
        plan.write_text(plan.read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert _snapshot(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".") and p.name != CACHE_FOLDER] == []


def test_ctrl_c_stops_a_build_with_one_line_and_keeps_the_site(tmp_path: Path) -> None:
    project, site = _good_site(tmp_path)
    before = _snapshot(site)
    process = subprocess.Popen(
        [sys.executable, "-m", "planpress", "build"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # As in a terminal: a shell starts background jobs with Ctrl-C ignored, and a test
        # run started that way would hand that on.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not any(project.glob(".site-building-*")) and process.poll() is None:  # building now
        assert time.monotonic() < deadline, "the build never started"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: every process of the group
    stdout, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stdout + stderr
    assert process.returncode == 130, stdout + stderr
    assert "the last good site is as it was" in stderr
    assert _snapshot(site) == before
    time.sleep(0.5)
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
