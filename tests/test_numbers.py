"""Numbers in easy read points are the plan's: "7 out of 10" is 70, years are the plan's."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.checks.numbers import known_numbers, number_findings, numbers_said
from planpress.checks.rules import settings_for
from planpress.checks.run import about_texts, plan_years
from planpress.plan.load import load_plan
from planpress.plan.model import Plan

PLANS = Path(__file__).parent.parent / "plans"


@pytest.fixture(scope="module")
def llr() -> Plan:
    return load_plan(PLANS / "llr-transforming-care-2021-24.yml").plan


@pytest.fixture(scope="module")
def dorset() -> Plan:
    return load_plan(PLANS / "dorset-ld-autism-2021-24" / "2022-04.yml").plan


def wrong(plan: Plan, about: str, text: str) -> list[str]:
    known = known_numbers(plan, about, about_texts(plan, about))
    findings = number_findings(text, known, plan_years(plan), about, settings_for("easy-read"))
    return [f.subject for f in findings]


def test_easy_read_ways_of_saying_numbers_are_normalised() -> None:
    said = {
        s.text: (s.value, s.tolerance, s.year)
        for s in numbers_said("7 out of 10 people, about 5 thousand, seventy, in 2024")
    }
    assert said["7 out of 10"] == (70.0, 5.0, False)
    assert said["5 thousand"] == (5000.0, 500.0, False)
    assert said["70"] == (70.0, 0.0, False)
    assert said["2024"] == (2024.0, 0.0, True)
    assert numbers_said("Phone 01234 567890. We will work as 1 team.") == []


def test_numbers_of_the_plan_and_its_measures_match(llr: Plan) -> None:
    assert (
        wrong(llr, "annual-health-checks", "We want 7 out of 10 people to have a check by March 2022.") == []
    )
    assert (
        wrong(llr, "annual-health-checks", "So far, nearly 2 out of 10 have had one. We did 968 checks.")
        == []
    )


def test_a_number_the_plan_does_not_say_is_found(llr: Plan, dorset: Plan) -> None:
    assert wrong(llr, "annual-health-checks", "We want 9 out of 10 people to have a check.") == [
        "9 out of 10"
    ]
    assert wrong(llr, "annual-health-checks", "We did 986 checks in 2031.") == ["986", "2031"]
    about = "inpatient-provision-halved-by-2023-24"
    assert (
        wrong(dorset, about, "By 2024, we want at most 7 adults in hospitals the local NHS pays for.") == []
    )
    assert wrong(dorset, about, "By 2024, we want 25 people or fewer in hospital.") == ["25"]
