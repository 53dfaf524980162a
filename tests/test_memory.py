"""What a build holds while it runs: every page is made before an engine reads the first,
so each is kept packed until then, and MkDocs' own copies of a page's Markdown and HTML
are let go as soon as they have been used; most PDFs are made by a helper process that
gives WeasyPrint's memory back as it ends (`bench/` measures what that saves)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser

from planpress.engines.mkdocs.plugin import PlanpressPlugin
from planpress.pages.easyread import Asset
from planpress.pages.pdf import Printer
from planpress.pages.render import Page, PrintDocument
from planpress.plan.source import SourceLocation
from tests.sitebuild import first, in_one_process, minimal_project

TEXT = "# Støttet bolig: £1,250.50 a week\n\n" + "Every line of a plan is kept as written. " * 200


def test_a_page_keeps_its_text_packed_and_gives_it_back_whole() -> None:
    printable = PrintDocument("plans/a/a.pdf", f"<p>{TEXT}</p>", one_page=True)
    page = Page(
        "plans/a/index.md", TEXT, "Støttet bolig", SourceLocation("plans/a.yml", 3, 1), False, printable
    )
    assert page.markdown == TEXT
    assert printable.html == f"<p>{TEXT}</p>"
    assert len(page.packed_markdown) < len(TEXT.encode("utf-8")) / 5
    assert Page.from_kept(page.kept()) == page
    assert page.but(in_nav=True) == Page(page.path, TEXT, page.title, page.source, True, printable)
    asset = Asset("plans/a/plan.json", content=TEXT.encode("utf-8"))
    assert asset.data() == TEXT.encode("utf-8")
    assert asset.packed_content is not None and len(asset.packed_content) < len(TEXT) / 5


def test_a_build_lets_go_of_each_pages_markdown_and_html_once_written(tmp_path: Path) -> None:
    project = minimal_project(tmp_path / "project")
    in_one_process(project)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    build(config)
    plugin = config.plugins["planpress"]
    assert isinstance(plugin, PlanpressPlugin) and plugin.files is not None
    pages = [f.page for f in plugin.files.documentation_pages() if f.page is not None]
    assert len(pages) > 5
    assert plugin.packed_html == {}
    assert all(page.content is None and page.markdown == "" for page in pages)
    # ...and what it wrote is whole: the page's text, its title in the menu and the tab.
    overview = next(
        p for p in pages if p.file.src_uri.endswith("/index.md") and p.file.src_uri.count("/") == 2
    )
    html = LexborHTMLParser((Path(config.site_dir) / overview.file.dest_uri).read_text(encoding="utf-8"))
    assert first(html, "article h1").text(strip=True)
    assert overview.title and overview.title in first(html, "title").text()


def test_a_printer_makes_the_same_pdf_in_its_helper_and_ends_the_helper_after_the_build() -> None:
    html = (
        '<!doctype html><html lang="en"><head><title>Supported living</title></head>'
        f"<body class='pp-pdf'><h1>Supported living</h1><p>{TEXT}</p></body></html>"
    )
    with Printer(in_process=1) as printer:
        here = printer.make(html, one_page=False)
        there = printer.make(html, one_page=False)
        helper = printer.helper
        assert helper is not None and helper.made == 1
        assert helper.process.poll() is None  # it stays up for the next PDF
    assert here.startswith(b"%PDF") and there == here
    assert printer.helper is None and helper.process.returncode == 0


def test_a_helper_takes_over_from_one_that_has_made_its_share() -> None:
    html = '<!doctype html><html lang="en"><head><title>A</title></head><body><p>A plan</p></body></html>'
    with Printer(in_process=0, per_helper=1) as printer:
        first_pdf = printer.make(html, one_page=True)
        first_helper = printer.helper
        assert first_helper is not None
        second_pdf = printer.make(html, one_page=True)
        assert printer.helper is not first_helper and first_helper.process.returncode == 0
    assert first_pdf == second_pdf


def test_a_build_that_stops_kills_its_helper_rather_than_waiting_for_it() -> None:
    html = '<!doctype html><html lang="en"><head><title>A</title></head><body><p>A plan</p></body></html>'
    with pytest.raises(KeyboardInterrupt), Printer(in_process=0) as printer:
        printer.make(html, one_page=False)
        helper = printer.helper
        raise KeyboardInterrupt
    assert helper is not None and helper.process.returncode == -signal.SIGKILL
