"""The structure of a long plan: sections as pages of their own in the menu, headings that
keep their levels, and cross-references to tables, figures, sections and measures by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.plan.load import load_plan
from planpress.plan.source import SourceError

from .sitebuild import (
    PICTURE,
    MinimalBuild,
    build_minimal_with,
    minimal_plan_with,
)

STRUCTURE = """\
section_pages: true
sections:
  - id: our-area
    title: Our area
    body: |
      ### Who lives here

      See [the table of checks](#table:health-checks-done), [the chart](#figure:board-structure)
      and [how the plan is run](#section:governance).

      #### In Testshire

      Text.
  - id: governance
    title: How the plan is run
    body: The [checks measure](#measure:checks) is reported to the board.
    figures:
      - id: board-structure
        file: files/board-structure.svg
        caption: How the boards and groups fit together
        alt: The Health and Wellbeing Board above the Partnership Board, which has two groups below it
        long_description: The Partnership Board reports to the Health and Wellbeing Board.
  - id: staying-here
    title: A short note
    page: false
    body: This one stays on the overview. Back to [our area](#section:our-area).
measures:
  - id: checks
    title: Health checks done
    unit: checks
    points:
      - {period: 2021/22, actual: 1238}
tables:
  - id: health-checks-done
    caption: Health checks done each year
    header: [Year, Checks]
    rows:
      - ["2021/22", "1,238"]
"""


def plan_with(folder: Path, text: str = STRUCTURE, name: str = "plan.yml") -> Path:
    return minimal_plan_with(folder, text, name, picture=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> MinimalBuild:
    """The minimal project with its sections on pages of their own, built by MkDocs."""
    return build_minimal_with(tmp_path_factory.mktemp("structure") / "project", STRUCTURE, picture=True)


def test_sections_are_pages_of_their_own_in_the_menu_after_the_overview(built: MinimalBuild) -> None:
    overview = built.page(".")
    menu = [
        a.text(strip=True)
        for a in overview.css(".md-nav--primary a.md-nav__link")
        if (a.attributes.get("href") or "").startswith(("./", "sections/", "themes/"))
    ]
    assert menu[:4] == ["A minimal plan for tests", "Our area", "How the plan is run", "Better health"], menu
    contents = [a.text(strip=True) for a in overview.css("nav.pp-contents a")]
    assert contents[:3] == ["Our area", "How the plan is run", "Better health"]
    assert overview.css_first("h2#our-area") is None, "a section with a page is not on the overview too"
    assert overview.css_first("h2#staying-here") is not None, "`page: false` keeps it on the overview"


def test_a_section_page_has_its_text_figures_and_prev_next(built: MinimalBuild) -> None:
    page = built.page("sections/governance")
    heading = page.css_first("h1#governance")
    assert heading is not None and heading.text(strip=True).startswith("How the plan is run")
    img = page.css_first("figure#figure-board-structure img")
    assert img is not None
    src = img.attributes["src"] or ""
    target = built.site / "plans" / "minimal-plan" / "sections" / "governance" / src
    assert target.resolve().read_bytes() == PICTURE.read_bytes()
    previous = page.css_first("a.md-footer__link--prev")
    following = page.css_first("a.md-footer__link--next")
    assert previous is not None and following is not None
    assert previous.attributes["href"] == "../our-area/"
    assert following.attributes["href"] == "../../themes/health/"


def test_headings_in_a_section_page_keep_their_levels(built: MinimalBuild) -> None:
    page = built.page("sections/our-area")
    levels = [(h.tag, h.text(strip=True)) for h in page.css("article h1, article h2, article h3")]
    assert [t for t, _ in levels][:3] == ["h1", "h2", "h3"], levels
    assert levels[1][1].startswith("Who lives here") and levels[2][1].startswith("In Testshire")


def test_cross_references_link_to_the_item_on_its_page(built: MinimalBuild) -> None:
    page = built.page("sections/our-area")
    links = {a.text(strip=True): a.attributes["href"] for a in page.css(".pp-prose a")}
    assert links == {
        "the table of checks": "../../tables/#table-health-checks-done",
        "the chart": "../governance/#figure-board-structure",
        "how the plan is run": "../governance/#governance",
    }
    governance = built.page("sections/governance")
    (link,) = governance.css(".pp-prose a")
    assert (link.text(strip=True), link.attributes["href"]) == (
        "checks measure",
        "../../measures/#measure-checks",
    )
    (back,) = built.page(".").css("#staying-here ~ .pp-prose a")
    assert back.attributes["href"] == "sections/our-area/#our-area"
    assert "planpress.invalid" not in (built.site / "plans" / "minimal-plan" / "index.html").read_text()


def test_an_unknown_cross_reference_is_an_error_at_its_line(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, STRUCTURE.replace("(#table:health-checks-done)", "(#table:health-check-done)"))
    with pytest.raises(SourceError) as caught:
        load_plan(plan)
    assert [str(p).removeprefix(f"{plan}:") for p in caught.value.problems] == [
        "52:11: sections[0].body: '#table:health-check-done' points at no table of this plan "
        "(did you mean 'health-checks-done'?)"
    ]
