"""Figures as authors type them, the totals planpress works out, and dates outside the plan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from planpress.checks.rules import SettingsError, settings_for
from planpress.checks.run import Report, check_plan
from planpress.plan.figures import CellKind, read_money, read_value
from planpress.plan.load import load_plan
from planpress.plan.versions import plan_families

from .sitebuild import HERE, minimal_project, mkdocs_build

MINIMAL = HERE / "good" / "minimal.yml"


@pytest.mark.parametrize(
    ("typed", "kind", "shown"),
    [
        ("1,238", CellKind.NUMBER, "1,238"),
        ("1238", CellKind.NUMBER, "1,238"),
        ("17.98", CellKind.NUMBER, "17.98"),
        ("-4", CellKind.NUMBER, "-4"),
        ("£412,000", CellKind.MONEY, "£412,000"),
        ("£412000", CellKind.MONEY, "£412,000"),
        ("£1.3m", CellKind.MONEY, "£1,300,000"),
        ("£1.3M", CellKind.MONEY, "£1,300,000"),
        ("£12k", CellKind.MONEY, "£12,000"),
        ("£12.5", CellKind.MONEY, "£12.50"),
        ("43.4%", CellKind.PERCENT, "43.4%"),
        ("April 2016", CellKind.DATE, "April 2016"),
        ("apr 2016", CellKind.DATE, "April 2016"),
        ("2016-04-30", CellKind.DATE, "30 April 2016"),
        ("2016-02-30", CellKind.TEXT, "2016-02-30"),
        ("Q1 2021/22", CellKind.TEXT, "Q1 2021/22"),
        ("1,23", CellKind.TEXT, "1,23"),
        ("  ", CellKind.EMPTY, ""),
        ("Spring 2016", CellKind.TEXT, "Spring 2016"),
    ],
)
def test_a_cell_is_read_from_what_was_typed(typed: str, kind: CellKind, shown: str) -> None:
    value = read_value(typed)
    assert (value.kind, value.shown()) == (kind, shown)


def test_amounts_are_exact() -> None:
    parts = [read_money(a) for a in ["£400,000", "£340,000", "£500,000", "£0.1", "£0.2"]]
    assert sum(p for p in parts if p is not None) == Decimal("1240000.3")
    assert read_money("lots") is None


def _plan_with_timeline(tmp_path: Path, entries: str) -> Path:
    plan = tmp_path / "plan.yml"
    plan.write_text(MINIMAL.read_text().replace("        timeline:\n          - Ongoing\n", entries))
    return plan


def test_a_timeline_date_outside_the_plan_is_a_warning_at_its_line(tmp_path: Path) -> None:
    plan = _plan_with_timeline(
        tmp_path,
        "        timeline:\n          - March 2021\n          - April 2021\n          - 2023-03-31\n"
        "          - when: May 2023\n            what: Review\n          - Ongoing\n",
    )
    report = Report()
    check_plan(load_plan(plan), settings_for("plain"), lambda _: "page/", report)
    found = [
        (str(f.location).split(":", 1)[1], f.severity, f.text)
        for f in report.findings()
        if f.rule == "outside-period"
    ]
    assert found == [
        ("41:13", "warning", "March 2021"),
        ("44:19", "warning", "May 2023"),
    ], "the plan runs from 1 April 2021 to 31 March 2023"
    message = next(f.message for f in report.findings() if f.rule == "outside-period")
    assert message == (
        "this date is outside the plan's period (1 April 2021 to 31 March 2023): check the date, or the plan's `period`"
    )


def test_the_total_check_cannot_be_switched_off_in_settings() -> None:
    with pytest.raises(SettingsError) as caught:
        settings_for("plain", {"stated-total": "off"})
    assert caught.value.problems == [
        "rules.stated-total: this checks a plan's figures and cannot be switched off: accept a "
        "finding where it arises, with `accept:` and a `reason`"
    ]


def test_a_total_that_does_not_add_up_fails_the_build_at_its_cell(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    bad = (HERE / "bad" / "table-total-wrong.yml").read_text()
    (project / "plans" / "minimal.yml").write_text(bad)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert (
        "plans/minimal.yml:59:26: tables[0].rows[2][2]: the stated total 1,100 is not the sum of the rows "
        "above in the column '2017', which is 1,000"
    ) in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def _version(tmp_path: Path, version: str, status: str) -> Path:
    plan = tmp_path / f"{version}.yml"
    text = MINIMAL.read_text().replace('version: "2021-03"', f'version: "{version}"')
    plan.write_text(text.replace("status: approved", f"status: {status}"))
    return plan


def test_an_assured_version_is_live_and_a_submitted_one_never(tmp_path: Path) -> None:
    versions = [
        load_plan(_version(tmp_path, "2021-03", "approved")),
        load_plan(_version(tmp_path, "2021-09", "assured")),
        load_plan(_version(tmp_path, "2022-01", "submitted")),
    ]
    (family,) = plan_families(versions)
    assert family.live.plan.version == "2021-09"
