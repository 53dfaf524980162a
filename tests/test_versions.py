"""Versions in real builds: the live address, drafts that never go live, addresses and
anchors that never break, what changed, and the plan for machines (JSON, feed, sitemap)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

import jsonschema
from selectolax.lexbor import LexborHTMLParser

from .sitebuild import HERE, ROOT, make_project, planpress_build

MINIMAL = (HERE / "good" / "minimal.yml").read_text()

SECOND = (
    MINIMAL.replace('version: "2021-03"', 'version: "2022-04"')
    .replace("  date: 2021-03-25\n  minute: HWB 12/21", "  date: 2022-04-20\n  minute: HWB 30/22")
    .replace("published: 2021-04-01", "published: 2022-04-25\nchange_summary: The first year is done.")
    .replace("        status: on-track", "        status: complete")
    .replace("          - More people get a health check.", "          - Everyone gets a health check.")
    .replace(
        "        outcomes: [1]\n",
        "        outcomes: [1]\n"
        "      - id: health-passports\n"
        "        title: A health passport for everyone who wants one\n"
        "        year: 2022/23\n",
    )
)
DRAFT = SECOND.replace('version: "2022-04"', 'version: "2023-01"').replace(
    "status: approved", "status: draft"
)
DRAFT = DRAFT.replace(
    "approval:\n  body: Testshire Health and Wellbeing Board\n  date: 2022-04-20\n  minute: HWB 30/22\n", ""
)


def _project(tmp_path: Path, *versions: tuple[str, str]) -> Path:
    project = make_project(tmp_path / "project", sample_plans=False)
    folder = project / "plans" / "minimal-plan"
    folder.mkdir()
    for name, text in versions:
        (folder / f"{name}.yml").write_text(text)
    return project


def _build(project: Path) -> Path:
    result = planpress_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _page(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def _words(tree: LexborHTMLParser, selector: str) -> str:
    node = tree.css_first(selector)
    assert node is not None, selector
    return " ".join(node.text().split())


def _robots(tree: LexborHTMLParser) -> str | None:
    meta = tree.css_first('meta[name="robots"]')
    return meta.attributes.get("content") if meta is not None else None


def test_the_live_address_shows_the_latest_approved_version_and_a_draft_never(tmp_path: Path) -> None:
    site = _build(_project(tmp_path, ("2021-03", MINIMAL), ("2022-04", SECOND), ("2023-01", DRAFT)))
    live = _page(site, "plans/minimal-plan")
    assert "2022-04" in _words(live, ".pp-plan-facts")
    assert _robots(live) is None
    box = _words(live, ".pp-link-box")
    assert "http://127.0.0.1:8000/plans/minimal-plan/" in box
    assert "http://127.0.0.1:8000/plans/minimal-plan/2022-04/" in box
    qr = live.css_first(".pp-link-box img")
    assert qr is not None and (qr.attributes.get("src") or "").startswith("data:image/svg+xml")
    assert "http://127.0.0.1:8000/plans/minimal-plan/2022-04/" in (qr.attributes.get("alt") or "")

    draft = _page(site, "plans/minimal-plan/2023-01")
    assert _robots(draft) == "noindex"
    assert "This is version 2023-01: a draft. It has not replaced the live version of this plan." in _words(
        draft, ".pp-version-notice"
    )
    old = _page(site, "plans/minimal-plan/2021-03/themes/health")
    notice = _words(old, ".pp-version-notice")
    assert "This is the version approved by Testshire Health and Wellbeing Board on 25 March 2021." in notice
    link = old.css_first(".pp-version-notice a")
    assert link is not None and link.attributes.get("href") == "../../../themes/health/"
    assert _robots(old) == "noindex"
    # the live version at its own address says so, and is not in the menu
    own = _page(site, "plans/minimal-plan/2022-04")
    assert "It is the live version now." in _words(own, ".pp-version-notice")
    menu = " ".join(a.attributes.get("href") or "" for a in live.css(".md-nav a"))
    assert "2021-03" not in menu and "2023-01" not in menu


def _anchors(site: Path, folder: str) -> set[str]:
    found = set()
    for file in (site / folder).rglob("index.html"):
        url = file.parent.relative_to(site).as_posix() + "/"
        tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
        article = tree.css_first("article")
        assert article is not None
        found.add(url)
        found.update(f"{url}#{node.attributes.get('id')}" for node in article.css("[id]"))
    return found


def _resolves(site: Path, address: str) -> bool:
    parts = urlsplit(address)
    file = site / unquote(parts.path) / "index.html"
    if not file.is_file():
        return False
    if not parts.fragment:
        return True
    tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
    return tree.css_first(f'[id="{parts.fragment}"]') is not None


def test_addresses_and_anchors_of_a_version_keep_working_after_two_refreshes(tmp_path: Path) -> None:
    project = _project(tmp_path, ("2021-03", MINIMAL))
    site = _build(project)
    before = _anchors(site, "plans/minimal-plan/2021-03")
    assert "plans/minimal-plan/2021-03/themes/health/#commitment-health-checks" in before
    assert _resolves(site, "plans/minimal-plan/#commitment-health-checks") is False  # on the theme page
    live_link = "plans/minimal-plan/themes/health/#commitment-health-checks"
    assert _resolves(site, live_link)

    folder = project / "plans" / "minimal-plan"
    (folder / "2022-04.yml").write_text(SECOND)
    (folder / "2023-01.yml").write_text(DRAFT)
    site = _build(project)
    broken = sorted(a for a in before if not _resolves(site, a))
    assert broken == []
    assert _resolves(site, live_link), "a board paper's link to a commitment of the live plan still lands"
    assert "2022-04" in _words(_page(site, "plans/minimal-plan"), ".pp-plan-facts")


def test_what_changed_lists_exactly_the_differences(tmp_path: Path) -> None:
    site = _build(_project(tmp_path, ("2021-03", MINIMAL), ("2022-04", SECOND)))
    page = _page(site, "plans/minimal-plan/changes")
    article = page.css_first("article")
    assert article is not None
    sections = {
        h3.text(strip=True).rstrip("¶"): [
            " ".join(li.text(separator=" ").split()).replace(" :", ":") for li in h3.next.next.css("li")
        ]
        if h3.next is not None and h3.next.next is not None
        else []
        for h3 in article.css("h3")
    }
    assert list(sections) == ["Commitments added", "Progress", "Commitments changed"]
    assert sections["Commitments added"] == ["A health passport for everyone who wants one"]
    assert sections["Progress"] == ["More annual health checks: On track to Complete"]
    assert sections["Commitments changed"] == [
        "More annual health checks Objectives removed: More people get added: Everyone gets a health check. "
        "Before and after, in full Before: More people get a health check. After: Everyone gets a health check."
    ]
    changed = article.css_first(".pp-word-changes")
    assert changed is not None
    assert [n.text(strip=True) for n in changed.css("del")] == ["removed:More people get"]
    assert [n.text(strip=True) for n in changed.css("ins")] == ["added:Everyone gets"]
    assert "The first year is done." in _words(page, ".pp-change-summary")
    added = article.css_first("h3 + ul a")
    assert added is not None
    assert added.attributes.get("href") == "../2022-04/themes/health/#commitment-health-passports"
    overview = _page(site, "plans/minimal-plan")
    assert overview.css_first('.pp-contents a[href="changes/"]') is not None


def test_every_version_is_json_that_validates_against_the_schema(tmp_path: Path) -> None:
    site = _build(_project(tmp_path, ("2021-03", MINIMAL), ("2022-04", SECOND)))
    schema = json.loads((ROOT / "schema" / "plan.schema.json").read_text())
    for address, version in [
        ("plans/minimal-plan/plan.json", "2022-04"),
        ("plans/minimal-plan/2022-04/plan.json", "2022-04"),
        ("plans/minimal-plan/2021-03/plan.json", "2021-03"),
    ]:
        data = json.loads((site / address).read_text())
        jsonschema.validate(data, schema)
        assert data["version"] == version
        assert data["themes"][0]["commitments"][0]["id"] == "health-checks"


def test_the_feed_and_the_sitemap_list_every_version(tmp_path: Path) -> None:
    site = _build(_project(tmp_path, ("2021-03", MINIMAL), ("2022-04", SECOND), ("2023-01", DRAFT)))
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    links = [e.find(f"{atom}link").attrib["href"] for e in feed.iter(f"{atom}entry")]  # type: ignore[union-attr]
    assert links == [
        "http://127.0.0.1:8000/plans/minimal-plan/2023-01/",
        "http://127.0.0.1:8000/plans/minimal-plan/2022-04/",
        "http://127.0.0.1:8000/plans/minimal-plan/2021-03/",
    ]
    sitemap = (site / "sitemap.xml").read_text()
    for version in ("2021-03", "2022-04", "2023-01"):
        assert f"http://127.0.0.1:8000/plans/minimal-plan/{version}/" in sitemap
