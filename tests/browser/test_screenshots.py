"""Screenshots of one page of each kind at 1280 and 320 px, whole pages, in tests/artifacts/
for people to look at; on them, easy read points keep their picture on the left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import SUMMARY, points_out_of_order

SCREENSHOT_PAGES = {
    "overview": "plans/dorset-ld-autism-2021-24/",
    "theme": "plans/dorset-ld-autism-2021-24/themes/moving-into-the-community/",
    "plans-list": "plans/",
    "grid": "plans/northamptonshire-ld-commissioning-2019-20/grid/",
    "risks": "plans/dorset-ld-autism-2021-24/risks/",
    "measures": "plans/llr-transforming-care-2021-24/measures/",
    "readability": "plans/dorset-ld-autism-2021-24/readability/",
    "changes": "plans/dorset-ld-autism-2021-24/changes/",
    "easy-read": "easy-read/plans/dorset-ld-autism-2021-24/autism-diagnosis/",
    "easy-read-home": "easy-read/",
}


@pytest.mark.parametrize("width", [1280, 320])
def test_screenshots(browser: Any, base_url: str, artifacts: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    misplaced = []
    saved = []
    try:
        for name, path in SCREENSHOT_PAGES.items():
            page.goto(base_url + path)
            target = artifacts / f"{name}-{width}.png"
            page.screenshot(path=target, full_page=True)
            saved.append(target)
            misplaced += [f"{path}: {point}" for point in points_out_of_order(page)]
    finally:
        context.close()
    SUMMARY.setdefault("screenshots", {})[str(width)] = [f"tests/artifacts/{file.name}" for file in saved]
    assert all(file.stat().st_size > 0 for file in saved)
    assert not misplaced, "easy read points with the picture not on the left:\n" + "\n".join(misplaced)
