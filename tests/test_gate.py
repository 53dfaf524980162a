"""The quality gate in real builds: findings at their source lines, errors stop the build,
acceptances are listed, settings are checked, and `planpress check` reports without a site."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from .sitebuild import ENV, HERE, first, minimal_project, mkdocs_build, planpress_build

MINIMAL = HERE / "good" / "minimal.yml"


def _project(tmp_path: Path) -> Path:
    return minimal_project(tmp_path / "project")


def _png() -> bytes:
    """A 1x1 white PNG, for a page that shows a picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _line_of(file: Path, text: str) -> int:
    return next(i for i, line in enumerate(file.read_text().splitlines(), start=1) if text in line)


BAD_POINTS = """\
      - text: We will make sure that every person who lives in the county can see a doctor every single year.
        picture: doctor
      - text: The ICB will pay for it.
        picture: doctor
      - text: Checks were done by us.
        picture: doctor
"""


def _break_easy_read(project: Path) -> Path:
    """Four findings in one easy read version: a long sentence (error), an acronym (error),
    passive voice (an error too), and a page whose reading level is high."""
    version = project / "easyread" / "minimal-plan.yml"
    text = version.read_text()
    text = text.replace("      - text: Your doctor will write to you.\n        picture: doctor\n", BAD_POINTS)
    version.write_text(text)
    return version


@pytest.mark.parametrize("parallel", [True, False], ids=["easy-read-in-worker", "one-process"])
def test_errors_of_the_checks_stop_the_build_and_keep_the_last_good_site(
    tmp_path: Path, parallel: bool
) -> None:
    project = _project(tmp_path)
    good = planpress_build(project, parallel=parallel)
    assert good.returncode == 0, good.stderr
    before = (project / "site" / "easy-read" / "plans" / "minimal-plan" / "health" / "index.html").read_text()

    version = _break_easy_read(project)
    result = planpress_build(project, parallel=parallel)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    long_line = _line_of(version, "every single year")
    assert (
        f"easyread/minimal-plan.yml:{long_line}:15: error [sentence-length] split this sentence: "
        "19 words, at most 15"
    ) in output
    icb_line = _line_of(version, "The ICB will pay")
    assert (
        f"easyread/minimal-plan.yml:{icb_line}:15: error [acronyms] explain 'ICB': add it to the word bank"
    ) in output
    passive_line = _line_of(version, "Checks were done")
    assert f"easyread/minimal-plan.yml:{passive_line}:15: error [passive-voice]" in output
    assert "(page plans/minimal-plan/health/)" in output
    assert "planpress checks of the easy read site: 3 errors" in output
    assert "Nothing was published" in output
    assert "The site was not changed." in output
    after = (project / "site" / "easy-read" / "plans" / "minimal-plan" / "health" / "index.html").read_text()
    assert after == before
    assert not list(project.glob(".site-building-*"))
    assert not list(project.glob(".easy-read-building-*"))


def test_errors_stop_plain_mkdocs_too(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _break_easy_read(project)
    result = mkdocs_build(project, "mkdocs.easyread.yml")
    assert result.returncode == 1
    assert "error [sentence-length]" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_finding_accepted_with_a_reason_passes_and_is_reported(tmp_path: Path) -> None:
    project = _project(tmp_path)
    version = _break_easy_read(project)
    text = version.read_text()
    text = text.replace(
        "      - text: We will make sure that every person",
        "      - accept: [sentence-length]\n"
        "        reason: The group who checked it said this sentence is clear.\n"
        "        text: We will make sure that every person",
    ).replace("The ICB will pay for it.", "The council will pay for it.")
    version.write_text(text.replace("Checks were done by us.", "We did the checks."))
    report = project / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "planpress", "check", "--json", "--report", str(report)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["passed"] is True
    easy = next(s for s in data["sites"] if s["site"] == "easy-read")
    accepted = [f for p in easy["pages"] for f in p["findings"] if f["accepted"]]
    assert [(f["rule"], f["accepted"]) for f in accepted] == [
        ("sentence-length", "The group who checked it said this sentence is clear.")
    ]
    assert accepted[0]["file"] == "easyread/minimal-plan.yml"
    page = next(p for p in easy["pages"] if p["url"] == "plans/minimal-plan/health/")
    assert page["scores"]["words"] > 0
    html = LexborHTMLParser(report.read_text())
    assert "The group who checked it said this sentence is clear." in first(html, "body").text()
    assert not (project / "site").exists(), "check builds nothing that stays"


def test_check_json_lists_every_finding_with_its_source(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _break_easy_read(project)
    result = subprocess.run(
        [sys.executable, "-m", "planpress", "check", "--json"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["passed"] is False
    easy = next(s for s in data["sites"] if s["site"] == "easy-read")
    assert easy["errors"] == 3
    rules = sorted(f["rule"] for p in easy["pages"] for f in p["findings"] if f["severity"] == "error")
    assert rules == ["acronyms", "passive-voice", "sentence-length"]


def test_a_bad_rule_setting_is_a_clear_config_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "    checks: true\n",
            "    checks: true\n    chekcs: false\n    rules:\n      plain:\n"
            "        sentence-lenght: {max: 30}\n        acronyms: {severity: loud}\n",
        )
    )
    result = planpress_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "mkdocs.yml: extra.planpress.rules.plain: 'sentence-lenght' is not a planpress rule "
        "(did you mean 'sentence-length'?)"
    ) in output
    assert "mkdocs.yml: extra.planpress.rules.plain.acronyms.severity: 'loud' is not one of" in output
    assert "mkdocs.yml: extra.planpress.chekcs: 'chekcs' is not a planpress setting: use checks," in output
    assert "Traceback" not in output


def test_a_project_from_before_the_plugin_is_told_how_to_move_on(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - planpress\n", "\nhooks:\n  - hooks/planpress_hooks.py\n")
    )
    (project / "hooks").mkdir()
    (project / "hooks" / "planpress_hooks.py").write_text(
        "from planpress.checks.gate import record_verdict\n"
    )
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the last good site")
    result = planpress_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "mkdocs.yml: planpress is an MkDocs plugin now, not a hooks file: in mkdocs.yml, remove "
        "'- hooks/planpress_hooks.py' from 'hooks:' and add '- planpress' under 'plugins:'"
    ) in output
    assert "Traceback" not in output
    assert (project / "site" / "index.html").read_text() == "the last good site"


def test_thresholds_come_from_mkdocs_yml(tmp_path: Path) -> None:
    project = _project(tmp_path)
    version = _break_easy_read(project)
    fixed = version.read_text().replace("The ICB will pay", "The council will pay")
    version.write_text(fixed.replace("Checks were done by us.", "We did the checks."))
    config = project / "mkdocs.easyread.yml"
    config.write_text(
        config.read_text().replace(
            "    site: easy-read\n",
            "    site: easy-read\n    rules:\n      easy-read:\n        sentence-length: {max: 20}\n",
        )
    )
    result = planpress_build(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_images_in_hand_written_pages_are_checked_at_their_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    page = project / "docs" / "about.md"
    page.write_text(page.read_text() + "\n\nOur team:\n\n![IMG_0042.jpg](team.png)\n")
    (project / "docs" / "team.png").write_bytes(_png())
    result = planpress_build(project)
    output = result.stdout + result.stderr
    line = _line_of(page, "IMG_0042")
    assert f"docs/about.md:{line}:" in output
    assert "error [alt-filename]" in output
    assert result.returncode == 1


def test_each_plan_has_a_readability_page(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = planpress_build(project)
    assert result.returncode == 0, result.stderr
    page = LexborHTMLParser(
        (project / "site" / "plans" / "minimal-plan" / "readability" / "index.html").read_text()
    )
    article = page.css_first("article")
    assert article is not None
    headers = [th.text(strip=True) for th in article.css("table thead th")]
    assert headers == [
        "Page",
        "Words",
        "Words per sentence",
        "School grade",
        "Reading ease",
        "Points to improve",
    ]
    rows = article.css("table tbody tr")
    assert [first(r, "th").text(strip=True) for r in rows] == [
        "A minimal plan for tests",
        "Better health",
        "Principles",
        "Outcomes",
    ]
    cells = [td.text(strip=True) for td in rows[1].css("td")]
    assert int(cells[0]) > 0 and float(cells[2]) < 20
    text = " ".join(article.text().split())
    assert "It has not yet been checked by people with a learning disability." in text
    assert article.css_first('a[href="../../../easy-read/plans/minimal-plan/"]') is not None


def test_a_passing_build_sums_up_its_findings_and_says_where_the_full_list_is(tmp_path: Path) -> None:
    project = _project(tmp_path)
    version = project / "easyread" / "minimal-plan.yml"
    result = planpress_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # The doctor picture beside "more people to have a health check" is a warning (picture-fit).
    unfit = f"easyread/minimal-plan.yml:{_line_of(version, 'picture: doctor')}:18: warning [picture-fit]"
    assert unfit not in output, "a passing build shows the summary, not every finding"
    assert any(
        line.startswith("easyread/minimal-plan.yml: ") and "picture-fit 1" in line
        for line in output.splitlines()
    ), output
    assert "reports/findings.txt" in output and "reports/checks.html" in output
    assert unfit in (project / "reports" / "findings.txt").read_text(encoding="utf-8")
    assert "<html" in (project / "reports" / "checks.html").read_text(encoding="utf-8")
    # Built without SITE_URL: the build says the addresses it printed work nowhere else.
    assert "warning: SITE_URL is not set" in output and "http://127.0.0.1:8000/" in output


def test_a_hand_written_easy_read_page_must_explain_its_own_hard_words(tmp_path: Path) -> None:
    project = _project(tmp_path)
    home = project / "docs" / "easy-read" / "index.md"
    text = home.read_text(encoding="utf-8")
    start = text.index('<section class="pp-er-words-box"')
    home.write_text(
        text[:start] + text[text.index("</section>", start) + len("</section>") :], encoding="utf-8"
    )
    result = planpress_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    line = _line_of(home, "The <strong>NHS</strong>")
    assert f"docs/easy-read/index.md:{line}:" in output and "error [acronyms] explain 'NHS'" in output
