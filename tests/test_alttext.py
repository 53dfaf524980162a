"""Alt text verdicts on a corpus of snippets; the browser suite compares them with axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from planpress.checks.alttext import check_images, judge_alt
from planpress.checks.rules import settings_for

CORPUS: list[dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("alt_corpus.yml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_alt_corpus(case: dict[str, Any]) -> None:
    tree = LexborHTMLParser(f"<main>{case['html']}</main>")
    found = sorted({f.rule for _, f in check_images(tree, settings_for("plain"))})
    assert found == sorted(case["rules"])


def test_corpus_goes_beyond_axe() -> None:
    beyond = [c for c in CORPUS if c["rules"] and not c["axe"]]
    assert len(beyond) >= 6


def test_easy_read_alt_must_describe_the_picture_not_repeat_the_point() -> None:
    [verdict] = judge_alt("We will listen to you", False, "We will listen to you.", settings_for("easy-read"))
    assert verdict.rule == "alt-repeats-text"
    assert "describe what the picture shows" in verdict.message


def test_alt_length_limit_is_configurable() -> None:
    settings = settings_for("plain", {"alt-length": {"max": 10}})
    assert [v.rule for v in judge_alt("A nurse at work", False, "", settings)] == ["alt-length"]
