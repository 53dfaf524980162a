"""The second engine: `planpress build --engine zensical` builds the same two sites as
MkDocs, with the plans in the menu, planpress's stylesheets, and the same checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from .conftest import SampleSite
from .sitebuild import EASY_READ_EXTRAS, SAMPLE_EXTRAS, first, make_project, planpress_build


@dataclass(frozen=True)
class Engines:
    project: Path
    zensical: Path
    mkdocs: Path
    output: str


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory, sample_site: SampleSite) -> Engines:
    """The sample project built by Zensical, beside the session's MkDocs build of the same."""
    project = make_project(
        tmp_path_factory.mktemp("engines") / "project", SAMPLE_EXTRAS, extra_easyread=EASY_READ_EXTRAS
    )
    zensical = planpress_build(project, "--engine", "zensical")
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return Engines(project, project / "site", sample_site.site, zensical.stdout + zensical.stderr)


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_both_engines_make_the_same_pages(engines: Engines) -> None:
    zensical, mkdocs = _pages(engines.zensical), _pages(engines.mkdocs)
    assert len(mkdocs) > 100
    shared = zensical & mkdocs
    assert len(shared) >= 0.95 * len(mkdocs), sorted(mkdocs - zensical)
    assert "easy-read/plans/dorset-ld-autism-2021-24/index.html" in zensical
    for name in ("feed.xml", "plans/dorset-ld-autism-2021-24/plan.json", "easy-read/index.html"):
        assert (engines.zensical / name).is_file(), name


def test_the_plans_are_in_the_menu_and_the_stylesheets_load(engines: Engines) -> None:
    page = LexborHTMLParser((engines.zensical / "plans" / "index.html").read_text(encoding="utf-8"))
    menu = " ".join(a.text(deep=True) for a in page.css("nav.md-nav--primary a"))
    for plan in ("Dorset", "LLR", "Northamptonshire"):
        assert plan in menu, menu
    stylesheets = [link.attributes.get("href") or "" for link in page.css('link[rel="stylesheet"]')]
    assert any(href.endswith("assets/planpress/planpress.css") for href in stylesheets), stylesheets
    easy = LexborHTMLParser((engines.zensical / "easy-read" / "index.html").read_text(encoding="utf-8"))
    easy_styles = [link.attributes.get("href") or "" for link in easy.css('link[rel="stylesheet"]')]
    assert any(href.endswith("assets/planpress/easy-read.css") for href in easy_styles), easy_styles
    assert first(easy, "html").attributes.get("lang") == "en-GB"


def test_the_same_checks_run_and_report_the_same(engines: Engines) -> None:
    assert "planpress checks of the standard site: 0 errors" in engines.output
    assert "planpress checks of the easy read site: 0 errors" in engines.output


def test_a_too_long_easy_read_sentence_stops_the_zensical_build_at_its_line(engines: Engines) -> None:
    version = engines.project / "easyread" / "dorset-ld-autism-2021-24.yml"
    original = version.read_text(encoding="utf-8")
    lines = original.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("- text:"))
    lines[index] = (
        lines[index]
        + " And then we will also write to every person who has a health check this year about it."
    )
    version.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = (engines.zensical / "index.html").read_bytes()
    try:
        result = planpress_build(engines.project, "--engine", "zensical")
    finally:
        version.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert f"easyread/dorset-ld-autism-2021-24.yml:{index + 1}:" in result.stdout
    assert "error [sentence-length]" in result.stdout
    assert (engines.zensical / "index.html").read_bytes() == before


def test_every_picture_of_the_zensical_site_is_there(engines: Engines) -> None:
    missing = []
    for file in sorted(engines.zensical.rglob("*.html")):
        for image in LexborHTMLParser(file.read_text(encoding="utf-8")).css("img"):
            src = image.attributes.get("src") or ""
            if src.startswith(("data:", "http")):
                continue
            if not (file.parent / src).resolve().is_file():
                missing.append(f"{file.relative_to(engines.zensical)}: {src}")
    assert missing == []


def test_zensical_theme_markup_is_repaired_like_materials(engines: Engines) -> None:
    """What the browser suite over Zensical's sites found: a menu named by nothing, a hidden
    palette button keyboards reach, and `aria-hidden` and `autocomplete` where Nu refuses them."""
    html = (
        engines.zensical / "easy-read" / "plans" / "llr-transforming-care-2021-24" / "index.html"
    ).read_text(encoding="utf-8")
    page = LexborHTMLParser(html)
    for menu in page.css("nav.md-nav[aria-labelledby]"):
        label = page.css_first(f"#{menu.attributes['aria-labelledby']}")
        assert label is not None and label.text(strip=True), menu.html
    assert 'name="__palette"' not in html
    assert 'aria-hidden="true"></label>' not in html
    assert 'type="checkbox" id="__drawer" autocomplete' not in html
    stylesheets = [link.attributes.get("href") or "" for link in page.css('link[rel="stylesheet"]')]
    assert any(href.endswith("assets/planpress/zensical.css") for href in stylesheets), stylesheets
