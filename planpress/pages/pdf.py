"""PDFs of planpress's own printable HTML (`render.PrintDocument`), made with WeasyPrint.

Made from planpress's HTML, not from an engine's output, so that MkDocs' build and a
folder written for another engine carry the same PDF. Each PDF is tagged (PDF/UA-1, as far
as WeasyPrint goes) and has the document's title and language, for screen readers. The
PDF of an unchanged document is made once and kept in the project's cache (`pdf_of`).
"""

from __future__ import annotations

import functools
import logging
import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from planpress.cache import Cache, file_digest, key

if TYPE_CHECKING:
    import weasyprint

PRINT_CSS = "print.css"

# WeasyPrint reports each CSS rule it does not know on its own logger, per document.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@functools.cache
def _stylesheet() -> weasyprint.CSS:
    import weasyprint

    return weasyprint.CSS(string=(files("planpress.pages") / "assets" / PRINT_CSS).read_text("utf-8"))


ONE_PAGE_SIZES = (9.0, 8.5, 8.0, 7.5)
"""Text sizes (pt) a one-page document is tried at, largest first; 7.5pt is the least."""


_FILE_URL = re.compile(r"""file://[^"'\s<>)]+""")


def pdf_of(html: str, one_page: bool, cache: Cache) -> Path | bytes:
    """`make_pdf`, from the cache when the same HTML (and every picture it reads, by
    content) was made into a PDF before: the cache's file, so that a build copies it
    rather than holding every PDF in memory (the PDF itself only when nothing is cached)."""
    pictures = sorted({Path(unquote(urlsplit(url).path)) for url in _FILE_URL.findall(html)})
    name = key("pdf", html, str(one_page), file_digest(pictures))
    kept = cache.path("pdf", name)
    if kept is not None:
        return kept
    made = make_pdf(html, one_page)
    return cache.put("pdf", name, made) or made


def make_pdf(html: str, one_page: bool = False) -> bytes:
    """The PDF of one printable document; `one_page`: at the largest text size that fits
    one page (or the smallest). Only pictures on disk and `data:` addresses are read: a
    build never goes out to the web for a PDF.

    WeasyPrint is imported here, when a PDF is made: it takes about 40 MiB, which a build
    whose PDFs are all in the cache does not need."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    options: dict[str, Any] = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
    sizes = ONE_PAGE_SIZES if one_page else (None,)
    for size in sizes:
        sheets = [_stylesheet()]
        if size is not None:
            sheets.append(weasyprint.CSS(string=f"body.pp-pdf {{ font-size: {size}pt }}"))
        rendered = document.render(stylesheets=sheets, **options)
        if len(rendered.pages) == 1 or size == sizes[-1]:
            break
    pdf: bytes = rendered.write_pdf(**options)
    return pdf
