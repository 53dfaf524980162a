"""The three sample plans hold what their seed documents say: spot checks of the figures and
cross-references a reader or a board would look for, through the same loader the site uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.plan.load import LoadedPlan, load_plan
from planpress.plan.model import Plan

PLANS = Path(__file__).resolve().parents[1] / "plans"


@pytest.fixture(scope="module")
def plans() -> dict[str, LoadedPlan]:
    """The plans by `slug` for one version, `slug/version` when there are several."""
    found = {}
    for file in sorted(PLANS.rglob("*.yml")):
        name = file.relative_to(PLANS).with_suffix("").as_posix()
        found[name] = load_plan(file)
    return found


def _plan(plans: dict[str, LoadedPlan], slug: str) -> Plan:
    return plans[slug].plan


def test_every_sample_plan_loads(plans: dict[str, LoadedPlan]) -> None:
    assert sorted(plans) == [
        "dorset-ld-autism-2021-24/2021-03",
        "dorset-ld-autism-2021-24/2022-04",
        "llr-transforming-care-2021-24",
        "northamptonshire-ld-commissioning-2019-20",
    ]
    for name, loaded in plans.items():
        slug, _, version = name.partition("/")
        assert loaded.plan.slug == slug, "each file or folder is named after its plan's web address"
        assert version in ("", loaded.plan.version), "each version's file is named after its version"


def test_dorset_trajectories_and_health_checks(plans: dict[str, LoadedPlan]) -> None:
    plan = _plan(plans, "dorset-ld-autism-2021-24/2021-03")
    assert len(plan.themes) == 6
    measures = {m.id: m for m in plan.measures}
    adults = measures["inpatients-ccg-commissioned-adults"]
    assert [p.target for p in adults.points] == [10, 9, 8]
    children = measures["inpatients-children-and-young-people"]
    assert [p.target for p in children.points] == [2, 1, 1]
    quarters = measures["annual-health-checks-2021-22-by-quarter"]
    assert [p.projection for p in quarters.points] == [400, 800, 1000, 1200], "the plan's projected checks"
    assert all(p.target is None for p in quarters.points), "the plan calls them projected, not targets"
    children_rate = measures["children-inpatient-rate"]
    assert children_rate.per == 1000000
    assert [(r.low, r.high) for p in children_rate.points if (r := p.target_range)] == [(12, 15)]
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


def test_the_dorset_refresh_changes_what_it_says(plans: dict[str, LoadedPlan]) -> None:
    from planpress.plan.versions import changes_between

    changes = changes_between(
        plans["dorset-ld-autism-2021-24/2021-03"], plans["dorset-ld-autism-2021-24/2022-04"]
    )
    assert [c.id for c in changes.added] == ["autism-post-diagnosis-support"]
    assert [c.id for c in changes.removed] == ["brain-in-hand-pilot"]
    assert sorted(c.id for c in changes.completed) == [
        "designated-keyworker-2021-22",
        "digital-flag-2021-22",
        "inpatient-trajectories-2021-22",
    ]
    assert [(f.period, f.kind, f.before, f.after) for f in changes.figures] == [
        ("2021/22", "actual", None, 11),
        ("2022/23", "target", 9, 8),
        ("2023/24", "target", 8, 7),
    ]
    deliverables = {
        c.commitment.id: [f.after for f in c.fields if f.field == "What each organisation will deliver"]
        for c in changes.changed
    }
    assert "CCG commissioned adults: 8" in " ".join(deliverables["inpatient-trajectories-2022-23"])
    assert "CCG commissioned adults: 7" in " ".join(deliverables["inpatient-provision-halved-by-2023-24"])
