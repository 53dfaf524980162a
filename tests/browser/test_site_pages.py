"""Both built sites (the standard site, and the easy read site in easy-read/) in Chromium:
axe at 1280 px, at 320 px and at 200% zoom; no sideways page scrolling at any of them; at
320 px and 200% zoom no table cell narrower than one of its words; and the Nu HTML checker
over every page. Nothing is let through: no rule or message is allowed.

The default suite runs axe on one page of each kind (`harness.page_kinds`: each template,
live and at a version's address, in both sites), a third of the time of every page, which
`-m slow` (`./run slow`) checks. The Nu checker reads every page in both (about 10 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import (
    AXE_TAGS,
    SUMMARY,
    horizontal_overflow,
    html_pages,
    page_kinds,
    run_axe,
    run_vnu,
    squeezed_cells,
)

VIEWS: dict[str, dict[str, Any]] = {
    "1280": {"viewport": {"width": 1280, "height": 900}},
    "320": {"viewport": {"width": 320, "height": 900}},
    # A 1280x900 window zoomed to 200% (WCAG 1.4.4 and 1.4.10): 640x450 CSS pixels, each
    # drawn with 2x2 device pixels, so media queries and layout see what a zoomed page sees.
    "zoom-200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
NARROW_VIEWS = {"320", "zoom-200"}
"""Where tables must still fit their words (a table may scroll inside its own box)."""


def check_pages(browser: Any, base_url: str, paths: list[str], view: str, name: str) -> list[str]:
    """axe, sideways scrolling and (in narrow views) squeezed cells on each page, in one
    browser context; what the run covered goes to the summary under `name`."""
    context = browser.new_context(**VIEWS[view])
    page = context.new_page()
    failing: list[str] = []
    sideways: list[str] = []
    rules_run: set[str] = set()
    squeezed: list[str] = []
    try:
        for path in paths:
            page.goto(base_url + path)
            failing += [str(v) for v in run_axe(page, path, rules_run)]
            sideways += [f"{path}: scrolls sideways because of {wide}" for wide in horizontal_overflow(page)]
            if view in NARROW_VIEWS:
                squeezed += [
                    f"{path}: a cell is narrower than a word: {cell}" for cell in squeezed_cells(page)
                ]
        rules_known = len(page.evaluate("tags => axe.getRules(tags)", AXE_TAGS)) if paths else 0
    finally:
        context.close()
    easy_read = sum(path.startswith("easy-read/") for path in paths)
    SUMMARY[name] = {
        "pages standard site": len(paths) - easy_read,
        "pages easy read site": easy_read,
        "axe rules run": len(rules_run),
        "axe rules with these tags": rules_known,
        "axe violations (elements)": len(failing),
        "pages scrolling sideways": len({line.split(":")[0] for line in sideways}),
        "pages with a cell narrower than a word": len({line.split(":")[0] for line in squeezed}),
        "cell widths checked": view in NARROW_VIEWS,
    }
    return failing + sideways + squeezed


@pytest.mark.parametrize("view", list(VIEWS))
def test_axe_finds_nothing_on_a_page_of_each_kind(browser: Any, site: Path, base_url: str, view: str) -> None:
    kinds = page_kinds(site)
    problems = check_pages(browser, base_url, list(kinds.values()), view, f"axe-{view}-each-kind")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("view", list(VIEWS))
def test_axe_finds_nothing_on_any_page(browser: Any, site: Path, base_url: str, view: str) -> None:
    problems = check_pages(browser, base_url, html_pages(site), view, f"axe-{view}")
    assert not problems, "\n".join(problems)


def test_page_kinds_cover_every_template_of_the_sample_sites(site: Path) -> None:
    """The rule finds a kind for each template the samples use, and keeps one page of each."""
    kinds = page_kinds(site)
    for kind in [
        "",
        "404.html",
        "plans/",
        "plans/<plan>/",
        "plans/<plan>/<version>/",
        "plans/<plan>/themes/<item>/",
        "plans/<plan>/<version>/themes/<item>/",
        "plans/<plan>/sections/<item>/",
        "plans/<plan>/board-summary/",
        "plans/<plan>/changes/",
        "plans/<plan>/measures/",
        "plans/<plan>/risks/",
        "plans/<plan>/readability/",
        "easy-read/",
        "easy-read/plans/",
        "easy-read/plans/<plan>/",
        "easy-read/plans/<plan>/<page>/",
        "easy-read/plans/<plan>/what-is-new/",
        "easy-read/plans/<plan>/find-out-more/",
        "easy-read/pictures/",
    ]:
        assert kind in kinds, f"no page of the kind {kind!r}: {sorted(kinds)}"
    assert len(kinds) < len(html_pages(site)) / 3, "each kind should hold several pages"


def test_html_is_valid(site: Path) -> None:
    errors = run_vnu(site)
    SUMMARY["nu-html-checker"] = {"pages": len(html_pages(site)), "errors": len(errors)}
    assert errors == []
