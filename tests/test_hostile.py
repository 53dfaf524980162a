"""Hostile text in every free-text field: nothing it holds runs in a reader's browser.

A copy of the project (the samples, the kitchen-sink plan and every easy read source)
gets a payload in every string the loader accepts one in (`tests/hostile.py`), is built
with the checks off, and every `.html`, `.xml` and `.json` file of both sites is read
with real parsers for anything a payload made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from .hostile import PAYLOAD, Poisoned, poison_project, scan_site
from .sitebuild import SAMPLE_EXTRAS, make_project, planpress_build


@dataclass(frozen=True)
class HostileSite:
    project: Path
    site: Path
    poisoned: Poisoned
    output: str


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", SAMPLE_EXTRAS[:1])
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("checks: true", "checks: false"))
    files = sorted(
        f
        for folder in ("plans", "easyread")
        for f in (project / folder).rglob("*.yml")
        if "files" not in f.parts
    )
    poisoned = poison_project(project, files)
    result = planpress_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return HostileSite(project, project / "site", poisoned, result.stdout + result.stderr)


def test_every_kind_of_text_field_is_poisoned(hostile: HostileSite) -> None:
    fields = hostile.poisoned.fields
    assert hostile.poisoned.count >= 400, fields
    dorset = fields["plans/dorset-ld-autism-2021-24/2022-04.yml"]
    for expected in ("title", "short_title", "summary", "themes[0].title", "themes[0].commitments[0].title"):
        assert expected in dorset
    sink = fields["plans/kitchen-sink.yml"]
    for expected in ("approval.url", "lead_contact.email", "lead_contact.phone", "tables[0].rows[0][0]"):
        assert expected in sink, sorted(sink)
    easy = fields["easyread/dorset-ld-autism-2021-24.yml"]
    assert "title" in easy
    assert any(path.endswith(".text") for path in easy)
    assert any(".alt" in path for path in fields["easyread/pictures.yml"])
    assert any(".meaning" in path for path in fields["easyread/words.yml"])


def test_no_payload_makes_an_element_attribute_or_address(hostile: HostileSite) -> None:
    findings, counts = scan_site(hostile.site)
    assert counts["html"] > 100 and counts["xml"] >= 2 and counts["json"] >= 5, counts
    assert findings == []


def test_hostile_titles_show_as_text_in_the_menu_and_the_page_title(hostile: HostileSite) -> None:
    page = LexborHTMLParser(
        (hostile.site / "plans" / "dorset-ld-autism-2021-24" / "index.html").read_text(encoding="utf-8")
    )
    title = page.css_first("title")
    assert title is not None and "Hostile <script>alert(1)</script>" in title.text()
    menu = [a.text(deep=True) for a in page.css("nav.md-nav--primary a")]
    assert any("Hostile <script>alert(1)</script>" in text for text in menu), menu
    description = page.css_first('meta[name="description"]')
    assert description is not None
    assert "<script>alert(1)</script>" in (description.attributes.get("content") or "")
    easy = LexborHTMLParser(
        (hostile.site / "easy-read" / "plans" / "dorset-ld-autism-2021-24" / "index.html").read_text(
            encoding="utf-8"
        )
    )
    heading = easy.css_first("h1")
    assert heading is not None and PAYLOAD.split(" <svg")[0] in heading.text()
