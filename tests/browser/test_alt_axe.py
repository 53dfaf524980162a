"""planpress's alt text verdicts agree with axe-core where axe has a rule, on the same HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from .harness import AXE

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "alt_corpus.yml").read_text(encoding="utf-8")
)
AXE_IMAGE_RULES = ["image-alt", "image-redundant-alt", "role-img-alt", "svg-img-alt"]


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_axe_verdict_matches_corpus(page: Any, case: dict[str, Any]) -> None:
    page.set_content(f"<!doctype html><html lang='en'><title>t</title><main>{case['html']}</main></html>")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})", AXE_IMAGE_RULES
    )
    failing = sorted(v["id"] for v in result["violations"])
    assert failing == sorted(case["axe"])
    if failing:
        assert case["rules"], "planpress must flag everything axe flags"
