"""Board summaries and PDFs in a real `planpress build`: the summary page of every version,
its board paper cover sheet, and the PDFs of summaries and easy read versions read back."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser

from planpress.cli import cli

from .sitebuild import EASY_READ_EXTRAS, HERE, make_project, planpress_build

MINIMAL = (HERE / "good" / "minimal.yml").read_text()
KITCHEN_SINK = HERE / "site-plans" / "kitchen-sink.yml"
SECOND = (
    MINIMAL.replace('version: "2021-03"', 'version: "2022-04"')
    .replace("  date: 2021-03-25\n  minute: HWB 12/21", "  date: 2022-04-20\n  minute: HWB 30/22")
    .replace("        status: on-track", "        status: complete")
    .replace(
        "        outcomes: [1]\n",
        "        outcomes: [1]\n"
        "      - id: health-passports\n"
        "        title: A health passport for everyone who wants one\n"
        "        year: 2022/23\n",
    )
    .replace(
        "published: 2021-04-01\n",
        "board_papers:\n"
        "  meeting: Testshire Health and Wellbeing Board\n"
        "  date: 2022-04-20\n"
        "  author: Sam Jones, Programme lead\n"
        "  purpose: The refreshed plan <script>alert('purpose')</script> for **approval**.\n"
        "  recommendations:\n"
        "    - Note the progress made in 2021/22.\n"
        "    - Approve version 2022-04.\n"
        "  decisions_sought:\n"
        "    - To approve version 2022-04 as the live plan.\n"
        "published: 2022-04-25\n",
    )
)


@dataclass(frozen=True)
class Site:
    root: Path

    def html(self, url: str) -> LexborHTMLParser:
        return LexborHTMLParser((self.root / url / "index.html").read_text(encoding="utf-8"))

    def words(self, url: str, selector: str) -> str:
        node = self.html(url).css_first(selector)
        assert node is not None, f"{url}: {selector}"
        return " ".join(node.text(separator=" ").split())

    def pdf(self, path: str) -> PdfReader:
        return PdfReader(BytesIO((self.root / path).read_bytes()))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = make_project(
        tmp_path_factory.mktemp("board") / "project",
        [KITCHEN_SINK],
        sample_plans=False,
        extra_easyread=EASY_READ_EXTRAS,
    )
    folder = project / "plans" / "minimal-plan"
    folder.mkdir()
    (folder / "2021-03.yml").write_text(MINIMAL)
    (folder / "2022-04.yml").write_text(SECOND)
    result = planpress_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(project / "site")


def pages_text(reader: PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


# --- the board summary page -----------------------------------------------------------------


def test_every_version_has_a_board_summary_at_the_live_and_its_own_address(site: Site) -> None:
    for url in [
        "plans/minimal-plan/board-summary",
        "plans/minimal-plan/2022-04/board-summary",
        "plans/minimal-plan/2021-03/board-summary",
        "plans/kitchen-sink/board-summary",
        "plans/kitchen-sink/1.2/board-summary",
    ]:
        assert site.words(url, "h1").startswith("Board summary: "), url
    overview = site.html("plans/minimal-plan").css_first('.pp-contents a[href="board-summary/"]')
    assert overview is not None and overview.text() == "Board summary"


def test_the_board_paper_cover_sheet_heads_the_summary(site: Site) -> None:
    papers = site.words("plans/minimal-plan/board-summary", ".pp-board__papers")
    assert "Meeting Testshire Health and Wellbeing Board, 20 April 2022" in papers
    assert "Author Sam Jones, Programme lead" in papers
    assert "Purpose The refreshed plan for approval" in papers
    assert "Recommendations Note the progress made in 2021/22. Approve version 2022-04." in papers
    assert "Decisions sought To approve version 2022-04 as the live plan." in papers
    html = (site.root / "plans/minimal-plan/board-summary/index.html").read_text()
    assert "<script>alert" not in html and "<strong>approval</strong>" in html
    # The earlier version had no board paper: its summary has none.
    assert site.html("plans/minimal-plan/2021-03/board-summary").css_first(".pp-board__papers") is None


def _table(site: Site, url: str, caption: str) -> list[list[str]]:
    tree = site.html(url)
    for table in tree.css("table.pp-board__table"):
        found = table.css_first("caption")
        if found is not None and found.text().startswith(caption):
            return [
                [" ".join(c.text(separator=" ").split()) for c in row.css("th, td")]
                for row in table.css("tr")
            ]
    raise AssertionError(f"no table {caption!r} on {url}")


def test_commitments_are_counted_by_stated_progress_and_theme(site: Site) -> None:
    rows = _table(site, "plans/minimal-plan/board-summary", "Commitments by theme")
    assert rows == [
        ["Theme", "Complete", "Progress not stated", "All"],
        ["Better health", "1", "1", "2"],
        ["All themes", "1", "1", "2"],
    ]
    sink = _table(site, "plans/kitchen-sink/board-summary", "Commitments by theme")
    assert sink[0] == ["Theme", "Complete", "On track", "At risk", "Off track", "Progress not stated", "All"]
    assert sink[-1] == ["All themes", "1", "2", "1", "1", "1", "6"]


def test_what_changed_since_the_last_approved_version(site: Site) -> None:
    changes = site.words("plans/minimal-plan/board-summary", ".pp-board__changes")
    assert (
        "Compared with version 2021-03, approved by Testshire Health and Wellbeing Board on 25 March 2021."
        in (changes)
    )
    assert "Commitments added: 1 A health passport for everyone who wants one" in changes
    assert "Progress: 1 More annual health checks: On track to Complete" in changes
    first = site.words("plans/minimal-plan/2021-03/board-summary", ".pp-board__changes")
    assert first == "What changed This is the first version of this plan."


def test_red_and_amber_risks_and_measures_against_their_targets(site: Site) -> None:
    risks = site.words("plans/kitchen-sink/board-summary", ".pp-board__risks")
    assert "Amber Risk 1: Not enough staff. Owner: Sam Jones." in risks
    assert "Not enough money" not in risks  # rated green
    measures = _table(site, "plans/kitchen-sink/board-summary", "The latest actual figure")
    assert measures[1:] == [
        ["AHC each month", "Oct 2021", "130 health checks", "0 health checks", "Worse than the target"],
        ["Share of people having an AHC", "2021/22", "70%", "17.98%", "Worse than the target"],
    ]
    assert site.words("plans/minimal-plan/board-summary", ".pp-board__risks").endswith(
        "The plan lists no risks."
    )


def test_the_summary_gives_its_live_and_version_addresses_with_a_qr_code(site: Site) -> None:
    box = site.words("plans/minimal-plan/2021-03/board-summary", ".pp-link-box")
    assert "http://127.0.0.1:8000/plans/minimal-plan/board-summary/" in box
    assert "http://127.0.0.1:8000/plans/minimal-plan/2021-03/board-summary/" in box
    qr = site.html("plans/minimal-plan/2021-03/board-summary").css_first(".pp-link-box img")
    assert qr is not None and (qr.attributes.get("src") or "").startswith("data:image/svg+xml")


# --- the PDFs -----------------------------------------------------------------------------


def _link(site: Site, url: str, selector: str) -> Path:
    node = site.html(url).css_first(selector)
    assert node is not None, selector
    return (site.root / url / (node.attributes.get("href") or "")).resolve()


def test_each_board_summary_is_a_tagged_one_page_pdf_linked_from_its_page(site: Site) -> None:
    for url, version in [
        ("plans/minimal-plan/board-summary", "2022-04"),
        ("plans/minimal-plan/2021-03/board-summary", "2021-03"),
    ]:
        target = _link(site, url, ".pp-board__pdf a")
        assert target.suffix == ".pdf" and target.is_file(), url
        reader = PdfReader(target)
        assert len(reader.pages) == 1
        assert reader.metadata is not None
        assert reader.metadata.title == f"Board summary: A minimal plan for tests, version {version}"
        root: Any = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        (text,) = pages_text(reader)
        # The page's text, then its margins: the plan's name at the top, the page number.
        assert text.startswith("Board summary: A minimal plan for tests")
        assert text.endswith("A minimal plan for tests Page 1 of 1")
        assert f"This version ({version}), which never changes" in text
    text = pages_text(site.pdf("plans/minimal-plan/minimal-plan-board-summary.pdf"))[0]
    assert "Meeting Testshire Health and Wellbeing Board, 20 April 2022" in text
    assert "Recommendations Note the progress made in 2021/22. Approve version 2022-04." in text


def _easy_read(site: Site) -> tuple[dict[str, Any], PdfReader, Path]:
    source = yaml.safe_load(EASY_READ_EXTRAS[0].read_text())
    target = _link(site, "easy-read/plans/minimal-plan", ".pp-er-print a")
    return source, PdfReader(target), target


def test_the_easy_read_pdf_has_every_point_and_the_name_and_page_number_on_every_page(site: Site) -> None:
    source, reader, target = _easy_read(site)
    assert target == (site.root / "easy-read/plans/minimal-plan/minimal-plan-easy-read.pdf")
    assert reader.metadata is not None and reader.metadata.title == f"{source['title']}: easy read"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"  # type: ignore[index]
    pages = pages_text(reader)
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"{source['title']} Page {number} of {len(pages)}"), number
    whole = " ".join(pages)
    points = [p for page in source["pages"] for p in page["points"]] + source["who_to_contact"]
    for point in points:
        assert point["text"].replace("**", "") in whole
    # Every point of every page of the site, with its picture (a tagged figure with its alt text).
    shown = [
        (" ".join(p.css_first(".pp-point__text").text().split()), str(p.css_first("img").attributes["alt"]))  # type: ignore[union-attr]
        for html in sorted((site.root / "easy-read/plans/minimal-plan").rglob("index.html"))
        for p in LexborHTMLParser(html.read_text()).css(".pp-point")
    ]
    assert len(shown) > len(points)  # with "What is new", which planpress words itself
    for text, _ in shown:
        assert text in whole
    assert sorted(_figures(reader)) == sorted(alt for _, alt in shown)


def _figures(reader: PdfReader) -> list[str]:
    """The alt text of every figure of a tagged PDF, in reading order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])  # type: ignore[index]
    return found


def test_easy_read_pdf_text_is_16pt_or_more_and_hard_words_are_explained_where_they_are(site: Site) -> None:
    _, reader, _ = _easy_read(site)
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            sizes.append(size * abs(tm[3]) * abs(cm[3]))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 16 - 0.01, min(sizes)
    words = {
        w["word"]: w["meaning"]
        for w in yaml.safe_load((HERE.parent / "easyread/words.yml").read_text())["words"]
    }
    pages = pages_text(reader)
    page_of = next(i for i, text in enumerate(pages) if "We want more people to have a health check." in text)
    meaning = " ".join(words["health check"].split())
    assert f"health check {meaning}" in pages[page_of]


@pytest.mark.parametrize(
    ("site_name", "pdf"),
    [
        ("standard", "plans/minimal-plan/minimal-plan-board-summary.pdf"),
        ("easy-read", "plans/minimal-plan/minimal-plan-easy-read.pdf"),
    ],
)
def test_an_engine_without_hooks_gets_the_same_pdfs(
    site: Site, tmp_path: Path, site_name: str, pdf: str
) -> None:
    """`planpress write-pages` (for Zensical) writes the PDFs MkDocs' build publishes."""
    project = site.root.parent
    args = ["write-pages", str(tmp_path), "--site", site_name, "--root", str(project)]
    result = CliRunner().invoke(cli, [*args, "--site-url", "http://127.0.0.1:8000/"])
    assert result.exit_code == 0, result.output
    built = site.root / ("easy-read/" + pdf if site_name == "easy-read" else pdf)
    assert pages_text(PdfReader(tmp_path / pdf)) == pages_text(PdfReader(built))
