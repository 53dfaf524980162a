"""Printing: a standard plan page and an easy read page, printed to A4 PDF by Chromium.

Print hides the navigation, and no table row, row of facts or easy read point is split
across two pages: the print styles say so (break-inside: avoid), and the PDF shows it (see
harness.MARK_SPLITTABLE_JS). The PDFs are saved in tests/artifacts/ to look at.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from .harness import (
    DESCRIBE_JS,
    MARK_SPLITTABLE_JS,
    SUMMARY,
    pdf_links,
    pdf_page_count,
    points_out_of_order,
)

PRINT_PAGES = {
    # name: (page, smallest body text in points: clear print 12pt, easy read 16pt)
    "standard-theme": ("plans/dorset-ld-autism-2021-24/themes/moving-into-the-community/", 12),
    "standard-measures": ("plans/dorset-ld-autism-2021-24/measures/", 12),
    "easy-read": ("easy-read/plans/dorset-ld-autism-2021-24/what-is-new/", 16),
}
EASY_READ_PRINT_HEADER = "Our plan for better lives in Dorset, 2021 to 2024 (Dorset)"
"""What the printed easy read page says at the top of each sheet: its plan, and the area."""
NAVIGATION = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .md-path, .md-skip"
"""The site's navigation: header (with search), menus, footer, back to top, breadcrumb, skip link."""
KEEP_WHOLE = {
    # selector: whether the element itself is marked (see MARK_SPLITTABLE_JS), or its text
    "tr": False,
    ".pp-facts__row": False,
    ".pp-point": True,
}
PDF = {"format": "A4"}


@pytest.mark.parametrize("kind", list(PRINT_PAGES))
def test_print_hides_navigation_and_splits_nothing(
    page: Any, base_url: str, artifacts: Path, kind: str
) -> None:
    path, smallest_text = PRINT_PAGES[kind]
    page.goto(base_url + path)
    page.emulate_media(media="print")
    try:
        text_px = page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('article')).fontSize)"
        )
        text_size = text_px * 0.75  # CSS px to points
        navigation = page.evaluate(
            f"""selector => [...document.querySelectorAll(selector)]
              .filter(el => [...el.getClientRects()].some(box => box.width > 0 && box.height > 0)
                            && getComputedStyle(el).visibility !== 'hidden')
              .map({DESCRIBE_JS}).map(name => name.slice(0, 80))""",
            NAVIGATION,
        )
        breakable = page.evaluate(
            f"""selectors => selectors.flatMap(selector => [...document.querySelectorAll(selector)]
              .filter(el => !['avoid', 'avoid-page'].includes(getComputedStyle(el).breakInside))
              .map(el => selector + ': ' + ({DESCRIBE_JS})(el).slice(0, 80)))""",
            list(KEEP_WHOLE),
        )
        misplaced = points_out_of_order(page)
        last_point = page.evaluate(
            "() => [...document.querySelectorAll('.pp-point__text')].map(p => p.innerText).pop() || ''"
        )
        content_links = set(
            page.evaluate("() => [...document.querySelectorAll('article a[href]')].map(a => a.href)")
        )
        clean = page.pdf(path=artifacts / f"print-{kind}.pdf", **PDF)
        markers: dict[str, str] = {}
        kept_whole: dict[str, int] = {}
        for selector, whole in KEEP_WHOLE.items():
            found = dict(page.evaluate(MARK_SPLITTABLE_JS, [selector, whole]))
            markers.update(found)
            kept_whole[selector] = len(found)
        marked = page.pdf(**PDF)
    finally:
        page.emulate_media(media="null")

    printed_links = pdf_links(clean)
    not_content = sorted(
        {f"page {n}: {address}" for n, address, _ in printed_links if address not in content_links}
    )
    pages_of: dict[str, set[int]] = defaultdict(set)
    for number, address, _ in pdf_links(marked):
        if address in markers:
            pages_of[address].add(number)
    split = [
        f"{markers[a]} on pages {sorted(numbers)}" for a, numbers in pages_of.items() if len(numbers) > 1
    ]
    not_printed = [name for address, name in markers.items() if address not in pages_of]
    others_moved = [link for link in pdf_links(marked) if link[1] not in markers] != printed_links

    SUMMARY.setdefault("print", {})[path] = {
        "pdf": f"tests/artifacts/print-{kind}.pdf",
        "body text (pt)": text_size,
        "pdf pages": pdf_page_count(clean),
        "kept whole, checked in the pdf": {selector: n for selector, n in kept_whole.items() if n},
        "split across pages": len(split),
    }
    assert text_size >= smallest_text, f"body text prints at {text_size}pt"
    assert not navigation, "navigation shows in print:\n" + "\n".join(navigation)
    assert not not_content, "the PDF links outside the content (navigation printed?):\n" + "\n".join(
        not_content
    )
    assert not breakable, "print styles let these split across pages:\n" + "\n".join(breakable)
    assert not misplaced, "easy read points with the picture not on the left:\n" + "\n".join(misplaced)
    assert pdf_page_count(marked) == pdf_page_count(clean) and not others_moved, (
        "the markers moved the layout"
    )
    assert not not_printed, "not found in the PDF:\n" + "\n".join(not_printed)
    assert not split, "split across printed pages:\n" + "\n".join(split)
    if kind == "easy-read":
        # Each printed sheet says which plan it is from, and which page it is.
        sheets = [p.extract_text() for p in PdfReader(io.BytesIO(clean)).pages]
        for number, text in enumerate(sheets, start=1):
            assert EASY_READ_PRINT_HEADER in " ".join(text.split()), f"sheet {number} does not name its plan"
            assert f"Page {number} of {len(sheets)}" in text, f"sheet {number} has no page number"
        # The hard words box is never alone on a sheet: the last point goes with it.
        words_sheet = next(t for t in sheets if "Hard words on this page" in t)
        assert " ".join(last_point.split()[:4]) in " ".join(words_sheet.split()), (
            "the hard words box is on a sheet without the last point"
        )
    if shutil.which("pdftoppm"):
        # The printed pages as pictures, to look at (tests/artifacts/print-<kind>-1.png, ...).
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                str(artifacts / f"print-{kind}.pdf"),
                str(artifacts / f"print-{kind}"),
            ],
            check=True,
        )


def test_the_wide_grid_prints_every_column_on_a_landscape_page(
    page: Any, base_url: str, artifacts: Path
) -> None:
    page.goto(base_url + "plans/northamptonshire-ld-commissioning-2019-20/grid/")
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(**PDF)
    finally:
        page.emulate_media(media="screen")
    (artifacts / "print-standard-grid.pdf").write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    grid = [p for p in pages if "Principles and outcomes of each commitment" in p.extract_text()]
    assert grid, "the grid's caption is not in the PDF"
    width, height = (float(v) for v in grid[0].mediabox.upper_right)
    assert width > height, "the grid is not on a landscape page"
    text = " ".join(p.extract_text() for p in grid)
    assert all(f"P{n}" in text for n in range(1, 13)) and all(f"O{n}" in text for n in range(1, 9))
