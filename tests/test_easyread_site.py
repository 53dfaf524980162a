"""The easy read site, built for real with plain MkDocs beside the standard site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .sitebuild import first, minimal_project, mkdocs_build


@dataclass(frozen=True)
class Sites:
    project: Path
    site: Path

    def html(self, url: str) -> LexborHTMLParser:
        return LexborHTMLParser((self.site / url / "index.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    project = minimal_project(tmp_path_factory.mktemp("easy") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return Sites(project, project / "site")


def article(tree: LexborHTMLParser) -> LexborNode:
    found = tree.css_first("article")
    assert found is not None
    return found


def words(node: LexborNode | None) -> str:
    assert node is not None
    return " ".join(node.text().split())


def test_the_easy_read_site_is_published_inside_the_standard_one_with_its_own_search(sites: Sites) -> None:
    assert (sites.site / "easy-read" / "index.html").is_file()
    assert (sites.site / "easy-read" / "search" / "search_index.json").is_file()
    assert (sites.site / "search" / "search_index.json").is_file()
    index = (sites.site / "easy-read" / "search" / "search_index.json").read_text()
    assert "Your doctor will write to you" in index
    assert "Your doctor will write to you" not in (sites.site / "search" / "search_index.json").read_text()


def test_front_page_says_what_it_is_who_wrote_it_and_that_nobody_checked_it(sites: Sites) -> None:
    front = article(sites.html("easy-read/plans/minimal-plan"))
    text = words(front)
    assert "This is an easy read version of the plan: A minimal plan for tests." in text
    assert "It was written by The test team." in text
    assert "People with a learning disability have not checked this easy read version yet." in text
    contents = [a.text(strip=True) for a in front.css(".pp-er-contents a")]
    assert contents == ["Better health", "Find out more"]


def test_each_point_is_a_row_with_its_picture_first(sites: Sites) -> None:
    page = article(sites.html("easy-read/plans/minimal-plan/health"))
    points = page.css(".pp-point")
    assert len(points) == 2
    for point in points:
        children = [c for c in point.iter() if c.tag != "-text"]
        assert children[0].tag == "img" and "pp-point__picture" in (children[0].attributes.get("class") or "")
        assert children[1].attributes.get("class") == "pp-point__text"
        src = children[0].attributes.get("src") or ""
        assert (sites.site / "easy-read" / "plans" / "minimal-plan" / "health" / src).resolve().is_file()
    assert first(points[0], "img").attributes.get("alt") == "A health worker with a medical symbol"
    assert (points[0].attributes.get("data-pp-source") or "").startswith("easyread/minimal-plan.yml:")


def test_hard_words_are_bold_and_explained_on_the_same_page(sites: Sites) -> None:
    page = article(sites.html("easy-read/plans/minimal-plan/health"))
    assert [s.text() for s in page.css(".pp-point strong")] == ["health check"]
    box = page.css_first(".pp-er-words-box")
    assert words(first(box, "h2")) == "Hard words on this page"
    assert words(first(box, "dt")) == "health check"
    assert "meeting with your doctor or nurse once a year" in words(first(box, "dd"))
    last = article(sites.html("easy-read/plans/minimal-plan/find-out-more"))
    assert words(last.css_first("#hard-words")).startswith("Hard words in this document")
    assert "Phone Sam on 01234 567890." in words(last)
    contact = last.css_first(".pp-er-contact")
    assert words(contact).startswith("Sam Jones, Programme lead")
    assert first(contact, "a").attributes["href"] == "mailto:sam.jones@example.org"


def test_the_two_versions_link_to_each_other_page_by_page(sites: Sites) -> None:
    def other(url: str) -> Path:
        link = article(sites.html(url)).css_first(".pp-other-version a")
        assert link is not None
        target = (sites.site / url / (link.attributes.get("href") or "")).resolve()
        return target.relative_to(sites.site.resolve())

    assert other("plans/minimal-plan") == Path("easy-read/plans/minimal-plan")
    assert other("plans/minimal-plan/themes/health") == Path("easy-read/plans/minimal-plan/health")
    assert other("plans/minimal-plan/principles") == Path("easy-read/plans/minimal-plan")
    assert other("easy-read/plans/minimal-plan") == Path("plans/minimal-plan")
    assert other("easy-read/plans/minimal-plan/health") == Path("plans/minimal-plan/themes/health")
    link = first(article(sites.html("plans/minimal-plan/themes/health")), ".pp-other-version a")
    assert link.text() == "Go to the easy read version"


def test_pictures_are_credited(sites: Sites) -> None:
    page = article(sites.html("easy-read/pictures"))
    assert "CC BY-SA 4.0" in words(page)
    rows = page.css("tbody tr")
    assert len(rows) >= 70
    assert all(first(r, "img").attributes.get("alt") == "" for r in rows)
    assert all("OpenMoji" in words(r) for r in rows)


def test_easy_read_pages_use_the_easy_read_stylesheet_and_hide_the_table_of_contents(sites: Sites) -> None:
    tree = sites.html("easy-read/plans/minimal-plan/health")
    sheets = [link.attributes.get("href") or "" for link in tree.css('link[rel="stylesheet"]')]
    assert any(s.endswith("assets/planpress/easy-read.css") for s in sheets)
    standard = sites.html("plans/minimal-plan")
    assert not any(
        (link.attributes.get("href") or "").endswith("easy-read.css")
        for link in standard.css('link[rel="stylesheet"]')
    )
    secondary = tree.css_first(".md-sidebar--secondary")
    assert secondary is not None and "hidden" in secondary.attributes


def test_the_pictures_page_lists_pictures_by_meaning_outside_the_readers_menu(sites: Sites) -> None:
    """Authors find a picture by what it means; readers' menu keeps to the plans."""
    tree = sites.html("easy-read/pictures")
    page = article(tree)
    meanings = {" ".join(li.text().split()) for li in page.css("ul.pp-picture-meanings li")}
    assert "key worker: named-worker" in meanings
    key = page.css_first("tr#picture-key")
    assert key is not None and "key worker" in words(key.css("td")[2])  # do not use it for
    link = page.css_first('ul.pp-picture-meanings a[href="#picture-named-worker"]')
    assert link is not None
    menu = tree.css_first("nav.md-nav--primary")
    assert menu is not None and "Pictures" not in words(menu)
    home = article(sites.html("easy-read"))
    assert any(a.attributes.get("href") == "pictures/" for a in home.css("a"))
