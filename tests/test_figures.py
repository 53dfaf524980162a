"""Figures: a section's pictures with caption, alt text and their content in words, built
into a real site, and the mistakes an author can make with them, each at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from .sitebuild import (
    PICTURE,
    MinimalBuild,
    build_minimal_with,
    minimal_plan_with,
    minimal_project,
    mkdocs_build,
    problems_of,
)

FIGURES = """\
sections:
  - id: governance
    title: How the plan is run
    body: |
      The Partnership Board reports to the Health and Wellbeing Board.

      ### The groups

      Two groups do the work.
    figures:
      - id: board-structure
        file: files/board-structure.svg
        caption: How the boards and groups fit together
        alt: The Health and Wellbeing Board above the Partnership Board, which has two groups below it
        source: Testshire Council, 2021
        long_description: |
          The **Partnership Board** reports to the Health and Wellbeing Board.
          Two groups report to the Partnership Board: the health group and the housing group.
      - id: checks-chart
        file: files/board-structure.svg
        caption: Health checks each year
        alt: A bar for each year, rising from 2021 to 2023
        table: health-checks-done
tables:
  - id: health-checks-done
    caption: Health checks done each year
    header: [Year, Checks]
    rows:
      - ["2021/22", "1,238"]
      - ["2022/23", "1,412"]
"""


def plan_with(tmp_path: Path, figures: str = FIGURES, name: str = "plan.yml") -> Path:
    return minimal_plan_with(tmp_path, figures, name, picture=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> MinimalBuild:
    """The minimal project with figures in a section, built by MkDocs."""
    return build_minimal_with(tmp_path_factory.mktemp("figures") / "project", FIGURES, picture=True)


def overview(built: MinimalBuild) -> LexborHTMLParser:
    return built.page(".")


def test_a_figure_is_a_figure_with_its_caption_and_alt_text(built: MinimalBuild) -> None:
    page = overview(built)
    figure = page.css_first("figure#figure-board-structure")
    assert figure is not None
    img = figure.css_first("img")
    assert img is not None
    assert img.attributes["alt"] == (
        "The Health and Wellbeing Board above the Partnership Board, which has two groups below it"
    )
    caption = figure.css_first("figcaption")
    assert caption is not None
    assert caption.text(separator=" ", strip=True) == (
        "How the boards and groups fit together Source: Testshire Council, 2021"
    )
    src = img.attributes["src"] or ""
    published = (built.site / "plans" / "minimal-plan" / src).resolve()
    assert published == (built.site / "plans" / "minimal-plan" / "figures" / "board-structure.svg").resolve()
    assert published.read_bytes() == PICTURE.read_bytes()


def test_a_figure_says_in_words_what_it_shows(built: MinimalBuild) -> None:
    page = overview(built)
    words = page.css_first("figure#figure-board-structure + details.pp-figure__words")
    assert words is not None
    summary = words.css_first("summary")
    assert summary is not None and summary.text(strip=True) == "What the picture shows, in words"
    assert "<strong>Partnership Board</strong> reports to the Health and Wellbeing Board" in (
        words.html or ""
    )
    assert "housing group" in words.text()


def test_a_figure_can_point_at_the_table_of_its_figures(built: MinimalBuild) -> None:
    page = overview(built)
    note = page.css_first("figure#figure-checks-chart + p.pp-figure__table")
    assert note is not None
    link = note.css_first("a")
    assert link is not None and link.text(strip=True) == "Health checks done each year"
    assert link.attributes["href"] == "tables/#table-health-checks-done"
    tables = (built.site / "plans" / "minimal-plan" / "tables" / "index.html").read_text()
    assert 'id="table-health-checks-done"' in tables


def test_headings_in_a_section_keep_their_level(built: MinimalBuild) -> None:
    page = overview(built)
    heading = next(h for h in page.css("h2, h3, h4, h5") if h.text(strip=True).startswith("The groups"))
    assert heading.tag == "h3", "a ### under the section's h2 stays an h3"


def test_figures_are_in_the_plan_json(built: MinimalBuild) -> None:
    assert built.returncode == 0, built.output
    data = json.loads((built.site / "plans" / "minimal-plan" / "plan.json").read_text())
    figures = data["sections"][0]["figures"]
    assert [f["id"] for f in figures] == ["board-structure", "checks-chart"]
    assert figures[0]["long_description"].startswith("The **Partnership Board**")
    assert figures[1]["table"] == "health-checks-done"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "file: files/board-structure.svg\n        caption: How",
            "file: ../outside.svg\n        caption: How",
            "59:15: sections[0].figures[0].file: '../outside.svg' leads outside plans/ (through '..' or "
            "a link): only files inside plans/ are published, so copy the file into plans/",
        ),
        (
            "file: files/board-structure.svg\n        caption: How",
            "file: files/missing.png\n        caption: How",
            "59:15: sections[0].figures[0].file: the file 'files/missing.png' does not exist next to this plan",
        ),
        (
            "table: health-checks-done",
            "table: health-check-done",
            "70:16: sections[0].figures[1].table: no table has the id 'health-check-done' "
            "(did you mean 'health-checks-done'?)",
        ),
        (
            "        table: health-checks-done\n",
            "",
            "66:9: sections[0].figures[1]: a figure needs a `long_description` saying in words everything "
            "the picture shows, or `table:` naming the table that holds its figures",
        ),
        (
            "alt: A bar for each year, rising from 2021 to 2023",
            'alt: ""',
            "69:14: sections[0].figures[1].alt: '' is empty: write some text here, or remove the line",
        ),
        (
            "id: checks-chart",
            "id: governance",
            "66:13: sections[0].figures[1].id: the id 'governance' is already used by sections[0] (line 49): "
            "ids must be unique in a plan",
        ),
    ],
)
def test_figure_mistakes_are_refused_at_their_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in FIGURES
    (tmp_path / "plans").mkdir()
    plan = plan_with(tmp_path / "plans", FIGURES.replace(old, new))
    assert problems_of(plan) == [expected]


def test_a_picture_browsers_cannot_show_is_refused(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, FIGURES.replace("files/board-structure.svg", "files/chart.pdf"))
    (tmp_path / "files" / "chart.pdf").write_bytes(b"%PDF-1.4\n")
    assert problems_of(plan)[0].startswith(
        "59:15: sections[0].figures[0].file: 'files/chart.pdf' is not a picture every browser shows: "
        "save it as one of .gif, .jpeg, .jpg, .png, .svg, .webp"
    )


def test_a_placeholder_alt_text_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    plan_with(
        project / "plans",
        FIGURES.replace("alt: A bar for each year, rising from 2021 to 2023", "alt: TODO"),
        name="minimal.yml",
    )
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "plans/minimal.yml:69:14" in output and "alt-placeholder" in output, output
    assert "Traceback" not in output
