"""Richer measures on a real site: values per area beside the total, projections apart from
targets, target ranges, rates per population, benchmarks, and an indicator with no figures
yet; and the mistakes an author can make with them, each at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborNode

from planpress.checks.numbers import measure_numbers
from planpress.plan.load import load_plan

from .sitebuild import (
    HERE,
    MinimalBuild,
    build_minimal_with,
    minimal_plan_with,
    problems_of,
)

NONE = "\N{EN DASH} None"
"""An empty cell: a dash on screen, "None" for screen readers."""

MEASURES = """\
measures:
  - id: inpatients
    title: Adults in inpatient care
    unit: people
    direction: lower-is-better
    areas_add_up: true
    commitments: [health-checks]
    points:
      - period: 2021/22
        target: 30
        projection: 34
        actual: 33
        areas: {Leicester: 15, Leicestershire: 16, Rutland: 2}
      - period: 2022/23
        target: 25
        projection: 28
  - id: inpatient-rate
    title: Inpatient rate
    unit: inpatients
    per: 1000000
    population: adults
    benchmarks:
      - name: National average
        value: 37
        period: 2020/21
        source: NHS Digital
    points:
      - period: 2021/22
        target_range: 10-15
        actual: 31
  - id: waiting-well
    title: People who say they waited well
    unit: "%"
    no_figures: The first survey is in April 2022; its results will be in the next version.
"""


def plan_with(folder: Path, measures: str = MEASURES, name: str = "plan.yml") -> Path:
    return minimal_plan_with(folder, measures, name, picture=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> MinimalBuild:
    """The minimal project with the richer measures, built by MkDocs."""
    return build_minimal_with(tmp_path_factory.mktemp("measures") / "project", MEASURES, picture=False)


def measure(built: MinimalBuild, measure_id: str) -> LexborNode:
    page = built.page("measures")
    heading = page.css_first(f"h2#measure-{measure_id}")
    assert heading is not None
    block = heading.next
    while block is not None and block.tag != "div":
        block = block.next
    assert block is not None
    return block


def table(block: LexborNode) -> list[list[str]]:
    return [
        [cell.text(separator=" ", strip=True) for cell in row.css("th, td")] for row in block.css("table tr")
    ]


def test_values_per_area_stand_beside_the_total_and_projections_apart_from_targets(
    built: MinimalBuild,
) -> None:
    assert table(measure(built, "inpatients")) == [
        ["Period", "Target (people)", "Projection (people)", "Actual, all areas (people)", "Leicester",
         "Leicestershire", "Rutland"],
        ["2021/22", "30", "34", "33", "15", "16", "2"],
        ["2022/23", "25", "28", *[NONE] * 4],
    ]  # fmt: skip


def test_a_rate_per_population_with_a_target_range_and_a_benchmark(built: MinimalBuild) -> None:
    block = measure(built, "inpatient-rate")
    assert table(block) == [
        ["Period", "Target (inpatients per 1,000,000 adults)", "Actual (inpatients per 1,000,000 adults)"],
        ["2021/22", "10 to 15", "31"],
    ]
    compared = block.css_first(".pp-relations__row")
    assert compared is not None
    assert compared.text(separator=" ", strip=True) == (
        "Compared with: National average 37 inpatients per 1,000,000 adults; 2020/21; source: NHS Digital"
    )
    title = block.css_first("svg title")
    assert title is not None and title.text() == "Inpatient rate (inpatients per 1,000,000 adults)"


def test_an_indicator_with_no_figures_yet_says_so_in_the_plans_words(built: MinimalBuild) -> None:
    block = measure(built, "waiting-well")
    words = block.css_first(".pp-no-figures")
    assert words is not None
    assert " ".join(words.text().split()) == (
        "No figures yet The first survey is in April 2022; its results will be in the next version."
    )
    assert block.css_first("table") is None and block.css_first("svg") is None, "no figures are invented"


def test_every_figure_of_a_measure_is_known_to_the_numbers_rule(tmp_path: Path) -> None:
    plan = load_plan(plan_with(tmp_path)).plan
    assert measure_numbers(plan.measures[0]) >= {30, 34, 33, 15, 16, 2, 25, 28}
    assert measure_numbers(plan.measures[1]) >= {10, 15, 31, 37, 1000000}
    assert measure_numbers(plan.measures[2]) >= {2022}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "areas: {Leicester: 15,",
            "areas: {Leicester: 14,",
            "59:17: measures[0].points[0].actual: the stated total 33 is not the sum of the areas, which is "
            "32: correct it, or, to keep the total as published, add `accept: [stated-total]` and a `reason` "
            "to the measure",
        ),
        (
            "target_range: 10-15",
            "target_range: 15-10",
            "76:23: measures[1].points[0].target_range: the range starts at 15 but ends lower, at 10: "
            "write the low figure first",
        ),
        (
            "target_range: 10-15",
            "target_range: ten to fifteen",
            "76:23: measures[1].points[0].target_range: 'ten to fifteen' is not a range: write it like "
            "10-15 or 10 to 15",
        ),
        (
            "        target_range: 10-15\n",
            "        target_range: 10-15\n        target: 12\n",
            "76:23: measures[1].points[0].target_range: give either one `target` or a `target_range`, not both",
        ),
        (
            '    unit: "%"\n    no_figures: The first survey is in April 2022; its results will be in the next version.\n',
            '    unit: "%"\n',
            "78:5: measures[2]: a measure needs `points`; when it has no figures yet, say why in "
            '`no_figures:` (it is shown under "No figures yet")',
        ),
        (
            "    per: 1000000\n",
            "",
            "67:17: measures[1].population: `population:` goes with `per:`, the number of people the rate is per",
        ),
        (
            "        target: 25\n        projection: 28\n",
            "        note: Not yet\n",
            "61:9: measures[0].points[1]: a point needs a `target` (or `target_range`), an `actual`, a "
            "`projection` or `areas`",
        ),
    ],
)
def test_measure_mistakes_are_refused_at_their_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in MEASURES
    assert problems_of(plan_with(tmp_path, MEASURES.replace(old, new))) == [expected]


def test_old_measures_still_load() -> None:
    plan = load_plan(HERE.parent / "plans" / "llr-transforming-care-2021-24.yml").plan
    with_points = {m.id: m for m in plan.measures if m.points}
    assert [p.actual for p in with_points["annual-health-checks-monthly"].points] == [153, 119, 266]
    assert all(m.no_figures for m in plan.measures if not m.points)
