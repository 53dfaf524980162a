"""An easy read point's `about:` can name a measure, a table, a table's row or a section, and
the numbers rule then checks the point's numbers against that item."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.checks.numbers import known_numbers, number_findings
from planpress.checks.rules import settings_for
from planpress.checks.run import about_texts, plan_years
from planpress.pages.easyread import EasyReadLayout, standard_href
from planpress.pages.views import PlanLayout
from planpress.plan.load import load_plan
from planpress.plan.model import Plan
from planpress.plan.source import SourceError
from planpress.project import load_project

ROOT = Path(__file__).parent.parent
LLR = ROOT / "plans" / "llr-transforming-care-2021-24.yml"


@pytest.fixture(scope="module")
def llr() -> Plan:
    return load_plan(LLR).plan


def wrong(plan: Plan, about: str, text: str) -> list[str]:
    known = known_numbers(plan, about, about_texts(plan, about))
    findings = number_findings(text, known, plan_years(plan), about, settings_for("easy-read"))
    return [f.subject for f in findings]


def test_a_point_about_a_measure_may_say_its_figures(llr: Plan) -> None:
    about = "annual-health-checks-monthly"
    assert wrong(llr, about, "In September 2021 we did 266 health checks.") == []
    assert wrong(llr, about, "In September 2021 we did 262 health checks.") == ["262"]


def test_a_point_about_a_table_row_may_say_only_that_rows_figures(llr: Plan) -> None:
    admissions = "inpatient-admissions-and-discharges-row-1"
    assert wrong(llr, admissions, "41 people went into hospital. That is about 3 each month.") == []
    assert wrong(llr, admissions, "57 people went into hospital.") == ["57"], "57 is the next row's"
    assert wrong(llr, "inpatient-admissions-and-discharges", "57 people left hospital.") == []


def test_a_point_about_a_section_may_say_its_numbers(llr: Plan) -> None:
    assert wrong(llr, "inpatient-data", "41 people went into hospital, and 57 came home.") == []
    assert wrong(llr, "inpatient-data", "968 people went into hospital.") == ["968"]


def test_about_links_to_where_the_item_is_on_the_standard_site(llr: Plan) -> None:
    project = load_project(ROOT / "plans", ROOT / "easyread", ROOT)
    family = next(f for f in project.families if f.slug == llr.slug)
    version = project.easyread_for(family.live)
    assert version is not None
    layout = EasyReadLayout.in_family(version, family)
    plan = PlanLayout(family.live.plan)
    page = layout.front
    assert standard_href(layout, plan, page, "annual-health-checks-monthly").endswith(
        "measures/#measure-annual-health-checks-monthly"
    )
    assert standard_href(layout, plan, page, "inpatient-admissions-and-discharges-row-2").endswith(
        "tables/#table-inpatient-admissions-and-discharges"
    )
    assert standard_href(layout, plan, page, "inpatient-data").endswith("#inpatient-data")


def test_an_about_that_names_nothing_lists_what_it_can_name(tmp_path: Path) -> None:
    plans, easyread = tmp_path / "plans", tmp_path / "easyread"
    plans.mkdir()
    (plans / LLR.name).write_text(LLR.read_text())
    easy = ROOT / "easyread" / LLR.name
    easyread.mkdir()
    for name in ("words.yml", "pictures.yml"):
        (easyread / name).write_text((ROOT / "easyread" / name).read_text())
    (easyread / "pictures").symlink_to(ROOT / "easyread" / "pictures")
    text = easy.read_text()
    first_about = next(line for line in text.splitlines() if line.strip().startswith("about:"))
    (easyread / LLR.name).write_text(
        text.replace(first_about, first_about.split("about:")[0] + "about: inpatient-admissions-row-9", 1)
    )
    with pytest.raises(SourceError) as caught:
        load_project(plans, easyread, tmp_path)
    messages = [p.message for p in caught.value.problems]
    assert any(
        m.startswith(
            "'inpatient-admissions-row-9' is not the id of a theme, commitment, principle (principle-1...), "
            "outcome (outcome-1...), measure, section, table or table row (<table id>-row-1...) in the plan"
        )
        for m in messages
    ), messages
