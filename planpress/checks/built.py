"""The checks of a site's pages, run over what an engine built, whichever engine it was.

MkDocs hands each page's HTML to a hook as it builds it; an engine that runs no hooks
(Zensical) is checked afterwards, here, over the files it wrote. Either way each page's
content goes through `SiteGate.check_page`, so both engines get the same rules and the
same file:line messages (`data-pp-source` in the HTML maps it back to the YAML).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from planpress.checks.gate import SiteGate, markdown_source
from planpress.pages.render import Page
from planpress.pages.views import page_url

CONTENT = "article.md-content__inner"
"""Where Material-like themes (MkDocs Material, Zensical) put a page's own content."""


def built_file(site_dir: Path, url: str) -> Path:
    """The HTML file an engine wrote for a page's URL (directory URLs: `url/index.html`)."""
    return site_dir / url if url.endswith(".html") else site_dir / url / "index.html"


def page_content(html: str) -> str:
    """A built page's own content, without the theme's menu, header and footer."""
    tree = LexborHTMLParser(html)
    article = tree.css_first(CONTENT)
    return article.inner_html if article is not None and article.inner_html else ""


def check_built_site(
    gate: SiteGate,
    site_dir: Path,
    pages: Sequence[Page],
    docs_dir: Path,
    hand_written: Sequence[str],
    root: Path,
    directory_urls: bool = True,
) -> None:
    """Check every generated page and every hand-written page (`hand_written`: their paths
    inside `docs_dir`) that the engine built into `site_dir`."""
    for page in pages:
        url = page_url(page.path, directory_urls)
        file = built_file(site_dir, url)
        if file.is_file():
            gate.check_page(page_content(file.read_text(encoding="utf-8")), url, page.title, page.source)
    for path in hand_written:
        url = page_url(path, directory_urls)
        file = built_file(site_dir, url)
        if not file.is_file():
            continue
        markdown = (docs_dir / path).read_text(encoding="utf-8")
        html = file.read_text(encoding="utf-8")
        title_node = LexborHTMLParser(html).css_first(f"{CONTENT} h1")
        title = title_node.text(deep=True).strip() if title_node is not None else path
        gate.check_page(page_content(html), url, title, markdown_source(docs_dir, path, root), markdown)
