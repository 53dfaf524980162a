"""The easy read versions of the sample plans, built for real with both sites."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from planpress.easyread.sources import EasyReadLibrary, load_library

from .conftest import SampleSite
from .sitebuild import ROOT, first

SAMPLES_WITH_EASY_READ = [
    "dorset-ld-autism-2021-24",
    "llr-transforming-care-2021-24",
    "northamptonshire-ld-commissioning-2019-20",
]


@dataclass(frozen=True)
class Built:
    site: Path
    log: str

    def pages(self, folder: str) -> list[Path]:
        return sorted((self.site / folder).rglob("index.html"))

    def article(self, page: Path) -> LexborNode:
        found = LexborHTMLParser(page.read_text(encoding="utf-8")).css_first("article")
        assert found is not None, page
        return found


@pytest.fixture(scope="module")
def built(sample_site: SampleSite) -> Built:
    return Built(sample_site.site, sample_site.output)


@pytest.fixture(scope="module")
def library() -> EasyReadLibrary:
    return load_library(ROOT / "easyread", ROOT)


def easy_read_pages(built: Built) -> list[Path]:
    pages = [p for slug in SAMPLES_WITH_EASY_READ for p in built.pages(f"easy-read/plans/{slug}")]
    assert len(pages) >= 3 * 8
    return pages


def target_of(page: Path, link: LexborNode) -> Path:
    """The page a relative link on `page` lands on (directory URLs: its index.html)."""
    href = unquote((link.attributes.get("href") or "").split("#")[0])
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() or not target.suffix else target


def test_every_point_of_every_sample_has_a_picture_with_alt_text_beside_it(built: Built) -> None:
    points = 0
    for page in easy_read_pages(built):
        for point in built.article(page).css(".pp-point"):
            points += 1
            picture = point.child
            while picture is not None and picture.tag == "-text":
                picture = picture.next
            assert picture is not None and picture.tag == "img", (
                f"{page}: no picture first: {point.text()[:60]}"
            )
            assert (picture.attributes.get("alt") or "").strip(), f"{page}: a picture without alt text"
            assert target_of(page, picture).is_file(), f"{page}: {picture.attributes.get('src')} is missing"
            assert (point.css_first(".pp-point__text") or point).text().strip(), (
                f"{page}: a point without words"
            )
    assert points >= 150  # 53 + 52 + 53 points, and the closing pages' points


OLDER_VERSIONS = {"dorset-ld-autism-2021-24": "2021-03"}
"""Versions that are not live: the easy read version explains the live one only."""


def test_every_sample_page_links_to_the_other_version_and_the_link_lands(built: Built) -> None:
    for slug in SAMPLES_WITH_EASY_READ:
        standard = built.pages(f"plans/{slug}")
        older = OLDER_VERSIONS.get(slug)
        if older is not None:
            old_pages = built.pages(f"plans/{slug}/{older}")
            assert old_pages and all(
                built.article(p).css_first(".pp-other-version") is None for p in old_pages
            )
            standard = [p for p in standard if p not in old_pages]
        assert standard, slug
        for page in [*standard, *built.pages(f"easy-read/plans/{slug}")]:
            link = built.article(page).css_first(".pp-other-version a")
            assert link is not None, f"{page} has no link to the other version"
            target = target_of(page, link)
            assert target.is_file(), f"{page}: '{link.attributes.get('href')}' leads nowhere"
            in_easy_read = "easy-read" in page.relative_to(built.site).parts[:1]
            assert ("easy-read" in target.relative_to(built.site).parts[:1]) != in_easy_read


def test_every_bold_word_is_explained_on_its_page(built: Built, library: EasyReadLibrary) -> None:
    bold_words = 0
    for page in easy_read_pages(built):
        article = built.article(page)
        explained = {
            dt.text(strip=True).casefold() for dt in article.css(".pp-er-words-box dt, .pp-er-words dt")
        }
        for strong in article.css(".pp-point strong"):
            bold_words += 1
            word = library.word(strong.text(strip=True))
            assert word is not None, f"{page}: '{strong.text()}' is not in the word bank"
            assert word.word.casefold() in explained, f"{page}: '{strong.text()}' is not explained there"
    assert bold_words >= 60


def test_the_samples_say_nobody_has_checked_them_yet(built: Built) -> None:
    for slug in SAMPLES_WITH_EASY_READ:
        front = built.article(built.site / "easy-read" / "plans" / slug / "index.html")
        text = " ".join(front.text().split())
        assert "People with a learning disability have not checked this easy read version yet." in text
        assert f"easyread/{slug}.yml" in built.log  # the build's checking-record warning


def test_what_is_new_says_how_the_dorset_plan_changed_and_links_to_what_changed(built: Built) -> None:
    page = built.site / "easy-read/plans/dorset-ld-autism-2021-24/what-is-new/index.html"
    points = [" ".join(p.text().split()) for p in built.article(page).css(".pp-point")]
    assert points[:4] == [
        "This plan changed in April 2022.",
        "We added 1 new thing to the plan.",
        "We finished 3 things.",
        "We stopped 1 thing.",
    ]
    assert len(points) == 4 + 6  # and the author's own points
    link = first(built.article(page), ".pp-other-version a")
    changes = built.site / "plans/dorset-ld-autism-2021-24/changes/index.html"
    assert target_of(page, link) == changes.resolve()
    assert target_of(changes, first(built.article(changes), ".pp-other-version a")) == page.resolve()
    front = built.article(built.site / "easy-read/plans/dorset-ld-autism-2021-24/index.html")
    assert "What is new in this plan" in [a.text() for a in front.css(".pp-er-contents a")]


def test_easy_read_promises_link_to_the_principles_they_explain(built: Built) -> None:
    slug = "northamptonshire-ld-commissioning-2019-20"
    health = built.site / f"easy-read/plans/{slug}/promises-your-health/index.html"
    link = first(built.article(health), ".pp-other-version a")
    assert (link.attributes.get("href") or "").endswith("/principles/#principle-8")
    principles = target_of(health, link)
    assert built.article(principles).css_first("#principle-8") is not None
    back = target_of(principles, first(built.article(principles), ".pp-other-version a"))
    assert back == (built.site / f"easy-read/plans/{slug}/promises-your-rights/index.html").resolve()


def test_the_samples_pictures_fit_their_points_and_each_stands_for_one_idea(built: Built) -> None:
    """The build of the samples gives no picture finding: every picture shows its point."""
    assert "[picture-fit]" not in built.log
    assert "[picture-reuse]" not in built.log


def test_dorset_says_the_plans_own_hospital_numbers(built: Built) -> None:
    """7 adults (local NHS), 8 adults (NHS England) and 1 child: the plan's 2023/24 targets."""
    page = built.site / "easy-read/plans/dorset-ld-autism-2021-24/what-is-new/index.html"
    text = " ".join(built.article(page).text(separator=" ").split())
    assert "at most 7 adults in hospitals the local NHS pays for" in text
    assert "no more than 8 adults in hospitals that NHS England pays for" in text
    assert "no more than 1 child in hospital" in text
    assert "7 people or fewer" not in text
