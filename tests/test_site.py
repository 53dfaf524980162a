"""The standard site, built for real: MkDocs in strict mode over a copy of the project.

The sample plans are built once per session together with `tests/site-plans/kitchen-sink.yml`
(every part of the format, and markup the site must not publish) and
`tests/good/minimal.yml`. Assertions are on the HTML MkDocs wrote.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from planpress.checks.alttext import check_images
from planpress.checks.rules import settings_for
from planpress.pages.charts import format_number
from planpress.pages.views import PlanLayout, lead_text, page_url
from planpress.plan.load import LoadedPlan, load_plan
from planpress.plan.model import Plan
from planpress.plan.versions import plan_families

from .conftest import SampleSite
from .sitebuild import (
    ENV,
    HERE,
    ROOT,
    make_project,
    minimal_project,
    mkdocs_build,
    planpress_build,
)


@dataclass(frozen=True)
class Built:
    project: Path
    site: Path
    output: str
    plans: list[LoadedPlan]

    def html(self, url: str) -> LexborHTMLParser:
        path = self.site / url / "index.html" if not url.endswith(".html") else self.site / url
        return LexborHTMLParser(path.read_text(encoding="utf-8"))

    def plan(self, slug: str) -> Plan:
        return next(p.plan for p in self.plans if p.plan.slug == slug)


@pytest.fixture(scope="session")
def built(sample_site: SampleSite) -> Built:
    project = sample_site.project
    every = [load_plan(f) for f in sorted((project / "plans").rglob("*.yml"))]
    plans = [family.live for family in plan_families(every)]  # what /plans/<slug>/ shows
    return Built(project, sample_site.site, sample_site.output, plans)


def article(tree: LexborHTMLParser) -> LexborNode:
    found = tree.css_first("article.md-content__inner")
    assert found is not None
    return found


BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|dt|dd|h[1-6]|tr|td|th|br|ul|ol|dl|caption|table|thead|tbody|title|desc|text)\b[^>]*>"
)


def text_of(node: LexborNode | None) -> str:
    """The words of an element as a reader sees them: blocks apart, inline markup joined."""
    if node is None:
        return ""
    spaced = re.sub(r"<[^>]+>", "", BLOCK_TAG.sub(" ", node.html or ""))
    return " ".join(html.unescape(spaced).split())


def item_block(tree: LexborHTMLParser, anchor: str) -> LexborNode:
    """The element that follows an item's heading: its card."""
    heading = tree.css_first(f"#{anchor}")
    assert heading is not None, f"no element with id {anchor}"
    node = heading.next
    while node is not None and not node.is_element_node:
        node = node.next
    assert node is not None, f"nothing after #{anchor}"
    return node


def plan_pages(built: Built, plan: Plan) -> list[str]:
    return [page_url(path) for path, _ in PlanLayout(plan).pages()]


# --- the build -----------------------------------------------------------------------------


def test_strict_build_passes(built: Built) -> None:
    assert (built.site / "index.html").is_file(), built.output
    assert "WARNING" not in built.output
    assert "ERROR" not in built.output


def test_generated_pages_are_not_written_into_docs(built: Built) -> None:
    assert not (built.project / "docs" / "plans").exists()
    assert not list(built.site.rglob("*.jinja")), "page templates must not be published"


def test_pages_are_british_english(built: Built) -> None:
    for url in ["", "plans/", "plans/kitchen-sink/"]:
        html = built.html(url).css_first("html")
        assert html is not None and html.attributes.get("lang") == "en-GB"


def test_only_pages_with_content_are_made(built: Built) -> None:
    minimal = built.site / "plans" / "minimal-plan"
    assert (minimal / "index.html").is_file()
    assert (minimal / "themes" / "health" / "index.html").is_file()
    for name in ["principles", "outcomes", "grid", "glossary"]:
        assert (minimal / name / "index.html").is_file(), name
    for name in ["measures", "risks", "tables"]:
        assert not (minimal / name).exists(), name
    for loaded in built.plans:
        plan = loaded.plan
        folder = built.site / "plans" / plan.slug
        assert (folder / "risks").exists() == bool(plan.risks)
        assert (folder / "measures").exists() == bool(plan.measures)
        assert (folder / "tables").exists() == bool(plan.tables)
        assert (folder / "principles").exists() == bool(plan.principles)


# --- commitments ---------------------------------------------------------------------------


def test_every_commitment_is_under_its_anchor_with_leads_and_timeline(built: Built) -> None:
    for loaded in built.plans:
        plan = loaded.plan
        for theme in plan.themes:
            tree = built.html(f"plans/{plan.slug}/themes/{theme.id}/")
            for commitment in theme.commitments:
                heading = tree.css_first(f"#commitment-{commitment.id}")
                assert heading is not None, f"{plan.slug}: no anchor for {commitment.id}"
                assert heading.tag in ("h2", "h3")
                assert " ".join(commitment.title.split()) in text_of(heading)
                card = item_block(tree, f"commitment-{commitment.id}")
                assert "pp-commitment" in (card.attributes.get("class") or "")
                facts = text_of(card.css_first(".pp-facts"))
                for lead in commitment.leads:
                    assert lead_text(lead) in facts, f"{commitment.id}: lead {lead_text(lead)}"
                if not commitment.leads:
                    assert "Not named in the plan" in facts
                timeline = text_of(card.css_first(".pp-timeline"))
                for entry in commitment.timeline:
                    when = (
                        entry.when if isinstance(entry.when, str) else f"{entry.when.day} {entry.when:%B %Y}"
                    )
                    assert when in timeline, f"{commitment.id}: timeline {when}"
                progress = card.css_first(".pp-progress")
                if commitment.status is None:
                    assert progress is None and "Progress Not stated in the plan" in facts, (
                        "no invented progress"
                    )
                else:
                    assert progress is not None and progress.text(strip=True), "progress is shown in words"


def test_commitments_are_grouped_by_year(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/themes/health/")
    headings = [text_of(h).rstrip("¶") for h in article(tree).css("h2")]
    assert headings == ["For the whole plan", "2021/22"]
    order = [h.attributes.get("id") for h in article(tree).css("h2, h3")]
    assert order.index("year-all") < order.index("commitment-whole-plan-work") < order.index("year-2021-22")


def test_commitment_card_shows_everything(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/themes/health/")
    card = item_block(tree, "commitment-health-checks")
    text = text_of(card)
    for expected in [
        "On track",
        "Sam Jones (Programme lead), Testshire Council",
        "NHS Testshire",
        "Ongoing",
        "31 May 2021: First letters sent",
        "Q3 2021/22",
        "More people get an",
        "Letters to everyone on the register",
        "Testshire Council, 2022/23",
        "Train staff",
        "Lead: Pat Lee (Manager)",
        "On track at the last review.",
        "Principle 1: Equal rights",
        "Outcome 1: People live longer",
        "Fewer admissions",
        "Less time in hospital",
        "AHC each month",
        "Risk 1: Not enough staff.",
    ]:
        assert expected in text, expected
    links = {a.attributes.get("href") for a in card.css("a")}
    assert "../../principles/#principle-1" in links
    assert "../../outcomes/#outcome-1" in links
    assert "../hospital/#commitment-fewer-admissions" in links
    assert "../../measures/#measure-monthly-checks" in links
    assert "../../risks/#risk-workforce" in links


def test_progress_is_text_not_only_colour(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/themes/hospital/")
    labels = {
        (p.attributes.get("class") or "").split()[-1]: p.text(strip=True)
        for p in article(tree).css(".pp-progress")
    }
    assert labels == {
        "pp-progress--complete": "Complete",
        "pp-progress--off-track": "Off track",
        "pp-progress--on-track": "On track",
    }


# --- anchors a board paper can link to ------------------------------------------------------


def anchors_of(plan: Plan) -> list[tuple[str, str]]:
    layout = PlanLayout(plan)
    found = [(page_url(layout.theme(t)), c.anchor) for t in plan.themes for c in t.commitments]
    found += [(page_url(layout.optional("principles")), p.id) for p in plan.principles]
    found += [(page_url(layout.optional("outcomes")), o.id) for o in plan.outcomes]
    found += [(page_url(layout.optional("measures")), f"measure-{m.id}") for m in plan.measures]
    found += [(page_url(layout.optional("risks")), f"risk-{r.id}") for r in plan.risks]
    return found


def test_every_item_has_a_stable_anchor_and_a_link_to_this(built: Built) -> None:
    for loaded in built.plans:
        for url, anchor in anchors_of(loaded.plan):
            tree = built.html(url)
            assert tree.css_first(f"#{anchor}") is not None, f"{url}#{anchor}"
            links = tree.css(f'a.pp-link-to-this[href="#{anchor}"]')
            assert len(links) == 1, f"{url}#{anchor}: one 'Link to this'"
            name = text_of(links[0])
            assert name.startswith("Link to this ") and len(name) > len("Link to this ") + 3, name


def test_internal_links_all_resolve(built: Built) -> None:
    """Every relative link of every page leads to a page, and its anchor exists there."""
    ids: dict[Path, set[str]] = {}

    def ids_of(file: Path) -> set[str]:
        if file not in ids:
            tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
            ids[file] = {n.attributes.get("id") or "" for n in tree.css("[id]")}
        return ids[file]

    broken = []
    for file in built.site.rglob("*.html"):
        tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
        for link in article(tree).css("a[href]") if tree.css_first("article") else []:
            href = link.attributes.get("href") or ""
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (file.parent / unquote(parts.path)).resolve() if parts.path else file
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{file.relative_to(built.site)}: {href}")
            elif parts.fragment and parts.fragment not in ids_of(target):
                broken.append(f"{file.relative_to(built.site)}: {href} (no such anchor)")
    assert broken == []


# --- principles, outcomes and the grid -------------------------------------------------------


@pytest.mark.parametrize("kind", ["principle", "outcome"])
def test_backlinks_are_complete(built: Built, kind: str) -> None:
    for loaded in built.plans:
        plan = loaded.plan
        items = plan.principles if kind == "principle" else plan.outcomes
        if not items:
            continue
        layout = PlanLayout(plan)
        tree = built.html(f"plans/{plan.slug}/{kind}s/")
        for item in items:
            block = item_block(tree, item.id)
            citing = [
                c
                for c in plan.commitments()
                if item.number in (c.principles if kind == "principle" else c.outcomes)
            ]
            links = [a.attributes.get("href") for a in block.css(".pp-link-list a")]
            theme_of = {c.id: t for t in plan.themes for c in t.commitments}
            expected = [f"../themes/{theme_of[c.id].id}/#{c.anchor}" for c in citing]
            assert links == expected, f"{plan.slug} {item.id}"
            if not citing:
                assert "No commitment in this plan names this" in text_of(block)
        assert layout.has_grid == (built.site / "plans" / plan.slug / "grid" / "index.html").is_file()


def test_grid_is_an_accessible_table_that_matches_the_plan(built: Built) -> None:
    for loaded in built.plans:
        plan = loaded.plan
        if not PlanLayout(plan).has_grid:
            continue
        table = built.html(f"plans/{plan.slug}/grid/").css_first("table.pp-grid")
        assert table is not None
        assert text_of(table.css_first("caption"))
        columns = table.css("thead th.pp-grid__column")
        assert [c.attributes.get("scope") for c in columns] == ["col"] * len(columns)
        full_names = [text_of(c.css_first(".pp-visually-hidden")) for c in columns]
        assert full_names == [f"Principle {p.number}: {p.title}" for p in plan.principles] + [
            f"Outcome {o.number}: {o.title}" for o in plan.outcomes
        ]
        rows = [r for r in table.css("tbody tr") if r.css_first('th[scope="row"]') is not None]
        assert len(rows) == len(plan.commitments())
        for row, commitment in zip(rows, plan.commitments(), strict=True):
            header = row.css_first('th[scope="row"] a')
            assert header is not None and (header.attributes.get("href") or "").endswith(
                f"#{commitment.anchor}"
            )
            cells = [text_of(td) for td in row.css("td")]
            expected = ["✓Yes" if p.number in commitment.principles else "No" for p in plan.principles]
            expected += ["✓Yes" if o.number in commitment.outcomes else "No" for o in plan.outcomes]
            assert cells == expected, commitment.id
            # Each cell names its commitment, its group (Principles or Outcomes) and its column.
            for td, column in zip(row.css("td"), columns, strict=True):
                named = {
                    text_of(table.css_first(f"#{i}")).removesuffix("¶")
                    for i in (td.attributes.get("headers") or "").split()
                }
                group = "Principles" if text_of(column).startswith("P") else "Outcomes"
                assert {group, text_of(column), text_of(header)} <= named, (commitment.id, named)


# --- measures and charts ---------------------------------------------------------------------


def test_every_number_of_every_measure_is_in_its_table(built: Built) -> None:
    for loaded in built.plans:
        plan = loaded.plan
        if not plan.measures:
            continue
        tree = built.html(f"plans/{plan.slug}/measures/")
        for measure in plan.measures:
            block = item_block(tree, f"measure-{measure.id}")
            table = block.css_first("table")
            if not measure.points:
                words = block.css_first(".pp-no-figures")
                assert table is None and words is not None, measure.id
                assert text_of(words).startswith("No figures yet"), measure.id
                continue
            assert table is not None and text_of(table.css_first("caption")), measure.id
            rows = table.css("tbody tr")
            assert len(rows) == len(measure.points)
            headers = [text_of(th) for th in table.css("thead th")]
            for row, point in zip(rows, measure.points, strict=True):
                header = row.css_first('th[scope="row"]')
                assert text_of(header) == point.period
                cells = dict(zip(headers[1:], [text_of(td) for td in row.css("td")], strict=True))
                figures = (
                    ("Target", point.target),
                    ("Projection", point.projection),
                    ("Actual", point.actual),
                )
                for name, value in figures:
                    if value is not None:
                        cell = next(v for k, v in cells.items() if k.startswith(name))
                        assert format_number(value) in cell, f"{measure.id} {point.period} {name}"
                if point.note:
                    assert cells["Note"] == point.note


def test_every_chart_has_title_desc_and_a_table_after_it(built: Built) -> None:
    settings = settings_for("plain")
    charts = 0
    for loaded in built.plans:
        plan = loaded.plan
        if not plan.measures:
            continue
        tree = built.html(f"plans/{plan.slug}/measures/")
        assert [f for _, f in check_images(tree, settings) if f.rule == "chart-text"] == []
        for measure in plan.measures:
            svg = item_block(tree, f"measure-{measure.id}").css_first("svg.pp-chart")
            if not any(p.target is not None or p.actual is not None for p in measure.points):
                assert svg is None, f"{measure.id}: a chart of figures the plan does not give"
                continue
            assert svg is not None
            charts += 1
            assert svg.attributes.get("role") == "img"
            title, desc = (svg.attributes.get("aria-labelledby") or "").split()
            title_node, desc_node = svg.css_first(f"#{title}"), svg.css_first(f"#{desc}")
            assert title_node is not None and title_node.tag == "title"
            assert desc_node is not None and desc_node.tag == "desc"
            assert measure.title in text_of(title_node) and measure.unit in text_of(title_node)
            described = text_of(desc_node)
            assert measure.unit in described
            targets = [p.target for p in measure.points if p.target is not None]
            if targets:
                assert "target" in described.lower()
                target_labels = [
                    t.text(strip=True) for t in svg.css("text") if t.text(strip=True).startswith("Target")
                ]
                assert target_labels, f"{measure.id}: targets are labelled in the chart"
    assert charts >= 3


def test_long_series_is_a_line_chart_with_gaps(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/measures/")
    svg = item_block(tree, "measure-monthly-checks").css_first("svg")
    assert svg is not None and "pp-chart--line" in (svg.attributes.get("class") or "")
    actual_lines = svg.css("polyline.pp-chart__actual")
    assert len(actual_lines) == 2, "the missing June figure breaks the line"
    desc = text_of(svg.css_first("desc"))
    assert "1,250 health checks (Aug 2021)" in desc and "0 health checks (Oct 2021)" in desc


# --- typed tables, totals and money ----------------------------------------------------------


def _one(tree: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    found = tree.css_first(selector)
    assert found is not None, selector
    return found


def _after(tree: LexborHTMLParser, selector: str, tag: str = "div") -> LexborNode:
    """The first `tag` element after the one `selector` finds (a heading's card or body)."""
    node = _one(tree, selector).next
    while node is not None and node.tag != tag:
        node = node.next
    assert node is not None, selector
    return node


def _cells(table: LexborNode) -> list[list[str]]:
    return [[text_of(c) for c in row.css("th, td")] for row in table.css("tbody tr")]


def test_typed_table_cells_are_shown_in_one_form_with_row_headers_and_two_header_rows(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/tables/")
    population = _one(tree, "table:has(#table-population-caption)")
    upper, lower = population.css("thead tr")
    assert [
        (text_of(th), th.attributes.get("scope"), th.attributes.get("rowspan"), th.attributes.get("colspan"))
        for th in upper.css("th")
    ] == [
        ("Area", "col", "2", None),
        ("Adults known to services", "colgroup", None, "3"),
    ]
    assert [text_of(th) for th in lower.css("th")] == ["2016", "2017", "2018"]
    assert [c.attributes.get("span") for c in population.css("colgroup")] == ["1", "3"]
    # `980` and `1000` as typed become 980 and 1,000; the blank 2017 total is worked out.
    assert _cells(population) == [
        ["North", "1,238", "1,250", "1,262"],
        ["South", "980", "990", "1,000"],
        ["Total", "2,218", "2,240", "4,262"],
    ]
    assert [text_of(th) for th in population.css('tbody th[scope="row"]')] == ["North", "South", "Total"]
    assert "pp-table__total" in (population.css("tbody tr")[-1].attributes.get("class") or "")
    block = text_of(article(tree))
    assert "Source: Testshire public health. Figures as at 1 April 2016." in block
    assert "Totals the plan left blank are worked out from the figures they add up." in block
    assert (
        "Row 3, column '2018': the plan states 4,262, but the rows above in the column '2018' add up to 2,262."
        in block
    ), "a total kept as published says so, with both figures"
    assert "Why: The published plan states a 2018 total of 4,262; it is kept as published." in block
    census = _one(tree, "table:has(#table-school-census-caption)")
    assert _cells(census) == [
        ["Primary", "120", "130", "250"],
        ["Secondary", "80", "90", "170"],
    ]
    costs = _one(tree, "table:has(#table-costs-caption)")
    assert _cells(costs) == [
        ["Staff", "£412,000", "43.4%", "April 2016"],
        ["Rent", "£1,300,000", "56.6%", "1 May 2016"],
    ]
    assert [c.attributes.get("class") for c in costs.css("tbody tr")[0].css("td")] == [
        "pp-number",
        "pp-number",
        None,
    ]


def test_sample_plans_tables_are_typed_and_their_totals_add_up(built: Built) -> None:
    """Dorset's trajectories and LLR's quarter of health checks, as published: every total checked."""
    dorset = built.html("plans/dorset-ld-autism-2021-24/tables/")
    inpatients = _one(dorset, "table:has(#table-inpatient-trajectories-caption)")
    assert [text_of(th) for th in inpatients.css("thead th")] == [
        "Inpatient care", "Trajectory (people)", "2021/22", "2022/23",
    ]  # fmt: skip
    assert _cells(inpatients)[2] == ["Inpatient care for children and young people", "2", "1"]
    checks = _one(dorset, "table:has(#table-annual-health-checks-trajectory-2021-22-caption)")
    assert _cells(checks) == [["400", "800", "1,000", "1,200", "3,400"]]
    assert checks.css('tbody th[scope="row"]') == [], "a row of figures has no row header"
    llr = built.html("plans/llr-transforming-care-2021-24/tables/")
    quarter = _one(llr, "table:has(#table-annual-health-checks-q2-2021-22-caption)")
    assert _cells(quarter) == [["153", "119", "266", "538"]]
    assert "Totals kept as published" not in text_of(article(dorset)) + text_of(article(llr))


def test_an_empty_table_shows_its_note_instead(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/tables/")
    heading = tree.css_first("#table-children-in-hospital")
    assert heading is not None and tree.css_first("#table-children-in-hospital-caption") is None
    assert "No children were in inpatient care at the time of writing." in text_of(
        tree.css_first(".pp-table-empty")
    )


def test_finance_totals_per_year_and_overall_are_worked_out(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/finance/")
    table = tree.css_first("table.pp-finance")
    assert table is not None and text_of(table.css_first("caption"))
    assert [text_of(th) for th in table.css("thead th")] == [
        "What", "2021/22", "2022/23", "Not tied to a year", "Total", "Funding source", "Match funding", "Pays for",
    ]  # fmt: skip
    rows = _cells(table)
    assert rows[0][:7] == [
        "Intensive support team", "£400,000", "£340,000", "", "£740,000", "NHS England", "£50,000 from Testshire Council",
    ]  # fmt: skip
    assert rows[0][7].startswith("1. More annual health checks")
    assert rows[2] == ["Total", "£400,000", "£340,000", "£500,000", "£1,240,000", "", "£50,000", ""]
    link = table.css_first("tbody a")
    assert link is not None and link.attributes.get("href") == "../themes/health/#commitment-health-checks"
    assert (
        "The plan states a total of £1,300,000, but its items add up to £1,240,000. The stated total is kept as published."
        in text_of(article(tree))
    )


def test_the_kitchen_sink_json_holds_the_new_data_and_validates(built: Built) -> None:
    schema = json.loads((ROOT / "schema" / "plan.schema.json").read_text())
    data = json.loads((built.site / "plans/kitchen-sink/1.2/plan.json").read_text())
    jsonschema.validate(data, schema)
    assert data["finance"][0]["total"] == "1300000"
    assert data["finance"][0]["items"][0]["amounts"] == {"2021/22": "400000", "2022/23": "340000"}
    assert data["tables"][2]["rows"][2] == ["Total", "2,218", "", "4,262"], "cells as typed"
    assert [a["body"] for a in data["approvals"]] == [
        "NHS England regional team",
        "Testshire CCG Governing Body",
    ]


def test_roles_groups_and_approvals_are_on_the_overview(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/")
    roles = [
        (text_of(row.css_first("dt")), text_of(row.css_first("dd")))
        for row in _one(tree, ".pp-roles").css(".pp-facts__row")
    ]
    assert roles == [
        ("Senior responsible owner", "Chris Patel, NHS Testshire"),
        ("Deputy senior responsible owner", "To be confirmed"),
        ("Finance lead", "Not named in the plan"),
    ]
    board = _one(tree, "table:has(#group-partnership-board-caption)")
    assert _cells(board) == [
        ["Testshire Council", "Sam Jones", "Chair"],
        ["NHS Testshire", "To be confirmed", "Director of nursing"],
        ["Testshire Healthwatch", "Not named", ""],
    ]
    approvals = _one(tree, "table.pp-approvals")
    assert _cells(approvals) == [
        ["Testshire CCG Governing Body", "10 March 2021", "Supported", "", "GB 21/033"],
        ["Testshire Health and Wellbeing Board", "25 March 2021", "Approved", "", "HWB 12/21"],
        ["NHS England regional team", "20 April 2021", "Assured with conditions", "Amber", ""],
    ], "every body's decision, in date order"


def test_no_progress_is_shown_where_the_plan_gives_none(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/themes/hospital/")
    facts = text_of(_one(_after(tree, "#commitment-no-progress-given"), ".pp-facts"))
    assert "Progress Not stated in the plan" in facts and "Not started" not in facts
    assert "Housing lead, Testshire Council: to be confirmed" in facts
    other = text_of(_after(tree, "#commitment-lead-to-be-confirmed"))
    assert "To be confirmed" in other and "Not named in the plan" not in other
    for page in built.site.glob("plans/*/themes/*/index.html"):
        assert "Not started" not in page.read_text(encoding="utf-8"), "no sample plan states 'not started'"


def test_headings_in_a_section_keep_their_levels(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/")
    body = _after(tree, "#our-area")
    assert [(h.tag, text_of(h)) for h in body.css("h3, h4, h5")] == [
        ("h3", "Who lives here"),
        ("h4", "In the north"),
    ]


# --- risks and tables -----------------------------------------------------------------------


def test_risks_are_a_real_table(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/risks/")
    table = article(tree).css_first("table.pp-risks")
    assert table is not None and text_of(table.css_first("caption"))
    assert [text_of(th) for th in table.css("thead th")] == [
        "Entry",
        "Description",
        "Rating before mitigation",
        "Mitigation",
        "Rating after mitigation",
        "Owner",
    ]
    assert all(th.attributes.get("scope") == "col" for th in table.css("thead th"))
    first = table.css_first("#risk-workforce")
    assert first is not None
    assert "Red" in text_of(first) and "Amber" in text_of(first), "ratings in words"
    assert "Not rated" in text_of(table.css_first("#risk-money"))
    labels = [text_of(th).removesuffix("Link to this").strip() for th in table.css('tbody th[scope="row"]')]
    assert [label.split(" Link")[0] for label in labels] == ["Risk 1", "Risk 2", "Assumption 1", "Issue 1"]
    assert "Yellow" in text_of(table.css_first("#risk-waiting-list"))
    assert (
        "The risk register as at 1 March 2021. Its ratings, from worst to best: Red, Amber, Yellow, Green."
        in text_of(article(tree))
    )


def test_plan_tables_have_captions_and_headers(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/tables/")
    tables = article(tree).css("table")
    assert [text_of(t.css_first("caption")) for t in tables] == [
        "Who signed the plan",
        "Figures in one row",
        "Adults with a learning disability known to services, by area",
        "Pupils with a learning disability in the school census",
        "What the service costs",
    ]
    assert len(tables[0].css('tbody th[scope="row"]')) == 2, "names in the first column are row headers"
    assert tables[1].css('tbody th[scope="row"]') == [], "numbers are not row headers"
    for table in built.site.rglob("index.html"):
        for node in article(LexborHTMLParser(table.read_text(encoding="utf-8"))).css("table"):
            assert node.css_first("caption") is not None or "pp-table" not in (
                node.attributes.get("class") or ""
            )
            wrapper = node.parent
            classes = (node.attributes.get("class") or "").split()
            if "pp-stack" in classes:
                # On a phone, each cell shows its column's name (see planpress.css).
                assert all(td.attributes.get("data-label") for td in node.css("tbody td:not(.pp-grid__no)"))
            elif "pp-table" in classes:
                assert wrapper is not None and "pp-table-scroll" in (wrapper.attributes.get("class") or "")
                assert wrapper.attributes.get("tabindex") == "0", "keyboard users can scroll it"


# --- glossary and abbreviations ---------------------------------------------------------------

SKIP_TEXT = {"abbr", "code", "script", "style", "svg", "title", "desc", "text", "dt"}


def loose_text(node: LexborNode) -> Iterator[str]:
    """Text of the page that is not inside an <abbr> (nor code, scripts, charts, glossary terms)."""
    for child in node.iter(include_text=True):
        if child.is_text_node:
            yield child.text_content or ""
        elif child.tag not in SKIP_TEXT:
            yield from loose_text(child)


def test_every_glossary_acronym_is_marked_on_every_page_of_its_plan(built: Built) -> None:
    checked = 0
    for loaded in built.plans:
        plan = loaded.plan
        terms = {g.term: g.expansion for g in plan.glossary if g.expansion}
        if not terms:
            continue
        pattern = re.compile(
            r"(?<![\w&])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?!\w)"
        )
        for url in plan_pages(built, plan):
            content = article(built.html(url))
            unmarked = [m.group(1) for text in loose_text(content) for m in pattern.finditer(text)]
            assert unmarked == [], f"{url}: not marked as <abbr>: {sorted(set(unmarked))}"
            for abbr in content.css("abbr"):
                term = abbr.text()
                if term in terms:
                    assert abbr.attributes.get("title") == terms[term]
                    checked += 1
    assert checked > 100


def test_abbreviations_in_headings_come_from_the_abbr_extension(built: Built) -> None:
    heading = built.html("plans/kitchen-sink/themes/health/").css_first("#commitment-health-checks")
    assert heading is not None
    abbr = heading.css_first("abbr")
    assert abbr is not None and abbr.attributes.get("title") == "Annual Health Check"


def test_glossary_page_lists_every_term(built: Built) -> None:
    for loaded in built.plans:
        plan = loaded.plan
        if not plan.glossary:
            continue
        glossary = article(built.html(f"plans/{plan.slug}/glossary/"))
        terms = [t.text(strip=True) for t in glossary.css(".pp-glossary dt")]
        assert sorted(terms, key=str.casefold) == terms
        assert set(terms) == {g.term for g in plan.glossary}


# --- what must never be published --------------------------------------------------------------


def test_hostile_markup_in_yaml_does_not_reach_the_html(built: Built) -> None:
    for url in plan_pages(built, built.plan("kitchen-sink")):
        html = (built.site / url / "index.html").read_text(encoding="utf-8")
        content = article(LexborHTMLParser(html))
        assert "alert(" not in html, url
        assert "onerror" not in html.lower() and "onclick" not in html.lower(), url
        assert content.css("script, iframe, img:not(.pp-link-box__qr, .pp-figure__picture)") == [], url
        for figure in content.css("img.pp-figure__picture"):
            assert (figure.attributes.get("src") or "").endswith("figures/board-structure.svg"), url
        for link in content.css("a[href]"):
            assert not (link.attributes.get("href") or "").lower().startswith(("javascript:", "data:")), url
    overview = article(built.html("plans/kitchen-sink/"))
    assert "Kitchen sink plan <b>for tests</b>" in text_of(overview.css_first("h1")), (
        "plain text is shown, not run"
    )
    assert overview.css_first("h1 b") is None
    good = overview.css_first('a[href="https://example.org"]')
    assert good is not None and good.attributes.get("rel") == "noopener noreferrer"
    assert "A bad link" in text_of(overview), "the words of an unsafe link stay"


# --- overview and index ---------------------------------------------------------------------------


def test_overview_has_status_contact_pages_and_no_easy_read_link_without_a_version(built: Built) -> None:
    overview = article(built.html("plans/kitchen-sink/"))
    banner = text_of(overview.css_first(".pp-banner"))
    assert "Status: Superseded" in banner
    assert "Testshire Health and Wellbeing Board on 25 March 2021 (minute HWB 12/21)" in banner
    assert overview.css_first('.pp-banner a[href="../minimal-plan/"]') is not None
    facts = text_of(overview.css_first(".pp-plan-facts"))
    for expected in ["Test Partnership", "2021/22 to 2023/24", "1 April 2022", "1 April 2023", "Sam Jones"]:
        assert expected in facts
    assert overview.css_first('a[href="mailto:sam.jones@example.org"]') is not None
    assert overview.css_first('a[href="tel:01234567890"]') is not None
    contents = [a.attributes.get("href") for a in overview.css(".pp-contents a")]
    assert contents == [
        "themes/health/",
        "themes/hospital/",
        "principles/",
        "outcomes/",
        "grid/",
        "measures/",
        "risks/",
        "tables/",
        "finance/",
        "glossary/",
        "readability/",
        "board-summary/",
    ]
    assert overview.css_first(".pp-other-version") is None
    minimal = text_of(article(built.html("plans/minimal-plan/")).css_first(".pp-banner"))
    assert "Approved by Testshire Health and Wellbeing Board on 25 March 2021" in minimal


def test_plans_index_lists_every_plan(built: Built) -> None:
    table = article(built.html("plans/")).css_first("table")
    assert table is not None and text_of(table.css_first("caption"))
    assert [text_of(th) for th in table.css("thead th")] == [
        "Plan",
        "Area",
        "Period",
        "Status",
        "Last reviewed",
    ]
    rows = table.css("tbody tr")
    assert len(rows) == len({p.plan.slug for p in built.plans}), "one row per plan, however many versions"
    by_link = {}
    for row in rows:
        link = row.css_first("a")
        assert link is not None
        by_link[link.attributes.get("href") or ""] = [text_of(td) for td in row.css("td")]
    for loaded in built.plans:
        plan = loaded.plan
        cells = by_link[f"{plan.slug}/"]
        assert cells[0] == plan.area
        assert cells[2] in {"Draft", "Out for consultation", "Approved", "Superseded"}
    assert by_link["kitchen-sink/"][3] == "1 April 2022"


def test_any_commitment_is_three_clicks_from_home(built: Built) -> None:
    home = article(built.html(""))
    assert home.css_first('a[href="plans/"]') is not None
    index = article(built.html("plans/"))
    for loaded in built.plans:
        plan = loaded.plan
        assert index.css_first(f'a[href="{plan.slug}/"]') is not None
        overview = article(built.html(f"plans/{plan.slug}/"))
        for theme in plan.themes:
            assert overview.css_first(f'a[href="themes/{theme.id}/"]') is not None


def test_every_commitment_can_be_found_by_search(built: Built) -> None:
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for loaded in built.plans:
        for theme in loaded.plan.themes:
            for commitment in theme.commitments:
                assert f"plans/{loaded.plan.slug}/themes/{theme.id}/#{commitment.anchor}" in locations
    # Each version's own copy is left out: a search lists the live plan's page once.
    for version in ("2021-03", "2022-04"):
        assert not [
            place for place in locations if place.startswith(f"plans/dorset-ld-autism-2021-24/{version}/")
        ]
    assert "plans/dorset-ld-autism-2021-24/" in locations


def test_menu_has_each_plan_with_its_pages_in_order(built: Built) -> None:
    tree = built.html("plans/kitchen-sink/risks/")
    labels = [text_of(a) for a in tree.css(".md-nav--primary a.md-nav__link")]
    start = labels.index("Better health")
    assert labels[start : start + 10] == [
        "Better health",
        "Less time in hospital",
        "Principles",
        "Outcomes",
        "Commitments by principle and outcome",
        "Measures",
        "Risks",
        "Tables",
        "Money",
        "Glossary",
    ]


# --- overrides and failures ------------------------------------------------------------------------


def test_a_template_override_in_the_project_takes_effect(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", [HERE / "good" / "minimal.yml"], sample_plans=False)
    component = project / "overrides" / "components"
    component.mkdir(parents=True, exist_ok=True)
    original = (ROOT / "planpress" / "pages" / "templates" / "components" / "commitment.md.jinja").read_text(
        encoding="utf-8"
    )
    (component / "commitment.md.jinja").write_text(
        original.replace('<div class="pp-commitment"', '<div class="pp-commitment our-own-card"'),
        encoding="utf-8",
    )
    (project / "overrides" / "plan-glossary.md.jinja").write_text(
        '---\ntitle: "Words"\n---\n\n# Our words\n\n<p class="our-glossary">{{ entries | length }} words</p>\n',
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site" / "plans" / "minimal-plan"
    theme = LexborHTMLParser((site / "themes" / "health" / "index.html").read_text(encoding="utf-8"))
    assert theme.css_first("#commitment-health-checks + .our-own-card") is not None
    glossary = LexborHTMLParser((site / "glossary" / "index.html").read_text(encoding="utf-8"))
    assert text_of(glossary.css_first(".our-glossary")) == "1 words"
    assert not list((project / "site").rglob("*.jinja"))


BROKEN_STATUS = "status: approvedd"


def broken_copy(project: Path) -> Path:
    text = (
        (HERE / "good" / "minimal.yml").read_text(encoding="utf-8").replace("status: approved", BROKEN_STATUS)
    )
    broken = project / "plans" / "broken.yml"
    broken.write_text(text.replace("slug: minimal-plan", "slug: broken-plan"), encoding="utf-8")
    return broken


def broken_line(path: Path) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == BROKEN_STATUS
    )


def test_an_invalid_plan_stops_mkdocs_with_file_line_and_no_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", [HERE / "good" / "minimal.yml"], sample_plans=False)
    broken = broken_copy(project)
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    line = broken_line(broken)
    assert (
        f"plans/broken.yml:{line}:9: status: 'approvedd' is not one of 'draft', 'consultation', "
        "'submitted', 'assured', 'approved' or 'superseded' (did you mean 'approved'?)"
    ) in output
    assert "planpress: 1 problem in the source files" in output
    assert not (project / "site").exists()


def test_planpress_build_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", [HERE / "good" / "minimal.yml"], sample_plans=False)
    first = planpress_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    site = project / "site"
    index = (site / "plans" / "index.html").read_text(encoding="utf-8")
    assert oct((site).stat().st_mode & 0o777) == oct(0o755)
    (site / "marker.txt").write_text("still here", encoding="utf-8")

    broken = broken_copy(project)
    second = planpress_build(project)
    output = second.stdout + second.stderr
    assert second.returncode == 1
    assert "Traceback" not in output
    assert f"plans/broken.yml:{broken_line(broken)}:9: status: 'approvedd'" in second.stdout
    assert "The site was not changed." in second.stderr
    assert (site / "marker.txt").read_text(encoding="utf-8") == "still here"
    assert (site / "plans" / "index.html").read_text(encoding="utf-8") == index
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []

    broken.unlink()
    third = planpress_build(project)
    assert third.returncode == 0, third.stdout + third.stderr
    assert not (site / "marker.txt").exists(), "a good build replaces the whole site"


def test_a_related_document_file_is_published_beside_the_plan(built: Built) -> None:
    overview = article(built.html("plans/kitchen-sink/"))
    link = overview.css_first('.pp-documents a[href="files/terms-of-reference.txt"]')
    assert link is not None and text_of(link) == "Terms of reference of the board"
    assert "(TXT file)" in text_of(link.parent)
    published = built.site / "plans" / "kitchen-sink" / "files" / "terms-of-reference.txt"
    assert published.read_text() == "The terms of reference of the Testshire partnership board.\n"


def test_a_script_without_a_main_guard_builds_both_sites(tmp_path: Path) -> None:
    """The easy read worker is a fresh `python -c`: the caller's script is not run again."""
    import subprocess
    import sys

    project = minimal_project(tmp_path / "project")
    (project / "build_it.py").write_text(
        "from pathlib import Path\n"
        "from planpress.engines.mkdocs.build import build_site\n"
        "print('pages', build_site(Path('mkdocs.yml'), echo=lambda line: None).pages)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "build_it.py"], cwd=project, env=ENV, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("pages") == 1
    assert (project / "site" / "easy-read" / "plans" / "minimal-plan" / "index.html").is_file()


def test_a_menu_of_many_plans_shows_only_the_open_one(tmp_path: Path) -> None:
    """With a region's hundreds of plans, a full menu on every page makes the site grow with
    the square of the number of plans: past 30, a plan's pages show only its own section."""
    project = make_project(tmp_path / "project", [], sample_plans=False)
    text = (HERE / "good" / "minimal.yml").read_text(encoding="utf-8")
    for n in range(1, 33):
        plan = text.replace("slug: minimal-plan", f"slug: plan-{n:02d}").replace(
            "title: A minimal plan for tests", f"title: Plan number {n}"
        )
        (project / "plans" / f"plan-{n:02d}.yml").write_text(plan, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr

    def menu(url: str) -> list[str]:
        tree = LexborHTMLParser((project / "site" / url / "index.html").read_text(encoding="utf-8"))
        return [text_of(a) for a in tree.css(".md-nav--primary a.md-nav__link")]

    on_plan = menu("plans/plan-07/themes/health")
    assert "Plan number 7" in on_plan and "Better health" in on_plan
    assert not [label for label in on_plan if label.startswith("Plan number") and label != "Plan number 7"]
    assert not [label for label in menu("plans") if label.startswith("Plan number")]
