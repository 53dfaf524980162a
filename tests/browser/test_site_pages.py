"""Every page of both built sites (the standard site, and the easy read site in easy-read/)
in Chromium: axe at 1280 px, at 320 px and at 200% zoom; no sideways page scrolling at any
of them; at 320 px and 200% zoom no table cell narrower than one of its words; and the Nu
HTML checker over the whole site. Nothing is let through: no rule or message is allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import AXE_TAGS, SUMMARY, horizontal_overflow, html_pages, run_axe, run_vnu, squeezed_cells

VIEWS: dict[str, dict[str, Any]] = {
    "1280": {"viewport": {"width": 1280, "height": 900}},
    "320": {"viewport": {"width": 320, "height": 900}},
    # A 1280x900 window zoomed to 200% (WCAG 1.4.4 and 1.4.10): 640x450 CSS pixels, each
    # drawn with 2x2 device pixels, so media queries and layout see what a zoomed page sees.
    "zoom-200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
NARROW_VIEWS = {"320", "zoom-200"}
"""Where tables must still fit their words (a table may scroll inside its own box)."""


@pytest.mark.parametrize("view", list(VIEWS))
def test_axe_finds_nothing_on_any_page(browser: Any, site: Path, base_url: str, view: str) -> None:
    context = browser.new_context(**VIEWS[view])
    page = context.new_page()
    failing: list[str] = []
    sideways: list[str] = []
    paths = html_pages(site)
    rules_run: set[str] = set()
    squeezed: list[str] = []
    try:
        for path in paths:
            page.goto(base_url + path)
            violations = run_axe(page, path, rules_run)
            failing += [str(v) for v in violations]
            sideways += [f"{path}: scrolls sideways because of {wide}" for wide in horizontal_overflow(page)]
            if view in NARROW_VIEWS:
                squeezed += [
                    f"{path}: a cell is narrower than a word: {cell}" for cell in squeezed_cells(page)
                ]
        rules_known = len(page.evaluate("tags => axe.getRules(tags)", AXE_TAGS)) if paths else 0
    finally:
        context.close()
    easy_read = sum(path.startswith("easy-read/") for path in paths)
    SUMMARY[f"axe-{view}"] = {
        "pages standard site": len(paths) - easy_read,
        "pages easy read site": easy_read,
        "axe rules run": len(rules_run),
        "axe rules with these tags": rules_known,
        "axe violations (elements)": len(failing),
        "pages scrolling sideways": len({line.split(":")[0] for line in sideways}),
        "pages with a cell narrower than a word": len({line.split(":")[0] for line in squeezed}),
        "cell widths checked": view in NARROW_VIEWS,
    }
    assert not failing + sideways + squeezed, "\n".join(failing + sideways + squeezed)


def test_html_is_valid(site: Path) -> None:
    errors = run_vnu(site)
    SUMMARY["nu-html-checker"] = {"pages": len(html_pages(site)), "errors": len(errors)}
    assert errors == []
