"""The three sample plans hold what their seed documents say: spot checks of the figures and
cross-references a reader or a board would look for, through the same loader the site uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.load import LoadedPlan, load_plan
from planpress.model import Plan

PLANS = Path(__file__).resolve().parents[1] / "plans"


@pytest.fixture(scope="module")
def plans() -> dict[str, LoadedPlan]:
    return {p.stem: load_plan(p) for p in sorted(PLANS.glob("*.yml"))}


def _plan(plans: dict[str, LoadedPlan], slug: str) -> Plan:
    return plans[slug].plan


def test_every_sample_plan_loads(plans: dict[str, LoadedPlan]) -> None:
    assert sorted(plans) == [
        "dorset-ld-autism-2021-24",
        "llr-transforming-care-2021-24",
        "northamptonshire-ld-commissioning-2019-20",
    ]
    for slug, loaded in plans.items():
        assert loaded.plan.slug == slug, "each file is named after its plan's web address"


def test_dorset_trajectories_and_health_checks(plans: dict[str, LoadedPlan]) -> None:
    plan = _plan(plans, "dorset-ld-autism-2021-24")
    assert len(plan.themes) == 6
    measures = {m.id: m for m in plan.measures}
    adults = measures["inpatients-ccg-commissioned-adults"]
    assert [p.target for p in adults.points] == [10, 9, 8]
    children = measures["inpatients-children-and-young-people"]
    assert [p.target for p in children.points] == [2, 1, 1]
    quarters = measures["annual-health-checks-2021-22-by-quarter"]
    assert [p.target for p in quarters.points] == [400, 800, 1000, 1200]
    assert "4,860" in (measures["annual-health-check-uptake"].description or "")
    ids = {c.id for c in plan.commitments()}
    assert {"inpatient-trajectories-2021-22", "inpatient-trajectories-2022-23"} <= ids


def test_northamptonshire_principles_outcomes_and_citations(plans: dict[str, LoadedPlan]) -> None:
    plan = _plan(plans, "northamptonshire-ld-commissioning-2019-20")
    assert [p.number for p in plan.principles] == list(range(1, 13))
    assert [o.number for o in plan.outcomes] == list(range(1, 9))
    framework = next(c for c in plan.commitments() if c.principles == [1, 2, 3, 4, 5, 7, 9, 12])
    assert framework.outcomes == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(c.principles or c.outcomes for c in plan.commitments())


def test_llr_health_checks_by_month(plans: dict[str, LoadedPlan]) -> None:
    plan = _plan(plans, "llr-transforming-care-2021-24")
    monthly = next(m for m in plan.measures if m.unit == "health checks")
    assert [p.actual for p in monthly.points] == [153, 119, 266]
    assert sum(p.actual or 0 for p in monthly.points) == 538
    assert any(["153", "119", "266", "538"] in t.rows for t in plan.tables)
