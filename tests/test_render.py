"""The pure parts of the standard site, without MkDocs: sanitising, abbreviations, charts,
addresses, menus and the pages of one plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planpress.cli import cli
from planpress.pages.charts import chart_description, format_number, measure_chart, nice_scale
from planpress.pages.markup import (
    css_string,
    inline_html,
    mark_abbreviations,
    mark_repeated_abbreviations,
    markdown_html,
    markdown_text,
    render_markdown,
)
from planpress.pages.render import Page, make_environment, render_plan_pages
from planpress.pages.views import WordChange, relative_href, word_changes
from planpress.plan.load import load_plan
from planpress.plan.model import Measure
from planpress.plan.source import SourceError
from planpress.project import load_project
from planpress.site import expand_nav, plans_nav, standard_pages, write_pages

HERE = Path(__file__).resolve().parent
MINIMAL = HERE / "good" / "minimal.yml"

# --- sanitising Markdown fields --------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "absent"),
    [
        ("<script>alert(1)</script>hello", ["<script", "alert"]),
        ('<img src="x" onerror="alert(1)">', ["<img", "onerror"]),
        ("[x](javascript:alert(1))", ["javascript:", "href", "<a"]),
        ("[x](javascript:alert('t'))", ["javascript:", "<a", "title"]),
        ("[x](JaVaScRiPt:alert(1))", ["javascript:", "href"]),
        ('<a href="java&#9;script:alert(1)">x</a>', ["script:", "href"]),
        ("[x](data:text/html,hi)", ["data:", "href"]),
        ('<p style="color:red" onclick="x()">text</p>', ["style", "onclick"]),
        ('<iframe src="https://example.org"></iframe>', ["<iframe"]),
        ("<!-- a comment -->text", ["comment"]),
        ('<a href="/relative">x</a>', ["href"]),
        ('<h2 id="commitment-x">Heading</h2>', ['id="', "<h2"]),
    ],
)
def test_unsafe_markup_is_removed(source: str, absent: list[str]) -> None:
    cleaned = render_markdown(source).lower()
    for part in absent:
        assert part.lower() not in cleaned


def test_safe_markdown_is_kept() -> None:
    html = render_markdown(
        "**bold** and [a link](https://example.org) and [mail](mailto:a@example.org)\n\n- one\n- two"
    )
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">a link</a>' in html
    assert 'href="mailto:a@example.org"' in html
    assert "<ul>\n<li>one</li>" in html


def test_headings_in_a_field_never_outrank_the_page() -> None:
    assert render_markdown("# Top\n\n## Next", heading_level=4).startswith("<h4>Top</h4>\n<h5>Next</h5>")
    assert "<h6>" in render_markdown("# Top\n\n###### Deep", heading_level=4)


def test_headings_in_a_field_keep_their_levels_under_the_page() -> None:
    """A `###` under the page's h2 stays an h3 (it was an h5), and its `####` an h4."""
    rendered = render_markdown("### Our area\n\nText\n\n#### Dorset", heading_level=3)
    assert rendered.startswith("<h3>Our area</h3>") and "<h4>Dorset</h4>" in rendered


def test_inline_fields_lose_only_their_paragraph() -> None:
    assert str(inline_html("Just **this**", {})) == "Just <strong>this</strong>"
    assert str(inline_html("One\n\nTwo", {})).startswith("<p>One</p>")


def test_markdown_text_cannot_become_markup() -> None:
    assert (
        str(markdown_text("A *b* {#id} <i>c</i> & [d](e)"))
        == r"A \*b\* \{\#id\} &lt;i&gt;c&lt;/i&gt; &amp; \[d\]\(e\)"
    )


# --- abbreviations ----------------------------------------------------------------------

TERMS = {"LD": "Learning disability", "LD&A": "Learning disability and autism", "C(E)TR": "Care review"}


def test_abbreviations_are_marked_longest_first_and_only_in_text() -> None:
    html = '<p>LD and LD&amp;A, C(E)TR, LDS, <a href="/LD" title="LD">LD</a> <code>LD</code> NHS-LD</p>'
    marked = mark_abbreviations(html, TERMS)
    assert '<abbr title="Learning disability and autism">LD&amp;A</abbr>' in marked
    assert '<abbr title="Care review">C(E)TR</abbr>' in marked
    assert "LDS" in marked and '<abbr title="Learning disability">LDS' not in marked
    assert 'href="/LD" title="LD"' in marked, "attributes are left alone"
    assert "<code>LD</code>" in marked
    assert marked.count('<abbr title="Learning disability">LD</abbr>') == 3


def test_markdown_filter_marks_abbreviations() -> None:
    assert '<abbr title="Learning disability">LD</abbr>' in str(markdown_html("The LD register", TERMS))


# --- charts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (8.0, "8"),
        (1200.0, "1,200"),
        (17.98, "17.98"),
        (0.5, "0.5"),
        (-3.0, "-3"),
        (1234567.25, "1,234,567.25"),
    ],
)
def test_numbers_are_written_as_people_write_them(value: float, text: str) -> None:
    assert format_number(value) == text


def test_scale_starts_at_zero_and_leaves_room_above() -> None:
    scale = nice_scale([153, 119, 266])
    assert scale.low == 0 and scale.high >= 266 * 1.1
    assert nice_scale([0, 0]).high > 0
    assert nice_scale([-5, 10]).low < 0


def measure(points: list[dict[str, object]], unit: str = "people") -> Measure:
    return Measure.model_validate({"id": "m", "title": "People helped", "unit": unit, "points": points})


def test_chart_says_what_it_shows() -> None:
    chart = measure([{"period": "2021/22", "target": 10}, {"period": "2022/23", "target": 8, "actual": 9}])
    text = chart_description(chart)
    assert text.startswith("Bar chart of People helped, in people, for 2 periods from 2021/22 to 2022/23.")
    assert "The actual figure for 2022/23 is 9 people." in text
    assert "Targets go from 10 people in 2021/22 to 8 people in 2022/23" in text
    svg = measure_chart(chart, "chart-m")
    assert svg.startswith(
        '<svg class="pp-chart pp-chart--bar" role="img" aria-labelledby="chart-m-title chart-m-desc"'
    )
    assert ">Target 10<" in svg and ">Target 8<" in svg


def test_percentages_and_long_series() -> None:
    points: list[dict[str, object]] = [{"period": f"M{i}", "actual": i * 10} for i in range(12)]
    chart = measure(points, "%")
    svg = measure_chart(chart, "chart-p")
    assert "pp-chart--line" in svg and ">110%<" in svg
    assert "There are no targets." in chart_description(chart)


# --- addresses and menus ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "anchor", "href"),
    [
        ("plans/a/index.md", "plans/a/themes/t.md", None, "themes/t/"),
        ("plans/a/themes/t.md", "plans/a/principles.md", "principle-1", "../../principles/#principle-1"),
        ("plans/a/themes/t.md", "plans/a/themes/t.md", "commitment-x", "#commitment-x"),
        ("plans/a/themes/t.md", "plans/a/index.md", None, "../../"),
        ("plans/index.md", "plans/a/index.md", None, "a/"),
        ("plans/a/index.md", "plans/b/index.md", None, "../b/"),
        ("plans/a/index.md", "easy-read/plans/a/index.md", None, "../../easy-read/plans/a/"),
        ("plans/a/index.md", "plans/a/index.md", None, "./"),
    ],
)
def test_relative_addresses(source: str, target: str, anchor: str | None, href: str) -> None:
    assert relative_href(source, target, anchor) == href


def test_relative_addresses_without_directory_urls() -> None:
    assert relative_href("plans/a/themes/t.md", "plans/a/principles.md", "p", False) == "../principles.html#p"


def _minimal_pages() -> list[Page]:
    loaded = load_plan(MINIMAL)
    return [Page("plans/index.md", "", "Plans", None), *render_plan_pages(loaded, make_environment(None))]


def test_menu_opens_the_plans_entry() -> None:
    nav = expand_nav([{"Home": "index.md"}, {"Plans": "plans/index.md"}, "about.md"], _minimal_pages())
    assert nav is not None
    assert nav[0] == {"Home": "index.md"} and nav[2] == "about.md"
    plans = nav[1]["Plans"]
    assert plans[0] == "plans/index.md"
    assert plans[1] == {
        "A minimal plan for tests": [
            "plans/minimal-plan/index.md",
            {"Better health": "plans/minimal-plan/themes/health.md"},
            {"Principles": "plans/minimal-plan/principles.md"},
            {"Outcomes": "plans/minimal-plan/outcomes.md"},
            {"Commitments by principle and outcome": "plans/minimal-plan/grid.md"},
            {"Glossary": "plans/minimal-plan/glossary.md"},
            {"Board summary": "plans/minimal-plan/board-summary.md"},
        ]
    }
    assert expand_nav(None, _minimal_pages()) is None
    assert expand_nav(["index.md"], _minimal_pages()) == ["index.md", {"Plans": plans_nav(_minimal_pages())}]


# --- pages of one plan ---------------------------------------------------------------------


def test_easy_read_link_only_when_the_plan_has_a_version(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy2(MINIMAL, tmp_path / "plans")
    env = make_environment(None)
    without = standard_pages(load_project(tmp_path / "plans", None), env)
    with_version = standard_pages(load_project(tmp_path / "plans", HERE / "good" / "easyread"), env)
    overview = "plans/minimal-plan/index.md"
    assert "easy-read" not in next(p for p in without if p.path == overview).markdown
    pages = {p.path: p.markdown for p in with_version}
    assert '<a href="../../easy-read/plans/minimal-plan/">Go to the easy read version</a>' in pages[overview]
    # the theme page lands on the easy read page about that theme
    assert (
        '<a href="../../../../easy-read/plans/minimal-plan/health/">Go to the easy read version</a>'
        in pages["plans/minimal-plan/themes/health.md"]
    )


def test_every_page_knows_its_source_and_carries_the_abbreviations() -> None:
    for page in _minimal_pages()[1:]:
        assert page.source is not None and page.source.file.endswith("minimal.yml")
        assert page.markdown.rstrip().endswith("*[AHC]: Annual Health Check")
        assert page.markdown.startswith("---\ntitle: ")


def test_all_problems_of_all_plans_are_raised_together(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    (folder / "a.yml").write_text(text.replace("status: approved", "status: aproved"), encoding="utf-8")
    (folder / "b.yml").write_text(text.replace("area: Testshire", "area: ''"), encoding="utf-8")
    (folder / "c.yml").write_text(text, encoding="utf-8")
    (folder / "d.yml").write_text(text, encoding="utf-8")
    (folder / "e.yml").write_text(text.replace('version: "2021-03"', 'version: "2022-04"'), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_project(folder, None, root=tmp_path)
    lines = [str(p) for p in caught.value.problems]
    assert not any(line.startswith("plans/e.yml") for line in lines), "another version of a plan is fine"
    assert any(line.startswith("plans/a.yml:") and "status" in line for line in lines)
    assert any(line.startswith("plans/b.yml:") and "area" in line for line in lines)
    assert any(
        line.startswith("plans/d.yml:") and "version '2021-03' is also in plans/c.yml" in line
        for line in lines
    )


def test_write_pages_writes_changes_and_removes_stale_pages(tmp_path: Path) -> None:
    first = [Page("plans/index.md", "one\n", "Plans", None), Page("plans/a/index.md", "a\n", "A", None)]
    assert len(write_pages(first, tmp_path)) == 2
    assert write_pages(first, tmp_path) == [], "unchanged pages are not rewritten"
    second = [Page("plans/index.md", "two\n", "Plans", None)]
    assert write_pages(second, tmp_path) == [tmp_path / "plans" / "index.md"]
    assert not (tmp_path / "plans" / "a" / "index.md").exists()
    assert (tmp_path / "plans" / "index.md").read_text(encoding="utf-8") == "two\n"


def test_write_pages_command_feeds_an_engine_without_hooks(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "plans").mkdir(parents=True)
    shutil.copy2(MINIMAL, project / "plans" / "minimal.yml")
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(
        cli, ["write-pages", str(out), "--root", str(project), "--site-url", "https://x.org/"]
    )
    assert first.exit_code == 0, first.output
    overview = (out / "plans" / "minimal-plan" / "index.md").read_text()
    assert overview.startswith("---\ntitle: ")
    assert "https://x.org/plans/minimal-plan/2021-03/" in overview
    assert (out / "plans" / "minimal-plan" / "plan.json").is_file()
    again = runner.invoke(
        cli, ["write-pages", str(out), "--root", str(project), "--site-url", "https://x.org/"]
    )
    assert "Wrote 0 changed files" in again.output
    (project / "plans" / "minimal.yml").unlink()
    (project / "plans" / "other.yml").write_text(
        MINIMAL.read_text().replace("slug: minimal-plan", "slug: other-plan")
    )
    runner.invoke(cli, ["write-pages", str(out), "--root", str(project)])
    assert not (out / "plans" / "minimal-plan" / "index.md").exists(), "pages of a plan that is gone go too"
    assert (out / "plans" / "other-plan" / "index.md").is_file()


def test_word_changes_make_the_changed_figure_stand_out() -> None:
    before = (
        "2022/23, Inpatient trajectories 22/23, CCG commissioned adults: 9; Specialist adults: 9; children: 1"
    )
    after = (
        "2022/23, Inpatient trajectories 22/23, CCG commissioned adults: 8; Specialist adults: 9; children: 1"
    )
    parts = word_changes(before, after, context=3)
    assert [p for p in parts if p.kind != "same"] == [WordChange("removed", "9;"), WordChange("added", "8;")]
    assert parts[0] == WordChange("same", "… CCG commissioned adults:"), "long context is cut short"
    assert parts[-1] == WordChange("same", "Specialist adults: 9; children: 1")
    assert word_changes("", "Done in 2021/22.") == [WordChange("added", "Done in 2021/22.")]


def test_abbreviations_are_underlined_at_their_first_use_only() -> None:
    html = '<p><abbr title="Learning Disability Mortality Review">LeDeR</abbr> and <abbr title="Learning Disability Mortality Review">LeDeR</abbr>, <abbr title="Integrated Care Board">ICB</abbr></p>'
    marked = mark_repeated_abbreviations(html)
    assert marked.count('class="pp-abbr-again"') == 1
    assert marked.index('class="pp-abbr-again"') > marked.index("LeDeR</abbr> and")
    assert '<abbr title="Integrated Care Board">ICB' in marked


def test_css_strings_cannot_break_out_of_a_style_element() -> None:
    quoted = css_string('Our plan "2021" </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert not any(c in quoted[1:-1] for c in '"<>/')
    assert quoted[1:9] == "Our plan"
